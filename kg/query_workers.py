"""Evaluate queries within time and size limits, for ``kg serve``.

Oxigraph cannot interrupt a query, so a time limit that only stops waiting would leave a runaway
query burning a core for as long as it runs. :class:`ProcessPool` therefore evaluates each query in
a worker process with its own read-only view of the store, and kills and replaces the worker when
the time is up. After a write the workers reopen their view, so they see it. A store in memory
cannot be shared with another process; :class:`ThreadPool` evaluates in threads and stops a late
query at its next row (a sort or aggregate runs to its end, but its answer is thrown away).

>>> from kg.store import open_store
>>> pool = ThreadPool(open_store(":memory:"), timeout=10, max_rows=5, workers=1)
>>> media, body = pool.answer("ASK { ?s ?p ?o }", "text/csv")
>>> (media, body)
('text/csv', b'true')
"""

from __future__ import annotations

import multiprocessing
import queue
import threading
from http import HTTPStatus
from pathlib import Path

import pyoxigraph as ox

from kg.errors import KgError, QuerySyntaxError
from kg.store import EmbeddedStore, Store

#: Result media types: media type → (pyoxigraph's format, kg.output's format); the first is the default.
RESULT_TYPES = {
    "application/sparql-results+json": (ox.QueryResultsFormat.JSON, "json"),
    "application/json": (ox.QueryResultsFormat.JSON, "json"),
    "application/sparql-results+xml": (ox.QueryResultsFormat.XML, "xml"),
    "application/xml": (ox.QueryResultsFormat.XML, "xml"),
    # the SPARQL protocol's CSV/TSV are exact; kg.output's "csv"/"tsv" are the spreadsheet-safe forms
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


class RequestError(Exception):
    """A request refused with an HTTP status and a one-line reason."""

    def __init__(self, status: HTTPStatus, message: str):
        super().__init__(message)
        self.status = status


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


def answer(store: Store, text: str, accept: str | None, max_rows: int,
           cancelled: threading.Event | None = None) -> tuple[str, bytes]:
    """Evaluate a query and write its answer in the media type ``accept`` prefers."""
    from kg.output import format_result
    from kg.query import QueryResult

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
        rows = [tuple(row[name] for name in names) for row in _bounded(result, max_rows, cancelled)]
        return media, format_result(QueryResult("select", names, rows), RESULT_TYPES[media][1]).encode("utf-8")
    media = negotiate(accept, GRAPH_TYPES)
    return media, ox.serialize(_bounded(result, max_rows, cancelled), format=GRAPH_TYPES[media]) or b""


def _bounded(results, max_rows: int, cancelled: threading.Event | None) -> list:
    rows = []
    for row in results:
        if cancelled is not None and cancelled.is_set():
            raise RequestError(HTTPStatus.SERVICE_UNAVAILABLE, "query cancelled")
        rows.append(row)
        if len(rows) > max_rows:
            raise RequestError(HTTPStatus.BAD_REQUEST, f"the answer has more than {max_rows} rows; add a LIMIT")
    return rows


def _timed_out(timeout: float) -> RequestError:
    return RequestError(HTTPStatus.SERVICE_UNAVAILABLE, f"query timed out after {timeout:g} s")


def _busy() -> RequestError:
    return RequestError(HTTPStatus.SERVICE_UNAVAILABLE, "too many queries at once; try again")


class ThreadPool:
    """Queries in threads of this process, at most ``workers`` at once."""

    def __init__(self, store: Store, *, timeout: float, max_rows: int, workers: int):
        self.store, self.timeout, self.max_rows = store, timeout, max_rows
        self._turns = threading.BoundedSemaphore(workers)

    def answer(self, text: str, accept: str | None) -> tuple[str, bytes]:
        if not self._turns.acquire(timeout=self.timeout):
            raise _busy()
        outcome: dict = {}
        cancelled = threading.Event()

        def work() -> None:
            try:
                outcome["value"] = answer(self.store, text, accept, self.max_rows, cancelled)
            except BaseException as error:  # handed to the request thread
                outcome["error"] = error
            finally:
                self._turns.release()  # only when the evaluation really ends

        thread = threading.Thread(target=work, daemon=True)
        thread.start()
        thread.join(self.timeout)
        if thread.is_alive():
            cancelled.set()  # it stops at its next row, and holds its turn until then
            raise _timed_out(self.timeout)
        if "error" in outcome:
            raise outcome["error"]
        return outcome["value"]

    def changed(self) -> None:
        """The store was written: threads share it, so nothing to do."""

    def close(self) -> None:
        pass


def _worker_main(path: str, connection, generation) -> None:
    """A worker process: answer (text, accept, max_rows) requests from a read-only view of the
    store at ``path``, reopened whenever ``generation`` says the store was written."""
    from kg.store import _open_read_only

    store, seen = None, -1
    while True:
        try:
            text, accept, max_rows = connection.recv()
        except (EOFError, OSError):
            return
        try:
            if store is None or generation.value != seen:
                seen = generation.value
                if store is not None:
                    store.close()
                store = EmbeddedStore(_open_read_only(Path(path)), path, read_only=True)
            connection.send(("ok", answer(store, text, accept, max_rows)))
        except RequestError as error:
            connection.send(("refused", int(error.status), str(error)))
        except KgError as error:
            connection.send(("refused", int(HTTPStatus.INTERNAL_SERVER_ERROR), str(error)))


class _Worker:
    def __init__(self, context, path: str, generation):
        self.connection, child = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(path, child, generation), daemon=True)
        self.process.start()
        child.close()

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.connection.close()


