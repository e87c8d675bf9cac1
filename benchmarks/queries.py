"""Canned queries at growing store sizes, against the rdflib baseline on the same graphs.

Articles of the synthetic corpus are extracted once (in workers) into their N-Triples; then a store
on disk is filled with them one atomic graph replace at a time, as ``kg ingest`` does, and at each
size (in triples of article graphs, on top of the reference graph) every canned query is timed, the
same graphs and queries are handed to the baseline, and loading times are compared.
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

from benchmarks import baseline
from benchmarks.corpus import articles
from benchmarks.measure import latency, repeat

#: Values for the parameters a query requires, by parameter name: things the synthetic corpus names.
#: ``person`` is the person with the most holdings, found in the store.
REQUIRED = {"municipality": "Drammen", "network": "KS storbynettverk", "entity": "Drammen", "number": "0602",
            "date": "2024-06-01", "person": None}
#: Values given where a query's defaults would find nothing (0602 is not a number today), or where
#: users filter: office holders and meetings are asked for one municipality or network.
OVERRIDES = {"municipality-by-number": {"date": "2019-06-01"}, "office-holders": {"municipality": "Drammen"},
             "meetings": {"network": "KS storbynettverk"}}
#: Those queries are also timed unfiltered, as the national listings they then are; reported in rows
#: of their own, "<query> (<label>)", outside the per-query targets.
LISTINGS = {"office-holders": "whole country", "meetings": "all networks"}

_TOP_PERSON = """
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?name (COUNT(DISTINCT ?holding) AS ?n) WHERE {
  GRAPH ?g { ?holding org:member ?person . ?person rdfs:label ?name }
} GROUP BY ?name ORDER BY DESC(?n) ?name LIMIT 1"""


def query_params(store) -> dict[str, dict[str, str]]:
    """Parameters for each case timed, by case name: every canned query with its defaults, a value
    for each required parameter and the OVERRIDES; then the LISTINGS without overrides."""
    from kg.query import list_queries

    values = dict(REQUIRED)
    rows = list(store.query(_TOP_PERSON))
    values["person"] = rows[0]["name"].value if rows else "Kari Nordmann"
    params, listings = {}, {}
    for query in list_queries():
        chosen = {p.name: values[p.name] for p in query.params if p.required and p.name in values}
        params[query.name] = chosen | OVERRIDES.get(query.name, {})
        if query.name in LISTINGS:
            listings[f"{query.name} ({LISTINGS[query.name]})"] = chosen
    return params | listings


def query_name(case: str) -> str:
    """The canned query a case runs: ``office-holders (whole country)`` runs ``office-holders``."""
    return case.split(" (", 1)[0]


def is_listing(case: str) -> bool:
    return case != query_name(case)


def kg_latencies(location: Path, params: dict[str, dict[str, str]], cap: float, budget: float) -> dict[str, dict]:
    """p50/p95 of each canned query through ``kg.query.run_query`` on the store at ``location``.

    The queries run in a child process that opens the store as ``kg query`` would; Oxigraph cannot
    be interrupted inside a query, so one that runs longer than ``cap`` seconds is reported as capped
    and the child replaced for the queries after it. An error is reported, not raised.
    """
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    out: dict[str, dict] = {}
    waiting = list(params)
    while waiting:
        receive, send = context.Pipe(duplex=False)
        child = context.Process(target=_kg_child, args=(str(location), {n: params[n] for n in waiting}, budget, send))
        child.start()
        send.close()
        try:
            while waiting:
                # the first query also waits for the child to start and open the store
                if not receive.poll(cap + budget + (30 if not out else 0)):
                    out[waiting.pop(0)] = {"capped": True, "cap_s": cap}
                    break
                name, result = receive.recv()
                out[name] = result
                waiting.remove(name)
        except EOFError:
            out[waiting.pop(0)] = {"error": f"the query process died (exit code {child.exitcode})"}
        finally:
            child.kill()
            child.join()
    return {name: out[name] for name in params}


def _kg_child(location: str, params: dict[str, dict[str, str]], budget: float, send) -> None:
    from kg.query import run_query
    from kg.store import open_store

    with open_store(location) as store:
        for name, values in params.items():
            try:
                times, result = repeat(lambda: run_query(store, query_name(name), values), budget)
                send.send((name, latency(times) | {"rows": len(result.rows)}))
            except Exception as error:  # noqa: BLE001 - a query that fails is a result too
                send.send((name, {"error": str(error)}))
    send.close()


def extract_graphs(target: int, seed: int, workers: int, path: Path) -> list[tuple[int, int]]:
    """Extract articles of the corpus of ``seed`` until their graphs hold ``target`` triples, writing
    ``{"name", "ntriples", "triples"}`` lines to ``path``; returns (articles, triples so far) per line."""
    from kg.ingestion import article_ntriples
    from kg.parallel import map_in_order

    running: list[tuple[int, int]] = []
    triples = 0
    with path.open("w", encoding="utf-8") as out:
        for count, (_, graph) in enumerate(map_in_order(article_ntriples, articles(10**9, seed), workers), start=1):
            triples += graph.triples
            out.write(json.dumps({"name": graph.name, "ntriples": graph.ntriples, "triples": graph.triples}) + "\n")
            running.append((count, triples))
            if triples >= target:
                break
    return running


def measure(sizes: list[int], seed: int, workers: int, folder: Path, cap: float, budget: float,
            at_last=None) -> list[dict]:
    """Queries and loading at each size in ``sizes`` (article triples), kommunegraf and baseline;
    ``at_last(store)`` is called on the store at the largest size (graphs and exports)."""
    import pyoxigraph as ox

    from kg.query import bind, get_query
    from kg.store import open_store

    graphs, reference, location = folder / "graphs.jsonl", folder / "reference.nq", folder / "store"
    shutil.rmtree(location, ignore_errors=True)
    started = time.perf_counter()
    running = extract_graphs(max(sizes), seed, workers, graphs)
    extract_seconds = time.perf_counter() - started
    results = []
    loaded, load_seconds, params = 0, 0.0, None
    store = open_store(location)
    try:
        store.oxigraph.dump(str(reference), format=ox.RdfFormat.N_QUADS)
        with graphs.open(encoding="utf-8") as lines:
            for size in sorted(sizes):
                upto = next((count for count, triples in running if triples >= size), len(running))
                for line in (next(lines) for _ in range(upto - loaded)):
                    record = json.loads(line)
                    began = time.perf_counter()
                    store.replace_graph(record["name"], record["ntriples"])
                    load_seconds += time.perf_counter() - began
                loaded = upto
                began = time.perf_counter()
                store.oxigraph.flush()  # as an ingest ends: the queries below read a settled store
                load_seconds += time.perf_counter() - began
                params = params or query_params(store)
                quads = len(store.oxigraph)
                store.close()  # the queries run in a child process, which opens the store itself
                ours = kg_latencies(location, params, cap, budget)
                store = open_store(location)
                texts = [(name, bind(get_query(query_name(name)), values)) for name, values in params.items()]
                theirs = baseline.measure(reference, graphs, loaded, texts, cap, budget)
                results.append(_compare(size, loaded, running[loaded - 1][1], quads, load_seconds, ours, theirs,
                                        params))
        if at_last is not None:
            at_last(store)
    finally:
        store.close()
    results[0]["extract_seconds"] = round(extract_seconds, 2)
    return results


def _compare(size: int, articles_: int, triples: int, quads: int, load_seconds: float, ours: dict, theirs: dict,
             params: dict) -> dict:
    queries = {}
    for name, mine in ours.items():
        other = theirs["queries"].get(name, {})
        ratio = None
        if "p50_ms" in mine and "p50_ms" in other and other["p50_ms"] > 0:
            ratio = round(mine["p50_ms"] / other["p50_ms"], 5)
        queries[name] = {"params": params[name], "listing": is_listing(name), "kg": mine, "rdflib": other,
                         "ratio": ratio,
                         "same_rows": mine["rows"] == other["rows"] if "rows" in mine and "rows" in other else None}
    return {"size": size, "articles": articles_, "article_triples": triples, "quads": quads,
            "load": {"kg_s": round(load_seconds, 3), "rdflib_s": theirs["load_seconds"],
                     "ratio": round(load_seconds / theirs["load_seconds"], 4),
                     "rdflib_reference_s": theirs["reference_load_seconds"], "rdflib_distinct_triples": theirs["triples"],
                     "rdflib_peak_rss_mib": theirs["peak_rss_mib"]},
            "queries": queries}
