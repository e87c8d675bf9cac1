"""The HTTP side of ``kg serve``: routes, who may write, and the bounds of each connection.

Routes (the layout of ``oxigraph serve``, so the remote-store options of every ``kg`` command work
against it)::

    GET/POST /query    SPARQL 1.1 Query (also /sparql)
    POST     /update   SPARQL 1.1 Update            only with allow_update
    GET      /store    Graph Store Protocol: ?graph=IRI or ?default (the union of all graphs)
    PUT/POST/DELETE /store                          only with allow_update

What a request may do is in :class:`Policy`; what it may cost in :class:`~kg.serve.limits.Limits`.
Requests naming a host other than this machine (``Host: attacker.example``: DNS rebinding) are
refused. Writes are refused from web pages of other origins (``Origin``, ``Sec-Fetch-Site``), as
form-encoded updates (which a page can send without asking), and without the token when one is set.
"""

from __future__ import annotations

import hmac
import ipaddress
import socket
import threading
import urllib.parse
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from kg import outbound
from kg.errors import InputError, KgError
from kg.query import is_update
from kg.serve.limits import MIB, Limits, RequestError, busy
from kg.serve.workers import GRAPH_TYPES, ProcessPool, ThreadPool, negotiate
from kg.serve.process import Child
from kg.serve.writer import VIEWS, MemoryWriter, ProcessWriter, graph_name
from kg.store import MEMORY, EmbeddedStore, Store, open_store, open_store_for_reading
from kg.terminal import printable

#: Host names always taken as this machine (IP literals are too: DNS rebinding needs a name).
LOCAL_NAMES = ("localhost", "localhost.localdomain")
#: The CSV written for a browser that opens a query URL: cells a spreadsheet would run are
#: neutralised (kg.output); every other client gets SPARQL 1.1 CSV exactly.
DOWNLOAD_CSV, EXACT_CSV = "csv", "csv-raw"
#: ``?format=`` values, for links (which cannot set ``Accept``).
FORMAT_PARAMETER = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                    "csv": "text/csv", "tsv": "text/tab-separated-values", "turtle": "text/turtle",
                    "ntriples": "application/n-triples"}


@dataclass(frozen=True)
class Policy:
    """What requests may do."""

    allow_update: bool = False  # accept /update and Graph Store writes
    cors: bool = False  # let pages on other origins read answers (never write)
    allowed_hosts: tuple[str, ...] = ()  # names besides localhost and IP literals clients may use in Host
    token: str | None = None  # if set, writes need "Authorization: Bearer TOKEN"
    allow_service: tuple[str, ...] = ()  # hosts SERVICE and LOAD may contact
    allow_form_updates: bool = False  # accept updates sent as an HTML form would (update=…)


class Endpoint:
    """Evaluates protocol requests against one store within :class:`Policy` and :class:`Limits`."""

    def __init__(self, store: Store | str, policy: Policy = Policy(), limits: Limits = Limits()):
        self.policy, self.limits = policy, limits
        offline = not policy.allow_service
        if isinstance(store, Store):
            self.location = store.location
            self.pool = ThreadPool(store, limits)
            self.writer = MemoryWriter(store, limits) if policy.allow_update else None
        elif policy.allow_update:
            # the writer makes the first snapshot before the workers look for it
            self.location = str(store)
            generation = Child._context.Value("l", 0)
            self.writer = ProcessWriter(self.location, limits, generation, offline=offline)
            self.writer.wait_for_snapshot()
            self.pool = ProcessPool(self.location, limits, offline=offline, generation=generation,
                                    snapshots=str(Path(self.location) / VIEWS))
        else:
            self.location = str(store)
            self.pool = ProcessPool(self.location, limits, offline=offline)
            self.writer = None

    def query(self, text: str, accept: str | None, csv: str = "csv") -> tuple[str, bytes]:
        """Evaluate a query; returns (media type, body)."""
        if is_update(text):
            raise RequestError(HTTPStatus.BAD_REQUEST, "this is an update: send it to /update")
        self._check_outbound(text)
        return self.pool.answer(text, accept, csv)

    def update(self, text: str) -> None:
        self._check_outbound(text)
        self._write(("update", text))

    def graph(self, graph: str | None, accept: str | None) -> tuple[str, bytes]:
        """GSP GET: one named graph, or (``graph`` None) the union of all."""
        where = f"GRAPH {graph_name(graph)} {{ ?s ?p ?o }}" if graph else "?s ?p ?o"
        return self.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {where} }}", negotiate(accept, GRAPH_TYPES))

    def put_graph(self, graph: str, body: bytes, media: str, replace: bool) -> None:
        """GSP PUT (replace) or POST (add to) a named graph, atomically."""
        graph_name(graph)
        self._write(("put", graph, body, media, replace))

    def delete_graph(self, graph: str) -> bool:
        graph_name(graph)
        return self._write(("delete", graph))

    def require_update(self) -> None:
        if self.writer is None:
            raise RequestError(HTTPStatus.FORBIDDEN, "this endpoint is read-only (start kg serve with --allow-update)")

    def _write(self, request: tuple):
        self.require_update()
        return self.writer.call(request)

    def _check_outbound(self, text: str) -> None:
        try:
            outbound.check(text, self.policy.allow_service)
        except KgError as error:
            raise RequestError(HTTPStatus.FORBIDDEN, str(error)) from error

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.pool.close()


