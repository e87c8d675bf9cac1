"""Graph files and figures (kg.export.files, kg.export.figure) on small invented graphs.

GEXF and GraphML must validate against the schemas in tests/schemas/ (our own, written from the
specifications: see the header of each) and read back through networkx; the schemas must refuse
broken documents. DOT must parse with pydot, the JSON files must hold every node and edge, and the
figures must be real PNG/SVG files with the palette's colours, the labels and a legend.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from collections import Counter
from copy import deepcopy
from functools import cache
from pathlib import Path

import networkx as nx
import pytest
from lxml import etree

from kg.errors import InputError
from kg.export import files, figure
from kg.export.style import TYPE_COLOURS, colour, rgb

SCHEMAS = Path(__file__).resolve().parent / "schemas"
KGR = "https://w3id.org/kommunegraf/id/"
DRAMMEN, OLD_DRAMMEN = KGR + "municipality/3301", KGR + "municipality/0602"
OSLO, BERGEN = KGR + "municipality/0301", KGR + "municipality/4601"
BUSKERUD = KGR + "county/33"
NETWORK = KGR + "network/ks-storbynettverk"
PERSON, MAYOR = KGR + "person/kari-nordmann-drammen", KGR + "post/3301-ordforer"
GEXF_NS, VIZ_NS, GRAPHML_NS = "http://gexf.net/1.3", "http://gexf.net/1.3/viz", "http://graphml.graphdrawing.org/xmlns"
NS = {"g": GEXF_NS, "viz": VIZ_NS, "gml": GRAPHML_NS}

# Invented data in the shape kg.analysis.graphs gives (our own names and numbers).
NODES = {
    DRAMMEN: {"label": "Drammen", "type": "municipality", "number": "3301", "county": "Buskerud",
              "population": 104000, "valid_from": "2024-01-01", "source": None},
    OLD_DRAMMEN: {"label": "Drammen (1964–2019)", "type": "municipality", "number": "0602",
                  "valid_from": "1964-01-01", "valid_until": "2019-12-31", "population": None},
    OSLO: {"label": "Oslo", "type": "municipality", "number": "0301", "population": 700000},
    BERGEN: {"label": "Bergen", "type": "municipality", "number": "4601", "population": 290000,
             "valid_from": "2020-01-01"},
    BUSKERUD: {"label": "Buskerud", "type": "county", "number": "33", "valid_from": "2024-01-01"},
    NETWORK: {"label": "KS storbynettverk", "type": "network"},
    PERSON: {"label": 'Kari "Ordføraren" Nordmann', "type": "person"},
    MAYOR: {"label": "ordfører, Drammen", "type": "post", "source": "Drammens Tidende <https://example.org/a>"},
}
EDGES = [
    (DRAMMEN, BUSKERUD, "in_county", {"label": "i fylke"}),
    (OLD_DRAMMEN, DRAMMEN, "succeeded_by", {"label": "erstatta av", "valid_from": "2020-01-01"}),
    (DRAMMEN, NETWORK, "member_of", {"label": "medlem av", "valid_from": "2016-03-01",
                                     "evidence": "Drammen er med i KS storbynettverk.", "source": None}),
    (OSLO, NETWORK, "member_of", {"label": "medlem av", "valid_from": "2016-03-01"}),
    (BERGEN, NETWORK, "member_of", {"label": "medlem av"}),
    (MAYOR, DRAMMEN, "post_in", {"label": "i"}),
    (PERSON, MAYOR, "holds", {"label": "ordfører", "valid_from": "2023-10-19",
                              "evidence": 'Kari Nordmann er ny ordfører i Drammen \\ "sitat".'}),
    (PERSON, DRAMMEN, "member_of", {"label": "medlem av"}),  # a second edge between two nodes…
    (PERSON, DRAMMEN, "holds", {"label": "ordfører"}),  # …and a third, of another relation
]
DATED = {n: d for n, d in NODES.items() if d.get("valid_from")}


def governance(order: int | None = None) -> nx.MultiDiGraph:
    """The invented governance graph; ``order`` shuffles the insertion order (same graph)."""
    graph = nx.MultiDiGraph(name="kommunegraf governance graph", as_of="")
    nodes, edges = list(NODES.items()), list(EDGES)
    if order is not None:
        random.Random(order).shuffle(nodes)
        random.Random(order).shuffle(edges)
    for node, data in nodes:
        graph.add_node(node, **deepcopy(data))
    for u, v, key, data in edges:
        graph.add_edge(u, v, key=key, relation=key, **deepcopy(data))
    return graph


def comembership() -> nx.Graph:
    graph = nx.Graph(name="co-membership (jaccard)", as_of="2024-06-01")
    for node in (DRAMMEN, OSLO, BERGEN):
        graph.add_node(node, **{k: v for k, v in NODES[node].items() if v is not None})
    graph.add_edge(DRAMMEN, OSLO, relation="co_member", weight=0.5, label="KS storbynettverk", networks=1)
    graph.add_edge(OSLO, BERGEN, relation="co_member", weight=1.0, label="KS storbynettverk, Osloregionen",
                   networks=2)
    return graph


GRAPHS = {"governance": governance, "comembership": comembership}


@cache
def schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name)))


def written(tmp_path: Path, kind: str, fmt: str, graph=None) -> Path:
    path = tmp_path / f"{kind}.{fmt}"
    getattr(files, f"write_{fmt}")(graph if graph is not None else GRAPHS[kind](), path, title=f"{kind} test")
    return path


def edge_triples(graph) -> Counter:
    """(source, target, relation) of every edge; undirected edges in sorted order."""
    triples = Counter()
    for u, v, data in graph.edges(data=True):
        if not graph.is_directed():
            u, v = sorted((u, v))
        triples[u, v, data["relation"]] += 1
    return triples


def assert_same_graph(back, original) -> None:
    """Same nodes, (source, target, relation) edges, labels and types, and direction."""
    assert back.is_directed() == original.is_directed()
    assert set(back) == set(original)
    assert edge_triples(back) == edge_triples(original)
    for node, data in original.nodes(data=True):
        assert back.nodes[node]["label"] == data["label"], node
        assert back.nodes[node]["type"] == data["type"], node


def assert_invalid(validator: etree.XMLSchema, document, expected: str) -> None:
    assert not validator.validate(document), "the schema accepted a broken document"
    messages = "\n".join(error.message for error in validator.error_log)
    assert expected in messages, messages


# GEXF and GraphML: valid, and read back by networkx ----------------------------------------------


@pytest.mark.parametrize("kind", GRAPHS)
@pytest.mark.parametrize("fmt, xsd", [("gexf", "gexf-1.3.xsd"), ("graphml", "graphml.xsd")])
def test_gexf_and_graphml_are_valid_against_their_schemas(tmp_path, fmt, xsd, kind):
    document = etree.parse(str(written(tmp_path, kind, fmt)))
    validator = schema(xsd)
    assert validator.validate(document), validator.error_log


@pytest.mark.parametrize("kind", GRAPHS)
def test_gexf_reads_back_with_the_same_nodes_edges_labels_and_types(tmp_path, kind):
    assert_same_graph(nx.read_gexf(written(tmp_path, kind, "gexf")), GRAPHS[kind]())


@pytest.mark.parametrize("kind", GRAPHS)
def test_graphml_reads_back_with_the_same_nodes_edges_labels_and_types(tmp_path, kind):
    original = GRAPHS[kind]()
    back = nx.read_graphml(written(tmp_path, kind, "graphml"))
    iris = nx.get_node_attributes(back, "iri")
    assert len(iris) == len(back)
    back = nx.relabel_nodes(back, iris)  # GraphML ids are n0, n1, …; the IRI is an attribute
    assert_same_graph(back, original)
    for node, data in original.nodes(data=True):
        if data.get("population") is not None:
            assert back.nodes[node]["population"] == data["population"]  # an int again


# GEXF -------------------------------------------------------------------------------------------


def test_gexf_colours_every_node_by_its_type(tmp_path):
    document = etree.parse(str(written(tmp_path, "governance", "gexf")))
    nodes = document.findall(".//g:node", NS)
    assert len(nodes) == len(NODES)
    for node in nodes:
        colours = node.findall("viz:color", NS)
        assert len(colours) == 1, node.get("id")
        expected = TYPE_COLOURS[NODES[node.get("id")]["type"]]
        found = "#" + "".join(f"{int(colours[0].get(c)):02X}" for c in "rgb")
        assert found == expected, node.get("id")
        assert node.find("viz:size", NS) is not None


def test_gexf_dates_are_the_start_and_end_of_a_dynamic_graph(tmp_path):
    document = etree.parse(str(written(tmp_path, "governance", "gexf")))
    graph = document.find("g:graph", NS)
    assert graph.get("mode") == "dynamic" and graph.get("timeformat") == "date"
    for node in document.iterfind(".//g:node", NS):
        data = NODES[node.get("id")]
        assert node.get("start") == data.get("valid_from"), node.get("id")
        assert node.get("end") == data.get("valid_until"), node.get("id")
    starts = Counter(edge.get("start") for edge in document.iterfind(".//g:edge", NS))
    assert starts == Counter(data.get("valid_from") for *_, data in EDGES)
    titles = {a.get("title") for a in document.iterfind(".//g:attribute", NS)}
    assert not titles & {"valid_from", "valid_until"}, "dates are GEXF times, not columns"


def test_gexf_edges_of_a_multigraph_have_their_relation_as_kind(tmp_path):
    document = etree.parse(str(written(tmp_path, "governance", "gexf")))
    kinds = Counter((e.get("source"), e.get("target"), e.get("kind")) for e in document.iterfind(".//g:edge", NS))
    assert kinds == Counter((u, v, key) for u, v, key, _ in EDGES)
    titles = [a.get("title") for a in document.iterfind(".//g:attribute", NS)]
    assert "networkx_key" not in titles
    assert len({e.get("id") for e in document.iterfind(".//g:edge", NS)}) == len(EDGES)


def test_gexf_has_no_date_of_writing_and_no_library_version(tmp_path):
    text = written(tmp_path, "governance", "gexf").read_text(encoding="utf-8")
    assert "lastmodifieddate" not in text and "NetworkX" not in text
    assert '<description>governance test</description>' in text
    assert 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"' in text


# GraphML ----------------------------------------------------------------------------------------


def test_graphml_keys_are_named_and_typed(tmp_path):
    root = etree.parse(str(written(tmp_path, "comembership", "graphml"))).getroot()
    keys = {(k.get("for"), k.get("attr.name")): k.get("attr.type") for k in root.iterfind("gml:key", NS)}
    assert keys[("node", "label")] == "string"
    assert keys[("node", "population")] == "long"
    assert keys[("edge", "weight")] == "double"
    assert keys[("edge", "networks")] == "long"
    assert all(name for _, name in keys)


# Missing values ---------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["gexf", "graphml", "dot", "cytoscape", "json"])
def test_missing_values_are_left_out_not_written_as_none(tmp_path, fmt):
    text = written(tmp_path, "governance", fmt).read_text(encoding="utf-8")
    assert "None" not in text and "null" not in text


@pytest.mark.parametrize("fmt", ["gexf", "graphml", "dot", "cytoscape", "json"])
def test_the_same_graph_gives_the_same_bytes_whatever_the_insertion_order(tmp_path, fmt):
    expected = written(tmp_path, "governance", fmt, governance()).read_bytes()
    for order in range(5):
        assert written(tmp_path, "governance", fmt, governance(order)).read_bytes() == expected, order


def test_plain_graph_gives_each_attribute_one_type():
    graph = nx.Graph()
    graph.add_node("a", number=301, weight=1)
    graph.add_node("b", number="0602", weight=0.5)
    plain = files.plain_graph(graph)
    assert plain.nodes["a"] == {"number": "301", "weight": 1.0}
    assert plain.nodes["b"] == {"number": "0602", "weight": 0.5}


# The schemas refuse broken documents --------------------------------------------------------------


def _first(document, path: str):
    return document.find(path, NS)


GEXF_BREAKAGES = {
    "unknown element": (lambda d: etree.SubElement(_first(d, ".//g:node"), f"{{{GEXF_NS}}}colour"),
                        "This element is not expected"),
    "node without id": (lambda d: _first(d, ".//g:node").attrib.pop("id"), "'id' is required"),
    "unknown defaultedgetype": (lambda d: _first(d, "g:graph").set("defaultedgetype", "sideways"),
                                "not an element of the set"),
    "unknown mode": (lambda d: _first(d, "g:graph").set("mode", "live"), "not an element of the set"),
    "unknown timeformat": (lambda d: _first(d, "g:graph").set("timeformat", "long"), "not an element of the set"),
    "unknown attribute type": (lambda d: _first(d, ".//g:attribute").set("type", "text"),
                               "not an element of the set"),
    "edge to a node that does not exist": (lambda d: _first(d, ".//g:edge").set("target", KGR + "municipality/9999"),
                                           "No match found for key-sequence"),
    "two nodes with one id": (lambda d: d.findall(".//g:node", NS)[1].set("id", _first(d, ".//g:node").get("id")),
                              "Duplicate key-sequence"),
    "colour channel over 255": (lambda d: _first(d, ".//viz:color").set("r", "256"), "unsignedByte"),
    "start that is not a date": (lambda d: _first(d, ".//g:node[@start]").set("start", "1. januar 2020"),
                                 "time-type"),
    "version other than 1.3": (lambda d: d.getroot().set("version", "1.2"), "fixed"),
    "an edge without source": (lambda d: _first(d, ".//g:edge").attrib.pop("source"), "'source' is required"),
}

GRAPHML_BREAKAGES = {
    "an IRI as node id": (lambda d: _first(d, ".//gml:node").set("id", DRAMMEN), "NMTOKEN"),
    "edge to a node that does not exist": (lambda d: _first(d, ".//gml:edge").set("target", "n999"),
                                           "No match found for key-sequence"),
    "graph without edgedefault": (lambda d: _first(d, "gml:graph").attrib.pop("edgedefault"),
                                  "'edgedefault' is required"),
    "unknown attr.type": (lambda d: _first(d, "gml:key").set("attr.type", "str"), "not an element of the set"),
    "unknown key for": (lambda d: _first(d, "gml:key").set("for", "vertex"), "not an element of the set"),
    "data of an undeclared key": (lambda d: _first(d, ".//gml:node/gml:data").set("key", "d999"),
                                  "No match found for key-sequence"),
    "unknown element": (lambda d: etree.SubElement(_first(d, "gml:graph"), f"{{{GRAPHML_NS}}}vertex"),
                        "This element is not expected"),
    "two nodes with one id": (lambda d: d.findall(".//gml:node", NS)[1].set("id", "n0"), "Duplicate key-sequence"),
    "two values of one key on a node": (lambda d: _first(d, ".//gml:node").append(
        deepcopy(_first(d, ".//gml:node/gml:data"))), "Duplicate key-sequence"),
    "node without id": (lambda d: _first(d, ".//gml:node").attrib.pop("id"), "'id' is required"),
}


BREAKAGES = [pytest.param(fmt, xsd, *breakage, id=f"{fmt}: {name}")
             for fmt, xsd, table in [("gexf", "gexf-1.3.xsd", GEXF_BREAKAGES),
                                     ("graphml", "graphml.xsd", GRAPHML_BREAKAGES)]
             for name, breakage in table.items()]


@pytest.mark.parametrize("fmt, xsd, breaks, expected", BREAKAGES)
def test_the_schemas_refuse_a_broken_document(tmp_path, fmt, xsd, breaks, expected):
    document = etree.parse(str(written(tmp_path, "governance", fmt)))
    assert schema(xsd).validate(document)  # valid before breaking it
    breaks(document)
    assert_invalid(schema(xsd), document, expected)


def test_the_schemas_refuse_what_networkx_writes_unaided(tmp_path):
    """networkx alone writes a wrong XSI namespace in GEXF 1.3 and IRIs as GraphML ids."""
    graph = governance()
    for _, data in graph.nodes(data=True):
        for key in [k for k, v in data.items() if v is None]:
            del data[key]
    for *_, data in graph.edges(data=True):
        data.pop("source", None)
    nx.write_gexf(graph, tmp_path / "raw.gexf", version="1.3")
    nx.write_graphml(graph, tmp_path / "raw.graphml")
    assert_invalid(schema("gexf-1.3.xsd"), etree.parse(str(tmp_path / "raw.gexf")), "schemaLocation")
    assert_invalid(schema("graphml.xsd"), etree.parse(str(tmp_path / "raw.graphml")), "NMTOKEN")


# DOT and JSON -----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", GRAPHS)
def test_dot_parses_with_pydot_and_has_every_node_and_edge(tmp_path, kind):
    import pydot

    original = GRAPHS[kind]()
    (parsed,) = pydot.graph_from_dot_data(written(tmp_path, kind, "dot").read_text(encoding="utf-8"))
    assert parsed.get_type() == ("digraph" if original.is_directed() else "graph")

    def unquoted(text: str) -> str:
        return text[1:-1].replace('\\"', '"').replace("\\\\", "\\") if text.startswith('"') else text

    nodes = {unquoted(n.get_name()): n.get_attributes() for n in parsed.get_nodes()
             if unquoted(n.get_name()) not in ("node", "edge", "graph")}
    assert set(nodes) == set(original)
    for node, data in original.nodes(data=True):
        assert unquoted(nodes[node]["label"]) == data["label"]
        assert unquoted(nodes[node]["fillcolor"]) == colour(data["type"])
    edges = Counter()
    for edge in parsed.get_edges():
        u, v = unquoted(edge.get_source()), unquoted(edge.get_destination())
        if not original.is_directed():
            u, v = sorted((u, v))
        edges[u, v, unquoted(edge.get_attributes()["relation"])] += 1
    assert edges == edge_triples(original)


@pytest.mark.parametrize("kind", GRAPHS)
def test_cytoscape_json_has_elements_with_every_attribute(tmp_path, kind):
    original = GRAPHS[kind]()
    document = json.loads(written(tmp_path, kind, "cytoscape").read_text(encoding="utf-8"))
    assert document["data"]["name"] == original.graph["name"]
    nodes = {n["data"]["id"]: n["data"] for n in document["elements"]["nodes"]}
    assert set(nodes) == set(original)
    for node, data in original.nodes(data=True):
        present = {k: v for k, v in data.items() if v is not None}
        assert {k: nodes[node].get(k) for k in present} == present
        assert nodes[node]["name"] == data["label"]
    edges = document["elements"]["edges"]
    assert len({e["data"]["id"] for e in edges}) == len(edges)
    found = Counter()
    for edge in edges:
        u, v = edge["data"]["source"], edge["data"]["target"]
        if not original.is_directed():
            u, v = sorted((u, v))
        found[u, v, edge["data"]["relation"]] += 1
    assert found == edge_triples(original)


@pytest.mark.parametrize("kind", GRAPHS)
def test_node_link_json_reads_back_into_the_same_graph(tmp_path, kind):
    original = GRAPHS[kind]()
    document = json.loads(written(tmp_path, kind, "json").read_text(encoding="utf-8"))
    back = nx.node_link_graph(document, edges="edges")
    assert back.graph["title"] == f"{kind} test"
    assert dict(back.nodes(data=True)) == {n: {k: v for k, v in d.items() if v is not None}
                                           for n, d in original.nodes(data=True)}
    assert edge_triples(back) == edge_triples(original)


# Figures ----------------------------------------------------------------------------------------


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def star_graph(hubs: int = 5, leaves: int = 12) -> nx.Graph:
    """Hubs (networks) with many leaves (municipalities): more nodes than get labels."""
    graph = nx.Graph(name="stars")
    for h in range(hubs):
        hub = f"{KGR}network/{h}"
        graph.add_node(hub, label=f"Nettverk {h}", type="network")
        for leaf in range(leaves):
            node = f"{KGR}municipality/{h:02d}{leaf:02d}"
            graph.add_node(node, label=f"Kommune {h}-{leaf}", type="municipality")
            graph.add_edge(node, hub, relation="member_of")
    return graph


@pytest.fixture(scope="module")
def png(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("figure") / "governance.png"
    figure.write_png(governance(), path, title="Drammen og nettverka")
    return path


@pytest.fixture(scope="module")
def svg(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("figure") / "governance.svg"
    figure.write_svg(governance(), path, title="Drammen og nettverka")
    return path


def svg_text(path: Path) -> str:
    return " ".join(" ".join(etree.parse(str(path)).getroot().itertext()).split())


def test_png_is_a_png_of_a_readable_size(png):
    import matplotlib.image

    data = png.read_bytes()
    assert data.startswith(PNG_SIGNATURE)
    assert len(data) > 10_000
    height, width, _ = matplotlib.image.imread(str(png)).shape
    assert 1000 <= width <= 4000 and 800 <= height <= 4000, (width, height)


def test_png_shows_the_colour_of_every_type_in_the_graph(png):
    import matplotlib.image
    import numpy as np

    pixels = np.round(matplotlib.image.imread(str(png))[:, :, :3] * 255).astype(int).reshape(-1, 3)
    counts = Counter(map(tuple, pixels.tolist()))
    for node_type in {d["type"] for d in NODES.values()}:
        assert counts[rgb(node_type)] >= 30, node_type  # the inside of a dot, not an anti-aliased edge


def test_png_metadata_has_no_library_version(png):
    from PIL import Image

    info = Image.open(png).info
    assert info.get("Software") == "kommunegraf"
    assert "Matplotlib" not in json.dumps({k: str(v) for k, v in info.items()})


def test_svg_has_title_labels_and_legend_as_text(svg):
    text = svg_text(svg)
    assert "Drammen og nettverka" in text
    for data in NODES.values():  # eight nodes: all of them are labelled
        assert data["label"] in text, data["label"]
    for node_type, count in Counter(d["type"] for d in NODES.values()).items():
        assert f"{node_type} ({count})" in text
    assert "other (" not in text


def test_figures_are_the_same_bytes_every_time(tmp_path, svg, png):
    figure.write_svg(governance(order=3), tmp_path / "again.svg", title="Drammen og nettverka")
    figure.write_png(governance(order=3), tmp_path / "again.png", title="Drammen og nettverka")
    assert (tmp_path / "again.svg").read_bytes() == svg.read_bytes()
    assert (tmp_path / "again.png").read_bytes() == png.read_bytes()
    assert b"<dc:date>" not in svg.read_bytes()


def test_a_large_graph_labels_only_its_best_connected_nodes_on_a_larger_figure(tmp_path, png):
    import matplotlib.image

    graph = star_graph()
    figure.write_svg(graph, tmp_path / "stars.svg")
    figure.write_png(graph, tmp_path / "stars.png")
    text = svg_text(tmp_path / "stars.svg")
    assert all(f"Nettverk {h}" in text for h in range(5))
    assert "Kommune" not in text  # 60 alike leaves: none labelled rather than an arbitrary 35
    assert "stars" in text and "65 nodes, 60 edges" in text
    small = matplotlib.image.imread(str(png)).shape
    large = matplotlib.image.imread(str(tmp_path / "stars.png")).shape
    assert large[0] > small[0] and large[1] > small[1]


def test_an_unknown_figure_format_is_refused_with_the_known_ones(tmp_path):
    with pytest.raises(InputError, match="known formats: png, svg"):
        figure.write_figure(governance(), tmp_path / "x.pdf", "pdf")


# Integration ------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["gexf", "graphml", "dot", "cytoscape", "json", "png", "svg"])
def test_every_format_is_written_through_the_export_registry(tmp_path, fmt):
    from kg.export import write

    path = write(governance(), tmp_path / f"out.{fmt}", fmt, title="via the registry")
    assert path.stat().st_size > 0
    assert not list(tmp_path.glob(".*.partial"))


def test_an_export_writes_only_its_file_whatever_the_names_in_the_graph_or_planted_links(tmp_path):
    from kg.export import write

    graph = governance()
    for node in list(graph.nodes)[:3]:
        graph.nodes[node]["label"] = "../../escaped/../../etc/passwd"
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    (out / ".graph.json.partial").symlink_to(victim)  # where a predictable temporary name would be
    write(graph, out / "graph.json", "json", title="../../x")
    assert victim.read_text(encoding="utf-8") == "keep me"
    assert sorted(p.name for p in out.iterdir()) == [".graph.json.partial", "graph.json"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "victim.txt"]


@pytest.mark.parametrize("fmt", ["gexf", "graphml", "dot", "cytoscape", "json", "png", "svg"])
def test_an_empty_graph_is_written_in_every_format(tmp_path, fmt):
    from kg.export import write

    path = write(nx.MultiDiGraph(), tmp_path / f"empty.{fmt}", fmt)
    assert path.stat().st_size > 0
    if fmt in ("gexf", "graphml"):
        xsd = "gexf-1.3.xsd" if fmt == "gexf" else "graphml.xsd"
        assert schema(xsd).validate(etree.parse(str(path))), schema(xsd).error_log


def test_importing_the_exporters_loads_no_heavy_library():
    code = ("import sys, kg.export.files, kg.export.figure, kg.export.style; "
            "print(sorted(m for m in ('matplotlib', 'networkx', 'lxml.etree') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


# What kg export leaves on disk: a full disk, the umask, links ---------------------------------

def test_a_full_disk_is_one_line_the_target_untouched_and_no_partial_file(kg_process, built_store_path, mounts):
    from conftest import fill

    disk = mounts.tmpfs("1m")
    out = disk / "graph.json"
    out.write_text("the previous export\n", encoding="utf-8")
    fill(disk)
    result = kg_process("export", "-f", "json", "-o", out, "--store", built_store_path)
    assert (result.returncode, result.stdout) == (3, ""), result.stderr
    assert result.stderr == f"kg: error: cannot write {out}: No space left on device\n"
    assert out.read_text(encoding="utf-8") == "the previous export\n"
    assert sorted(p.name for p in disk.iterdir()) == ["filler", "graph.json"]


def test_a_failing_write_is_our_error_and_leaves_no_partial_file(tmp_path, monkeypatch):
    """The same without a mount: an exporter that hits a full disk half-way."""
    import errno

    import kg.export
    from kg.errors import KgError

    def full(graph, path, title=None):
        Path(path).write_text("half a graph", encoding="utf-8")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(sys.modules[__name__], "full_disk_writer", full, raising=False)
    monkeypatch.setitem(kg.export._EXPORTERS, "full", f"{__name__}:full_disk_writer")
    out = tmp_path / "graph.json"
    out.write_text("keep", encoding="utf-8")
    with pytest.raises(KgError, match=f"^cannot write {out}: No space left on device$") as raised:
        kg.export.write(governance(), out, "full")
    assert raised.value.exit_code == 3
    assert out.read_text(encoding="utf-8") == "keep" and sorted(tmp_path.iterdir()) == [out]


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_a_new_export_honours_the_umask(kg_process, built_store_path, tmp_path, umask, mode):
    import os
    import stat

    out = tmp_path / "graph.gexf"
    result = kg_process("export", "-f", "gexf", "-o", out, "--store", built_store_path,
                        preexec_fn=lambda: os.umask(umask))
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(out.stat().st_mode) == mode


def test_a_replaced_export_keeps_its_mode(kg_process, built_store_path, tmp_path):
    import stat

    out = tmp_path / "graph.dot"
    out.write_text("old", encoding="utf-8")
    out.chmod(0o640)
    result = kg_process("export", "-f", "dot", "-o", out, "--store", built_store_path)
    assert result.returncode == 0, result.stderr
    assert out.read_text(encoding="utf-8").startswith("digraph") and stat.S_IMODE(out.stat().st_mode) == 0o640


def test_an_export_onto_a_link_writes_the_file_it_names_and_keeps_the_link(kg_process, built_store_path, tmp_path):
    (tmp_path / "shared").mkdir()
    (tmp_path / "mine").mkdir()
    target = tmp_path / "shared" / "graph.json"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "mine" / "graph.json"
    link.symlink_to(Path("..") / "shared" / "graph.json")  # relative, as ln -s makes them
    result = kg_process("export", "-f", "json", "-o", link, "--store", built_store_path)
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and link.readlink() == Path("..") / "shared" / "graph.json"
    assert json.loads(target.read_text(encoding="utf-8"))["nodes"]
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["graph.json", "graph.json", "mine", "shared"]
