"""A SPARQL 1.1 server as the store: Fuseki, GraphDB, Virtuoso, QLever, ``oxigraph serve``, ``kg serve``.

Queries and updates go by the SPARQL 1.1 Protocol (SPARQLWrapper); whole graphs go by the Graph
Store Protocol where the server offers it (``graph_store``), one ``PUT`` per graph, which servers
apply atomically; without it a graph is replaced by one update request (``DROP`` + ``INSERT DATA``).

The server must show the union of its named graphs as the default graph, as the embedded store
does (``oxigraph serve --union-default-graph``; Fuseki ``tdb2:unionDefaultGraph true``; GraphDB and
Virtuoso do so by default): :func:`open_remote` checks this.

Credentials come from the environment, never from the command line: ``KG_SPARQL_USER`` and
``KG_SPARQL_PASSWORD`` (HTTP Basic), or ``KG_SPARQL_TOKEN`` (``Authorization: Bearer``).

>>> RemoteStore("http://127.0.0.1:7878/query").read_only
True
"""

from __future__ import annotations

import base64
import os
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from typing import TypeVar

import pyoxigraph as ox

from kg.errors import QuerySyntaxError, StoreError
from kg.store import Store, graph_iri, one_line

T = TypeVar("T")

USER_AGENT = "kommunegraf/0.1 (https://w3id.org/kommunegraf; knowledge graph of Norwegian municipal governance)"

#: Media types asked for, and how to read each answer.
_RESULTS = {"application/sparql-results+json": ox.QueryResultsFormat.JSON,
            "application/sparql-results+xml": ox.QueryResultsFormat.XML,
            "text/tab-separated-values": ox.QueryResultsFormat.TSV}
_GRAPHS = {"application/n-triples": ox.RdfFormat.N_TRIPLES, "text/turtle": ox.RdfFormat.TURTLE,
           "application/rdf+xml": ox.RdfFormat.RDF_XML, "application/n-quads": ox.RdfFormat.N_QUADS}
_ACCEPT_RESULTS = "application/sparql-results+json, application/sparql-results+xml;q=0.8, text/tab-separated-values;q=0.5"
_ACCEPT_GRAPH = "application/n-triples, text/turtle;q=0.8, application/rdf+xml;q=0.5"

#: HTTP statuses worth another try: the server is overloaded or restarting.
_TRANSIENT = {429, 502, 503, 504}


def credentials_header() -> dict[str, str]:
    """The ``Authorization`` header from ``KG_SPARQL_TOKEN`` or ``KG_SPARQL_USER``/``KG_SPARQL_PASSWORD``."""
    token = os.environ.get("KG_SPARQL_TOKEN")
    if token:
        return {"Authorization": f"Bearer {token}"}
    user = os.environ.get("KG_SPARQL_USER")
    if user:
        secret = f"{user}:{os.environ.get('KG_SPARQL_PASSWORD', '')}".encode()
        return {"Authorization": "Basic " + base64.b64encode(secret).decode("ascii")}
    return {}


def with_retries(call: Callable[[], T], what: str, attempts: int = 4, pause: float = 1.0) -> T:
    """Run ``call``, retrying with doubling pauses when the server is overloaded or unreachable for
    a moment (HTTP 429/502/503/504, a reset connection); honours ``Retry-After``."""
    for attempt in range(1, attempts + 1):
        try:
            return call()
        except urllib.error.HTTPError as error:
            if error.code not in _TRANSIENT or attempt == attempts:
                raise
            wait = _retry_after(error) or pause
        except (ConnectionResetError, ConnectionAbortedError, socket.timeout, TimeoutError):
            if attempt == attempts:
                raise
            wait = pause
        time.sleep(wait)
        pause *= 2
    raise AssertionError(f"unreachable: {what}")


def _retry_after(error: urllib.error.HTTPError) -> float | None:
    value = error.headers.get("Retry-After") if error.headers else None
    return float(value) if value and value.isdigit() else None


