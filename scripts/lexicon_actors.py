"""Actors, their surface names and agent nouns for ``derive_lexicons.py``."""
from __future__ import annotations

import re
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pycountry
from lexicon_sources import (
    PhoenixEntry,
    english_words,
    lemma,
    natural_case,
    parse_agents,
    parse_countryinfo,
    parse_countrynames,
    parse_phoenix_actors,
    phoenix_words,
)

sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))
from geokg.ingest.models import slug  # noqa: E402

Reader = Callable[[str], list[dict[str, str]]]
TYPE_RANK = {"Country": 0, "Organization": 1, "Group": 2, "Person": 3}
KIND_RANK = {"name": 0, "adjective": 1, "demonym": 2, "metonym": 3, "alias": 4, "person": 5}
CODE_ALIASES = {"KSV": "XKX"}  # Phoenix / CountryInfo use the World Bank code for Kosovo


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


TITLE_WORDS = _words("""president presidents minister ministers prime premier king queen prince princess
emir sheikh sultan secretary general chancellor chairman chairwoman chair leader chief head governor mayor
senator spokesman spokeswoman ambassador envoy deputy vice foreign defense defence interior former acting
mr mrs ms dr sir lord lady colonel gen lt col marshal admiral commander representative delegate party
government ministry
generalissimo dictator ruler emperor pope ayatollah sec secy""")
OFFICE_HEADS = _words("""president minister secretary chancellor king queen emir sultan prince monarch
emperor ambassador envoy consul spokesman spokeswoman spokesperson leader premier counterpart general
commander chief head governor mayor senator director chairman chairwoman chair colonel admiral marshal captain
lieutenant sergeant officer adviser advisor deputy dictator ruler pope cardinal bishop imam mullah ayatollah
commissioner
representative delegate negotiator mediator judge prosecutor attorney""")
COMMON = _words("""may will can must shall rice king rose young long white black green brown grey gray lee
park hill church wood stone ford rich price hunt bush cook lord page bell hope chance""")
GROUP_NOISE = _words("linked affiliated affiliate offshoot operative operatives member members")
ADJ_SUFFIX = re.compile(r"(an|ese|ish|i|ic|ch|sh|ss|ot|ek|ak|ik|ai|ene|ean)$")


@dataclass
class Built:
    actors: dict[str, list[str]] = field(default_factory=dict)  # key -> [key, type, name, country, wikidata]
    names: list[tuple[str, str, str, int]] = field(default_factory=list)  # (surface, key, kind, source rank)
    countries: set[str] = field(default_factory=set)


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def surface(token: str, acronyms: bool = False) -> str:
    words = phoenix_words(token)
    return natural_case(words, acronyms=acronyms) if words else ""


def _country_of(code: str, countries: set[str]) -> str:
    c = CODE_ALIASES.get(code[:3], code[:3])
    return c if c in countries else ""


def _years(dates: str) -> list[int]:
    """Years in a Phoenix (YYMMDD) or CountryInfo (YYYYMMDD) date text; 9999 for an open '>' end."""
    out = [9999] if ">" in dates else []
    for d in re.findall(r"\d{6,8}", dates):
        yy = int(d[:4]) if len(d) == 8 else int(d[:2])
        out.append(yy if len(d) == 8 else (1900 + yy if yy > 25 else 2000 + yy))
    return out


