"""Articles into the store: the founding example's facts, provenance, idempotence and removal.

The Drammen kommune item in ``data/articles/`` is the project's sample article (its licence allows
shipping it); the other articles here are our own sentences.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import InputError
from kg.ingestion import article_graphs, ingest, ingest_articles, remove
from kg.query import run_query
from kg.sources import Article, load
from kg.validation import validate

ARTICLES = Path(__file__).resolve().parent.parent / "data" / "articles"
DRAMMEN = "drammen-2020-ks-storbynettverk"
KGR = "https://w3id.org/kommunegraf/id/"
MEMBERS = {"Drammen", "Oslo", "Bergen", "Trondheim", "Stavanger", "Kristiansand", "Tromsø", "Bærum"}


def rows(store, name, **params):
    return run_query(store, name, params).records()


def quads(store) -> set:
    return {(q.subject, q.predicate, q.object, q.graph_name) for q in store.oxigraph}


def assert_union_is_default_graph(store) -> None:
    """The store's default graph holds exactly the union of its named graphs, each triple once."""
    named = {(q.subject, q.predicate, q.object) for q in store.oxigraph if q.graph_name != ox.DefaultGraph()}
    default = {(q.subject, q.predicate, q.object) for q in store.oxigraph.quads_for_pattern(None, None, None,
                                                                                           ox.DefaultGraph())}
    assert default == named


@pytest.fixture(scope="module")
def drammen_store():
    from kg.store import open_store

    store = open_store(":memory:")
    report = ingest(store, [ARTICLES])
    assert report.articles == 1 and report.warnings == []
    return store


def test_sample_article_metadata_comes_from_the_folder_index():
    (article,) = load([ARTICLES])
    assert (article.id, article.date, article.publisher, article.language) == (
        DRAMMEN, date(2020, 11, 19), "Drammen kommune", "nb")
    assert article.url.startswith("https://www.drammen.kommune.no/")


def test_drammen_offices(drammen_store):
    holders = {(r["person"], r["postCode"]) for r in rows(drammen_store, "office-holders", municipality="3005")}
    assert holders == {("Monica Myrvold Berg", "mayor"), ("Elisabeth Enger", "chief_executive")}
    unnamed = {(r["organisation"], r["postCode"]) for r in rows(drammen_store, "office-holders")
               if r["person"] is None}
    assert unnamed == {("Oslo", "governing_mayor"), ("Bergen", "governing_mayor"), ("Trondheim", "mayor"),
                       ("Stavanger", "mayor"), ("Kristiansand", "mayor"), ("Tromsø", "mayor"), ("Bærum", "mayor")}


def test_drammen_memberships(drammen_store):
    members = rows(drammen_store, "network-members", network="KS storbynettverk", date="2020-11-19")
    assert {r["memberName"] for r in members} == MEMBERS
    drammen = next(r for r in members if r["memberName"] == "Drammen")
    assert (drammen["since"], drammen["memberNumber"], drammen["member"]) == (
        "2020-11-12", "3005", KGR + "municipality/3005-2020")
    # before it joined, Drammen was not yet a member
    before = rows(drammen_store, "network-members", network="KS storbynettverk", date="2020-11-01")
    assert {r["memberName"] for r in before} == MEMBERS - {"Drammen"}
    administrative = rows(drammen_store, "network-members", network="det administrative storbynettverket")
    assert {r["memberName"] for r in administrative} == MEMBERS


def test_drammen_meeting(drammen_store):
    topics = {r["topic"]: r for r in rows(drammen_store, "meetings", network="KS storbynettverk")}
    assert set(topics) == {"byenes klimautfordringer",
                           "Byenes koronahåndtering med særlig fokus på utelivsbransjen",
                           "utfordringer ved el-sparkesykler"}
    assert {r["date"] for r in topics.values()} == {"2020-11-12"}
    assert topics["byenes klimautfordringer"]["introducedBy"] == "Oslo"
    assert topics["byenes klimautfordringer"]["statements"].startswith("felles uttalelse")
    assert topics["utfordringer ved el-sparkesykler"]["introducedBy"] == "Trondheim"
    assert topics["Byenes koronahåndtering med særlig fokus på utelivsbransjen"]["introducedBy"] == "Trondheim"


