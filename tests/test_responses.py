"""Answers to messages (ingest/responses.py), on hand-built parses.

Each Doc is built by hand (words, heads, dependency labels, POS, lemmas, tags) as the pinned model parses the
sentence in the comment, annotated by the real gazetteer and run through ``doc_triples``.
"""
from __future__ import annotations

from handbuilt import events


def test_an_unsigned_call_answers_whom_it_concerns(make):
    # "The United Nations rejected a call for peacekeepers in East Timor ." rejected(ROOT): nsubj Nations
    # (det The, compound United), dobj call (det a, prep for > pobj peacekeepers > prep in > pobj Timor < compound
    # East)
    doc = make(["The", "United", "Nations", "rejected", "a", "call", "for", "peacekeepers", "in", "East", "Timor",
                "."], [2, 2, 3, 3, 5, 3, 5, 6, 7, 10, 8, 3],
               ["det", "compound", "nsubj", "ROOT", "det", "dobj", "prep", "pobj", "prep", "compound", "pobj",
                "punct"],
               ["DET", "PROPN", "PROPN", "VERB", "DET", "NOUN", "ADP", "NOUN", "ADP", "PROPN", "PROPN", "PUNCT"],
               ["the", "United", "Nations", "reject", "a", "call", "for", "peacekeeper", "in", "East", "Timor", "."],
               ents=[(1, 3, "ORG"), (9, 11, "GPE")])
    assert {(s, r, o) for s, r, o, _ in events(doc)} == {("UN", "REJECT", "TLS")}


def test_an_unsigned_claim_answers_no_one(make):
    # "Iran denied a claim about Iraq ." denied(ROOT): nsubj Iran, dobj claim (det a, prep about > pobj Iraq):
    # denying a claim nobody is said to have made is no rejection of what it is about
    doc = make(["Iran", "denied", "a", "claim", "about", "Iraq", "."], [1, 1, 3, 1, 3, 4, 1],
               ["nsubj", "ROOT", "det", "dobj", "prep", "pobj", "punct"],
               ["PROPN", "VERB", "DET", "NOUN", "ADP", "PROPN", "PUNCT"], ["Iran", "deny", "a", "claim", "about",
                                                                           "Iraq", "."])
    assert not any(r == "REJECT" for _, r, _, _ in events(doc))


def test_not_acceding_to_protesters_demands_rejects_the_protesters_the_context_places(make):
    # "Carrie Lam did not accede to protesters ' demands in Hong Kong ." accede(ROOT): nsubj Lam (compound
    # Carrie), aux did, neg not, prep to > pobj demands (poss protesters), prep in > pobj Kong (compound Hong)
    doc = make(["Carrie", "Lam", "did", "not", "accede", "to", "protesters", "'", "demands", "in", "Hong", "Kong",
                "."], [1, 4, 4, 4, 4, 4, 8, 6, 5, 4, 11, 9, 4],
               ["compound", "nsubj", "aux", "neg", "ROOT", "prep", "poss", "case", "pobj", "prep", "compound", "pobj",
                "punct"],
               ["PROPN", "PROPN", "AUX", "PART", "VERB", "ADP", "NOUN", "PART", "NOUN", "ADP", "PROPN", "PROPN",
                "PUNCT"],
               ["Carrie", "Lam", "do", "not", "accede", "to", "protester", "'", "demand", "in", "Hong", "Kong", "."],
               tags=["NNP", "NNP", "VBD", "RB", "VB", "IN", "NNS", "POS", "NNS", "IN", "NNP", "NNP", "."],
               ents=[(0, 2, "PERSON"), (10, 12, "GPE")])
    got = {(s, r, o) for s, r, o, _ in events(doc)}
    assert any(r == "REJECT" and o.startswith("HKG-") for s, r, o in got), got
