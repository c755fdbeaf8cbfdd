"""Offices (ingest/offices.py, Resolver.finish_roles): the title around a name and whose office it is.

Docs are built by hand: every token hangs on the sentence's verb (the title reader works on the words next
to a name, so the tests say exactly which words, POS tags and entity spans they cover), run through the
real gazetteer and ``pipeline.doc_triples``.
"""
from __future__ import annotations

from handbuilt import NLP
from spacy.tokens import Doc, Span

from geokg.ingest.models import Article
from geokg.ingest.offices import default_country, has_office
from geokg.ingest.pipeline import doc_triples


def build(gazetteer, tagged: str, ents: list[tuple[str, str]]) -> Doc:
    """``tagged``: "word/POS ..." with one VERB; ``ents``: (exact words, label) NER spans."""
    words, pos = zip(*(w.rsplit("/", 1) for w in tagged.split()), strict=True)
    verb = pos.index("VERB")
    heads = [verb] * len(words)
    deps = ["ROOT" if i == verb else ("punct" if p == "PUNCT" else "dep") for i, p in enumerate(pos)]
    doc = Doc(NLP.vocab, words=list(words), heads=heads, deps=deps, pos=list(pos),
              lemmas=[w.lower() for w in words])
    spans, after = [], 0
    for text, label in ents:  # in text order: each span is searched after the previous one
        n = len(text.split())
        start = next(i for i in range(after, len(words)) if " ".join(words[i:i + n]) == text)
        spans.append(Span(doc, start, start + n, label=label))
        after = start + n
    doc.ents = spans
    return gazetteer(doc)


def roles(doc: Doc) -> set[tuple[str, str, str]]:
    return {(t.subject.name, t.attrs["role"], t.object.key)
            for t in doc_triples(doc, Article.make(doc.text, ref="t")) if t.relation == "ROLE"}


def test_a_multiword_title_keeps_its_words_and_the_country_adjective_is_not_one_of_them(gazetteer):
    # "US Secretary of State Mike Pompeo spoke." ("State" read as an organisation by the recogniser)
    doc = build(gazetteer, "US/PROPN Secretary/PROPN of/ADP State/PROPN Mike/PROPN Pompeo/PROPN spoke/VERB ./PUNCT",
                [("State", "ORG"), ("Mike Pompeo", "PERSON")])
    assert roles(doc) == {("Mike Pompeo", "secretary of state", "USA")}


def test_an_apposition_after_the_name_with_of_country(gazetteer):
    # "Carrie Lam, the chief executive of Hong Kong, spoke."
    doc = build(gazetteer, "Carrie/PROPN Lam/PROPN ,/PUNCT the/DET chief/ADJ executive/NOUN of/ADP Hong/PROPN "
                           "Kong/PROPN ,/PUNCT spoke/VERB ./PUNCT", [("Carrie Lam", "PERSON"), ("Hong Kong", "GPE")])
    assert roles(doc) == {("Carrie Lam", "chief executive", "HKG")}


def test_the_title_before_of_country_before_the_name(gazetteer):
    # "The President of the United States Donald Trump spoke."
    doc = build(gazetteer, "The/DET President/PROPN of/ADP the/DET United/PROPN States/PROPN Donald/PROPN "
                           "Trump/PROPN spoke/VERB ./PUNCT", [("the United States", "GPE"), ("Donald Trump", "PERSON")])
    assert roles(doc) == {("Donald Trump", "president", "USA")}


def test_an_armed_groups_spokesperson_holds_an_office_of_the_group_not_of_its_country(gazetteer):
    # "Taliban spokesperson Zabiullah Mujahid spoke."
    doc = build(gazetteer, "Taliban/PROPN spokesperson/NOUN Zabiullah/PROPN Mujahid/PROPN spoke/VERB ./PUNCT",
                [("Taliban", "ORG"), ("Zabiullah Mujahid", "PERSON")])
    (person, role, holder), = roles(doc)
    assert (person, role, holder) == ("Zabiullah Mujahid", "spokesperson", "TALIBAN")


def test_an_organisation_the_gazetteer_does_not_know_holds_its_officers_office(gazetteer):
    # "ABS-CBN CEO Carlo Katigbak spoke."
    doc = build(gazetteer, "ABS-CBN/PROPN CEO/PROPN Carlo/PROPN Katigbak/PROPN spoke/VERB ./PUNCT",
                [("ABS-CBN", "ORG"), ("Carlo Katigbak", "PERSON")])
    assert roles(doc) == {("Carlo Katigbak", "ceo", "abs-cbn")}


def test_the_second_of_two_listed_officials_shares_the_first_ones_country(gazetteer):
    # "Greek prime minister Kyriakos Mitsotakis and energy minister Konstantinos Hatzidakis met."
    doc = build(gazetteer, "Greek/ADJ prime/ADJ minister/NOUN Kyriakos/PROPN Mitsotakis/PROPN and/CCONJ energy/NOUN "
                           "minister/NOUN Konstantinos/PROPN Hatzidakis/PROPN met/VERB ./PUNCT",
                [("Greek", "NORP"), ("Kyriakos Mitsotakis", "PERSON"), ("Konstantinos Hatzidakis", "PERSON")])
    got = roles(doc)
    assert ("Konstantinos Hatzidakis", "energy minister", "GRC") in got
    # the dictionary's Konstantinos Mitsotakis is not the Kyriakos the text names
    assert any(p == "Kyriakos Mitsotakis" and r == "prime minister" and c == "GRC" for p, r, c in got)


