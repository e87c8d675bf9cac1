"""The HTML export: one self-contained page, checked as text and in a real headless Chromium.

The browser tests open the page from ``file://`` and fail on any other request, on any dialog, and
on any console error (a Content-Security-Policy violation is one). The graph is invented.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import networkx as nx
import pytest

from kg.export.html import _asset, graph_data, render_html, write_html
from kg.export.style import colour

XSS_LABEL = "<img src=x onerror=alert(1)><script>alert(2)</script>"
XSS_EVIDENCE = '"></dd><img src=y onerror=alert(3)></script><script>alert(4)</script>\u2028&amp; ferdig'
XSS_TITLE = 'Kommuner & nettverk </title><script>alert("title")</script>'
EX = "https://example.org/id/"
ARTICLE = "Storbyene samarbeider <https://example.org/articles/storby-2021>"
EVIDENCE = "Drammen, Oslo og Bergen er med i KS storbynettverk."


def sample_graph() -> nx.MultiDiGraph:
    """A small governance graph as kg.analysis.graphs builds them (invented data), plus hostile strings."""
    g = nx.MultiDiGraph()
    g.add_node(EX + "county/33", label="Buskerud", type="county", number="33", valid_from="2024-01-01")
    for number, name, population in [("3301", "Drammen", 103_291), ("0301", "Oslo", 717_710),
                                     ("4601", "Bergen", 291_940)]:
        g.add_node(EX + f"municipality/{number}", label=name, type="municipality", number=number,
                   population=population, valid_from="2024-01-01")
    g.add_node(EX + "network/ks-storby", label="KS storbynettverk", type="network", source=ARTICLE)
    g.add_node(EX + "person/kari-fjell", label="Kari Fjell", type="person", source=ARTICLE)
    g.add_node(EX + "post/3301-mayor", label="ordfører i Drammen", type="post")
    g.add_node(EX + "thing/hostile", label=XSS_LABEL, type="something-new", source="</script><script>alert(5)</script>")
    for number in ("3301", "0301", "4601"):
        g.add_edge(EX + f"municipality/{number}", EX + "network/ks-storby", relation="member_of",
                   label="medlem av", source=ARTICLE, evidence=EVIDENCE, valid_from="2021-03-01")
    g.add_edge(EX + "municipality/3301", EX + "county/33", relation="in_county", label="i fylke")
    g.add_edge(EX + "person/kari-fjell", EX + "post/3301-mayor", relation="holds", label="innehar",
               source=ARTICLE, evidence="Ordfører Kari Fjell leder nettverket i år.", status="current")
    g.add_edge(EX + "post/3301-mayor", EX + "municipality/3301", relation="post_in", label="stilling i")
    g.add_edge(EX + "municipality/3301", EX + "municipality/0301", relation="co_member", label="felles nettverk",
               weight=1.0)
    g.add_edge(EX + "thing/hostile", EX + "network/ks-storby", relation="member_of", label="medlem av",
               source="javascript:alert(6)", evidence=XSS_EVIDENCE)
    return g


def edge_id(graph, source_label: str, target_label: str) -> str:
    data = graph_data(graph)
    labels = {n["id"]: n["label"] for n in data["nodes"]}
    (found,) = [e["id"] for e in data["edges"]
                if (labels[e["source"]], labels[e["target"]]) == (source_label, target_label)]
    return found


# --- the page as text --------------------------------------------------------------------------

class _Page(HTMLParser):
    """Every start tag with its attributes, and the text of each <script> and <style> element."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[tuple[dict, str]] = []
        self.styles: list[str] = []
        self.outside: list[str] = []  # text outside <script> and <style>
        self._open: tuple[str, dict] | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in ("script", "style"):
            self._open = (tag, dict(attrs))
            (self.scripts.append((dict(attrs), "")) if tag == "script" else self.styles.append(""))

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._open = None

    def handle_data(self, data):
        if self._open is None:
            self.outside.append(data)
        elif self._open[0] == "script":
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)
        else:
            self.styles[-1] += data


def parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    parser.close()
    return parser


