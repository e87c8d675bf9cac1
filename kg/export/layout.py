"""A layout for large graphs in linear time, shared by the HTML and figure exports.

Force-directed layouts cost time quadratic in the nodes: ForceAtlas2 took almost five minutes and
2 GB for the 6,000 nodes of a national graph. Past :data:`LARGE` nodes the exports use this
structured layout instead: counties on a circle, each municipality on a ring around its county,
and every other node (network, post, person) at the centre of the neighbours already placed,
nudged by a deterministic offset so that nothing sits exactly on top of another node.

>>> import networkx as nx
>>> g = nx.Graph()
>>> g.add_node("c", type="county"); g.add_node("m", type="municipality"); g.add_edge("m", "c")
>>> sorted(structured_layout(g))
['c', 'm']
"""

from __future__ import annotations

import hashlib
import math

#: Above this many nodes the exports switch from a force-directed to the structured layout.
LARGE = 1500


def _offset(node: str, size: float) -> tuple[float, float]:
    """A small offset derived from the node's id: the same node always moves the same way."""
    digest = hashlib.sha256(str(node).encode()).digest()
    angle = digest[0] / 255 * 2 * math.pi
    return size * math.cos(angle) * (0.5 + digest[1] / 510), size * math.sin(angle) * (0.5 + digest[1] / 510)


def structured_layout(graph) -> dict[str, tuple[float, float]]:
    """Positions in a unit-ish square: counties on a circle, municipalities around their county,
    the rest next to what they are linked to."""
    undirected = graph.to_undirected(as_view=True) if graph.is_directed() else graph
    nodes = sorted(map(str, graph.nodes))
    kind = {n: str(graph.nodes[n].get("type", "other")) for n in graph.nodes}
    counties = [n for n in nodes if kind[n] == "county"]
    positions: dict[str, tuple[float, float]] = {}
    for i, county in enumerate(counties):
        angle = 2 * math.pi * i / max(len(counties), 1)
        positions[county] = (math.cos(angle), math.sin(angle))
    members: dict[str, list[str]] = {c: [] for c in counties}
    for node in nodes:
        if kind[node] == "municipality":
            county = next((str(n) for n in sorted(map(str, undirected[node])) if n in members), None)
            if county is not None:
                members[county].append(node)
    ring = 0.9 * math.sin(math.pi / max(len(counties), 2)) if counties else 1.0
    for county, municipalities in members.items():
        cx, cy = positions[county]
        for j, node in enumerate(municipalities):
            angle = 2 * math.pi * j / max(len(municipalities), 1)
            radius = ring * (0.55 + 0.45 * (j % 3) / 2)
            positions[node] = (cx + radius * math.cos(angle), cy + radius * math.sin(angle))
    # then the rest, nearest first: each at the centre of its placed neighbours
    pending = [n for n in nodes if n not in positions]
    for _ in range(4):
        still = []
        for node in pending:
            placed = [positions[str(n)] for n in undirected[node] if str(n) in positions]
            if not placed:
                still.append(node)
                continue
            x = sum(p[0] for p in placed) / len(placed)
            y = sum(p[1] for p in placed) / len(placed)
            dx, dy = _offset(node, 0.04)
            positions[node] = (x + dx, y + dy)
        pending = still
    for i, node in enumerate(pending):  # unconnected: an outer ring
        angle = 2 * math.pi * i / max(len(pending), 1)
        positions[node] = (1.6 * math.cos(angle), 1.6 * math.sin(angle))
    return positions
