"""Graph files for other programs: GEXF 1.3 (Gephi), GraphML (Cytoscape, yEd), DOT (Graphviz),
Cytoscape JSON and node-link JSON, written from the networkx graphs of :mod:`kg.analysis.graphs`.

Every writer first makes a :func:`plain_graph`: nodes and edges sorted (the same graph gives the
same bytes), missing values dropped, one type per attribute. Each takes ``(graph, path, title=None)``.

>>> import networkx as nx
>>> g = nx.Graph(name="demo")
>>> g.add_node("https://w3id.org/kommunegraf/id/municipality/3301", label="Drammen", type="municipality")
>>> write_gexf(g, "drammen.gexf", title="Drammen")  # doctest: +SKIP
"""

from __future__ import annotations

import io
import json
import math
import re
from collections import defaultdict
from datetime import date
from pathlib import Path

from kg.export.style import colour, rgb, text_colour

GEXF_NS = "http://gexf.net/1.3"
VIZ_NS = "http://gexf.net/1.3/viz"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
_SCALARS = (str, int, float, bool)
# Node and edge attributes that GEXF carries as its own time interval rather than as attvalues.
_GEXF_TIME = {"valid_from": "start", "valid_until": "end"}


def plain_graph(graph, title: str | None = None):
    """A copy of ``graph`` that every writer accepts, in a fixed order.

    Node ids become strings; nodes are sorted by id and edges by (source, target, key); ``None``
    and NaN values are dropped; numpy numbers and dates become Python numbers and ISO strings; an
    attribute whose values are of mixed types gets one (float for int and float mixed, else str).
    ``title``, when given, is stored as the graph attribute ``title``.

    >>> import networkx as nx
    >>> g = nx.Graph()
    >>> g.add_node("b", population=None, number=3301)
    >>> g.add_node("a", number="0602")
    >>> [(n, d) for n, d in plain_graph(g).nodes(data=True)]
    [('a', {'number': '0602'}), ('b', {'number': '3301'})]
    """
    import networkx as nx

    kind = {(False, False): nx.Graph, (True, False): nx.DiGraph,
            (False, True): nx.MultiGraph, (True, True): nx.MultiDiGraph}
    plain = kind[graph.is_directed(), graph.is_multigraph()]()
    plain.graph.update({k: v for k, v in _cleaned(graph.graph).items() if v != ""})
    if title:
        plain.graph["title"] = title

    nodes = sorted(((str(n), _cleaned(d)) for n, d in graph.nodes(data=True)), key=lambda node: node[0])
    if graph.is_multigraph():
        edges = [(str(u), str(v), k, _cleaned(d)) for u, v, k, d in graph.edges(keys=True, data=True)]
    else:
        edges = [(str(u), str(v), None, _cleaned(d)) for u, v, d in graph.edges(data=True)]
    if not graph.is_directed():  # one orientation per edge, so that sorting is stable
        edges = [(min(u, v), max(u, v), k, d) for u, v, k, d in edges]
    edges.sort(key=lambda e: (e[0], e[1], str(e[2])))
    _one_type_per_attribute([d for _, d in nodes])
    _one_type_per_attribute([d for *_, d in edges])

    plain.add_nodes_from(nodes)
    for u, v, key, data in edges:
        if plain.is_multigraph():
            plain.add_edge(u, v, key=key, **data)
        else:
            plain.add_edge(u, v, **data)
    return plain


