"""Evaluate queries within time, memory and size limits, for ``kg serve``.

Oxigraph cannot interrupt a query, so a time limit that only stops waiting would leave a runaway
query burning a core for as long as it runs. :class:`ProcessPool` therefore evaluates each query in
a worker process (a :class:`~kg.serve.process.Child`) with its own read-only view of the store,
killed and replaced when its time or memory is up.

A read-only view is a snapshot. Each worker opens a fresh one in the background whenever the store's
files change (our own writer's commits, or another process's), and keeps answering from the view it
has until the new one is open: a query never waits for a reopen, and sees a committed write within
about half a second. A store in memory cannot be shared with another process; :class:`ThreadPool`
evaluates in threads and stops a late query at its next row (a sort or aggregate runs to its end,
but its answer is thrown away).

>>> from kg.store import open_store
>>> pool = ThreadPool(open_store(":memory:"), Limits(max_rows=5, max_concurrent=1))
>>> media, body = pool.answer("ASK { ?s ?p ?o }", "text/csv")
>>> (media, body)
('text/csv', b'true')
"""

from __future__ import annotations

import os
import queue
import threading
import time
from http import HTTPStatus
from pathlib import Path

import pyoxigraph as ox

from kg.errors import KgError, QuerySyntaxError
from kg.output import format_result
from kg.query import QueryResult
from kg.serve.limits import Limits, RequestError, busy, timed_out, too_big
from kg.serve.process import Child, isolate_network
from kg.store import EmbeddedStore, Store, _open_read_only, one_line

#: Result media types: media type → (pyoxigraph's format, kg.output's format); the first is the default.
#: Served CSV and TSV are W3C-exact for programs (a browser's download asks for "csv": see kg.serve.http).
RESULT_TYPES = {
    "application/sparql-results+json": (ox.QueryResultsFormat.JSON, "json"),
    "application/json": (ox.QueryResultsFormat.JSON, "json"),
    "application/sparql-results+xml": (ox.QueryResultsFormat.XML, "xml"),
    "application/xml": (ox.QueryResultsFormat.XML, "xml"),
    "text/csv": (ox.QueryResultsFormat.CSV, "csv-raw"),
    "text/tab-separated-values": (ox.QueryResultsFormat.TSV, "tsv-raw"),
}
GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "application/trig": ox.RdfFormat.TRIG,
}

#: How often the server looks for changed store files, and the least time between two reopens of
#: one worker's view (each costs a few milliseconds to a tenth of a second of a core).
WATCH_STORE_EVERY = 0.1
REOPEN_AT_MOST_EVERY = 0.25


def negotiate(accept: str | None, offered: dict) -> str:
    """The media type of ``offered`` the ``Accept`` header prefers (its first key if none fits).

    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", RESULT_TYPES)
    'application/sparql-results+xml'
    """
    choices = []
    for position, part in enumerate((accept or "").split(",")):
        media, *params = [piece.strip() for piece in part.split(";")]
        quality = 1.0
        for param in params:
            if param.startswith("q="):
                try:
                    quality = float(param[2:])
                except ValueError:
                    quality = 0.0
        choices.append((-quality, position, media.lower()))
    for _, _, media in sorted(choices):
        if media in offered:
            return media
        if media in ("*/*", "application/*", "text/*"):
            return next(iter(offered)) if media == "*/*" else next(
                (m for m in offered if m.startswith(media[:-1])), next(iter(offered)))
    return next(iter(offered))


