"""Protests, demands, requests and riot control carried by nouns (ingest/protests.py), on hand-built parses."""
from __future__ import annotations

from handbuilt import events


def test_protests_in_a_country_against_its_law_are_its_protesters_against_it(make):
    # "Protests in Serbia against Serbia 's law continue ." protests <nsubj continue(ROOT); protests prep> in
    # pobj> Serbia; protests prep> against pobj> law (poss Serbia)
    doc = make(["Protests", "in", "Serbia", "against", "Serbia", "'s", "law", "continue", "."],
               [7, 0, 1, 0, 6, 4, 3, 7, 7],
               ["nsubj", "prep", "pobj", "prep", "poss", "case", "pobj", "ROOT", "punct"],
               ["NOUN", "ADP", "PROPN", "ADP", "PROPN", "PART", "NOUN", "VERB", "PUNCT"],
               ["protest", "in", "Serbia", "against", "Serbia", "'s", "law", "continue", "."], tags=["NNS"] + [""] * 8)
    got = events(doc)
    assert any(s.startswith("SRB-") and r == "PROTEST" and o == "SRB" for s, r, o, _ in got), got


def test_police_using_tear_gas_on_protesters_coerce_them(make):
    # "Serbian police used tear gas against protesters ." used(ROOT): nsubj police (amod Serbian), dobj gas
    # (amod tear), prep against > pobj protesters
    doc = make(["Serbian", "police", "used", "tear", "gas", "against", "protesters", "."], [1, 2, 2, 4, 2, 2, 5, 2],
               ["amod", "nsubj", "ROOT", "amod", "dobj", "prep", "pobj", "punct"],
               ["ADJ", "NOUN", "VERB", "ADJ", "NOUN", "ADP", "NOUN", "PUNCT"],
               ["serbian", "police", "use", "tear", "gas", "against", "protester", "."],
               tags=["", "NNS", "", "", "", "", "NNS", ""])
    got = events(doc)
    assert any(s == "SRB" and r == "COERCE" and p == "crowd_control" for s, r, _, p in got), got


def test_a_subpoena_for_documents_from_someone_is_a_request_of_them(make):
    # "Iran issued a subpoena for documents from Russia ." issued(ROOT): nsubj Iran, dobj subpoena
    # prep for > pobj documents prep from > pobj Russia
    doc = make(["Iran", "issued", "a", "subpoena", "for", "documents", "from", "Russia", "."],
               [1, 1, 3, 1, 3, 4, 5, 6, 1],
               ["nsubj", "ROOT", "det", "dobj", "prep", "pobj", "prep", "pobj", "punct"],
               ["PROPN", "VERB", "DET", "NOUN", "ADP", "NOUN", "ADP", "PROPN", "PUNCT"],
               ["Iran", "issue", "a", "subpoena", "for", "document", "from", "Russia", "."])
    assert events(doc) == {("IRN", "REQUEST", "RUS", "subpoena")}


def test_protesters_demands_are_requests_of_the_state(make):
    # "Iraqi protesters ' demands include new elections in Iraq ." demands <nsubj include(ROOT); demands
    # poss> protesters (amod Iraqi)
    doc = make(["Iraqi", "protesters", "'", "demands", "include", "elections", "in", "Iraq", "."],
               [1, 3, 1, 4, 4, 4, 5, 6, 4],
               ["amod", "poss", "case", "nsubj", "ROOT", "dobj", "prep", "pobj", "punct"],
               ["ADJ", "NOUN", "PART", "NOUN", "VERB", "NOUN", "ADP", "PROPN", "PUNCT"],
               ["iraqi", "protester", "'", "demand", "include", "election", "in", "Iraq", "."],
               tags=["", "NNS", "", "NNS", "", "", "", "", ""])
    got = events(doc)
    assert any(r == "REQUEST" and o == "IRQ" and p == "demand" for _, r, o, p in got), got


