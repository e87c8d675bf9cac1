"""Count what a store holds: triples per named graph and entities per class.

>>> from kg.store import open_store
>>> report = stats(open_store(":memory:"))
>>> report.classes["https://w3id.org/kommunegraf/ontology#Municipality"]
467
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.store import Store


@dataclass(frozen=True)
class StoreStats:
    location: str
    graphs: dict[str, int]  # named graph IRI -> triples
    classes: dict[str, int]  # class IRI -> distinct instances

    @property
    def triples(self) -> int:
        return sum(self.graphs.values())


def stats(store: Store) -> StoreStats:
    """Triples per named graph and instances per class (over all graphs)."""
    graphs = {
        row["g"].value: int(row["n"].value)
        for row in store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g")
    }
    classes = {
        row["c"].value: int(row["n"].value)
        for row in store.query(
            "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s a ?c } } GROUP BY ?c ORDER BY DESC(?n) ?c")
    }
    return StoreStats(store.location, graphs, classes)