def answer(store: Store, text: str, accept: str | None, limits: Limits,
           cancelled: threading.Event | None = None, csv: str = "csv-raw") -> tuple[str, bytes]:
    """Evaluate a query and write its answer in the media type ``accept`` prefers, within the rows
    and bytes of ``limits``; ``csv`` names the output format used for ``text/csv``."""
    try:
        result = store.query(text)
    except QuerySyntaxError as error:
        raise RequestError(HTTPStatus.BAD_REQUEST, str(error)) from error
    if isinstance(result, ox.QueryBoolean):
        media = negotiate(accept, RESULT_TYPES)
        return media, result.serialize(format=RESULT_TYPES[media][0])
    if isinstance(result, ox.QuerySolutions):
        media = negotiate(accept, RESULT_TYPES)
        names = [variable.value for variable in result.variables]
        # read and counted before anything is written: an answer is refused, never cut short
        rows = [tuple(row[name] for name in names) for row in _bounded(result, limits, cancelled)]
        fmt = csv if media == "text/csv" else RESULT_TYPES[media][1]
        body = format_result(QueryResult("select", names, rows), fmt).encode("utf-8")
    else:
        media = negotiate(accept, GRAPH_TYPES)
        body = ox.serialize(_bounded(result, limits, cancelled), format=GRAPH_TYPES[media]) or b""
    if len(body) > limits.max_answer_bytes:
        raise too_big(limits.max_answer_bytes)
    return media, body


def _bounded(results, limits: Limits, cancelled: threading.Event | None) -> list:
    rows, size = [], 0
    for row in results:
        if cancelled is not None and cancelled.is_set():
            raise RequestError(HTTPStatus.SERVICE_UNAVAILABLE, "query cancelled")
        rows.append(row)
        if len(rows) > limits.max_rows:
            raise RequestError(HTTPStatus.BAD_REQUEST, f"the answer has more than {limits.max_rows} rows; add a LIMIT")
        size += sum(len(term.value) for term in row if term is not None and not isinstance(term, ox.Triple))
        if size > limits.max_answer_bytes:
            raise too_big(limits.max_answer_bytes)
    return rows


def evaluate(store: Store, request: tuple) -> tuple:
    """A worker's reply to ``(text, accept, limits, csv)``: ``("ok", (media, body))`` or a refusal."""
    text, accept, limits, csv = request
    try:
        return "ok", answer(store, text, accept, limits, csv=csv)
    except RequestError as error:
        return "refused", int(error.status), str(error)
    except KgError as error:
        return "refused", int(HTTPStatus.INTERNAL_SERVER_ERROR), str(error)
    except OSError as error:  # a SERVICE call the operator allowed failed
        return "refused", int(HTTPStatus.BAD_GATEWAY), f"the query failed while running: {one_line(error)}"
    except Exception as error:  # noqa: BLE001 (one bad query must not end the worker)
        return "refused", int(HTTPStatus.INTERNAL_SERVER_ERROR), f"the query failed: {one_line(error)}"


def refusal(reply: tuple) -> RequestError:
    return RequestError(HTTPStatus(reply[1]), reply[2])


class ThreadPool:
    """Queries in threads of this process, at most ``limits.max_concurrent`` at once."""

    def __init__(self, store: Store, limits: Limits):
        self.store, self.limits = store, limits
        self._turns = threading.BoundedSemaphore(limits.max_concurrent)

    def answer(self, text: str, accept: str | None, csv: str = "csv-raw") -> tuple[str, bytes]:
        if not self._turns.acquire(timeout=self.limits.queue_wait):
            raise busy()
        outcome: dict = {}
        cancelled = threading.Event()

        def work() -> None:
            try:
                outcome["reply"] = evaluate(self.store, (text, accept, self.limits, csv))
            finally:
                self._turns.release()  # only when the evaluation really ends

        thread = threading.Thread(target=work, daemon=True)
        thread.start()
        thread.join(self.limits.timeout)
        if thread.is_alive():
            cancelled.set()  # it stops at its next row, and holds its turn until then
            raise timed_out(self.limits.timeout)
        reply = outcome["reply"]
        if reply[0] == "ok":
            return reply[1]
        raise refusal(reply)

    def changed(self) -> None:
        """The store was written: threads share it, so nothing to do."""

    def close(self) -> None:
        pass


