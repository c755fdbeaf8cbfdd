"""Hub indexes (graph/hubindex.py): a hub's relation summaries by (actor, relation, direction) and its
pair summaries in buckets by events, kept at write time. They equal what ``rebuild_derived`` computes
after writes, rewrites and removals (pairs crossing powers of two), a store from before them gets them
at its first writable opening, and `officials`, `trade-dependencies`, `accusers` and `actor-profile`
read through them give the rows of the texts that read every summary of the actor."""
from __future__ import annotations

import random
import re
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
import pytest

from geokg.graph import hubindex
from geokg.graph.derived import SUMMARIES, G, all_reports
from geokg.graph.maintain import rebuild_quads
from geokg.graph.rdf import T
from geokg.graph.store import EmbeddedStore
from geokg.ingest.models import Actor, Article, EventDate, Evidence, Triple
from geokg.queries.catalogue import load_query
from geokg.queries.runner import run_query

RUS = Actor("RUS", "Russia", "Country")
COUNTRIES = [RUS] + [Actor(f"X{i:02d}", f"Land {i}", "Country") for i in range(14)]
PEOPLE = [Actor(f"person-{i}", f"Person {i}", "Person", ("RUS", "X01", "X02")[i % 3]) for i in range(5)]
ACTORS = COUNTRIES + PEOPLE
WEIGHTS = [12.0, 6.0, 5.0, 5.0, 3.0, 3.0, 2.0, 2.0] + [1.0] * (len(ACTORS) - 8)
RELATIONS = (("ACCUSE", -2.0), ("ASSAULT", -9.0), ("AID", 7.0), ("TRADE", 3.0), ("ROLE", None))
LINKS = (hubindex.INCOMING, hubindex.OUTGOING, hubindex.PARTNER_PAIR, hubindex.TRADE_OF)


def _triple(art: Article, rng: random.Random, j: int, day: str) -> Triple:
    rel, score = rng.choice(RELATIONS)
    s, o = rng.choices(ACTORS, WEIGHTS, k=2)
    attrs: tuple = ()
    if rel == "ROLE":
        s = rng.choice(PEOPLE)
        o = rng.choice([s.country, "RUS", "X03"])
        o = next(a for a in ACTORS if a.key == o)
        attrs = (("role", rng.choice(["president", "envoy"])),) if rng.random() < 0.8 else ()
    elif rel == "TRADE":
        attrs = (("commodity", rng.choice(["gas", "Gas", "oil"])),) if rng.random() < 0.8 else ()
        attrs += (("share", float(rng.randint(5, 60))),)
    # dated events of their own (distinct days), so pairs reach many events
    date = EventDate(f"2019-{1 + j % 12:02d}-{1 + rng.randrange(28):02d}", "day") if rng.random() < 0.7 else None
    sentence = f"s {art.id} {j}"
    return Triple(subject=s, predicate=rel.lower() + ("" if rng.random() < 0.8 else "_b"), relation=rel, object=o,
                  score=score, confidence=0.8, evidence=(Evidence(art.id, sentence, 0, len(sentence)),),
                  article_id=art.id, published=day, event_date=date, attributes=attrs,
                  negated=rng.random() < 0.1)


def _articles(n: int, seed: int) -> list[tuple[Article, list[Triple]]]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        day = f"2019-{1 + i % 12:02d}-{1 + i % 27:02d}"
        art = Article.make(f"hub {seed}-{i}", ref=f"h/{seed}-{i}.txt", title=f"t{i}", date=day,
                           source=("Wire A", "Wire B")[i % 2], url=None)
        out.append((art, [_triple(art, rng, j, day) for j in range(rng.randint(2, 6))]))
    return out


def _links(store: EmbeddedStore) -> set[ox.Quad]:
    return {q for p in LINKS for q in store.oxigraph.quads_for_pattern(None, p, None, SUMMARIES)}


def _summaries(store: EmbeddedStore) -> set[ox.Quad]:
    return set(store.oxigraph.quads_for_pattern(None, None, None, SUMMARIES))