class RemoteStore(Store):
    """The store behind a SPARQL endpoint; writable when an update or graph store endpoint is given."""

    def __init__(self, endpoint: str, update_endpoint: str | None = None, graph_store: str | None = None,
                 *, timeout: float = 300.0, read_only: bool = False):
        self.endpoint = endpoint
        self.update_endpoint = update_endpoint
        self.graph_store = graph_store
        self.timeout = timeout
        self.location = endpoint
        self.read_only = read_only or not (update_endpoint or graph_store)
        self.check_union = False  # set by open_remote: kommunegraf queries need the union default graph

    # -- SPARQL 1.1 Protocol --------------------------------------------------------------------

    def _client(self, sparql: str):
        from SPARQLWrapper import POST, POSTDIRECTLY, SPARQLWrapper

        client = SPARQLWrapper(self.endpoint, updateEndpoint=self.update_endpoint, agent=USER_AGENT)
        client.setTimeout(int(self.timeout))
        client.setMethod(POST)
        # the body is the SPARQL text itself, as every SPARQL 1.1 server accepts; kg serve refuses
        # form-encoded updates, which any web page could send
        client.setRequestMethod(POSTDIRECTLY)
        client.setOnlyConneg(True)  # no format=… parameter: some servers refuse unknown parameters
        for name, value in credentials_header().items():
            client.addCustomHttpHeader(name, value)
        client.setQuery(sparql)
        return client

    def query(self, sparql: str):
        if self.check_union:
            self._check_union()
        return self._query(sparql)

    def _check_union(self) -> None:
        """Refuse a server whose default graph leaves out the named graphs. Only a store that holds
        named graphs can tell, so an empty one is asked again at the next query."""
        if not bool(self._query("ASK { GRAPH ?g { ?s ?p ?o } }")):
            return
        self.check_union = False
        if not bool(self._query("ASK { ?s ?p ?o }")):
            raise StoreError(f"endpoint {self.endpoint} does not show its named graphs in the default graph; "
                             "start it with the union default graph (oxigraph serve --union-default-graph; "
                             "Fuseki: tdb2:unionDefaultGraph true)")

    def _query(self, sparql: str):
        client = self._client(sparql)
        graph = client.queryType in ("CONSTRUCT", "DESCRIBE")
        client.addCustomHttpHeader("Accept", _ACCEPT_GRAPH if graph else _ACCEPT_RESULTS)
        body, media = self._send(client, self.endpoint)
        if graph:
            fmt = _GRAPHS.get(media)
            if fmt is None:
                raise StoreError(f"endpoint {self.endpoint}: unexpected answer type {media!r} to a graph query")
            return [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(body, format=fmt)]
        fmt = _RESULTS.get(media)
        if fmt is None:
            raise StoreError(f"endpoint {self.endpoint}: unexpected answer type {media!r} to a query")
        try:
            return ox.parse_query_results(body, format=fmt)
        except SyntaxError as error:
            raise StoreError(f"endpoint {self.endpoint}: unreadable results ({one_line(error)})") from error

    def update(self, sparql: str) -> None:
        self._check_writable()
        if not self.update_endpoint:
            raise StoreError(f"store {self.location}: no update endpoint given (--update-endpoint)")
        client = self._client(sparql)
        if not client.isSparqlUpdateRequest():
            raise QuerySyntaxError("invalid SPARQL update: not an update operation")
        self._send(client, self.update_endpoint)

    def _send(self, client, url: str) -> tuple[bytes, str]:
        from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, SPARQLWrapperException

        def call():
            response = client.query().response
            media = (response.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            return response.read(), media

        try:
            return with_retries(call, url)
        except QueryBadFormed as error:
            raise QuerySyntaxError(f"invalid SPARQL (server {url} says: {_server_message(error)})") from error
        except SPARQLWrapperException as error:
            raise StoreError(f"endpoint {url}: {_server_message(error)}") from error
        except urllib.error.HTTPError as error:
            raise StoreError(f"endpoint {url}: HTTP {error.code} {error.reason}") from error
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise StoreError(f"endpoint {url}: cannot connect ({reason})") from error

    # -- Graph Store Protocol -------------------------------------------------------------------

    def replace_graph(self, graph: str, ntriples: str) -> None:
        self._check_writable()
        if not self.graph_store:
            return super().replace_graph(graph, ntriples)
        self._graph_request("PUT", graph, ntriples.encode("utf-8"))

    def remove_graph(self, graph: str) -> None:
        self._check_writable()
        if not self.graph_store:
            return super().remove_graph(graph)
        self._graph_request("DELETE", graph, None, missing_ok=True)

    def _graph_request(self, method: str, graph: str, body: bytes | None, missing_ok: bool = False) -> None:
        graph_iri(graph)  # refuse a malformed name before sending it anywhere
        separator = "&" if "?" in self.graph_store else "?"
        url = f"{self.graph_store}{separator}{urllib.parse.urlencode({'graph': graph})}"
        headers = {"User-Agent": USER_AGENT, **credentials_header()}
        if body is not None:
            headers["Content-Type"] = "application/n-triples; charset=utf-8"
        request = urllib.request.Request(url, data=body, method=method, headers=headers)

        def call() -> None:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                response.read()

        try:
            with_retries(call, url)
        except urllib.error.HTTPError as error:
            if missing_ok and error.code == 404:
                return
            detail = error.read(300).decode("utf-8", "replace").strip()
            raise StoreError(f"graph store {self.graph_store}: {method} {graph} gave HTTP {error.code} "
                             f"{error.reason}{': ' + one_line(detail) if detail else ''}") from error
        except (urllib.error.URLError, OSError) as error:
            raise StoreError(f"graph store {self.graph_store}: cannot connect "
                             f"({getattr(error, 'reason', error)})") from error


def _server_message(error: Exception) -> str:
    """SPARQLWrapper's message with its boilerplate removed, keeping what the server said."""
    text = str(error)
    said = re.search(r"Response:\s*(?:b['\"])?(.*)", text, re.DOTALL)
    text = said.group(1).rstrip("'\"") if said else text
    return one_line(text.replace("\\n", " "))


def open_remote(endpoint: str | None, update_endpoint: str | None = None, graph_store: str | None = None,
                *, read_only: bool = False, bootstrap: bool = True) -> RemoteStore:
    """Connect to a SPARQL server as a kommunegraf store, bootstrapping it when writable; its
    queries check that it shows the union of its named graphs by default."""
    if not endpoint:
        raise StoreError("a remote store needs --endpoint URL (the SPARQL query endpoint)")
    for url in (endpoint, update_endpoint, graph_store):
        if url and not re.match(r"^https?://[^\s]+$", url):
            raise StoreError(f"{url!r} is not an http(s) URL")
    store = RemoteStore(endpoint, update_endpoint, graph_store, read_only=read_only)
    if store.read_only and not read_only:
        raise StoreError(f"store {endpoint} is read-only: give --update-endpoint (and --graph-store) to write to it")
    store.check_union = True
    if bootstrap and not store.read_only:
        from kg.builder import ensure_reference

        ensure_reference(store)
    return store
