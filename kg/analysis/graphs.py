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

# Facts are read with small DISTINCT queries, each inside GRAPH ?g, and joined here: the store's
# default graph is the union of every article's graph, where a fact stated by k articles appears
# k times, and a join of n such patterns over the union yields k^n rows (33 s instead of 0.1 s
# for the memberships of a 10,000-article store).
_NETWORKS = _PREFIXES + """
SELECT DISTINCT ?network ?label WHERE { GRAPH ?g { ?network a kgo:Network ; rdfs:label ?label } }"""

_MEMBERSHIPS = _PREFIXES + """
SELECT DISTINCT ?fact ?member ?network WHERE {
  GRAPH ?g { ?fact a kgo:NetworkMembership ; org:member ?member ; org:organization ?network } }"""

_POSTS = _PREFIXES + """
SELECT DISTINCT ?post ?organisation ?role WHERE {
  GRAPH ?g { ?post a org:Post ; org:postIn ?organisation ; org:role ?role } }"""

_ROLES = _PREFIXES + """
SELECT DISTINCT ?role ?title ?code WHERE {
  GRAPH ?g { ?role skos:notation ?code . OPTIONAL { ?role skos:prefLabel ?title FILTER (LANG(?title) = "nb") } } }"""

_HOLDINGS = _PREFIXES + """
SELECT DISTINCT ?fact ?person ?post WHERE {
  GRAPH ?g { ?fact a kgo:OfficeHolding ; org:member ?person ; kgo:post ?post } }"""

_LABELS = _PREFIXES + """
SELECT DISTINCT ?thing ?label WHERE {
  VALUES ?class { schema:Person org:Organization } GRAPH ?g { ?thing a ?class ; rdfs:label ?label } }"""

_DETAILS = _PREFIXES + """
SELECT DISTINCT ?fact ?from ?state WHERE {
  VALUES ?class { kgo:NetworkMembership kgo:OfficeHolding }
  GRAPH ?g { ?fact a ?class . OPTIONAL { ?fact schema:validFrom ?from } OPTIONAL { ?fact kgo:status ?state } } }"""

_EVIDENCE = _PREFIXES + """
SELECT DISTINCT ?fact ?article ?start ?sentence WHERE {
  VALUES ?class { kgo:NetworkMembership org:Post }
  GRAPH ?g {
    ?fact a ?class ; kgo:evidence ?ev .
    ?ev oa:hasSource ?article ; oa:hasSelector ?sel .
    ?sel oa:exact ?sentence ; oa:start ?start .
  }
}"""

_TITLES = _PREFIXES + """
SELECT DISTINCT ?article ?title WHERE { GRAPH ?g { ?article dcterms:title ?title } }"""


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
    return [{n: (row[n].value if row[n] is not None else None) for n in names} for row in results]


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
    labels = {row["thing"]: row["label"] for row in _select(store, _LABELS)}
    details: dict[str, dict] = {}
    for row in _select(store, _DETAILS):
        # kgo:Current → "current": the status's notation is its local name in lower case
        row["status"] = row["state"].rsplit("#", 1)[-1].lower() if row["state"] else None
        entry = details.setdefault(row["fact"], {"from": None, "status": None})
        if row["from"] and (entry["from"] is None or row["from"] < entry["from"]):
            entry["from"] = row["from"]
        if row["status"] and (entry["status"] in (None, "current")):
            entry["status"] = row["status"]
    sources, evidence = _evidence(store)
    cutoff = None if as_of is None else str(as_of)

    def started(fact: str) -> bool:
        since = details.get(fact, {}).get("from")
        return cutoff is None or since is None or since <= cutoff

    for row in _select(store, _MEMBERSHIPS):
        fact, member, network = row["fact"], row["member"], row["network"]
        info = details.get(fact, {})
        if not started(fact) or cutoff is not None and info.get("status") == "former":
            continue
        if member not in graph:
            if cutoff is not None and "/municipality/" in member:
                continue  # a member that did not exist that day
            _add_node(graph, member, {"label": labels.get(member, member), "type": "organisation"})
        graph.add_edge(member, network, key="member_of", relation="member_of", label="medlem av",
                       **_clean({"valid_from": info.get("from"), "status": info.get("status"),
                                 "source": sources.get(fact), "evidence": evidence.get(fact)}))
    posts = {}
    roles = {row["role"]: row["title"] or row["code"] for row in _select(store, _ROLES)}
    for row in _select(store, _POSTS):
        if row["organisation"] not in graph or row["post"] in posts:
            continue
        posts[row["post"]] = roles.get(row["role"], row["role"].rsplit("/", 1)[-1])
        label = f"{posts[row['post']]}, {graph.nodes[row['organisation']]['label']}"
        _add_node(graph, row["post"], {"label": label, "type": "post", "source": sources.get(row["post"])})
        graph.add_edge(row["post"], row["organisation"], key="post_in", relation="post_in", label="i",
                       **_clean({"source": sources.get(row["post"]), "evidence": evidence.get(row["post"])}))
    for row in _select(store, _HOLDINGS):
        fact, person, post = row["fact"], row["person"], row["post"]
        info = details.get(fact, {})
        if post not in posts or not started(fact) or cutoff is not None and info.get("status") == "former":
            continue
        _add_node(graph, person, {"label": labels.get(person, person), "type": "person"})
        graph.add_edge(person, post, key="holds", relation="holds", label=posts[post] or "",
                       **_clean({"status": info.get("status"), "valid_from": info.get("from"),
                                 "source": sources.get(post), "evidence": evidence.get(post)}))
    return graph


def _evidence(store) -> tuple[dict[str, str], dict[str, str]]:
    """Per fact: its articles ("title <url>" joined by " | ") and the first sentence stating it."""
    articles: dict[str, set[str]] = {}
    first: dict[str, tuple[str, int, str]] = {}
    titles = {row["article"]: row["title"] for row in _select(store, _TITLES)}
    for row in _select(store, _EVIDENCE):
        fact = row["fact"]
        title = titles.get(row["article"])
        articles.setdefault(fact, set()).add(f"{title} <{row['article']}>" if title else f"<{row['article']}>")
        key = (row["article"], int(row["start"]), row["sentence"])
        if fact not in first or key < first[fact]:
            first[fact] = key
    return ({fact: " | ".join(sorted(found)) for fact, found in articles.items()},
            {fact: found[2] for fact, found in first.items()})


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
