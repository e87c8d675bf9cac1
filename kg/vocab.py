"""RDF namespaces used in code: reused W3C vocabularies and the kommunegraf terms.

Terms of our own come from a closed :class:`rdflib.namespace.DefinedNamespace`, so a typo such as
``KGO.Municipalty`` fails at import time instead of writing a wrong IRI into the graph.

>>> str(KGO.Municipality)
'https://w3id.org/kommunegraf/ontology#Municipality'
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SDO, SKOS, TIME, XSD, DefinedNamespace

__all__ = [
    "DCTERMS", "KGO", "KGR", "OA", "ORG", "OWL", "PROV", "RDF", "RDFS", "SDO", "SKOS", "TIME",
    "WD", "XSD", "BRREG_UNIT", "FDK_ORGANIZATION", "GEONORGE_UNIT", "PREFIXES", "SDO_OBSERVATION_ABOUT", "REFERENCE_GRAPH", "ONTOLOGY_GRAPH",
]

#: Base of every resource IRI minted by kommunegraf (see ontology/README.md for the scheme).
KGR = Namespace("https://w3id.org/kommunegraf/id/")
#: W3C Web Annotation vocabulary: text selectors for evidence spans.
OA = Namespace("http://www.w3.org/ns/oa#")
#: Wikidata entities.
WD = Namespace("http://www.wikidata.org/entity/")
#: Public-sector registers that key municipalities and counties (followed by the number).
BRREG_UNIT = Namespace("https://data.brreg.no/enhetsregisteret/api/enheter/")  # Enhetsregisteret, by org. number
FDK_ORGANIZATION = Namespace("https://organization-catalog.fellesdatakatalog.digdir.no/organizations/")
GEONORGE_UNIT = Namespace("https://data.geonorge.no/administrativeEnheter/")  # + kommune|fylke/id/{number}


class KGO(DefinedNamespace):
    """kommunegraf ontology terms (``ontology/kommunegraf.ttl``)."""

    _NS = Namespace("https://w3id.org/kommunegraf/ontology#")
    _fail = True

    # classes
    Municipality: URIRef
    County: URIRef
    Network: URIRef
    RegionalCouncil: URIRef
    InterMunicipalCooperation: URIRef
    MunicipalityNumber: URIRef
    CountyNumber: URIRef
    OfficeHolding: URIRef
    NetworkMembership: URIRef
    Meeting: URIRef
    AgendaItem: URIRef
    JointStatement: URIRef
    Merger: URIRef
    Split: URIRef
    Renumbering: URIRef
    PopulationCount: URIRef
    Extraction: URIRef
    Linking: URIRef
    Conflict: URIRef
    HoldingStatus: URIRef
    # properties
    county: URIRef
    organisationNumber: URIRef
    oldNumber: URIRef
    newNumber: URIRef
    post: URIRef
    status: URIRef
    evidence: URIRef
    claim: URIRef
    contradictedBy: URIRef
    introducedBy: URIRef
    statedMemberCount: URIRef
    # individuals: roles
    Roles: URIRef
    Mayor: URIRef
    DeputyMayor: URIRef
    ChiefExecutive: URIRef
    GoverningMayor: URIRef
    CountyMayor: URIRef
    CountyChiefExecutive: URIRef
    # individuals: holding status
    Statuses: URIRef
    Current: URIRef
    Former: URIRef
    Incoming: URIRef
    Acting: URIRef


#: schema.org terms newer than the copy rdflib ships (``SDO.observationAbout`` would warn).
SDO_OBSERVATION_ABOUT = URIRef(str(SDO) + "observationAbout")

#: Named graph holding the reference data (municipalities, counties, changes).
REFERENCE_GRAPH = KGR["graph/reference"]
#: Named graph holding the ontology itself, so queries can read role labels.
ONTOLOGY_GRAPH = KGR["graph/ontology"]

#: Prefixes declared in serialisations and used to shorten IRIs in table output.
PREFIXES: dict[str, str] = {
    "kgo": str(KGO._NS),
    "kgr": str(KGR),
    "org": str(ORG),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "skos": str(SKOS),
    "schema": str(SDO),
    "time": str(TIME),
    "oa": str(OA),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "wd": str(WD),
}
