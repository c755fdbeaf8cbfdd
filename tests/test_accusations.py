"""Accusations without an accusing verb (ingest/accusations.py), on hand-built parses.

Each Doc is built by hand (words, heads, dependency labels, POS, lemmas, NER spans), as the pinned model
parses the sentence in the comment, annotated by the real gazetteer and run through ``doc_triples``.
"""
from __future__ import annotations

from handbuilt import events

from geokg.ingest.accusations import psych_passive


def test_a_critic_of_a_state_accuses_it(make):
    # "Bolton is a critic of Russia ." Bolton <nsubj is(ROOT) attr> critic prep> of pobj> Russia
    doc = make(["Bolton", "is", "a", "critic", "of", "Russia", "."], [1, 1, 3, 1, 3, 4, 1],
               ["nsubj", "ROOT", "det", "attr", "prep", "pobj", "punct"],
               ["PROPN", "AUX", "DET", "NOUN", "ADP", "PROPN", "PUNCT"],
               ["Bolton", "be", "a", "critic", "of", "Russia", "."], ents=[(0, 1, "PERSON")])
    assert events(doc) == {("john-bolton", "ACCUSE", "RUS", "criticize")}  # the dictionary's Bolton


def test_naming_a_deed_with_a_damning_word_accuses_its_doer(make):
    # "Iraq characterized the US attack as a violation ." characterized(ROOT): nsubj Iraq, dobj attack
    # (compound US), prep as > pobj violation
    doc = make(["Iraq", "characterized", "the", "US", "attack", "as", "a", "violation", "."],
               [1, 1, 4, 4, 1, 1, 7, 5, 1],
               ["nsubj", "ROOT", "det", "compound", "dobj", "prep", "det", "pobj", "punct"],
               ["PROPN", "VERB", "DET", "PROPN", "NOUN", "ADP", "DET", "NOUN", "PUNCT"],
               ["Iraq", "characterize", "the", "US", "attack", "as", "a", "violation", "."])
    assert ("IRQ", "ACCUSE", "USA", "denounce") in events(doc)


def test_naming_without_a_damning_word_is_no_accusation(make):
    # "Iraq characterized the US move as a surprise ."
    doc = make(["Iraq", "characterized", "the", "US", "move", "as", "a", "surprise", "."],
               [1, 1, 4, 4, 1, 1, 7, 5, 1],
               ["nsubj", "ROOT", "det", "compound", "dobj", "prep", "det", "pobj", "punct"],
               ["PROPN", "VERB", "DET", "PROPN", "NOUN", "ADP", "DET", "NOUN", "PUNCT"],
               ["Iraq", "characterize", "the", "US", "move", "as", "a", "surprise", "."])
    assert not any(r == "ACCUSE" for _, r, _, _ in events(doc))


def test_the_disappointed_accuse_whoever_disappointed_them(make):
    # "Washington was disappointed by Iraq 's decision ." disappointed(ROOT): nsubjpass Washington, auxpass
    # was, agent by > pobj decision (poss Iraq)
    doc = make(["Washington", "was", "disappointed", "by", "Iraq", "'s", "decision", "."],
               [2, 2, 2, 2, 6, 4, 3, 2],
               ["nsubjpass", "auxpass", "ROOT", "agent", "poss", "case", "pobj", "punct"],
               ["PROPN", "AUX", "VERB", "ADP", "PROPN", "PART", "NOUN", "PUNCT"],
               ["Washington", "be", "disappoint", "by", "Iraq", "'s", "decision", "."],
               tags=[""] * 2 + ["VBN"] + [""] * 5)
    got = events(doc)
    assert ("USA", "ACCUSE", "IRQ", "criticize") in got
    assert not any(s == "IRQ" for s, _, _, _ in got)  # not the passive read the other way round


def test_a_claim_accuses_whoever_the_claimed_clause_says_acted(make):
    # "Iraqi protesters claimed Iran is influencing Iraq ." claimed(ROOT): nsubj protesters (amod Iraqi),
    # ccomp influencing (nsubj Iran, aux is, dobj Iraq)
    doc = make(["Iraqi", "protesters", "claimed", "Iran", "is", "influencing", "Iraq", "."], [1, 2, 2, 5, 5, 2, 5, 2],
               ["amod", "nsubj", "ROOT", "nsubj", "aux", "ccomp", "dobj", "punct"],
               ["ADJ", "NOUN", "VERB", "PROPN", "AUX", "VERB", "PROPN", "PUNCT"],
               ["iraqi", "protester", "claim", "Iran", "be", "influence", "Iraq", "."], tags=["", "NNS"] + [""] * 6)
    assert any(r == "ACCUSE" and o == "IRN" and p == "allege" for _, r, o, p in events(doc))


