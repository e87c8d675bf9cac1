"""An article's facts as RDF: the graph stored under the article's own name.

The modelling is in ``ontology/README.md`` ("Facts and provenance"): every fact node carries
``kgo:evidence`` → an ``oa:SpecificResource`` on the article whose selector quotes the sentence
(``oa:exact``, ``oa:start``, ``oa:end``) and is refined (``oa:refinedBy``) by a selector for the
phrase itself; ``prov:wasGeneratedBy`` names the extraction (the article and the extractor's
version). IRIs come from what a fact says, so the same input always gives the same graph.

:func:`article_triples` is the one place that decides an article's triples. Ingest writes them
with :func:`article_ntriples_text` (plain strings, no rdflib objects: several times faster);
:func:`article_graph` gives the same triples as an rdflib ``Graph``.

>>> from datetime import date
>>> from kg.extraction import extract
>>> from kg.sources import Article
>>> article = Article("a1", "Drammens ordfører Kari Holm er glad.", date=date(2021, 3, 1))
>>> g = article_graph(article, extract(article))
>>> str(article_iri(article))
'https://w3id.org/kommunegraf/id/article/78e29bbcec109bbb'
>>> len(g) > 20
True
>>> text, count = article_ntriples_text(article, extract(article))
>>> count == len(g) == text.count("\\n")
True
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

import pyoxigraph as ox
from rdflib import Graph, URIRef

from kg import vocab
from kg.extraction import EXTRACTOR_VERSION, Extraction, Organization
from kg.extraction.facts import MeetingFact, MembershipFact, OfficeFact
from kg.ntriples import PlainNamespace, Triples

ROLES = {"mayor": vocab.KGO.Mayor, "deputy_mayor": vocab.KGO.DeputyMayor,
         "chief_executive": vocab.KGO.ChiefExecutive, "governing_mayor": vocab.KGO.GoverningMayor,
         "county_mayor": vocab.KGO.CountyMayor, "county_chief_executive": vocab.KGO.CountyChiefExecutive}
STATUSES = {"current": vocab.KGO.Current, "former": vocab.KGO.Former, "incoming": vocab.KGO.Incoming,
            "acting": vocab.KGO.Acting}
SOFTWARE = vocab.KGR[f"software/kommunegraf/{EXTRACTOR_VERSION}"]

# The vocabulary as plain strings, which is what a Triples set holds: an rdflib URIRef hashes and
# formats several times slower than a str, and an article has about a hundred triples.
DCTERMS, KGO, KGR, OA, ORG, PROV, RDF, RDFS, SDO, SKOS, XSD = (
    PlainNamespace(ns) for ns in (vocab.DCTERMS, vocab.KGO, vocab.KGR, vocab.OA, vocab.ORG, vocab.PROV,
                                  vocab.RDF, vocab.RDFS, vocab.SDO, vocab.SKOS, vocab.XSD))
_ROLES = {key: str(role) for key, role in ROLES.items()}
_STATUSES = {key: str(status) for key, status in STATUSES.items()}
_SOFTWARE = str(SOFTWARE)
#: A URL usable as the article's IRI: no spaces, control characters or characters IRIs forbid.
_ARTICLE_URL = re.compile(r"^https?://[^\s\x00-\x20\x7f-\x9f<>\"{}|\\^`]+$")


def _is_iri(text: str) -> bool:
    """Whether ``text`` is an IRI the store accepts: RFC 3987 leaves out code points the pattern
    above lets through (U+FFF0–U+FFFF, private use outside the query), found by Hypothesis."""
    try:
        ox.NamedNode(text)
    except ValueError:
        return False
    return True


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
    return URIRef(_article_iri(article))


def _article_iri(article) -> str:
    if article.url and _ARTICLE_URL.match(article.url) and _is_iri(article.url):
        return article.url
    return KGR[f"article/{hashlib.sha256(article.text.encode('utf-8')).hexdigest()[:16]}"]


def organization_iri(org: Organization) -> URIRef:
    return URIRef(_organization_iri(org))


def _organization_iri(org: Organization) -> str:
    if org.unit_key and org.kind in ("municipality", "county"):
        return KGR[f"{org.kind}/{org.unit_key}"]
    if org.kind == "network":
        return KGR[f"network/{slug(org.name)}"]
    return KGR[f"organisation/{slug(org.name)}"]


def article_graph(article, extraction: Extraction) -> Graph:
    """The triples of one article's named graph as an rdflib Graph (see :func:`article_triples`)."""
    return article_triples(article, extraction).graph()


