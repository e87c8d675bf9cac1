"""Every canned query in queries/ runs against a fixture graph and returns the rows we expect."""

from __future__ import annotations

import pytest

from kg.query import list_queries, run_query

KGR = "https://w3id.org/kommunegraf/id/"


def rows(store, name, **params):
    return run_query(store, name, params).records()


def test_every_query_file_has_a_header_and_a_test():
    tested = {name.split("[")[0] for name in CASES}
    for query in list_queries():
        assert query.title and query.description, f"{query.name}: header needs title and description"
        assert query.name in tested, f"{query.name} has no test in CASES"


def municipalities(store):
    assert len(rows(store, "municipalities", date="2024-06-01")) == 357
    assert len(rows(store, "municipalities", date="2021-06-01")) == 356
    assert len(rows(store, "municipalities", date="2019-06-01")) == 422
    buskerud = rows(store, "municipalities", date="2024-06-01", county="Buskerud")
    assert len(buskerud) == 18 and rows(store, "municipalities", date="2024-06-01", county="33") == buskerud
    drammen = next(r for r in buskerud if r["number"] == "3301")
    assert drammen == {"number": "3301", "name": "Drammen", "countyNumber": "33", "countyName": "Buskerud",
                       "orgNumber": "921234554", "wikidata": "http://www.wikidata.org/entity/Q26525",
                       "population": "104487", "iri": KGR + "municipality/3005-2020"}
    viken_2021 = rows(store, "municipalities", date="2021-06-01", county="Viken")
    assert {r["number"] for r in viken_2021} >= {"3005", "3024"}


def counties(store):
    found = rows(store, "counties", date="2024-06-01")
    assert len(found) == 15 and sum(int(r["municipalities"]) for r in found) == 357
    assert len(rows(store, "counties", date="2021-06-01")) == 11
    old = {r["number"]: r for r in rows(store, "counties", date="2019-06-01")}
    assert len(old) == 18 and old["19"]["name"] == "Troms" and old["03"]["municipalities"] == "1"


def municipality_by_number(store):
    (drammen_2019,) = rows(store, "municipality-by-number", number="0602", date="2019-06-01")
    assert drammen_2019["iri"] == KGR + "municipality/0602" and drammen_2019["countyName"] == "Buskerud"
    assert (drammen_2019["current"], drammen_2019["currentNumber"]) == (KGR + "municipality/3005-2020", "3301")
    for number, day in [("3005", "2021-06-01"), ("3301", "2025-01-01")]:
        (today,) = rows(store, "municipality-by-number", number=number, date=day)
        assert today["iri"] == today["current"] == KGR + "municipality/3005-2020"
        assert today["currentNumber"] == "3301"
    tysfjord = rows(store, "municipality-by-number", number="1850", date="2019-06-01")
    assert sorted(r["currentName"] for r in tysfjord) == ["Hamarøy", "Narvik"]
    assert rows(store, "municipality-by-number", number="0602", date="2021-06-01") == []


def municipality_history(store):
    history = rows(store, "municipality-history", municipality="Drammen")
    assert [(r["number"], r["from"], r["until"], r["countyName"]) for r in history] == [
        ("0602", None, "2019-12-31", "Buskerud"),
        ("3005", "2020-01-01", "2023-12-31", "Viken"),
        ("3301", "2024-01-01", None, "Buskerud"),
    ]
    assert history[0]["replacedBy"] == "Drammen (3005)"
    assert set(history[1]["replaced"].split(", ")) == {"Drammen (0602)", "Nedre Eiker (0625)", "Svelvik (0711)"}
    assert [r["number"] for r in rows(store, "municipality-history", municipality="3024")] == ["0219", "3024", "3201"]
    assert set(rows(store, "municipality-history", municipality="1507")[0]["replacedBy"].split(", ")) == {
        "Ålesund (1508)", "Haram (1580)"}


def network_members(store):
    members = rows(store, "network-members", network="ks storbynettverk")
    assert [(r["memberName"], r["memberNumber"], r["since"]) for r in members] == [
        ("Bergen", "4601", None), ("Drammen", "3301", "2020-11-12"), ("Oslo", "0301", None)]
    before = rows(store, "network-members", network="KS storbynettverk", date="2019-06-01")
    assert [(r["memberName"], r["memberNumber"]) for r in before] == [("Bergen", "1201"), ("Oslo", "0301")]


def memberships(store):
    (drammen,) = rows(store, "memberships", municipality="3301")
    assert (drammen["networkName"], drammen["since"], drammen["articles"]) == ("KS storbynettverk", "2020-11-12", "1")
    assert [r["networkName"] for r in rows(store, "memberships", municipality="Nedre Eiker")] == ["Drammensregionen"]
    assert rows(store, "memberships", municipality="Tromsø") == []


def office_holders(store):
    everyone = rows(store, "office-holders")
    assert [(r["organisation"], r["postCode"], r["person"], r["status"]) for r in everyone] == [
        ("Drammen", "chief_executive", "Ola Hansen", "current"),
        ("Drammen", "mayor", "Kari Nordmann", "current"),
        ("Nedre Eiker", "mayor", "Per Olsen", "former"),
    ]
    (mayor,) = rows(store, "office-holders", municipality="3301", post="ordfører")
    assert mayor["person"] == "Kari Nordmann" and mayor["title"] == "ordfører"
    assert [r["person"] for r in rows(store, "office-holders", post="rådmann")] == ["Ola Hansen"]
    assert rows(store, "office-holders", municipality="dRAMMEN") == everyone[:2]
    # Drammen of 2020 did not exist in 2014; Per Olsen's holding is not known to have ended by then.
    assert [r["person"] for r in rows(store, "office-holders", date="2014-06-01")] == ["Per Olsen"]
    assert rows(store, "office-holders", date="2016-06-01", municipality="Nedre Eiker") == []


