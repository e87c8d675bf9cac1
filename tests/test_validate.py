"""SHACL validation: the built reference graph conforms; broken data is reported, with exit 1."""

from __future__ import annotations

from kg.validation import validate

BROKEN = """
@prefix kgo: <https://w3id.org/kommunegraf/ontology#> .
@prefix schema: <https://schema.org/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<urn:m> a kgo:Municipality ;
    skos:prefLabel "Broken"@no, "Brukket"@no ;
    rdfs:label "Broken"@no ;
    kgo:organisationNumber "12345" ;
    schema:validFrom "2024-01-01"^^xsd:date ;
    schema:validUntil "2020-01-01"^^xsd:date ;
    schema:identifier <urn:m-number> .
<urn:m-number> a kgo:MunicipalityNumber ;
    schema:value "60" ;
    schema:name "Broken" .
"""


def test_reference_graph_and_fixture_facts_conform(facts_store):
    report = validate(facts_store)
    assert report.conforms, report.violations[:5]
    assert report.triples > 17000


def test_broken_municipality_is_reported(tmp_path):
    path = tmp_path / "broken.ttl"
    path.write_text(BROKEN, encoding="utf-8")
    report = validate(path)
    assert not report.conforms
    problems = {(v.focus, v.path.rsplit("/", 1)[-1].rsplit("#", 1)[-1]) for v in report.violations}
    assert problems >= {
        ("urn:m", "prefLabel"),  # two Norwegian names
        ("urn:m", "organisationNumber"),  # not nine digits
        ("urn:m", "validFrom"),  # starts after it ends
        ("urn:m-number", "value"),  # not four digits
        ("urn:m-number", "county"),  # no county
    }


def test_cli_exit_codes(run_kg, tmp_path):
    broken = tmp_path / "broken.ttl"
    broken.write_text(BROKEN, encoding="utf-8")
    code, out, _ = run_kg("validate", str(broken))
    assert code == 1 and "does not conform" in out
    good = tmp_path / "good.ttl"
    good.write_text("<urn:a> <urn:b> <urn:c> .", encoding="utf-8")
    assert run_kg("validate", str(good))[0] == 0
    code, _, err = run_kg("validate", str(tmp_path / "missing.ttl"))
    assert code == 2 and err.startswith("kg: error:") and "no such file" in err
    bad = tmp_path / "bad.ttl"
    bad.write_text("<urn:a> <urn:b> .", encoding="utf-8")
    code, _, err = run_kg("validate", str(bad))
    assert code == 2 and "not valid turtle" in err and err.count("\n") == 1


def test_cli_validates_the_built_store(run_kg):
    code, out, _ = run_kg("validate")
    assert code == 0 and out.strip().endswith("conforms")


def test_graph_names_are_checked(fresh_store):
    import pytest

    from kg.errors import StoreError

    with pytest.raises(StoreError, match="not a valid graph IRI"):
        fresh_store.replace_graph("urn:x> } ; DROP ALL ; INSERT DATA { GRAPH <urn:y", "")
