"""Criticism of a deed named before (ingest/deeds.py), on hand-built parses of two sentences."""
from __future__ import annotations

from handbuilt import events


def _two(make, second: list[str], heads: list[int], deps: list[str], pos: list[str], lemmas: list[str]):
    # "Turkey attacked Syria ." then the second sentence (heads given within it, shifted here)
    words = ["Turkey", "attacked", "Syria", ".", *second]
    return make(words, [1, 1, 1, 1, *(h + 4 for h in heads)],
                ["nsubj", "ROOT", "dobj", "punct", *deps], ["PROPN", "VERB", "PROPN", "PUNCT", *pos],
                ["Turkey", "attack", "Syria", ".", *lemmas])


def test_condemning_the_attack_accuses_who_attacked(make):
    # "... Iran condemned the attack ." condemned(ROOT): nsubj Iran, dobj attack (det the)
    doc = _two(make, ["Iran", "condemned", "the", "attack", "."], [1, 1, 3, 1, 1],
               ["nsubj", "ROOT", "det", "dobj", "punct"], ["PROPN", "VERB", "DET", "NOUN", "PUNCT"],
               ["Iran", "condemn", "the", "attack", "."])
    assert ("IRN", "ACCUSE", "TUR", "criticize_deed") in events(doc)


def test_the_deed_of_another_kind_or_of_the_critic_is_no_antecedent(make):
    # "... Turkey condemned the arrest ." : no arrest was reported, and Turkey is the only doer
    doc = _two(make, ["Turkey", "condemned", "the", "arrest", "."], [1, 1, 3, 1, 1],
               ["nsubj", "ROOT", "det", "dobj", "punct"], ["PROPN", "VERB", "DET", "NOUN", "PUNCT"],
               ["Turkey", "condemn", "the", "arrest", "."])
    assert not [e for e in events(doc) if e[3] == "criticize_deed"]
    # "... Turkey condemned the move .": the latest event is Turkey's own
    doc = _two(make, ["Turkey", "condemned", "the", "move", "."], [1, 1, 3, 1, 1],
               ["nsubj", "ROOT", "det", "dobj", "punct"], ["PROPN", "VERB", "DET", "NOUN", "PUNCT"],
               ["Turkey", "condemn", "the", "move", "."])
    assert not [e for e in events(doc) if e[3] == "criticize_deed"]
