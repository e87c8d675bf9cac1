"""kommunegraf on a real SPARQL 1.1 server: a fixture starts ``oxigraph serve`` on 127.0.0.1.

The acceptance test: ingesting data/articles/ into a fresh server and into the embedded store gives
the same rows for every canned query.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from kg.assets import asset_path
from kg.query import list_queries, run_query
from kg.remote import RemoteStore, credentials_header
from kg.store import open_store

ARTICLES = str(asset_path("data", "articles"))

#: Values for every canned query, chosen so that each returns rows from the sample article.
PARAMS = {
    "conflicts": {},
    "counties": {"date": "2020-11-19"},
    "fact-sources": {"entity": "Drammen"},
    "identifiers": {"date": "2020-11-19"},
    "meetings": {},
    "memberships": {"municipality": "Drammen"},
    "municipalities": {"date": "2020-11-19"},
    "municipality-by-number": {"number": "0602", "date": "2019-06-01"},
    "municipality-history": {"municipality": "Drammen"},
    "network-members": {"network": "KS storbynettverk"},
    "office-holders": {"municipality": "Drammen"},
    "person-posts": {"person": "Monica Myrvold Berg"},
}


@pytest.fixture
def server(oxigraph_server):
    oxigraph_server.clear()
    return oxigraph_server


def records(result) -> list[tuple]:
    """Rows as sorted tuples of strings: GROUP_CONCAT and unordered rows may differ in order."""
    return sorted(tuple("" if term is None else str(term) for term in row) for row in result.rows)


def test_every_canned_query_has_parameters_here():
    assert set(PARAMS) == {query.name for query in list_queries()}


def test_server_and_embedded_store_answer_every_canned_query_alike(server, run_kg, tmp_path):
    code, out, err = run_kg("ingest", ARTICLES, *server.options())
    assert code == 0, err
    code, _, err = run_kg("ingest", ARTICLES, "--store", str(tmp_path / "embedded"))
    assert code == 0, err
    remote = RemoteStore(server.query_url)
    with open_store(tmp_path / "embedded") as embedded:
        for query in list_queries():
            here = run_query(embedded, query.name, PARAMS[query.name])
            there = run_query(remote, query.name, PARAMS[query.name])
            assert here.variables == there.variables, query.name
            assert records(here) == records(there), query.name
            if query.name != "conflicts":  # nothing to conflict with before kg link wikidata
                assert here.rows, f"{query.name} returned nothing: the comparison proves little"


def test_stats_validate_analyse_export_and_remove_on_a_server(server, run_kg, tmp_path):
    assert run_kg("ingest", ARTICLES, *server.options())[0] == 0
    code, out, _ = run_kg("stats", "--endpoint", server.query_url, "-f", "json")
    assert code == 0 and json.loads(out)["triples"] > 18000
    code, out, err = run_kg("validate", "--endpoint", server.query_url)
    assert code == 0, out + err
    code, out, _ = run_kg("analyse", "path", "Drammen", "Tromsø", "--endpoint", server.query_url, "-f", "json")
    assert code == 0 and "KS storbynettverk" in out
    target = tmp_path / "graph.json"
    code, out, _ = run_kg("export", "-f", "json", "-o", str(target), "--endpoint", server.query_url)
    assert code == 0 and target.exists()
    code, out, err = run_kg("remove", "drammen-2020-ks-storbynettverk", *server.options())
    assert (code, out.strip()) == (0, "removed 1 article"), err
    code, out, _ = run_kg("query", "office-holders", "-p", "municipality=Drammen", "-f", "json",
                          "--endpoint", server.query_url)
    assert json.loads(out)["results"]["bindings"] == []


def test_without_graph_store_whole_graphs_go_by_update(server, run_kg):
    code, _, err = run_kg("ingest", ARTICLES, *server.options(graph_store=False))
    assert code == 0, err
    with_updates = run_query(RemoteStore(server.query_url), "office-holders", {"municipality": "Drammen"})
    server.clear()
    assert run_kg("ingest", ARTICLES, *server.options())[0] == 0
    with_puts = run_query(RemoteStore(server.query_url), "office-holders", {"municipality": "Drammen"})
    assert records(with_updates) == records(with_puts) and with_puts.rows


def test_ingesting_twice_into_a_server_changes_nothing(server, run_kg):
    assert run_kg("ingest", ARTICLES, *server.options())[0] == 0
    everything = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
    first = set(RemoteStore(server.query_url).query(everything))
    assert run_kg("ingest", ARTICLES, *server.options())[0] == 0
    assert set(RemoteStore(server.query_url).query(everything)) == first and len(first) > 18000


def test_a_read_only_remote_store_refuses_writes(server, run_kg):
    code, _, err = run_kg("remove", "anything", "--endpoint", server.query_url)
    assert code == 3 and err.startswith("kg: error: store ") and "read-only" in err


def test_invalid_sparql_on_a_server_is_one_line_with_the_servers_reason(server, run_kg):
    assert run_kg("build", *server.options())[0] == 0
    code, _, err = run_kg("query", "--endpoint", server.query_url, stdin="SELECT ?x WHERE { ?x ")
    assert code == 2 and err.startswith("kg: error: invalid SPARQL") and err.count("\n") == 1


def test_an_unreachable_server_is_one_line_and_exit_3(run_kg):
    code, _, err = run_kg("stats", "--endpoint", "http://127.0.0.1:9/query")
    assert code == 3 and "cannot connect" in err and err.count("\n") == 1


def test_a_server_without_the_union_default_graph_is_refused(tmp_path, run_kg):
    from conftest import OxigraphServer

    plain = OxigraphServer(tmp_path / "plain", union=False)
    try:
        code, _, err = run_kg("build", *plain.options())
        assert code == 3 and "--union-default-graph" in err
    finally:
        plain.stop()


class _Recorder(BaseHTTPRequestHandler):
    """A stand-in endpoint that records the headers it gets and answers an empty result."""

    seen: list = []

    def do_POST(self):
        type(self).seen.append(dict(self.headers))
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        body = b'{"head":{"vars":["x"]},"results":{"bindings":[]}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_credentials_come_from_the_environment_and_are_sent(monkeypatch):
    recorder = HTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=recorder.serve_forever, daemon=True).start()
    try:
        monkeypatch.setenv("KG_SPARQL_USER", "kari")
        monkeypatch.setenv("KG_SPARQL_PASSWORD", "hemmelig")
        url = f"http://127.0.0.1:{recorder.server_address[1]}/sparql"
        assert list(RemoteStore(url).query("SELECT ?x WHERE { ?x ?p ?o }")) == []
        assert _Recorder.seen[-1]["Authorization"] == "Basic a2FyaTpoZW1tZWxpZw=="
        assert _Recorder.seen[-1]["User-Agent"].startswith("kommunegraf/")
        monkeypatch.setenv("KG_SPARQL_TOKEN", "t0ken")
        assert credentials_header() == {"Authorization": "Bearer t0ken"}
        RemoteStore(url).query("SELECT ?x WHERE { ?x ?p ?o }")
        assert _Recorder.seen[-1]["Authorization"] == "Bearer t0ken"
    finally:
        recorder.shutdown()


def test_credentials_are_not_command_line_options(run_kg):
    code, out, _ = run_kg("ingest", "--help")
    assert code == 0 and "--password" not in out and "--user" not in out and "KG_SPARQL_PASSWORD" in out
