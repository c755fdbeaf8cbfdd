"""The catalogue as data: headers parse, both forms agree, parameters are bound, the CLI lists it."""
from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from geokg.cli import app
from geokg.queries.actors import resolve_actor
from geokg.queries.catalogue import RELATIONS, load_catalogue, load_query, parse_query, query_names
from geokg.settings import UserError

REQUIRED = {"actor-profile", "who-did", "dyad-history", "hostile-dyads", "cooperative-dyads", "accusers",
            "trade-dependencies", "officials", "attributed-to", "evidence", "neighbours",
            "articles-mentioning", "new-relations", "top-actors"}
runner = CliRunner()


def test_catalogue_holds_the_required_queries():
    assert set(query_names()) >= REQUIRED
    assert len(query_names()) >= 14


@pytest.mark.parametrize("query", load_catalogue(), ids=lambda q: q.name)
def test_both_forms_share_one_header(query):
    assert query.cypher.startswith(f"// name: {query.name}\n")
    assert query.sparql.startswith(f"# name: {query.name}\n")
    assert query.description and query.columns
    for col, _ in query.order:
        assert col in query.columns


@pytest.mark.parametrize("query", load_catalogue(), ids=lambda q: q.name)
def test_parameters_are_bound_never_pasted(query):
    cypher_body = "\n".join(line for line in query.cypher.splitlines() if not line.startswith("//"))
    sparql_select = query.sparql.split("WHERE", 1)[0]
    for p in query.params:
        assert f"${p.name}" in cypher_body, f"{query.name}: Cypher never uses ${p.name}"
        if p.name != "limit":  # applied by the runner: SPARQL LIMIT takes no variable
            # Oxigraph substitutes only projected variables
            assert re.search(rf"\?{p.name}\b", sparql_select), f"{query.name}: ?{p.name} not projected"
    assert "{" + "}" not in query.cypher and "%s" not in query.cypher  # no format placeholders
    assert "{" + "}" not in query.sparql and "%s" not in query.sparql


def test_cypher_variants_bind_every_parameter_and_are_chosen_by_their_conditions():
    with_variants = [q for q in load_catalogue() if q.cypher_variants]
    assert {q.name for q in with_variants} >= {"hostile-dyads", "cooperative-dyads", "top-actors"}
    for q in with_variants:
        for v in q.cypher_variants:
            body = "\n".join(line for line in v.text.splitlines() if not line.startswith("//"))
            assert all(f"${p.name}" in body for p in q.params), f"{q.name}.{v.label}"
            assert re.search(r"\bRETURN\b", body)
    q = load_query("hostile-dyads")
    assert q.cypher_for(q.convert({})) == q.cypher
    assert q.cypher_for(q.convert({"min_sources": "2", "since": "2015-01-01"})) == q.cypher_variants[0].text
    assert q.cypher_for(q.convert({"until": "2015-01-01"})) == q.cypher_variants[1].text
    assert q.cypher_for(q.convert({"min_sources": "1"})) == q.cypher
    t = load_query("top-actors")
    assert [v.label for v in t.cypher_variants] == ["1-dates", "2-sources"]
    assert t.cypher_for(t.convert({"min_sources": "2", "since": "2015-01-01"})) == t.cypher_variants[0].text


def test_a_cypher_variant_needs_the_querys_header():
    q = load_query("top-actors")
    from geokg.queries.catalogue import parse_variant

    with pytest.raises(ValueError, match="header differs from top-actors.cypher"):
        parse_variant(q, "9-x", "// name: top-actors\n// when: since\nRETURN 1", "cypher")
    with pytest.raises(ValueError, match="needs 'when:'"):
        parse_variant(q, "9-x", q.cypher, "cypher")


def test_sparql_returns_every_column():
    for q in load_catalogue():
        select = q.sparql.split("WHERE", 1)[0]
        for col in q.columns:
            assert re.search(rf"\?{col}\b", select), f"{q.name}: SPARQL SELECT lacks ?{col}"
            assert re.search(rf"\bAS `?{col}`?\b|RETURN[^;]*\b{col}\b", q.cypher), f"{q.name}: no {col}"


def test_parse_rejects_mismatched_headers():
    cy = "// name: x\n// description: d\n// params: a:actor\n// columns: c\nRETURN 1 AS c\n"
    rq = "# name: x\n# description: d\n# params: a:str\n# columns: c\nSELECT ?c WHERE {}\n"
    with pytest.raises(ValueError, match="headers differ"):
        parse_query("x", cy, rq)
    bad = cy.replace("a:actor", "a:colour")
    with pytest.raises(ValueError, match="bad parameter"):
        parse_query("x", bad, bad.replace("//", "#"))


