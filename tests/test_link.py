"""kg link wikidata against a Wikidata-shaped fixture served by a real ``oxigraph serve``.

The live public endpoint is queried only when KG_LIVE_WIKIDATA=1 is set.
"""

from __future__ import annotations

import os
from datetime import date

import pytest

from conftest import TROMSO_ARTICLE
from kg.assets import asset_path
from kg.link import WIKIDATA_GRAPH
from kg.link.holders import Claim, Placed, names_agree, period_agrees
from kg.link.wikidata import DEFAULT_ENDPOINT, HeadOfGovernment, WikidataClient

WD = "http://www.wikidata.org/entity/"
KGR = "https://w3id.org/kommunegraf/id/"
SAME_AS = "<http://www.w3.org/2002/07/owl#sameAs>"


def select(store, sparql: str) -> list[dict]:
    return [{v.value: (row[v.value].value if row[v.value] is not None else None) for v in result.variables}
            for result in [store.query(sparql)] for row in result]


def test_reads_heads_of_government_as_wikidata_models_them(wikidata_server):
    heads = WikidataClient(wikidata_server.query_url, min_interval=0).heads_of_government()
    by_person = {head.person.removeprefix(WD): head for head in heads}
    # the deprecated statement and the county's head of government are left out
    assert sorted(by_person) == ["Q9990001", "Q9990002", "Q9990003", "Q9990004", "Q9990005"]
    monica = by_person["Q9990002"]
    assert (monica.item, monica.start, monica.end, monica.name) == (WD + "Q26525", date(2019, 10, 17), None,
                                                                  "Monica Myrvold Berg")
    assert monica.numbers == {"0602", "3005", "3301"}
    assert by_person["Q9990004"].names[0] == ("Erlend Svardal Bøe", "nb")  # Bokmål before Nynorsk


def test_the_article_person_is_linked_where_name_municipality_and_period_agree(linked_store):
    links = select(linked_store, f"SELECT ?ours ?theirs WHERE {{ GRAPH <{WIKIDATA_GRAPH}> {{ ?ours {SAME_AS} ?theirs }} }}")
    assert links == [{"ours": KGR + "person/monica-myrvold-berg/3005-2020", "theirs": WD + "Q9990002"}]
    # the chief executive is no head of government, and Per Olsen disagrees with Wikidata
    assert linked_store.report.links == [(KGR + "person/monica-myrvold-berg/3005-2020", WD + "Q9990002")]


def test_wikidata_holders_become_facts_sourced_from_wikidata(linked_store):
    found = select(linked_store, f"""
        PREFIX org: <http://www.w3.org/ns/org#> PREFIX prov: <http://www.w3.org/ns/prov#>
        PREFIX schema: <https://schema.org/>
        SELECT ?unit ?person ?from ?until ?statement WHERE {{ GRAPH <{WIKIDATA_GRAPH}> {{
          ?h org:member ?person ; org:organization ?unit ; prov:wasDerivedFrom ?statement .
          OPTIONAL {{ ?h schema:validFrom ?from }} OPTIONAL {{ ?h schema:validUntil ?until }} }} }}
        ORDER BY ?unit ?from""")
    rows = [(r["unit"].removeprefix(KGR), r["person"].removeprefix(WD), r["from"], r["until"]) for r in found]
    assert rows == [
        # Drammen's item covers two municipalities: the statement is split at the 2020 merger,
        # and the 2011–2019 mayor falls wholly on the old Drammen
        ("municipality/0602", "Q9990001", "2011-10-20", "2019-10-16"),
        ("municipality/0602", "Q9990002", "2019-10-17", "2019-12-31"),
        ("municipality/1201", "Q9990005", "2021-03-01", None),  # by its number alone (Bergen, 1201 → 4601)
        ("municipality/1902", "Q9990003", "2019-10-24", "2023-10-18"),
        ("municipality/1902", "Q9990004", "2023-10-19", None),
        ("municipality/3005-2020", "Q9990002", "2020-01-01", None),
    ]
    assert linked_store.report.unplaced == []


def test_the_planted_disagreement_is_a_conflict_with_the_sentence(linked_store):
    assert linked_store.report.conflicts == [
        "2021-05-03: an article says Per Olsen is mayor of Tromsø; Wikidata says Gunnar Wilhelmsen "
        "(2019-10-24–2023-10-18)"]


def test_the_linked_store_still_validates(linked_store):
    from kg.validation import validate

    report = validate(linked_store)
    assert report.conforms, [v.message for v in report.violations][:5]


