"""Target search constructions (ingest/targets.py, clauses.prep_objects), on hand-built parses.

Each Doc is built by hand (words, heads, dependency labels, POS, lemmas, tags) as the pinned model parses the
sentence in the comment, annotated by the real gazetteer and run through ``doc_triples``.
"""
from __future__ import annotations

from handbuilt import events


def test_a_preposition_whose_object_the_parser_made_a_subject_still_has_it(make):
    # "Peru granted asylum to Panamanian officers holed up ." The model leaves "to" without a pobj and makes
    # "officers" the nsubj of "holed" (advcl, VBD): granted(ROOT) nsubj Peru, dobj asylum, prep to;
    # officers(amod Panamanian) nsubj> holed advcl> granted
    doc = make(["Peru", "granted", "asylum", "to", "Panamanian", "officers", "holed", "up", "."],
               [1, 1, 1, 1, 5, 6, 1, 6, 1],
               ["nsubj", "ROOT", "dobj", "prep", "amod", "nsubj", "advcl", "prt", "punct"],
               ["PROPN", "VERB", "NOUN", "ADP", "ADJ", "NOUN", "VERB", "ADP", "PUNCT"],
               ["Peru", "grant", "asylum", "to", "panamanian", "officer", "hole", "up", "."],
               tags=["NNP", "VBD", "NN", "IN", "JJ", "NNS", "VBD", "RP", "."])
    assert {(s, r, o) for s, r, o, _ in events(doc)} == {("PER", "AID", "PAN")}


def test_a_subject_of_its_own_clause_after_a_complete_preposition_is_not_taken(make):
    # "Peru granted asylum to Chileans as Panamanian officers watched ." to > pobj Chileans: the later
    # clause's subject is not the preposition's object
    doc = make(["Peru", "granted", "asylum", "to", "Chileans", "as", "Panamanian", "officers", "watched", "."],
               [1, 1, 1, 1, 3, 8, 7, 8, 1, 1],
               ["nsubj", "ROOT", "dobj", "prep", "pobj", "mark", "amod", "nsubj", "advcl", "punct"],
               ["PROPN", "VERB", "NOUN", "ADP", "PROPN", "SCONJ", "ADJ", "NOUN", "VERB", "PUNCT"],
               ["Peru", "grant", "asylum", "to", "Chileans", "as", "panamanian", "officer", "watch", "."],
               tags=["NNP", "VBD", "NN", "IN", "NNPS", "IN", "JJ", "NNS", "VBD", "."])
    assert {(s, r, o) for s, r, o, _ in events(doc)} == {("PER", "AID", "CHL")}


def test_refusing_to_allow_someone_to_act_rejects_them(make):
    # "Iraq refused to allow United Nations planes to land ." refused(ROOT): nsubj Iraq, xcomp allow (aux to),
    # allow ccomp> land (nsubj planes < compound Nations < compound United, aux to)
    doc = make(["Iraq", "refused", "to", "allow", "United", "Nations", "planes", "to", "land", "."],
               [1, 1, 3, 1, 5, 6, 8, 8, 3, 1],
               ["nsubj", "ROOT", "aux", "xcomp", "compound", "compound", "nsubj", "aux", "ccomp", "punct"],
               ["PROPN", "VERB", "PART", "VERB", "PROPN", "PROPN", "NOUN", "PART", "VERB", "PUNCT"],
               ["Iraq", "refuse", "to", "allow", "United", "Nations", "plane", "to", "land", "."],
               ents=[(4, 6, "ORG")])
    assert ("IRQ", "REJECT", "UN") in {(s, r, o) for s, r, o, _ in events(doc)}


def test_two_states_whose_envoys_go_somewhere_for_talks_meet_each_other(make):
    # "U.S. and Russian negotiators return to Geneva for talks ." return(ROOT): nsubj negotiators (nmod U.S. >
    # cc and, conj Russian), prep to > pobj Geneva, prep for > pobj talks
    doc = make(["U.S.", "and", "Russian", "negotiators", "return", "to", "Geneva", "for", "talks", "."],
               [3, 0, 0, 4, 4, 4, 5, 4, 7, 4],
               ["nmod", "cc", "conj", "nsubj", "ROOT", "prep", "pobj", "prep", "pobj", "punct"],
               ["PROPN", "CCONJ", "ADJ", "NOUN", "VERB", "ADP", "PROPN", "ADP", "NOUN", "PUNCT"],
               ["U.S.", "and", "russian", "negotiator", "return", "to", "Geneva", "for", "talk", "."],
               tags=["NNP", "CC", "JJ", "NNS", "VBP", "IN", "NNP", "IN", "NNS", "."],
               ents=[(0, 1, "GPE"), (6, 7, "GPE")])
    got = {(s, r, o) for s, r, o, _ in events(doc)}
    assert got & {("USA", "CONSULT", "RUS"), ("RUS", "CONSULT", "USA")}, got
    assert not any(o == "CHE" for _, _, o in got)  # where they meet is not whom