def person_posts(store):
    (post,) = rows(store, "person-posts", person="kari nordmann")
    assert (post["postCode"], post["organisation"], post["status"]) == ("mayor", "Drammen", "current")
    assert rows(store, "person-posts", person="Nobody Atall") == []
    assert rows(store, "person-posts", person="Kari Nordmann") == [post]
    assert rows(store, "person-posts", person=KGR + "person/kari-nordmann") == [post]


def fact_sources(store):
    about_kari = rows(store, "fact-sources", entity="Kari Nordmann")
    assert {r["fact"].rsplit("/id/", 1)[1] for r in about_kari} == {
        "holding/kari-nordmann/3005-2020/mayor", "person/kari-nordmann"}
    first = about_kari[0]
    assert first["sentence"].startswith("Ordfører Kari Nordmann")
    assert (first["start"], first["end"], first["title"], first["published"]) == (
        "0", "99", "Drammen inn i storbynettverket", "2020-11-19")
    assert len(rows(store, "fact-sources", entity="Drammen")) == 5
    # an exact name is looked up; any other case falls back to comparing every label in lower case
    assert rows(store, "fact-sources", entity="KARI NORDMANN") == about_kari
    assert rows(store, "fact-sources", entity=KGR + "person/kari-nordmann") == about_kari


def fact_sources_empty_before_articles(store):
    assert rows(store, "fact-sources", entity="Drammen") == []


def meetings(store):
    (row,) = rows(store, "meetings", network="KS storbynettverk")
    assert (row["date"], row["topic"], row["introducedBy"], row["statements"]) == (
        "2020-11-12", "klima", "Oslo", "en felles uttalelse om klima")
    assert row["article"] == "https://example.org/nyheter/storbymote"
    assert rows(store, "meetings", network="Hardangerrådet") == []


def identifiers(store):
    found = rows(store, "identifiers", date="2024-06-01")
    assert len(found) == 357 + 15
    drammen = next(r for r in found if r["number"] == "3301")
    assert drammen == {
        "type": "municipality", "number": "3301", "name": "Drammen", "orgNumber": "921234554",
        "enhetsregisteret": "https://data.brreg.no/enhetsregisteret/api/enheter/921234554",
        "datakatalog": "https://organization-catalog.fellesdatakatalog.digdir.no/organizations/921234554",
        "geonorge": "https://data.geonorge.no/administrativeEnheter/kommune/id/3301",
        "wikidata": "http://www.wikidata.org/entity/Q26525",
        "iri": "https://w3id.org/kommunegraf/id/municipality/3005-2020"}
    # the same municipality in 2021 under its number of that time, with that number's Geonorge unit
    (drammen_2021,) = [r for r in rows(store, "identifiers", date="2021-06-01") if r["name"] == "Drammen"
                       and r["type"] == "municipality"]
    assert drammen_2021["number"] == "3005" and drammen_2021["geonorge"].endswith("/kommune/id/3005")
    counties = rows(store, "identifiers", date="2021-06-01", kind="county")
    assert len(counties) == 11 and all(r["geonorge"].endswith("/fylke/id/" + r["number"]) for r in counties)
    assert all(r["orgNumber"] is None for r in counties)  # no county organisation numbers in the sources


def conflicts(store):
    (row,) = rows(store, "conflicts")
    assert (row["municipalityName"], row["date"], row["articleSays"], row["wikidataSays"]) == (
        "Tromsø", "2021-05-03", "Per Olsen", "Gunnar Wilhelmsen")
    assert (row["wikidataFrom"], row["wikidataUntil"]) == ("2019-10-24", "2023-10-18")
    assert row["sentence"] == "Tromsø-ordfører Per Olsen åpnet den nye brua mandag."
    assert row["statement"] == "http://www.wikidata.org/entity/statement/Q26087-hog1"
    assert rows(store, "conflicts", municipality="5401") == [row]
    assert rows(store, "conflicts", municipality="Drammen") == []


CASES = {
    "conflicts": (conflicts, "linked_store"),
    "identifiers": (identifiers, "reference_store"),
    "municipalities": (municipalities, "reference_store"),
    "counties": (counties, "reference_store"),
    "municipality-by-number": (municipality_by_number, "reference_store"),
    "municipality-history": (municipality_history, "reference_store"),
    "network-members": (network_members, "facts_store"),
    "memberships": (memberships, "facts_store"),
    "office-holders": (office_holders, "facts_store"),
    "person-posts": (person_posts, "facts_store"),
    "fact-sources": (fact_sources, "facts_store"),
    "meetings": (meetings, "facts_store"),
    "fact-sources[reference only]": (fact_sources_empty_before_articles, "reference_store"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_canned_query(case, request):
    check, store_fixture = CASES[case]
    check(request.getfixturevalue(store_fixture))
