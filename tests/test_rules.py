"""The extraction rules as data (issue 15): the lexicon, the rule files, the cascade and what the
rules over the language pipeline's parse read. Sentences are our own."""

from __future__ import annotations

from datetime import date

import pytest

from kg.extraction import extract
from kg.extraction.cascade import parse
from kg.extraction.document import Document
from kg.extraction.rulebook import RuleError, Rulebook
from kg.extraction.vocabulary import LexiconError, Vocabulary
from kg.sources import Article


@pytest.mark.parametrize("form, word_class, lemma, prefix", [
    ("ordførarane", "title", "ordførar", None),
    ("ordførerne", "title", "ordfører", None),
    ("Lier-ordføreren", "title", "ordfører", "Lier"),
    ("Tokkeordførar", "title", "ordførar", "Tokke"),
    ("eks-rådmannen", "title", "rådmann", "eks"),
    ("rådmennene", "title", "rådmann", None),
    ("kommunedirektøren", "title", "kommunedirektør", None),
    ("medlemskommunane", "member_noun", "medlemskommune", None),
    ("Hardangerrådet", "network_noun", "råd", "Hardanger"),
    ("kommunen", "municipality_noun", "kommune", None),
    ("fylkesmannen", "state_post", "fylkesmann", None),
])
def test_a_word_is_found_in_any_inflection_and_inside_compounds(form, word_class, lemma, prefix):
    words = [w for w in Vocabulary.default().lookup(form) if w.word_class == word_class]
    assert [(w.lemma, w.prefix) for w in words] == [(lemma, prefix)]


def test_the_lemma_the_pipeline_gives_is_used_before_the_form():
    assert Vocabulary.default().lookup("deltek", "delta")[0].word_class == "member_verb"
    assert Vocabulary.default().lookup("deltek") == ()


@pytest.mark.parametrize("line, message", [
    ("title\tordfører\tmayor", "expected class, lemma, value"),
    ("title\tOrdfører\tmayor\t+", "'Ordfører' is not a lower-case one-word lemma"),
    ("title\tordfører\tmayor\tyes", "expected class, lemma, value"),
])
def test_a_bad_lexicon_line_is_named(tmp_path, line, message):
    path = tmp_path / "lexicon.tsv"
    path.write_text("# a comment\n" + line + "\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=f"lexicon.tsv:2: {message}"):
        Vocabulary.read(path)


@pytest.mark.parametrize("rule, message", [
    ('emits = "holds_post"\npattern = [{RIGHT_ID = "title", RIGHT_ATTRS = {KG = "title"}}]',
     "needs tokens with the roles office or title and person"),
    ('emits = "holds_post"\npattern = [{RIGHT_ID = "title", RIGHT_ATTRS = {KG = "titel"}}]',
     "unknown word class titel"),
    ('emits = "vote"\npattern = [{RIGHT_ID = "title"}]', "emits 'vote'"),
    ('emits = "block"\nbeats = ["nowhere"]\npattern = [{RIGHT_ID = "title"}]', "beats unknown rules: nowhere"),
    ('emits = "block"\nstatus = "old"\npattern = [{RIGHT_ID = "title"}]', "status 'old'"),
    ('emits = "block"\npattern = [{RIGHT_ID = "title", RIGHT_ATTRS = {NORM = "x"}}]', "NORM holds a token's word classes"),
])
def test_a_bad_rule_is_named_with_its_file(tmp_path, rule, message):
    (tmp_path / "mine.toml").write_text(f'[[rule]]\nname = "r1"\n{rule}\n', encoding="utf-8")
    with pytest.raises(RuleError, match=message) as error:
        Rulebook.read(tmp_path)
    assert "mine.toml rule 1 (r1)" in str(error.value) or "beats" in message


def test_every_shipped_rule_has_an_example_and_compiles():
    from kg.nlp import load_pipeline

    rulebook = Rulebook.default()
    assert all(rule.example for rule in rulebook.rules)
    assert len(rulebook.matcher(load_pipeline().vocab)) == len(rulebook.rules)


TEXT = ("Det regnar i Lier. Ordførar i Lier Kari Holm (Ap) opna møtet. Per Dale er rådmann i Drammen. "
        "Vêret var fint.")


def test_the_cascade_parses_only_sentences_that_may_hold_a_fact():
    doc = Document.parse(TEXT)
    assert [p.sentence for p in parse(doc)] == [1, 2]
    assert [p.sentence for p in parse(doc, select=False)] == [0, 1, 2, 3]


@pytest.mark.parametrize("text, expected", [
    ("Ordførar i Lier Kari Holm (Ap) opna møtet.", [("Kari Holm", "mayor", "Lier", "current")]),
    ("Kari Holm er ordførar i Lier.", [("Kari Holm", "mayor", "Lier", "current")]),
    ("Kari Holm, ordfører i Lier, og Per Dale, rådmann i Drammen, var der.",
     [("Kari Holm", "mayor", "Lier", "current"), ("Per Dale", "chief_executive", "Drammen", "current")]),
    ("Lier-ordfører Kari Holm var glad.", [("Kari Holm", "mayor", "Lier", "current")]),
    ("Tidlegare ordførar i Lier Kari Holm var glad.", [("Kari Holm", "mayor", "Lier", "former")]),
    ("Kari Holm vil bli ordførar i Lier.", []),
])
def test_the_rules_read_offices(text, expected):
    facts = extract(Article("a", text, date=date(2019, 5, 1))).of_type("holds_post")
    assert [(f.person, f.post, f.organization.name, f.status) for f in facts] == expected
    for fact in facts:
        assert all(text[e.start:e.end] == e.text for e in fact.evidence)
        assert fact.rules


def test_the_cascade_reads_the_same_facts_as_parsing_every_sentence():
    """The sentences the cheap pass leaves out could not have matched a rule."""
    import sys
    from pathlib import Path

    from kg.extraction import extract_many

    sys.path.insert(0, str(Path(__file__).parent))
    from test_extract_cases import FOLDERS, load_case

    articles = [load_case(folder)[0] for folder in FOLDERS]
    selected, every = extract_many(articles), extract_many(articles, select=False)
    assert sum(len(e.facts) for e in every) > 100
    for one, other in zip(selected, every):
        assert [f.to_json(one.article_id) for f in one.facts] == [f.to_json(other.article_id) for f in other.facts]
