"""Derive ``ingest/data/office_holders.tsv``: who held which head-of-state or head-of-government office of
which country, from which year to which, from Wikipedia's lists of state leaders.

    .venv/bin/python scripts/derive_office_holders.py LIST.md [LIST.md ...] [--out ingest/data/office_holders.tsv]

Inputs: the plain-text renderings of the English Wikipedia articles "List of state leaders in the 20th
century (1951-2000)" and "List of state leaders in the 21st century" (CC BY-SA 4.0; the text of the
revision used is kept by the public ``chinapedia/wikipedia.abstract.en`` repository, ``Page/...md``).
Their shape: a country line ("-   Ukraine", "-   Nigeria: _Fourth Nigerian Republic_ (complete list) -"),
then one line per holder ("::*Volodymyr Zelensky, President (2019-present)", several terms or titles
separated by commas, or a bare name whose titles follow on deeper lines). A country line is mapped to an
ISO 3166-1 code through the project's own actor-name table (its longest country name inside the line).
Output is sorted, so re-running on the same inputs gives a byte-identical file.
"""
from __future__ import annotations

import argparse
import re
from pathlib import Path

from geokg.ingest.holders import fold  # the same folding the runtime look-up uses

REPO = Path(__file__).resolve().parent.parent

COUNTRY_LINE = re.compile(r"^-\s+(?P<text>.+)$")
HOLDER_LINE = re.compile(r"^(?P<depth>:+)\*(?P<text>.+)$")
TERM = re.compile(r"(?P<title>[^(),]*?)\s*\((?P<years>[^()]*\d{4}[^()]*)\)")
SPAN = re.compile(r"(?P<start>\d{4})(?:\s*[–-]\s*(?P<end>\d{4}|present))?")
QUALIFIERS = ("acting ", "interim ", "provisional ", "transitional ", "joint acting ", "contesting ", "disputed ")
HEADINGS = ("(complete list)", "complete list")


def country_names(table: Path) -> list[tuple[str, str]]:
    """(folded name, ISO3) of every country name in ``actor_names.tsv``, longest first."""
    out = set()
    for line in table.read_text(encoding="utf-8").splitlines():
        if line.startswith(("#", "surface\t")) or not line:
            continue
        surface, key, kind = line.split("\t")
        if kind == "name" and len(key) == 3 and key.isupper() and len(surface) > 3:
            out.add((fold(surface), key))
    return sorted(out, key=lambda nk: (-len(nk[0]), nk))


def country_of(text: str, names: list[tuple[str, str]]) -> str | None:
    words = f" {fold(text.split('(')[0].split(',')[0])} "
    for name, key in names:
        if f" {name} " in words:
            return key
    return None


def office(title: str) -> str:
    t = re.sub(r"_+", "", title).strip().lower()
    for q in QUALIFIERS:
        if t.startswith(q):
            t = t[len(q):]
    return re.sub(r"\s+", " ", t).strip(" .;:")


def terms(text: str) -> list[tuple[str, int, int | None]]:
    """(office, start year, end year or None for "present") of each "Title (years)" in ``text``."""
    out = []
    for m in TERM.finditer(text):
        title = office(m.group("title"))
        if not title or any(h in title for h in HEADINGS):
            continue
        for s in SPAN.finditer(m.group("years")):
            start, end = int(s.group("start")), s.group("end")
            # "(2013)": that year only; "(2019–present)": still in office when the list was written
            out.append((title, start, start if end is None else None if end == "present" else int(end)))
    return out


def parse(text: str, names: list[tuple[str, str]]) -> set[tuple[str, str, str, str, str]]:
    rows: set[tuple[str, str, str, str, str]] = set()
    country: str | None = None
    pending: str | None = None  # a bare name whose titles follow on deeper lines
    for raw in text.splitlines():
        line = raw.strip()
        if m := COUNTRY_LINE.match(line):
            country, pending = country_of(m.group("text"), names), None
            continue
        m = HOLDER_LINE.match(line)
        if m is None or country is None:
            continue
        body = re.sub(r"_([^_]*)_", r"\1", m.group("text")).strip()
        if "(complete list)" in body or body.endswith("–") or body.endswith("-"):
            pending = None
            continue  # a section heading ("Presidents (complete list) –")
        name, _, rest = body.partition(",")
        name = re.sub(r"\s*\([^)]*\)", "", name).strip()  # "David Thompson (Barbadian politician)"
        if not rest and "(" not in body:
            pending = name if name[:1].isupper() else None
            continue
        holder = name
        found = terms(rest)
        if not rest or not found:
            if pending is None:
                continue
            holder, found = pending, terms(body)  # ":::*President (2013)" under "::*Michel Djotodia"
        if not holder or not holder[:1].isupper() or len(holder.split()) > 6:
            continue
        for title, start, end in found:
            rows.add((holder, country, title, str(start), "" if end is None else str(end)))
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("lists", nargs="+", type=Path)
    ap.add_argument("--out", type=Path, default=REPO / "ingest" / "data" / "office_holders.tsv")
    args = ap.parse_args()
    names = country_names(REPO / "ingest" / "data" / "actor_names.tsv")
    rows: set[tuple[str, str, str, str, str]] = set()
    for path in args.lists:
        rows |= parse(path.read_text(encoding="utf-8"), names)
    header = [
        "# Heads of state and government by country and year: name, ISO 3166-1 alpha-3, office (lower case, without",
        "# acting/interim), first year, last year (empty: in office when the list was written, 2019).",
        "# Source: English Wikipedia, 'List of state leaders in the 20th century (1951-2000)' and 'List of state",
        "# leaders in the 21st century' (CC BY-SA 4.0), via scripts/derive_office_holders.py. Licence: CC BY-SA 4.0.",
        "name\tcountry\toffice\tstart\tend",
    ]
    body = ["\t".join(r) for r in sorted(rows)]
    args.out.write_text("\n".join(header + body) + "\n", encoding="utf-8")
    print(f"{args.out.name}: {len(body)} rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