def _host_name(header: str) -> str:
    """The host part of a ``Host`` header: ``[::1]:7878`` → ``::1``, ``Example.org:80`` → ``example.org``."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:header.find("]")] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


class _Handler(BaseHTTPRequestHandler):
    server_version = "kommunegraf"
    protocol_version = "HTTP/1.1"
    endpoint: Endpoint

    # -- the connection -------------------------------------------------------------------------

    def setup(self) -> None:
        self.timeout = self.server.endpoint.limits.idle_timeout  # socket timeout: idle and slow clients
        super().setup()

    def handle(self) -> None:
        try:
            super().handle()
        except (ConnectionError, TimeoutError, socket.timeout):
            pass  # the client went away or fell silent: nothing to answer

    def parse_request(self) -> bool:
        words = self.raw_requestline.split()
        if len(words) == 2:  # "GET /path": HTTP/0.9, which has no headers and no status line
            self.command, self.request_version, self.close_connection = "GET", "HTTP/1.0", True
            self.requestline = self.raw_requestline.decode("iso-8859-1").rstrip("\r\n")
            self.send_error(HTTPStatus.HTTP_VERSION_NOT_SUPPORTED, "HTTP/0.9 is not supported")
            return False
        if not super().parse_request():
            return False
        self._body_pending = bool(self.headers.get("Transfer-Encoding")) or (
            self.headers.get("Content-Length", "0").strip() not in ("", "0"))
        return True

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (the base class's name)
        if self.server.log is not None:
            self.server.log(printable(f"{self.address_string()} {format % args}", 500))

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
        self._dispatch("OPTIONS")

    def _dispatch(self, method: str) -> None:
        url = urllib.parse.urlsplit(self.path)
        params = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        try:
            self._check_host()
            if method == "OPTIONS":
                self._reply(HTTPStatus.NO_CONTENT, "text/plain", b"")
                return
            route = {"/query": self._query, "/sparql": self._query, "/update": self._update,
                     "/store": self._store, "/": self._about}.get(url.path.rstrip("/") or "/")
            if route is None:
                raise RequestError(HTTPStatus.NOT_FOUND, f"no such route {printable(url.path, 100)}; "
                                   "try /query, /update or /store")
            route(method, params)
        except RequestError as error:
            self._refuse(error)
        except KgError as error:
            self._refuse(RequestError(HTTPStatus.INTERNAL_SERVER_ERROR, str(error)))
        except (ConnectionError, TimeoutError, socket.timeout):
            self.close_connection = True
        except Exception as error:  # noqa: BLE001 (a bug must cost one request, not the server)
            self.log_message("error: %s: %s", type(error).__name__, error)
            self._refuse(RequestError(HTTPStatus.INTERNAL_SERVER_ERROR, "internal error; see the server log"))

    # -- who may do what ------------------------------------------------------------------------

    def _check_host(self) -> None:
        header = self.headers.get("Host")
        if header is None:
            return  # HTTP/1.0 clients; browsers always send Host
        name = _host_name(header)
        allowed = {*LOCAL_NAMES, *(host.lower() for host in self.server.endpoint.policy.allowed_hosts)}
        if name not in allowed and not _is_ip(name):
            raise RequestError(HTTPStatus.MISDIRECTED_REQUEST,
                               f"this server does not answer for host {printable(name, 100)!r} "
                               "(kg serve --allow-host NAME adds a name)")

    def _check_writer(self) -> None:
        """Writes come from this origin (or from no browser at all), with the token if one is set."""
        self.endpoint.require_update()
        policy = self.endpoint.policy
        origin = self.headers.get("Origin")
        own = f"http://{(self.headers.get('Host') or '').strip().lower()}"
        if origin is not None and origin.strip().lower() != own:
            raise RequestError(HTTPStatus.FORBIDDEN, f"writes from another origin ({printable(origin, 100)}) "
                               "are refused")
        if (self.headers.get("Sec-Fetch-Site") or "none").strip().lower() not in ("same-origin", "none"):
            raise RequestError(HTTPStatus.FORBIDDEN, "writes from another site are refused")
        if policy.token is not None:
            given = self.headers.get("Authorization") or ""
            if not hmac.compare_digest(given.encode(), f"Bearer {policy.token}".encode()):
                raise RequestError(HTTPStatus.UNAUTHORIZED, "writes need the server's token "
                                   "(Authorization: Bearer …; kg commands send $KG_SPARQL_TOKEN)")

    # -- routes ---------------------------------------------------------------------------------

    def _query(self, method: str, params: dict) -> None:
        text = self._operation(method, params, "query", "application/sparql-query")
        if any(key in params for key in ("default-graph-uri", "named-graph-uri")):
            raise RequestError(HTTPStatus.BAD_REQUEST, "default-graph-uri / named-graph-uri are not supported: "
                               "queries see the union of all graphs; use GRAPH or FROM in the query")
        accept = self.headers.get("Accept")
        if "format" in params:  # ?format=csv: what a link in a web page can ask for, having no Accept
            accept = FORMAT_PARAMETER.get(params["format"][0].lower())
            if accept is None:
                raise RequestError(HTTPStatus.BAD_REQUEST, f"format= takes {', '.join(FORMAT_PARAMETER)}")
        # A browser that opens a query URL saves the CSV for a spreadsheet; programs get W3C CSV.
        download = (self.headers.get("Sec-Fetch-Mode") or "").lower() == "navigate"
        media, body = self.endpoint.query(text, accept, DOWNLOAD_CSV if download else EXACT_CSV)
        extra = {"Content-Disposition": 'attachment; filename="results.csv"'} if download and media == "text/csv" else {}
        self._reply(HTTPStatus.OK, media + ("; charset=utf-8" if media.startswith("text/") else ""), body, extra)

    def _update(self, method: str, params: dict) -> None:
        if method != "POST":
            raise RequestError(HTTPStatus.METHOD_NOT_ALLOWED, "send updates with POST")
        self._check_writer()
        media = self._media()
        if media == "application/x-www-form-urlencoded" and not self.endpoint.policy.allow_form_updates:
            raise RequestError(HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                               "send updates as application/sparql-update (form-encoded updates are refused: "
                               "any web page can send one; kg serve --allow-form-updates accepts them)")
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
        self._check_writer()
        if method == "DELETE":
            found = self.endpoint.delete_graph(graph)
            self._reply(HTTPStatus.NO_CONTENT if found else HTTPStatus.NOT_FOUND, "text/plain", b"")
            return
        if method not in ("PUT", "POST"):
            raise RequestError(HTTPStatus.METHOD_NOT_ALLOWED, "use GET, PUT, POST or DELETE on /store")
        self.endpoint.put_graph(graph, self._body(), self._media(), replace=method == "PUT")
        self._reply(HTTPStatus.NO_CONTENT, "text/plain", b"")

    def _about(self, method: str, params: dict) -> None:
        if "query" in params or method == "POST":
            self._query(method, params)
            return
        mode = "read-write" if self.endpoint.policy.allow_update else "read-only"
        text = (f"kommunegraf SPARQL 1.1 endpoint ({mode})\n"
                "  /query   SPARQL 1.1 Query (GET ?query= or POST)\n"
                "  /update  SPARQL 1.1 Update (POST application/sparql-update)\n"
                "  /store   Graph Store Protocol (?graph=IRI or ?default)\n")
        self._reply(HTTPStatus.OK, "text/plain; charset=utf-8", text.encode())

    # -- plumbing -------------------------------------------------------------------------------

    def _media(self) -> str:
        return (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()

    def _operation(self, method: str, params: dict, name: str, direct_type: str) -> str:
        if method == "GET":
            values = params.get(name)
        elif method == "POST":
            media = self._media()
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
        limits = self.endpoint.limits
        if self.headers.get("Transfer-Encoding"):
            raise RequestError(HTTPStatus.LENGTH_REQUIRED, "send a Content-Length (chunked bodies are not accepted)")
        raw = (self.headers.get("Content-Length") or "0").strip()
        if not raw.isdigit() or not raw.isascii():
            raise RequestError(HTTPStatus.BAD_REQUEST, f"bad Content-Length {printable(raw, 40)!r}")
        length = int(raw)
        if length > limits.max_body:
            raise RequestError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                               f"bodies are limited to {limits.max_body // MIB} MiB (kg serve --max-body-mb)")
        large = length > MIB
        if large and not self.server.large_bodies.acquire(timeout=limits.queue_wait):
            raise busy("large requests")
        try:
            chunks, left = [], length
            while left:
                chunk = self.rfile.read(min(left, MIB))
                if not chunk:
                    raise ConnectionError("the client sent less than its Content-Length")
                chunks.append(chunk)
                left -= len(chunk)
        finally:
            if large:
                self.server.large_bodies.release()
        self._body_pending = False
        return b"".join(chunks)

    def _refuse(self, error: RequestError) -> None:
        extra = {"Retry-After": str(error.retry_after)} if error.retry_after else {}
        self._reply(error.status, "text/plain; charset=utf-8", (str(error) + "\n").encode(), extra)

    def _reply(self, status: HTTPStatus, media: str, body: bytes, extra: dict | None = None) -> None:
        if getattr(self, "_body_pending", False):
            # the body was not read: what is left of it must not be taken for the next request
            self.close_connection = True
        self.send_response(status)
        self.send_header("Content-Type", media)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        if self.endpoint.policy.cors:  # reads only: writes from other origins are refused above
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
            self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


_FULL = (b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
         b"Retry-After: 1\r\nConnection: close\r\nContent-Length: 38\r\n\r\n"
         b"too many connections; try again later\n")


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # the default backlog of 5 drops connections from a burst of clients
    log = None
    endpoint: Endpoint

    def setup_limits(self) -> None:
        limits = self.endpoint.limits
        self.large_bodies = threading.BoundedSemaphore(limits.max_large_bodies)
        self._connections = threading.BoundedSemaphore(limits.max_connections)

    def process_request(self, request, client_address) -> None:
        if not self._connections.acquire(blocking=False):
            try:
                request.sendall(_FULL)
            except OSError:
                pass
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def process_request_thread(self, request, client_address) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._connections.release()

    def handle_error(self, request, client_address) -> None:
        # one line, never a traceback: a client that misbehaves must not flood the log
        import sys

        error = sys.exc_info()[1]
        if self.log is not None and not isinstance(error, (ConnectionError, TimeoutError)):
            self.log(printable(f"{client_address[0]} error: {type(error).__name__}: {error}", 500))

    def server_close(self) -> None:
        super().server_close()
        if getattr(self, "endpoint", None) is not None:
            self.endpoint.close()


def _prepare(location: str, writable: bool) -> Store | str:
    """Open the store folder once, so that a fresh one is bootstrapped and a busy one (when
    ``writable``) refused before the server starts; then let it go for the server's processes."""
    if location == MEMORY:
        return open_store(location)
    opened = open_store(location) if writable else open_store_for_reading(location, prefer_read_only=True)
    location = opened.location
    opened.close()
    return location