def test_a_group_named_in_apposition_acts_and_its_demand_is_aimed_at_whoever_is_to_act(make):
    # "The rebel group , Hamas , insisted on its demands that Israel free prisoners ." insisted(ROOT): nsubj group
    # (det The, compound rebel, appos Hamas), prep on > pobj demands (poss its, acl free < nsubj Israel, mark that;
    # free dobj prisoners)
    doc = make(["The", "rebel", "group", ",", "Hamas", ",", "insisted", "on", "its", "demands", "that", "Israel",
                "free", "prisoners", "."], [2, 2, 6, 2, 2, 2, 6, 6, 9, 7, 12, 12, 9, 12, 6],
               ["det", "compound", "nsubj", "punct", "appos", "punct", "ROOT", "prep", "poss", "pobj", "mark", "nsubj",
                "acl", "dobj", "punct"],
               ["DET", "NOUN", "NOUN", "PUNCT", "PROPN", "PUNCT", "VERB", "ADP", "PRON", "NOUN", "SCONJ", "PROPN",
                "VERB", "NOUN", "PUNCT"],
               ["the", "rebel", "group", ",", "Hamas", ",", "insist", "on", "its", "demand", "that", "Israel", "free",
                "prisoner", "."], ents=[(4, 5, "ORG"), (11, 12, "GPE")])
    got = {(s, r, o) for s, r, o, _ in events(doc)}
    assert ("HAMAS", "REQUEST", "ISR") in {(s.upper(), r, o) for s, r, o in got}, got
    assert not any(o.upper() == "HAMAS" for _, _, o in got)  # the group is not the target of its own demand


def test_a_border_is_where_not_whom(make):
    # "Burmese troops captured a stronghold on the Thai border ." captured(ROOT): nsubj troops (amod Burmese),
    # dobj stronghold, prep on > pobj border (det the, amod Thai)
    doc = make(["Burmese", "troops", "captured", "a", "stronghold", "on", "the", "Thai", "border", "."],
               [1, 2, 2, 4, 2, 2, 8, 8, 5, 2],
               ["amod", "nsubj", "ROOT", "det", "dobj", "prep", "det", "amod", "pobj", "punct"],
               ["ADJ", "NOUN", "VERB", "DET", "NOUN", "ADP", "DET", "ADJ", "NOUN", "PUNCT"],
               ["burmese", "troop", "capture", "a", "stronghold", "on", "the", "thai", "border", "."],
               tags=["JJ", "NNS", "VBD", "DT", "NN", "IN", "DT", "JJ", "NN", "."])
    assert not any(o == "THA" for _, _, o, _ in events(doc))
    doc = make(["Burmese", "troops", "captured", "a", "stronghold", "on", "the", "Thai", "island", "."],
               [1, 2, 2, 4, 2, 2, 8, 8, 5, 2],
               ["amod", "nsubj", "ROOT", "det", "dobj", "prep", "det", "amod", "pobj", "punct"],
               ["ADJ", "NOUN", "VERB", "DET", "NOUN", "ADP", "DET", "ADJ", "NOUN", "PUNCT"],
               ["burmese", "troop", "capture", "a", "stronghold", "on", "the", "thai", "island", "."],
               tags=["JJ", "NNS", "VBD", "DT", "NN", "IN", "DT", "JJ", "NN", "."])
    assert ("MMR", "THA") in {(s, o) for s, _, o, _ in events(doc)}  # an island of one state names it


def test_an_effort_is_the_act_its_compound_names(make):
    # "Qatar launched a mediation effort between Egypt and Israel ." launched(ROOT): nsubj Qatar, dobj effort
    # (det a, compound mediation, prep between > pobj Egypt > cc and, conj Israel)
    doc = make(["Qatar", "launched", "a", "mediation", "effort", "between", "Egypt", "and", "Israel", "."],
               [1, 1, 4, 4, 1, 4, 5, 6, 6, 1],
               ["nsubj", "ROOT", "det", "compound", "dobj", "prep", "pobj", "cc", "conj", "punct"],
               ["PROPN", "VERB", "DET", "NOUN", "NOUN", "ADP", "PROPN", "CCONJ", "PROPN", "PUNCT"],
               ["Qatar", "launch", "a", "mediation", "effort", "between", "Egypt", "and", "Israel", "."])
    got = {(s, r, o) for s, r, o, _ in events(doc)}
    assert {("QAT", "CONSULT", "EGY"), ("QAT", "CONSULT", "ISR")} <= got, got
    assert not any(r == "REQUEST" for _, r, _ in got)  # not the lexicon's "launch an effort" (an appeal)
