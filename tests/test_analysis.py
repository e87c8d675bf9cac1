"""The networkx bridge and the measures: typed graphs with scalar attributes, dated filtering,
co-membership weightings, ego graphs, centrality, communities, and paths explained by facts."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import networkx as nx
import pytest

from kg.analysis import analyse, build_graph
from kg.analysis.graphs import comembership_graph, governance_graph
from kg.errors import InputError
from kg.ingestion import ingest, ingest_articles
from kg.sources import Article

ARTICLES = Path(__file__).resolve().parent.parent / "data" / "articles"
KGR = "https://w3id.org/kommunegraf/id/"
DRAMMEN = KGR + "municipality/3005-2020"


@pytest.fixture(scope="module")
def store():
    from kg.store import open_store

    store = open_store(":memory:")
    ingest(store, [ARTICLES])
    # our own sentences: two more networks, so that weightings differ
    ingest_articles(store, [
        Article("a", "Drammen, Asker og Bærum samarbeider i Vestregionen.", date=date(2021, 2, 1)),
        Article("b", "Drammen og Asker er med i Osloregionen.", date=date(2021, 2, 1)),
    ])
    return store


def test_governance_graph_has_types_and_only_scalar_attributes(store):
    graph = governance_graph(store, as_of="2021-06-01")
    types = {d["type"] for _, d in graph.nodes(data=True)}
    assert types == {"municipality", "county", "network", "post", "person"}
    assert graph.nodes[DRAMMEN]["number"] == "3005" and graph.nodes[DRAMMEN]["county"] == "Viken"
    for _, data in graph.nodes(data=True):
        assert all(isinstance(v, (str, int, float)) for v in data.values()), data
    for *_, data in graph.edges(data=True):
        assert all(isinstance(v, (str, int, float)) for v in data.values()), data
    relations = {d["relation"] for *_, d in graph.edges(data=True)}
    assert relations == {"in_county", "member_of", "post_in", "holds"}
    holds = [(graph.nodes[a]["label"], graph.nodes[b]["label"]) for a, b, d in graph.edges(data=True)
             if d["relation"] == "holds"]
    assert ("Monica Myrvold Berg", "ordfører, Drammen") in holds
    edge = next(d for a, b, d in graph.edges(data=True) if d["relation"] == "member_of" and a == DRAMMEN
                and graph.nodes[b]["label"] == "KS storbynettverk")
    assert edge["valid_from"] == "2020-11-12" and "drammen.kommune.no" in edge["source"]
    assert "Myrvold Berg" in edge["evidence"]


def test_as_of_keeps_what_existed_that_day(store):
    before = governance_graph(store, as_of="2019-06-01")
    assert KGR + "municipality/0602" in before and DRAMMEN not in before
    after = governance_graph(store, as_of="2024-06-01")
    assert after.nodes[DRAMMEN]["number"] == "3301"
    assert len([n for n, d in after.nodes(data=True) if d["type"] == "municipality"]) == 357
    # without a date, the successions are there too
    every = governance_graph(store)
    assert every.has_edge(KGR + "municipality/0602", DRAMMEN, key="succeeded_by")
    with pytest.raises(InputError, match="not a date"):
        governance_graph(store, as_of="1. mai")


@pytest.mark.parametrize("weighting", ["count", "newman", "jaccard"])
def test_comembership_weightings(store, weighting):
    graph = comembership_graph(store, as_of="2021-06-01", weighting=weighting)
    asker = next(n for n, d in graph.nodes(data=True) if d["label"] == "Asker")
    weight = graph[DRAMMEN][asker]["weight"]
    if weighting == "count":
        assert weight == 2.0 and graph[DRAMMEN][asker]["label"] == "Osloregionen, Vestregionen"
    elif weighting == "newman":  # Vestregionen has 3 members (1/2), Osloregionen 2 (1/1)
        assert weight == pytest.approx(1.5)
    else:  # Drammen is in 4 networks, Asker in 2, they share 2
        assert weight == pytest.approx(2 / 4)


def test_ego_graph_and_measures(store):
    ego = build_graph(store, as_of="2021-06-01", ego="Drammen", radius=1)
    labels = {d["label"] for _, d in ego.nodes(data=True)}
    assert {"Drammen", "KS storbynettverk", "Viken", "Vestregionen"} <= labels and "Tromsø" not in labels
    central = analyse(store, "centrality", graph="comembership", as_of="2021-06-01", top=3)
    # Drammen and Bærum each share a network with all 8 others; Asker only with those two; ties by name
    assert [(r["label"], r["degree"]) for r in central[:2]] == [("Bærum", 1.0), ("Drammen", 1.0)]
    assert central[2]["degree"] < 1.0
    first = analyse(store, "communities", graph="comembership", as_of="2021-06-01", seed=7)
    assert first == analyse(store, "communities", graph="comembership", as_of="2021-06-01", seed=7)
    assert sum(row["size"] for row in first) == 9
    parts = analyse(store, "components", graph="comembership", as_of="2021-06-01")
    assert [row["size"] for row in parts] == [9]


def test_path_explains_the_link_with_its_source(store):
    steps = analyse(store, "path", ("Drammen", "Tromsø"), as_of="2021-06-01")
    assert [(s["subject"], s["relation"], s["object"]) for s in steps] == [
        ("Drammen", "member_of", "KS storbynettverk"), ("Tromsø", "member_of", "KS storbynettverk")]
    assert all("Drammen har fått plass i viktig nettverk" in s["source"] for s in steps)
    with pytest.raises(InputError, match="no entity 'Atlantis'"):
        analyse(store, "path", ("Drammen", "Atlantis"))
    with pytest.raises(InputError, match="two entities"):
        analyse(store, "path", ("Drammen",))


def test_cli_analyse(run_kg, tmp_path):
    assert run_kg("build")[0] == 0
    code, out, err = run_kg("analyse", "path", "Drammen", "Tromsø", "--as-of", "2021-06-01")
    assert code == 0, err
    assert "KS storbynettverk" in out and "Drammen har fått plass i viktig nettverk" in out
    code, out, _ = run_kg("analyse", "centrality", "--graph", "comembership", "-f", "csv", "--top", "2")
    assert code == 0 and out.splitlines()[0] == "label,type,degree,betweenness,eigenvector,id"
    code, _, err = run_kg("analyse", "path", "Drammen", "Atlantis")
    assert code == 2 and err.startswith("kg: error: no entity 'Atlantis'") and err.count("\n") == 1
    assert nx.__version__  # networkx is a dependency


@pytest.fixture(scope="module")
def built_store(tmp_path_factory) -> str:
    """An on-disk store after ``kg build`` (reference graph and the sample article), shared."""
    from kg.builder import build
    from kg.store import open_store

    path = tmp_path_factory.mktemp("built") / "store"
    with open_store(path, bootstrap=False) as store:
        build(store)
    return str(path)


@pytest.mark.parametrize("fmt, magic", [
    ("gexf", b"<?xml"), ("graphml", b"<?xml"), ("dot", b"digraph"), ("cytoscape", b"{"), ("json", b"{"),
    ("html", b"<!DOCTYPE html>"), ("png", b"\x89PNG"), ("svg", b"<?xml"),
])
def test_cli_export_every_format(run_kg, built_store, tmp_path, fmt, magic):
    target = tmp_path / f"ks.{fmt}"
    code, out, err = run_kg("export", "--ego", "KS storbynettverk", "--as-of", "2021-01-01", "-f", fmt,
                            "-o", str(target), "--store", built_store)
    assert code == 0, err
    assert out.startswith(f"wrote {target} ({fmt}): ") and target.read_bytes().startswith(magic)
    assert not list(tmp_path.glob(".*.partial"))


def test_cli_export_refuses_bad_targets(run_kg, tmp_path):
    code, _, err = run_kg("export", "-f", "gexf", "-o", str(tmp_path))
    assert code == 2 and "is a folder" in err and err.count("\n") == 1
    code, _, err = run_kg("export", "-f", "gexf", "-o", str(tmp_path / "no" / "such" / "g.gexf"))
    assert code == 2 and "no such folder" in err
    code, _, err = run_kg("export", "-f", "pdf", "-o", str(tmp_path / "g.pdf"))
    assert code == 2 and "pdf" in err
