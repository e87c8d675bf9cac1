"""The graph store: embedded Oxigraph on disk (the default) or in memory, or a SPARQL 1.1 server.

Every write replaces whole named graphs in one transaction (a SPARQL update on the embedded
store; a Graph Store Protocol PUT or one update request on a server): a reader sees the old graph
or the new one, never half of each. A fresh store receives the ontology and the reference graph
the first time it is opened for writing.

Queries see the union of all named graphs, each triple once. The embedded store keeps that union
as its default graph, updated in the same transaction as the named graph that changes: Oxigraph's
own union view would give a triple once per graph that holds it, and a fact that a thousand
articles state would multiply every join it takes part in a thousandfold.

>>> store = open_store(":memory:")
>>> store.ask("ASK { ?m a <https://w3id.org/kommunegraf/ontology#Municipality> }")
True
"""

from __future__ import annotations

import errno
import os
import re
import time
from pathlib import Path

import pyoxigraph as ox

from kg.errors import QuerySyntaxError, StoreBusyError, StoreError, StoreNotWritableError

#: The location that names an in-memory store (tests, notebooks).
MEMORY = ":memory:"


def default_store_path() -> Path:
    """Where the store lives when neither ``--store`` nor ``KG_STORE`` says otherwise:
    ``$KG_STORE``, else ``$XDG_DATA_HOME/kommunegraf/store`` (``~/.local/share/kommunegraf/store``)."""
    if os.environ.get("KG_STORE"):
        return Path(os.environ["KG_STORE"]).expanduser()
    data_home = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(data_home) / "kommunegraf" / "store"


