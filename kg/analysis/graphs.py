"""The bridge from the store to networkx: typed graphs with string node ids and scalar attributes.

rdflib's converters put RDF terms and lists on nodes and edges, which networkx's GEXF and GraphML
writers reject; these graphs carry plain strings and numbers only, so every writer accepts them.

- :func:`governance_graph`: persons, posts, municipalities, counties and networks, with edges
  ``holds`` (person → post), ``post_in`` (post → organisation), ``member_of`` (member → network),
  ``in_county`` (municipality → county) and ``succeeded_by`` (old → new municipality);
- :func:`comembership_graph`: municipalities linked by the networks they share;
- :func:`ego_graph`: the neighbourhood of one entity.

Node ids are IRIs. Node attributes: ``label``, ``type`` and, where known, ``number``, ``county``,
``population``, ``valid_from``, ``valid_until``, ``source``. Edge attributes: ``relation``,
``label``, and for facts read from articles ``source`` (the article's title and URL),
``evidence`` (the sentence), ``valid_from``, ``status``.

>>> from kg.store import open_store
>>> g = governance_graph(open_store(":memory:"), as_of="2024-06-01")
>>> g.nodes["https://w3id.org/kommunegraf/id/municipality/0301"]["label"]
'Oslo'
"""

from __future__ import annotations

from datetime import date

from kg.errors import InputError

_PREFIXES = """
PREFIX kgo: <https://w3id.org/kommunegraf/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX schema: <https://schema.org/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX oa: <http://www.w3.org/ns/oa#>
"""

# Validity tests written as FILTER NOT EXISTS (see queries/README.md); ?date is bound with VALUES.
_UNITS = _PREFIXES + """
SELECT ?unit ?kind ?label ?from ?until ?number ?county ?population WHERE {
  VALUES ?date { %(date)s }
  VALUES (?class ?kind) { (kgo:Municipality "municipality") (kgo:County "county") }
  ?unit a ?class ; rdfs:label ?label .
  FILTER NOT EXISTS { ?unit schema:validFrom ?f0 FILTER (?f0 > ?date) }
  FILTER NOT EXISTS { ?unit schema:validUntil ?u0 FILTER (?u0 < ?date) }
  OPTIONAL { ?unit schema:validFrom ?from }
  OPTIONAL { ?unit schema:validUntil ?until }
  OPTIONAL {
    ?unit schema:identifier ?id . ?id schema:value ?number .
    FILTER NOT EXISTS { ?id schema:validFrom ?f1 FILTER (?f1 > ?date) }
    FILTER NOT EXISTS { ?id schema:validUntil ?u1 FILTER (?u1 < ?date) }
    OPTIONAL { ?id kgo:county ?county }
  }
  OPTIONAL {
    SELECT ?unit (MAX(?observed) AS ?latest) WHERE {
      ?obs schema:observationAbout ?unit ; schema:observationDate ?observed }
    GROUP BY ?unit
  }
  OPTIONAL { ?p schema:observationAbout ?unit ; schema:observationDate ?latest ; schema:value ?population }
}"""

_SUCCESSIONS = _PREFIXES + """
SELECT ?old ?new ?day WHERE {
  ?old dcterms:isReplacedBy ?new .
  OPTIONAL { ?new schema:validFrom ?day }
}"""

_NETWORKS = _PREFIXES + """
SELECT ?network ?label WHERE { ?network a kgo:Network ; rdfs:label ?label }"""

_MEMBERSHIPS = _PREFIXES + """
SELECT ?member ?memberLabel ?network ?from ?status
       (GROUP_CONCAT(DISTINCT ?src; separator=" | ") AS ?sources)
       (GROUP_CONCAT(DISTINCT ?quote; separator="\u001e") AS ?evidence)
WHERE {
  VALUES ?date { %(date)s }
  ?m a kgo:NetworkMembership ; org:member ?member ; org:organization ?network .
  FILTER NOT EXISTS { ?m schema:validFrom ?f FILTER (?f > ?date) }
  FILTER NOT EXISTS { ?m kgo:status kgo:Former FILTER (BOUND(?date)) }
  OPTIONAL { ?member rdfs:label ?memberLabel }
  OPTIONAL { ?m schema:validFrom ?from }
  OPTIONAL { ?m kgo:status/skos:notation ?status }
  OPTIONAL {
    ?m kgo:evidence ?ev . ?ev oa:hasSource ?article ; oa:hasSelector ?sel .
    ?sel oa:exact ?sentence ; oa:start ?start .
    BIND (CONCAT(STR(?start), "\t", ?sentence) AS ?quote)
    OPTIONAL { ?article dcterms:title ?title }
    BIND (CONCAT(COALESCE(?title, ""), IF(BOUND(?title), " <", "<"), STR(?article), ">") AS ?src)
  }
}
GROUP BY ?member ?memberLabel ?network ?from ?status"""

