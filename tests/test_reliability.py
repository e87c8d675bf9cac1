"""What a killed or concurrent ``kg`` leaves behind: whole articles only, never a corrupt store.

These run the real command in processes of their own and kill or race them.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from benchmarks.corpus import generate
from kg.article_graph import article_graph, article_iri
from kg.extraction import extract
from kg.sources import load
from kg.store import open_store

ARTICLES = 400


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """A JSON Lines corpus long enough to kill an ingest in the middle of it."""
    path = tmp_path_factory.mktemp("corpus") / "corpus.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for record, _ in generate(ARTICLES, seed=11):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def kg(*args: str, **popen) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "kg.cli", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **popen)


def article_graph_names(store_path: Path) -> list[str]:
    with open_store(store_path, read_only=True) as store:
        return [g for g in store.graph_names() if "/graph/" not in g]


def quads(store_path: Path) -> set:
    with open_store(store_path, read_only=True) as store:
        return {(q.subject, q.predicate, q.object, q.graph_name) for q in store.oxigraph}


def test_sigkill_mid_ingest_leaves_whole_articles_and_a_rerun_finishes_the_job(corpus, tmp_path):
    killed, whole = tmp_path / "killed", tmp_path / "whole"
    process = kg("ingest", str(corpus), "--store", str(killed))
    deadline = time.monotonic() + 120
    committed = []
    while time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.3)
        try:
            committed = article_graph_names(killed)
        except Exception:  # the snapshot may race the writer's compaction; try again
            continue
        if len(committed) >= 40:
            break
    assert process.poll() is None, "the ingest finished before it could be killed: make the corpus longer"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert 40 <= len(article_graph_names(killed)) < ARTICLES

    # the store opens and validates
    validate = kg("validate", "--store", str(killed))
    out, err = validate.communicate(timeout=300)
    assert validate.returncode == 0, out[-2000:] + err

    # the union the queries read is exactly the union of the graphs
    with open_store(killed, read_only=True) as store:
        named = {(q.subject, q.predicate, q.object) for q in store.oxigraph if q.graph_name != ox.DefaultGraph()}
        assert {(q.subject, q.predicate, q.object)
                for q in store.oxigraph.quads_for_pattern(None, None, None, ox.DefaultGraph())} == named

    # every article graph in it is exactly the graph of that article: nothing half-written
    expected = {str(article_iri(a)): article_graph(a, extract(a)) for a in load([corpus])}
    with open_store(killed, read_only=True) as store:
        for name in article_graph_names(killed):
            stored = store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}")
            assert len(list(stored)) == len(expected[name]), name

    # running the same command again gives exactly what an uninterrupted run gives
    assert kg("ingest", str(corpus), "--store", str(killed)).wait() == 0
    assert kg("ingest", str(corpus), "--store", str(whole)).wait() == 0
    assert quads(killed) == quads(whole)
    assert len(article_graph_names(whole)) == ARTICLES


def test_queries_during_an_ingest_see_whole_articles_or_are_told_the_store_is_busy(corpus, tmp_path):
    store = tmp_path / "store"
    with open_store(store):  # bootstrapped before the race starts
        pass
    expected = {str(article_iri(a)): len(article_graph(a, extract(a))) for a in load([corpus])}
    count = ("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
             "FILTER (!CONTAINS(STR(?g), '/graph/')) } GROUP BY ?g")
    writer = kg("ingest", str(corpus), "--store", str(store))
    answers = busy = 0
    try:
        while writer.poll() is None:
            reader = kg("query", "-f", "json", "--store", str(store), stdin=subprocess.PIPE)
            out, err = reader.communicate(count, timeout=120)
            if reader.returncode == 0:
                answers += 1
                for binding in json.loads(out)["results"]["bindings"]:
                    graph, triples = binding["g"]["value"], int(binding["n"]["value"])
                    assert triples == expected[graph], f"{graph}: {triples} of {expected[graph]} triples"
            else:
                assert reader.returncode == 3 and "busy" in err and err.count("\n") == 1, err
                busy += 1
    finally:
        writer.wait(timeout=300)
    assert writer.returncode == 0
    assert answers >= 1, f"no query was answered during the ingest ({busy} busy)"
