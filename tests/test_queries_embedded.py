"""Every catalogue query on the fixture graph in the embedded store, with the rows asserted."""
from __future__ import annotations

from pathlib import Path

import pytest
from query_support import FIXTURE_PARAMS, load_embedded, order_violations

from geokg.queries.catalogue import load_query, query_names
from geokg.queries.runner import run_query
from geokg.settings import UserError


@pytest.fixture(scope="module")
def store(tmp_path_factory, fixture_graph):
    s = load_embedded(tmp_path_factory.mktemp("kg") / "store", fixture_graph)
    yield s
    s.close()


def rows(store, name: str, **params: str) -> list[list]:
    return run_query(name, params, store=store)[1]


def dicts(store, name: str, **params: str) -> list[dict]:
    columns, result = run_query(name, params, store=store)
    return [dict(zip(columns, r, strict=True)) for r in result]


def test_every_query_has_fixture_params_and_rows(store):
    assert set(FIXTURE_PARAMS) == set(query_names())
    for name, params in FIXTURE_PARAMS.items():
        columns, result = run_query(name, params, store=store)
        assert columns == list(load_query(name).columns)
        assert result, f"{name} returned no rows on the fixture graph"
        assert not order_violations(columns, load_query(name).order, result), name


def test_actors(store):
    result = dicts(store, "actors")
    assert len(result) == 13
    assert {"actor": "vladimir-putin", "name": "Vladimir Putin", "type": "Person", "country": "RUS"} in result
    assert {"actor": "EU", "name": "European Union", "type": "Organization", "country": None} in result


def test_actor_profile_russia(store):
    result = rows(store, "actor-profile", actor="RUS")
    assert result[0] == ["actor", "Russia", "Country"]
    partners = [r[1:] for r in result if r[0] == "partner"]
    assert partners[0] == ["TUR", 2]  # ASSAULT and TRADE
    assert len(partners) == 5
    balance = {r[1]: r[2] for r in result if r[0] == "balance"}
    # the negated RUS ASSAULT UKR (-9) counts nowhere
    assert balance == {"conflict": -13, "cooperation": 4, "net": -9, "events": 5}
    assert "UKR" not in {r[1] for r in result}


def test_tables_name_actors_scripts_keep_keys(store):
    labelled = run_query("actor-profile", {"actor": "Putin"}, store=store, label_actors=True)[1]
    assert ["role", "president", "Russia (RUS)"] in labelled  # a country code: name and code
    partners = run_query("actor-profile", {"actor": "RUS"}, store=store, label_actors=True)[1]
    assert ["partner", "Turkey (TUR)", 2] in partners
    assert ["actor", "Russia", "Country"] in partners  # values that are not keys stay as they are
    officials = run_query("officials", {"country": "RUS"}, store=store, label_actors=True)[1]
    assert [r[0] for r in officials] == ["Sergey Lavrov", "Vladimir Putin"]  # a slug key: the name alone
    assert [r[0] for r in run_query("officials", {"country": "RUS"}, store=store)[1]] == [
        "sergey-lavrov", "vladimir-putin"]


def test_actor_profile_person_has_role(store):
    result = rows(store, "actor-profile", actor="Putin")
    assert ["role", "president", "RUS"] in result
    assert ["actor", "Vladimir Putin", "Person"] in result


def test_who_did(store):
    assault = [["2015-11-24", "TUR", "RUS", "shoot_down", "aerial", -9, 1]]  # not the negated RUS-UKR
    assert rows(store, "who-did", category="assault") == assault
    result = rows(store, "who-did", category="REQUEST", since="2015-11-25", until="2015-11-25")
    assert [(r[1], r[2]) for r in result] == [("EU", "RUS"), ("EU", "TUR"), ("barack-obama", "RUS")]
    assert rows(store, "who-did", category="REQUEST", since="2015-11-26") == []
    assert rows(store, "who-did", category="ACCUSE", limit="1") == [["2015-11-24", "vladimir-putin", "TUR",
                                                                     "condemn", None, -2, 1]]
    assert rows(store, "who-did", category="assault", min_sources="2") == []  # one outlet each here


