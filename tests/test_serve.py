"""kg serve: a real server process on 127.0.0.1, queried with SPARQLWrapper and plain HTTP."""

from __future__ import annotations

import json
import os
import re
import subprocess
import threading
import time
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from SPARQLWrapper import CSV, JSON, POST, POSTDIRECTLY, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from kg.assets import asset_path
from kg.store import open_store
from served import Served, eventually

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
MAYOR = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?name WHERE { <https://w3id.org/kommunegraf/id/person/monica-myrvold-berg/3005-2020> rdfs:label ?name }"""


@pytest.fixture(scope="module")
def built_store(built_store_path):
    return built_store_path


@pytest.fixture(scope="module")
def read_only(built_store):
    served = Served(built_store, "--timeout", "2", "--max-rows", "1000")
    yield served
    served.stop()


def client(base: str, query: str, fmt=JSON) -> SPARQLWrapper:
    sparql = SPARQLWrapper(f"{base}/query", updateEndpoint=f"{base}/update")
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    return sparql


def test_binds_loopback_and_says_read_only(read_only):
    assert read_only.base.startswith("http://127.0.0.1:") and "(read-only)" in read_only.banner


def test_sparqlwrapper_select_in_json_xml_and_csv(read_only):
    result = client(read_only.base, MAYOR).queryAndConvert()
    assert [b["name"]["value"] for b in result["results"]["bindings"]] == ["Monica Myrvold Berg"]
    xml = client(read_only.base, MAYOR, XML).queryAndConvert()
    assert [node.firstChild.data for node in xml.getElementsByTagName("literal")] == ["Monica Myrvold Berg"]
    csv = client(read_only.base, MAYOR, CSV).queryAndConvert().decode()
    assert csv.splitlines() == ["name", "Monica Myrvold Berg"]
    sparql = client(read_only.base, COUNT)
    sparql.setMethod(POST)
    assert int(sparql.queryAndConvert()["results"]["bindings"][0]["n"]["value"]) > 18000


def test_ask_and_construct(read_only):
    assert client(read_only.base, "ASK { ?s ?p ?o }").queryAndConvert()["boolean"] is True
    graph = client(read_only.base, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 5", TURTLE).queryAndConvert()
    assert len(graph) > 0  # SPARQLWrapper hands back the Turtle bytes


def test_updates_are_refused_by_default(read_only):
    sparql = client(read_only.base, "INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    sparql.setMethod(POST)
    with pytest.raises((SPARQLWrapperException, urllib.error.HTTPError)) as refused:
        sparql.query()
    assert "403" in str(refused.value) or "read-only" in str(refused.value)
    request = urllib.request.Request(f"{read_only.base}/store?graph=urn:g", data=b"<urn:a> <urn:b> <urn:c> .",
                                     method="PUT", headers={"Content-Type": "application/n-triples"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request)
    assert refused.value.code == 403
    assert client(read_only.base, "ASK { <urn:a> ?p ?o }").queryAndConvert()["boolean"] is False


def test_oversized_answers_are_refused_not_truncated(read_only):
    with pytest.raises((SPARQLWrapperException, urllib.error.HTTPError)) as refused:
        client(read_only.base, "SELECT * WHERE { ?s ?p ?o }").queryAndConvert()
    assert "more than 1000 rows" in str(refused.value)


def test_slow_queries_are_cut_off(read_only):
    heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    url = f"{read_only.base}/query?" + urllib.parse.urlencode({"query": heavy})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(url, timeout=30)
    assert refused.value.code == 503 and b"timed out after 2 s" in refused.value.read()


def _tree_cpu_seconds(pid: int) -> float:
    """CPU time used so far by a process and all its descendants (from /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    stats = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            stats[int(entry.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / ticks)
    tree, grew = {pid}, True
    while grew:
        grew = False
        for child, (parent, _) in stats.items():
            if parent in tree and child not in tree:
                tree.add(child)
                grew = True
    return sum(stats[p][1] for p in tree if p in stats)


def test_a_timed_out_query_stops_using_the_processor(read_only):
    heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    url = f"{read_only.base}/query?" + urllib.parse.urlencode({"query": heavy})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(url, timeout=30)
    assert refused.value.code == 503
    before = _tree_cpu_seconds(read_only.process.pid)
    time.sleep(3)
    assert _tree_cpu_seconds(read_only.process.pid) - before < 1.0, "the query went on running"
    assert client(read_only.base, "ASK { ?s ?p ?o }").queryAndConvert()["boolean"] is True


def test_bad_queries_get_400_with_the_reason(read_only):
    url = f"{read_only.base}/query?" + urllib.parse.urlencode({"query": "SELECT ?x WHERE { ?x"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(url, timeout=10)
    assert refused.value.code == 400 and refused.value.read().startswith(b"invalid SPARQL")


def test_allow_update_accepts_updates_and_kg_ingest_through_it(tmp_path, run_kg):
    path = tmp_path / "store"
    with open_store(path):
        pass
    served = Served(path, "--allow-update")
    try:
        assert "(read-write)" in served.banner
        sparql = client(served.base, "INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> <urn:c> } }")
        sparql.setMethod(POST)
        sparql.setRequestMethod(POSTDIRECTLY)
        sparql.query()
        assert eventually(lambda: client(served.base, "ASK { <urn:a> <urn:b> <urn:c> }").queryAndConvert()["boolean"])
        options = ["--endpoint", f"{served.base}/query", "--update-endpoint", f"{served.base}/update",
                   "--graph-store", f"{served.base}/store"]
        code, out, err = run_kg("ingest", str(asset_path("data", "articles")), *options)
        assert code == 0, err

        def people() -> set[str]:
            code, out, _ = run_kg("query", "office-holders", "-p", "municipality=Drammen", "-f", "json",
                                  "--endpoint", f"{served.base}/query")
            return {b["person"]["value"] for b in json.loads(out)["results"]["bindings"] if "person" in b}

        assert eventually(lambda: people() == {"Monica Myrvold Berg", "Elisabeth Enger"})
        code, out, err = run_kg("remove", "drammen-2020-ks-storbynettverk", *options)
        assert code == 0, err
    finally:
        served.stop()


@pytest.fixture
def under_load(built_store):
    served = Served(built_store, "--max-rows", "1000")  # the default timeout, 30 s
    yield served
    served.stop()


def test_fifty_clients_for_thirty_seconds_all_answered_correctly(under_load):
    """50 concurrent clients on loopback for 30 s: every answer is the right one or a deliberate
    refusal (the oversized and the malformed query), nothing else."""
    read_only = under_load
    from concurrent.futures import ThreadPoolExecutor

    from kg.query import bind, get_query

    def canned(name: str, **params) -> str:
        return bind(get_query(name), params)

    queries = [canned("office-holders", municipality="Drammen"), canned("counties", date="2021-06-01"),
               canned("municipality-by-number", number="0602", date="2019-06-01"),
               canned("network-members", network="KS storbynettverk"), MAYOR, COUNT]

    def ask(text: str) -> tuple[int, bytes]:
        url = f"{read_only.base}/query"
        request = urllib.request.Request(url, data=urllib.parse.urlencode({"query": text}).encode(),
                                         headers={"Accept": "application/sparql-results+json"})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    expected = {text: ask(text) for text in queries}
    assert all(status == 200 for status, _ in expected.values())
    refused = {"SELECT * WHERE { ?s ?p ?o }": (400, b"more than 1000 rows"), "SELECT ?x WHERE {": (400, b"invalid")}
    stop = time.monotonic() + 30
    counts = {"right": 0, "refused": 0}
    wrong: list = []
    lock = threading.Lock()

    def client(number: int) -> None:
        mix = queries + list(refused)
        turn = number
        while time.monotonic() < stop:
            text = mix[turn % len(mix)]
            turn += 1
            status, body = ask(text)
            with lock:
                if text in refused:
                    want_status, want_text = refused[text]
                    ok = status == want_status and want_text in body
                    counts["refused"] += ok
                else:
                    ok = status == 200 and _parsed(body) == _parsed(expected[text][1])
                    counts["right"] += ok
                if not ok:
                    wrong.append((text[:60], status, body[:200]))

    with ThreadPoolExecutor(max_workers=50) as pool:
        list(pool.map(client, range(50)))
    assert wrong == []
    assert counts["right"] > 200 and counts["refused"] > 20, counts


def _parsed(body: bytes):
    """SPARQL JSON results as a comparable value (row order of unordered queries may differ)."""
    document = json.loads(body)
    if "boolean" in document:
        return document["boolean"]
    return sorted(json.dumps(row, sort_keys=True) for row in document["results"]["bindings"])
