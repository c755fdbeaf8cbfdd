"""Integration: the real Extractor (pinned spaCy model) over the bundled example articles.

The model runs once for the module. Each assertion names a triple that a reader of the article
would extract too; none is "some output".
"""
from __future__ import annotations

from pathlib import Path

import pytest

from geokg.ingest.models import Article, Triple
from geokg.ingest.pipeline import Extractor
from geokg.ingest.readers import read_inputs

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.fixture(scope="module")
def extracted() -> dict[str, tuple[Article, list[Triple]]]:
    articles = [r for r in read_inputs([str(EXAMPLES)]) if isinstance(r, Article)]
    ex = Extractor()
    return {Path(a.ref).name: (a, ts) for a, ts in ex.extract_stream(articles)}


def triples_of(extracted, name: str) -> list[Triple]:
    return extracted[name][1]


def find(ts: list[Triple], subject: str, relation: str, obj: str) -> Triple:
    found = [t for t in ts if (t.subject.key, t.relation, t.object.key) == (subject, relation, obj)]
    assert found, f"no {subject} {relation} {obj} in {sorted({(t.subject.key, t.relation, t.object.key) for t in ts})}"
    return found[0]


SEED = "00_russia_turkey_jet.txt"


def test_all_examples_are_read(extracted):
    assert sorted(extracted) == sorted(p.name for p in EXAMPLES.glob("*.txt"))


# ---- the seed article ------------------------------------------------------------------------

def test_seed_turkey_shot_down_the_russian_jet(extracted):
    t = find(triples_of(extracted, SEED), "TUR", "ASSAULT", "RUS")
    assert t.negated is False
    assert any(t.predicate == "shoot_down" and t.mode == "aerial" for t in triples_of(extracted, SEED)
               if (t.subject.key, t.relation, t.object.key) == ("TUR", "ASSAULT", "RUS"))
    assert t.score == -9


def test_seed_putin_holds_the_russian_presidency(extracted):
    t = find(triples_of(extracted, SEED), "vladimir-putin", "ROLE", "RUS")
    assert t.attrs["role"] == "president"
    assert t.subject.country == "RUS" and t.subject.wikidata == "Q7747"


def test_seed_roles_of_other_leaders_including_the_repaired_name(extracted):
    ts = triples_of(extracted, SEED)
    assert find(ts, "sergei-lavrov", "ROLE", "RUS").attrs["role"] == "foreign minister"
    assert find(ts, "barack-obama", "ROLE", "USA").attrs["role"] == "president"
    hollande = find(ts, "francois-hollande", "ROLE", "FRA")  # "his French counterpart Fran├žois Hollande"
    assert hollande.subject.name == "François Hollande"
    assert hollande.attrs["role"] == "president"


def test_seed_putin_threatens_turkey_through_he(extracted):
    t = find(triples_of(extracted, SEED), "vladimir-putin", "THREATEN", "TUR")
    assert t.predicate == "warn"
    assert t.evidence[0].sentence.startswith("He warns there will be severe consequences")


def test_seed_turkey_imports_gas_from_russia_with_a_share(extracted):
    t = find(triples_of(extracted, SEED), "TUR", "TRADE", "RUS")
    assert t.attrs["commodity"] == "gas"
    assert t.attrs["share"] == 60.0
    assert not any((t.subject.key, t.relation) == ("RUS", "TRADE") for t in triples_of(extracted, SEED))


def test_seed_russia_condemns_turkey(extracted):
    t = find(triples_of(extracted, SEED), "RUS", "ACCUSE", "TUR")
    assert t.evidence[0].sentence.startswith("Several hundred people have staged a rally")


def test_evidence_offsets_slice_the_cleaned_text_to_the_sentence(extracted):
    for article, ts in extracted.values():
        for t in ts:
            for ev in t.evidence:
                assert article.text[ev.start:ev.end] == ev.sentence
                assert ev.sentence == ev.sentence.strip() and "\n\n" not in ev.sentence
                assert ev.article == article.ref
    article, ts = extracted[SEED]
    warn = find(ts, "vladimir-putin", "THREATEN", "TUR").evidence[0]
    assert article.text[warn.start:warn.end] == (
        "He warns there will be severe consequences for relations between the countries.")


# ---- the other examples ----------------------------------------------------------------------

def test_germany_bans_mahan_air(extracted):
    ts = triples_of(extracted, "01_germany_bans_mahan_air.txt")
    assert find(ts, "DEU", "SANCTION", "mahan-air").predicate == "ban"
    assert find(ts, "EU", "SANCTION", "IRN").predicate == "sanction"


def test_bolsonaro_opposes_macron_and_brazil_is_not_in_the_g7(extracted):
    ts = triples_of(extracted, "03_g7_amazon_fires.txt")
    assert find(ts, "jair-bolsonaro", "ACCUSE", "emmanuel-macron").subject.country == "BRA"
    assert find(ts, "angela-merkel", "ROLE", "DEU").attrs["role"] == "chancellor"
    assert find(ts, "BRA", "MEMBER_OF", "G7").negated is True


def test_trump_speaks_with_erdogan(extracted):
    ts = triples_of(extracted, "06_us_troops_leave_syria.txt")
    assert find(ts, "donald-trump", "CONSULT", "recep-tayyip-erdogan").subject.country == "USA"
    assert find(ts, "recep-tayyip-erdogan", "ROLE", "TUR").attrs["role"] == "president"


def test_turkish_offensive_into_syria(extracted):
    find(triples_of(extracted, "07_kurds_assad_deal_turkey_offensive.txt"), "TUR", "ASSAULT", "SYR")


def test_united_states_kills_soleimani_and_is_blamed(extracted):
    ts = triples_of(extracted, "08_soleimani_killed.txt")
    assert find(ts, "USA", "ASSAULT", "qasem-soleimani").predicate == "kill"
    find(ts, "ahmed-al-assadi", "ACCUSE", "USA")
    find(ts, "ahmed-al-assadi", "ACCUSE", "ISR")
    assert find(ts, "benjamin-netanyahu", "ROLE", "ISR").attrs["role"] == "prime minister"


def test_athens_expels_the_libyan_ambassador(extracted):
    ts = triples_of(extracted, "09_cairo_summit_libya_turkey.txt")
    assert find(ts, "GRC", "SANCTION", "LBY").predicate == "expel"  # "Athens" is a metonym for Greece
    find(ts, "TUR", "AGREE", "LBY")
