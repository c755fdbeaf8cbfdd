"""How fast does the embedded store load? Bulk N-Quads vs per-article transactions vs rdflib adds.

Generates synthetic statements across many synthetic articles (the real statement
model of docs/schema.md, through ``article_quads``), then loads them

1. through the bulk path: one N-Quads file into ``EmbeddedStore.bulk_load_nquads``
   (the Oxigraph bulk loader), all of it;
2. through the build path: ``EmbeddedStore.write_article``, one transaction per
   article, on a sample;
3. through rdflib: one ``Dataset.add`` per quad via oxrdflib, on a sample;

and prints quads/s for each and the ratios against the rdflib baseline measured in
the same run. Not a test: ``python bench/store_speed.py [--triples 1000000]``.
"""
from __future__ import annotations

import argparse
import random
import shutil
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox
from oxrdflib._converter import from_ox  # the converter oxrdflib itself uses

from geokg.graph.rdf import article_quads
from geokg.graph.store import EmbeddedStore
from geokg.ingest.models import ACTOR_TYPES, Actor, Article, Evidence, Triple

CATEGORIES = ["ASSAULT", "SANCTION", "AID", "ACCUSE", "CONSULT", "REQUEST", "THREATEN", "AGREE", "TRADE",
              "ROLE"]


def synthetic_articles(n_articles: int, per_article: int, seed: int = 7):
    rng = random.Random(seed)
    actors = [Actor(f"A{i:04d}", f"Actor {i}", ACTOR_TYPES[i % 4], f"C{i % 190:03d}", f"Q{1000 + i}")
              for i in range(2000)]
    for a in range(n_articles):
        sentences = [f"Sentence {s} of article {a}: something happened between two actors." for s in
                     range(per_article)]
        text = "\n\n".join(sentences)
        article = Article.make(text, ref=f"synthetic/{a}.txt", title=f"Article {a}", date="2015-11-24",
                               source="Bench Wire")
        triples = []
        offset = 0
        for s, sentence in enumerate(sentences):
            subj, obj = rng.sample(actors, 2)
            ev = Evidence(article.ref, sentence, offset, offset + len(sentence))
            offset += len(sentence) + 2
            triples.append(Triple(subject=subj, relation=rng.choice(CATEGORIES), object=obj, evidence=(ev,),
                                  predicate=f"p{s % 7}", cameo="19", score=-9.0, confidence=0.8,
                                  negated=s % 11 == 0, published=article.date, article_id=article.id))
        yield article, triples


def rate(n: int, seconds: float) -> str:
    return f"{n:>10,} quads in {seconds:7.2f} s = {n / seconds:>12,.0f} quads/s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--triples", type=int, default=1_000_000, help="quads to generate (at least)")
    parser.add_argument("--sample", type=int, default=20_000,
                        help="quads for the rdflib and per-article paths")
    parser.add_argument("--per-article", type=int, default=20, help="statements per synthetic article")
    parser.add_argument("--dir", type=Path, default=None,
                        help="where to put the stores (default: a temp dir)")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="geokg-bench-", dir=args.dir))
    try:
        t0 = time.perf_counter()
        items, total = [], 0
        gen = synthetic_articles(10**9, args.per_article)
        while total < args.triples:
            article, triples = next(gen)
            quads = article_quads(article, triples)
            items.append((article, triples, quads))
            total += len(quads)
        nq = root / "bench.nq"
        with nq.open("wb") as fh:
            ox.serialize((q for _, _, qs in items for q in qs), fh, ox.RdfFormat.N_QUADS)
        print(f"generated {total:,} quads in {len(items):,} articles ({args.per_article} statements each), "
              f"{nq.stat().st_size / 2**20:,.0f} MiB of N-Quads, in {time.perf_counter() - t0:.1f} s")

        # 1. bulk loader, everything
        with EmbeddedStore(root / "bulk") as store:
            t = time.perf_counter()
            store.bulk_load_nquads(nq)
            bulk_s = time.perf_counter() - t
            loaded = store.stats()["triples"]
        assert loaded == total, (loaded, total)
        bulk_rate = total / bulk_s

        # 2. build path: one transaction per article, on a sample
        sample_items, n_tx = [], 0
        for article, triples, quads in items:
            if n_tx >= args.sample:
                break
            sample_items.append((article, triples))
            n_tx += len(quads)
        with EmbeddedStore(root / "tx") as store:
            t = time.perf_counter()
            store.write_many(sample_items)
            tx_s = time.perf_counter() - t
        tx_rate = n_tx / tx_s

        # 3. rdflib one-quad adds through oxrdflib, on a sample (terms converted beforehand)
        rd_quads = []
        for _, _, quads in items:
            for q in quads:
                rd_quads.append((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object),
                                 from_ox(q.graph_name)))
                if len(rd_quads) >= args.sample:
                    break
            if len(rd_quads) >= args.sample:
                break
        with EmbeddedStore(root / "rdflib") as store:
            ds = store.rdflib_graph()
            t = time.perf_counter()
            for quad in rd_quads:
                ds.add(quad)
            rd_s = time.perf_counter() - t
            added = sum(1 for _ in store.oxigraph.quads_for_pattern(None, None, None, None)) - len(
                list(store.oxigraph.quads_for_pattern(None, None, None, ox.NamedNode(
                    "https://w3id.org/geokg/graph/ontology"))))
            del ds
        assert added == len(rd_quads), (added, len(rd_quads))
        rd_rate = len(rd_quads) / rd_s

        print(f"bulk loader (N-Quads)       : {rate(total, bulk_s)}")
        print(f"write_article (1 tx/article): {rate(n_tx, tx_s)}  (sample)")
        print(f"rdflib Dataset.add (oxrdflib): {rate(len(rd_quads), rd_s)}  (sample)")
        print(f"ratio bulk / rdflib add      : {bulk_rate / rd_rate:,.1f}x")
        print(f"ratio write_article / rdflib : {tx_rate / rd_rate:,.1f}x")
        print(f"rdflib adds for all {total:,} quads would take ~{total / rd_rate:,.0f} s "
              f"(bulk: {bulk_s:.1f} s)")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
