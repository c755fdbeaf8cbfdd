"""Clause structure on hand-built parses: each Doc says exactly which parse it covers."""
from __future__ import annotations

import spacy
from spacy.tokens import Doc

from geokg.ingest import clauses as cl

VOCAB = spacy.blank("en").vocab


def make(words, heads, deps, pos=None, lemmas=None, tags=None) -> Doc:
    n = len(words)
    return Doc(VOCAB, words=words, heads=heads, deps=deps, pos=pos or ["X"] * n,
               lemmas=lemmas or [w.lower() for w in words], tags=tags or [""] * n)


def test_passive_subject_is_the_agent():
    # "a jet was downed by a fighter"
    doc = make(["a", "jet", "was", "downed", "by", "a", "fighter"],
               [1, 3, 3, 3, 3, 6, 4], ["det", "nsubjpass", "auxpass", "ROOT", "agent", "det", "pobj"],
               pos=["DET", "NOUN", "AUX", "VERB", "ADP", "DET", "NOUN"])
    assert cl.is_passive(doc[3])
    assert [t.text for t in cl.subject_tokens(doc[3])] == ["fighter"]


def test_object_control_gives_the_xcomp_its_subject():
    # "Obama urged Russia to withdraw"
    doc = make(["Obama", "urged", "Russia", "to", "withdraw"], [1, 1, 1, 4, 1],
               ["nsubj", "ROOT", "dobj", "aux", "xcomp"], pos=["PROPN", "VERB", "PROPN", "PART", "VERB"])
    assert [t.text for t in cl.subject_tokens(doc[4])] == ["Russia"]


def test_relative_clause_subject_is_its_antecedent():
    # "the way which requires Russia"
    doc = make(["the", "way", "which", "requires", "Russia"], [1, 1, 3, 1, 3],
               ["det", "ROOT", "nsubj", "relcl", "dobj"], pos=["DET", "NOUN", "PRON", "VERB", "PROPN"])
    assert [t.text for t in cl.subject_tokens(doc[3])] == ["way"]
    assert cl.subject_is_placeholder(doc[3])


def test_conjoined_verb_inherits_subject_but_not_negation():
    # "Turkey did not attack and called for talks"
    doc = make(["Turkey", "did", "not", "attack", "and", "called"], [3, 3, 3, 3, 3, 3],
               ["nsubj", "aux", "neg", "ROOT", "cc", "conj"], pos=["PROPN", "AUX", "PART", "VERB", "CCONJ", "VERB"])
    assert cl.negated(doc[3]) is True
    assert cl.negated(doc[5]) is False
    assert [t.text for t in cl.subject_tokens(doc[5])] == ["Turkey"]


def test_reporting_frame_finds_the_speaker_verb():
    # "Turkey says Russia violated airspace"
    doc = make(["Turkey", "says", "Russia", "violated", "airspace"], [1, 1, 3, 1, 3],
               ["nsubj", "ROOT", "nsubj", "ccomp", "dobj"], pos=["PROPN", "VERB", "PROPN", "VERB", "NOUN"],
               lemmas=["Turkey", "say", "Russia", "violate", "airspace"])
    frame = cl.reporting_frame(doc[3])
    assert frame is not None and frame.text == "says"
    assert cl.reporting_frame(doc[1]) is None


def test_modality_and_quotes():
    # 'He said " we will act "'
    doc = make(["He", "said", '"', "we", "will", "act", '"'], [1, 1, 5, 5, 5, 1, 5],
               ["nsubj", "ROOT", "punct", "nsubj", "aux", "ccomp", "punct"],
               pos=["PRON", "VERB", "PUNCT", "PRON", "AUX", "VERB", "PUNCT"])
    assert cl.modality(doc[5]) == "will"
    assert cl.quoted(doc[5]) is True
    assert cl.quoted(doc[1]) is False


def test_prep_objects_follow_in_front_of_chains():
    # "rally in front of the embassy"
    doc = make(["rally", "in", "front", "of", "the", "embassy"], [0, 0, 1, 2, 5, 3],
               ["ROOT", "prep", "pobj", "prep", "det", "pobj"])
    assert [t.text for t in cl.prep_objects(doc[0])] == ["front", "embassy"]
