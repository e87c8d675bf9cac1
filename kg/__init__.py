"""kommunegraf: a knowledge graph of Norwegian municipal governance.

The functions the ``kg`` command calls, for use from Python and notebooks::

    import kg
    store = kg.open_store(":memory:")            # or a folder; None = the default store
    result = kg.run_query(store, "municipality-by-number", {"number": "0602", "date": "2019-06-01"})
    result.records()[0]["currentNumber"]          # '3301'
    print(kg.format_result(result, "table"))

Imports are lazy so that ``import kg`` stays fast: rdflib and pySHACL load only when used.
"""

from __future__ import annotations

from importlib import import_module

__version__ = "0.1.0"

_API = {
    "open_store": "kg.store",
    "open_store_for_reading": "kg.store",
    "default_store_path": "kg.store",
    "Store": "kg.store",
    "build": "kg.builder",
    "ensure_reference": "kg.builder",
    "BuildReport": "kg.builder",
    "run_query": "kg.query",
    "get_query": "kg.query",
    "list_queries": "kg.query",
    "parse_query": "kg.query",
    "bind": "kg.query",
    "Query": "kg.query",
    "QueryResult": "kg.query",
    "format_result": "kg.output",
    "validate": "kg.validation",
    "ValidationReport": "kg.validation",
    "stats": "kg.statistics",
    "StoreStats": "kg.statistics",
    "load_reference": "kg.reference.model",
    "build_reference_graph": "kg.reference.graph",
    "KgError": "kg.errors",
    "load_articles": "kg.sources",
    "Article": "kg.sources",
    "extract": "kg.extraction",
    "ingest": "kg.ingestion",
    "ingest_articles": "kg.ingestion",
    "remove": "kg.ingestion",
    "evaluate": "kg.evaluation",
    "RemoteStore": "kg.remote",
    "link_wikidata": "kg.link",
    "make_server": "kg.serve",
}

_RENAMED = {"load_articles": "load"}

__all__ = sorted(_API) + ["__version__"]


def __getattr__(name: str):
    if name in _API:
        return getattr(import_module(_API[name]), _RENAMED.get(name, name))
    raise AttributeError(f"module 'kg' has no attribute {name!r}")


def __dir__() -> list[str]:
    return __all__