def add_countries(b: Built, data: Path, read: Reader) -> dict[str, list[str]]:
    adjectives: dict[str, list[str]] = defaultdict(list)
    for r in read("curated_countries.tsv"):
        iso = r["iso3"]
        b.countries.add(iso)
        b.actors[iso] = [iso, "Country", r["name"], iso, r["wikidata"]]
        b.names.append((r["name"], iso, "name", 0))
        pc = pycountry.countries.get(alpha_3=iso)
        for attr in ("name", "official_name", "common_name"):
            value = getattr(pc, attr, None) if pc else None
            if value and "," not in value and "(" not in value:
                b.names.append((value, iso, "name", 1))
    for name, iso in parse_countrynames(data / "text_to_CAMEO__countrynames.txt"):
        if iso in b.countries and "," not in name:
            b.names.append((name, iso, "name", 2))
    for info in parse_countryinfo(data / "CountryInfo.120116.txt"):
        iso = CODE_ALIASES.get(info.iso3, info.iso3)
        if iso not in b.countries:
            continue
        b.names.append((surface(info.name), iso, "name", 2))
        for item in info.nationality:
            s = surface(item)
            if s and ADJ_SUFFIX.search(s.lower()) and " " not in s and s.isascii():
                adjectives[iso].append(s)
                b.names.append((s, iso, "adjective", 2))
                if s.endswith(("an", "i")) and not s.endswith("man"):
                    b.names.append((s + "s", iso, "demonym", 2))
        for cap in info.capitals:
            s = surface(cap)
            if s and s.lower() not in english_words():
                b.names.append((s, iso, "metonym", 2))
    stems: dict[str, set[str]] = defaultdict(set)
    for s, key, _kind, _src in b.names:
        stems[key].add(fold(s)[:4])
    for entry in parse_phoenix_actors(data / "petrarch2__Phoenix.Countries.actors.txt"):
        if entry.codes and len(entry.codes[0][0]) == 3 and not entry.codes[0][1]:
            iso = CODE_ALIASES.get(entry.codes[0][0], entry.codes[0][0])
            if iso in b.countries:
                for n in entry.names:
                    s = surface(n)
                    if fold(s)[:4] not in stems[iso] or "(" in s or "," in s:
                        continue  # cities, regions and nicknames share the Phoenix country block
                    kind = "adjective" if s in adjectives[iso] else "name"
                    b.names.append((s, iso, kind, 3))
    return adjectives


def _merge_target(entry_surfaces: list[str], index: dict[str, str]) -> str | None:
    for s in entry_surfaces:
        if fold(s) in index:
            return index[fold(s)]
    return None


# English head nouns some dictionary entries give as a group's translated name ("Organization" for Tanzim,
# "The Base" for al-Qaeda): as a single word they name no one.
GENERIC_HEADS = {"organization", "organisation", "movement", "front", "party", "group", "army", "union", "council",
                 "committee", "league", "alliance", "coalition", "militia", "brigade", "brigades", "forces",
                 "resistance", "government", "state", "network", "base", "society", "association", "congress"}


# Last words of a leader's entries that are no surname ("the Bush Administration", "the Assad regime").
NOT_SURNAMES = GENERIC_HEADS | {"administration", "regime", "cabinet", "family", "camp", "clan", "supporters",
                                "loyalists", "dynasty", "era", "presidency", "junta"}


def add_orgs_and_groups(b: Built, data: Path, read: Reader) -> None:
    index: dict[str, str] = {}
    for r in read("curated_actors.tsv"):
        if r["type"] == "Person":
            continue
        b.actors[r["key"]] = [r["key"], r["type"], r["name"], r["country"], r["wikidata"]]
        b.names.append((r["name"], r["key"], "alias", 0))
        index[fold(r["name"])] = r["key"]
        if re.fullmatch(r"[A-Z0-9]{2,5}", r["key"]) and r["key"] not in {"EC", "EP"}:
            b.names.append((r["key"], r["key"], "alias", 0))
            index[fold(r["key"])] = r["key"]
    for r in read("curated_names.tsv"):
        if r["kind"] == "alias":
            index.setdefault(fold(r["surface"]), r["key"])
    for fname, gtype in (("petrarch2__Phoenix.International.actors.txt", "Organization"),
                         ("petrarch2__Phoenix.MilNonState.actors.txt", "Group")):
        for entry in parse_phoenix_actors(data / fname):
            if any(_years(d) for _, d in entry.codes) or "IGOrulers" in entry.comment:
                continue  # people with dated posts
            surfaces = [surface(re.sub(r"\(.*?\)", "", n), acronyms=True) for n in entry.names]
            surfaces += [m for n in entry.names for m in re.findall(r"\(([A-Z]{2,8})\)", n)]
            surfaces = [s for s in surfaces if s]
            key = _merge_target(surfaces, index)
            if key is None:
                if gtype == "Organization" or not surfaces:
                    continue  # only curated organisations; every armed / political group
                code = entry.codes[0][0] if entry.codes else ""
                key = slug(surfaces[0])
                if key in b.actors:
                    continue
                b.actors[key] = [key, "Group", surfaces[0], _country_of(code, b.countries), ""]
            words = set(fold(b.actors[key][2]).split()) | {fold(key)}
            for s in surfaces:
                if gtype == "Organization" and not set(fold(s).split()) & words:
                    continue
                if (" " not in s and (s.lower() in english_words() or s.lower() in GENERIC_HEADS)) or (
                        set(fold(s).split()) & GROUP_NOISE):
                    continue
                b.names.append((s, key, "alias", 3))


