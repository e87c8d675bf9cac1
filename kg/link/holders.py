"""Reconcile the mayors read from articles with Wikidata's heads of government.

A Wikidata statement is placed on the kommunegraf municipality that has its item (``owl:sameAs``)
or, failing that, one of its kommunenummer, for the part of its period in which that municipality
existed (Drammen's item covers both the Drammen of 2019 and the merged Drammen of 2020). Then, for
every mayor named in an article:

- **link**: the names agree (the same first and last name; a middle name may be left out), the
  municipality is the same, and the period agrees with the article's date and the status it gives
  (a current or acting mayor on the day, a former one before it, an incoming one from about then):
  the article's person is ``owl:sameAs`` the Wikidata person;
- **conflict**: the article calls someone the (current) mayor on a day for which Wikidata names
  someone else and nobody who agrees: a ``kgo:Conflict`` between the two holdings, with the
  article's sentence as evidence. Municipalities with a governing mayor (byrådsleder) in the store
  are not judged: there Wikidata's "head of government" may be either office.

Everything goes into one named graph, replaced whole on each run.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef

from kg.article_graph import SOFTWARE
from kg.link.wikidata import HeadOfGovernment
from kg.store import Store
from kg.vocab import DCTERMS, KGO, KGR, ORG, OWL, PROV, RDF, RDFS, SDO, XSD

WIKIDATA_GRAPH = KGR["graph/wikidata"]
#: An incoming mayor's Wikidata start may lie a little before the article that announces them.
INCOMING_SLACK = timedelta(days=31)


@dataclass(frozen=True)
class Placed:
    """A Wikidata statement on one kommunegraf municipality, clipped to the municipality's life."""

    head: HeadOfGovernment
    unit: str
    unit_key: str
    unit_name: str
    start: date | None
    end: date | None

    @property
    def iri(self) -> URIRef:
        return KGR[f"holding/wikidata/{self.head.statement.rsplit('/', 1)[-1]}/{self.unit_key}"]

    def covers(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Claim:
    """A mayor named in one article."""

    graph: str  # the article's graph (its IRI)
    holding: str
    person: str
    name: str
    unit: str
    role: str
    status: str  # current, former, incoming, acting
    day: date | None


@dataclass
class LinkReport:
    endpoint: str
    statements: int = 0  # P6 statements read
    holdings: int = 0  # of them placed on a municipality (split at reforms)
    unplaced: list[str] = field(default_factory=list)  # statements on items we cannot place
    links: list[tuple[str, str]] = field(default_factory=list)  # (our person, Wikidata person)
    conflicts: list[str] = field(default_factory=list)  # one line each
    seconds: float = 0.0


def name_tokens(name: str) -> list[str]:
    """Casefolded words of a name, accents kept but punctuation dropped.

    >>> name_tokens("Monica  Myrvold-Berg")
    ['monica', 'myrvold', 'berg']
    """
    text = unicodedata.normalize("NFKC", name).casefold()
    return re.findall(r"[^\W\d_]+", text)


def names_agree(one: str, other: str) -> bool:
    """The same person's name: equal, or the same first and last word (a middle name left out).

    >>> names_agree("Monica Myrvold Berg", "Monica Berg"), names_agree("Kari Holm", "Kari Holmen")
    (True, False)
    """
    a, b = name_tokens(one), name_tokens(other)
    if not a or not b:
        return False
    return a == b or (len(a) > 1 and len(b) > 1 and a[0] == b[0] and a[-1] == b[-1])


def period_agrees(claim: Claim, placed: Placed) -> bool:
    """Whether a statement's period fits what the article says on its date."""
    if claim.day is None:
        return True
    if claim.status == "former":
        return placed.end is not None and placed.end <= claim.day
    if claim.status == "incoming":
        return placed.start is None or placed.start >= claim.day - INCOMING_SLACK
    return placed.covers(claim.day)


# -- reading the store ----------------------------------------------------------------------------

_UNITS = """
PREFIX kgo: <https://w3id.org/kommunegraf/ontology#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX schema: <https://schema.org/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?unit ?label ?item ?number ?from ?until WHERE {
  GRAPH <https://w3id.org/kommunegraf/id/graph/reference> {
    ?unit a kgo:Municipality ;
          rdfs:label ?label .
    { ?unit owl:sameAs ?item } UNION { ?unit schema:identifier/schema:value ?number }
    OPTIONAL { ?unit schema:validFrom ?from }
    OPTIONAL { ?unit schema:validUntil ?until }
  }
}"""

_CLAIMS = """
PREFIX kgo: <https://w3id.org/kommunegraf/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX schema: <https://schema.org/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?g ?holding ?person ?name ?unit ?role ?status ?published WHERE {
  VALUES ?role { kgo:Mayor kgo:GoverningMayor }
  GRAPH ?g {
    ?article a schema:NewsArticle .
    OPTIONAL { ?article schema:datePublished ?published }
    ?holding a kgo:OfficeHolding ;
             org:role ?role ;
             org:member ?person ;
             org:organization ?unit ;
             kgo:status ?statusIri .
    ?person rdfs:label ?name .
  }
  ?statusIri skos:notation ?status .
}"""

_EVIDENCE = """
PREFIX kgo: <https://w3id.org/kommunegraf/ontology#>
SELECT DISTINCT ?evidence WHERE { GRAPH %s { %s kgo:evidence ?evidence } }"""


def _units(store: Store) -> tuple[dict, dict]:
    """Municipalities by Wikidata item and by number: unit IRI → (key, name, from, until)."""
    by_item: dict[str, dict] = defaultdict(dict)
    by_number: dict[str, dict] = defaultdict(dict)
    for row in store.query(_UNITS):
        unit = row["unit"].value
        life = (unit.rsplit("/", 1)[-1], row["label"].value, _date(row["from"]), _date(row["until"]))
        if row["item"] is not None:
            by_item[row["item"].value][unit] = life
        if row["number"] is not None:
            by_number[row["number"].value][unit] = life
    return by_item, by_number


def _date(term) -> date | None:
    return date.fromisoformat(term.value[:10]) if term is not None else None


def place(heads: list[HeadOfGovernment], store: Store) -> tuple[list[Placed], list[str]]:
    """Each statement on the municipalities it concerns, clipped to their lives; and the statements
    that concern none."""
    by_item, by_number = _units(store)
    placed, unplaced = [], []
    for head in heads:
        units = dict(by_item.get(head.item, {}))
        if not units:
            for number in head.numbers:
                units.update(by_number.get(number, {}))
        found = False
        for unit, (key, name, born, ended) in sorted(units.items()):
            start = max(filter(None, (head.start, born)), default=None)
            end = min(filter(None, (head.end, ended)), default=None)
            if start and end and start > end:
                continue  # the statement lies outside this municipality's life
            placed.append(Placed(head, unit, key, name, start, end))
            found = True
        if not found:
            unplaced.append(head.statement)
    return placed, unplaced


def claims(store: Store) -> list[Claim]:
    """Every mayor (and governing mayor) named in an article, with the article's date."""
    return [Claim(row["g"].value, row["holding"].value, row["person"].value, row["name"].value,
                  row["unit"].value, row["role"].value.rsplit("#", 1)[-1], row["status"].value,
                  _date(row["published"]))
            for row in store.query(_CLAIMS)]


# -- reconciling and writing ----------------------------------------------------------------------

def reconcile(store: Store, heads: list[HeadOfGovernment], endpoint: str) -> tuple[Graph, LinkReport]:
    """The Wikidata graph (holdings, persons, links, conflicts) and what it holds."""
    report = LinkReport(endpoint, statements=len(heads))
    placed, report.unplaced = place(heads, store)
    report.holdings = len(placed)
    graph = Graph()
    activity = KGR["linking/wikidata"]
    graph.add((activity, RDF.type, KGO.Linking))
    graph.add((activity, PROV.used, URIRef(endpoint)))
    graph.add((activity, PROV.wasAssociatedWith, SOFTWARE))
    graph.add((activity, PROV.endedAtTime, Literal(datetime.now(timezone.utc).replace(microsecond=0))))
    for item in placed:
        _holding(graph, item, activity)

    by_unit: dict[str, list[Placed]] = defaultdict(list)
    for item in placed:
        by_unit[item.unit].append(item)
    found = claims(store)
    parliamentary = {claim.unit for claim in found if claim.role == "GoverningMayor"}
    linked: set[tuple[str, str]] = set()
    for claim in found:
        candidates = by_unit.get(claim.unit, [])
        agreeing = [item for item in candidates if any(names_agree(claim.name, name) for name, _ in item.head.names)
                    and period_agrees(claim, item)]
        persons = {item.head.person for item in agreeing}
        if len(persons) == 1:
            linked.add((claim.person, persons.pop()))
        elif (not agreeing and claim.role == "Mayor" and claim.status == "current" and claim.day
              and claim.unit not in parliamentary):
            for item in candidates:
                if item.covers(claim.day):
                    report.conflicts.append(_conflict(graph, store, claim, item, activity))
    for ours, theirs in sorted(linked):
        graph.add((URIRef(ours), OWL.sameAs, URIRef(theirs)))
    report.links = sorted(linked)
    return graph, report


def _holding(graph: Graph, item: Placed, activity: URIRef) -> None:
    unit, person = URIRef(item.unit), URIRef(item.head.person)
    post = URIRef(f"{item.unit}/post/mayor")
    graph.add((post, RDF.type, ORG.Post))
    graph.add((post, ORG.postIn, unit))
    graph.add((post, ORG.role, KGO.Mayor))
    graph.add((person, RDF.type, SDO.Person))
    for name, language in item.head.names:
        graph.add((person, RDFS.label, Literal(name, lang=language or None)))
    graph.add((person, ORG.holds, post))
    holding = item.iri
    graph.add((holding, RDF.type, KGO.OfficeHolding))
    graph.add((holding, ORG.member, person))
    graph.add((holding, ORG.organization, unit))
    graph.add((holding, ORG.role, KGO.Mayor))
    graph.add((holding, KGO.post, post))
    graph.add((holding, KGO.status, KGO.Former if item.head.end else KGO.Current))
    for predicate, day in ((SDO.validFrom, item.start), (SDO.validUntil, item.end)):
        if day:
            graph.add((holding, predicate, Literal(day.isoformat(), datatype=XSD.date)))
    graph.add((holding, PROV.wasDerivedFrom, URIRef(item.head.statement)))
    graph.add((holding, PROV.wasGeneratedBy, activity))


def _conflict(graph: Graph, store: Store, claim: Claim, item: Placed, activity: URIRef) -> str:
    key = hashlib.sha256(f"{claim.graph} {claim.holding} {item.iri}".encode()).hexdigest()[:16]
    conflict = KGR[f"conflict/{key}"]
    graph.add((conflict, RDF.type, KGO.Conflict))
    graph.add((conflict, KGO.claim, URIRef(claim.holding)))
    graph.add((conflict, KGO.contradictedBy, item.iri))
    graph.add((conflict, DCTERMS.date, Literal(claim.day.isoformat(), datatype=XSD.date)))
    graph.add((conflict, PROV.wasDerivedFrom, URIRef(claim.graph)))
    graph.add((conflict, PROV.wasGeneratedBy, activity))
    for row in store.query(_EVIDENCE % (ox.NamedNode(claim.graph), ox.NamedNode(claim.holding))):
        graph.add((conflict, KGO.evidence, URIRef(row["evidence"].value)))
    message = (f"{claim.day}: an article says {claim.name} is mayor of {item.unit_name}; "
               f"Wikidata says {item.head.name} ({item.start or '?'}–{item.end or ''})")
    graph.add((conflict, RDFS.comment, Literal(message, lang="en")))
    return message