def _rebuilt(store: EmbeddedStore) -> set[ox.Quad]:
    return {q for q in rebuild_quads(all_reports(store.oxigraph)) if q.graph_name == SUMMARIES}


def _buckets(store: EmbeddedStore, key: str) -> dict[int, int]:
    """k -> pairs of the actor's bucket k."""
    out = {}
    for k in range(1, hubindex.TOP_BUCKET + 1):
        n = sum(1 for _ in store.oxigraph.quads_for_pattern(hubindex.partner_bucket(key, k), None, None, SUMMARIES))
        if n:
            out[k] = n
    return out


def _pair_buckets(store: EmbeddedStore) -> dict[str, str]:
    """pair summary -> the bucket nodes linking it."""
    out: dict[str, str] = {}
    for q in store.oxigraph.quads_for_pattern(None, hubindex.PARTNER_PAIR, None, SUMMARIES):
        out[q.object.value] = " ".join(sorted(filter(None, [out.get(q.object.value), q.subject.value])))
    return out


def test_every_relation_summary_is_linked_by_its_subject_and_object_and_every_pair_by_its_events(tmp_path):
    with EmbeddedStore(tmp_path / "kg") as kg:
        kg.write_many(_articles(30, seed=1), chunk=5)
        relations = {q.subject for q in kg.oxigraph.quads_for_pattern(None, T["relation"], None, SUMMARIES)}
        assert len(relations) > 50
        for r in relations:
            props = {q.predicate.value: q.object.value for q in kg.oxigraph.quads_for_pattern(r, None, None, SUMMARIES)}
            s, rel, o = (props[T[n].value].rsplit("/", 1)[-1] for n in ("subject", "relation", "object"))
            rel = rel.rsplit("#", 1)[-1]
            links = {(q.subject, q.predicate) for p in LINKS for q in kg.oxigraph.quads_for_pattern(None, p, r, None)}
            assert set(hubindex.stored_relation_links(kg.oxigraph, (s, rel, o), r)) == {
                ox.Quad(n, p, r, SUMMARIES) for n, p in links}
            k = hubindex.bucket_of(int(props[G["events"].value]))
            trade = ({(hubindex.trade_node(x, hubindex.trade_group(s, o, x)), hubindex.TRADE_OF) for x in (s, o)}
                     if rel == "TRADE" else set())
            assert links == {(hubindex.outgoing_node(s, rel), hubindex.OUTGOING),
                             (hubindex.incoming_node(o, rel, k), hubindex.INCOMING), *trade}
        pairs = list(kg.oxigraph.quads_for_pattern(None, G["actorA"], None, SUMMARIES))
        assert pairs
        for q in pairs:
            props = {x.predicate: x.object.value for x in kg.oxigraph.quads_for_pattern(q.subject, None, None, None)}
            events, b = int(props[G["events"]]), props[G["actorB"]]
            assert {x.subject for x in hubindex.stored_pair_links(kg.oxigraph, q.subject)} == {
                hubindex.partner_bucket(a.rsplit("/", 1)[-1], events.bit_length()) for a in (q.object.value, b)}
        assert len(_buckets(kg, "RUS")) >= 3  # the hub's pairs span several buckets


def test_trade_groups_sort_as_the_rows_and_the_runner_lists_every_one():
    """For each actor, rows (importer, exporter) naming it in order have groups in order, and every
    group is among the actor's trade_nodes (in that order)."""
    rng = random.Random(9)
    names = [rng.choice(hubindex.NAME_STARTS) + "".join(rng.choices("aBz-9", k=rng.randint(0, 3)))
             for _ in range(300)] + ["TUR", "TUA", "TUZ", "T", "person-1", "X00"]
    for actor in ("TUR", "person-1", "X00", "~x", "%C3%A9"):
        rows = sorted({(n, actor) for n in names} | {(actor, n) for n in names})
        groups = [hubindex.trade_group(i, e, actor) for i, e in rows]
        assert groups == sorted(groups), actor
        listed = [n.value for n in hubindex.trade_nodes(actor)]
        assert listed == sorted(listed) and len(listed) < 150
        assert {hubindex.trade_node(actor, g).value for g in groups} <= set(listed)


