"""Build the graph from the shipped data: the ontology, the reference graph and the sample articles.

:func:`ensure_reference` is what makes a fresh store usable at once; :func:`build` rebuilds on
request, ingests the articles shipped in ``data/articles/`` and reports what the store holds and
how long it took.

>>> from kg.store import open_store
>>> report = build(open_store(":memory:", bootstrap=False))
>>> report.rebuilt, report.triples > 10000
(True, True)
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from kg.assets import asset_path
from kg.statistics import stats
from kg.store import Store
from kg.vocab import ONTOLOGY_GRAPH, REFERENCE_GRAPH, SDO

_DATASET = "https://w3id.org/kommunegraf/id/dataset/reference"


@dataclass(frozen=True)
class BuildReport:
    rebuilt: bool
    seconds: float
    triples: int
    articles: int = 0
    facts: int = 0


def _ontology_version() -> str:
    return hashlib.sha256(asset_path("ontology", "kommunegraf.ttl").read_bytes()).hexdigest()[:16]


def _has_version(store: Store, graph: str, subject: str, predicate: str, version: str) -> bool:
    literal = version.replace('"', "")
    return store.ask(f'ASK {{ GRAPH <{graph}> {{ <{subject}> <{predicate}> "{literal}" }} }}')


def _has_current_ontology(store: Store) -> bool:
    return _has_version(store, str(ONTOLOGY_GRAPH), str(ONTOLOGY_GRAPH), str(SDO.version), _ontology_version())


def _has_current_reference(store: Store) -> bool:
    from kg.reference.graph import reference_version

    return _has_version(store, str(REFERENCE_GRAPH), _DATASET, str(SDO.version), reference_version())


def reference_is_current(store: Store) -> bool:
    """Whether ``store`` already holds the shipped ontology and reference graph, so that
    :func:`ensure_reference` would change nothing (a read-only store can be checked too).

    >>> from kg.store import open_store
    >>> reference_is_current(open_store(":memory:")), reference_is_current(open_store(":memory:", bootstrap=False))
    (True, False)
    """
    return _has_current_ontology(store) and _has_current_reference(store)


def ensure_reference(store: Store, force: bool = False) -> bool:
    """Load the ontology and the reference graph unless the store already holds these versions.
    Returns whether anything was (re)built."""
    from kg.reference.graph import build_reference_graph

    built = False
    if force or not _has_current_ontology(store):
        from rdflib import Graph, Literal

        ontology = Graph().parse(asset_path("ontology", "kommunegraf.ttl"), format="turtle")
        ontology.add((ONTOLOGY_GRAPH, SDO.version, Literal(_ontology_version())))
        store.replace_graph(str(ONTOLOGY_GRAPH), ontology.serialize(format="nt"))
        built = True
    if force or not _has_current_reference(store):
        store.replace_graph(str(REFERENCE_GRAPH), build_reference_graph().serialize(format="nt"))
        built = True
    return built


def build(store: Store, force: bool = True, articles: bool = True) -> BuildReport:
    """(Re)build the ontology and reference graphs in ``store``, ingest the shipped sample articles
    (``data/articles/``) unless ``articles`` is False, and time it."""
    started = time.perf_counter()
    rebuilt = ensure_reference(store, force=force)
    ingested = None
    folder = asset_path("data", "articles")
    if articles and folder.is_dir():
        from kg.ingestion import ingest

        ingested = ingest(store, [folder])
    seconds = time.perf_counter() - started
    return BuildReport(rebuilt, seconds, stats(store).triples,
                       ingested.articles if ingested else 0, ingested.facts if ingested else 0)