def test_a_title_one_state_uses_gives_its_country(gazetteer):
    # "Taoiseach Leo Varadkar spoke."
    doc = build(gazetteer, "Taoiseach/PROPN Leo/PROPN Varadkar/PROPN spoke/VERB ./PUNCT", [("Leo Varadkar", "PERSON")])
    assert roles(doc) == {("Leo Varadkar", "taoiseach", "IRL")}
    assert default_country("taoiseach") == "IRL" and default_country("president") is None


def test_no_country_anywhere_gives_no_role(gazetteer):
    # "Director John Smith spoke." — no country in the phrase, the article or the title
    doc = build(gazetteer, "Director/PROPN John/PROPN Smith/PROPN spoke/VERB ./PUNCT", [("John Smith", "PERSON")])
    assert roles(doc) == set()


def test_the_country_the_article_is_about_stands_in_for_a_bare_title(gazetteer):
    # "Philippine troops patrol Philippine waters. President Rodrigo Duterte spoke." (one sentence here)
    doc = build(gazetteer, "Philippine/ADJ troops/NOUN and/CCONJ Philippine/ADJ police/NOUN saw/VERB President/PROPN "
                           "Rodrigo/PROPN Duterte/PROPN ./PUNCT", [("Rodrigo Duterte", "PERSON")])
    assert roles(doc) == {("Rodrigo Duterte", "president", "PHL")}


def test_office_words_cover_titles_and_their_heads() -> None:
    assert has_office(["secretary", "of", "state"]) and has_office(["chief", "constable"])
    assert not has_office(["state"]) and not has_office(["protesters"])


def test_one_of_a_leaders_aides_serves_the_leaders_state(gazetteer):
    # "Ukrainian President Volodymyr Zelensky met Andriy Yermak , one of President Zelensky 's aides ."
    doc = build(gazetteer, "Ukrainian/ADJ President/PROPN Volodymyr/PROPN Zelensky/PROPN met/VERB Andriy/PROPN "
                           "Yermak/PROPN ,/PUNCT one/NUM of/ADP President/PROPN Zelensky/PROPN 's/PART "
                           "aides/NOUN ./PUNCT",
                [("Volodymyr Zelensky", "PERSON"), ("Andriy Yermak", "PERSON"), ("Zelensky", "PERSON")])
    assert ("Andriy Yermak", "aides", "UKR") in roles(doc)


def test_a_leading_apposition_without_article(gazetteer):
    # "It killed Iranian general , Qasem Soleimani ."
    doc = build(gazetteer, "It/PRON killed/VERB Iranian/ADJ general/NOUN ,/PUNCT Qasem/PROPN Soleimani/PROPN ./PUNCT",
                [("Qasem Soleimani", "PERSON")])
    assert roles(doc) == {("Qasem Soleimani", "general", "IRN")}


def test_a_city_in_the_title_stays_in_it_and_gives_its_state(gazetteer):
    # "The prosecutor general of Tehran , Ali Alghasi Mehr , spoke ."
    doc = build(gazetteer, "The/DET prosecutor/NOUN general/NOUN of/ADP Tehran/PROPN ,/PUNCT Ali/PROPN Alghasi/PROPN "
                           "Mehr/PROPN ,/PUNCT spoke/VERB ./PUNCT", [("Tehran", "GPE"), ("Ali Alghasi Mehr", "PERSON")])
    assert roles(doc) == {("Ali Alghasi Mehr", "prosecutor general of tehran", "IRN")}


def test_becoming_leader_of_a_party_is_an_office_of_the_party(gazetteer):
    # "Johnson became leader of the Labour Party ." Johnson <nsubj became(ROOT) attr> leader prep> of pobj> Party
    words = ["Johnson", "became", "leader", "of", "the", "Labour", "Party", "."]
    doc = Doc(NLP.vocab, words=words, heads=[1, 1, 1, 2, 6, 6, 3, 1],
              deps=["nsubj", "ROOT", "attr", "prep", "det", "compound", "pobj", "punct"],
              pos=["PROPN", "VERB", "NOUN", "ADP", "DET", "PROPN", "PROPN", "PUNCT"],
              lemmas=["Johnson", "become", "leader", "of", "the", "Labour", "Party", "."])
    doc.ents = [Span(doc, 0, 1, label="PERSON"), Span(doc, 5, 7, label="ORG")]
    (person, role, holder), = roles(gazetteer(doc))
    assert (role, holder) == ("leader", "labour-party")


def test_names_listed_after_a_plural_title_share_it(gazetteer):
    # "It was signed by Representatives Eliot Engel , Adam Schiff , and Elijah Cummings ."
    doc = build(gazetteer, "It/PRON was/AUX signed/VERB by/ADP Representatives/PROPN Eliot/PROPN Engel/PROPN ,/PUNCT "
                           "Adam/PROPN Schiff/PROPN ,/PUNCT and/CCONJ Elijah/PROPN Cummings/PROPN ./PUNCT",
                [("Eliot Engel", "PERSON"), ("Adam Schiff", "PERSON"), ("Elijah Cummings", "PERSON")])
    doc[4].tag_ = "NNPS"
    got = roles(doc)
    assert {(p, c) for p, _, c in got} == {("Eliot Engel", "USA"), ("Adam Schiff", "USA"), ("Elijah Cummings", "USA")}
    assert {r for _, r, _ in got} == {"representatives", "representative"}
