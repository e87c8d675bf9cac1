"""The baseline: the same graphs and queries on a plain in-memory rdflib ``Dataset`` (union default
graph), in a child process of its own.

rdflib's SPARQL engine can take minutes on a query Oxigraph answers in milliseconds, so each query
runs under a time cap (a ``SIGALRM`` interrupts the evaluation, which is pure Python) and is
reported as capped rather than waited for.
"""

from __future__ import annotations

import json
import signal
import time
from itertools import islice
from pathlib import Path

from benchmarks.measure import in_child, latency, peak_rss_mib


class _Capped(BaseException):
    """Not an Exception: rdflib catches those in places, and must not swallow this one."""


def measure(reference: Path, graphs: Path, articles: int, queries: list[tuple[str, str]], cap: float,
            budget: float) -> dict:
    """Load the reference dump (N-Quads) and the first ``articles`` graphs of ``graphs`` (JSON Lines
    ``{"name", "ntriples"}``, one parse per graph) into a Dataset, then time each ``(name, sparql)``.
    """
    # the child is given time for the load and for every query to hit its cap, and some
    return in_child(_run, str(reference), str(graphs), articles, queries, cap, budget,
                    timeout=3600 + len(queries) * (cap + budget) * 2)


def _run(reference: str, graphs: str, articles: int, queries: list[tuple[str, str]], cap: float,
         budget: float) -> dict:
    import logging

    from rdflib import Dataset, URIRef

    # IRI() of a name that queries also try as an IRI makes rdflib log a warning on every run
    logging.getLogger("rdflib").setLevel(logging.ERROR)
    dataset = Dataset(default_union=True)
    started = time.perf_counter()
    dataset.parse(reference, format="nquads")
    reference_seconds = time.perf_counter() - started
    with open(graphs, encoding="utf-8") as lines:
        records = [json.loads(line) for line in islice(lines, articles)]
    started = time.perf_counter()
    for record in records:
        dataset.graph(URIRef(record["name"])).parse(data=record["ntriples"], format="nt")
    load_seconds = time.perf_counter() - started
    del records
    results = {name: _query(dataset, sparql, cap, budget) for name, sparql in queries}
    return {"reference_load_seconds": round(reference_seconds, 2), "load_seconds": round(load_seconds, 3),
            "triples": len(dataset), "peak_rss_mib": round(peak_rss_mib(), 1), "queries": results}


def _query(dataset, sparql: str, cap: float, budget: float) -> dict:
    times: list[float] = []
    rows = None
    while len(times) < 5 and (not times or sum(times) + times[-1] <= budget):
        try:
            timed = _capped(lambda: len(list(dataset.query(sparql))), cap)
        except Exception as error:  # noqa: BLE001 - rdflib cannot run every query Oxigraph can
            return {"error": f"{type(error).__name__}: {error}"}
        if timed is None:
            return {"capped": True, "cap_s": cap, "runs": len(times) + 1}
        seconds, rows = timed
        times.append(seconds)
    return {"capped": False, "rows": rows} | latency(times)


def _capped(call, cap: float):
    """``(seconds, result)`` of ``call``, or None when it ran longer than ``cap`` seconds."""
    running = [True]

    def interrupt(signum, frame):
        if running[0]:  # an alarm that comes as the call returns must not escape into the caller
            raise _Capped

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, cap, 0.5)  # and again every 0.5 s, should one be swallowed
    started = time.perf_counter()
    try:
        result = call()
        running[0] = False
        return time.perf_counter() - started, result
    except _Capped:
        return None
    finally:
        running[0] = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