def article_ntriples_text(article, extraction: Extraction) -> tuple[str, int]:
    """The triples of one article's named graph as N-Triples text, and how many there are.

    The same triples as :func:`article_graph` gives, and the same lines as its
    ``serialize(format="nt")`` (in another order), without building rdflib objects.
    """
    triples = article_triples(article, extraction)
    return triples.ntriples(), len(triples)


def article_triples(article, extraction: Extraction) -> Triples:
    """The triples of one article's named graph: the article, its facts and their evidence."""
    g = Triples()
    source = _article_iri(article)
    key = hashlib.sha256(source.encode()).hexdigest()[:12]
    g.add(source, RDF.type, SDO.NewsArticle)
    g.add_value(source, DCTERMS.identifier, article.id)
    for predicate, value in ((DCTERMS.title, article.title), (DCTERMS.publisher, article.publisher),
                             (DCTERMS.language, article.language)):
        if value:
            g.add_value(source, predicate, value)
    if article.url:
        g.add_literal(source, SDO.url, article.url, XSD.anyURI)
    if article.date:
        g.add_literal(source, SDO.datePublished, article.date.isoformat(), XSD.date)
    activity = KGR[f"extraction/{key}"]
    g.add(activity, RDF.type, KGO.Extraction)
    g.add(activity, PROV.used, source)
    g.add(activity, PROV.wasAssociatedWith, _SOFTWARE)

    def evidence(node: str, items) -> None:
        for ev in items:
            iri = KGR[f"evidence/{key}/{ev.start}-{ev.end}"]
            sentence, phrase = f"{iri}/selector", f"{iri}/phrase"
            g.add(node, KGO.evidence, iri)
            g.add(iri, RDF.type, OA.SpecificResource)
            g.add(iri, OA.hasSource, source)
            g.add(iri, OA.hasSelector, sentence)
            _selector(g, sentence, ev.sentence_start, ev.sentence_end,
                      article.text[ev.sentence_start:ev.sentence_end])
            g.add(sentence, OA.refinedBy, phrase)
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
        g.add_value(network, KGO.statedMemberCount, check.stated)
        evidence(network, [check.evidence])
    return g


def _selector(g: Triples, node: str, start: int, end: int, exact: str) -> None:
    g.add(node, RDF.type, OA.TextPositionSelector)
    g.add(node, RDF.type, OA.TextQuoteSelector)
    g.add_value(node, OA.start, start)
    g.add_value(node, OA.end, end)
    g.add_value(node, OA.exact, exact)


def _key(org: Organization) -> str:
    """An organisation's IRI segment in holdings and memberships: "3005-2020", "county-14", "network-…"."""
    if org.kind == "municipality" and org.unit_key:
        return org.unit_key
    if org.kind == "county" and org.unit_key:
        return f"county-{org.unit_key}"
    return f"{'network' if org.kind == 'network' else 'organisation'}-{slug(org.name)}"


def _person(g: Triples, name: str, org: Organization | None) -> str:
    """One node per person per organisation: the same name holding office in the same place (in
    any article) is taken to be the same person; a namesake elsewhere is not."""
    where = org.unit_key if org and org.unit_key else slug(org.name) if org else None
    person = KGR[f"person/{slug(name)}" + (f"/{where}" if where else "")]
    g.add(person, RDF.type, SDO.Person)
    g.add_value(person, RDFS.label, name)
    return person


def _organization(g: Triples, org: Organization) -> str:
    iri = _organization_iri(org)
    if org.kind == "network":
        g.add(iri, RDF.type, KGO.Network)
        g.add_value(iri, RDFS.label, org.name)
    elif not org.unit_key:
        g.add(iri, RDF.type, ORG.Organization)
        g.add_value(iri, RDFS.label, org.name)
    return iri


