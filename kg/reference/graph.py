"""Build the reference graph: municipalities, counties, numbers over time and the reforms, as RDF.

Every IRI is derived from the data (no blank nodes, no timestamps), so building twice gives the
same graph. The modelling is documented in ``ontology/README.md``.

>>> graph = build_reference_graph()
>>> (KGR["municipality/3005-2020"], RDF.type, KGO.Municipality) in graph
True
"""

from __future__ import annotations

import hashlib
from datetime import date

from rdflib import Graph, Literal, URIRef

from kg.errors import ReferenceDataError
from kg.reference.model import Reference, load_reference
from kg.reference.tables import reference_dir
from kg.reference.timeline import NumberPeriod, Unit
from kg.vocab import (
    BRREG_UNIT, DCTERMS, FDK_ORGANIZATION, GEONORGE_UNIT, KGO, KGR, ORG, OWL, PREFIXES, RDF, RDFS, SDO,
    SDO_OBSERVATION_ABOUT, SKOS, WD, XSD,
)

#: Bumped whenever the shape of the generated graph changes, so stores rebuild their copy.
GRAPH_VERSION = "2"

_CLASS = {"municipality": KGO.Municipality, "county": KGO.County}
_NUMBER_CLASS = {"municipality": KGO.MunicipalityNumber, "county": KGO.CountyNumber}
_NUMBER_NAME = {"municipality": "kommunenummer", "county": "fylkesnummer"}
_GEONORGE_KIND = {"municipality": "kommune", "county": "fylke"}
NORWEGIAN = "no"  # official names are the same in Bokmål and Nynorsk
DATASET = KGR["dataset/reference"]


def unit_iri(unit: Unit) -> URIRef:
    return KGR[f"{unit.kind}/{unit.key}"]


def number_iri(unit: Unit, period: NumberPeriod) -> URIRef:
    return KGR[f"{unit.kind}/{unit.key}/number/{period.number}"]


def geonorge_iri(kind: str, number: str) -> URIRef:
    """Kartverket's administrative-unit IRI for a number, as Felles datakatalog's reference data
    forms it: ``https://data.geonorge.no/administrativeEnheter/kommune/id/3301``."""
    return GEONORGE_UNIT[f"{_GEONORGE_KIND[kind]}/id/{number}"]


def _date(value: date) -> Literal:
    return Literal(value.isoformat(), datatype=XSD.date)


def reference_version() -> str:
    """A digest of the reference tables and the graph shape: changes when either changes."""
    digest = hashlib.sha256(GRAPH_VERSION.encode())
    for path in sorted(reference_dir().glob("*.csv")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def build_reference_graph(reference: Reference | None = None) -> Graph:
    """The reference graph as an rdflib :class:`~rdflib.Graph` (about 30,000 triples)."""
    reference = reference or load_reference()
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)

    graph.add((DATASET, RDF.type, SDO.Dataset))
    graph.add((DATASET, DCTERMS.title, Literal("Norwegian municipalities and counties since 2019", lang="en")))
    graph.add((DATASET, DCTERMS.source, Literal(
        "Kartverket, Statistics Norway (SSB) and Wikidata; see data/reference/SOURCES.md")))
    graph.add((DATASET, SDO.version, Literal(reference_version())))

    counties_by_number = _index_by_number(reference.counties)
    for unit in reference.counties + reference.municipalities:
        _add_unit(graph, unit, counties_by_number)
        _add_events(graph, unit)
    return graph


def _index_by_number(units) -> dict[str, list[tuple[NumberPeriod, Unit]]]:
    index: dict[str, list[tuple[NumberPeriod, Unit]]] = {}
    for unit in units:
        for period in unit.numbers:
            index.setdefault(period.number, []).append((period, unit))
    return index


def _county_of(period: NumberPeriod, counties_by_number) -> Unit:
    day = period.end or period.start or date.today()
    found = [unit for county_period, unit in counties_by_number.get(period.county_number, [])
             if county_period.valid_on(day)]
    if len(found) != 1:
        raise ReferenceDataError(f"number {period.number}: no single county {period.county_number} on {day}")
    return found[0]


