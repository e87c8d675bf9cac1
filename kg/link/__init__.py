"""Link the graph to Wikidata: its heads of government as facts, persons as ``owl:sameAs``, and
conflicts between articles and Wikidata (``kg link wikidata``, ``kg query conflicts``).

>>> from kg.store import open_store
>>> link_wikidata(open_store(":memory:"), "http://127.0.0.1:9/sparql")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
kg.errors.StoreError: Wikidata endpoint: endpoint http://127.0.0.1:9/sparql: cannot connect (...)
"""

from __future__ import annotations

import time

from kg.link.holders import WIKIDATA_GRAPH, LinkReport, reconcile
from kg.link.wikidata import DEFAULT_ENDPOINT, WikidataClient
from kg.store import Store

__all__ = ["DEFAULT_ENDPOINT", "WIKIDATA_GRAPH", "LinkReport", "link_wikidata"]


def link_wikidata(store: Store, endpoint: str = DEFAULT_ENDPOINT, *, timeout: float = 120.0,
                  min_interval: float = 1.0) -> LinkReport:
    """Read Wikidata's heads of government of Norwegian municipalities from ``endpoint`` and replace
    the store's Wikidata graph with them, the person links and the conflicts found."""
    started = time.perf_counter()
    heads = WikidataClient(endpoint, timeout=timeout, min_interval=min_interval).heads_of_government()
    graph, report = reconcile(store, heads, endpoint)
    store.replace_graph(str(WIKIDATA_GRAPH), graph.serialize(format="nt"))
    report.seconds = time.perf_counter() - started
    return report