def test_the_indexes_follow_writes_rewrites_and_removals(tmp_path):
    items = _articles(40, seed=2)
    with EmbeddedStore(tmp_path / "kg") as kg:
        moves, where = 0, _pair_buckets(kg)
        for n, (article, triples) in enumerate(items):
            kg.write_article(article, triples)
            now = _pair_buckets(kg)
            moves += sum(1 for pair, k in now.items() if where.get(pair, k) != k)
            where = now
            if n % 6 == 0:
                assert _summaries(kg) == _rebuilt(kg), n
        assert moves >= 10  # pairs moved up across powers of two
        assert _summaries(kg) == _rebuilt(kg)
        kg.write_many(items[::-1], chunk=7)  # re-ingest: nothing moves
        assert _summaries(kg) == _rebuilt(kg)
        before = _buckets(kg, "RUS")
        for article, _ in items[::3]:  # removals move pairs down
            assert kg.remove_article(article.id)
        assert _buckets(kg, "RUS") != before
        assert _summaries(kg) == _rebuilt(kg)
        for article, triples in items[1::4]:  # rewrites with fewer statements
            kg.write_article(article, triples[:1])
        assert _summaries(kg) == _rebuilt(kg)
        for article, _ in items:
            kg.remove_article(article.id)
        assert not _summaries(kg)


def test_a_store_from_before_the_indexes_gets_them_at_its_first_writable_opening(tmp_path: Path):
    kg = EmbeddedStore(tmp_path / "kg")
    kg.write_many(_articles(30, seed=3))
    written = _links(kg)
    assert len(written) > 100
    profile = run_query("actor-profile", {"actor": "RUS"}, store=kg)[1]
    for q in written:
        kg.oxigraph.remove(q)
    assert hubindex.needs_backfill(kg.oxigraph)
    kg.close()
    with EmbeddedStore(tmp_path / "kg", read_only=True) as ro:  # a reader writes nothing
        assert hubindex.needs_backfill(ro.oxigraph)
    reopened = EmbeddedStore(tmp_path / "kg")
    assert _links(reopened) == written
    assert _summaries(reopened) == _rebuilt(reopened)
    assert not hubindex.needs_backfill(reopened.oxigraph)
    assert run_query("actor-profile", {"actor": "RUS"}, store=reopened)[1] == profile
    reopened.close()


def test_an_interrupted_backfill_runs_again(tmp_path: Path):
    with EmbeddedStore(tmp_path / "kg") as kg:
        kg.write_many(_articles(20, seed=4))
        written = _links(kg)
        for q in written:
            kg.oxigraph.remove(q)
        store = kg.oxigraph
        # a backfill killed after its first chunks: the probe's links go last, so it is still needed
        probe = hubindex._probe(store)
        store.extend([q for q in hubindex.index_quads(store) if q.object != probe][:10])
        assert hubindex.needs_backfill(store)
        assert hubindex.backfill(store, chunk=7) == len(written)
        assert _links(kg) == written and not hubindex.needs_backfill(store)


# ------------------------------------------------------------------ the texts, against the full reads

#: The four texts as they were before the indexes: every summary of the actor, filtered by relation.
OLD_OFFICIALS = [("?country_in_ROLE gk:incoming ?r . ?r gk:subject ?p",
                  "?r gk:object ?country_iri ; gk:relation gk:ROLE ; gk:subject ?p"),
                 ("# values here: ?country_iri ?country_in_ROLE", "# values here: ?country_iri")]
