"""The SPARQL side of the runner: the IRIs derived from a query's parameters (``sparql_iris``) and how
they reach the text, as VALUES data written by pyoxigraph (``inline_values``, ``values_block``).

Every derived term is data, never text: a ``# values here: ?x`` line of a SPARQL text becomes a
``VALUES`` block of terms pyoxigraph writes (docs/schema.md, "Query parameters bound as IRIs and lists").
"""
from __future__ import annotations

import re
from collections.abc import Container
from typing import Any

from geokg.queries.catalogue import Query


def sparql_iris(query: Query, params: dict[str, Any], text: str | None = None) -> dict[str, Any]:
    """The IRIs the SPARQL text asks for (written into it as VALUES data by ``inline_values``):

    * ``?NAME_iri`` for each actor and category parameter given: the IRI itself;
    * ``?NAME_mentions`` / ``?NAME_speaks`` for an actor parameter: its month indexes in the article graphs
      (graph/mentions.py: the months of the articles naming it, of the statements attributed to it);
    * ``?dyad`` (``?dyad_s``, ``?dyad_o``) when the first two actor parameters are given: the pairs
      (A, B) and (B, A) of their IRIs (one pair when A is B);
    * ``?pair_relations`` when the first two actor parameters are given: the relation summary nodes
      (docs/schema.md, ``gksum:r-``) of every relation (or of the category parameter given) from either
      to the other, most of which do not exist; reading them costs the same whatever the two actors'
      degrees or the store's size; ``?pair_denials`` likewise, the denial nodes (``gksum:n-``,
      graph/denials.py) that link the negated statements of those relations;
    * ``?pair_months``: likewise the listing nodes of those relations' months (graph/pairdates.py: events
      ``gksum:m-``, when the text reads ``gk:monthEvent``; statements ``gksum:t-``, for ``gk:monthReport`` or
      ``gk:monthDenial``); ``Engine.run`` reads their buckets, a few months at a time in date order (when
      ``min_sources`` is above one, ``gksum:s-``: the events of two sources or more, and no negated
      statement's, each of one source);
    * ``?top_hostile``, ``?top_cooperative``, ``?top_actors``: the page nodes holding ranks 1..limit of
      that ranking (``gksum:rank-{ranking}-p{page}``, graph/rankings.py), so the query reads about
      ``limit`` summaries (whole pages: the runner cuts the sorted rows to ``limit``);
    * ``?mention_buckets``: the months of the first actor parameter's mention index (graph/mentions.py):
      ``Engine.run`` lists them newest first and writes those that hold ``limit`` articles;
    * ``?category_multi``: the node listing the category parameter's events of two sources or more
      (``gksum:ms-{CATEGORY}``, graph/multisource.py);
    * ``?category_months``: the period nodes (``gksum:c-{CATEGORY}-{period}``) of the category parameter
      from ``since`` to ``until``, in date order (read a few at a time, ``CHUNKED``); ``?first_periods``
      likewise, the nodes ``gksum:f-{period}`` of the relations first dated in each period.

    A pattern on a known IRI is an index look-up; ``BIND(IRI(CONCAT(...)))`` in the query text is
    joined after its pattern has been scanned (Oxigraph), hundreds of times slower on a big store.
    """
    from rdflib import URIRef

    from geokg.graph.derived import relation_node
    from geokg.graph.mentions import mention_index, speaker_index
    from geokg.graph.namespace import GK, actor_iri
    from geokg.queries.catalogue import RELATIONS

    out: dict[str, Any] = {}
    text = query.sparql if text is None else text
    actors: list[str] = []
    # the category parameters given (a text has at most one; the pair look-ups take every one)
    categories = [str(params[p.name]) for p in query.params if p.type == "category" and params.get(p.name)]
    for p in query.params:
        value = params.get(p.name)
        if value is not None and p.type == "actor":
            actors.append(str(value))
        if value is None or not any(f"?{p.name}_{suffix}" in text for suffix in ("iri", "mentions", "speaks")):
            continue
        if p.type == "actor":
            out[f"{p.name}_iri"] = actor_iri(str(value))
            for suffix, index in (("mentions", mention_index), ("speaks", speaker_index)):
                if f"?{p.name}_{suffix}" in text:
                    out[f"{p.name}_{suffix}"] = URIRef(index(str(value)).value)
        elif p.type == "category":
            out[f"{p.name}_iri"] = URIRef(str(GK._NS) + str(value))
    if len(actors) >= 2 and "?dyad" in text:
        a_iri, b_iri = (actor_iri(k) for k in actors[:2])
        out["dyad"] = [(a_iri, b_iri)] if a_iri == b_iri else [(a_iri, b_iri), (b_iri, a_iri)]
    for ranking in ("hostile", "cooperative", "actors"):
        if f"?top_{ranking}" in text:
            from geokg.graph.rankings import RANK_SIZE, pages_for, slot

            limit = params.get("limit")
            pages = pages_for(limit if isinstance(limit, int) else RANK_SIZE)
            out[f"top_{ranking}"] = [URIRef(slot(ranking, p).value) for p in range(1, pages + 1)]
    if "?category_months" in text:
        from geokg.graph.derived import period_node

        category = next(iter(categories), None)
        if category is not None:
            stems = period_stems(params.get("since"), params.get("until"))
            out["category_months"] = [URIRef(period_node(category, st).value) for st in stems]
    if "?category_multi" in text:
        from geokg.graph.multisource import multi_source_node

        category = next(iter(categories), None)
        if category is not None:
            out["category_multi"] = URIRef(multi_source_node(category).value)
    if "?first_periods" in text and params.get("since") is not None:
        from geokg.graph.derived import first_seen_node

        out["first_periods"] = [URIRef(first_seen_node(st).value)
                                for st in period_stems(params["since"], params.get("until"))]
    if "?mention_buckets" in text and actors:  # the actor's mention index, whose months Engine.run lists
        out["mention_buckets"] = [URIRef(mention_index(actors[0]).value)]
    out.update(hub_iris(query, params, text))
    if ("?pair_relations" in text or "?pair_denials" in text or "?pair_months" in text) and len(actors) >= 2:
        from geokg.graph.denials import denial_node

        a, b = actors[:2]
        # a category parameter given: that relation's nodes only
        keys = sorted({(s, rel, o) for rel in categories or RELATIONS for s, o in ((a, b), (b, a))})
        if "?pair_relations" in text:
            out["pair_relations"] = [URIRef(relation_node(k).value) for k in keys]
        if "?pair_denials" in text:
            out["pair_denials"] = [URIRef(denial_node(k).value) for k in keys]
        if "?pair_months" in text:  # the listings of their months (graph/pairdates.py), read by Engine.run
            from geokg.graph.pairdates import listing

            # min_sources above one: the events of two sources or more (gksum:s-), no negated statement
            # (each counts one source)
            sourced = isinstance(params.get("min_sources"), int) and params["min_sources"] > 1
            reads = {"m": "gk:monthEvent" in text and not sourced, "s": "gk:monthEvent" in text and sourced,
                     "t": "gk:monthReport" in text or ("gk:monthDenial" in text and not sourced)}
            kinds = [k for k, wanted in reads.items() if wanted]
            out["pair_months"] = [URIRef(listing(kind, relation_node(k)).value)
                                  for kind in kinds for k in keys]
    return out


