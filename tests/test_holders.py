"""The office-holder table (ingest/holders.py, data/office_holders.tsv) and its use for titled people."""
from __future__ import annotations

from handbuilt import events

from geokg.ingest.holders import holder_country, year_of
from geokg.ingest.models import Article
from geokg.ingest.pipeline import doc_triples


def test_a_surname_and_its_office_name_one_country():
    assert holder_country("Reagan", "president") == "USA"
    assert holder_country("Ronald Reagan", "president") == "USA"


def test_the_office_must_be_the_one_held_and_in_the_articles_year():
    assert holder_country("Reagan", "prime minister") is None
    assert holder_country("Zelensky", "president", 2020) == "UKR"
    assert holder_country("Zelensky", "president", 2010) is None  # not yet in office
    assert holder_country("Theresa May", "prime minister", 2017) == "GBR"


def test_a_stated_given_name_must_be_the_tables():
    assert holder_country("Nancy Reagan", "president") is None


def test_a_surname_two_holders_share_is_left_to_the_text():
    assert holder_country("Castro", "president") is None  # Fidel or Raul? (and others)


def test_year_of_reads_an_iso_date():
    assert year_of("2019-09-03") == 2019
    assert year_of(None) is None and year_of("") is None


def test_a_titled_surname_the_article_does_not_place_is_placed_by_the_table(make):
    # "The German government welcomed President Reagan 's statement ." welcomed(ROOT): nsubj government (det
    # The, amod German), dobj statement (poss Reagan < compound President, case 's)
    doc = make(["The", "German", "government", "welcomed", "President", "Reagan", "'s", "statement", "."],
               [2, 2, 3, 3, 5, 7, 5, 3, 3],
               ["det", "amod", "nsubj", "ROOT", "compound", "poss", "case", "dobj", "punct"],
               ["DET", "ADJ", "NOUN", "VERB", "PROPN", "PROPN", "PART", "NOUN", "PUNCT"],
               ["the", "german", "government", "welcome", "President", "Reagan", "'s", "statement", "."],
               ents=[(1, 2, "NORP"), (5, 6, "PERSON")])
    roles = {(t.subject.name, t.object.key) for t in doc_triples(doc, Article.make(doc.text, ref="t"))
             if t.relation == "ROLE"}
    assert roles == {("Reagan", "USA")}  # not Germany, the one country the sentence names
    assert any(r == "SUPPORT" for _, r, _, _ in events(doc))


def test_the_regeneration_script_reads_the_lists_shape():
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "scripts" / "derive_office_holders.py"
    spec = importlib.util.spec_from_file_location("derive_office_holders", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    sample = "\n".join([
        "-   Ukraine", "", ":*Presidents (complete list) –", "",
        "::*Oleksandr Turchynov, Acting President (2014)", "",
        "::*Volodymyr Zelensky, President (2019–present)", "",
        "-   Central African Republic", "", "::*Michel Djotodia", "", ":::*President (2013)", "",
        ":::*Transitional Head of State (2013–2014)", "",
        "-   Lesotho", "", "::*Letsie III, King (1990–1995, 1996–present)",
    ])
    names = [("central african republic", "CAF"), ("lesotho", "LSO"), ("ukraine", "UKR")]
    assert mod.parse(sample, names) == {
        ("Oleksandr Turchynov", "UKR", "president", "2014", "2014"),
        ("Volodymyr Zelensky", "UKR", "president", "2019", ""),
        ("Michel Djotodia", "CAF", "president", "2013", "2013"),
        ("Michel Djotodia", "CAF", "head of state", "2013", "2014"),
        ("Letsie III", "LSO", "king", "1990", "1995"),
        ("Letsie III", "LSO", "king", "1996", ""),
    }
