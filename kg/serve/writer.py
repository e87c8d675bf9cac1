"""The one process that writes a served store: SPARQL updates and Graph Store Protocol writes.

Updates run in a :class:`~kg.serve.process.Child` that holds the store's write lock, so an update
that runs past ``--timeout`` or ``--max-memory-mb`` is stopped by ending that process: its
transaction never commits, and a new writer opens the store as it was. Between writes (when they pause,
and twice a second while they go on) the writer makes a snapshot of the store, hard links to its
files, for the query workers: a read-only view of the live store would lose files that the writer's
compaction deletes, and would replay the whole unflushed log on every reopen.

Bodies sent to ``/store`` are parsed here too, where their memory is bounded; RDF/XML that
declares entities is refused before it is parsed.

>>> from kg.serve.limits import Limits
>>> writer = MemoryWriter(__import__("kg.store").store.open_store(":memory:"), Limits())
>>> writer.call(("update", "INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> <urn:c> } }"))
>>> writer.call(("delete", "urn:g"))
True
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from http import HTTPStatus
from pathlib import Path

import pyoxigraph as ox

from kg.errors import KgError, QuerySyntaxError, StoreError
from kg.serve.limits import Limits, RequestError, busy
from kg.serve.process import Child, isolate_network
from kg.serve.workers import GRAPH_TYPES, refusal
from kg.store import EmbeddedStore, Store, graph_iri, one_line, open_store
from kg.xml_entities import declares_entities

#: The writer writes a snapshot for the query workers when writes pause this long (seconds), and
#: at least every SNAPSHOT_EVERY while they go on: a committed write is seen within about that.
SNAPSHOT_PAUSE = 0.1
SNAPSHOT_EVERY = 0.5


def graph_name(graph: str) -> str:
    """``graph`` in SPARQL syntax, or a 400 refusal naming it."""
    try:
        return graph_iri(graph)
    except KgError as error:
        raise RequestError(HTTPStatus.BAD_REQUEST, str(error)) from error


def _parse(body: bytes, media: str) -> str:
    """A Graph Store body as N-Triples, or a refusal."""
    fmt = GRAPH_TYPES.get(media)
    if fmt is None:
        raise RequestError(HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                           f"cannot read {media or 'a body without Content-Type'}; send {', '.join(GRAPH_TYPES)}")
    if fmt == ox.RdfFormat.RDF_XML and declares_entities(body):
        raise RequestError(HTTPStatus.BAD_REQUEST, "RDF/XML refused: XML entity declarations are not allowed")
    try:
        triples = [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(body, format=fmt)]
    except SyntaxError as error:
        raise RequestError(HTTPStatus.BAD_REQUEST, f"unreadable {media}: {one_line(error)}") from error
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8") if triples else ""


def perform(store: Store, request: tuple):
    """Carry out one write: ``("update", text)``, ``("put", graph, body, media, replace)`` or
    ``("delete", graph)`` (True if the graph was there)."""
    kind, *args = request
    if kind == "update":
        try:
            store.apply_update(args[0])
        except QuerySyntaxError as error:
            raise RequestError(HTTPStatus.BAD_REQUEST, str(error)) from error
        return None
    if kind == "put":
        graph, body, media, replace = args
        name, data = graph_name(graph), _parse(body, media)
        if replace:
            store.replace_graph(graph, data)
        else:
            store.apply_update(f"INSERT DATA {{ GRAPH {name} {{\n{data}\n}} }}")
        return None
    if kind == "ping":
        return None
    if kind == "delete":
        graph_name(args[0])
        if not store.has_graph(args[0]):
            return False
        store.remove_graph(args[0])
        return True
    raise ValueError(f"unknown write {kind!r}")


def _reply(store: Store, request: tuple) -> tuple:
    try:
        return "ok", perform(store, request)
    except RequestError as error:
        return "refused", int(error.status), str(error)
    except KgError as error:
        return "refused", int(HTTPStatus.INTERNAL_SERVER_ERROR), str(error)
    except OSError as error:  # a LOAD the operator allowed failed
        return "refused", int(HTTPStatus.BAD_GATEWAY), f"the update failed while running: {one_line(error)}"
    except Exception as error:  # noqa: BLE001 (one bad write must not end the writer)
        return "refused", int(HTTPStatus.INTERNAL_SERVER_ERROR), f"the update failed: {one_line(error)}"


#: How much lower than the server's the writer's CPU priority is.
WRITER_NICENESS = 5

#: Where a writing server keeps the snapshots its query workers read, inside the store folder.
VIEWS = "kg-serve-views"


def snapshot_path(path: str, generation: int) -> Path:
    return Path(path) / VIEWS / str(generation)


def _snapshot(store: EmbeddedStore, path: str, generation) -> None:
    """Write a snapshot of the store for the query workers and announce it; drop old ones."""
    number = generation.value + 1
    target = snapshot_path(path, number)
    shutil.rmtree(target, ignore_errors=True)
    store.flush()  # so the snapshot holds table files only, not a log each view must replay
    store.oxigraph.backup(str(target))  # hard links to the table files, and what is in memory
    generation.value = number
    # a worker may still be answering from the one before, and opening the one before that
    for old in target.parent.iterdir():
        if old.name.isdigit() and int(old.name) < number - 2:
            shutil.rmtree(old, ignore_errors=True)


def _writer_main(connection, path: str, offline: bool, generation) -> None:
    """The writer process: hold the store at ``path``, carry out writes, and between them write
    the snapshots the query workers read (see :mod:`kg.serve.workers`)."""
    if offline:
        isolate_network()
    # reads are what people wait for: on a busy machine a bulk load gives way to them
    os.nice(WRITER_NICENESS)
    try:
        store, failure = open_store(path), ""
        # snapshots left by a server that was killed: no reader can hold them any more
        shutil.rmtree(Path(path) / VIEWS, ignore_errors=True)
        (Path(path) / VIEWS).mkdir()
        _snapshot(store, path, generation)
    except (KgError, OSError) as error:
        store, failure = None, f"store {path}: cannot serve it for writing ({one_line(error)})"
    dirty_since = None  # when the oldest write not yet in a snapshot was made
    while True:
        # a snapshot when the writes pause, and at least every SNAPSHOT_EVERY seconds while they go on
        wait = None if dirty_since is None else min(
            SNAPSHOT_PAUSE, max(0.0, dirty_since + SNAPSHOT_EVERY - time.monotonic()))
        try:
            ready = connection.poll(wait)
            if ready:
                request = connection.recv()
        except (EOFError, OSError):
            break
        if not ready:
            try:
                _snapshot(store, path, generation)
                dirty_since = None
            except OSError:
                dirty_since = time.monotonic()  # a full disk, say: try again later
            continue
        if store is None:
            connection.send(("refused", int(HTTPStatus.SERVICE_UNAVAILABLE), failure))
            continue
        reply = _reply(store, request)
        if dirty_since is None:
            dirty_since = time.monotonic()
        connection.send(reply)
    if store is not None:
        store.close()


class _Writer:
    """One write at a time: a write that finds another under way waits ``limits.queue_wait`` for it."""

    def __init__(self, limits: Limits):
        self.limits = limits
        self._turn = threading.Lock()

    def call(self, request: tuple):
        if not self._turn.acquire(timeout=self.limits.queue_wait):
            raise busy("writes")
        try:
            reply = self._carry_out(request)
        finally:
            self._turn.release()
        if reply[0] == "ok":
            return reply[1]
        raise refusal(reply)

    def _carry_out(self, request: tuple) -> tuple:
        raise NotImplementedError

    def close(self) -> None:
        pass


class ProcessWriter(_Writer):
    """Writes to the store folder ``path`` in a writer process, each within ``limits``."""

    def __init__(self, path: str, limits: Limits, generation, offline: bool = True):
        super().__init__(limits)
        self.path = path
        self._child = Child(_writer_main, path, offline, generation, what="update")

    def wait_for_snapshot(self) -> None:
        """Wait until the writer has opened the store and made the first snapshot."""
        reply = self._child.call(("ping",), max(self.limits.timeout, 300.0), self.limits.max_memory)
        if reply[0] != "ok":
            self.close()
            raise StoreError(reply[2])

    def _carry_out(self, request: tuple) -> tuple:
        return self._child.call(request, self.limits.timeout, self.limits.max_memory)

    def close(self) -> None:
        # ask the writer to finish (it flushes and lets go of the lock), then make sure it is gone
        self._child.connection.close()
        self._child.process.join(10)
        self._child.kill()
        shutil.rmtree(Path(self.path) / VIEWS, ignore_errors=True)


class MemoryWriter(_Writer):
    """Writes to a store in this process (a store in memory, which no other process can see)."""

    def __init__(self, store: Store, limits: Limits):
        super().__init__(limits)
        self.store = store

    def _carry_out(self, request: tuple) -> tuple:
        return _reply(self.store, request)
