"""Extraction quality stays where we measured it: regression floors on our own gold corpora, and
the issue's target on the shared development corpus when it is beside the checkout."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.evaluation import Score, evaluate

ROOT = Path(__file__).resolve().parent.parent
SHARED_DEV = ROOT.parent / "shared" / "corpus" / "dev"


def test_scores():
    assert (Score(3, 1, 0).precision, Score(3, 1, 0).recall, Score(0, 0, 0).f1) == (0.75, 1.0, 1.0)


@pytest.mark.parametrize("corpus, precision, recall", [
    ("heldout", 0.93, 0.75),
    ("dev2", 0.85, 0.83),
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
