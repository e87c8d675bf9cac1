"""Parameters are bound as RDF terms, never pasted: hostile values stay values. Bad parameters and
bad SPARQL are refused with a clear message."""

from __future__ import annotations

import pytest

from kg.errors import ParameterError, QuerySyntaxError, ReadOnlyQueryError, UnknownQueryError
from kg.query import bind, get_query, is_update, parse_query, run_query
from kg.statistics import stats

HOSTILE = [
    'Drammen" } ; DROP ALL ; #',
    "Oslo' } INSERT DATA { <urn:x> <urn:y> <urn:z> } #",
    "}}}} ;; {{",
    'a\\"b\nc',
    "<urn:evil>",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_are_bound_as_literals(fresh_store, value):
    before = stats(fresh_store).graphs
    result = run_query(fresh_store, "municipality-history", {"municipality": value})
    assert result.rows == []
    assert stats(fresh_store).graphs == before


def test_bound_value_matches_exactly(reference_store):
    query = get_query("municipality-history")
    text = bind(query, {"municipality": 'x" || true || "'})
    assert list(reference_store.query(text)) == []


def test_unknown_query_lists_known_names():
    with pytest.raises(UnknownQueryError, match="known queries: .*counties.*municipalities"):
        get_query("municipalitys")


def test_unknown_parameter_lists_parameters(reference_store):
    with pytest.raises(ParameterError, match=r"no parameter 'dato' \(parameters: date\)"):
        run_query(reference_store, "counties", {"dato": "2024-01-01"})


def test_missing_parameter_is_named(reference_store):
    with pytest.raises(ParameterError, match="needs --param number=VALUE"):
        run_query(reference_store, "municipality-by-number", {})


@pytest.mark.parametrize("value", ["2024-02-30", "24-01-01", "today!", "2024-1-1"])
def test_bad_dates_are_refused(reference_store, value):
    with pytest.raises(ParameterError, match="is not a date YYYY-MM-DD"):
        run_query(reference_store, "counties", {"date": value})


def test_invalid_sparql_names_line_and_column(reference_store):
    with pytest.raises(QuerySyntaxError, match=r"error at 2:\d+"):
        run_query(reference_store, parse_query("SELECT ?x WHERE {\n  ?x ?y }"))


def test_update_is_refused_without_permission(fresh_store):
    # Updates see named graphs only through GRAPH: the union view is for queries.
    update = parse_query("PREFIX x: <urn:x#>\nDELETE WHERE { GRAPH ?g { ?s ?p ?o } }", "stdin")
    assert is_update(update.text)
    with pytest.raises(ReadOnlyQueryError):
        run_query(fresh_store, update)
    assert stats(fresh_store).triples > 10000
    run_query(fresh_store, update, allow_update=True)
    assert stats(fresh_store).triples == 0


def test_headerless_query_binds_variables_it_uses(reference_store):
    query = parse_query("SELECT ?name WHERE { ?id <https://schema.org/value> ?n ; <https://schema.org/name> ?name }")
    assert run_query(reference_store, query, {"n": "0301"}).records() == [{"name": "Oslo"}]
    with pytest.raises(ParameterError, match=r"no variable \?m"):
        run_query(reference_store, query, {"m": "x"})


def test_values_go_into_the_outer_where_group():
    query = parse_query('# param: x (string) X\nSELECT * WHERE { { SELECT ?y WHERE { ?y ?p "{" } } }', "q")
    text = bind(query, {"x": "v"})
    assert text.startswith('# param: x (string) X\nSELECT * WHERE { VALUES (?x) { ("v") }')
    assert text.count("VALUES") == 1  # the subquery does not use ?x


def test_a_subquery_that_uses_a_parameter_sees_its_value(reference_store):
    # Without the value inside, the subquery's ?n would be unbound and match every number.
    query = parse_query("# param: n (string) N\nSELECT ?name WHERE {\n"
                        "  { SELECT ?id WHERE { ?id <https://schema.org/value> ?n } }\n"
                        "  ?id <https://schema.org/name> ?name }", "q")
    text = bind(query, {"n": "0301"})
    assert text.count('VALUES (?n) { ("0301") }') == 2
    assert len(text.splitlines()) == len(query.text.splitlines())  # error positions stay the user's
    assert run_query(reference_store, query, {"n": "0301"}).records() == [{"name": "Oslo"}]


def test_braces_in_projections_strings_and_comments_are_not_groups():
    query = parse_query('# param: x (string) X\nSELECT * WHERE { # { ?x }\n'
                        '  { SELECT (EXISTS { ?a ?b "}" } AS ?e) WHERE { ?x ?q ?r } } }', "q")
    text = bind(query, {"x": "v"})
    assert '(EXISTS { ?a ?b "}" } AS ?e) WHERE { VALUES (?x) { ("v") }  ?x ?q ?r }' in text
    assert text.count("VALUES") == 2


# -- any value at all -------------------------------------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=st.text(st.characters(blacklist_categories=("Cs",)), max_size=60))
def test_any_string_value_is_bound_as_one_literal(reference_store, value):
    """Whatever a value holds, the bound query parses and binds exactly that string."""
    import pyoxigraph as ox

    query = parse_query("SELECT ?v WHERE { BIND (?name AS ?v) }", "probe")
    (row,) = list(reference_store.query(bind(query, {"name": value})))
    assert row["v"] == ox.Literal(value)
