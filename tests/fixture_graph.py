"""A small hand-built graph (3 articles, every relation kind) shared by the store,
Neo4j, query and analytics tests. Change it only with the tests that count on it."""
from __future__ import annotations

from geokg.ingest.models import Actor, Article, EventDate, Evidence, Triple

RUS = Actor("RUS", "Russia", "Country", "RUS", "Q159")
TUR = Actor("TUR", "Turkey", "Country", "TUR", "Q43")
USA = Actor("USA", "United States", "Country", "USA", "Q30")
FRA = Actor("FRA", "France", "Country", "FRA", "Q142")
SYR = Actor("SYR", "Syria", "Country", "SYR", "Q858")
UKR = Actor("UKR", "Ukraine", "Country", "UKR", "Q212")
EU = Actor("EU", "European Union", "Organization", None, "Q458")
NATO = Actor("NATO", "NATO", "Organization", None, "Q7184")
ISIS = Actor("ISIS", "Islamic State", "Group", None, "Q2429253")
PUTIN = Actor("vladimir-putin", "Vladimir Putin", "Person", "RUS", "Q7747")
LAVROV = Actor("sergey-lavrov", "Sergey Lavrov", "Person", "RUS", "Q80137")
OBAMA = Actor("barack-obama", "Barack Obama", "Person", "USA", "Q76")
HOLLANDE = Actor("francois-hollande", "François Hollande", "Person", "FRA", "Q729")

TEXT_1 = (
    "Russia's Foreign Minister Sergey Lavrov has canceled his visit to Istanbul after a Russian jet "
    "was downed by a Turkish F-16.\n\n"
    "Russian President Vladimir Putin condemned Turkey. He warns there will be severe consequences.\n\n"
    "Turkey gets 60 percent of its gas from Russia.\n\n"
    "Turkish jets shot down the Russian bomber, Turkey confirmed."
)
TEXT_2 = (
    "US President Barack Obama and his French counterpart François Hollande agreed on a plan.\n\n"
    "Obama urged Russia to withdraw its support for the Syrian regime.\n\n"
    "The European Union called on Russia and Turkey to remain calm.\n\n"
    "Russia did not attack Ukraine, the Kremlin said."
)
TEXT_3 = (
    "Turkey is a member of NATO.\n\n"
    "Russia accused Islamic State of the bombing.\n\n"
    "Putin met Obama in Paris."
)

ART_1 = Article.make(TEXT_1, ref="fixture/a1.txt", title="Russian jet downed", date="2015-11-24",
                     source="Fixture News", url="https://example.org/a1")
ART_2 = Article.make(TEXT_2, ref="fixture/a2.txt", title="Leaders urge calm", date="2015-11-25",
                     source="Fixture News", url="https://example.org/a2")
ART_3 = Article.make(TEXT_3, ref="fixture/a3.txt", title="Alliances", date="2016-01-10",
                     source="Other Wire", url=None)


def _ev(article: Article, sentence: str) -> Evidence:
    start = article.text.index(sentence)
    return Evidence(article.ref, sentence, start, start + len(sentence))


def _t(article: Article, s: Actor, rel: str, o: Actor, sentences: list[str], **kw) -> Triple:
    return Triple(subject=s, relation=rel, object=o, evidence=tuple(_ev(article, x) for x in sentences),
                  published=article.date, article_id=article.id, **kw)


S1 = ("Russia's Foreign Minister Sergey Lavrov has canceled his visit to Istanbul after a Russian jet "
      "was downed by a Turkish F-16.")