def test_naming_the_culprit_accuses_them(make):
    # "The Philippine army said Abu Sayyaf are the perpetrators ." said(ROOT): nsubj army (amod Philippine),
    # ccomp are (nsubj Sayyaf < compound Abu, attr perpetrators)
    doc = make(["The", "Philippine", "army", "said", "Abu", "Sayyaf", "are", "the", "perpetrators", "."],
               [2, 2, 3, 3, 5, 6, 3, 8, 6, 3],
               ["det", "amod", "nsubj", "ROOT", "compound", "nsubj", "ccomp", "det", "attr", "punct"],
               ["DET", "ADJ", "NOUN", "VERB", "PROPN", "PROPN", "AUX", "DET", "NOUN", "PUNCT"],
               ["the", "philippine", "army", "say", "Abu", "Sayyaf", "be", "the", "perpetrator", "."])
    got = events(doc)
    assert any(s == "PHL" and r == "ACCUSE" and p == "blame" for s, r, _, p in got), got


def test_calling_a_deed_something_is_no_phone_call(make):
    # "Turkey called Russia 's move a provocation ." called(ROOT): nsubj Turkey, dobj move (poss Russia),
    # oprd provocation
    doc = make(["Turkey", "called", "Russia", "'s", "move", "a", "provocation", "."], [1, 1, 4, 2, 1, 6, 1, 1],
               ["nsubj", "ROOT", "poss", "case", "dobj", "det", "oprd", "punct"],
               ["PROPN", "VERB", "PROPN", "PART", "NOUN", "DET", "NOUN", "PUNCT"],
               ["Turkey", "call", "Russia", "'s", "move", "a", "provocation", "."])
    got = events(doc)
    assert ("TUR", "ACCUSE", "RUS", "denounce") in got
    assert not any(r == "CONSULT" for _, r, _, _ in got)


def test_a_perfect_tense_psych_verb_keeps_its_subject_as_the_cause(make):
    # "Iran has angered Washington ." angered(ROOT, VBN): nsubj Iran, aux has, dobj Washington — not a passive:
    # Washington is not the accuser here
    doc = make(["Iran", "has", "angered", "Washington", "."], [2, 2, 2, 2, 2],
               ["nsubj", "aux", "ROOT", "dobj", "punct"], ["PROPN", "AUX", "VERB", "PROPN", "PUNCT"],
               ["Iran", "have", "anger", "Washington", "."], tags=["", "", "VBN", "", ""])
    assert not psych_passive(doc[2])
    passive = make(["Washington", "was", "angered", "by", "Iran", "."], [2, 2, 2, 2, 3, 2],
                   ["nsubjpass", "auxpass", "ROOT", "agent", "pobj", "punct"],
                   ["PROPN", "AUX", "VERB", "ADP", "PROPN", "PUNCT"], ["Washington", "be", "anger", "by", "Iran", "."],
                   tags=["", "", "VBN", "", "", ""])
    assert psych_passive(passive[2])
    assert ("USA", "ACCUSE", "IRN", "criticize") in events(passive)


def test_being_opposed_to_a_proposal_rejects_its_author(make):
    # "Israel is opposed to French mediation ." opposed(ROOT): nsubjpass Israel, auxpass is, prep to > pobj
    # mediation (amod French) — a stance, not a passive: nobody opposes Israel here
    doc = make(["Israel", "is", "opposed", "to", "French", "mediation", "."], [2, 2, 2, 2, 5, 3, 2],
               ["nsubjpass", "auxpass", "ROOT", "prep", "amod", "pobj", "punct"],
               ["PROPN", "AUX", "VERB", "ADP", "ADJ", "NOUN", "PUNCT"],
               ["Israel", "be", "oppose", "to", "french", "mediation", "."], tags=["", "", "VBN", "", "", "", ""])
    assert events(doc) == {("ISR", "REJECT", "FRA", "oppose")}


def test_being_opposed_to_an_actor_criticises_it(make):
    # "Iran is opposed to Israel ." opposed(ROOT): nsubjpass Iran, prep to > pobj Israel
    doc = make(["Iran", "is", "opposed", "to", "Israel", "."], [2, 2, 2, 2, 3, 2],
               ["nsubjpass", "auxpass", "ROOT", "prep", "pobj", "punct"],
               ["PROPN", "AUX", "VERB", "ADP", "PROPN", "PUNCT"], ["Iran", "be", "oppose", "to", "Israel", "."],
               tags=["", "", "VBN", "", "", ""])
    assert events(doc) == {("IRN", "ACCUSE", "ISR", "oppose")}


