"""The merge rule of graph/events.py: which reports are one event."""
import doctest
import itertools

from geokg.graph import events
from geokg.graph.events import EventDate, Report, cluster


def rep(rid: str, date: str | None, prec: str = "day", rel: str = "ASSAULT", fam: str = "190") -> Report:
    return Report(rid, "TUR", rel, "RUS", fam, EventDate(date, prec) if date else None)


def groups(reports: list[Report]) -> list[list[str]]:
    return [sorted(e.reports) for e in cluster(reports)]


def test_doctests_run() -> None:
    assert doctest.testmod(events).failed == 0


def test_same_day_is_one_event_different_days_are_two() -> None:
    assert groups([rep("a", "2020-01-03"), rep("b", "2020-01-03"), rep("c", "2020-01-05")]) == [["a", "b"], ["c"]]


def test_month_joins_the_finest_compatible_day_and_year_joins_it_too() -> None:
    assert groups([rep("m", "2020-01", "month"), rep("d", "2020-01-03"), rep("y", "2020", "year")]) == [
        ["d", "m", "y"]]
    assert groups([rep("m", "2020-02", "month"), rep("d", "2020-01-03")]) == [["d"], ["m"]]


def test_different_family_or_relation_is_another_event() -> None:
    out = groups([rep("a", "2020-01-03"), rep("b", "2020-01-03", fam="183"), rep("c", "2020-01-03", rel="COERCE")])
    assert sorted(out) == [["a"], ["b"], ["c"]]


def test_result_does_not_depend_on_order_or_repeats() -> None:
    rs = [rep("a", "2020-01-03"), rep("b", "2020-01", "month"), rep("c", "2020-01-09"), rep("d", None)]
    want = [(e.id, sorted(e.reports)) for e in cluster(rs)]
    for perm in itertools.permutations(rs + rs[:1]):
        assert [(e.id, sorted(e.reports)) for e in cluster(perm)] == want
    assert want[0][1] == ["a", "b", "d"]


def test_structural_facts_ignore_dates() -> None:
    assert groups([rep("a", "2019-01-01", rel="ROLE"), rep("b", "2020-05-05", rel="ROLE")]) == [["a", "b"]]


def test_removing_every_report_leaves_no_event() -> None:
    assert cluster([]) == []


def test_a_structural_fact_is_dated_by_its_first_report() -> None:
    (event,) = cluster([rep("b", "2020-05-05", rel="ROLE"), rep("a", "2019-01-01", rel="ROLE")])
    assert event.date == EventDate("2019-01-01", "day")