class _Views:
    """A worker's read-only view of the store, replaced in the background when ``generation`` moves.

    With ``snapshots``, generation N is the writer's snapshot ``snapshots/N``; without, the store
    folder itself, written by another process.
    """

    def __init__(self, path: str, generation, snapshots: str | None):
        self.path, self.generation, self.snapshots = path, generation, snapshots
        self.seen = generation.value
        self.current = self._open(self.seen)
        threading.Thread(target=self._refresh, daemon=True).start()

    def _open(self, number: int) -> EmbeddedStore:
        folder = Path(self.snapshots) / str(number) if self.snapshots else Path(self.path)
        return EmbeddedStore(_open_read_only(folder), self.path, read_only=True)

    def _refresh(self) -> None:
        while True:
            time.sleep(REOPEN_AT_MOST_EVERY)
            wanted = self.generation.value
            if wanted == self.seen:
                continue
            try:
                view = self._open(wanted)
            except KgError:
                continue  # a writer was switching files: try again at the next turn
            # Replacing the reference is atomic; a query still reading the old view keeps it alive.
            self.current, self.seen = view, wanted


def _query_worker(connection, path: str, generation, snapshots: str | None, offline: bool) -> None:
    """A worker process: answer requests from a read-only view of the store at ``path``."""
    if offline:
        isolate_network()  # before any thread starts: unshare refuses a threaded process
    views = _Views(path, generation, snapshots)
    while True:
        try:
            request = connection.recv()
        except (EOFError, OSError):
            return
        connection.send(evaluate(views.current, request))


def store_signature(path: str) -> tuple:
    """Names, sizes and times of the store's files: they change with every commit, by any process."""
    try:
        with os.scandir(path) as entries:
            return tuple(sorted((e.name, e.stat().st_size, e.stat().st_mtime_ns)
                                for e in entries if e.is_file()))
    except OSError:
        return ()


class ProcessPool:
    """Queries in ``limits.max_concurrent`` worker processes over the store folder ``path``.

    ``offline``: move the workers into a network namespace of their own (when no ``SERVICE`` host
    is allowed). ``snapshots``: the folder where our own writer puts the snapshots ``generation``
    numbers; without it the workers read the store folder and follow other processes' writes.
    """

    def __init__(self, path: str, limits: Limits, offline: bool = True, generation=None,
                 snapshots: str | None = None):
        self.path, self.limits = path, limits
        self._generation = generation if generation is not None else Child._context.Value("l", 0)
        # the worker used last is used next: its view's caches are warm, and while the writer makes
        # snapshots the workers left idle cost only their reopens (a FIFO turned every request
        # into the first on a cold view: reads during an ingest had p95 2.0-2.2x idle, now 1.9x)
        self._idle: queue.LifoQueue[Child] = queue.LifoQueue()
        self._all = [Child(_query_worker, path, self._generation, snapshots, offline)
                     for _ in range(limits.max_concurrent)]
        for worker in self._all:
            self._idle.put(worker)
        self._closed = threading.Event()
        if snapshots is None:
            threading.Thread(target=self._watch, daemon=True).start()

    def _watch(self) -> None:
        seen = store_signature(self.path)
        while not self._closed.wait(WATCH_STORE_EVERY):
            now = store_signature(self.path)
            if now != seen:
                seen = now
                self.changed()

    def answer(self, text: str, accept: str | None, csv: str = "csv-raw") -> tuple[str, bytes]:
        try:
            worker = self._idle.get(timeout=self.limits.queue_wait)
        except queue.Empty:
            raise busy() from None
        try:
            reply = worker.call((text, accept, self.limits, csv), self.limits.timeout, self.limits.max_memory)
        finally:
            self._idle.put(worker)
        if reply[0] == "ok":
            return reply[1]
        raise refusal(reply)

    def changed(self) -> None:
        """Another process wrote the store: workers open a fresh view, in the background."""
        with self._generation.get_lock():
            self._generation.value += 1

    def close(self) -> None:
        self._closed.set()
        for worker in self._all:
            worker.kill()