def add_people(b: Built, data: Path, read: Reader) -> None:
    leaders: dict[str, str] = {}  # folded name -> iso3, heads of state/government since 1990
    for info in parse_countryinfo(data / "CountryInfo.120116.txt"):
        iso = CODE_ALIASES.get(info.iso3, info.iso3)
        for _title, names, dates in info.leaders:
            if iso in b.countries and max(_years(dates), default=0) >= 1990:
                for n in names:
                    leaders.setdefault(fold(surface(n)), iso)
    people: dict[str, tuple[list[str], str, bool]] = {}
    entries = [e for e in parse_phoenix_actors(data / "petrarch2__Phoenix.Countries.actors.txt")
               if e.comment.startswith("CountryInfo")]
    for entry in entries:
        full = [surface(n) for n in entry.names]
        gov = [(c, d) for c, d in entry.codes if _country_of(c, b.countries) and "GOV" in c[3:]]
        recent = any(max(_years(d), default=9999) >= 1990 for _, d in gov)
        is_leader = any(fold(s) in leaders for s in full)
        if not (recent or is_leader):
            continue
        country = _country_of(gov[0][0], b.countries) if gov else leaders.get(fold(full[0]), "")
        if not country:
            continue
        _add_person(b, people, full, country, is_leader)
    seen = {fold(s) for names, _, _ in people.values() for s in names}
    for folded, iso in sorted(leaders.items()):
        if folded not in seen and folded:
            _add_person(b, people, [folded.title()], iso, True)
    curated_people = [r for r in read("curated_actors.tsv") if r["type"] == "Person"]
    by_surface = {fold(s): k for k, (names, _, _) in people.items() for s in names}
    for r in curated_people:
        old = by_surface.get(fold(r["name"]))
        names = [r["name"]]
        if old and old != r["key"]:
            names += people.pop(old)[0]
            del b.actors[old]
        b.actors[r["key"]] = [r["key"], "Person", r["name"], r["country"], r["wikidata"]]
        people[r["key"]] = (names, r["country"], True)
    _person_surfaces(b, people)


def _add_person(b: Built, people: dict[str, tuple[list[str], str, bool]], full: list[str], country: str,
                leader: bool) -> None:
    name = full[0]
    key = slug(name)
    if key in people and people[key][1] != country:
        key = f"{key}-{country.lower()}"
    if key in people:
        old_names, old_country, old_leader = people[key]
        people[key] = (old_names + full, old_country, old_leader or leader)
        return
    people[key] = (full, country, leader)
    b.actors[key] = [key, "Person", name, country, ""]


def _person_surfaces(b: Built, people: dict[str, tuple[list[str], str, bool]]) -> None:
    single: dict[str, set[str]] = defaultdict(set)
    multi: list[tuple[str, str]] = []
    for key, (names, _country, leader) in people.items():
        for s in dict.fromkeys(names):
            words = fold(s).split()
            if not words or set(words) & TITLE_WORDS:
                continue
            if len(words) == 1:
                single[s].add(key)
            else:
                multi.append((s, key))
                if leader:
                    single[s.split()[-1]].add(key)
    for s, key in multi:
        b.names.append((s, key, "person", 3))
    for s, keys in single.items():
        if len(keys) == 1 and len(s) > 2 and s.lower() not in english_words() | COMMON | NOT_SURNAMES:
            b.names.append((s, next(iter(keys)), "person", 4))