def test_page_loads_nothing_from_anywhere():
    page = render_html(sample_graph(), title=XSS_TITLE)
    parsed = parse(page)
    fetching = {"src", "href", "srcset", "action", "formaction", "poster", "background", "data", "xlink:href"}
    assert [(tag, attrs) for tag, attrs in parsed.tags if fetching & set(attrs)] == []
    assert [tag for tag, _ in parsed.tags if tag in ("link", "img", "iframe", "object", "embed", "base")] == []
    # Exactly three scripts: the data (not run), the library and the viewer, both inline.
    assert [attrs for attrs, _ in parsed.scripts] == [{"type": "application/json", "id": "graph-data"}, {}, {}]
    data, library, viewer = (text for _, text in parsed.scripts)
    assert library == _asset("cytoscape.min.js")
    # URLs may stand in the data and in the library's licence comments, nowhere else.
    library_code = re.sub(r"/\*.*?\*/", "", library, flags=re.DOTALL)
    for text in (library_code, viewer, *parsed.styles, *parsed.outside):
        assert not re.search(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}/", text, re.IGNORECASE), text[:200]
    for css in parsed.styles:
        assert "url(" not in css and "@import" not in css
    assert "http" in data  # the sources are there, as data


def test_data_block_cannot_end_early_and_round_trips():
    graph = sample_graph()
    page = render_html(graph, title=XSS_TITLE)
    raw = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', page, re.DOTALL).group(1)
    for character in "<>&\u2028\u2029":
        assert character not in raw
    data = json.loads(raw)
    assert XSS_LABEL in [n["label"] for n in data["nodes"]]
    evidence = [dict(e["attributes"]).get("evidence") for e in data["edges"]]
    assert XSS_EVIDENCE in evidence
    # Hostile strings do not add elements: three <script> start tags, the title escaped.
    assert len(re.findall(r"<script", page, re.IGNORECASE)) == 3
    assert "<title>Kommuner &amp; nettverk &lt;/title&gt;&lt;script&gt;" in page


def test_data_holds_nodes_edges_and_types_present():
    data = graph_data(sample_graph())
    assert len(data["nodes"]) == 8 and len(data["edges"]) == 8 and data["directed"]
    assert [t["type"] for t in data["types"]] == ["municipality", "county", "network", "person", "post", "other"]
    assert {t["type"]: t["colour"] for t in data["types"]}["county"] == colour("county")  # as in every export
    assert {t["type"]: t["count"] for t in data["types"]}["municipality"] == 3
    hostile = next(n for n in data["nodes"] if n["label"] == XSS_LABEL)
    assert (hostile["type"], hostile["kind"]) == ("something-new", "other")  # unknown types drawn as other
    drammen = next(n for n in data["nodes"] if n["label"] == "Drammen")
    assert drammen["attributes"][:3] == [["number", "3301"], ["population", 103291], ["valid_from", "2024-01-01"]]


def test_same_graph_same_page_whatever_the_insertion_order():
    graph = sample_graph()
    reversed_graph = nx.MultiDiGraph()
    reversed_graph.add_nodes_from(reversed(list(graph.nodes(data=True))))
    reversed_graph.add_edges_from(reversed(list(graph.edges(data=True))))
    assert render_html(graph) == render_html(graph) == render_html(reversed_graph)
    positions = {(n["x"], n["y"]) for n in graph_data(graph)["nodes"]}
    assert len(positions) == 8  # every node has a place of its own


def test_large_graphs_are_laid_out_without_scipy():
    # From 500 nodes networkx's spring layout wants SciPy; the exporter uses ForceAtlas2 there.
    graph = nx.relabel_nodes(nx.barabasi_albert_graph(520, 1, seed=3), lambda n: f"{EX}m/{n:04d}")
    first, second = graph_data(graph), graph_data(graph)
    assert first == second
    assert len({(n["x"], n["y"]) for n in first["nodes"]}) == 520


def test_written_through_the_exporter_registry(tmp_path):
    from kg.export import write

    path = write(sample_graph(), tmp_path / "graph.html", "html", title=None)
    page = path.read_text(encoding="utf-8")
    assert page == render_html(sample_graph()) and "<title>kommunegraf</title>" in page


# --- the page in a real browser ----------------------------------------------------------------

@pytest.fixture(scope="module")
def page_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("html") / "graph.html"
    write_html(sample_graph(), path, title=XSS_TITLE)
    return path