def hub_iris(query: Query, params: dict[str, Any], text: str) -> dict[str, Any]:
    """The hub index nodes (graph/hubindex.py) of the actor parameters the text names:
    ``?NAME_out_REL`` the node of the relation summaries with that actor as subject and relation ``REL``
    (a relation's name, or the name of a category parameter: its value); ``?NAME_in_REL`` the nodes
    (buckets by events, highest first) of those with that actor as object; ``?NAME_partners`` the
    actor's partner buckets, highest first; ``?NAME_trade`` its TRADE summaries by importer's initial."""
    from rdflib import URIRef

    from geokg.graph import hubindex
    from geokg.queries.catalogue import RELATIONS

    out: dict[str, Any] = {}
    categories = {p.name: str(params[p.name]) for p in query.params if p.type == "category" and params.get(p.name)}
    for p in query.params:
        key = params.get(p.name)
        if p.type != "actor" or key is None:
            continue
        for m in re.finditer(rf"\?{p.name}_(in|out)_(\w+)", text):
            relation = categories.get(m[2], m[2] if m[2] in RELATIONS else None)
            if relation is not None and m[1] == "in":
                out[m[0][1:]] = [URIRef(n.value) for n in hubindex.incoming_nodes(str(key), relation)]
            elif relation is not None:
                out[m[0][1:]] = URIRef(hubindex.outgoing_node(str(key), relation).value)
        if f"?{p.name}_trade" in text:
            out[f"{p.name}_trade"] = [URIRef(n.value) for n in hubindex.trade_nodes(str(key))]
        if f"?{p.name}_partners" in text:
            out[f"{p.name}_partners"] = [URIRef(n.value) for n in hubindex.partner_buckets(str(key))]
    return out


