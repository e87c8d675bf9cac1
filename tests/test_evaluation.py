"""Extraction quality stays where we measured it: regression floors on our own gold corpora, and
the issue's target on the shared development corpus when it is beside the checkout."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.evaluation import Score, evaluate, gold_articles

ROOT = Path(__file__).resolve().parent.parent
SHARED_DEV = ROOT.parent / "shared" / "corpus" / "dev"


def test_scores():
    assert (Score(3, 1, 0).precision, Score(3, 1, 0).recall, Score(0, 0, 0).f1) == (0.75, 1.0, 1.0)


@pytest.mark.parametrize("corpus, precision, recall", [
    ("heldout", 0.93, 0.75),
    ("dev2", 0.85, 0.83),
    ("dev3", 0.97, 0.88),
    ("dev4", 0.95, 0.90),
    ("dev5", 0.95, 0.82),
    ("dev6", 0.94, 0.86),
    ("dev7", 0.94, 0.86),
    ("dev8", 0.96, 0.86),
    ("dev9", 0.92, 0.82),
    ("dev10", 0.94, 0.86),
    ("dev11", 0.96, 0.89),
])
def test_floor_on_our_corpora(corpus, precision, recall):
    folder = ROOT / "tests" / "corpus" / corpus
    if not folder.is_dir():
        pytest.skip(f"{folder} not present")
    overall = evaluate(folder).overall
    assert overall.precision >= precision and overall.recall >= recall, overall


@pytest.mark.skipif(not SHARED_DEV.is_dir(), reason="the shared development corpus is not beside the checkout")
def test_target_on_the_shared_development_corpus():
    result = evaluate(SHARED_DEV)
    assert result.overall.precision >= 0.95 and result.overall.recall >= 0.90, result.rows()


def test_treebank_passages_are_read_by_sent_id(tmp_path):
    """A passage file names treebank sentences; their text is rebuilt with print spacing and scored."""
    from kg.sources.treebank import SAMPLE

    (tmp_path / "nob-train.conll").write_text(SAMPLE, encoding="utf-8")
    gold = tmp_path / "passages.jsonl"
    gold.write_text(json.dumps({"id": "p1", "sent_ids": ["doc1:0"], "language": "nn", "date": "2011-05-02",
                                "facts": [{"type": "holds_post", "person": "Kari Holm", "post": "mayor",
                                           "org": "Lier"}]}) + "\n", encoding="utf-8")
    [(article, facts)] = gold_articles(gold, tmp_path)
    assert (article.text, article.language, str(article.date)) == ("Kari Holm, ordførar i Lier.", "nn", "2011-05-02")
    assert evaluate(gold, tmp_path).overall.tp == 1


@pytest.mark.parametrize("line, treebank, message", [
    ({"id": "p1", "sent_ids": ["doc1:7"]}, True, "no sentence 'doc1:7'"),
    ({"id": "p1"}, True, "passage 'p1' has no 'sent_ids'"),
    ({"id": "p1", "sent_ids": ["doc1:0"]}, False, "not a treebank folder"),
])
def test_a_bad_passage_file_is_named_in_one_line(tmp_path, line, treebank, message):
    from kg.errors import InputError
    from kg.sources.treebank import SAMPLE

    folder = tmp_path / "tb"
    folder.mkdir()
    if treebank:
        (folder / "nob-train.conll").write_text(SAMPLE, encoding="utf-8")
    gold = tmp_path / "passages.jsonl"
    gold.write_text(json.dumps(line) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=message):
        evaluate(gold, folder)


def test_by_rule_counts_each_rule_s_facts_and_their_precision(tmp_path):
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "a1.txt").write_text(
        "Kari Holm er ordførar i Lier. Per Dale er rådmann i Hole.", encoding="utf-8")
    (tmp_path / "index.jsonl").write_text(json.dumps({"id": "a1", "date": "2019-05-01", "language": "nn"}) + "\n")
    (tmp_path / "gold.jsonl").write_text(json.dumps({"id": "a1", "facts": [
        {"type": "holds_post", "person": "Kari Holm", "post": "mayor", "org": "Lier"}]}) + "\n")
    rows = {row["rule"]: row for row in evaluate(tmp_path).rule_rows()}
    assert rows["predicative"] == {"rule": "predicative", "facts": 2, "correct": 1, "precision": 0.5}
