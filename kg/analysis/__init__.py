"""Analysis: typed networkx graphs from the store (:mod:`.graphs`) and measures over them
(:mod:`.measures`). :func:`build_graph` and :func:`analyse` are what ``kg export`` and ``kg analyse``
call.

>>> from kg.store import open_store
>>> rows = analyse(open_store(":memory:"), "components", as_of="2024-06-01")
>>> rows[0]["size"] > 1
True
"""

from __future__ import annotations

from kg.errors import InputError

GRAPHS = ("governance", "comembership")
MEASURES = ("centrality", "communities", "components", "path")


def build_graph(store, graph: str = "governance", as_of=None, weighting: str = "count",
                ego: str | None = None, radius: int = 1):
    """The governance or co-membership graph (optionally only the ``ego`` neighbourhood)."""
    from kg.analysis import graphs

    if graph == "governance":
        built = graphs.governance_graph(store, as_of)
    elif graph == "comembership":
        built = graphs.comembership_graph(store, as_of, weighting)
    else:
        raise InputError(f"unknown graph {graph!r}; known graphs: {', '.join(GRAPHS)}")
    if ego:
        if radius < 1:
            raise InputError(f"--radius {radius}: must be 1 or more")
        built = graphs.ego_graph(built, ego, radius)
    return built


def analyse(store, measure: str, entities: tuple[str, ...] = (), *, graph: str = "governance",
            as_of=None, weighting: str = "count", ego: str | None = None, radius: int = 1,
            top: int | None = 20, seed: int = 42) -> list[dict]:
    """Rows for one measure: ``centrality``, ``communities``, ``components``, or ``path`` between
    two ``entities`` (each step a fact with its source)."""
    from kg.analysis import measures

    if measure not in MEASURES:
        raise InputError(f"unknown measure {measure!r}; known: {', '.join(MEASURES)}")
    if (measure == "path") != bool(entities):
        raise InputError("kg analyse path takes two entities (names, numbers or IRIs); other measures take none")
    built = build_graph(store, graph, as_of, weighting, ego, radius)
    if measure == "centrality":
        return measures.centrality(built, top)
    if measure == "communities":
        return measures.communities(built, seed=seed)
    if measure == "components":
        return measures.components(built)
    if len(entities) != 2:
        raise InputError(f"kg analyse path takes two entities, not {len(entities)}")
    return [{"step": i + 1} | step.as_dict() for i, step in enumerate(measures.path(built, *entities))]