_HOLDINGS = _PREFIXES + """
SELECT ?person ?personLabel ?post ?postLabel ?code ?organisation ?status ?from
       (GROUP_CONCAT(DISTINCT ?src; separator=" | ") AS ?sources)
       (GROUP_CONCAT(DISTINCT ?quote; separator="\u001e") AS ?evidence)
WHERE {
  VALUES ?date { %(date)s }
  ?post a org:Post ; org:postIn ?organisation ; org:role ?role .
  OPTIONAL { ?role skos:prefLabel ?postLabel FILTER (LANG(?postLabel) = "nb") }
  OPTIONAL { ?role skos:notation ?code }
  OPTIONAL {
    ?holding kgo:post ?post ; org:member ?person .
    ?person rdfs:label ?personLabel .
    FILTER NOT EXISTS { ?holding schema:validFrom ?f FILTER (?f > ?date) }
    OPTIONAL { ?holding kgo:status/skos:notation ?status }
    OPTIONAL { ?holding schema:validFrom ?from }
  }
  OPTIONAL {
    ?post kgo:evidence ?ev . ?ev oa:hasSource ?article ; oa:hasSelector ?sel .
    ?sel oa:exact ?sentence ; oa:start ?start .
    BIND (CONCAT(STR(?start), "\t", ?sentence) AS ?quote)
    OPTIONAL { ?article dcterms:title ?title }
    BIND (CONCAT(COALESCE(?title, ""), IF(BOUND(?title), " <", "<"), STR(?article), ">") AS ?src)
  }
}
GROUP BY ?person ?personLabel ?post ?postLabel ?code ?organisation ?status ?from"""


def _date_term(as_of: str | date | None) -> str:
    if as_of is None:
        return "UNDEF"
    try:
        day = as_of if isinstance(as_of, date) else date.fromisoformat(str(as_of))
    except ValueError:
        raise InputError(f"--as-of {as_of!r} is not a date (YYYY-MM-DD)") from None
    return f'"{day.isoformat()}"^^<http://www.w3.org/2001/XMLSchema#date>'


def _select(store, sparql: str) -> list[dict]:
    results = store.query(sparql)
    names = [v.value for v in results.variables]
    rows = [{n: (row[n].value if row[n] is not None else None) for n in names} for row in results]
    for row in rows:
        if row.get("evidence"):  # the first sentence (by offset) that states the fact
            quotes = [q.split("\t", 1) for q in row["evidence"].split("\u001e") if "\t" in q]
            row["evidence"] = min(quotes, key=lambda q: int(q[0]))[1] if quotes else None
    return rows


def governance_graph(store, as_of: str | date | None = None):
    """Persons, posts, municipalities, counties and networks with typed edges (a MultiDiGraph).

    With ``as_of``, only the municipalities and counties that existed that day (with their number
    and county then), and memberships and holdings not known to start later or to have ended."""
    import networkx as nx

    day = _date_term(as_of)
    graph = nx.MultiDiGraph(name="kommunegraf governance graph", as_of=str(as_of or ""))
    for row in _select(store, _UNITS % {"date": day}):
        attrs = {"label": row["label"], "type": row["kind"], "number": row["number"],
                 "valid_from": row["from"], "valid_until": row["until"],
                 "population": int(row["population"]) if row["population"] else None}
        _add_node(graph, row["unit"], attrs)
        if row["county"]:
            graph.add_edge(row["unit"], row["county"], key="in_county", relation="in_county", label="i fylke")
    units = {n for n, d in graph.nodes(data=True) if d["type"] in ("municipality", "county")}
    for node in list(units):  # the county's name as an attribute, for filtering in Gephi
        counties = [graph.nodes[t]["label"] for _, t, k in graph.out_edges(node, keys=True) if k == "in_county"
                    and t in graph]
        if counties:
            graph.nodes[node]["county"] = counties[0]
    for row in _select(store, _SUCCESSIONS):
        if row["old"] in graph and row["new"] in graph:  # with a date, both never exist at once
            graph.add_edge(row["old"], row["new"], key="succeeded_by", relation="succeeded_by",
                           label="erstatta av", **_clean({"valid_from": row["day"]}))
    for row in _select(store, _NETWORKS):
        _add_node(graph, row["network"], {"label": row["label"], "type": "network"})
    for row in _select(store, _MEMBERSHIPS % {"date": day}):
        if row["member"] not in graph:
            if as_of is not None and "/municipality/" in row["member"]:
                continue  # a member that did not exist that day
            _add_node(graph, row["member"], {"label": row["memberLabel"] or row["member"], "type": "organisation"})
        graph.add_edge(row["member"], row["network"], key="member_of", relation="member_of", label="medlem av",
                       **_clean({"valid_from": row["from"], "status": row["status"], "source": row["sources"],
                                 "evidence": row["evidence"]}))
    for row in _select(store, _HOLDINGS % {"date": day}):
        if row["organisation"] not in graph:
            continue
        post_label = f"{row['postLabel'] or row['code']}, {graph.nodes[row['organisation']]['label']}"
        _add_node(graph, row["post"], {"label": post_label, "type": "post", "source": row["sources"]})
        graph.add_edge(row["post"], row["organisation"], key="post_in", relation="post_in", label="i",
                       **_clean({"source": row["sources"], "evidence": row["evidence"]}))
        if row["person"]:
            if as_of is not None and row["status"] == "former":
                continue
            _add_node(graph, row["person"], {"label": row["personLabel"], "type": "person"})
            graph.add_edge(row["person"], row["post"], key="holds", relation="holds", label=row["postLabel"] or "",
                           **_clean({"status": row["status"], "valid_from": row["from"], "source": row["sources"],
                                     "evidence": row["evidence"]}))
    return graph