def test_dyad_history_both_directions(store):
    result = dicts(store, "dyad-history", a="Turkey", b="Russia")
    assert [(r["subject"], r["relation"], r["object"]) for r in result] == [
        ("TUR", "ASSAULT", "RUS"), ("TUR", "TRADE", "RUS")]
    assert result[0]["evidence"] == 2  # one statement, two reports
    negated = rows(store, "dyad-history", a="Russia", b="Ukraine")
    assert negated == [["2015-11-25", "RUS", "ASSAULT", "UKR", "attack", -9, True, 1, 1]]


def test_hostile_dyads(store):
    result = rows(store, "hostile-dyads")
    assert result[0] == ["RUS", "TUR", 1, -9, 1]
    assert result[1] == ["TUR", "vladimir-putin", 2, -7, 1]
    assert ["RUS", "UKR"] not in [r[:2] for r in result]  # negated
    assert all(r[3] < 0 for r in result)
    assert rows(store, "hostile-dyads", since="2016-01-01") == [["ISIS", "RUS", 1, -2, 1]]
    assert len(rows(store, "hostile-dyads", limit="2")) == 2


def test_cooperative_dyads(store):
    assert rows(store, "cooperative-dyads") == [
        ["barack-obama", "francois-hollande", 1, 5, 1],
        ["RUS", "SYR", 1, 4, 1],
        ["barack-obama", "vladimir-putin", 1, 3, 1],
    ]


def test_accusers(store):
    assert rows(store, "accusers", actor="Turkey") == [["vladimir-putin", 1, -2, "2015-11-24", "2015-11-24"]]
    requesters = rows(store, "accusers", actor="Russia", category="request")
    assert [r[0] for r in requesters] == ["EU", "barack-obama"]
    assert rows(store, "accusers", actor="Ukraine", category="ASSAULT") == []  # negated


def test_trade_dependencies(store):
    expected = [["TUR", "RUS", "gas", 60, None, "2015-11-24"]]
    assert rows(store, "trade-dependencies") == expected
    assert rows(store, "trade-dependencies", actor="Russia", goods="GAS") == expected
    assert rows(store, "trade-dependencies", goods="oil") == []
    assert rows(store, "trade-dependencies", actor="France") == []


def test_officials(store):
    assert rows(store, "officials", country="Russia") == [
        ["sergey-lavrov", "Sergey Lavrov", "foreign minister", "2015-11-24"],
        ["vladimir-putin", "Vladimir Putin", "president", "2015-11-24"],
    ]
    usa = [["barack-obama", "Barack Obama", "president", "2015-11-25"]]
    assert rows(store, "officials", country="usa") == usa


def test_attributed_to(store):
    assert rows(store, "attributed-to", speaker="Russia") == [
        ["2015-11-25", "RUS", "ASSAULT", "UKR", True, "Russia did not attack Ukraine, the Kremlin said."]]
    assert rows(store, "attributed-to", speaker="Turkey") == []


def test_evidence(store):
    result = dicts(store, "evidence", a="Russia", b="Turkey", category="ASSAULT")
    assert [r["sentence"] for r in result] == [
        "Russia's Foreign Minister Sergey Lavrov has canceled his visit to Istanbul after a Russian jet was "
        "downed by a Turkish F-16.",
        "Turkish jets shot down the Russian bomber, Turkey confirmed.",
    ]
    assert {r["article"] for r in result} == {"fixture/a1.txt"}
    assert result[1]["end"] - result[1]["start"] == len(result[1]["sentence"])
    assert len(rows(store, "evidence", a="Russia", b="Turkey")) == 3  # + TRADE


