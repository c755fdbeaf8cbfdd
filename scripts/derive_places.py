"""Derive ingest/data/places.tsv (major cities and geographic regions -> country) from CountryInfo.

Source: CountryInfo.120116.txt (CC BY-SA 3.0, Computational Event Data System project);
the derived table is CC BY-SA 3.0 too. Usage:

    python scripts/derive_places.py [--data ../shared/data/cameo] [--out ingest/data]
"""
from __future__ import annotations

import argparse
import re
from pathlib import Path

HEADER = (
    "# Major cities and regions with their country, derived from CountryInfo.120116.txt\n"
    "# (CC BY-SA 3.0; this table is CC BY-SA 3.0). Regenerate: python scripts/derive_places.py\n"
    "surface\tcountry\tkind\n"
)


def tidy(raw: str) -> str | None:
    raw = raw.split("#", 1)[0].strip().strip("{}").rstrip("_").replace("_", " ").strip()
    if not raw or not re.fullmatch(r"[A-Z][A-Z .'\-]+", raw) or len(raw) < 4:
        return None
    return " ".join(w.capitalize() if len(w) > 2 or not w.isalpha() else w.capitalize()
                    for w in raw.lower().split())


def places(text: str) -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {}
    for block in text.split("<Country>")[1:]:
        code = re.search(r"<CountryCode>(\w{3})</CountryCode>", block)
        if not code:
            continue
        for tag, kind in (("MajorCities", "city"), ("Regions", "region")):
            m = re.search(rf"<{tag}>(.*?)</{tag}>", block, re.S)
            for line in (m.group(1).splitlines() if m else []):
                name = tidy(line)
                if name and name not in out:
                    out[name] = (code.group(1), kind)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[1] / "../shared/data/cameo")
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "ingest/data")
    args = ap.parse_args()
    text = (args.data / "CountryInfo.120116.txt").read_bytes().decode("utf-8", errors="replace")
    rows = sorted(places(text).items())
    body = "".join(f"{name}\t{code}\t{kind}\n" for name, (code, kind) in rows)
    (args.out / "places.tsv").write_text(HEADER + body, encoding="utf-8")
    print(f"places.tsv: {len(rows)} rows")


if __name__ == "__main__":
    main()