TRIPLES_1 = [
    _t(ART_1, LAVROV, "ROLE", RUS, [S1], predicate="holds_office", attributes=(("role", "foreign minister"),),
       confidence=0.95),
    _t(ART_1, LAVROV, "SANCTION", TUR, [S1], predicate="cancel_visit", mode="withdraw", cameo="16",
       score=-6.0, confidence=0.7),
    # the same event reported twice: one statement, two evidence spans
    _t(ART_1, TUR, "ASSAULT", RUS, [S1, "Turkish jets shot down the Russian bomber, Turkey confirmed."],
       predicate="shoot_down", mode="aerial", cameo="19", score=-9.0, confidence=0.85),
    _t(ART_1, PUTIN, "ROLE", RUS, ["Russian President Vladimir Putin condemned Turkey."],
       predicate="holds_office", attributes=(("role", "president"),), confidence=0.95),
    _t(ART_1, PUTIN, "ACCUSE", TUR, ["Russian President Vladimir Putin condemned Turkey."],
       predicate="condemn", cameo="11", score=-2.0, confidence=0.8),
    _t(ART_1, PUTIN, "THREATEN", TUR, ["He warns there will be severe consequences."],
       predicate="warn", cameo="13", score=-5.0, confidence=0.6),
    _t(ART_1, TUR, "TRADE", RUS, ["Turkey gets 60 percent of its gas from Russia."], predicate="import",
       attributes=(("commodity", "gas"), ("share", 60.0)), confidence=0.8),
]
TRIPLES_2 = [
    _t(ART_2, OBAMA, "ROLE", USA, ["US President Barack Obama and his French counterpart François Hollande "
                                   "agreed on a plan."], predicate="holds_office",
       attributes=(("role", "president"),), confidence=0.95),
    _t(ART_2, HOLLANDE, "ROLE", FRA, ["US President Barack Obama and his French counterpart François Hollande "
                                      "agreed on a plan."], predicate="holds_office",
       attributes=(("role", "president"),), confidence=0.9),
    _t(ART_2, OBAMA, "AGREE", HOLLANDE, ["US President Barack Obama and his French counterpart François "
                                         "Hollande agreed on a plan."], predicate="agree", cameo="03",
       score=5.0, confidence=0.7),
    _t(ART_2, OBAMA, "REQUEST", RUS, ["Obama urged Russia to withdraw its support for the Syrian regime."],
       predicate="urge", cameo="10", score=-1.0, confidence=0.75),
    _t(ART_2, RUS, "SUPPORT", SYR, ["Obama urged Russia to withdraw its support for the Syrian regime."],
       predicate="support", cameo="05", score=4.0, confidence=0.6),
    _t(ART_2, EU, "REQUEST", RUS, ["The European Union called on Russia and Turkey to remain calm."],
       predicate="call_on", cameo="10", score=-1.0, confidence=0.75),
    _t(ART_2, EU, "REQUEST", TUR, ["The European Union called on Russia and Turkey to remain calm."],
       predicate="call_on", cameo="10", score=-1.0, confidence=0.75),
    _t(ART_2, RUS, "ASSAULT", UKR, ["Russia did not attack Ukraine, the Kremlin said."], predicate="attack",
       cameo="19", score=-9.0, negated=True, attributed_to=RUS, confidence=0.6),
]
TRIPLES_3 = [
    _t(ART_3, TUR, "MEMBER_OF", NATO, ["Turkey is a member of NATO."], predicate="member_of", confidence=0.9),
    _t(ART_3, RUS, "ACCUSE", ISIS, ["Russia accused Islamic State of the bombing."], predicate="accuse",
       cameo="11", score=-2.0, confidence=0.8),
    _t(ART_3, PUTIN, "CONSULT", OBAMA, ["Putin met Obama in Paris."], predicate="meet", mode="visit",
       cameo="04", score=3.0, confidence=0.7),
]

FIXTURE: list[tuple[Article, list[Triple]]] = [(ART_1, TRIPLES_1), (ART_2, TRIPLES_2), (ART_3, TRIPLES_3)]

# A second outlet reporting the Turkish shoot-down (issue 10): the same subject, relation, object and
# predicate family on a compatible date, so it merges with TRIPLES_1's ASSAULT into one event of two
# sources. Kept out of FIXTURE (whose counts other suites rely on): FIXTURE_MERGING adds it.
TEXT_4 = ("On Tuesday Turkish F-16s shot down a Russian Su-24 near the Syrian border.\n\n"
          "Turkey warned Russia over airspace violations.")
ART_4 = Article.make(TEXT_4, ref="fixture/a4.txt", title="Jet shot down", date="2015-11-25",
                     source="Other Wire", url="https://example.org/a4")
TRIPLES_4 = [
    _t(ART_4, TUR, "ASSAULT", RUS, ["On Tuesday Turkish F-16s shot down a Russian Su-24 near the Syrian border."],
       predicate="shoot_down", mode="aerial", cameo="19", score=-9.0, confidence=0.8,
       event_date=EventDate("2015-11-24", "day", "On Tuesday")),
    _t(ART_4, TUR, "THREATEN", RUS, ["Turkey warned Russia over airspace violations."], predicate="warn",
       cameo="13", score=-5.0, confidence=0.6),
]
FIXTURE_MERGING: list[tuple[Article, list[Triple]]] = [*FIXTURE, (ART_4, TRIPLES_4)]