class Store:
    """What every kommunegraf store offers; open one with :func:`open_store`.

    Queries see the union of all named graphs as their default graph. Results are pyoxigraph's
    (``QuerySolutions``, ``QueryBoolean``, or an iterable of ``Triple``), whichever store answers.
    """

    location: str
    read_only: bool = False

    def query(self, sparql: str):
        """Run a SPARQL query over the union of all named graphs."""
        raise NotImplementedError

    def update(self, sparql: str) -> None:
        """Run a SPARQL update as one transaction (kommunegraf's own writes)."""
        raise NotImplementedError

    def apply_update(self, sparql: str) -> None:
        """Run a user's SPARQL update (``kg query --allow-update``, ``kg serve``); it must name the
        graphs it changes (``GRAPH <…>``), as queries read the union of the named graphs."""
        self.update(sparql)

    def flush(self) -> None:
        """Write what is buffered in memory to disk (a long ingest calls this now and then)."""

    def ask(self, sparql: str) -> bool:
        return bool(self.query(sparql))

    def replace_graph(self, graph: str, ntriples: str) -> None:
        """Replace the named graph ``graph`` by the N-Triples ``ntriples``, atomically."""
        name = graph_iri(graph)
        self.update(f"DROP SILENT GRAPH {name} ;\nINSERT DATA {{ GRAPH {name} {{\n{ntriples}\n}} }}")

    def remove_graph(self, graph: str) -> None:
        self.update(f"DROP SILENT GRAPH {graph_iri(graph)}")

    def graph_names(self) -> list[str]:
        return sorted(row["g"].value for row in self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"))

    def has_graph(self, graph: str) -> bool:
        return self.ask(f"ASK {{ GRAPH {graph_iri(graph)} {{ ?s ?p ?o }} }}")

    def close(self) -> None:
        """Release the store; the object is unusable afterwards."""

    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError(f"store {self.location} is open read-only")

    def __enter__(self) -> Store:
        return self

    def __exit__(self, kind, *exc) -> None:
        try:
            self.close()
        except StoreError:
            # What went wrong first is what the user needs to hear (a full disk makes the
            # closing flush fail too); only a failure of the close itself is raised.
            if kind is None:
                raise


class EmbeddedStore(Store):
    """Oxigraph in this process: a folder on disk, or memory."""

    def __init__(self, oxigraph: ox.Store, location: str, read_only: bool = False):
        self.oxigraph = oxigraph
        self.location = location
        self.read_only = read_only
        # A store written before the default graph held the union: copy it once, or (read-only)
        # fall back to Oxigraph's union view.
        self._union_view = False
        if not self._has_default_graph() and any(True for _ in oxigraph.named_graphs()):
            if read_only:
                self._union_view = True
            else:
                self.oxigraph.update(_COPY_ALL)

    def _has_default_graph(self) -> bool:
        return bool(self.oxigraph.query("ASK { ?s ?p ?o }"))

    def query(self, sparql: str):
        try:
            return self.oxigraph.query(sparql, use_default_graph_as_union=self._union_view)
        except SyntaxError as error:
            raise QuerySyntaxError(f"invalid SPARQL: {one_line(error)}") from error
        except OSError as error:
            raise StoreError(f"store {self.location}: {one_line(error)}") from error

    def update(self, sparql: str) -> None:
        self._check_writable()
        try:
            self.oxigraph.update(sparql)
        except SyntaxError as error:
            raise QuerySyntaxError(f"invalid SPARQL update: {one_line(error)}") from error
        except (OSError, RuntimeError) as error:  # RuntimeError: pyoxigraph's "IO error: …" too
            raise write_error(self.location, error) from error

    def replace_graph(self, graph: str, ntriples: str) -> None:
        name = graph_iri(graph)
        if "_:" in ntriples:  # blank nodes: copy inside the store, so the union holds the same nodes
            insert = f"INSERT DATA {{ GRAPH {name} {{\n{ntriples}\n}} }} ;\n{_COPY.format(graph=name)}"
        else:  # one operation for both (a fifth faster than copying)
            insert = f"INSERT DATA {{ GRAPH {name} {{\n{ntriples}\n}}\n{ntriples}\n}}"
        self.update(f"{_RETRACT.format(graph=name)} ;\nDROP SILENT GRAPH {name} ;\n{insert}")

    def remove_graph(self, graph: str) -> None:
        name = graph_iri(graph)
        self.update(f"{_RETRACT.format(graph=name)} ;\nDROP SILENT GRAPH {name}")

    def apply_update(self, sparql: str) -> None:
        # the user's update and the rebuilt union commit together (it takes seconds at 10^6 triples)
        self.update(f"{sparql}\n;\nDROP SILENT DEFAULT ;\n{_COPY_ALL}")

    def refresh_union(self) -> None:
        """Rebuild the default graph from the named graphs, after writing to ``oxigraph`` directly."""
        self.update(f"DROP SILENT DEFAULT ;\n{_COPY_ALL}")

    def flush(self) -> None:
        if self.oxigraph is not None and not self.read_only and self.location != MEMORY:
            try:
                self.oxigraph.flush()
            except (OSError, RuntimeError) as error:
                raise write_error(self.location, error) from error

    def graph_names(self) -> list[str]:
        return sorted(node.value for node in self.oxigraph.named_graphs())

    def has_graph(self, graph: str) -> bool:
        return self.oxigraph.contains_named_graph(ox.NamedNode(graph))

    def close(self) -> None:
        """Flush and release the store (and its lock)."""
        if self.oxigraph is None:
            return
        try:
            self.flush()
        finally:
            self.oxigraph = None  # released even when the flush fails (a full disk), so is the lock


#: Take a graph's triples out of the union, except those another graph also holds.
_RETRACT = ("DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} "
            "FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER (?other != {graph}) }} }}")
#: Put a graph's triples into the union (copied in the store, so blank nodes stay the same nodes).
_COPY = "INSERT {{ ?s ?p ?o }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}"
_COPY_ALL = "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"


def graph_iri(graph: str) -> str:
    """The graph name in SPARQL syntax; refuses anything that is not a valid absolute IRI."""
    try:
        return str(ox.NamedNode(graph))
    except ValueError as error:
        raise StoreError(f"{graph!r} is not a valid graph IRI") from error


#: How RocksDB (through pyoxigraph, as OSError or RuntimeError) words a full disk: "IO error: No
#: space left on device: While appending to file: …/000008.log: No space left on device".
_NO_SPACE = re.compile(r"no space left on device|disk quota exceeded", re.IGNORECASE)


def write_error(location: str, error: BaseException) -> StoreError:
    """The :class:`~kg.errors.StoreError` for a failed write; a full disk (or quota) says so plainly.

    Every write is one transaction, so what was committed before stays whole.

    >>> str(write_error("/data/store", OSError(28, "No space left on device")))
    'store /data/store: no space left on device; what was stored before is whole (free some space and run again)'
    """
    if getattr(error, "errno", None) in (errno.ENOSPC, errno.EDQUOT) or _NO_SPACE.search(str(error)):
        return StoreError(f"store {location}: no space left on device; what was stored before is whole "
                          "(free some space and run again)")
    return StoreError(f"store {location}: {one_line(error)}")


def one_line(error: BaseException) -> str:
    """Oxigraph's parse errors list every expected token over several lines; keep the start."""
    text = re.sub(r"\s+", " ", str(error)).strip()
    return text if len(text) <= 200 else text[:197] + "..."


#: RocksDB's messages when the store's LOCK file is held: by another process ("IO error: While lock
#: file: …/LOCK: Resource temporarily unavailable") or by this one ("IO error: lock hold by current
#: process, acquire time … : …/LOCK: No locks available"). Matched as phrases, not as the bare word
#: "lock", which also occurs in "block checksum mismatch" and in folder names.
_LOCK_ERROR = re.compile(r"while lock file|lock hold by current process", re.IGNORECASE)

#: A read-only open races with a live writer (see :func:`_open_read_only`): how often to try, and the
#: first pause between tries (doubled each time; about 1.3 s in all).
READ_ONLY_ATTEMPTS = 8
READ_ONLY_FIRST_PAUSE = 0.01


def _is_lock_error(error: BaseException) -> bool:
    return isinstance(error, OSError) and bool(_LOCK_ERROR.search(str(error)))


#: Why a folder that can be read cannot be written: permissions, a read-only file system, a full
#: disk or quota. Python's own OSErrors carry the errno; RocksDB's (through pyoxigraph) only the
#: system's words ("IO error: While open a file for appending: …/LOG: Read-only file system").
_NOT_WRITABLE_ERRNOS = {errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOSPC, errno.EDQUOT}
_NOT_WRITABLE = re.compile(r"Permission denied|Operation not permitted|Read-only file system|"
                           r"No space left on device|Disk quota exceeded", re.IGNORECASE)


def _is_not_writable_error(error: BaseException) -> bool:
    return isinstance(error, OSError) and (error.errno in _NOT_WRITABLE_ERRNOS
                                           or bool(_NOT_WRITABLE.search(str(error))))


def _open_read_only(path: Path) -> ox.Store:
    """Open the store at ``path`` as a read-only snapshot, possibly while another process writes it.

    RocksDB opens a read-only instance by reading the MANIFEST named in CURRENT and then opening
    the table and log files it lists. A live writer may meanwhile finish a flush or a compaction
    (as on its first open after a big build), record the new files in the MANIFEST and delete the
    old ones; the read-only open then fails on a file that is gone ("Corruption: … IO error: No
    such file or directory: While open a file for random read: …/000013.sst", a RuntimeError from
    pyoxigraph; an OSError for a log or MANIFEST file). pyoxigraph documents a read-only open next
    to a writer as undefined behaviour, and pyoxigraph 0.5 has no secondary instance to use
    instead. The files on disk are consistent again as soon as the writer has switched to the new
    ones, so such a failure is retried, reading CURRENT and the MANIFEST afresh. Once open, the
    instance keeps its files open and is not disturbed when the writer deletes them.
    """
    attempt, pause = 1, READ_ONLY_FIRST_PAUSE
    while True:
        try:
            return ox.Store.read_only(str(path))
        except (OSError, RuntimeError) as error:
            if attempt >= READ_ONLY_ATTEMPTS or not _is_transient_read_only_error(error):
                raise StoreError(f"store {path}: cannot open read-only ({one_line(error)})") from error
        time.sleep(pause)
        attempt, pause = attempt + 1, pause * 2


def _is_transient_read_only_error(error: BaseException) -> bool:
    """A file listed by the store's MANIFEST vanished (a writer replaced it), or RocksDB reports
    the resulting inconsistency as corruption: worth another try."""
    message = str(error)
    return (isinstance(error, RuntimeError) or "No such file or directory" in message
            or message.startswith("Corruption"))


def open_store(location: str | os.PathLike | None = None, *, read_only: bool = False,
               bootstrap: bool = True, endpoint: str | None = None, update_endpoint: str | None = None,
               graph_store: str | None = None) -> Store:
    """Open (creating if needed) the store at ``location``: a folder, ``":memory:"``, or None for
    :func:`default_store_path`; or, given ``endpoint``, the SPARQL 1.1 server answering queries
    there (see :class:`kg.remote.RemoteStore`). Unless ``bootstrap`` is False, make sure a
    writable store holds the current ontology and reference graph.

    >>> open_store(":memory:").has_graph("https://w3id.org/kommunegraf/id/graph/reference")
    True
    """
    if endpoint or update_endpoint or graph_store:
        from kg.remote import open_remote

        return open_remote(endpoint, update_endpoint, graph_store, read_only=read_only, bootstrap=bootstrap)
    if location is None:
        location = default_store_path()
    location = str(location)
    if location == MEMORY:
        if read_only:
            raise StoreError("an in-memory store cannot be opened read-only")
        store = EmbeddedStore(ox.Store(), MEMORY)
    else:
        path = Path(location).expanduser()
        if path.exists() and not path.is_dir():
            raise StoreError(f"store {path}: not a folder")
        if read_only:
            if not path.is_dir():
                raise StoreError(f"store {path}: does not exist")
            store = EmbeddedStore(_open_read_only(path), str(path), read_only=True)
        else:
            try:
                path.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise StoreError(f"store {path}: cannot open: it does not exist and cannot be created "
                                 f"({error.strerror or one_line(error)})") from error
            try:
                store = EmbeddedStore(ox.Store(str(path)), str(path))
            except (OSError, RuntimeError) as error:  # RuntimeError: pyoxigraph's "Corruption: …"
                if _is_lock_error(error):
                    raise StoreBusyError(
                        f"store {path} is busy: another kg process is writing to it") from error
                failure = StoreNotWritableError if _is_not_writable_error(error) else StoreError
                raise failure(f"store {path}: cannot open ({one_line(error)})") from error
    if bootstrap and not store.read_only:
        from kg.builder import ensure_reference  # the builder imports rdflib: only when needed

        ensure_reference(store)
    return store


def open_store_for_reading(location: str | os.PathLike | None = None, *, prefer_read_only: bool = False,
                           **remote) -> Store:
    """Open a store to query it, never needing to write it: for writing when possible (so a fresh
    store is bootstrapped), else as a read-only snapshot of the last commit, while another process
    writes or when the folder cannot be written (permissions, a read-only file system, a full disk).
    A store that does not exist or is corrupt is still an error.

    With ``prefer_read_only``, a store that exists and already holds the current ontology and
    reference graph is opened read-only straight away, without taking the write lock (for a
    read-only ``kg serve``, so that writers are not refused while it runs); one that does not is
    opened as without it. ``remote`` takes the ``endpoint``, ``update_endpoint`` and
    ``graph_store`` of :func:`open_store`.

    >>> open_store_for_reading(":memory:").read_only
    False
    """
    if any(remote.values()):
        writable = bool(remote.get("update_endpoint") or remote.get("graph_store"))
        return open_store(location, read_only=not writable, **remote)
    if location is None:
        location = default_store_path()
    if prefer_read_only and str(location) != MEMORY and Path(location).expanduser().is_dir():
        from kg.builder import reference_is_current  # the builder imports rdflib: only when needed

        try:
            store = open_store(location, read_only=True)
        except StoreError:  # not a store yet, or one a writer is replacing: open as usual
            store = None
        if store is not None and reference_is_current(store):
            return store
        if store is not None:
            store.close()
    try:
        return open_store(location)
    except (StoreBusyError, StoreNotWritableError):
        return open_store(location, read_only=True)
