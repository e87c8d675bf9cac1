"""Building the networkx graphs from the store (``kg.analysis.build_graph``) and writing each export
format (``kg.export.write``)."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path


def measure(store) -> dict:
    """Seconds to build each graph, and to write the governance graph in every export format."""
    from kg.analysis import GRAPHS, build_graph
    from kg.export import exporter_names, write

    built, out = {}, {"build": {}, "export": {}}
    for kind in GRAPHS:
        started = time.perf_counter()
        built[kind] = build_graph(store, kind)
        out["build"][kind] = {"seconds": round(time.perf_counter() - started, 3),
                              "nodes": built[kind].number_of_nodes(), "edges": built[kind].number_of_edges()}
    with tempfile.TemporaryDirectory(prefix="kg-bench-export-") as folder:
        for fmt in sorted(exporter_names()):
            path = Path(folder) / f"governance.{fmt}"
            started = time.perf_counter()
            try:
                write(built["governance"], path, fmt)
            except Exception as error:  # noqa: BLE001 - a format that fails is a result too
                out["export"][fmt] = {"error": str(error)}
                continue
            out["export"][fmt] = {"seconds": round(time.perf_counter() - started, 3),
                                  "mib": round(path.stat().st_size / 2**20, 2)}
    return out