#: Derived IRIs a text reads a few at a time, in their order, until it has ``limit`` rows (``Engine.run``).
CHUNKED = ("category_months", "first_periods", "pair_months", "mention_buckets")  # the last: see Engine.run


def period_stems(since: str | None, until: str | None, years: Container[int] | None = None) -> list[str]:
    """The periods (graph/derived.py: ``period_stem``) that can hold event dates from ``since`` to
    ``until`` (ISO dates; None: open), in the order their dates sort: ``other`` first (dates not in
    ISO form, which may sort anywhere), then before the first year, each year's ``YYYY``, then each
    month's ``YYYY-MM`` followed by its days, and after the last year. ``years``: the stems of those
    years only (and the three outside every year)."""
    import calendar

    from geokg.graph.derived import FIRST_YEAR, LAST_YEAR

    out = ["other"]
    if since is None or since[:4] < f"{FIRST_YEAR:04d}":
        out.append(f"before-{FIRST_YEAR}")
    low = max(int(since[:4]), FIRST_YEAR) if since else FIRST_YEAR
    high = min(int(until[:4]), LAST_YEAR) if until else LAST_YEAR
    for year in range(low, high + 1):
        if years is not None and year not in years:
            continue
        stems = [f"{year:04d}"]
        for month in range(1, 13):
            stems.append(f"{year:04d}-{month:02d}")
            stems += [f"{year:04d}-{month:02d}-{d:02d}" for d in range(1, calendar.monthrange(year, month)[1] + 1)]
        out += [st for st in stems if (since is None or st >= since) and (until is None or st <= until)]
    if until is None or until[:4] > f"{LAST_YEAR:04d}":
        out.append(f"after-{LAST_YEAR}")
    return out


#: A line of a SPARQL text that asks for IRIs as data: ``# values here: ?a_iri ?pair_relations``.
VALUES_HERE = re.compile(r"(?m)^(?P<indent>[ \t]*)# values here:(?P<names>[^\n]*)$")


def inline_values(text: str, terms: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """``(text, the terms left to substitute)``: where the text has a ``# values here: ?x ?y`` line, that
    line becomes ``VALUES ?x { term ... }`` for each of those it names that ``terms`` has (a term or a
    list of terms), each term written by pyoxigraph (an IRI that cannot be one is refused there,
    literals are escaped), so no value can change the query around it. The rest stay substitutions.

    Data in the pattern rather than a substitution: Oxigraph 0.5 plans a substituted variable as if it
    were free (a look-up of the bound node can become a scan joined afterwards); a VALUES block is planned
    as data, where the text puts it (a trailing one would be joined after an aggregate's grouping).
    """
    import pyoxigraph as ox
    from rdflib import URIRef

    inlined: set[str] = set()

    def term(t: Any) -> str:
        if isinstance(t, URIRef):
            return str(ox.NamedNode(str(t)))
        if isinstance(t, int) and not isinstance(t, bool):
            return str(ox.Literal(t))  # an xsd:integer (the limit)
        return str(ox.Literal(str(t)))

    def block(m: re.Match[str]) -> str:
        rows = []
        for name in (n.lstrip("?") for n in m["names"].split()):
            if not name.isidentifier():
                raise ValueError(f"bad variable {name!r} in '# values here:'")
            inlined.add(name)
            if name not in terms:
                continue  # not given: the variable stays unbound
            value = terms[name]
            items = value if isinstance(value, list) else [value]
            if items and isinstance(items[0], tuple):  # pairs: ?NAME_s and ?NAME_o
                written = " ".join(f"({' '.join(term(t) for t in pair)})" for pair in items)
                rows.append(f"{m['indent']}VALUES (?{name}_s ?{name}_o) {{ {written} }}")
            else:
                rows.append(f"{m['indent']}VALUES ?{name} {{ {' '.join(term(t) for t in items)} }}")
        return "\n".join(rows)

    text = VALUES_HERE.sub(block, text)
    return text, {k: v for k, v in terms.items() if k not in inlined}


def values_block(name: str, items: list[str]) -> str:
    """``VALUES ?name { "a" "b" }``: a list parameter as SPARQL data, each item a string literal written
    by pyoxigraph (quotes, backslashes and newlines escaped), so no item can end the block."""
    import pyoxigraph as ox

    if not name.isidentifier():
        raise ValueError(f"bad parameter name {name!r}")
    return f"VALUES ?{name} {{ {' '.join(str(ox.Literal(str(item))) for item in items)} }}"
