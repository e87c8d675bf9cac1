"""Measures over the graphs of :mod:`kg.analysis.graphs`: centrality, communities, components, and
how two entities are connected, as a chain of facts with their sources.

>>> import networkx as nx
>>> g = nx.Graph()
>>> g.add_edge("a", "n", relation="member_of", source="Avisa <https://example.org/1>")
>>> g.add_edge("b", "n", relation="member_of", source="Avisa <https://example.org/1>")
>>> [step.relation for step in path(g, "a", "b")]
['member_of', 'member_of']
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from kg.analysis.graphs import resolve_node
from kg.errors import InputError

#: Edges read from articles are preferred when explaining a link; reference structure costs more.
_STRUCTURAL = {"in_county": 3.0, "succeeded_by": 3.0, "co_member": 1.0}


def _simple(graph):
    """An undirected simple graph; parallel edges collapse, keeping the largest weight."""
    import networkx as nx

    simple = nx.Graph()
    simple.add_nodes_from(graph.nodes(data=True))
    for a, b, data in graph.edges(data=True):
        weight = float(data.get("weight", 1.0))
        if simple.has_edge(a, b):
            simple[a][b]["weight"] = max(simple[a][b]["weight"], weight)
        else:
            simple.add_edge(a, b, weight=weight)
    return simple


def centrality(graph, top: int | None = 20) -> list[dict]:
    """Degree, betweenness and eigenvector centrality per node, most central (by degree) first."""
    import networkx as nx

    simple = _simple(graph)
    if simple.number_of_nodes() == 0:
        return []
    degree = nx.degree_centrality(simple)
    betweenness = nx.betweenness_centrality(simple, weight=None, seed=42 if len(simple) > 2000 else None,
                                            k=min(len(simple), 500) if len(simple) > 2000 else None)
    try:
        eigenvector = nx.eigenvector_centrality(simple, max_iter=2000, tol=1e-8)
    except nx.PowerIterationFailedConvergence:
        eigenvector = {}
    rows = [{"label": simple.nodes[n].get("label", n), "type": simple.nodes[n].get("type"),
             "degree": round(degree[n], 6), "betweenness": round(betweenness[n], 6),
             "eigenvector": round(eigenvector[n], 6) if n in eigenvector else None, "id": n}
            for n in simple.nodes]
    rows.sort(key=lambda r: (-r["degree"], -r["betweenness"], r["label"]))
    return rows[:top] if top else rows


def communities(graph, seed: int = 42, resolution: float = 1.0) -> list[dict]:
    """Louvain communities (seeded, so repeatable), largest first."""
    import networkx as nx

    simple = _simple(graph)
    found = nx.community.louvain_communities(simple, weight="weight", resolution=resolution, seed=seed)
    found = sorted((sorted(c, key=lambda n: simple.nodes[n].get("label", n)) for c in found),
                   key=lambda c: (-len(c), simple.nodes[c[0]].get("label", c[0])))
    return [{"community": i + 1, "size": len(members),
             "members": ", ".join(simple.nodes[n].get("label", n) for n in members[:12])
             + (f", … (+{len(members) - 12})" if len(members) > 12 else "")}
            for i, members in enumerate(found)]


def components(graph) -> list[dict]:
    """Connected components (edges in either direction), largest first."""
    import networkx as nx

    simple = _simple(graph)
    found = sorted((sorted(c, key=lambda n: simple.nodes[n].get("label", n))
                    for c in nx.connected_components(simple)), key=lambda c: -len(c))
    return [{"component": i + 1, "size": len(c),
             "members": ", ".join(simple.nodes[n].get("label", n) for n in c[:12])
             + (f", … (+{len(c) - 12})" if len(c) > 12 else "")} for i, c in enumerate(found)]


@dataclass(frozen=True)
class Step:
    """One fact on a path: ``subject`` —relation→ ``object``, with where it was read."""

    subject: str
    relation: str
    object: str
    label: str
    source: str | None
    evidence: str | None

    def as_dict(self) -> dict:
        return self.__dict__.copy()


def path(graph, a: str, b: str) -> list[Step]:
    """How ``a`` and ``b`` are connected: the shortest chain of facts between them, preferring
    facts read from articles over reference structure (county, succession), each with its source."""
    import networkx as nx

    start, end = resolve_node(graph, a), resolve_node(graph, b)
    undirected = nx.Graph()
    for u, v, data in graph.edges(data=True):
        cost = _STRUCTURAL.get(data.get("relation"), 1.0)
        if not undirected.has_edge(u, v) or undirected[u][v]["cost"] > cost:
            undirected.add_edge(u, v, cost=cost, data=data, direction=(u, v))
    try:
        # of equally short chains, the same one every time: the first by the labels it passes
        candidates = list(itertools.islice(nx.all_shortest_paths(undirected, start, end, weight="cost"), 200))
        nodes = min(candidates, key=lambda p: [str(graph.nodes[n].get("label", n)) for n in p])
    except (nx.NetworkXNoPath, nx.NodeNotFound):
        label = graph.nodes[start].get("label", start), graph.nodes[end].get("label", end)
        raise InputError(f"{label[0]} and {label[1]} are not connected in this graph") from None
    steps = []
    for u, v in zip(nodes, nodes[1:]):
        edge = undirected[u][v]
        s, o = edge["direction"]
        data = edge["data"]
        steps.append(Step(graph.nodes[s].get("label", s), data.get("relation", ""), graph.nodes[o].get("label", o),
                          data.get("label", ""), data.get("source"), data.get("evidence")))
    return steps