class Opened:
    """A page opened in its own browser context, with everything it asked for or said recorded."""

    def __init__(self, browser, path):
        self.context = browser.new_context(viewport={"width": 1280, "height": 800})
        self.page = self.context.new_page()
        self.url = path.as_uri()
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.console: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("dialog", self._dialog)
        self.page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}")
                     if m.type in ("error", "warning") else None)
        self.page.on("pageerror", lambda error: self.console.append(f"pageerror: {error}"))
        self.page.goto(self.url)
        self.page.wait_for_function("window.kommunegraf !== undefined", timeout=10_000)

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def js(self, expression: str, arg=None):
        return self.page.evaluate(expression, arg)

    def point(self, expression: str) -> tuple[float, float]:
        """Page coordinates of a rendered position that ``expression`` (JS, using ``cy``) gives."""
        return tuple(self.js(f"""() => {{
            const cy = window.kommunegraf.cy, box = cy.container().getBoundingClientRect();
            const p = {expression};
            return [box.left + p.x, box.top + p.y];
        }}"""))

    def fit(self, element_id: str, padding: int) -> None:
        """Zoom so that one element fills the view (evaluate returns nothing: a Cytoscape object is huge)."""
        self.js("([id, padding]) => { window.kommunegraf.cy.fit(window.kommunegraf.cy.$id(id), padding); }",
                [element_id, padding])

    def details(self) -> dict[str, str]:
        return self.js("""() => Object.fromEntries(Array.from(document.querySelectorAll('#details dd'))
                                                   .map(dd => [dd.dataset.key, dd.textContent]))""")

    def search(self, text: str) -> None:
        self.page.fill("#search", text)
        self.page.press("#search", "Enter")


@pytest.fixture
def opened(chromium, page_file):
    page = Opened(chromium, page_file)
    yield page
    page.context.close()


def test_browser_counts_the_nodes(opened):
    assert opened.page.text_content("#node-count") == "8"
    assert opened.page.text_content("#edge-count") == "8"
    assert opened.js("window.kommunegraf.cy.nodes().length") == 8
    assert opened.js("window.kommunegraf.cy.edges().length") == 8
    assert opened.js("document.title") == XSS_TITLE
    # The preset layout is Python's: the browser keeps the positions it was given.
    drammen = next(n for n in graph_data(sample_graph())["nodes"] if n["label"] == "Drammen")
    position = opened.js(f"window.kommunegraf.cy.$id('{drammen['id']}').position()")
    assert (position["x"], position["y"]) == (drammen["x"], drammen["y"])


def test_legend_lists_the_types_present(opened):
    rows = opened.js("""Array.from(document.querySelectorAll('#legend li'))
                          .map(li => [li.dataset.type, li.querySelector('.name').textContent,
                                      li.querySelector('.count').textContent,
                                      getComputedStyle(li.querySelector('.swatch')).backgroundColor])""")
    assert [row[:3] for row in rows] == [["municipality", "municipality", "3"], ["county", "county", "1"],
                                         ["network", "network", "1"], ["person", "person", "1"],
                                         ["post", "post", "1"], ["other", "other", "1"]]
    assert len({row[3] for row in rows}) == 6  # a colour each
    colour = opened.js("""window.kommunegraf.cy.nodes().filter(n => n.data('label') === 'Oslo')[0]
                            .style('background-color')""")
    assert colour.replace(" ", "") == rows[0][3].replace(" ", "")  # the legend's colour is the one drawn


def test_search_selects_and_centres_the_node(opened):
    opened.search("bergen")
    state = opened.js("""() => {
        const cy = window.kommunegraf.cy, node = cy.nodes('.found');
        const p = node.renderedPosition();
        return {labels: node.map(n => n.data('label')), selected: cy.nodes(':selected').map(n => n.data('label')),
                dx: p.x - cy.width() / 2, dy: p.y - cy.height() / 2};
    }""")
    assert state["labels"] == ["Bergen"] and state["selected"] == ["Bergen"]
    assert abs(state["dx"]) < 1 and abs(state["dy"]) < 1
    assert opened.page.text_content("#details h3") == "Bergen"
    assert opened.details()["number"] == "4601"
    assert opened.page.text_content("#search-status") == "1 match"
    opened.search("storby")  # part of a label
    assert opened.js("window.kommunegraf.cy.nodes('.found').map(n => n.data('label'))") == ["KS storbynettverk"]
    opened.search("Trondheim")
    assert opened.page.text_content("#search-status") == "no match"
    assert opened.js("window.kommunegraf.cy.nodes('.found').length") == 0


