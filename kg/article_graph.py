"""An article's facts as RDF: the graph stored under the article's own name.

The modelling is in ``ontology/README.md`` ("Facts and provenance"): every fact node carries
``kgo:evidence`` → an ``oa:SpecificResource`` on the article whose selector quotes the sentence
(``oa:exact``, ``oa:start``, ``oa:end``) and is refined (``oa:refinedBy``) by a selector for the
phrase itself; ``prov:wasGeneratedBy`` names the extraction (the article and the extractor's
version). IRIs come from what a fact says, so the same input always gives the same graph.

>>> from datetime import date
>>> from kg.extraction import extract
>>> from kg.sources import Article
>>> article = Article("a1", "Drammens ordfører Kari Holm er glad.", date=date(2021, 3, 1))
>>> g = article_graph(article, extract(article))
>>> str(article_iri(article))
'https://w3id.org/kommunegraf/id/article/78e29bbcec109bbb'
>>> len(g) > 20
True
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg.extraction import EXTRACTOR_VERSION, Extraction, Organization
from kg.extraction.facts import MeetingFact, MembershipFact, OfficeFact
from kg.vocab import DCTERMS, KGO, KGR, OA, ORG, PROV, RDF, RDFS, SDO, SKOS

ROLES = {"mayor": KGO.Mayor, "deputy_mayor": KGO.DeputyMayor, "chief_executive": KGO.ChiefExecutive,
         "governing_mayor": KGO.GoverningMayor, "county_mayor": KGO.CountyMayor,
         "county_chief_executive": KGO.CountyChiefExecutive}
STATUSES = {"current": KGO.Current, "former": KGO.Former, "incoming": KGO.Incoming, "acting": KGO.Acting}
SOFTWARE = KGR[f"software/kommunegraf/{EXTRACTOR_VERSION}"]


def slug(text: str) -> str:
    """A readable IRI segment: "Monica Myrvold Berg" → "monica-myrvold-berg", æøå kept as ae/o/a.

    >>> slug("det administrative Storbynettverket")
    'administrative-storbynettverket'
    """
    words = text.lower().split()
    if len(words) > 1 and words[0] in ("det", "den", "dei", "de"):
        words = words[1:]
    text = " ".join(words).replace("æ", "ae").replace("ø", "o").replace("å", "a")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "x"


def article_iri(article) -> URIRef:
    """From the article's URL when known, else from a hash of its text (stable across runs)."""
    if article.url and re.match(r"^https?://[^\s<>\"{}|\\^`]+$", article.url):
        return URIRef(article.url)
    return KGR[f"article/{hashlib.sha256(article.text.encode('utf-8')).hexdigest()[:16]}"]


def organization_iri(org: Organization) -> URIRef:
    if org.unit_key and org.kind in ("municipality", "county"):
        return KGR[f"{org.kind}/{org.unit_key}"]
    if org.kind == "network":
        return KGR[f"network/{slug(org.name)}"]
    return KGR[f"organisation/{slug(org.name)}"]


