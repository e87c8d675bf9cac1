"""Reads during a bulk ingest through ``kg serve``: latency against the same server idle, in one run.

A store with the reference graph is served with ``--allow-update``. The same query mix (an ASK, the
office holders of one municipality, the counties on a date) is timed first on the idle server and
then while ``kg ingest`` writes a synthetic corpus through the server's Graph Store endpoint. During
the ingest, a marker graph is written now and then and polled until a query sees it: how long a
committed write takes to show.
"""

from __future__ import annotations

import argparse
import re
import tempfile
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from benchmarks.corpus import write_corpus
from benchmarks.measure import latency, percentile

#: The queries timed: (name, canned query, parameters); ``None`` is a plain ASK.
MIX = [("ask", None, {}), ("office-holders", "office-holders", {"municipality": "Drammen"}),
       ("counties", "counties", {"date": "2024-06-01"})]


def _texts() -> list[tuple[str, str]]:
    from kg.query import bind, get_query

    out = []
    for name, query, params in MIX:
        out.append((name, "ASK { ?s ?p ?o }" if query is None else bind(get_query(query), params)))
    return out


def _get(base: str, text: str, timeout: float = 60) -> int:
    url = f"{base}/query?" + urllib.parse.urlencode({"query": text})
    request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _round(base: str, texts, times: dict, statuses: list) -> None:
    for name, text in texts:
        started = time.perf_counter()
        statuses.append(_get(base, text))
        times.setdefault(name, []).append(time.perf_counter() - started)


def _visible_after(base: str, number: int) -> float:
    """PUT a marker graph and poll until a query sees it; seconds from the PUT's answer."""
    triple = f'<urn:kg-bench:marker> <urn:kg-bench:n> "{number}" .'
    request = urllib.request.Request(f"{base}/store?graph=urn:kg-bench:marker-{number}", data=triple.encode(),
                                     method="PUT", headers={"Content-Type": "application/n-triples"})
    urllib.request.urlopen(request, timeout=60).read()
    written = time.perf_counter()
    ask = f'ASK {{ <urn:kg-bench:marker> <urn:kg-bench:n> "{number}" }}'
    while time.perf_counter() - written < 30:
        url = f"{base}/query?" + urllib.parse.urlencode({"query": ask})
        with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept": "text/csv"}), timeout=60) as r:
            if r.read().strip() == b"true":
                return time.perf_counter() - written
        time.sleep(0.01)
    return float("inf")


def measure(articles: int, seed: int, folder: Path, idle_rounds: int = 150) -> dict:
    """Serve a fresh store in ``folder``, time the query mix idle and during an ingest of ``articles``."""
    from kg.store import open_store

    store, corpus = folder / "serve-store", folder / "serve.jsonl"
    with open_store(store):
        pass  # the reference graph
    write_corpus(articles, seed, corpus)
    server = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", "--store", str(store), "--port", "0",
                               "--allow-update"], stderr=subprocess.PIPE, text=True)
    try:
        line = server.stderr.readline()
        base = re.search(r"at (http://[\d.]+:\d+)/query", line).group(1)
        threading.Thread(target=lambda: [None for _ in server.stderr], daemon=True).start()
        texts = _texts()
        idle: dict = {}
        idle_statuses: list = []
        for _ in range(3):  # warm-up: caches, and the workers' first views
            _round(base, texts, {}, [])
        for _ in range(idle_rounds):
            _round(base, texts, idle, idle_statuses)
        ingest = subprocess.Popen([sys.executable, "-m", "kg.cli", "ingest", str(corpus), "--endpoint",
                                   f"{base}/query", "--update-endpoint", f"{base}/update",
                                   "--graph-store", f"{base}/store"], stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        started = time.perf_counter()
        during: dict = {}
        statuses: list = []
        visible: list[float] = []
        next_marker = started + 1.0
        while ingest.poll() is None:
            _round(base, texts, during, statuses)
            if time.perf_counter() >= next_marker:
                visible.append(_visible_after(base, len(visible)))
                next_marker = time.perf_counter() + 1.0
        seconds = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(30)
    every_idle = [t for times in idle.values() for t in times]
    every_during = [t for times in during.values() for t in times]
    result = {"articles": articles, "ingest_seconds": round(seconds, 1), "ingest_exit": ingest.returncode,
              "idle": latency(every_idle), "during": latency(every_during),
              "queries": {name: {"idle": latency(idle[name]), "during": latency(during[name])}
                          for name in idle if name in during},
              "refused": sum(1 for s in idle_statuses + statuses if s != 200), "answered": len(statuses)}
    for p in ("p50_ms", "p95_ms"):
        result[f"ratio_{p[:3]}"] = round(result["during"][p] / result["idle"][p], 2)
    if visible:
        result["visible_s"] = {"p50": round(percentile(visible, 50), 3), "max": round(max(visible), 3),
                               "writes": len(visible)}
    return result


def main(argv: list[str] | None = None) -> int:
    from benchmarks.report import serving

    parser = argparse.ArgumentParser(prog="python -m benchmarks.serving", description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000, help="articles ingested through the server")
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as folder:
        print(serving(measure(args.articles, args.seed, Path(folder))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