def write_gexf(graph, path, title: str | None = None) -> None:
    """GEXF 1.3 for Gephi: labels, types and the other attributes as columns, a ``viz:color`` per
    node from :data:`kg.export.style.TYPE_COLOURS`, node size by degree, and ``valid_from`` /
    ``valid_until`` as the ``start`` / ``end`` of nodes and edges (a dynamic graph, for Gephi's
    timeline). In a multigraph each edge's key (its relation) is its GEXF ``kind``, so Gephi keeps
    parallel edges of different relations apart.
    """
    import networkx as nx
    from lxml import etree

    plain = plain_graph(graph, title)
    degree = dict(plain.degree())
    for node, data in plain.nodes(data=True):
        _gexf_times(data)
        red, green, blue = rgb(data.get("type"))
        data["viz"] = {"color": {"r": red, "g": green, "b": blue, "a": 1.0},
                       "size": round(10 + 4 * math.sqrt(degree[node]), 3)}
    kinds = {}
    for number, (_, _, key, data) in enumerate(_edges(plain)):
        _gexf_times(data)
        data["id"] = f"e{number}"
        if key is not None:
            kinds[data["id"]] = str(key)
    buffer = io.BytesIO()
    nx.write_gexf(plain, buffer, version="1.3", prettyprint=False)
    written = etree.fromstring(buffer.getvalue())

    # networkx writes the XSI namespace of 1.3 as "http://w3.org/…" (no www), so its schemaLocation
    # is an unknown attribute; rebuild the root with the right one.
    root = etree.Element(f"{{{GEXF_NS}}}gexf", nsmap={None: GEXF_NS, "viz": VIZ_NS, "xsi": XSI_NS})
    root.set(f"{{{XSI_NS}}}schemaLocation", f"{GEXF_NS} {GEXF_NS}/gexf.xsd")
    root.set("version", "1.3")
    # networkx's meta has today's date and its own version; ours is the same every day.
    meta = etree.SubElement(root, f"{{{GEXF_NS}}}meta")
    etree.SubElement(meta, f"{{{GEXF_NS}}}creator").text = "kommunegraf"
    description = plain.graph.get("title") or plain.graph.get("name")
    if description:
        etree.SubElement(meta, f"{{{GEXF_NS}}}description").text = str(description)
    graph_element = written.find(f"{{{GEXF_NS}}}graph")
    root.append(graph_element)
    graph_element.attrib.pop("name", None)  # not a GEXF attribute; the name is in meta
    times = graph_element.xpath(".//g:node/@start | .//g:node/@end | .//g:edge/@start | .//g:edge/@end",
                                namespaces={"g": GEXF_NS})
    if any("T" in t for t in times):
        graph_element.set("timeformat", "dateTime")
    # networkx keeps multigraph keys as a column "networkx_key"; they are the edges' kind instead.
    _drop_gexf_attribute(graph_element, "edge", "networkx_key")
    for edge in graph_element.iter(f"{{{GEXF_NS}}}edge"):
        if edge.get("id") in kinds:
            edge.set("kind", kinds[edge.get("id")])
    _write_xml(root, path)


def write_graphml(graph, path, title: str | None = None) -> None:
    """GraphML for Cytoscape and yEd: string, long and double keys named by ``attr.name``.

    GraphML ids must be XML name tokens, which IRIs are not (they contain ``/``), so nodes are
    ``n0``, ``n1``, … in IRI order and the IRI is the node attribute ``iri``; edges of a multigraph
    are ``e0``, ``e1``, … (networkx would give every edge its key as id, and ids must be unique).
    """
    import networkx as nx
    from lxml import etree

    plain = plain_graph(graph, title)
    ids = {node: f"n{number}" for number, node in enumerate(plain)}
    renamed = plain.__class__(**plain.graph)
    for node, data in plain.nodes(data=True):
        renamed.add_node(ids[node], **{"iri": node, **data})
    for number, (u, v, _, data) in enumerate(_edges(plain)):
        if plain.is_multigraph():
            renamed.add_edge(ids[u], ids[v], key=f"e{number}", **data)
        else:
            renamed.add_edge(ids[u], ids[v], **data)
    buffer = io.BytesIO()
    nx.write_graphml(renamed, buffer, encoding="utf-8", prettyprint=False)
    root = etree.fromstring(buffer.getvalue())
    # networkx puts the keys in reverse order of creation (d9 … d0); readers do not care, people do.
    keys = root.findall("{http://graphml.graphdrawing.org/xmlns}key")
    for key in keys:
        root.remove(key)
    root[0:0] = sorted(keys, key=lambda key: int(key.get("id")[1:]))
    _write_xml(root, path)


def write_dot(graph, path, title: str | None = None) -> None:
    """Graphviz DOT: nodes filled in their type's colour, every attribute kept, the title as the
    graph's label. Ids and values are always quoted: an IRI unquoted would read as ``node:port``.

    Render with e.g. ``sfdp -Tsvg graph.dot -o graph.svg``.
    """
    plain = plain_graph(graph, title)
    directed = plain.is_directed()
    lines = [f"{'digraph' if directed else 'graph'} {_dot_quoted(plain.graph.get('name', 'kommunegraf'))} {{"]
    graph_attributes = {k: v for k, v in plain.graph.items() if k not in ("name", "title")}
    if plain.graph.get("title"):
        graph_attributes |= {"label": plain.graph["title"], "labelloc": "t", "fontname": "Helvetica"}
    lines += [f"  graph [{_dot_attributes(graph_attributes)}];"] if graph_attributes else []
    lines.append('  node [style="filled", fontname="Helvetica"];')
    lines.append('  edge [fontname="Helvetica", fontsize="10", color="#888888"];')
    for node, data in plain.nodes(data=True):
        attributes = {"label": node} | data | {"fillcolor": colour(data.get("type")),
                                               "fontcolor": text_colour(data.get("type"))}
        lines.append(f"  {_dot_quoted(node)} [{_dot_attributes(attributes)}];")
    arrow = "->" if directed else "--"
    for u, v, _, data in _edges(plain):
        attributes = f" [{_dot_attributes(data)}]" if data else ""
        lines.append(f"  {_dot_quoted(u)} {arrow} {_dot_quoted(v)}{attributes};")
    lines.append("}")
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_cytoscape(graph, path, title: str | None = None) -> None:
    """Cytoscape JSON (``.cyjs``, for Cytoscape and Cytoscape.js): ``elements.nodes`` and
    ``elements.edges``, each a ``data`` object with every attribute; ``name`` is the label and
    ``value`` the IRI; edges get ids ``e0``, ``e1``, …; graph attributes in the top-level ``data``.
    """
    import networkx as nx

    plain = plain_graph(graph, title)
    document = nx.cytoscape_data(plain, name="label")
    document["data"] = dict(plain.graph)  # networkx gives a list of pairs; Cytoscape wants an object
    for node in document["elements"]["nodes"]:
        node["data"] = {k: node["data"].pop(k) for k in ("id", "name", "value")} | node["data"]
    for number, edge in enumerate(document["elements"]["edges"]):
        edge["data"] = {"id": f"e{number}"} | edge["data"]
    _write_json(document, path)


