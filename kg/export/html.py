"""A networkx graph as one self-contained HTML page: search, a legend of node types, and details
with each fact's source article and sentence; it works offline and makes no network request.

The page inlines Cytoscape.js (``assets/cytoscape.min.js``, MIT; see ``assets/SOURCES.md``), its own
script and style, and the graph as JSON in ``<script type="application/json" id="graph-data">``.
Strings from the data reach the page only as JSON (with ``<``, ``>``, ``&``, U+2028 and U+2029
escaped, so no label can end the block) and, in the browser, only through ``textContent``. A
Content-Security-Policy lets no script run but the two inlined ones and forbids every fetch.

>>> import networkx as nx
>>> g = nx.Graph()
>>> g.add_node("https://example.org/oslo", label="Oslo", type="municipality")
>>> page = render_html(g, title="Oslo")
>>> page.startswith("<!DOCTYPE html>") and '<script src' not in page
True
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import numbers
import re
from datetime import date, datetime
from functools import cache
from importlib.resources import files
from pathlib import Path

from kg.errors import KgError
from kg.export.style import TYPE_COLOURS

# A shape per node type, a second cue besides the colour of kg.export.style (shared by every
# export); a type without one is drawn as a circle.
_SHAPES = {
    "municipality": "ellipse",
    "county": "round-rectangle",
    "network": "hexagon",
    "organisation": "barrel",
    "person": "diamond",
    "post": "round-triangle",
    "other": "ellipse",
}

# Attributes shown first in the details panel, in this order; the rest follow sorted by name.
_NODE_KEYS = ("number", "county", "population", "valid_from", "valid_until", "source")
_EDGE_KEYS = ("relation", "weight", "valid_from", "valid_until", "status", "source", "evidence")

# Characters that could end or confuse a <script> element, or (U+2028/2029) old JavaScript parsers.
_SCRIPT_ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                                 "\u2028": "\\u2028", "\u2029": "\\u2029"})
_UNSAFE_INLINE = re.compile(r"</script|<script|<!--|</style", re.IGNORECASE)

LAYOUT_SEED = 42


def write_html(graph, path: str | Path, title: str | None = "kommunegraf") -> None:
    """Write ``graph`` as a self-contained HTML page to ``path`` (UTF-8).

    >>> import networkx as nx, tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "graph.html"
    >>> write_html(nx.path_graph(["a", "b"]), out)
    >>> "graph-data" in out.read_text(encoding="utf-8")
    True
    """
    Path(path).write_bytes(render_html(graph, title).encode("utf-8"))


def render_html(graph, title: str | None = "kommunegraf") -> str:
    """The page for ``graph`` as a string; the same graph and title give the same text."""
    title = title or "kommunegraf"
    data = _json_in_script(graph_data(graph))
    library = _asset("cytoscape.min.js")
    viewer = _asset("viewer.js")
    style = _asset("viewer.css")
    policy = "; ".join([
        "default-src 'none'",
        f"script-src {_script_hash(library)} {_script_hash(viewer)}",
        "style-src 'unsafe-inline'",  # Cytoscape.js adds a <style> element of its own
        "base-uri 'none'",
        "form-action 'none'",
    ])
    heading = html.escape(title)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{policy}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="kommunegraf">
<title>{heading}</title>
<style>
{style}</style>
</head>
<body>
<header>
<h1>{heading}</h1>
<p class="counts"><span id="node-count">0</span> nodes, <span id="edge-count">0</span> edges</p>
<form id="search-form" role="search">
<label for="search">Find</label>
<input id="search" type="search" list="labels" autocomplete="off" placeholder="a label, e.g. Drammen">
<datalist id="labels"></datalist>
<button type="submit">Find</button>
<output id="search-status" for="search"></output>
</form>
</header>
<main>
<div id="graph"></div>
<aside>
<h2>Legend</h2>
<ul id="legend"></ul>
<h2>Details</h2>
<div id="details"></div>
</aside>
</main>
<script type="application/json" id="graph-data">{data}</script>
<script>{library}</script>
<script>{viewer}</script>
</body>
</html>
"""


