"""Serve a store as a SPARQL 1.1 Protocol endpoint (``kg serve``), for SPARQLWrapper, YASGUI or curl.

Routes (the layout of ``oxigraph serve``, so the remote-store options of every ``kg`` command work
against it)::

    GET/POST /query    SPARQL 1.1 Query (also /sparql)
    POST     /update   SPARQL 1.1 Update            only with allow_update
    GET      /store    Graph Store Protocol: ?graph=IRI or ?default (the union of all graphs)
    PUT/POST/DELETE /store                          only with allow_update

The default is safe: loopback only, read-only, each query cut off after ``timeout`` seconds (its
worker process killed: see :mod:`kg.query_workers`) and refused beyond ``max_rows`` rows (a client
is told, never handed a silently truncated answer), and at most ``max_concurrent`` queries evaluated
at once. Queries see the union of all named graphs.

>>> from kg.store import open_store
>>> server = make_server(open_store(":memory:"), port=0)
>>> server.server_address[0]
'127.0.0.1'
>>> server.server_close()
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pyoxigraph as ox

from kg.errors import InputError, KgError, QuerySyntaxError
from kg.query import is_update
from kg.query_workers import GRAPH_TYPES, RequestError, make_pool, negotiate
from kg.store import Store, graph_iri

#: Bodies larger than this are refused before they are read.
MAX_BODY = 256 * 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """What one request may cost."""

    timeout: float = 30.0  # seconds of evaluation per query
    max_rows: int = 100_000  # solutions or triples in one answer
    max_concurrent: int = 4  # queries evaluated at once; more wait up to ``timeout`` for a turn


class Endpoint:
    """Evaluates protocol requests against one store within :class:`Limits`."""

    def __init__(self, store: Store, allow_update: bool = False, limits: Limits = Limits()):
        self.store = store
        self.allow_update = allow_update
        self.limits = limits
        self.pool = make_pool(store, timeout=limits.timeout, max_rows=limits.max_rows,
                              workers=limits.max_concurrent)

    def query(self, text: str, accept: str | None) -> tuple[str, bytes]:
        """Evaluate a query; returns (media type, body)."""
        if is_update(text):
            raise RequestError(HTTPStatus.BAD_REQUEST, "this is an update: send it to /update")
        return self.pool.answer(text, accept)

    def update(self, text: str) -> None:
        self._require_update()
        try:
            self.store.apply_update(text)
        except QuerySyntaxError as error:
            raise RequestError(HTTPStatus.BAD_REQUEST, str(error)) from error
        finally:
            self.pool.changed()

    def graph(self, graph: str | None, accept: str | None) -> tuple[str, bytes]:
        """GSP GET: one named graph, or (``graph`` None) the union of all."""
        where = f"GRAPH {_graph_name(graph)} {{ ?s ?p ?o }}" if graph else "?s ?p ?o"
        return self.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {where} }}", negotiate(accept, GRAPH_TYPES))

    def put_graph(self, graph: str, body: bytes, media: str, replace: bool) -> None:
        """GSP PUT (replace) or POST (add to) a named graph, atomically."""
        self._require_update()
        fmt = GRAPH_TYPES.get(media) or (ox.RdfFormat.N_TRIPLES if media in ("", "text/plain") else None)
        if fmt is None:
            raise RequestError(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, f"cannot read {media!r}; send N-Triples or Turtle")
        try:
            triples = [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(body, format=fmt)]
        except SyntaxError as error:
            raise RequestError(HTTPStatus.BAD_REQUEST, f"unreadable {media}: {error}") from error
        name = _graph_name(graph)
        data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8") if triples else ""
        try:
            if replace:
                self.store.replace_graph(graph, data)
            else:
                self.store.apply_update(f"INSERT DATA {{ GRAPH {name} {{\n{data}\n}} }}")
        finally:
            self.pool.changed()

    def delete_graph(self, graph: str) -> bool:
        self._require_update()
        if not self.store.has_graph(graph):
            return False
        try:
            self.store.remove_graph(graph)
        finally:
            self.pool.changed()
        return True

    def _require_update(self) -> None:
        if not self.allow_update:
            raise RequestError(HTTPStatus.FORBIDDEN, "this endpoint is read-only (start kg serve with --allow-update)")


def _graph_name(graph: str) -> str:
    try:
        return graph_iri(graph)
    except KgError as error:
        raise RequestError(HTTPStatus.BAD_REQUEST, str(error)) from error


class _Handler(BaseHTTPRequestHandler):
    server_version = "kommunegraf"
    protocol_version = "HTTP/1.1"
    endpoint: Endpoint
    cors: bool = False

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (the base class's name)
        if self.server.log is not None:
            self.server.log(f"{self.address_string()} {format % args}")

    # -- dispatch -------------------------------------------------------------------------------

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def do_PUT(self) -> None:
        self._dispatch("PUT")

    def do_DELETE(self) -> None:
        self._dispatch("DELETE")

    def do_OPTIONS(self) -> None:
        self._reply(HTTPStatus.NO_CONTENT, "text/plain", b"")

    def _dispatch(self, method: str) -> None:
        url = urllib.parse.urlsplit(self.path)
        params = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        try:
            route = {"/query": self._query, "/sparql": self._query, "/update": self._update,
                     "/store": self._store, "/": self._about}.get(url.path.rstrip("/") or "/")
            if route is None:
                raise RequestError(HTTPStatus.NOT_FOUND, f"no such route {url.path}; try /query, /update or /store")
            route(method, params)
        except RequestError as error:
            self._reply(error.status, "text/plain; charset=utf-8", (str(error) + "\n").encode())
        except KgError as error:
            self._reply(HTTPStatus.INTERNAL_SERVER_ERROR, "text/plain; charset=utf-8", (str(error) + "\n").encode())

    # -- routes ---------------------------------------------------------------------------------

    def _query(self, method: str, params: dict) -> None:
        text = self._operation(method, params, "query", "application/sparql-query")
        if any(key in params for key in ("default-graph-uri", "named-graph-uri")):
            raise RequestError(HTTPStatus.BAD_REQUEST, "default-graph-uri / named-graph-uri are not supported: "
                               "queries see the union of all graphs; use GRAPH or FROM in the query")
        media, body = self.endpoint.query(text, self.headers.get("Accept"))
        self._reply(HTTPStatus.OK, media + ("; charset=utf-8" if media.startswith("text/") else ""), body)

    def _update(self, method: str, params: dict) -> None:
        if method != "POST":
            raise RequestError(HTTPStatus.METHOD_NOT_ALLOWED, "send updates with POST")
        self.endpoint.update(self._operation(method, params, "update", "application/sparql-update"))
        self._reply(HTTPStatus.NO_CONTENT, "text/plain", b"")

    def _store(self, method: str, params: dict) -> None:
        graph = params.get("graph", [None])[0]
        if graph is None and "default" not in params:
            raise RequestError(HTTPStatus.BAD_REQUEST, "give ?graph=IRI or ?default")
        if method == "GET":
            media, body = self.endpoint.graph(graph, self.headers.get("Accept"))
            self._reply(HTTPStatus.OK, media, body)
            return
        if graph is None:
            raise RequestError(HTTPStatus.BAD_REQUEST, "the default graph is the union of all graphs: name a graph")
        if method == "DELETE":
            found = self.endpoint.delete_graph(graph)
            self._reply(HTTPStatus.NO_CONTENT if found else HTTPStatus.NOT_FOUND, "text/plain", b"")
            return
        media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        self.endpoint.put_graph(graph, self._body(), media, replace=method == "PUT")
        self._reply(HTTPStatus.NO_CONTENT, "text/plain", b"")

    def _about(self, method: str, params: dict) -> None:
        if "query" in params or method == "POST":
            self._query(method, params)
            return
        mode = "read-write" if self.endpoint.allow_update else "read-only"
        text = (f"kommunegraf SPARQL 1.1 endpoint ({mode}), store {self.endpoint.store.location}\n"
                "  /query   SPARQL 1.1 Query (GET ?query= or POST)\n"
                "  /update  SPARQL 1.1 Update (POST)\n"
                "  /store   Graph Store Protocol (?graph=IRI or ?default)\n")
        self._reply(HTTPStatus.OK, "text/plain; charset=utf-8", text.encode())

    # -- plumbing -------------------------------------------------------------------------------

    def _operation(self, method: str, params: dict, name: str, direct_type: str) -> str:
        if method == "GET":
            values = params.get(name)
        elif method == "POST":
            media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            body = self._body()
            if media == direct_type:
                values = [body.decode("utf-8", "replace")]
            elif media == "application/x-www-form-urlencoded":
                values = urllib.parse.parse_qs(body.decode("utf-8", "replace")).get(name)
            else:
                raise RequestError(HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                                   f"send {direct_type} or a form with {name}=")
        else:
            raise RequestError(HTTPStatus.METHOD_NOT_ALLOWED, f"use GET or POST for {name}")
        if not values or len(values) != 1 or not values[0].strip():
            raise RequestError(HTTPStatus.BAD_REQUEST, f"give exactly one {name}")
        return values[0]

    def _body(self) -> bytes:
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            raise RequestError(HTTPStatus.BAD_REQUEST, "bad Content-Length") from None
        if length > MAX_BODY:
            raise RequestError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"bodies are limited to {MAX_BODY} bytes")
        return self.rfile.read(length)

    def _reply(self, status: HTTPStatus, media: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", media)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        if self.cors:
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
            self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # the default backlog of 5 drops connections from a burst of clients
    log = None
    endpoint: Endpoint

    def server_close(self) -> None:
        super().server_close()
        if getattr(self, "endpoint", None) is not None:
            self.endpoint.pool.close()


def make_server(store: Store, host: str = "127.0.0.1", port: int = 7878, *, allow_update: bool = False,
                limits: Limits = Limits(), cors: bool = False, log=None) -> Server:
    """A server for ``store`` on ``host:port`` (port 0: any free port); run it with ``serve_forever()``."""
    try:
        server = Server((host, port), _Handler, bind_and_activate=False)
        server.server_bind()
        server.server_activate()
    except OSError as error:
        server.server_close()
        raise InputError(f"cannot listen on {host}:{port} ({error.strerror or error})") from error
    endpoint = Endpoint(store, allow_update, limits)
    server.RequestHandlerClass = type("Handler", (_Handler,), {"endpoint": endpoint, "cors": cors})
    server.endpoint, server.log = endpoint, log
    return server