def write_json(graph, path, title: str | None = None) -> None:
    """networkx's node-link JSON (``nodes`` and ``edges``), read back with
    ``networkx.node_link_graph(data, edges="edges")``; also what D3 force layouts take."""
    import networkx as nx

    _write_json(nx.node_link_data(plain_graph(graph, title), edges="edges"), path)


def _cleaned(attributes: dict) -> dict:
    """Values every format can write; missing ones (None, NaN) left out."""
    cleaned = {}
    for key, value in attributes.items():
        if hasattr(value, "item") and not isinstance(value, _SCALARS):
            value = value.item()  # a numpy number
        if isinstance(value, date):
            value = value.isoformat()
        elif value is not None and not isinstance(value, _SCALARS):
            value = str(value)
        if value is None or (isinstance(value, float) and math.isnan(value)):
            continue
        cleaned[str(key)] = value
    return cleaned


def _one_type_per_attribute(rows: list[dict]) -> None:
    """GEXF and GraphML declare one type per attribute; make mixed values agree (in place)."""
    types = defaultdict(set)
    for row in rows:
        for key, value in row.items():
            types[key].add(type(value))
    for key, found in types.items():
        if len(found) > 1:
            common = float if found <= {int, float} else str
            for row in rows:
                if key in row:
                    row[key] = common(row[key])


def _edges(graph):
    """(source, target, key, data) for every edge; key is None in a graph without parallel edges."""
    if graph.is_multigraph():
        yield from graph.edges(keys=True, data=True)
    else:
        for u, v, data in graph.edges(data=True):
            yield u, v, None, data


def _gexf_times(data: dict) -> None:
    for ours, gexf in _GEXF_TIME.items():
        if ours in data:
            data[gexf] = str(data.pop(ours))


def _drop_gexf_attribute(graph_element, owner: str, title: str) -> None:
    """Remove the attribute column ``title`` of nodes or edges (``owner``) and its values."""
    spaces = {"g": GEXF_NS}
    for attribute in graph_element.xpath(f"g:attributes[@class='{owner}']/g:attribute[@title='{title}']",
                                         namespaces=spaces):
        declared = attribute.getparent()
        declared.remove(attribute)
        if len(declared) == 0:
            graph_element.remove(declared)
        for value in graph_element.xpath(f".//g:{owner}/g:attvalues/g:attvalue[@for='{attribute.get('id')}']",
                                         namespaces=spaces):
            values = value.getparent()
            values.remove(value)
            if len(values) == 0:
                values.getparent().remove(values)


def _write_xml(root, path) -> None:
    from lxml import etree

    Path(path).write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def _write_json(document, path) -> None:
    Path(path).write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


_DOT_NAME = re.compile(r"[A-Za-z_][A-Za-z_0-9]*\Z")
_DOT_KEYWORDS = {"node", "edge", "graph", "digraph", "subgraph", "strict"}


def _dot_quoted(text) -> str:
    """A DOT string: backslashes doubled (so label escapes like ``\\N`` stay literal), quotes escaped."""
    text = str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\r\n", "\n").replace("\n", "\\n")
    return f'"{text}"'


def _dot_attributes(attributes: dict) -> str:
    def name(key: str) -> str:
        return key if _DOT_NAME.match(key) and key.lower() not in _DOT_KEYWORDS else _dot_quoted(key)

    return ", ".join(f"{name(k)}={_dot_quoted(v)}" for k, v in attributes.items())