def test_stated_count_is_checked(drammen_store):
    (count,) = list(drammen_store.query(
        "SELECT ?n WHERE { <https://w3id.org/kommunegraf/id/network/ks-storbynettverk> "
        "<https://w3id.org/kommunegraf/ontology#statedMemberCount> ?n }"))
    assert count["n"].value == "8"
    # a count that disagrees with the members found is reported
    text = "Lierrådet er utvidet fra to til fem kommuner. Rådet består av Lier og Asker."
    report = ingest_articles(drammen_store, [Article("count", text, date=date(2016, 1, 1))])
    assert report.warnings == ["count: Lierrådet: stated count 5 DISAGREES with the 2 members found"]
    remove(drammen_store, "count")


def test_every_fact_cites_its_article_sentence_and_span(drammen_store):
    (article,) = load([ARTICLES])
    found = list(drammen_store.query("""
        PREFIX oa: <http://www.w3.org/ns/oa#>
        PREFIX kgo: <https://w3id.org/kommunegraf/ontology#>
        SELECT ?fact ?s ?e ?sentence ?ps ?pe ?phrase WHERE {
          ?fact kgo:evidence ?ev . ?ev oa:hasSelector ?sel .
          ?sel oa:start ?s ; oa:end ?e ; oa:exact ?sentence ; oa:refinedBy ?p .
          ?p oa:start ?ps ; oa:end ?pe ; oa:exact ?phrase }"""))
    assert len(found) > 50
    for row in found:
        s, e, ps, pe = (int(row[k].value) for k in ("s", "e", "ps", "pe"))
        assert article.text[s:e] == row["sentence"].value
        assert article.text[ps:pe] == row["phrase"].value and s <= ps <= pe <= e
    sources = rows(drammen_store, "fact-sources", entity="Monica Myrvold Berg")
    assert sources and {r["publisher"] for r in sources} == {"Drammen kommune"}
    assert all(r["published"] == "2020-11-19" for r in sources)


def test_ingested_store_conforms_to_the_shapes(drammen_store):
    report = validate(drammen_store)
    assert report.conforms, report.violations[:3]


def test_ingesting_twice_changes_nothing_and_remove_takes_only_that_article(fresh_store):
    other = Article("lier-1", "Ordfører Kari Holm i Lier er med i Vestviken 110.",
                    date=date(2016, 5, 2), language="nb")
    ingest(fresh_store, [ARTICLES])
    ingest_articles(fresh_store, [other])
    before = quads(fresh_store)
    ingest(fresh_store, [ARTICLES])
    ingest_articles(fresh_store, [other])
    assert quads(fresh_store) == before

    graphs = article_graphs(fresh_store, DRAMMEN)
    assert len(graphs) == 1 and graphs[0].startswith("https://www.drammen.kommune.no/")
    assert remove(fresh_store, DRAMMEN) == 1
    after = quads(fresh_store)
    named = {q for q in before if q[3] != ox.DefaultGraph()}
    assert {q for q in after if q[3] != ox.DefaultGraph()} == {q for q in named if q[3] != ox.NamedNode(graphs[0])}
    assert_union_is_default_graph(fresh_store)
    assert rows(fresh_store, "office-holders", municipality="Lier")[0]["person"] == "Kari Holm"
    with pytest.raises(InputError, match="no article 'drammen-2020-ks-storbynettverk'"):
        remove(fresh_store, DRAMMEN)


def test_one_person_across_articles_is_one_node(fresh_store):
    articles = [Article("a", "Ordfører Kari Holm i Lier åpnet skolen.", date=date(2016, 5, 2)),
                Article("b", "Lier-ordfører Kari Holm (H) vil ha ny vei.", date=date(2017, 1, 3)),
                Article("c", "Kari Holm, ordfører i Hole, er ny leder.", date=date(2017, 1, 3))]
    ingest_articles(fresh_store, articles)
    people = rows(fresh_store, "office-holders", post="mayor")
    holm = {(r["organisation"], r["personIri"], r["articles"]) for r in people if r["person"] == "Kari Holm"}
    # the same name in the same municipality is one person; a namesake in Hole is another
    assert holm == {("Lier", KGR + "person/kari-holm/0626", "2"), ("Hole", KGR + "person/kari-holm/0612", "1")}


