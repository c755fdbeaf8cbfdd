"""Check a graph against ``graph/shapes.ttl`` with pySHACL; violations in plain words.

>>> report = validate_store(store)              # doctest: +SKIP
>>> print(report.text())                        # doctest: +SKIP
statement gks:1f3a... has no evidence (gk:evidence)
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from pyshacl import validate as shacl_validate
from rdflib import RDF, SH, Dataset, Graph, URIRef

from geokg.graph.namespace import GK, PREFIXES
from geokg.graph.ontology import SHAPES_TTL, load_ontology
from geokg.graph.store import EmbeddedStore
from geokg.settings import UserError

_KINDS = {GK.Statement: "statement", GK.Evidence: "evidence", GK.Article: "article", GK.Event: "event"}
_ACTOR_KINDS = {GK.Actor, GK.Country, GK.Person, GK.Organization, GK.Group, GK.Location}
_FILE_FORMATS = {".ttl": "turtle", ".nt": "nt", ".nq": "nquads", ".trig": "trig", ".jsonld": "json-ld",
                 ".json": "json-ld", ".rdf": "xml", ".xml": "xml"}
_DATASET_FORMATS = {"nquads", "trig", "json-ld"}


@dataclass(frozen=True)
class Violation:
    """One way the graph breaks the shapes: ``statement gks:abc has no evidence``."""

    kind: str  # statement | evidence | actor | article | node
    node: str  # the offending node, prefixed where a prefix fits (gks:abc)
    message: str

    def __str__(self) -> str:
        return f"{self.kind} {self.node} {self.message}"


@dataclass
class ValidationReport:
    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    checked_triples: int = 0

    def text(self) -> str:
        if self.conforms:
            return f"valid: {self.checked_triples} triples conform to graph/shapes.ttl"
        return "\n".join(str(v) for v in self.violations)


def _short(node: object) -> str:
    text = str(node)
    for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if text.startswith(ns):
            return f"{prefix}:{text[len(ns):]}"
    return f"<{text}>" if isinstance(node, URIRef) else text


def _kind(data: Graph, node: object) -> str:
    types = set(data.objects(node, RDF.type))  # type: ignore[arg-type]
    for cls, kind in _KINDS.items():
        if cls in types:
            return kind
    if types & _ACTOR_KINDS:
        return "actor"
    # evidence and events are untyped: what a statement's gk:evidence, a summary's gk:event points to
    if next(iter(data.subjects(GK.evidence, node)), None) is not None:
        return "evidence"
    return "event" if next(iter(data.subjects(GK.event, node)), None) is not None else "node"


def validate_graph(data: Graph) -> ValidationReport:
    """Validate an rdflib graph (the union of the article graphs) against the shapes."""
    shapes = Graph().parse(SHAPES_TTL, format="turtle")
    conforms, results, _ = shacl_validate(
        data, shacl_graph=shapes, ont_graph=load_ontology(), inference="none", abort_on_first=False,
        allow_warnings=False,
    )
    violations = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        message = results.value(result, SH.resultMessage)
        value = results.value(result, SH.value)
        text = str(message) if message is not None else "breaks a shape"
        if value is not None and value != focus and "(" in text and not text.startswith("has no"):
            text += f"; value: {_short(value)}"
        violations.append(Violation(_kind(data, focus), _short(focus), text))
    violations = sorted(set(violations), key=lambda v: (v.kind, v.node, v.message))
    return ValidationReport(bool(conforms), violations, len(data))


def validate_store(store: EmbeddedStore) -> ValidationReport:
    """Validate everything the store holds (the union of its graphs)."""
    triples = store.oxigraph.query("CONSTRUCT { ?s ?p ?o } WHERE { SELECT DISTINCT ?s ?p ?o { ?s ?p ?o } }",
                             use_default_graph_as_union=True)
    data = Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
    return validate_graph(data)


def validate_file(path: str | Path) -> ValidationReport:
    """Validate an RDF dump (format from the suffix: .ttl .nt .nq .trig .jsonld)."""
    path = Path(path)
    fmt = _FILE_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise UserError(f"cannot tell the RDF format of {path} from its suffix; use one of "
                        f"{', '.join(sorted(_FILE_FORMATS))}")
    if not path.is_file():
        raise UserError(f"no such file: {path}")
    if fmt == "json-ld":
        _refuse_remote_contexts(path)
    try:
        if fmt in _DATASET_FORMATS:
            ds = Dataset()
            ds.parse(path, format=fmt)
            data = Graph()
            for s, p, o, _ in ds.quads((None, None, None, None)):
                data.add((s, p, o))
        else:
            data = Graph().parse(path, format=fmt)
    except Exception as exc:  # rdflib raises many parser-specific types
        raise UserError(f"{path} is not valid {fmt}: {exc}") from exc
    return validate_graph(data)


def _refuse_remote_contexts(path: Path) -> None:
    """Validation is offline: a JSON-LD ``@context`` (or ``@import``) that names a document, remote or
    ``file://``, would make the parser fetch it, so it is refused before parsing."""
    import json

    try:
        doc = json.loads(path.read_bytes())
    except (ValueError, RecursionError) as exc:
        raise UserError(f"{path} is not valid json-ld: {exc}") from None
    stack = [doc]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            for key, value in node.items():
                if key in ("@context", "@import"):
                    for ctx in value if isinstance(value, list) else [value]:
                        if isinstance(ctx, str):
                            raise UserError(f"{path}: the JSON-LD context {ctx!r} is a document to fetch; "
                                            "validation never reads the network or other files: inline the "
                                            "context")
                stack.append(value)
