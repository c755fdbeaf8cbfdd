"""The benchmark corpus: the Wikinews sample articles (CSV: url,date,title,text) as ``Article``s.

``load_corpus()`` reads the 295 articles of ``../shared/data/wikinews/*.csv`` (relative to
the repository; ``--corpus DIR`` elsewhere). ``scaled(articles, n)`` reaches ``n`` articles
by recombining them: copy ``k`` of an article is its paragraphs rotated by ``k`` and tagged
with the copy number, so every copy has its own text and id (a build stores each one) and
the same sentences, hence about the same work per article. Run it to see the corpus:

    python bench/corpus.py [--corpus DIR] [-n 1000]
"""
from __future__ import annotations

import argparse
import csv
import re
import sys
from collections.abc import Iterator, Sequence
from itertools import islice
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "data" / "wikinews"

if str(REPO) not in sys.path:  # run as a script from anywhere: geokg is installed, bench is not
    sys.path.insert(0, str(REPO))

from geokg.ingest.models import Article  # noqa: E402
from geokg.ingest.repair import repair_text  # noqa: E402


def load_corpus(directory: str | Path = DEFAULT_CORPUS) -> list[Article]:
    """Every article of the ``*.csv`` files of ``directory``, in file and row order."""
    directory = Path(directory)
    files = sorted(directory.glob("*.csv"))
    if not files:
        raise SystemExit(f"no *.csv files in {directory}: pass --corpus with the Wikinews folder")
    csv.field_size_limit(2**31 - 1)
    out: list[Article] = []
    for path in files:
        with path.open(encoding="utf-8", newline="") as fh:
            for n, row in enumerate(csv.DictReader(fh), start=2):
                text = repair_text(row.get("text") or "").strip()
                if text:
                    out.append(Article.make(text, ref=f"{path.name}:{n}", title=row.get("title") or None,
                                            date=(row.get("date") or None), source="Wikinews",
                                            url=row.get("url") or None))
    return out


def _variant(article: Article, copy: int) -> Article:
    if copy == 0:
        return article
    paras = [p.strip() for p in re.split(r"\n\s*\n", article.text) if p.strip()]
    k = copy % len(paras)
    text = "\n\n".join([*paras[k:], *paras[:k], f"(Copy {copy}.)"])
    return Article.make(text, ref=f"{article.ref}#{copy}", title=article.title, date=article.date,
                        source=article.source, url=article.url)


def iter_scaled(articles: Sequence[Article], n: int) -> Iterator[Article]:
    """``n`` distinct articles: the corpus, then recombined copies of it (generated lazily)."""
    def endless() -> Iterator[Article]:
        copy = 0
        while True:
            for article in articles:
                yield _variant(article, copy)
            copy += 1

    return islice(endless(), n)


def scaled(articles: Sequence[Article], n: int) -> list[Article]:
    return list(iter_scaled(articles, n))


def corpus_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS,
                        help=f"folder of Wikinews *.csv files (default: {DEFAULT_CORPUS})")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    corpus_arg(parser)
    parser.add_argument("-n", type=int, default=0, help="scale to this many articles")
    args = parser.parse_args(argv)
    articles = load_corpus(args.corpus)
    if args.n:
        articles = scaled(articles, args.n)
    chars = sum(len(a.text) for a in articles)
    print(f"{len(articles)} articles, {chars:,} characters ({chars / len(articles):,.0f} per article), "
          f"{len({a.id for a in articles})} distinct ids")


if __name__ == "__main__":
    main()