def _office(g: Triples, fact: OfficeFact, activity: str, evidence, homes: dict) -> None:
    org = fact.organization
    if fact.post in _ROLES:
        role = _ROLES[fact.post]
        post_key = fact.post
    else:
        title = fact.post.split(":", 1)[1]
        post_key = f"other-{slug(title)}"
        role = KGR[f"role/{slug(title)}"]
        g.add(role, RDF.type, ORG.Role)
        g.add_value(role, SKOS.notation, fact.post)
        g.add_literal(role, SKOS.prefLabel, title, lang="nb")
    if org is None or (org.kind in ("municipality", "county") and not org.unit_key):
        # a holder whose organisation the text does not settle: keep the person and the title
        if fact.person:
            person = _person(g, fact.person, None)
            g.add_value(person, SDO.jobTitle, fact.post)
            evidence(person, fact.evidence)
        return
    org_iri = _organization(g, org)
    post = f"{org_iri}/post/{post_key}"
    g.add(post, RDF.type, ORG.Post)
    g.add(post, ORG.postIn, org_iri)
    g.add(post, ORG.role, role)
    evidence(post, fact.evidence)
    if fact.person is None:
        return
    person = _person(g, fact.person, homes.get(fact.person, org))
    evidence(person, fact.evidence)
    holding = KGR[f"holding/{slug(fact.person)}/{_key(org)}/{post_key}"]
    g.add(holding, RDF.type, KGO.OfficeHolding)
    g.add(holding, ORG.member, person)
    g.add(holding, ORG.organization, org_iri)
    g.add(holding, ORG.role, role)
    g.add(holding, KGO.post, post)
    _stated(g, holding, fact, activity, evidence)
    g.add(person, ORG.holds, post)


def _stated(g: Triples, node: str, fact, activity: str, evidence) -> None:
    """What every holding and membership carries: status, start, evidence and the extraction."""
    g.add(node, KGO.status, _STATUSES[fact.status])
    g.add(node, PROV.wasGeneratedBy, activity)
    if fact.valid_from:
        g.add_literal(node, SDO.validFrom, fact.valid_from.isoformat(), XSD.date)
    evidence(node, fact.evidence)


def _membership(g: Triples, fact: MembershipFact, activity: str, evidence) -> None:
    network = _organization(g, Organization(fact.network, "network"))
    member = _organization(g, fact.member)
    membership = KGR[f"membership/{slug(fact.network)}/{_key(fact.member)}"]
    g.add(membership, RDF.type, KGO.NetworkMembership)
    g.add(membership, ORG.member, member)
    g.add(membership, ORG.organization, network)
    _stated(g, membership, fact, activity, evidence)
    evidence(network, fact.evidence[:1])
    if fact.status == "current":
        g.add(member, ORG.memberOf, network)


def _meeting(g: Triples, fact: MeetingFact, activity: str, evidence) -> None:
    network = _organization(g, Organization(fact.network, "network")) if fact.network else None
    day = fact.day.isoformat() if fact.day else "undated"
    meeting = KGR[f"meeting/{slug(fact.network or 'unknown')}/{day}"]
    g.add(meeting, RDF.type, KGO.Meeting)
    g.add(meeting, PROV.wasGeneratedBy, activity)
    if fact.day:
        g.add_literal(meeting, SDO.startDate, day, XSD.date)
    if network is not None:
        g.add(meeting, SDO.organizer, network)
    evidence(meeting, fact.evidence)
    items = {}
    for number, topic in enumerate(fact.topics, start=1):
        item = f"{meeting}/item/{number}"
        items[topic.text] = item
        g.add(item, RDF.type, KGO.AgendaItem)
        g.add_value(item, SDO.name, topic.text)
        g.add(meeting, SDO.subEvent, item)
        for org in topic.introduced_by:
            g.add(item, KGO.introducedBy, _organization(g, org))
        if topic.evidence:
            evidence(item, [topic.evidence])
    for number, outcome in enumerate(fact.outcomes, start=1):
        statement = f"{meeting}/statement/{number}"
        g.add(statement, RDF.type, KGO.JointStatement)
        g.add_value(statement, SDO.name, outcome.text)
        g.add(meeting, PROV.generated, statement)
        if outcome.about in items:
            g.add(statement, SDO.about, items[outcome.about])
        if outcome.evidence:
            evidence(statement, [outcome.evidence])
