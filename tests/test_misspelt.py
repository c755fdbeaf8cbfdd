"""Country names misspelt by one letter (ingest/misspelt.py), on the real actor-name table."""
from __future__ import annotations

import pytest
from handbuilt import events

from geokg.ingest.misspelt import country_of


@pytest.mark.parametrize(("word", "key"), [
    ("Afganistan", "AFG"),  # a letter dropped
    ("Quatar", "QAT"),  # a letter added
    ("Ethopia", "ETH"),
    ("Bosnain", "BIH"),  # two letters swapped (the adjective)
])
def test_a_word_one_edit_from_one_country_is_that_country(word, key):
    assert country_of(word) is not None and country_of(word)[0] == key


@pytest.mark.parametrize("word", [
    "Gambia",  # a country's own name is never a misspelling (of Zambia)
    "Madrid",  # far from every country
    "Iran",  # too short to guess at
])
def test_exact_short_and_distant_words_are_left_alone(word):
    assert country_of(word) is None


def test_a_misspelt_country_acts_in_the_sentence(make):
    # "Pakistan rejected an offer from Afganistan ." rejected(ROOT): nsubj Pakistan, dobj offer (det an, prep
    # from > pobj Afganistan)
    doc = make(["Pakistan", "rejected", "an", "offer", "from", "Afganistan", "."], [1, 1, 3, 1, 3, 4, 1],
               ["nsubj", "ROOT", "det", "dobj", "prep", "pobj", "punct"],
               ["PROPN", "VERB", "DET", "NOUN", "ADP", "PROPN", "PUNCT"],
               ["Pakistan", "reject", "an", "offer", "from", "Afganistan", "."], ents=[(0, 1, "GPE"), (5, 6, "GPE")])
    assert ("PAK", "REJECT", "AFG") in {(s, r, o) for s, r, o, _ in events(doc)}
