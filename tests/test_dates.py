"""Event dates (``ingest/dates.py``): each expression against a dateline, and which clause an expression
dates, on hand-built parses; then one real article end to end."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc, Span

from geokg.ingest.dates import EventDater, parse_expression
from geokg.ingest.models import Article, EventDate
from geokg.ingest.readers import read_inputs

NLP = spacy.blank("en")
ROOT = Path(__file__).resolve().parents[1]
MON_2_MARCH = "2020-03-02"  # a Monday


def doc(words, heads, deps, pos, ents=()) -> Doc:
    """A parsed Doc: ``heads`` are absolute token indices, ``ents`` (start, end, label)."""
    d = Doc(NLP.vocab, words=words, heads=heads, deps=deps, pos=pos)
    d.ents = [Span(d, s, e, label=label) for s, e, label in ents]
    return d


def date_of(d: Doc, word: str, published: str | None = MON_2_MARCH) -> EventDate | None:
    return EventDater(d, published).date_of([t.text for t in d].index(word))


# ---- one expression against a dateline -----------------------------------------------------------

@pytest.mark.parametrize(("text", "kind", "published", "value", "precision"), [
    ("Monday", "wd", MON_2_MARCH, "2020-03-02", "day"),            # the weekday on or before: the day itself
    ("Friday", "wd", MON_2_MARCH, "2020-02-28", "day"),            # across a month boundary (leap year)
    ("Sunday", "wd", "2020-03-01", "2020-03-01", "day"),
    ("Tuesday", "wd", "2020-03-01", "2020-02-25", "day"),
    ("last Monday", "wd", MON_2_MARCH, "2020-02-24", "day"),       # on a Monday, "last Monday" is a week ago
    ("next Wednesday", "wd", MON_2_MARCH, "2020-03-04", "day"),
    ("yesterday", "rel", "2020-03-01", "2020-02-29", "day"),
    ("yesterday", "rel", "2021-01-01", "2020-12-31", "day"),       # across a year boundary
    ("today", "rel", MON_2_MARCH, "2020-03-02", "day"),
    ("three days ago", "ago", MON_2_MARCH, "2020-02-28", "day"),
    ("last week", "rel", "2020-03-11", "2020-03", "month"),        # a week: the month of its Thursday
    ("last week", "rel", "2020-03-04", "2020-02", "month"),        # 24 Feb - 1 Mar: Thursday 27 Feb
    ("last month", "rel", "2020-01-15", "2019-12", "month"),
    ("earlier this month", "rel", "2020-01-15", "2020-01", "month"),
    ("last year", "rel", MON_2_MARCH, "2019", "year"),
    ("14 September", "dmy", "2019-09-20", "2019-09-14", "day"),
    ("14 September", "dmy", "2019-03-01", "2018-09-14", "day"),    # no year: the last 14 September before
    ("September 14, 2019", "mdy", "2020-06-01", "2019-09-14", "day"),
    ("14th of September 2019", "dmy", "2020-06-01", "2019-09-14", "day"),
    ("Sept. 14", "mdy", "2019-09-20", "2019-09-14", "day"),
    ("July 2011", "my", MON_2_MARCH, "2011-07", "month"),
    ("March", "m", "2020-05-01", "2020-03", "month"),
    ("December", "m", MON_2_MARCH, "2019-12", "month"),            # no year: the last December
    ("2003", "y", MON_2_MARCH, "2003", "year"),
    ("2019-11-24", "iso", MON_2_MARCH, "2019-11-24", "day"),
])
def test_expression_resolves_against_the_dateline(text, kind, published, value, precision) -> None:
    got = parse_expression(text, kind, dt.date.fromisoformat(published))
    assert got == EventDate(value, precision, None)


@pytest.mark.parametrize(("text", "kind", "value"), [
    ("Monday", "wd", None), ("yesterday", "rel", None), ("last week", "rel", None), ("14 September", "dmy", None),
    ("three days ago", "ago", None), ("March", "m", None),
    ("July 2011", "my", "2011-07"), ("2003", "y", "2003"), ("14 September 2019", "dmy", "2019-09-14"),
])
def test_without_a_dateline_only_expressions_with_their_year_resolve(text, kind, value) -> None:
    got = parse_expression(text, kind, None)
    assert (got.value if got else None) == value


def test_a_date_after_the_dateline_is_not_taken() -> None:
    assert parse_expression("2025", "y", dt.date(2020, 3, 2)) is None


# ---- which clause an expression dates ------------------------------------------------------------

def test_prep_on_with_a_weekday_dates_its_verb() -> None:
    # Turkey shelled Syria on Friday .   (on -> shelled prep, Friday -> on pobj)
    d = doc(["Turkey", "shelled", "Syria", "on", "Friday", "."], [1, 1, 1, 1, 3, 1],
            ["nsubj", "ROOT", "dobj", "prep", "pobj", "punct"], ["PROPN", "VERB", "PROPN", "ADP", "PROPN", "PUNCT"],
            ents=[(4, 5, "DATE")])
    assert date_of(d, "shelled") == EventDate("2020-02-28", "day", "on Friday")


def test_a_bare_weekday_as_npadvmod_dates_its_verb() -> None:
    # Turkey shelled Syria Sunday .   (Sunday -> shelled npadvmod), dateline Monday 2 March
    d = doc(["Turkey", "shelled", "Syria", "Sunday", "."], [1, 1, 1, 1, 1],
            ["nsubj", "ROOT", "dobj", "npadvmod", "punct"], ["PROPN", "VERB", "PROPN", "PROPN", "PUNCT"])
    assert date_of(d, "shelled") == EventDate("2020-03-01", "day", "Sunday")


def test_in_month_year_and_yesterday() -> None:
    # Russia annexed Crimea in July 2011 .  /  Iran condemned the strike yesterday .
    d = doc(["Russia", "annexed", "Crimea", "in", "July", "2011", "."], [1, 1, 1, 1, 3, 4, 1],
            ["nsubj", "ROOT", "dobj", "prep", "pobj", "nummod", "punct"],
            ["PROPN", "VERB", "PROPN", "ADP", "PROPN", "NUM", "PUNCT"], ents=[(4, 6, "DATE")])
    assert date_of(d, "annexed") == EventDate("2011-07", "month", "in July 2011")
    d = doc(["Iran", "condemned", "the", "strike", "yesterday", "."], [1, 1, 3, 1, 1, 1],
            ["nsubj", "ROOT", "det", "dobj", "npadvmod", "punct"], ["PROPN", "VERB", "DET", "NOUN", "NOUN", "PUNCT"])
    assert date_of(d, "condemned") == EventDate("2020-03-01", "day", "yesterday")


def test_on_day_month_without_a_year() -> None:
    # On 14 September , drones struck Saudi Arabia .   dateline 20 September 2019
    words = ["On", "14", "September", ",", "drones", "struck", "Saudi", "Arabia", "."]
    d = doc(words, [5, 2, 0, 5, 5, 5, 7, 5, 5],
            ["prep", "nummod", "pobj", "punct", "nsubj", "ROOT", "compound", "dobj", "punct"],
            ["ADP", "NUM", "PROPN", "PUNCT", "NOUN", "VERB", "PROPN", "PROPN", "PUNCT"], ents=[(1, 3, "DATE")])
    assert date_of(d, "struck", "2019-09-20") == EventDate("2019-09-14", "day", "On 14 September")


def test_background_year_dates_the_noun_not_the_main_event() -> None:
    # Iran , which opposed the 2003 invasion , condemned the strike .
    words = ["Iran", ",", "which", "opposed", "the", "2003", "invasion", ",", "condemned", "the", "strike", "."]
    d = doc(words, [8, 0, 3, 0, 6, 6, 3, 0, 8, 10, 8, 8],
            ["nsubj", "punct", "nsubj", "relcl", "det", "compound", "dobj", "punct", "ROOT", "det", "dobj", "punct"],
            ["PROPN", "PUNCT", "PRON", "VERB", "DET", "NUM", "NOUN", "PUNCT", "VERB", "DET", "NOUN", "PUNCT"],
            ents=[(5, 6, "DATE")])
    assert date_of(d, "condemned") == EventDate(MON_2_MARCH, "day", None)
    assert date_of(d, "opposed") == EventDate(MON_2_MARCH, "day", None)
    assert date_of(d, "invasion") == EventDate("2003", "year", "2003")  # the noun's own date


def test_each_clause_keeps_its_own_date_and_a_date_of_another_verb_is_not_borrowed() -> None:
    # Russia said on Monday that Turkey attacked on Sunday .
    words = ["Russia", "said", "on", "Monday", "that", "Turkey", "attacked", "on", "Sunday", "."]
    heads = [1, 1, 1, 2, 6, 6, 1, 6, 7, 1]
    deps = ["nsubj", "ROOT", "prep", "pobj", "mark", "nsubj", "ccomp", "prep", "pobj", "punct"]
    pos = ["PROPN", "VERB", "ADP", "PROPN", "SCONJ", "PROPN", "VERB", "ADP", "PROPN", "PUNCT"]
    d = doc(words, heads, deps, pos)
    assert date_of(d, "attacked") == EventDate("2020-03-01", "day", "on Sunday")
    assert date_of(d, "said") == EventDate("2020-03-02", "day", "on Monday")
    # Russia said on Monday that Turkey attacked .  -> the attack's date is not stated
    d = doc(words[:7] + ["."], heads[:7] + [1], deps[:7] + ["punct"], pos[:7] + ["PUNCT"])
    assert date_of(d, "attacked") == EventDate(MON_2_MARCH, "day", None)


def test_coordinated_verbs_share_a_date() -> None:
    # Russia attacked and seized the town yesterday .
    d = doc(["Russia", "attacked", "and", "seized", "the", "town", "yesterday", "."], [1, 1, 1, 1, 5, 3, 3, 1],
            ["nsubj", "ROOT", "cc", "conj", "det", "dobj", "npadvmod", "punct"],
            ["PROPN", "VERB", "CCONJ", "VERB", "DET", "NOUN", "NOUN", "PUNCT"])
    assert date_of(d, "attacked") == date_of(d, "seized") == EventDate("2020-03-01", "day", "yesterday")


def test_a_nominal_event_and_the_verb_it_hangs_from() -> None:
    # The attack on Tuesday killed five soldiers .   dateline Wednesday 4 March
    d = doc(["The", "attack", "on", "Tuesday", "killed", "five", "soldiers", "."], [1, 4, 1, 2, 4, 6, 4, 4],
            ["det", "nsubj", "prep", "pobj", "ROOT", "nummod", "dobj", "punct"],
            ["DET", "NOUN", "ADP", "PROPN", "VERB", "NUM", "NOUN", "PUNCT"])
    assert date_of(d, "attack", "2020-03-04") == EventDate("2020-03-03", "day", "on Tuesday")
    # Israel launched strikes on Syria last week .   event noun "strikes", date on its verb
    d = doc(["Israel", "launched", "strikes", "on", "Syria", "last", "week", "."], [1, 1, 1, 2, 3, 6, 1, 1],
            ["nsubj", "ROOT", "dobj", "prep", "pobj", "amod", "npadvmod", "punct"],
            ["PROPN", "VERB", "NOUN", "ADP", "PROPN", "ADJ", "NOUN", "PUNCT"], ents=[(5, 7, "DATE")])
    assert date_of(d, "strikes", "2020-03-11") == EventDate("2020-03", "month", "last week")


def test_a_date_that_modifies_no_verb_dates_the_sentence() -> None:
    # Clashes on Friday after Turkey shelled Syria   (a headline: the root is a noun)
    d = doc(["Clashes", "on", "Friday", "after", "Turkey", "shelled", "Syria"], [0, 0, 1, 5, 5, 0, 5],
            ["ROOT", "prep", "pobj", "mark", "nsubj", "acl", "dobj"],
            ["NOUN", "ADP", "PROPN", "SCONJ", "PROPN", "VERB", "PROPN"])
    assert date_of(d, "shelled") == EventDate("2020-02-28", "day", "on Friday")


def test_bare_years_and_months_need_a_date_entity_or_a_preposition() -> None:
    # Turkey sent 2000 troops in May .   ("2000" a number, "May" only as a DATE entity)
    words = ["Turkey", "sent", "2000", "troops", "in", "May", "."]
    heads, deps = [1, 1, 3, 1, 1, 4, 1], ["nsubj", "ROOT", "nummod", "dobj", "prep", "pobj", "punct"]
    pos = ["PROPN", "VERB", "NUM", "NOUN", "ADP", "PROPN", "PUNCT"]
    assert date_of(doc(words, heads, deps, pos), "sent", "2020-06-01") == EventDate("2020-06-01", "day", None)
    d = doc(words, heads, deps, pos, ents=[(5, 6, "DATE")])
    assert date_of(d, "sent", "2020-06-01") == EventDate("2020-05", "month", "in May")


def test_durations_are_not_dates() -> None:
    # Turkey occupied the area for five years .
    d = doc(["Turkey", "occupied", "the", "area", "for", "five", "years", "."], [1, 1, 3, 1, 1, 6, 4, 1],
            ["nsubj", "ROOT", "det", "dobj", "prep", "nummod", "pobj", "punct"],
            ["PROPN", "VERB", "DET", "NOUN", "ADP", "NUM", "NOUN", "PUNCT"], ents=[(5, 7, "DATE")])
    assert date_of(d, "occupied") == EventDate(MON_2_MARCH, "day", None)


def test_an_article_without_a_date() -> None:
    d = doc(["Turkey", "shelled", "Syria", "on", "Friday", "."], [1, 1, 1, 1, 3, 1],
            ["nsubj", "ROOT", "dobj", "prep", "pobj", "punct"], ["PROPN", "VERB", "PROPN", "ADP", "PROPN", "PUNCT"])
    assert date_of(d, "shelled", None) is None  # a weekday needs the dateline; no article date either
    d = doc(["Russia", "annexed", "Crimea", "in", "July", "2011", "."], [1, 1, 1, 1, 3, 4, 1],
            ["nsubj", "ROOT", "dobj", "prep", "pobj", "nummod", "punct"],
            ["PROPN", "VERB", "PROPN", "ADP", "PROPN", "NUM", "PUNCT"])
    assert date_of(d, "annexed", None) == EventDate("2011-07", "month", "in July 2011")


def test_a_sentences_expressions_are_found_once() -> None:
    d = doc(["Turkey", "shelled", "Syria", "on", "Friday", "."], [1, 1, 1, 1, 3, 1],
            ["nsubj", "ROOT", "dobj", "prep", "pobj", "punct"], ["PROPN", "VERB", "PROPN", "ADP", "PROPN", "PUNCT"])
    dater = EventDater(d, MON_2_MARCH)
    first = dater.mentions(1)
    assert dater.mentions(0) is first and len(first) == 1


# ---- a real article, through the model and the pipeline -----------------------------------------

@pytest.mark.slow
def test_real_article_event_dates_from_the_text_and_the_dateline() -> None:
    from geokg.ingest.pipeline import Extractor

    path = ROOT / "examples" / "08_soleimani_killed.txt"
    article = next(a for a in read_inputs([str(path)]) if isinstance(a, Article))
    assert article.date == "2020-01-05"  # "Sunday, January 5, 2020"
    triples = Extractor().extract(article)
    by = {(t.subject.key, t.relation, t.object.name): t for t in triples}
    killed = next(t for (s, r, o), t in by.items() if r == "ASSAULT" and o == "Qasem Soleimani" and s == "USA")
    assert killed.event_date == EventDate("2020-01-02", "day", "Thursday")  # "Thursday, ... forces killed"
    labelled = next(t for t in triples if "In 2007" in t.evidence[0].sentence)
    assert labelled.event_date == EventDate("2007", "year", "In 2007")
    roles = [t for t in triples if t.relation == "ROLE"]
    assert roles and all(t.event_date == EventDate("2020-01-05", "day", None) for t in roles)
    assert all(t.published == "2020-01-05" for t in triples)
    contract = json.loads(json.dumps(killed.to_dict()))
    assert contract["event_date"] == {"value": "2020-01-02", "precision": "day", "text": "Thursday"}
    assert contract["published"] == "2020-01-05"


def test_a_deadline_is_not_the_events_date_and_the_full_stop_is_not_part_of_a_month() -> None:
    # Britain must leave the EU by October 31st .  /  Johnson asked the Queen in August .
    d = doc(["Britain", "must", "leave", "the", "EU", "by", "October", "31st", "."], [2, 2, 2, 4, 2, 2, 5, 6, 2],
            ["nsubj", "aux", "ROOT", "det", "dobj", "prep", "pobj", "nummod", "punct"],
            ["PROPN", "AUX", "VERB", "DET", "PROPN", "ADP", "PROPN", "NUM", "PUNCT"], ents=[(6, 8, "DATE")])
    assert date_of(d, "leave", "2019-09-11") == EventDate("2019-09-11", "day", None)
    d = doc(["Johnson", "asked", "the", "Queen", "in", "August", "."], [1, 1, 3, 1, 1, 4, 1],
            ["nsubj", "ROOT", "det", "dobj", "prep", "pobj", "punct"],
            ["PROPN", "VERB", "DET", "PROPN", "ADP", "PROPN", "PUNCT"], ents=[(5, 6, "DATE")])
    assert date_of(d, "asked", "2019-09-11") == EventDate("2019-08", "month", "in August")


def test_a_date_after_a_noun_with_of_dates_the_noun() -> None:
    # Qaeda orchestrated the attacks of 2001 .
    d = doc(["Qaeda", "orchestrated", "the", "attacks", "of", "2001", "."], [1, 1, 3, 1, 3, 4, 1],
            ["nsubj", "ROOT", "det", "dobj", "prep", "pobj", "punct"],
            ["PROPN", "VERB", "DET", "NOUN", "ADP", "NUM", "PUNCT"], ents=[(5, 6, "DATE")])
    assert date_of(d, "orchestrated", "2019-09-17") == EventDate("2019-09-17", "day", None)
    assert date_of(d, "attacks", "2019-09-17") == EventDate("2001", "year", "2001")