def graph_data(graph) -> dict:
    """The JSON-ready form of ``graph`` the page reads: nodes with positions, edges, types present.

    Nodes and edges are sorted by IRI, so the order in which the graph was built does not matter.

    >>> import networkx as nx
    >>> g = nx.DiGraph()
    >>> g.add_edge("b", "a", relation="member_of", evidence="B er med i A.")
    >>> data = graph_data(g)
    >>> [n["iri"] for n in data["nodes"]], data["edges"][0]["attributes"]
    (['a', 'b'], [['relation', 'member_of'], ['evidence', 'B er med i A.']])
    """
    iris = sorted(graph.nodes, key=str)
    ids = {node: f"n{index}" for index, node in enumerate(iris)}
    positions = _positions(graph, iris)
    nodes, counts = [], dict.fromkeys(TYPE_COLOURS, 0)
    for node in iris:
        attributes = graph.nodes[node]
        node_type = str(attributes.get("type") or "other")
        kind = node_type if node_type in TYPE_COLOURS else "other"
        counts[kind] += 1
        x, y = positions[node]
        nodes.append({
            "id": ids[node], "iri": str(node), "label": _text(attributes.get("label")) or str(node),
            "type": node_type, "kind": kind, "x": x, "y": y,
            "attributes": _ordered(attributes, _NODE_KEYS, skip={"label", "type"}),
        })
    edges = []
    for index, (source, target, attributes) in enumerate(_sorted_edges(graph)):
        relation = _text(attributes.get("relation"))
        edges.append({
            "id": f"e{index}", "source": ids[source], "target": ids[target],
            "label": _text(attributes.get("label")) or relation,
            "attributes": _ordered(attributes, _EDGE_KEYS, skip={"label"}),
        })
    types = [{"type": kind, "colour": colour, "shape": _SHAPES.get(kind, "ellipse"), "count": counts[kind]}
             for kind, colour in TYPE_COLOURS.items() if counts[kind]]  # the legend: types present
    return {"directed": graph.is_directed(), "types": types, "nodes": nodes, "edges": edges}


def _sorted_edges(graph) -> list[tuple]:
    """(source, target, attributes) for every edge, parallel ones too, in a fixed order."""
    if graph.is_multigraph():
        triples = [(u, v, (str(key), attrs)) for u, v, key, attrs in graph.edges(keys=True, data=True)]
    else:
        triples = [(u, v, ("", attrs)) for u, v, attrs in graph.edges(data=True)]
    if not graph.is_directed():  # an undirected edge reads the same either way; pick one
        triples = [(u, v, k) if str(u) <= str(v) else (v, u, k) for u, v, k in triples]
    # Keys last: networkx numbers parallel edges in insertion order, which must not decide the order.
    triples.sort(key=lambda t: (str(t[0]), str(t[1]), json.dumps(_ordered(t[2][1], ())), t[2][0]))
    return [(u, v, attrs) for u, v, (_key, attrs) in triples]


def _positions(graph, iris: list) -> dict:
    """Seeded layout positions in screen units, rounded: the same graph always gets the same picture.

    networkx's spring layout needs SciPy from 500 nodes on, which kommunegraf does not depend on;
    ForceAtlas2 (numpy only) lays out those larger graphs.
    """
    import networkx as nx

    from kg.export.layout import LARGE, structured_layout

    simple = nx.Graph()  # built in sorted order: the layout must not depend on insertion order
    simple.add_nodes_from(iris)
    simple.add_edges_from(sorted(((u, v) if str(u) <= str(v) else (v, u)
                                  for u, v in graph.edges() if u != v), key=lambda e: (str(e[0]), str(e[1]))))
    if len(simple) < 500:
        raw = nx.spring_layout(simple, seed=LAYOUT_SEED)
    elif len(simple) <= LARGE:
        raw = nx.forceatlas2_layout(simple, seed=LAYOUT_SEED)
    else:  # quadratic layouts take minutes here (kg.export.layout)
        raw = structured_layout(graph)
    # About 80 px of room per node, so labels of neighbours rarely overlap at the initial zoom.
    scale = max(150.0, 40.0 * math.sqrt(len(simple)))
    scaled = nx.rescale_layout_dict(raw, scale=scale) if len(simple) > 1 else raw
    return {node: (round(float(x), 1), round(float(y), 1)) for node, (x, y) in scaled.items()}


def _ordered(attributes: dict, first: tuple[str, ...], skip: set[str] = frozenset()) -> list[list]:
    """[name, value] pairs: the ``first`` names in that order, then the rest sorted; no empty values."""
    names = [k for k in first if k in attributes] + sorted(str(k) for k in attributes if k not in first)
    pairs = []
    for name in names:
        if name in skip:
            continue
        value = _scalar(attributes.get(name))
        if value is not None and value != "":
            pairs.append([name, value])
    return pairs


def _scalar(value):
    """A JSON value for an attribute: numbers and strings as they are, dates as ISO text, else text."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        value = float(value)
        return value if math.isfinite(value) else str(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


def _text(value) -> str:
    return "" if value is None else str(_scalar(value))


def _json_in_script(data) -> str:
    """JSON that can stand inside a ``<script>`` element whatever the strings in it hold."""
    return json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":")).translate(_SCRIPT_ESCAPES)


def _script_hash(text: str) -> str:
    """The CSP source that allows exactly the inline script ``text``."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


@cache
def _asset(name: str) -> str:
    """A file of ``assets/`` (in a checkout and an installed wheel alike), checked safe to inline."""
    text = files("kg.export").joinpath("assets", name).read_text(encoding="utf-8")
    if _UNSAFE_INLINE.search(text):
        # Cannot happen with the shipped files; guards a careless update of the vendored library.
        raise KgError(f"kg/export/assets/{name} contains '</script', '<script', '<!--' or '</style' "
                      "and cannot be inlined; see kg/export/assets/SOURCES.md")
    return text
