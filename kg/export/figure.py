"""Figures of a graph for reports and articles: PNG and SVG drawn with matplotlib, nodes coloured by
type (the palette of :mod:`kg.export.style`), the best-connected nodes labelled, a legend of types.

The layout is seeded and the files carry no date or library version, so the same graph gives the
same bytes. matplotlib is imported only when a figure is drawn.

>>> write_png(graph, "drammen.png", title="Drammen and its networks")  # doctest: +SKIP
"""

from __future__ import annotations

import math
from pathlib import Path

from kg.errors import InputError
from kg.export.files import plain_graph
from kg.export.style import TYPE_COLOURS, colour

FORMATS = ("png", "svg")
LAYOUT_SEED = 42
MAX_LABELS = 40  # more labels than this on one figure cannot be read
DPI = 150
_LABEL_LENGTH = 32


def write_png(graph, path, title: str | None = None) -> None:
    """A PNG figure (150 dpi) of ``graph``; see :func:`write_figure`."""
    write_figure(graph, path, "png", title)


def write_svg(graph, path, title: str | None = None) -> None:
    """An SVG figure of ``graph``, its labels as text; see :func:`write_figure`."""
    write_figure(graph, path, "svg", title)


def write_figure(graph, path, format: str = "png", title: str | None = None) -> None:
    """Draw ``graph`` to ``path`` as ``png`` or ``svg``.

    Nodes are coloured by ``type`` and sized by degree; the :data:`MAX_LABELS` best-connected nodes
    (and the centre of an ego graph) are labelled; the figure grows with the number of nodes. The
    title is ``title``, else the graph's ``name`` and ``as_of``, with the node and edge counts.
    """
    if format not in FORMATS:
        raise InputError(f"unknown figure format {format!r}; known formats: {', '.join(FORMATS)}")
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.collections import LineCollection
    from matplotlib.figure import Figure

    plain = plain_graph(graph)
    positions = layout(plain)
    count = plain.number_of_nodes()
    degree = dict(plain.degree())
    side = min(24.0, 6.0 + 0.5 * math.sqrt(count))  # inches: 7 for a handful of nodes, 16 for 400
    shrink = min(1.0, 12 / math.sqrt(max(count, 1)))  # smaller dots when there are many
    area = {n: shrink * (70 + 50 * math.sqrt(degree[n])) for n in plain}  # points², as scatter takes it

    # Fixed hash salt (ids in the SVG) and text kept as text (searchable, and smaller).
    with matplotlib.rc_context({"svg.hashsalt": "kommunegraf", "svg.fonttype": "none"}):
        figure = Figure(figsize=(side + 2.5, side), layout="constrained")
        FigureCanvasAgg(figure)
        axes = figure.add_subplot()
        axes.set_axis_off()
        axes.set_aspect("equal")
        axes.set_title(_title(plain, title), fontsize=13)
        axes.add_collection(LineCollection([(positions[u], positions[v]) for u, v in plain.edges()],
                                           colors="#888888", linewidths=0.6, alpha=0.5, zorder=1))
        for node_type, nodes in _by_type(plain).items():
            axes.scatter([positions[n][0] for n in nodes], [positions[n][1] for n in nodes],
                         s=[area[n] for n in nodes], c=colour(node_type),
                         edgecolors="white", linewidths=0.5, zorder=2, label=f"{node_type} ({len(nodes)})")
        font = 9 if count <= MAX_LABELS else 7
        for node in _labelled(plain, degree):
            above_the_dot = (0, math.sqrt(area[node]) / 2 + 2)  # points
            axes.annotate(_short(plain.nodes[node].get("label", node)), positions[node], xytext=above_the_dot,
                          textcoords="offset points", fontsize=font, ha="center", va="bottom", zorder=3,
                          bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.7})
        if count:
            legend = axes.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, title="type")
            for handle in legend.legend_handles:
                handle.set_sizes([60])  # one size in the legend, whatever the degree of the first dot
        axes.margins(0.08)
        # No date, no matplotlib version: the file depends on the graph alone.
        metadata = {"Date": None, "Creator": "kommunegraf"} if format == "svg" else {"Software": "kommunegraf"}
        figure.savefig(Path(path), format=format, dpi=DPI, metadata=metadata, facecolor="white")


def layout(graph, seed: int = LAYOUT_SEED) -> dict[str, tuple[float, float]]:
    """Seeded ForceAtlas2 positions of the nodes (direction and parallel edges ignored), the layout
    Gephi users know; strong gravity keeps the many small components of a governance graph close.

    networkx's spring layout needs scipy from 500 nodes on and drew county stars as far-apart
    clumps; ForceAtlas2 needs numpy only. Past 500 nodes it runs fewer iterations (each is
    quadratic in the number of nodes)."""
    import networkx as nx

    from kg.export.layout import LARGE, structured_layout

    if len(graph) > LARGE:  # quadratic layouts take minutes here (kg.export.layout)
        return {str(node): (float(x), float(y)) for node, (x, y) in structured_layout(graph).items()}
    simple = nx.Graph()
    simple.add_nodes_from(sorted(map(str, graph)))
    simple.add_edges_from((str(u), str(v)) for u, v in graph.edges() if u != v)
    count = max(len(simple), 1)
    iterations = 300 if count <= 500 else max(30, int(300 * (500 / count) ** 2))
    positions = nx.forceatlas2_layout(simple, seed=seed, max_iter=iterations, strong_gravity=True, gravity=0.5,
                                      scaling_ratio=5.0)
    return {node: (float(x), float(y)) for node, (x, y) in positions.items()}


def _title(plain, title: str | None) -> str:
    if not title:
        title = str(plain.graph.get("name", "kommunegraf"))
        if plain.graph.get("as_of"):
            title += f", {plain.graph['as_of']}"
    return f"{title}\n{plain.number_of_nodes()} nodes, {plain.number_of_edges()} edges"


def _by_type(plain) -> dict[str, list[str]]:
    """Nodes per type, in the legend's order: the palette's types first, then any others by name."""
    groups: dict[str, list[str]] = {}
    for node, data in plain.nodes(data=True):
        groups.setdefault(str(data.get("type", "other")), []).append(node)
    order = list(TYPE_COLOURS)
    return dict(sorted(groups.items(), key=lambda item: (item[0] not in order,
                                                         order.index(item[0]) if item[0] in order else 0, item[0])))


def _labelled(plain, degree: dict[str, int]) -> list[str]:
    """The nodes to label: the :data:`MAX_LABELS` best connected, and the centre of an ego graph.

    Where the cut falls inside a group of nodes of equal degree the whole group is left out, rather
    than labelling the alphabetically first few of hundreds of alike municipalities."""
    ranked = sorted(plain, key=lambda n: (-degree[n], str(plain.nodes[n].get("label", n)), n))
    chosen = ranked[:MAX_LABELS]
    if len(ranked) > MAX_LABELS:
        cut = degree[ranked[MAX_LABELS]]
        chosen = [n for n in chosen if degree[n] > cut] or chosen
    centre = plain.graph.get("ego")
    if centre in plain and centre not in chosen:
        chosen.append(centre)
    return chosen


def _short(label) -> str:
    label = " ".join(str(label).split())
    return label if len(label) <= _LABEL_LENGTH else label[: _LABEL_LENGTH - 1] + "…"
