"""Check a store or an RDF file against the SHACL shapes in ``ontology/shapes.ttl`` (pySHACL).

>>> from kg.store import open_store
>>> validate(open_store(":memory:")).conforms
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.assets import asset_path
from kg.errors import InputError
from kg.store import Store

#: File endings rdflib can read, for ``kg validate FILE``.
RDF_FORMATS = {".ttl": "turtle", ".nt": "nt", ".nq": "nquads", ".trig": "trig", ".jsonld": "json-ld",
               ".rdf": "xml", ".owl": "xml", ".xml": "xml"}


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str
    message: str
    severity: str


@dataclass
class ValidationReport:
    conforms: bool
    triples: int
    violations: list[Violation] = field(default_factory=list)


def _store_graph(store: Store):
    """The union of every named graph, as one rdflib graph."""
    from rdflib import Graph

    data = store.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
    return Graph().parse(data=ox.serialize(data, format=ox.RdfFormat.N_TRIPLES), format="nt")


def _file_graph(path: Path):
    from rdflib import Dataset, Graph

    fmt = RDF_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(f"{path}: unknown RDF file type; use one of {', '.join(sorted(RDF_FORMATS))}")
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    try:
        if fmt in {"trig", "nquads"}:
            dataset = Dataset()
            dataset.parse(path, format=fmt)
            graph = Graph()
            for s, p, o, _ in dataset.quads((None, None, None, None)):
                graph.add((s, p, o))
            return graph
        return Graph().parse(path, format=fmt)
    except Exception as error:  # rdflib raises many parser-specific types
        first = " ".join(str(error).split())[:200]
        raise InputError(f"{path}: not valid {fmt} ({first})") from error


def validate(source: Store | str | Path) -> ValidationReport:
    """Validate a store (all named graphs together) or an RDF file against the shapes."""
    import pyshacl
    from rdflib import Graph
    from rdflib.namespace import SH

    data = _store_graph(source) if isinstance(source, Store) else _file_graph(Path(source))
    shapes = Graph().parse(asset_path("ontology", "shapes.ttl"), format="turtle")
    ontology = Graph().parse(asset_path("ontology", "kommunegraf.ttl"), format="turtle")
    conforms, results, _ = pyshacl.validate(
        data, shacl_graph=shapes, ont_graph=ontology, inference="none", allow_warnings=True)
    violations = [
        Violation(
            focus=str(results.value(r, SH.focusNode)),
            path=str(results.value(r, SH.resultPath) or ""),
            message=str(results.value(r, SH.resultMessage) or ""),
            severity=str(results.value(r, SH.resultSeverity)).rsplit("#", 1)[-1],
        )
        for r in results.subjects(predicate=SH.focusNode)
    ]
    violations.sort(key=lambda v: (v.focus, v.path, v.message))
    return ValidationReport(bool(conforms), len(data), violations)