def article_graph(article, extraction: Extraction) -> Graph:
    """The triples of one article's named graph: the article, its facts and their evidence."""
    g = Graph()
    source = article_iri(article)
    key = hashlib.sha256(str(source).encode()).hexdigest()[:12]
    g.add((source, RDF.type, SDO.NewsArticle))
    g.add((source, DCTERMS.identifier, Literal(article.id)))
    for predicate, value in ((DCTERMS.title, article.title), (DCTERMS.publisher, article.publisher),
                             (DCTERMS.language, article.language)):
        if value:
            g.add((source, predicate, Literal(value)))
    if article.url:
        g.add((source, SDO.url, Literal(article.url, datatype=XSD.anyURI)))
    if article.date:
        g.add((source, SDO.datePublished, Literal(article.date.isoformat(), datatype=XSD.date)))
    activity = KGR[f"extraction/{key}"]
    g.add((activity, RDF.type, KGO.Extraction))
    g.add((activity, PROV.used, source))
    g.add((activity, PROV.wasAssociatedWith, SOFTWARE))

    def evidence(node: URIRef, items) -> None:
        for ev in items:
            iri = KGR[f"evidence/{key}/{ev.start}-{ev.end}"]
            sentence, phrase = URIRef(f"{iri}/selector"), URIRef(f"{iri}/phrase")
            g.add((node, KGO.evidence, iri))
            g.add((iri, RDF.type, OA.SpecificResource))
            g.add((iri, OA.hasSource, source))
            g.add((iri, OA.hasSelector, sentence))
            _selector(g, sentence, ev.sentence_start, ev.sentence_end,
                      article.text[ev.sentence_start:ev.sentence_end])
            g.add((sentence, OA.refinedBy, phrase))
            _selector(g, phrase, ev.start, ev.end, ev.text)

    # one node per person in an article: keyed by the organisation of their first office in it
    homes: dict[str, Organization | None] = {}
    for fact in extraction.facts:
        if isinstance(fact, OfficeFact) and fact.person and fact.organization is not None:
            current = homes.get(fact.person)
            if current is None or current.kind == "network" and fact.organization.kind != "network":
                homes[fact.person] = fact.organization
    for fact in extraction.facts:
        if isinstance(fact, OfficeFact):
            _office(g, fact, activity, evidence, homes)
        elif isinstance(fact, MembershipFact):
            _membership(g, fact, activity, evidence)
        elif isinstance(fact, MeetingFact):
            _meeting(g, fact, activity, evidence)
    for check in extraction.checks:
        network = KGR[f"network/{slug(check.network)}"]
        g.add((network, KGO.statedMemberCount, Literal(check.stated)))
        evidence(network, [check.evidence])
    return g


def _selector(g: Graph, node: URIRef, start: int, end: int, exact: str) -> None:
    g.add((node, RDF.type, OA.TextPositionSelector))
    g.add((node, RDF.type, OA.TextQuoteSelector))
    g.add((node, OA.start, Literal(start)))
    g.add((node, OA.end, Literal(end)))
    g.add((node, OA.exact, Literal(exact)))


def _key(org: Organization) -> str:
    """An organisation's IRI segment in holdings and memberships: "3005-2020", "county-14", "network-…"."""
    if org.kind == "municipality" and org.unit_key:
        return org.unit_key
    if org.kind == "county" and org.unit_key:
        return f"county-{org.unit_key}"
    return f"{'network' if org.kind == 'network' else 'organisation'}-{slug(org.name)}"


def _person(g: Graph, name: str, org: Organization | None) -> URIRef:
    """One node per person per organisation: the same name holding office in the same place (in
    any article) is taken to be the same person; a namesake elsewhere is not."""
    where = org.unit_key if org and org.unit_key else slug(org.name) if org else None
    person = KGR[f"person/{slug(name)}" + (f"/{where}" if where else "")]
    g.add((person, RDF.type, SDO.Person))
    g.add((person, RDFS.label, Literal(name)))
    return person


def _organization(g: Graph, org: Organization) -> URIRef:
    iri = organization_iri(org)
    if org.kind == "network":
        g.add((iri, RDF.type, KGO.Network))
        g.add((iri, RDFS.label, Literal(org.name)))
    elif not org.unit_key:
        g.add((iri, RDF.type, ORG.Organization))
        g.add((iri, RDFS.label, Literal(org.name)))
    return iri


