"""The neo4j-admin import CSVs of the fixture graph: well-formed, complete, consistent."""
from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from geokg.graph.neo4j_csv import FILES, NODES, import_command, write_neo4j_csv
from geokg.graph.store import EmbeddedStore
from geokg.ingest.models import EventDate

NODE_FILES = {f"{stem}.csv": FILES[stem] for stem in NODES}
RELATIONSHIP_FILES = {f"{stem}.csv": [c.replace("date?", "date") for c in FILES[stem]]
                      for stem in FILES if stem not in NODES}
NODE_FILES = {k: [c.replace("date?", "date") for c in v] for k, v in NODE_FILES.items()}

ID_SPACE = {"Actor", "Article", "Event"}


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        rows = [dict(zip(header, row, strict=True)) for row in reader]
    return header, rows


def _space(column: str) -> str:
    return column[column.index("(") + 1: column.index(")")]


@pytest.fixture(scope="module")
def exported(fixture_graph, tmp_path_factory) -> tuple[Path, dict[str, int]]:
    out = tmp_path_factory.mktemp("neo4j-csv")
    return out, write_neo4j_csv(fixture_graph, out)


def test_headers_and_row_counts(exported) -> None:
    out, counts = exported
    expected = {"actors.csv": 13, "articles.csv": 3, "events.csv": 18, "actor.csv": 18, "recipient.csv": 18,
                "reported_in.csv": 18, "attributed_to.csv": 1, "relations.csv": 17,  # one REPORTED_IN per report
                "dyads.csv": 10, "dyad_years.csv": 10, "actor_years.csv": 16, "pairs.csv": 15}  # the summaries
    assert counts == expected
    for name, header in (NODE_FILES | RELATIONSHIP_FILES).items():
        got, rows = _read(out / name)
        assert got == header
        assert len(rows) == expected[name]
    for name in NODE_FILES:
        header, _ = _read(out / name)
        assert sum(":ID(" in c for c in header) == 1 and ":LABEL" in header
    for name in RELATIONSHIP_FILES:
        header, _ = _read(out / name)
        assert header[:3][2] == ":TYPE" and _space(header[0]) in ID_SPACE and _space(header[1]) in ID_SPACE


def test_every_relationship_end_is_a_node(exported) -> None:
    out, _ = exported
    ids: dict[str, set[str]] = {}
    for name in NODE_FILES:
        header, rows = _read(out / name)
        id_col = next(c for c in header if ":ID(" in c)
        values = [r[id_col] for r in rows]
        assert len(values) == len(set(values)), f"duplicate node ids in {name}"
        ids[_space(id_col)] = set(values)
    for name in RELATIONSHIP_FILES:
        header, rows = _read(out / name)
        for row in rows:
            assert row[header[0]] in ids[_space(header[0])], (name, row)
            assert row[header[1]] in ids[_space(header[1])], (name, row)


def test_model_of_the_schema(exported) -> None:
    out, _ = exported
    _, actors = _read(out / "actors.csv")
    labels = {r["id:ID(Actor)"]: r[":LABEL"] for r in actors}
    assert labels["RUS"] == "Actor\x1fCountry" and labels["vladimir-putin"] == "Actor\x1fPerson"
    assert labels["NATO"] == "Actor\x1fOrganization" and labels["ISIS"] == "Actor\x1fGroup"
    _, events = _read(out / "events.csv")
    trade = next(e for e in events if e["relation"] == "TRADE")
    assert (trade["commodity"], float(trade["share:double"])) == ("gas", 60.0)
    negated = [e for e in events if e["negated:boolean"] == "true"]
    assert len(negated) == 1 and negated[0]["attributed_to"] == "RUS"
    _, rels = _read(out / "relations.csv")
    by_key = {(r[":START_ID(Actor)"], r[":TYPE"], r[":END_ID(Actor)"]): r for r in rels}
    assert ("RUS", "ASSAULT", "UKR") not in by_key  # aggregates count non-negated events only
    assault = by_key[("TUR", "ASSAULT", "RUS")]
    assert (assault["events:long"], assault["first_seen:date"], float(assault["score:double"])) == \
        ("1", "2015-11-24", -9.0)
    putin = next(e for e in events if e["predicate"] == "warn")
    assert (putin["date:date"], putin["date_precision"], putin["reports:long"], putin["sources:long"]) == \
        ("2015-11-24", "day", "1", "1")
    assert by_key[("TUR", "TRADE", "RUS")]["score:double"] == ""  # no PLOVER score: no property
    _, reported = _read(out / "reported_in.csv")
    counts = Counter(r[":START_ID(Event)"] for r in reported)
    assert set(counts.values()) == {1}  # one report per event here
    # the ASSAULT's report has two evidence spans: lists, their elements apart by U+001F
    [two] = [r for r in reported if "\x1f" in r["starts:long[]"]]
    assert len(two["sentences:string[]"].split("\x1f")) == len(two["ends:long[]"].split("\x1f")) == 2
    assert (two["date:date"], two["published:date"]) == ("", "")  # the anchor's: the event's


def test_store_and_items_give_the_same_files(fixture_graph, exported, tmp_path) -> None:
    out, _ = exported
    with EmbeddedStore(tmp_path / "kg") as store:
        store.write_many(fixture_graph)
        write_neo4j_csv(store, tmp_path / "from-store")
    for name in (*NODE_FILES, *RELATIONSHIP_FILES):
        a = (out / name).read_text(encoding="utf-8").splitlines()
        b = (tmp_path / "from-store" / name).read_text(encoding="utf-8").splitlines()
        assert a[0] == b[0] and sorted(a[1:]) == sorted(b[1:]), name


def test_import_script(exported) -> None:
    out, _ = exported
    script = (out / "import.sh").read_text(encoding="utf-8")
    command = import_command()
    assert command.startswith("bin/neo4j-admin database import full neo4j ")
    for name in NODE_FILES:
        assert f"--nodes=import/{name}" in command and f'--nodes="$DIR"/{name}' in script
    for name in RELATIONSHIP_FILES:
        assert f"--relationships=import/{name}" in command
    assert "--multiline-fields=true" in command and "REQUIRE n.id IS UNIQUE" in script
    assert "--array-delimiter=U+001F" in command


def test_month_dates_go_to_a_file_that_types_them_as_text(fixture_graph, tmp_path) -> None:
    (art, triples), *rest = fixture_graph
    month = [t if t.relation != "ASSAULT" else
             type(t)(**{**t.__dict__, "event_date": EventDate("2015-11", "month", "in November")})
             for t in triples]
    counts = write_neo4j_csv([(art, month), *rest], tmp_path)
    assert counts["events-date-text.csv"] == 1 and counts["events.csv"] == 17
    header, rows = _read(tmp_path / "events-date-text.csv")
    assert "date" in header and "date:date" not in header and "published:date" in header
    assert (rows[0]["date"], rows[0]["date_precision"]) == ("2015-11", "month")
    header, rows = _read(tmp_path / "relations-first_seen-last_seen-text.csv")
    assert header[4:6] == ["first_seen", "last_seen"] and rows[0]["first_seen"] == "2015-11"
    # the ASSAULT's one report is its event's anchor: its date is the event's, not on its REPORTED_IN
    assert "reported_in-date-text.csv" not in counts
    script = (tmp_path / "import.sh").read_text(encoding="utf-8")
    assert '--nodes="$DIR"/events-date-text.csv' in script
    assert '--relationships="$DIR"/relations-first_seen-last_seen-text.csv' in script
