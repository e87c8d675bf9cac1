"""The fast N-Triples path of an article's graph writes the same triples as rdflib did.

``article_ntriples_text`` (what ingest stores) is compared, parsed back with pyoxigraph, with
``article_graph`` serialised by rdflib and with :func:`rdflib_reference`, the rdflib builder as it
was before the fast path: real articles, invented ones with awkward characters, arbitrary text.
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef

from kg.article_graph import (ROLES, SOFTWARE, STATUSES, _key, article_graph, article_iri, article_ntriples_text,
                              organization_iri, slug)
from kg.extraction import Organization, extract
from kg.extraction.facts import MeetingFact, MembershipFact, OfficeFact
from kg.sources import Article, load
from kg.vocab import DCTERMS, KGO, KGR, OA, ORG, PROV, RDF, RDFS, SDO, SKOS, XSD

ROOT = Path(__file__).parent.parent
FOLDERS = [ROOT / "data" / "articles", *sorted((ROOT / "tests" / "corpus").glob("*/articles"))]

OFFICE = 'Ordfører Kari Holm (Ap) i Drammen sa: {odd}'
MEMBERS = "KS storbynettverk består av Oslo, Bergen og Drammen{odd}. Nettverket er utvidet fra to til tre kommuner."
MEETING = 'Møtet i KS storbynettverk 12. november 2021: ordfører Kari Holm i Bergen la fram saka om "{odd}".'
ODD = ['"sitat" og \\"escaped\\" \\', "linje\nlinje\r\nlinje\rslutt", "tab\there\x0bvt\x0cff",
       "😀 𝔘𝔫𝔦 \U0010fffd", "\x00\x01\x08\x1b\x1f\x7f\x80\x85\u2028\u2029\ufeff", "<http://x> _:b . @nb ^^<y> #c",
       "\\u0041 \\U0001F600 \\n"]
URLS = ["https://example.no/ä/ø?q=a&b=1#frag", "https://example.no/%20x%22y", "http://example.no/it's/(a)!*~",
        "https://example.no/a b", 'https://example.no/"q"', "https://example.no/<x>", "ftp://example.no/x",
        "https://example.no/{x}|^`\\", "not a url at all", "https://example.no/\u00a0nbsp"]


def tricky_articles() -> list[Article]:
    articles = []
    for number, odd in enumerate(ODD):
        for template in (OFFICE, MEMBERS, MEETING):
            articles.append(Article(f"odd-{number}-{len(articles)}", template.format(odd=odd), title=odd, publisher=odd,
                                    language="nn", date=date(2021, 3, 1)))
    for number, url in enumerate(URLS):
        articles.append(Article(f"url-{number}", OFFICE.format(odd="hei"), url=url, title="Tittel"))
    # metadata that is not a string (a JSON line may say "title": 5): written as rdflib's Literal(value)
    for number, value in enumerate([5, 1.5, True, -3, 0, date(2020, 1, 2)]):
        articles.append(Article(f"value-{number}", MEETING.format(odd="x"), title=value, publisher=value))
    articles.append(Article('id "with" \\ odd\nchars\t😀', OFFICE.format(odd=""), title="", publisher=None))
    return articles


def parsed(ntriples: str) -> set[ox.Triple]:
    return set(ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES))


def assert_same_triples(article: Article) -> None:
    extraction = extract(article)
    text, count = article_ntriples_text(article, extraction)
    reference = rdflib_reference(article, extraction)
    expected = parsed(reference.serialize(format="nt"))
    fast = parsed(text)
    missing, extra = sorted(map(str, expected - fast)), sorted(map(str, fast - expected))
    assert not missing and not extra, f"{article.id!r}: missing {missing[:5]}, extra {extra[:5]}"
    assert count == len(reference) == text.count("\n")  # not splitlines(): it splits at \x85 too
    assert parsed(article_graph(article, extraction).serialize(format="nt")) == expected


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda f: str(f.relative_to(ROOT)))
def test_real_articles(folder):
    articles = list(load([folder]))
    assert articles
    for article in articles:
        assert_same_triples(article)


@pytest.mark.parametrize("article", tricky_articles(), ids=lambda a: a.id)
def test_tricky_articles(article):
    assert_same_triples(article)


def test_tricky_articles_reach_the_literals():
    """The awkward characters land in literals (titles, quoted sentences), not only in ignored text."""
    literals, exact = set(), set()
    for article in tricky_articles():
        graph = article_graph(article, extract(article))
        literals |= {str(o) for o in graph.objects() if isinstance(o, Literal)}
        exact |= {str(o) for o in graph.objects(None, OA.exact)}
    assert all(odd in literals for odd in ODD)
    # all but the two with a line break or " . " in them, which end the sentence
    assert sum(any(odd in text for text in exact) for odd in ODD) == len(ODD) - 2


WORDS = ["Ordfører", "ordførar", "Kari", "Holm", "(Ap)", "i", "Drammen", "Bergen", "Oslo", "og", ",", ".", ":",
         "KS storbynettverk", "består", "av", "Møtet", "12. november", "utvidet fra to til tre kommuner", "\n"]
texts = st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=8)), max_size=30).map(" ".join)
urls = st.one_of(st.none(), st.text(max_size=20), st.text(max_size=20).map("https://example.no/".__add__))


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts, title=st.one_of(st.none(), st.text(max_size=20)),
       publisher=st.one_of(st.none(), st.text(max_size=10)), url=urls, day=st.one_of(st.none(), st.dates()))
def test_arbitrary_text(text, title, publisher, url, day):
    article = Article("h", text or "x", title=title, publisher=publisher, url=url, date=day)
    # A URL holding a control character passes article_iri's check but no N-Triples parser takes
    # it as an IRI: rdflib wrote it as it is, and so does the fast path (the lines are the same).
    reference = rdflib_reference(article, extract(article)).serialize(format="nt")
    try:
        parsed(reference)
    except SyntaxError:
        assert sorted(article_ntriples_text(article, extract(article))[0].split("\n")) == sorted(reference.split("\n"))
        assume(False)
    assert_same_triples(article)


# --- the rdflib builder as it was before the fast path (kg/article_graph.py at commit 00f18be) ---
# If the modelling changes on purpose, change it here too (or drop this reference and compare with
# article_graph alone).

def rdflib_reference(article, extraction) -> Graph:
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

    def evidence(node, items) -> None:
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

    homes: dict = {}
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


def _selector(g, node, start, end, exact) -> None:
    g.add((node, RDF.type, OA.TextPositionSelector))
    g.add((node, RDF.type, OA.TextQuoteSelector))
    g.add((node, OA.start, Literal(start)))
    g.add((node, OA.end, Literal(end)))
    g.add((node, OA.exact, Literal(exact)))


def _person(g, name, org):
    where = org.unit_key if org and org.unit_key else slug(org.name) if org else None
    person = KGR[f"person/{slug(name)}" + (f"/{where}" if where else "")]
    g.add((person, RDF.type, SDO.Person))
    g.add((person, RDFS.label, Literal(name)))
    return person


def _organization(g, org):
    iri = organization_iri(org)
    if org.kind == "network":
        g.add((iri, RDF.type, KGO.Network))
        g.add((iri, RDFS.label, Literal(org.name)))
    elif not org.unit_key:
        g.add((iri, RDF.type, ORG.Organization))
        g.add((iri, RDFS.label, Literal(org.name)))
    return iri


def _office(g, fact, activity, evidence, homes) -> None:
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


def _stated(g, node, fact, activity, evidence) -> None:
    g.add((node, KGO.status, STATUSES[fact.status]))
    g.add((node, PROV.wasGeneratedBy, activity))
    if fact.valid_from:
        g.add((node, SDO.validFrom, Literal(fact.valid_from.isoformat(), datatype=XSD.date)))
    evidence(node, fact.evidence)


def _membership(g, fact, activity, evidence) -> None:
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


def _meeting(g, fact, activity, evidence) -> None:
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