OLD_TRADE = """
  {
    # values here: ?actor_iri
    GRAPH gkg:summaries { ?r gk:subject ?actor_iri ; gk:relation gk:TRADE ; gk:object ?o ; gk:event ?event }
    BIND(?actor_iri AS ?s)
  } UNION {
    # values here: ?actor_iri
    GRAPH gkg:summaries { ?r gk:object ?actor_iri ; gk:relation gk:TRADE ; gk:subject ?s ; gk:event ?event }
    BIND(?actor_iri AS ?o)
  }
  GRAPH gkg:events { ?event gk:report ?st }
  ?st prov:wasDerivedFrom ?art .
"""
OLD_ACCUSERS = """
  GRAPH gkg:summaries {
    ?r gk:object ?actor_iri ; gk:relation ?category_iri ; gk:subject ?s ; gk:events ?events ; gk:scoreSum ?sum .
    OPTIONAL { ?r gk:firstDate ?f }
    OPTIONAL { ?r gk:lastDate ?l }
  }
"""
OLD_ROLES = """
    SELECT DISTINCT ?actor ?actor_iri ("role" AS ?kind) ?name ?value (1 AS ?rank) (0 AS ?num)
    WHERE {
      ?st gk:subject ?actor_iri ; gk:relation gk:ROLE ; gk:object ?o ; gk:confidence ?c .
      FILTER NOT EXISTS { ?st gk:negated true }
      OPTIONAL { ?st gk:role ?name }
      BIND(STRAFTER(STR(?o), STR(gka:)) AS ?value)
    }
  } UNION {"""
OLD_PARTNERS = """
    SELECT ?actor ?actor_iri ("partner" AS ?kind) ?name ?value (2 AS ?rank) (0 - ?value AS ?num)
    WHERE {
      {
          GRAPH gkg:summaries { ?pair gk:actorA ?actor_iri ; gk:actorB ?p ; gk:events ?value }
      } UNION {
          GRAPH gkg:summaries { ?pair gk:actorB ?actor_iri ; gk:actorA ?p ; gk:events ?value }
      }
      BIND(STRAFTER(STR(?p), STR(gka:)) AS ?name)
    }
    ORDER BY DESC(?value) ?name"""


def _swap(text: str, new: str, old: str) -> str:
    assert text.count(new) == 1, new
    return text.replace(new, old)


def _full_read(name: str):
    query = replace(_full_text(name), variants=())
    for v in _full_text(name).variants:
        query = replace(query, variants=(*query.variants, replace(v, text=_unnamed(v.sparql))))
    return replace(query, sparql=_unnamed(query.sparql))


def _unnamed(text: str) -> str:
    """The text without the index variables its comments name (the runner would derive them)."""
    return re.sub(r"\?\w+_(in|out)_\w+|\?actor_partners|\?actor_trade", "", text)


def _full_text(name: str):
    query = load_query(name)
    if name == "officials":
        text = query.sparql
        for new, old in OLD_OFFICIALS:
            text = _swap(text, new, old)
        return replace(query, sparql=text)
    if name == "accusers":
        block = re.search(r"\nWHERE \{\n.*?\n(?=  BIND\(STR\(\?f\))", query.sparql, re.S)
        assert block and "LATERAL" in block[0]
        return replace(query, sparql=query.sparql.replace(block[0], "\nWHERE {" + OLD_ACCUSERS))
    if name == "trade-dependencies":
        (variant,) = query.variants
        block = re.search(r"\nWHERE \{\n.*?\n(?=  OPTIONAL \{ \?st gk:commodity)", variant.sparql, re.S)
        assert block and "LATERAL" in block[0]
        text = variant.sparql.replace(block[0], "\nWHERE {" + OLD_TRADE)
        return replace(query, variants=(replace(variant, text=text),))
    text = query.sparql
    roles = re.search(r"\n    # the actor's ROLE statements.*?\n  \} UNION \{", text, re.S)
    partners = re.search(r"\n    # the first five partners.*?\n    ORDER BY DESC\(\?value\) \?name", text, re.S)
    assert roles and partners
    text = text.replace(partners[0], OLD_PARTNERS).replace(roles[0], OLD_ROLES)
    assert "partnerPair" not in text and "outgoing" not in text
    return replace(query, sparql=text)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    with EmbeddedStore(tmp_path_factory.mktemp("kg") / "kg") as kg:
        kg.write_many(_articles(70, seed=5), chunk=9)
        for article, _ in _articles(70, seed=5)[::5]:
            kg.remove_article(article.id)
        # an actor trading with itself: a row as importer and one as exporter, as the full read gives
        art = Article.make("self", ref="h/self.txt", title="self", date="2019-05-05", source="W", url=None)
        kg.write_article(art, [Triple(subject=a, predicate="trade", relation=rel, object=a, score=3.0,
                                      confidence=0.8, evidence=(Evidence(art.id, "s", 0, 1),), article_id=art.id,
                                      published=art.date, attributes=(("commodity", "gas"),))
                               for a in (RUS, COUNTRIES[3]) for rel in ("TRADE", "ACCUSE")])
        yield kg