def _office(g: Graph, fact: OfficeFact, activity: URIRef, evidence, homes: dict) -> None:
    org = fact.organization
    if fact.post in ROLES:
        role = ROLES[fact.post]
        post_key = fact.post
    else:
        title = fact.post.split(":", 1)[1]
        post_key = f"other-{slug(title)}"
        role = KGR[f"role/{slug(title)}"]
        g.add((role, RDF.type, ORG.Role))
        g.add((role, SKOS.notation, Literal(fact.post)))
        g.add((role, SKOS.prefLabel, Literal(title, lang="nb")))
    if org is None or (org.kind in ("municipality", "county") and not org.unit_key):
        # a holder whose organisation the text does not settle: keep the person and the title
        if fact.person:
            person = _person(g, fact.person, None)
            g.add((person, SDO.jobTitle, Literal(fact.post)))
            evidence(person, fact.evidence)
        return
    org_iri = _organization(g, org)
    post = URIRef(f"{org_iri}/post/{post_key}")
    g.add((post, RDF.type, ORG.Post))
    g.add((post, ORG.postIn, org_iri))
    g.add((post, ORG.role, role))
    evidence(post, fact.evidence)
    if fact.person is None:
        return
    person = _person(g, fact.person, homes.get(fact.person, org))
    evidence(person, fact.evidence)
    holding = KGR[f"holding/{slug(fact.person)}/{_key(org)}/{post_key}"]
    g.add((holding, RDF.type, KGO.OfficeHolding))
    g.add((holding, ORG.member, person))
    g.add((holding, ORG.organization, org_iri))
    g.add((holding, ORG.role, role))
    g.add((holding, KGO.post, post))
    _stated(g, holding, fact, activity, evidence)
    g.add((person, ORG.holds, post))


def _stated(g: Graph, node: URIRef, fact, activity: URIRef, evidence) -> None:
    """What every holding and membership carries: status, start, evidence and the extraction."""
    g.add((node, KGO.status, STATUSES[fact.status]))
    g.add((node, PROV.wasGeneratedBy, activity))
    if fact.valid_from:
        g.add((node, SDO.validFrom, Literal(fact.valid_from.isoformat(), datatype=XSD.date)))
    evidence(node, fact.evidence)


def _membership(g: Graph, fact: MembershipFact, activity: URIRef, evidence) -> None:
    network = _organization(g, Organization(fact.network, "network"))
    member = _organization(g, fact.member)
    membership = KGR[f"membership/{slug(fact.network)}/{_key(fact.member)}"]
    g.add((membership, RDF.type, KGO.NetworkMembership))
    g.add((membership, ORG.member, member))
    g.add((membership, ORG.organization, network))
    _stated(g, membership, fact, activity, evidence)
    evidence(network, fact.evidence[:1])
    if fact.status == "current":
        g.add((member, ORG.memberOf, network))


def _meeting(g: Graph, fact: MeetingFact, activity: URIRef, evidence) -> None:
    network = _organization(g, Organization(fact.network, "network")) if fact.network else None
    day = fact.day.isoformat() if fact.day else "undated"
    meeting = KGR[f"meeting/{slug(fact.network or 'unknown')}/{day}"]
    g.add((meeting, RDF.type, KGO.Meeting))
    g.add((meeting, PROV.wasGeneratedBy, activity))
    if fact.day:
        g.add((meeting, SDO.startDate, Literal(day, datatype=XSD.date)))
    if network is not None:
        g.add((meeting, SDO.organizer, network))
    evidence(meeting, fact.evidence)
    items = {}
    for number, topic in enumerate(fact.topics, start=1):
        item = URIRef(f"{meeting}/item/{number}")
        items[topic.text] = item
        g.add((item, RDF.type, KGO.AgendaItem))
        g.add((item, SDO.name, Literal(topic.text)))
        g.add((meeting, SDO.subEvent, item))
        for org in topic.introduced_by:
            g.add((item, KGO.introducedBy, _organization(g, org)))
        if topic.evidence:
            evidence(item, [topic.evidence])
    for number, outcome in enumerate(fact.outcomes, start=1):
        statement = URIRef(f"{meeting}/statement/{number}")
        g.add((statement, RDF.type, KGO.JointStatement))
        g.add((statement, SDO.name, Literal(outcome.text)))
        g.add((meeting, PROV.generated, statement))
        if outcome.about in items:
            g.add((statement, SDO.about, items[outcome.about]))
        if outcome.evidence:
            evidence(statement, [outcome.evidence])