def test_edge_hover_and_click_show_source_and_evidence(opened):
    edge = edge_id(sample_graph(), "Drammen", "KS storbynettverk")
    opened.fit(edge, 150)
    x, y = opened.point(f"cy.$id('{edge}').renderedMidpoint()")
    opened.page.mouse.move(x, y)
    shown = opened.details()
    assert (shown["from"], shown["to"], shown["relation"]) == ("Drammen", "KS storbynettverk", "member_of")
    assert (shown["source"], shown["evidence"]) == (ARTICLE, EVIDENCE)
    assert opened.page.text_content("#details h3") == "medlem av"
    assert opened.js(f"window.kommunegraf.cy.$id('{edge}').hasClass('hover')")

    blank = opened.point("{x: 3, y: cy.height() - 3}")  # the corner: nothing is drawn there after the fit
    opened.page.mouse.move(*blank)
    assert "evidence" not in opened.details()  # hovering only shows
    opened.page.mouse.click(x, y)
    opened.page.mouse.move(*blank)
    assert opened.details()["evidence"] == EVIDENCE  # clicking keeps it
    opened.page.mouse.click(*blank)
    assert "evidence" not in opened.details()  # clicking the background lets go


def test_node_click_shows_its_attributes(opened):
    node = next(n["id"] for n in graph_data(sample_graph())["nodes"] if n["label"] == "Kari Fjell")
    opened.fit(node, 200)
    x, y = opened.point(f"cy.$id('{node}').renderedPosition()")
    opened.page.mouse.click(x + 3, y + 3)  # Cytoscape.js 3.35 misses a diamond's exact centre pixel
    assert opened.page.text_content("#details h3") == "Kari Fjell"
    assert opened.details() == {"type": "person", "id": EX + "person/kari-fjell", "source": ARTICLE}


def test_hostile_strings_stay_text(opened):
    opened.search(XSS_LABEL)
    assert opened.page.text_content("#details h3") == XSS_LABEL
    assert opened.details()["source"] == "</script><script>alert(5)</script>"
    edge = edge_id(sample_graph(), XSS_LABEL, "KS storbynettverk")
    opened.js(f"void window.kommunegraf.cy.$id('{edge}').emit('tap')")  # as a click would
    assert opened.details()["evidence"] == XSS_EVIDENCE
    assert opened.details()["source"] == "javascript:alert(6)"
    assert opened.js("window.kommunegraf.cy.nodes('.found').data('label')") == XSS_LABEL
    assert opened.js("Array.from(document.querySelectorAll('#labels option')).some(o => o.value === "
                     + json.dumps(XSS_LABEL) + ")")
    dom = opened.js("""({img: document.querySelectorAll('img').length, scripts: document.scripts.length,
                         handlers: document.querySelectorAll('[onerror]').length,
                         links: document.querySelectorAll('[href], [src]').length})""")
    assert dom == {"img": 0, "scripts": 3, "handlers": 0, "links": 0}
    opened.page.wait_for_timeout(200)  # a broken image's onerror would fire by now
    assert opened.dialogs == []


def test_no_request_but_the_file_and_no_console_errors(opened):
    opened.search("Drammen")
    edge = edge_id(sample_graph(), "Kari Fjell", "ordfører i Drammen")
    opened.fit(edge, 150)
    opened.page.mouse.click(*opened.point(f"cy.$id('{edge}').renderedMidpoint()"))
    assert opened.details()["evidence"] == "Ordfører Kari Fjell leder nettverket i år."
    opened.page.mouse.wheel(0, 300)
    opened.page.wait_for_timeout(300)
    assert opened.requests == [opened.url]
    assert opened.console == []  # a blocked script or a CSP violation would be logged here
    assert opened.dialogs == []


def test_kg_export_of_the_built_graph_shows_drammen_in_ks_storbynettverk(chromium, run_kg, tmp_path):
    """The issue's acceptance check: the page of the graph built from data/articles/, offline."""
    assert run_kg("build")[0] == 0
    path = tmp_path / "graph.html"
    code, out, err = run_kg("export", "--format", "html", "-o", str(path))
    assert code == 0, err
    page = Opened(chromium, path)
    try:
        members = page.js("""() => {
            const cy = window.kommunegraf.cy;
            const network = cy.nodes().filter(n => n.data('label') === 'KS storbynettverk');
            return network.incomers('node').map(n => n.data('label')).sort();
        }""")
        assert members == sorted(["Drammen", "Oslo", "Bergen", "Trondheim", "Stavanger", "Kristiansand",
                                  "Tromsø", "Bærum"])
        assert page.requests == [page.url] and page.dialogs == []
        assert int(page.page.text_content("#node-count")) > 400  # every municipality and county too
    finally:
        page.context.close()