def add_curated_names(b: Built, read: Reader) -> None:
    for r in read("curated_names.tsv"):
        if r["key"] not in b.actors:
            raise SystemExit(f"curated_names.tsv: unknown actor key {r['key']!r}")
        b.names.append((r["surface"], r["key"], r["kind"], 0))


def build_actors(data: Path, read: Reader) -> Built:
    b = Built()
    add_countries(b, data, read)
    add_orgs_and_groups(b, data, read)
    add_people(b, data, read)
    add_curated_names(b, read)
    return b


def resolve_names(b: Built) -> list[list[str]]:
    """One key per surface: country over organisation over group over person; curated first."""
    best: dict[str, tuple[tuple[int, int, int, str], str, str]] = {}
    for s, key, kind, src in b.names:
        s = re.sub(r"\s+", " ", s).strip()
        if len(s) < 2 or (s.islower() and s in english_words()) or "\ufffd" in s:
            continue
        rank = (src if src == 0 else 1, TYPE_RANK[b.actors[key][1]], KIND_RANK[kind], key)
        if s not in best or rank < best[s][0]:
            best[s] = (rank, key, kind)
    return [[s, key, kind] for s, (_, key, kind) in sorted(best.items())]


def derive_agents(data: Path, read: Reader) -> list[list[str]]:
    rows: dict[str, list[str]] = {}
    for r in read("curated_agents.tsv"):
        rows.setdefault(r["noun"], [r["noun"], r["sector"], r["kind"]])
    for phrase, sector in parse_agents(data / "petrarch2__Phoenix.agents.txt"):
        words = phrase.lower().replace("_", " ").split()
        if not words or not all(re.fullmatch(r"[a-z][a-z'./-]*", w) for w in words):
            continue
        noun = " ".join([*words[:-1], lemma(words[-1])])
        head = words[0] if len(words) > 2 and words[1] in ("of", "for") else words[-1]
        if head in OFFICE_HEADS or lemma(head) in OFFICE_HEADS:
            kind = "office"
        elif sector.startswith(("MIL", "COP", "SPY")):
            kind = "force"
        else:
            kind = "group"
        rows.setdefault(noun, [noun, sector, kind])
    return [rows[k] for k in sorted(rows)]


def write_agents_and_actors(data: Path, out: Path, b: Built, read: Reader,
                            write_tsv: Callable[..., int]) -> dict[str, int]:
    counts = {}
    actors = [b.actors[k] for k in sorted(b.actors)]
    actor_cols = ["key", "type", "name", "country", "wikidata"]
    counts["actors.tsv"] = write_tsv(out / "actors.tsv", actor_cols, actors, [
        "Canonical actors: countries (ISO 3166-1 alpha-3), organisations, armed/political groups, people.",
        "Sources: curated_countries.tsv / curated_actors.tsv (geokg), pycountry, Phoenix actor dictionaries",
        "(petrarch2__Phoenix.*.actors.txt, Open Event Data Alliance, MIT), CountryInfo.120116.txt leaders",
        "(Philip A. Schrodt, CC BY-SA 3.0). Licence of this table: CC BY-SA 3.0.",
    ])
    names = resolve_names(b)
    counts["actor_names.tsv"] = write_tsv(out / "actor_names.tsv", ["surface", "key", "kind"], names, [
        "Surface forms -> actor key. kind: name, adjective, demonym, metonym, alias, person.",
        "Sources: as actors.tsv, plus CountryInfo.120116.txt adjectives and capitals (CC BY-SA 3.0),",
        "text_to_CAMEO__countrynames.txt (MIT) and curated_names.tsv (geokg). Licence: CC BY-SA 3.0.",
    ])
    agent_rows = derive_agents(data, read)
    counts["agents.tsv"] = write_tsv(out / "agents.tsv", ["noun", "sector", "kind"], agent_rows, [
        "Agent nouns (lower-case lemmas) -> Phoenix sector code and kind (office, force, group).",
        "Sources: petrarch2__Phoenix.agents.txt (Open Event Data Alliance, MIT), curated_agents.tsv (geokg).",
        "Licence: MIT.",
    ])
    return counts


__all__ = ["Built", "PhoenixEntry", "build_actors", "write_agents_and_actors"]