def test_cli_extract_ingest_remove_eval(run_kg, tmp_path):
    code, out, err = run_kg("extract", str(ARTICLES))
    facts = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and err == ""
    mayor = next(f for f in facts if f["type"] == "holds_post" and f["post"] == "mayor" and f["person"])
    assert {k: mayor[k] for k in ("article", "person", "organization", "organization_id", "status")} == {
        "article": DRAMMEN, "person": "Monica Myrvold Berg", "organization": "Drammen",
        "organization_id": "3005", "status": "current"}
    assert {f["member"] for f in facts if f["type"] == "member_of" and f["network"] == "KS storbynettverk"} == MEMBERS

    code, out, _ = run_kg("extract", str(ARTICLES), "-f", "table")
    assert code == 0 and "Monica Myrvold Berg | mayor | Drammen (3005) | current" in out
    code, out, _ = run_kg("extract", str(ARTICLES), "-f", "turtle")
    assert code == 0 and "kgo:OfficeHolding" in out

    code, out, _ = run_kg("ingest", str(ARTICLES))
    assert code == 0 and out.startswith("ingested 1 articles: 26 facts")
    code, out, _ = run_kg("remove", DRAMMEN)
    assert (code, out.strip()) == (0, "removed 1 article")
    code, _, err = run_kg("remove", DRAMMEN)
    assert code == 2 and err.startswith("kg: error: no article") and err.count("\n") == 1

    gold = tmp_path / "gold"
    (gold / "articles").mkdir(parents=True)
    (gold / "articles" / "x.txt").write_text("Ordførar i Luster, Per Hauge, er nøgd. Rådmannen òg.", encoding="utf-8")
    (gold / "index.jsonl").write_text(json.dumps({"id": "x", "date": "2012-03-01", "language": "nn"}) + "\n")
    (gold / "gold.jsonl").write_text(json.dumps({"id": "x", "facts": [
        {"type": "holds_post", "person": "Per Hauge", "post": "mayor", "org": "Luster"},
        {"type": "member_of", "member": "Luster", "network": "Sogn regionråd"}]}) + "\n")
    code, out, _ = run_kg("eval", str(gold), "-f", "json")
    result = json.loads(out)
    scores = {r["type"]: r for r in result["scores"]}
    assert code == 0 and scores["holds_post"]["tp"] == 1 and scores["member_of"]["fn"] == 1
    # the unnamed chief executive is extra: the gold has no such fact
    assert [f["post"] for f in result["extra"]] == ["chief_executive"]
    assert scores["all"]["precision"] == 0.5 and scores["all"]["recall"] == 0.5


@pytest.mark.parametrize("args, message", [
    (("extract", "no/such/file.txt"), "no/such/file.txt: no such file or folder"),
    (("ingest", "--loader", "pdf", "data"), "unknown loader 'pdf'"),
    (("eval", "."), "index.jsonl: not found"),
])
def test_cli_bad_input_is_one_line(run_kg, args, message):
    code, out, err = run_kg(*args)
    assert code == 2 and message in err and err.count("\n") == 1 and "Traceback" not in err


def test_ingest_stores_what_extraction_gives_in_one_or_two_workers(tmp_path):
    """Ingest extracts a chunk of articles at once (the parser reads them in one batch): the store
    holds, article by article, what extracting each alone gives, in one process or two."""
    from kg.article_graph import article_ntriples_text
    from kg.extraction import extract
    from kg.store import open_store

    articles = [Article(f"s{i}", text, date=date(2021, 3, 1), language="nb") for i, text in enumerate([
        "Ordfører Kari Holm i Lier er glad.", "Drammen er med i KS storbynettverk.", "Ingen fakta her.",
        "Hallingdal regionråd, som Flå, Nes og Gol er en del av, møttes i går."] * 5)]
    expected = {a.id: article_ntriples_text(a, extract(a))[1] for a in articles}
    assert sum(expected.values()) > 0
    for workers in (1, 2):
        store = open_store(tmp_path / f"store-{workers}")
        report = ingest_articles(store, articles, workers=workers)
        assert report.articles == len(articles) and report.triples == sum(expected.values())
        assert {r["memberName"] for r in rows(store, "network-members", network="Hallingdal regionråd")} \
            >= {"Flå", "Gol"}