CASES = ([("officials", {"country": a.key}) for a in COUNTRIES]
         + [("trade-dependencies", {"actor": a.key, **goods, **limit}) for a in ACTORS
            for goods in ({}, {"goods": "gas"}) for limit in ({}, {"limit": "3"}, {"limit": "1"}, {"limit": "12"})]
         + [("accusers", {"actor": a.key, **cat}) for a in ACTORS
            for cat in ({}, {"category": "ASSAULT"}, {"category": "AID", "limit": "2"}, {"limit": "1"},
                        {"category": "ASSAULT", "limit": "3"}, {"limit": "1000"})]
         + [("actor-profile", {"actor": a.key}) for a in ACTORS])


def test_the_texts_through_the_indexes_give_the_rows_of_the_full_reads(store):
    answered: dict[str, int] = {}
    for name, params in CASES:
        got = run_query(name, params, store=store)[1]
        assert got == run_query(name, params, store=store, query=_full_read(name))[1], (name, params)
        answered[name] = answered.get(name, 0) + bool(got)
    # something to find for most actors, and the hub's profile lists five partners of several buckets
    assert answered["officials"] >= 3 and answered["trade-dependencies"] >= 20 and answered["accusers"] >= 20
    profile = run_query("actor-profile", {"actor": "RUS"}, store=store)[1]
    partners = [r for r in profile if r[0] == "partner"]
    assert len(partners) == 5 and len({hubindex.bucket_of(r[2]) for r in partners}) >= 2
    selves = sum(r[:2] == ["RUS", "RUS"] for r in run_query("trade-dependencies", {"actor": "RUS", "goods": "gas"},
                                                               store=store)[1])
    assert selves >= 2 and selves % 2 == 0
    person = run_query("actor-profile", {"actor": "person-0"}, store=store)[1]
    assert len([r for r in person if r[0] == "role"]) >= 2


def test_partner_ties_at_the_fifth_place_are_read_whole(tmp_path):
    """Pairs of equal events across the fifth place: the bucket holding them is read whole, and the
    tie is broken by the partner's key, as the full read does."""
    arts = []
    for n, (partner, events) in enumerate([("X01", 9), ("X02", 5), ("X03", 5), ("X04", 5), ("X05", 5),
                                           ("X06", 5), ("X00", 5), ("X07", 2)]):
        for e in range(events):
            art = Article.make(f"tie {n} {e}", ref=f"t/{n}-{e}.txt", title="t", date="2019-01-01", source="W",
                               url=None)
            other = next(a for a in ACTORS if a.key == partner) if partner != "X00" else Actor("X00", "L", "Country")
            arts.append((art, [Triple(subject=RUS, predicate="aid", relation="AID", object=other, score=7.0,
                                      confidence=0.8, evidence=(Evidence(art.id, "s", 0, 1),), article_id=art.id,
                                      published="2019-01-01", event_date=EventDate(f"2019-01-{e + 1:02d}", "day"))]))
    with EmbeddedStore(tmp_path / "kg") as kg:
        kg.write_many(arts)
        assert _buckets(kg, "RUS") == {4: 1, 3: 6, 2: 1}
        got = [r for r in run_query("actor-profile", {"actor": "RUS"}, store=kg)[1] if r[0] == "partner"]
        assert got == [["partner", "X01", 9], ["partner", "X00", 5], ["partner", "X02", 5], ["partner", "X03", 5],
                       ["partner", "X04", 5]]
        assert run_query("actor-profile", {"actor": "RUS"}, store=kg, query=_full_read("actor-profile"))[1] == \
            run_query("actor-profile", {"actor": "RUS"}, store=kg)[1]
