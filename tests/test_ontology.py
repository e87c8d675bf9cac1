"""The ontology parses, names every term in Bokmål, Nynorsk and English, and the code's namespace
matches it."""

from __future__ import annotations

from rdflib import Graph
from rdflib.namespace import RDFS, SKOS

from kg.assets import asset_path
from kg.vocab import KGO

LANGUAGES = {"nb", "nn", "en"}


def ontology() -> Graph:
    return Graph().parse(asset_path("ontology", "kommunegraf.ttl"), format="turtle")


def test_every_term_has_labels_and_definitions_in_three_languages():
    graph = ontology()
    terms = {s for s in graph.subjects() if str(s).startswith(str(KGO._NS))}
    assert len(terms) >= 39
    for term in terms:
        labels = {o.language for o in graph.objects(term, RDFS.label)} | {
            o.language for o in graph.objects(term, SKOS.prefLabel)}
        definitions = {o.language for o in graph.objects(term, SKOS.definition)}
        assert LANGUAGES <= labels, f"{term}: labels missing in {LANGUAGES - labels}"
        assert LANGUAGES <= definitions, f"{term}: definitions missing in {LANGUAGES - definitions}"


def test_python_namespace_and_ontology_agree():
    graph = ontology()
    defined = {str(s) for s in graph.subjects() if str(s).startswith(str(KGO._NS))}
    in_code = {str(KGO[name]) for name in KGO.__annotations__}
    assert in_code == defined


def test_shapes_parse():
    shapes = Graph().parse(asset_path("ontology", "shapes.ttl"), format="turtle")
    assert len(shapes) > 100
