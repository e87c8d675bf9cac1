"""The reference model and graph: counts per period, lineage across the 2020 and 2024 reforms,
stable IRIs, and a deterministic build."""

from __future__ import annotations

import shutil
from datetime import date

import pytest
from rdflib.compare import graph_diff, to_isomorphic

from kg.errors import ReferenceDataError
from kg.reference.graph import build_reference_graph
from kg.reference.model import load_reference
from kg.reference.tables import reference_dir
from kg.vocab import DCTERMS, KGO, KGR, ORG, RDF, SDO


@pytest.fixture(scope="module")
def reference():
    return load_reference()


@pytest.mark.parametrize("day, municipalities, counties", [
    (date(2019, 6, 1), 422, 18),
    (date(2021, 6, 1), 356, 11),
    (date(2024, 6, 1), 357, 15),
])
def test_units_valid_on_a_date(reference, day, municipalities, counties):
    assert len(reference.municipalities_on(day)) == municipalities
    assert len(reference.counties_on(day)) == counties


def test_merger_creates_a_new_municipality_that_keeps_it_through_renumbering(reference):
    old = reference.municipality_by_number("0602")
    new = reference.municipality_by_number("3301")
    assert reference.municipality_by_number("3005") is new
    assert old is not new and old.end == date(2019, 12, 31)
    assert {u.key for u in new.predecessors} == {"0602", "0625", "0711"}
    assert [(p.number, p.county_number) for p in new.numbers] == [("3005", "30"), ("3301", "33")]


def test_renumbering_keeps_the_municipality(reference):
    baerum = reference.municipality_by_number("0219")
    assert [p.number for p in baerum.numbers] == ["0219", "3024", "3201"]
    assert baerum.predecessors == [] and baerum.successors == []


def test_split_of_alesund_in_2024(reference):
    alesund = reference.municipality_by_number("1507")
    assert sorted(u.key for u in alesund.successors) == ["1508-2024", "1580-2024"]
    assert alesund.end == date(2023, 12, 31)


def test_a_reused_number_names_different_municipalities_on_different_dates(reference):
    before = reference.municipality_by_number("5001", date(2019, 6, 1))
    after = reference.municipality_by_number("5001", date(2021, 6, 1))
    assert before is not after
    assert {u.key for u in after.predecessors} == {"5001", "5030"}  # Trondheim and Klæbu


def test_county_lineage_ignores_border_adjustments(reference):
    viken = reference.county_by_number("30")
    assert sorted(u.key for u in viken.predecessors) == ["01", "02", "06"]
    assert sorted(u.key for u in viken.successors) == ["31-2024", "32-2024", "33-2024"]
    # Hornindal moved from Sogn og Fjordane to Møre og Romsdal: Møre og Romsdal continues.
    assert reference.county_by_number("15").predecessors == []


def test_graph_links_predecessors_and_events():
    graph = build_reference_graph()
    drammen = KGR["municipality/3005-2020"]
    assert (drammen, DCTERMS.replaces, KGR["municipality/0602"]) in graph
    merger = KGR["event/merger/municipality/3005-2020"]
    assert (merger, RDF.type, KGO.Merger) in graph
    assert set(graph.objects(merger, ORG.originalOrganization)) == {
        KGR["municipality/0602"], KGR["municipality/0625"], KGR["municipality/0711"]}
    renumbering = KGR["event/renumbering/municipality/0219/3024-3201"]
    assert (renumbering, RDF.type, KGO.Renumbering) in graph
    assert graph.value(KGR["municipality/0219"], SDO.validUntil) is None


def test_names_carry_language_tags():
    graph = build_reference_graph()
    labels = {(str(o), o.language) for o in graph.objects(KGR["municipality/2011"], None) if hasattr(o, "language")}
    assert ("Kautokeino", "no") in labels and ("Guovdageaidnu", "se") in labels


def test_building_twice_gives_the_same_graph():
    first, second = build_reference_graph(), build_reference_graph()
    assert not any(term.__class__.__name__ == "BNode" for triple in first for term in triple)
    in_both, only_first, only_second = graph_diff(to_isomorphic(first), to_isomorphic(second))
    assert len(only_first) == 0 and len(only_second) == 0, only_first.serialize(format="nt")[:500]


def test_inconsistent_change_table_is_refused(tmp_path):
    for path in reference_dir().glob("*.csv"):
        shutil.copy(path, tmp_path / path.name)
    table = tmp_path / "municipality_changes_2020_2024.csv"
    table.write_text(table.read_text(encoding="utf-8").replace(",3301,Drammen,33,renumbered,", ",3301,Drammen,33,merged,"),
                     encoding="utf-8")
    with pytest.raises(ReferenceDataError, match="3005 -> 3301"):
        load_reference(tmp_path)
