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
import tempfile
from importlib import import_module
from pathlib import Path

from kg.errors import InputError

_EXPORTERS: dict[str, str] = {}


def register(name: str, target: str) -> None:
    """Register ``target`` ("package.module:function", called as ``function(graph, path, title=…)``)."""
    _EXPORTERS[name] = target


def exporter_names() -> list[str]:
    return list(_EXPORTERS)


def write(graph, path: str | Path, fmt: str, title: str | None = None) -> Path:
    """Write ``graph`` to ``path`` in format ``fmt``; the file appears whole or not at all."""
    if fmt not in _EXPORTERS:
        raise InputError(f"unknown export format {fmt!r}; known formats: {', '.join(sorted(_EXPORTERS))}")
    module, function = _EXPORTERS[fmt].split(":")
    writer = getattr(import_module(module), function)
    path = Path(path)
    if path.is_dir():
        raise InputError(f"{path}: is a folder; give a file name for the export")
    if not path.parent.is_dir():
        raise InputError(f"{path.parent}: no such folder")
    # a new file of a name nobody can guess or plant a link at (O_EXCL), beside the target
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
    os.close(handle)
    partial = Path(name)
    try:
        writer(graph, partial, title=title)
        partial.replace(path)  # atomic: a reader never sees half a file
    finally:
        partial.unlink(missing_ok=True)
    return path


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