def test_kg_link_wikidata_from_the_command_line(wikidata_server, run_kg, tmp_path):
    store = ["--store", str(tmp_path / "s")]
    article = tmp_path / "tromso.txt"
    article.write_text(TROMSO_ARTICLE, encoding="utf-8")
    assert run_kg("ingest", str(asset_path("data", "articles")), *store)[0] == 0
    assert run_kg("ingest", str(article), "--date", "2021-05-03", *store)[0] == 0
    code, out, err = run_kg("link", "wikidata", "--endpoint", wikidata_server.query_url, *store)
    assert code == 0, err
    assert "5 head-of-government statements" in out and "1 person links, 1 conflicts" in out
    assert err.startswith("kg: conflict: 2021-05-03: an article says Per Olsen is mayor of Tromsø")
    code, out, _ = run_kg("query", "conflicts", "-f", "csv", *store)
    assert code == 0 and "Per Olsen,Gunnar Wilhelmsen" in out
    # a second run replaces the Wikidata graph: nothing doubles
    assert run_kg("link", "wikidata", "--endpoint", wikidata_server.query_url, *store)[0] == 0
    code, out, _ = run_kg("query", "conflicts", "-f", "csv", *store)
    assert len(out.splitlines()) == 2  # the header and one conflict


def test_kg_link_wikidata_into_a_remote_store(wikidata_server, oxigraph_server, run_kg):
    oxigraph_server.clear()
    assert run_kg("ingest", str(asset_path("data", "articles")), *oxigraph_server.options())[0] == 0
    code, out, err = run_kg("link", "wikidata", "--endpoint", wikidata_server.query_url,
                            *oxigraph_server.options(endpoint_flag="--store-endpoint"))
    assert code == 0 and "1 person links, 0 conflicts" in out, err


def test_an_unreachable_wikidata_endpoint_is_one_line(run_kg):
    code, _, err = run_kg("link", "wikidata", "--endpoint", "http://127.0.0.1:9/sparql")
    assert code == 3 and err.startswith("kg: error: Wikidata endpoint: ") and err.count("\n") == 1


def _claim(status: str, day: date | None, name: str = "Monica Berg") -> Claim:
    return Claim("g", "h", "p", name, "u", "Mayor", status, day)


def _placed(start: date | None, end: date | None) -> Placed:
    head = HeadOfGovernment("s", "i", frozenset(), "p", (("Monica Myrvold Berg", "nb"),), start, end)
    return Placed(head, "u", "k", "Drammen", start, end)


@pytest.mark.parametrize("status, day, start, end, agrees", [
    ("current", date(2021, 1, 1), date(2019, 10, 17), None, True),
    ("current", date(2019, 1, 1), date(2019, 10, 17), None, False),
    ("current", date(2024, 1, 1), date(2019, 10, 17), date(2023, 10, 18), False),
    ("acting", date(2020, 1, 1), date(2019, 10, 17), date(2023, 10, 18), True),
    ("former", date(2024, 1, 1), date(2019, 10, 17), date(2023, 10, 18), True),
    ("former", date(2021, 1, 1), date(2019, 10, 17), None, False),
    ("incoming", date(2019, 10, 1), date(2019, 10, 17), None, True),
    ("incoming", date(2021, 10, 1), date(2019, 10, 17), None, False),
    ("current", None, date(2019, 10, 17), None, True),  # an undated article: name and place suffice
])
def test_period_agreement(status, day, start, end, agrees):
    assert period_agrees(_claim(status, day), _placed(start, end)) is agrees


@pytest.mark.parametrize("one, other, agree", [
    ("Monica Myrvold Berg", "Monica Myrvold Berg", True),
    ("Monica Berg", "Monica Myrvold Berg", True),
    ("MONICA MYRVOLD BERG", "Monica Myrvold Berg", True),
    ("Monica Myrvold", "Monica Myrvold Berg", False),
    ("Berg", "Monica Myrvold Berg", False),
    ("Erlend Svardal Bøe", "Erlend Svardal Boe", False),  # å/ø are letters, not accents
    ("Tor-Arne Strøm", "Tor Arne Strøm", True),
])
def test_name_agreement(one, other, agree):
    assert names_agree(one, other) is agree


@pytest.mark.skipif(os.environ.get("KG_LIVE_WIKIDATA") != "1",
                    reason="queries the public Wikidata endpoint; set KG_LIVE_WIKIDATA=1 to run")
def test_live_wikidata_has_heads_of_government_of_norwegian_municipalities():
    heads = WikidataClient(DEFAULT_ENDPOINT).heads_of_government()
    assert len(heads) > 200
    assert any(head.item == WD + "Q26525" for head in heads)  # Drammen
