"""The library (graph/, ingest/, queries/) never imports the shell (geokg/cli/), and every folder that
ships files is a declared package (so pip install prints no setuptools warnings)."""
from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIBRARY = ("graph", "ingest", "queries")


def test_no_library_module_imports_the_cli():
    offenders = []
    for folder in LIBRARY:
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                    [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
                offenders += [f"{path.relative_to(ROOT)}: {n}" for n in names
                              if n == "geokg.cli" or n.startswith(("geokg.cli.", "geokg.cmd_"))]
    assert offenders == []


def test_importing_the_library_loads_no_cli_module():
    code = ("import sys, geokg.graph.build, geokg.graph.store, geokg.ingest.pipeline, geokg.ingest.parallel, "
            "geokg.queries.runner, geokg.graph.neo4j_writer, geokg.graph.validate\n"
            "print(sorted(m for m in sys.modules if m.startswith('geokg.cli')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert out.stdout.strip() == "[]"


def test_every_shipped_folder_is_a_declared_package():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    packages, dirs = set(config["packages"]), config["package-dir"]
    for package, folder in dirs.items():
        for sub in (ROOT / folder).rglob("*"):
            if sub.is_dir() and "__pycache__" not in sub.parts and any(f.is_file() for f in sub.iterdir()):
                name = package + "." + ".".join(sub.relative_to(ROOT / folder).parts)
                assert name in packages, f"{sub.relative_to(ROOT)} ships files but {name} is not in packages"
    assert "geokg.cli" in packages