def test_neighbours(store):
    one = rows(store, "neighbours", actor="Russia")
    assert [r[0] for r in one] == ["EU", "ISIS", "SYR", "TUR", "barack-obama", "sergey-lavrov",
                                   "vladimir-putin"]
    assert all(r[2] == 1 for r in one)
    assert "UKR" not in {r[0] for r in one}  # only a negated statement links them
    two = {r[0]: r[2] for r in rows(store, "neighbours", actor="Russia", k="2")}
    assert two["NATO"] == 2 and two["USA"] == 2 and two["TUR"] == 1
    three = {r[0] for r in rows(store, "neighbours", actor="NATO", k="3")}
    assert {"TUR", "RUS", "vladimir-putin", "sergey-lavrov", "EU"} <= three
    with pytest.raises(UserError, match="from 1 to 3"):
        rows(store, "neighbours", actor="Russia", k="4")


def test_articles_mentioning(store):
    assert rows(store, "articles-mentioning", actor="Russia") == [
        ["fixture/a3.txt", "Alliances", "2016-01-10", 1],
        ["fixture/a2.txt", "Leaders urge calm", "2015-11-25", 4],  # the negated statement is a mention
        ["fixture/a1.txt", "Russian jet downed", "2015-11-24", 4],
    ]


def test_new_relations(store):
    result = rows(store, "new-relations", since="2016-01-01")
    # a structural fact (MEMBER_OF) is one event however often stated, dated by its first report
    assert [r[:3] for r in result] == [["RUS", "ACCUSE", "ISIS"], ["TUR", "MEMBER_OF", "NATO"],
                                       ["vladimir-putin", "CONSULT", "barack-obama"]]
    assert all(r[3] == "2016-01-10" for r in result)
    assert ["RUS", "ASSAULT", "UKR"] not in [r[:3] for r in rows(store, "new-relations", since="2015-01-01")]


def test_top_actors(store):
    result = rows(store, "top-actors")
    assert result[0] == ["RUS", "Russia", 8, 2, 6, 1]  # the negated RUS ASSAULT UKR not counted
    assert result[1] == ["TUR", "Turkey", 7, 3, 4, 1]
    # 2016: three events, six actors with one each; ties go by key
    assert rows(store, "top-actors", since="2016-01-01", limit="2") == [["ISIS", "Islamic State", 1, 0, 1, 1],
                                                                        ["NATO", "NATO", 1, 0, 1, 1]]


@pytest.mark.parametrize("typed", ["Russia", "RUS", "rus", "russia"])
def test_actor_spellings(store, typed):
    assert rows(store, "officials", country=typed)[0][0] == "sergey-lavrov"


@pytest.mark.parametrize("typed", ["Putin", "vladimir putin", "Vladimir Putin", "vladimir-putin"])
def test_person_spellings(store, typed):
    assert rows(store, "actor-profile", actor=typed)[0] == ["actor", "Vladimir Putin", "Person"]


def test_unknown_actor_suggests(store):
    with pytest.raises(UserError, match="Did you mean 'Russia'"):
        rows(store, "actor-profile", actor="Rusia")


def test_missing_store_is_a_user_error(tmp_path: Path):
    with pytest.raises(UserError, match="no graph store"):
        run_query("top-actors", {}, store_path=tmp_path / "nothing-here")


def test_a_list_parameter_names_only_the_keys_asked_for(store):
    assert rows(store, "actor-names", keys="TUR, RUS,nobody,RUS") == [["RUS", "Russia"], ["TUR", "Turkey"]]
    # each item is one string literal: quotes and braces cannot end the VALUES block
    assert rows(store, "actor-names", keys=['TUR" } ?x ?y ?z { "', "EU"]) == [["EU", "European Union"]]
    assert load_query("actor-names").param("keys").convert("b, a,,a") == ["a", "b"]


def test_tables_name_actors_without_reading_the_actor_list(store, monkeypatch):
    import geokg.queries.runner as runner

    def refuse(engine):
        raise AssertionError("the full actor list was read")

    monkeypatch.setattr(runner, "known_actors", refuse)
    _, labelled = run_query("hostile-dyads", {}, store=store, label_actors=True)
    assert ["Russia (RUS)", "Turkey (TUR)", 1, -9, 1] in labelled