def make_server(store: Store | str, host: str = "127.0.0.1", port: int = 7878, *, policy: Policy = Policy(),
                limits: Limits = Limits(), log=None) -> Server:
    """A server for ``store`` on ``host:port`` (port 0: any free port); run it with ``serve_forever()``.

    ``store`` is a store folder, or an open :class:`~kg.store.Store`. A store on disk is handed over:
    the server closes the given one and evaluates in processes of its own, one of which holds the
    write lock when ``policy.allow_update``.

    >>> from kg.store import open_store
    >>> server = make_server(open_store(":memory:"), port=0)
    >>> server.server_address[0]
    '127.0.0.1'
    >>> server.server_close()
    """
    if isinstance(store, EmbeddedStore) and store.location != MEMORY:
        store.close()
        store = store.location
    if isinstance(store, str):
        store = _prepare(store, policy.allow_update)
    try:
        server = Server((host, port), _Handler, bind_and_activate=False)
        server.server_bind()
        server.server_activate()
    except OSError as error:
        server.server_close()
        raise InputError(f"cannot listen on {host}:{port} ({error.strerror or error})") from error
    endpoint = Endpoint(store, policy, limits)
    server.RequestHandlerClass = type("Handler", (_Handler,), {"endpoint": endpoint})
    server.endpoint, server.log = endpoint, log
    server.setup_limits()
    return server