def _clean(attrs: dict) -> dict:
    """Drop missing values: GEXF and GraphML writers cannot write None."""
    return {k: v for k, v in attrs.items() if v is not None and v != ""}


def _add_node(graph, node: str, attrs: dict) -> None:
    if node in graph:
        graph.nodes[node].update(_clean(attrs))
    else:
        graph.add_node(node, **_clean(attrs))


WEIGHTINGS = ("count", "newman", "jaccard")


def comembership_graph(store, as_of: str | date | None = None, weighting: str = "count"):
    """Municipalities (and other members) linked when they share networks, weighted by ``count``
    (shared networks), ``newman`` (Newman's collaboration weighting: each network adds 1/(n-1)) or
    ``jaccard`` (shared / all networks of the two)."""
    import networkx as nx
    from networkx.algorithms import bipartite

    if weighting not in WEIGHTINGS:
        raise InputError(f"unknown weighting {weighting!r}; known: {', '.join(WEIGHTINGS)}")
    governance = governance_graph(store, as_of)
    bi = nx.Graph()
    members = set()
    for member, network, key in governance.edges(keys=True):
        if key == "member_of":
            bi.add_node(member, **governance.nodes[member])
            bi.add_node(network, **governance.nodes[network])
            bi.add_edge(member, network)
            members.add(member)
    if weighting == "count":
        projected = bipartite.weighted_projected_graph(bi, members)
    elif weighting == "newman":
        projected = bipartite.collaboration_weighted_projected_graph(bi, members)
    else:
        projected = bipartite.overlap_weighted_projected_graph(bi, members, jaccard=True)
    graph = nx.Graph(name=f"co-membership ({weighting})", as_of=str(as_of or ""))
    for node in members:
        graph.add_node(node, **governance.nodes[node])
    for a, b, data in projected.edges(data=True):
        shared = sorted(governance.nodes[n]["label"] for n in set(bi[a]) & set(bi[b]))
        graph.add_edge(a, b, relation="co_member", weight=float(data["weight"]),
                       label=", ".join(shared), networks=len(shared))
    return graph


def resolve_node(graph, name: str) -> str:
    """The node id for an IRI, or for a label (case-insensitive; municipalities before others)."""
    if name in graph:
        return name
    wanted = name.casefold().strip()
    found = [n for n, d in graph.nodes(data=True) if str(d.get("label", "")).casefold() == wanted
             or str(d.get("number", "")) == wanted]
    if not found:
        raise InputError(f"no entity {name!r} in the graph (give a name as in kg query, a number or an IRI)")
    order = {"municipality": 0, "county": 1, "network": 2, "person": 3}
    found.sort(key=lambda n: (order.get(graph.nodes[n].get("type"), 9), n))
    return found[0]


def ego_graph(graph, name: str, radius: int = 1):
    """The entities within ``radius`` steps of ``name`` (edges in either direction)."""
    import networkx as nx

    centre = resolve_node(graph, name)
    nodes = nx.ego_graph(graph.to_undirected(as_view=True), centre, radius=radius).nodes
    ego = graph.subgraph(nodes).copy()
    ego.graph["ego"] = centre
    return ego
