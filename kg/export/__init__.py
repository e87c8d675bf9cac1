"""Exports of the networkx graphs to files: GEXF (Gephi), GraphML (Cytoscape, yEd), DOT, Cytoscape
JSON, node-link JSON, a self-contained HTML page, and PNG/SVG figures.

Each format is registered by name with the function that writes it (``"module:function"``, loaded
only when used, so plotting libraries stay unimported until a figure is asked for); a third-party
exporter registers the same way.

>>> sorted(exporter_names())[:3]
['cytoscape', 'dot', 'gexf']
"""

from __future__ import annotations

import os
import secrets
import stat
from importlib import import_module
from pathlib import Path

from kg.errors import InputError, OutputError

_EXPORTERS: dict[str, str] = {}


def register(name: str, target: str) -> None:
    """Register ``target`` ("package.module:function", called as ``function(graph, path, title=…)``)."""
    _EXPORTERS[name] = target


def exporter_names() -> list[str]:
    return list(_EXPORTERS)


def write(graph, path: str | Path, fmt: str, title: str | None = None) -> Path:
    """Write ``graph`` to ``path`` in format ``fmt``; the file appears whole or not at all.

    As any program writing a file would: a new file gets mode ``0666`` less the umask, a replaced
    one keeps its mode, and a ``path`` that is a symbolic link writes the file the link names (the
    link stays). A write that fails (a full disk, no permission) raises :class:`OutputError` and
    leaves the file as it was and no temporary file behind.

    >>> import networkx as nx
    >>> write(nx.Graph(), "graph.gexf", "gexf")  # doctest: +SKIP
    PosixPath('graph.gexf')
    """
    if fmt not in _EXPORTERS:
        raise InputError(f"unknown export format {fmt!r}; known formats: {', '.join(sorted(_EXPORTERS))}")
    module, function = _EXPORTERS[fmt].split(":")
    writer = getattr(import_module(module), function)
    path = Path(path)
    if path.is_dir():
        raise InputError(f"{path}: is a folder; give a file name for the export")
    # through a link to the file it names: the new file is renamed over that file, not the link
    target = Path(os.path.realpath(path))
    if not target.parent.is_dir():
        raise InputError(f"{path.parent}: no such folder")
    partial = None
    try:
        mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else None
        partial = _new_file_beside(target)
        writer(graph, partial, title=title)
        if mode is not None:
            partial.chmod(mode)
        partial.replace(target)  # atomic: a reader never sees half a file
    except OSError as error:
        raise OutputError(f"cannot write {path}: {error.strerror or error}") from error
    finally:
        if partial is not None:
            partial.unlink(missing_ok=True)
    return path


def _new_file_beside(target: Path) -> Path:
    """A new empty file beside ``target``, of a name nobody can guess or plant a link at (O_EXCL
    refuses an existing name, a link included). Unlike ``mkstemp``'s 0600 it is created 0666, so
    that the kernel applies the umask as to any new file."""
    while True:
        candidate = target.with_name(f".{target.name}.{secrets.token_hex(8)}.partial")
        try:
            os.close(os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
            return candidate
        except FileExistsError:
            continue

for _name, _target in {
    "gexf": "kg.export.files:write_gexf",
    "graphml": "kg.export.files:write_graphml",
    "dot": "kg.export.files:write_dot",
    "cytoscape": "kg.export.files:write_cytoscape",
    "json": "kg.export.files:write_json",
    "html": "kg.export.html:write_html",
    "png": "kg.export.figure:write_png",
    "svg": "kg.export.figure:write_svg",
}.items():
    register(_name, _target)