def _add_unit(graph: Graph, unit: Unit, counties_by_number) -> None:
    node = unit_iri(unit)
    graph.add((node, RDF.type, _CLASS[unit.kind]))
    graph.add((node, SKOS.prefLabel, Literal(unit.name, lang=NORWEGIAN)))
    graph.add((node, RDFS.label, Literal(unit.name, lang=NORWEGIAN)))
    for tag, name in unit.latest.other_names.items():
        graph.add((node, SKOS.prefLabel, Literal(name, lang=tag)))
    for reg in unit.registrations:
        if reg.name != unit.name:
            graph.add((node, SKOS.altLabel, Literal(reg.name, lang=NORWEGIAN)))
        if reg.official_name != reg.name:  # multi-language official form, e.g. "Guovdageaidnu - Kautokeino"
            graph.add((node, SKOS.altLabel, Literal(reg.official_name)))
    if unit.start:
        graph.add((node, SDO.validFrom, _date(unit.start)))
    if unit.end:
        graph.add((node, SDO.validUntil, _date(unit.end)))

    for period in unit.numbers:
        ident = number_iri(unit, period)
        graph.add((node, SDO.identifier, ident))
        graph.add((ident, RDF.type, _NUMBER_CLASS[unit.kind]))
        graph.add((ident, SDO.propertyID, Literal(_NUMBER_NAME[unit.kind])))
        graph.add((ident, SDO.value, Literal(period.number)))
        graph.add((ident, SDO.name, Literal(period.name, lang=NORWEGIAN)))
        if period.start:
            graph.add((ident, SDO.validFrom, _date(period.start)))
        if period.end:
            graph.add((ident, SDO.validUntil, _date(period.end)))
        if unit.kind == "municipality":
            graph.add((ident, KGO.county, unit_iri(_county_of(period, counties_by_number))))
        # the register's unit under this number; seeAlso from the number keeps which period it is
        geonorge = geonorge_iri(unit.kind, period.number)
        graph.add((node, SKOS.exactMatch, geonorge))
        graph.add((ident, RDFS.seeAlso, geonorge))

    qids = {reg.wikidata for reg in unit.registrations if reg.wikidata}
    if len(qids) > 1:
        raise ReferenceDataError(f"{unit} has several Wikidata items: {sorted(qids)}")
    for qid in qids:
        graph.add((node, OWL.sameAs, WD[qid]))
    for reg in unit.registrations:
        if reg.org_number:
            graph.add((node, KGO.organisationNumber, Literal(reg.org_number)))
            graph.add((node, SKOS.exactMatch, BRREG_UNIT[reg.org_number]))
            graph.add((node, SKOS.exactMatch, FDK_ORGANIZATION[reg.org_number]))
        if reg.legal_name:
            graph.add((node, SDO.legalName, Literal(reg.legal_name)))
        for day, count in reg.population:
            obs = KGR[f"{unit.kind}/{unit.key}/population/{day.isoformat()}"]
            graph.add((obs, RDF.type, KGO.PopulationCount))
            graph.add((obs, SDO_OBSERVATION_ABOUT, node))
            graph.add((obs, SDO.observationDate, _date(day)))
            graph.add((obs, SDO.value, Literal(count, datatype=XSD.integer)))
            graph.add((obs, DCTERMS.source, Literal("Statistics Norway (SSB), table 07459")))

    for old in unit.predecessors:
        graph.add((node, DCTERMS.replaces, unit_iri(old)))
        graph.add((unit_iri(old), DCTERMS.isReplacedBy, node))


def _add_event(graph: Graph, iri: URIRef, kind: URIRef, originals: list[Unit], results: list[Unit],
               when: date, label: str) -> None:
    graph.add((iri, RDF.type, kind))
    graph.add((iri, DCTERMS.date, _date(when)))
    graph.add((iri, RDFS.label, Literal(label, lang="en")))
    for unit in originals:
        graph.add((iri, ORG.originalOrganization, unit_iri(unit)))
        graph.add((unit_iri(unit), ORG.changedBy, iri))
    for unit in results:
        graph.add((iri, ORG.resultingOrganization, unit_iri(unit)))
        graph.add((unit_iri(unit), ORG.resultedFrom, iri))


def _names(units: list[Unit]) -> str:
    return ", ".join(f"{u.name} ({u.numbers[-1].number})" for u in units)


def _add_events(graph: Graph, unit: Unit) -> None:
    """Events in which ``unit`` is the result (merger, replacement) or the original (split)."""
    if unit.created and (len(unit.predecessors) > 1 or
                         (unit.predecessors and len(unit.predecessors[0].successors) == 1)):
        kind = KGO.Merger if len(unit.predecessors) > 1 else ORG.ChangeEvent
        _add_event(graph, KGR[f"event/merger/{unit.kind}/{unit.key}"], kind, unit.predecessors, [unit],
                   unit.created, f"{_names(unit.predecessors)} -> {_names([unit])}")
    if len(unit.successors) > 1:
        when = unit.successors[0].created
        _add_event(graph, KGR[f"event/split/{unit.kind}/{unit.key}"], KGO.Split, [unit], unit.successors,
                   when, f"{_names([unit])} -> {_names(unit.successors)}")
    for before, after in zip(unit.numbers, unit.numbers[1:]):
        if before.number != after.number:
            event = KGR[f"event/renumbering/{unit.kind}/{unit.key}/{before.number}-{after.number}"]
            _add_event(graph, event, KGO.Renumbering, [unit], [unit], after.start,
                       f"{unit.name}: {before.number} -> {after.number}")
            graph.add((event, KGO.oldNumber, Literal(before.number)))
            graph.add((event, KGO.newNumber, Literal(after.number)))
