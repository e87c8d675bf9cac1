"""Properties of the extractor on arbitrary input (hypothesis): it never raises, every evidence span
quotes the article exactly, and the same input always gives the same facts and triples."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.article_graph import article_graph
from kg.extraction import extract
from kg.sources import Article

# Words that steer the text into the extractor's rules, mixed with arbitrary Unicode.
WORDS = ["ordfører", "Ordførar", "rådmannen", "byrådslederne", "i", "og", ",", ".", "(Ap)", "Drammens",
         "Bergen", "Oslo", "Nedre Eiker", "Kari", "Holm", "R.", "Tokke-ordførar", "medlem", "KS storbynettverk",
         "består", "av", "samarbeidet", "mellom", "Hardangerrådet", "12. november", "i går", "sist uke",
         "møtet", "var", "tidlegare", "fungerande", "som", "er", "med", "\n\n", "–", "sa", "Leiaren", ":"]
text = st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=12)), max_size=60).map(" ".join)
days = st.one_of(st.none(), st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31)))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=text, day=days)
def test_extractor_never_raises_and_evidence_quotes_the_text(text, day):
    article = Article("p", text, date=day)
    extraction = extract(article)
    for fact in extraction.facts:
        for evidence in fact.evidence:
            assert text[evidence.start:evidence.end] == evidence.text
            assert evidence.sentence_start <= evidence.start <= evidence.end <= evidence.sentence_end
    article_graph(article, extraction)


@settings(max_examples=40, deadline=None)
@given(text=text, day=days)
def test_same_input_same_facts_and_triples(text, day):
    article = Article("p", text, date=day)
    first, second = extract(article), extract(article)
    assert [f.to_json("p") for f in first.facts] == [f.to_json("p") for f in second.facts]
    assert set(article_graph(article, first)) == set(article_graph(article, second))