def test_param_types_and_defaults():
    q = load_query("neighbours")
    assert q.param("k").default == 1 and (q.param("k").low, q.param("k").high) == (1, 3)
    assert q.convert({"actor": "Russia"}) == {"actor": "Russia", "k": 1}
    assert load_query("accusers").convert({"actor": "x"})["category"] == "ACCUSE"
    assert load_query("who-did").convert({"category": "assault"})["category"] == "ASSAULT"
    converted = load_query("who-did").convert({"category": "ACCUSE", "since": "2015-11-24"})
    assert converted["since"] == "2015-11-24" and converted["until"] is None


@pytest.mark.parametrize(("name", "params", "message"), [
    ("new-relations", {"since": "yesterday"}, "--param since expects a date YYYY-MM-DD, got 'yesterday'"),
    ("new-relations", {"since": "2015-13-01"}, "expects a date"),
    ("neighbours", {"actor": "RUS", "k": "two"}, "--param k expects an integer, got 'two'"),
    ("neighbours", {"actor": "RUS", "k": "9"}, "from 1 to 3"),
    ("who-did", {"category": "ASAULT"}, "Did you mean ASSAULT"),
    ("who-did", {}, "needs --param category"),
    ("who-did", {"category": "AID", "sinse": "2015-01-01"}, "Did you mean 'since'"),
])
def test_bad_params_give_clean_errors(name, params, message):
    with pytest.raises(UserError, match=re.escape(message)):
        load_query(name).convert(params)


def test_unknown_query_suggests():
    with pytest.raises(UserError, match="Did you mean hostile-dyads"):
        load_query("hostile-dyad")


def test_resolve_actor():
    known = {"RUS": ["Russia"], "vladimir-putin": ["Vladimir Putin"],
             "francois-hollande": ["François Hollande"], "USA": ["United States"]}
    assert resolve_actor("Russia", known) == "RUS"
    assert resolve_actor("rus", known) == "RUS"
    assert resolve_actor("Putin", known) == "vladimir-putin"
    assert resolve_actor("vladimir putin", known) == "vladimir-putin"
    assert resolve_actor("Francois Hollande", known) == "francois-hollande"
    assert resolve_actor("united states", known) == "USA"
    with pytest.raises(UserError, match="Did you mean 'Russia'"):
        resolve_actor("Rusia", known)
    with pytest.raises(UserError, match="ambiguous"):
        resolve_actor("Smith", {"john-smith": ["John Smith"], "ann-smith": ["Ann Smith"]})


def test_category_list_matches_the_ontology():
    from geokg.graph.namespace import RELATIONS as ONTOLOGY_RELATIONS

    assert set(RELATIONS) == set(ONTOLOGY_RELATIONS)


def test_cli_list_names_every_query():
    result = runner.invoke(app, ["query", "list"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    for name in query_names():
        assert name in result.output


def test_cli_show_prints_both_forms():
    result = runner.invoke(app, ["query", "show", "neighbours"])
    assert result.exit_code == 0
    assert "CALL (a, h1) {" in result.output and "SELECT ?neighbour" in result.output


def test_cli_unknown_query_exits_2():
    result = runner.invoke(app, ["query", "run", "hostile-dyad"])
    assert result.exit_code == 2
    assert "Did you mean hostile-dyads" in result.output


def test_cli_bad_param_exits_2(tmp_path):
    result = runner.invoke(app, ["query", "run", "new-relations", "--param", "since=yesterday",
                                 "--store", str(tmp_path)])
    assert result.exit_code == 2
    assert "expects a date YYYY-MM-DD, got 'yesterday'" in result.output
    result = runner.invoke(app, ["query", "run", "top-actors", "--param", "limit"])
    assert result.exit_code == 2 and "key=value" in result.output


def test_cli_run_formats(tmp_path, fixture_graph):
    from query_support import load_embedded

    load_embedded(tmp_path / "kg", fixture_graph).close()
    base = ["query", "run", "trade-dependencies", "--store", str(tmp_path / "kg")]
    csv_out = runner.invoke(app, [*base, "--format", "csv"])
    assert csv_out.exit_code == 0, csv_out.output
    assert csv_out.output.splitlines() == ["importer,exporter,commodity,share,amount,date",
                                           "TUR,RUS,gas,60,,2015-11-24"]
    json_out = runner.invoke(app, [*base, "-f", "json", "-p", "actor=Turkey"])
    assert '"share": 60' in json_out.output
    table = runner.invoke(app, base)
    assert "TUR" in table.output and "1 row" in table.output


def test_every_command_has_help_with_an_example():
    for args in (["query"], ["query", "list"], ["query", "show"], ["query", "run"]):
        result = runner.invoke(app, [*args, "--help"], env={"COLUMNS": "200"})
        assert result.exit_code == 0
        assert "Example" in result.output or "geokg query" in result.output