def test_tear_gas_at_them_is_aimed_at_the_crowd_named_before(make):
    # "Protesters threw rocks at police in Serbia , and police fired tear gas at them ." (one sentence;
    # fired conj of threw) — "them" is the protesters, not Serbia
    words = ["Protesters", "threw", "rocks", "at", "police", "in", "Serbia", ",", "and", "police", "fired", "tear",
             "gas", "at", "them", "."]
    doc = make(words, [1, 1, 1, 1, 3, 4, 5, 1, 1, 10, 1, 12, 10, 10, 13, 1],
               ["nsubj", "ROOT", "dobj", "prep", "pobj", "prep", "pobj", "punct", "cc", "nsubj", "conj", "amod",
                "dobj", "prep", "pobj", "punct"],
               ["NOUN", "VERB", "NOUN", "ADP", "NOUN", "ADP", "PROPN", "PUNCT", "CCONJ", "NOUN", "VERB", "ADJ",
                "NOUN", "ADP", "PRON", "PUNCT"],
               ["protester", "throw", "rock", "at", "police", "in", "Serbia", ",", "and", "police", "fire", "tear",
                "gas", "at", "they", "."], tags=["NNS"] + [""] * 15)
    got = events(doc)
    assert any(s == "SRB" and r == "COERCE" and o.startswith("SRB-") and p == "crowd_control"
               for s, r, o, p in got), got


def test_demonstrations_during_which_a_group_acts_are_its_own_against_the_doer_of_the_deed(make):
    # "Palestinian youths threw stones during demonstrations against violations by the Israeli military ."
    # threw(ROOT): nsubj youths (amod Palestinian), dobj stones, prep during > pobj demonstrations > prep
    # against > pobj violations > prep by > pobj military (det the, amod Israeli)
    doc = make(["Palestinian", "youths", "threw", "stones", "during", "demonstrations", "against", "violations",
                "by", "the", "Israeli", "military", "."], [1, 2, 2, 2, 2, 4, 5, 6, 7, 11, 11, 8, 2],
               ["amod", "nsubj", "ROOT", "dobj", "prep", "pobj", "prep", "pobj", "prep", "det", "amod", "pobj",
                "punct"],
               ["ADJ", "NOUN", "VERB", "NOUN", "ADP", "NOUN", "ADP", "NOUN", "ADP", "DET", "ADJ", "NOUN", "PUNCT"],
               ["palestinian", "youth", "throw", "stone", "during", "demonstration", "against", "violation", "by",
                "the", "israeli", "military", "."], tags=["JJ", "NNS", "VBD", "NNS", "IN", "NNS", "IN", "NNS", "IN",
                                                          "DT", "JJ", "NN", "."])
    got = {(s, r, o) for s, r, o, _ in events(doc)}
    assert any(s.startswith("PSE-") and r == "PROTEST" and o == "ISR" for s, r, o in got), got


def test_a_strike_is_a_stoppage_of_work_only_when_its_words_say_so(make):
    from geokg.ingest.protests import labour_strike

    # "an open - ended strike" (the hyphen splits the modifier: open advmod> ended amod> strike)
    doc = make(["an", "open", "-", "ended", "strike"], [4, 3, 3, 4, 4], ["det", "advmod", "punct", "amod", "ROOT"],
               ["DET", "ADJ", "PUNCT", "VERB", "NOUN"], ["an", "open", "-", "end", "strike"])
    assert labour_strike(doc[4])
    # "a strike by teachers"
    doc = make(["a", "strike", "by", "teachers"], [1, 1, 1, 2], ["det", "ROOT", "prep", "pobj"],
               ["DET", "NOUN", "ADP", "NOUN"], ["a", "strike", "by", "teacher"])
    assert labour_strike(doc[1])
    # "an air strike", "a strike on the town": attacks
    doc = make(["an", "air", "strike"], [2, 2, 2], ["det", "compound", "ROOT"], ["DET", "NOUN", "NOUN"],
               ["an", "air", "strike"])
    assert not labour_strike(doc[2])
    doc = make(["a", "strike", "on", "the", "town"], [1, 1, 1, 4, 2], ["det", "ROOT", "prep", "det", "pobj"],
               ["DET", "NOUN", "ADP", "DET", "NOUN"], ["a", "strike", "on", "the", "town"])
    assert not labour_strike(doc[1])
