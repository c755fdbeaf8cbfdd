"""The canned-query catalogue: named queries kept as data, in Cypher and SPARQL.

Each query ``NAME`` is two files under ``queries/catalogue/``, ``NAME.cypher`` and
``NAME.rq``, that open with the same metadata header in comments::

    # name: dyad-history
    # description: Everything A and B said or did to each other, by date.
    # params: a:actor, b:actor, since:date=, limit:int=100
    # columns: date, subject, relation, object, score
    # order: date, subject
    # example: geokg query run dyad-history --param a=Russia --param b=Turkey

``params`` are ``name:type`` with an optional ``=default`` (an empty default makes the
parameter optional, ``None``) and, for ``int``, an optional range ``int[1..3]``.
Types: str, int, float, date, actor, category, and list (of strings: comma-separated on the
command line, a list or tuple from Python; Cypher gets it as ``$name``, SPARQL as a ``VALUES``
block of string literals, see ``geokg.queries.runner``). ``order`` (optional) lists the columns
the rows are sorted by, ``desc`` where descending; without it the row order carries
no meaning. Parameters are always bound, never pasted into the text.

A query may have SPARQL *variants*, ``NAME.LABEL.rq``: the same header plus ``# when:``, a
comma-separated list of conditions (``since``: the parameter is given; ``min_sources>1``: an int
parameter above a number), any one of which selects it. Variants are tried in the order of their
file names (``1-sources`` before ``2-dates``); none selected, ``NAME.rq`` runs. So a question
Oxigraph would answer slowly through one text with both paths (a ``UNION`` evaluates every
branch) gets one text per path, e.g. summaries without dates, events with them. Cypher variants,
``NAME.LABEL.cypher`` with ``// when:``, are chosen the same way among themselves (``Query.cypher_for``):
the Neo4j summaries answer without dates, the events with them. A Cypher variant's ``// plan: KIND``
line (in a variant or the main text) names a plan of ``geokg.queries.neo4j_years`` (the dated
aggregates from the year summaries, ``years``) or ``geokg.queries.neo4j_recent``
(``articles-mentioning`` by the articles newest first, ``recent``), which declines the same way. A variant's
``# plan: KIND`` line (after the header) names a plan of ``geokg.queries.yearly`` that answers it on the
embedded store from summaries in a few small queries (the dated aggregates from the year summaries,
``years``; ``top-actors`` of several sources from the actors' tallies, ``tallies``); when a plan cannot
decide, it declines and the variant's text runs.

>>> q = load_query("hostile-dyads")
>>> q.columns
('actor_a', 'actor_b', 'events', 'score', 'sources')
>>> q.convert({"limit": "5"})["limit"]
5
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from typing import Any

from geokg.settings import UserError

# Bounds of int parameters without a declared range: a row limit is positive and not absurd; any other
# int must fit Neo4j's 64-bit integers (a larger one was an OverflowError in the driver).
_INT64 = (-(2**63), 2**63 - 1)
MAX_LIMIT = 1_000_000
_INT_RANGES = {"limit": (1, MAX_LIMIT)}
PARAM_TYPES = ("str", "int", "float", "date", "actor", "category", "list")
#: The relations a ``category`` parameter accepts (docs/schema.md).
RELATIONS: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
    "ROLE", "TRADE", "MEMBER_OF", "ALLY_OF",
)
HEADER_KEYS = ("name", "description", "params", "columns", "order", "example", "when")
_PARAM_RE = re.compile(
    r"^(?P<name>[a-z_][a-z0-9_]*):(?P<type>[a-z]+)(?:\[(?P<lo>-?\d+)\.\.(?P<hi>-?\d+)\])?(?:=(?P<default>.*))?$"
)
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_WHEN_RE = re.compile(r"^(?P<name>[a-z_][a-z0-9_]*)(?:>(?P<above>-?\d+))?$")


@dataclass(frozen=True)
class Param:
    """One typed query parameter; ``required`` when the header gives no default."""

    name: str
    type: str
    default: Any = None
    required: bool = True
    low: int | None = None
    high: int | None = None

    def describe(self) -> str:
        """``since:date=1900-01-01``, the way the header spells it."""
        rng = f"[{self.low}..{self.high}]" if self.low is not None else ""
        if self.required:
            return f"{self.name}:{self.type}{rng}"
        return f"{self.name}:{self.type}{rng}={'' if self.default is None else self.default}"

    def convert(self, raw: Any) -> Any:
        """The typed value of ``raw`` (a string from the command line, or already typed)."""
        if raw is None:
            return None
        if self.type == "list":
            items = raw if isinstance(raw, list | tuple | set | frozenset) else str(raw).split(",")
            return sorted({str(item).strip() for item in items if str(item).strip()})
        text = str(raw).strip()
        if self.type in ("str", "actor"):
            if not text:
                raise UserError(f"--param {self.name} expects a non-empty {self.type}, got {raw!r}")
            return text
        if self.type == "int":
            try:
                value = int(text)
            except ValueError:
                raise UserError(f"--param {self.name} expects an integer, got {raw!r}") from None
            low, high = (self.low, self.high) if self.low is not None else _INT_RANGES.get(self.name, _INT64)
            if low is not None and high is not None and not low <= value <= high:
                raise UserError(f"--param {self.name} expects an integer from {low} to {high}, got {value}")
            return value
        if self.type == "float":
            try:
                return float(text)
            except ValueError:
                raise UserError(f"--param {self.name} expects a number, got {raw!r}") from None
        if self.type == "date":
            try:
                if not _DATE_RE.match(text):
                    raise ValueError
                return dt.date.fromisoformat(text).isoformat()
            except ValueError:
                raise UserError(f"--param {self.name} expects a date YYYY-MM-DD, got {raw!r}") from None
        if self.type == "category":
            value = text.upper().replace("-", "_").replace(" ", "_")
            if value not in RELATIONS:
                close = difflib.get_close_matches(value, RELATIONS, n=3, cutoff=0.5)
                hint = f" Did you mean {', '.join(close)}?" if close else ""
                raise UserError(
                    f"--param {self.name} expects a relation category, got {raw!r}.{hint} "
                    f"Categories: {', '.join(RELATIONS)}"
                )
            return value
        raise AssertionError(f"unknown parameter type {self.type}")  # headers are checked on load


@dataclass(frozen=True)
class Variant:
    """A text of a query for some parameter values (``# when:``, in Cypher ``// when:``): ``(name,
    above)`` pairs, any one of which holds when the parameter is given (``above`` None) or is an int
    above ``above``."""

    label: str
    when: tuple[tuple[str, int | None], ...]
    text: str

    @property
    def sparql(self) -> str:  # the name of the text where it is SPARQL
        return self.text

    def applies(self, values: dict[str, Any]) -> bool:
        for name, above in self.when:
            value = values.get(name)
            if value is not None and (above is None or (isinstance(value, int) and value > above)):
                return True
        return False


@dataclass(frozen=True)
class Query:
    """One catalogue entry: both texts and the metadata they share."""

    name: str
    description: str
    params: tuple[Param, ...]
    columns: tuple[str, ...]
    cypher: str
    sparql: str
    order: tuple[tuple[str, bool], ...] = ()  # (column, descending)
    example: str = ""
    header: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    variants: tuple[Variant, ...] = ()
    cypher_variants: tuple[Variant, ...] = ()

    def sparql_for(self, values: dict[str, Any]) -> str:
        """The SPARQL text for these (converted) parameter values: the first variant that applies, else
        the main text."""
        return next((v.text for v in self.variants if v.applies(values)), self.sparql)

    def cypher_for(self, values: dict[str, Any]) -> str:
        """The Cypher text for these parameter values, chosen the same way among the Cypher variants."""
        return next((v.text for v in self.cypher_variants if v.applies(values)), self.cypher)

    @property
    def ordered(self) -> bool:
        return bool(self.order)

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        raise KeyError(name)

    def convert(self, raw: dict[str, Any]) -> dict[str, Any]:
        """Every declared parameter, typed, with defaults filled in; clear errors for the rest."""
        known = {p.name for p in self.params}
        for key in raw:
            if key not in known:
                close = difflib.get_close_matches(key, sorted(known), n=1)
                hint = f" Did you mean {close[0]!r}?" if close else ""
                listed = ", ".join(p.describe() for p in self.params) or "none"
                raise UserError(f"query {self.name} has no parameter {key!r}.{hint} Its parameters: {listed}")
        out: dict[str, Any] = {}
        for p in self.params:
            if p.name in raw and raw[p.name] is not None:
                out[p.name] = p.convert(raw[p.name])
            elif p.required:
                raise UserError(
                    f"query {self.name} needs --param {p.name}=... ({p.type}); "
                    f"example: {self.example or f'geokg query run {self.name} --param {p.name}=...'}"
                )
            else:
                out[p.name] = p.default
        return out


def _parse_header(text: str, prefix: str) -> dict[str, str]:
    header: dict[str, str] = {}
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped.startswith(prefix):
            break
        body = stripped[len(prefix):].strip()
        key, sep, value = body.partition(":")
        if not sep or key.strip() not in HEADER_KEYS:
            break
        header[key.strip()] = value.strip()
    return header


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _parse_param(spec: str, query: str) -> Param:
    m = _PARAM_RE.match(spec)
    if not m or m["type"] not in PARAM_TYPES:
        raise ValueError(f"{query}: bad parameter {spec!r} (want name:type[=default]; types {PARAM_TYPES})")
    lo = int(m["lo"]) if m["lo"] is not None else None
    hi = int(m["hi"]) if m["hi"] is not None else None
    if lo is not None and m["type"] != "int":
        raise ValueError(f"{query}: only int parameters take a range: {spec!r}")
    param = Param(m["name"], m["type"], None, m["default"] is None, lo, hi)
    if m["default"]:
        param = Param(param.name, param.type, param.convert(m["default"]), False, lo, hi)
    return param


def parse_variant(query: Query, label: str, text: str, language: str = "sparql") -> Variant:
    """A variant's text, checked: the query's header plus a valid ``when:``."""
    header = _parse_header(text, "#" if language == "sparql" else "//")
    when = header.pop("when", "")
    main = f"{query.name}.rq" if language == "sparql" else f"{query.name}.cypher"
    if header != query.header:
        diff = {k: (query.header.get(k), header.get(k)) for k in set(header) | set(query.header)
                if query.header.get(k) != header.get(k)}
        raise ValueError(f"{query.name}.{label}: its header differs from {main}: {diff}")
    conds: list[tuple[str, int | None]] = []
    for item in _split(when):
        m = _WHEN_RE.match(item)
        if not m or m["name"] not in {p.name for p in query.params}:
            raise ValueError(f"{query.name}.{label}: bad condition {item!r} in 'when:' (want a parameter, "
                             "or an int parameter and >N)")
        conds.append((m["name"], int(m["above"]) if m["above"] is not None else None))
    if not conds:
        raise ValueError(f"{query.name}.{label}: a variant needs 'when:'")
    return Variant(label, tuple(conds), text)


def parse_query(name: str, cypher: str, sparql: str, variants: dict[str, str] | None = None,
                cypher_variants: dict[str, str] | None = None) -> Query:
    """A ``Query`` from its two texts (and SPARQL and Cypher variants by label); ``ValueError`` when
    their headers are broken or disagree."""
    cy, rq = _parse_header(cypher, "//"), _parse_header(sparql, "#")
    if "when" in cy or "when" in rq:
        raise ValueError(f"{name}: only a variant (NAME.LABEL.rq, NAME.LABEL.cypher) has 'when:'")
    if cy != rq:
        diff = {k: (cy.get(k), rq.get(k)) for k in set(cy) | set(rq) if cy.get(k) != rq.get(k)}
        raise ValueError(f"{name}: the .cypher and .rq headers differ: {diff}")
    for key in ("name", "description", "columns"):
        if not cy.get(key):
            raise ValueError(f"{name}: header lacks '{key}:'")
    if cy["name"] != name:
        raise ValueError(f"{name}: header names it {cy['name']!r}")
    params = tuple(_parse_param(spec, name) for spec in _split(cy.get("params", "")))
    columns = tuple(_split(cy["columns"]))
    clash = {p.name for p in params} & set(columns)
    if clash:  # SPARQL binds parameters as variables: a column of the same name would be pinned
        raise ValueError(f"{name}: parameters and columns share names {sorted(clash)}")
    order: list[tuple[str, bool]] = []
    for item in _split(cy.get("order", "")):
        col, _, direction = item.partition(" ")
        if col not in columns or direction.strip() not in ("", "asc", "desc"):
            raise ValueError(f"{name}: bad order item {item!r}")
        order.append((col, direction.strip() == "desc"))
    query = Query(name=name, description=cy["description"], params=params, columns=columns,
                  cypher=cypher, sparql=sparql, order=tuple(order), example=cy.get("example", ""), header=cy)
    found = tuple(parse_variant(query, label, text) for label, text in sorted((variants or {}).items()))
    in_cypher = tuple(parse_variant(query, label, text, "cypher")
                      for label, text in sorted((cypher_variants or {}).items()))
    return replace(query, variants=found, cypher_variants=in_cypher)


def _folder() -> Any:
    return resources.files("geokg.queries") / "catalogue"


@cache
def query_names() -> tuple[str, ...]:
    """The names of every catalogue query, sorted."""
    names = {entry.name.split(".", 1)[0] for entry in _folder().iterdir()
             if entry.name.endswith((".cypher", ".rq"))}
    return tuple(sorted(names))


@cache
def load_query(name: str) -> Query:
    """The catalogue query ``name``; a "did you mean" ``UserError`` for an unknown one."""
    if name not in query_names():
        close = difflib.get_close_matches(name, query_names(), n=3, cutoff=0.6)
        hint = f" Did you mean {', '.join(close)}?" if close else ""
        raise UserError(f"no query named {name!r}.{hint} See `geokg query list`.")
    folder = _folder()
    try:
        cypher = (folder / f"{name}.cypher").read_text(encoding="utf-8")
        sparql = (folder / f"{name}.rq").read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ValueError(f"{name}: the catalogue needs both {name}.cypher and {name}.rq") from exc
    def variants(suffix: str) -> dict[str, str]:
        return {entry.name[len(name) + 1:-len(suffix)]: entry.read_text(encoding="utf-8")
                for entry in folder.iterdir() if entry.name.startswith(f"{name}.") and entry.name.endswith(suffix)
                and entry.name != f"{name}{suffix}"}

    return parse_query(name, cypher, sparql, variants(".rq"), variants(".cypher"))


def load_catalogue() -> list[Query]:
    """Every catalogue query, by name."""
    return [load_query(name) for name in query_names()]