class ProcessPool:
    """Queries in ``workers`` processes, each killed and replaced when its query runs out of time."""

    def __init__(self, store: EmbeddedStore, *, timeout: float, max_rows: int, workers: int):
        self.path, self.timeout, self.max_rows = store.location, timeout, max_rows
        # spawn, not fork: a forked child would share the parent's open RocksDB handles
        self._context = multiprocessing.get_context("spawn")
        self._generation = self._context.Value("l", 0)
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: list[_Worker] = []
        self._lock = threading.Lock()
        for _ in range(workers):
            self._idle.put(self._spawn())

    def _spawn(self) -> _Worker:
        worker = _Worker(self._context, self.path, self._generation)
        with self._lock:
            self._all.append(worker)
        return worker

    def _replace(self, worker: _Worker) -> _Worker:
        worker.kill()
        with self._lock:
            self._all.remove(worker)
        return self._spawn()

    def answer(self, text: str, accept: str | None) -> tuple[str, bytes]:
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            raise _busy() from None
        try:
            worker.connection.send((text, accept, self.max_rows))
            if not worker.connection.poll(self.timeout):
                worker = self._replace(worker)
                raise _timed_out(self.timeout)
            reply = worker.connection.recv()
        except (EOFError, OSError):  # the worker died (out of memory, a crash): replace it
            worker = self._replace(worker)
            raise RequestError(HTTPStatus.INTERNAL_SERVER_ERROR, "the query stopped its worker") from None
        finally:
            self._idle.put(worker)
        if reply[0] == "ok":
            return reply[1]
        raise RequestError(HTTPStatus(reply[1]), reply[2])

    def changed(self) -> None:
        """The store was written: workers reopen their view before their next query."""
        with self._generation.get_lock():
            self._generation.value += 1

    def close(self) -> None:
        with self._lock:
            for worker in self._all:
                worker.kill()
            self._all.clear()


def make_pool(store: Store, *, timeout: float, max_rows: int, workers: int):
    """Processes for a store on disk, threads for one in memory (which no other process can see)."""
    kind = ProcessPool if isinstance(store, EmbeddedStore) and Path(store.location).is_dir() else ThreadPool
    return kind(store, timeout=timeout, max_rows=max_rows, workers=workers)