def test_a_deed_in_apposition_to_its_damning_name_accuses_its_owner(make):
    # "Albania denounced as a crime Serbia 's suppression of unrest in Montenegro ." denounced(ROOT): nsubj
    # Albania, prep as > pobj crime > appos suppression (poss Serbia, prep of > unrest > prep in > Montenegro)
    doc = make(["Albania", "denounced", "as", "a", "crime", "Serbia", "'s", "suppression", "of", "unrest", "in",
                "Montenegro", "."], [1, 1, 1, 4, 2, 7, 5, 4, 7, 8, 9, 10, 1],
               ["nsubj", "ROOT", "prep", "det", "pobj", "poss", "case", "appos", "prep", "pobj", "prep", "pobj",
                "punct"],
               ["PROPN", "VERB", "ADP", "DET", "NOUN", "PROPN", "PART", "NOUN", "ADP", "NOUN", "ADP", "PROPN", "PUNCT"],
               ["Albania", "denounce", "as", "a", "crime", "Serbia", "'s", "suppression", "of", "unrest", "in",
                "Montenegro", "."])
    got = {(s, r, o) for s, r, o, _ in events(doc)}
    assert ("ALB", "ACCUSE", "SRB") in got
    assert ("ALB", "ACCUSE", "MNE") not in got  # where the deed happened is not whom it accuses


def test_a_date_the_parser_took_for_a_name_is_no_naming_and_the_purpose_of_a_call_is_asked_for(make):
    # "Syria called Thursday on Iraq to mobilize against Israel ." The model reads "Thursday" as the oprd of
    # called and "to mobilize" as its purpose: called(ROOT) nsubj Syria, oprd Thursday (DATE), prep on > pobj
    # Iraq, advcl mobilize (aux to, prep against > pobj Israel)
    doc = make(["Syria", "called", "Thursday", "on", "Iraq", "to", "mobilize", "against", "Israel", "."],
               [1, 1, 1, 1, 3, 6, 1, 6, 7, 1],
               ["nsubj", "ROOT", "oprd", "prep", "pobj", "aux", "advcl", "prep", "pobj", "punct"],
               ["PROPN", "VERB", "PROPN", "ADP", "PROPN", "PART", "VERB", "ADP", "PROPN", "PUNCT"],
               ["Syria", "call", "Thursday", "on", "Iraq", "to", "mobilize", "against", "Israel", "."],
               ents=[(0, 1, "GPE"), (2, 3, "DATE"), (4, 5, "GPE"), (8, 9, "GPE")])
    got = {(s, r, o) for s, r, o, _ in events(doc)}
    assert ("SYR", "REQUEST", "IRQ") in got
    assert not any(r == "MOBILIZE" for _, r, _ in got), got  # asked for, not done


def test_criticism_despite_which_someone_acted_is_aimed_at_them(make):
    # "Turkey pledged the conversion despite criticism by Greece ." pledged(ROOT): nsubj Turkey, dobj conversion,
    # prep despite > pobj criticism > prep by > pobj Greece
    doc = make(["Turkey", "pledged", "the", "conversion", "despite", "criticism", "by", "Greece", "."],
               [1, 1, 3, 1, 1, 4, 5, 6, 1],
               ["nsubj", "ROOT", "det", "dobj", "prep", "pobj", "prep", "pobj", "punct"],
               ["PROPN", "VERB", "DET", "NOUN", "ADP", "NOUN", "ADP", "PROPN", "PUNCT"],
               ["Turkey", "pledge", "the", "conversion", "despite", "criticism", "by", "Greece", "."])
    assert ("GRC", "ACCUSE", "TUR") in {(s, r, o) for s, r, o, _ in events(doc)}


def test_a_deed_said_to_be_someones_doing_blames_them(make):
    # "Pompeo said the crash was Iran 's doing ." said(ROOT): nsubj Pompeo, ccomp was (nsubj crash, attr doing
    # < poss Iran)
    doc = make(["Pompeo", "said", "the", "crash", "was", "Iran", "'s", "doing", "."], [1, 1, 3, 4, 1, 7, 5, 4, 1],
               ["nsubj", "ROOT", "det", "nsubj", "ccomp", "poss", "case", "attr", "punct"],
               ["PROPN", "VERB", "DET", "NOUN", "AUX", "PROPN", "PART", "NOUN", "PUNCT"],
               ["Pompeo", "say", "the", "crash", "be", "Iran", "'s", "doing", "."], ents=[(0, 1, "PERSON")])
    assert any(r == "ACCUSE" and o == "IRN" and p == "blame" for _, r, o, p in events(doc)), events(doc)
