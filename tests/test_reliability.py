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

# long enough that a fast machine cannot finish it between two looks (400 once did, at 2 cores)
ARTICLES = 1200


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
        time.sleep(0.1)
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


@pytest.fixture
def small_disk(tmp_path):
    """A 32 MB tmpfs of its own (mounting needs root, as CI runs); skipped where it cannot be had."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=32m", "tmpfs", str(disk)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs to fill ({mounted.stderr.strip() or 'mount failed'}); "
                    "test_a_write_error_saying_the_disk_is_full_is_one_line covers the message")
    yield disk
    subprocess.run(["umount", "-l", str(disk)], check=False)


def test_a_full_disk_ends_ingest_in_one_line_with_exit_3_and_a_whole_store(small_disk, corpus, run_kg):
    store_path = small_disk / "store"
    open_store(store_path).close()  # the reference graph, while there is room
    before = quads(store_path)
    filler = small_disk / "filler"
    with filler.open("wb") as out:  # leave a quarter of a megabyte: enough to open, not to ingest
        while os.statvfs(small_disk).f_bavail * os.statvfs(small_disk).f_frsize > 256 * 1024:
            out.write(b"\0" * 65536)
            out.flush()
    code, out, err = run_kg("ingest", str(corpus), "--store", str(store_path))
    assert (code, err.count("\n")) == (3, 1), err
    assert err.startswith(f"kg: error: store {store_path}: no space left on device") and "Traceback" not in err
    filler.unlink()
    after = quads(store_path)
    expected = {str(article_iri(a)): article_graph(a, extract(a)) for a in load([corpus])}
    stored = {}
    for subject, predicate, obj, graph in after - before:
        if graph != ox.DefaultGraph():
            stored[graph.value] = stored.get(graph.value, 0) + 1
    assert {name: len(expected[name]) for name in stored} == stored  # whole articles only
    assert len(stored) < ARTICLES


@pytest.mark.parametrize("error", [
    OSError(28, "No space left on device"),
    OSError("IO error: No space left on device: While appending to file: /s/000008.log: No space left on device"),
    RuntimeError("IO error: No space left on device: While appending to file: /s/000008.log: No space left on device"),
])
def test_a_write_error_saying_the_disk_is_full_is_one_line(error, tmp_path, run_kg, monkeypatch):
    from kg.store import EmbeddedStore

    corpus = tmp_path / "a.txt"
    corpus.write_text("Ordfører Kari Holm i Lier er glad.", encoding="utf-8")
    store_path = tmp_path / "store"
    open_store(store_path).close()
    real_update = EmbeddedStore.update  # pyoxigraph's Store cannot be patched; what it raises can
    monkeypatch.setattr(EmbeddedStore, "update", lambda self, sparql: real_update(_Failing(self, error), sparql))
    code, out, err = run_kg("ingest", str(corpus), "--store", str(store_path))
    assert (code, err) == (3, f"kg: error: store {store_path}: no space left on device; what was stored before "
                              "is whole (free some space and run again)\n")


class _Failing:
    """Stands in for an EmbeddedStore whose pyoxigraph store fails every write with ``error``."""

    def __init__(self, store, error):
        self.location, self.read_only, self._error = store.location, store.read_only, error
        self.oxigraph = self

    def _check_writable(self):
        pass

    def update(self, sparql):
        raise self._error

    def flush(self):
        raise self._error
