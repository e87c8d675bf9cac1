"""The extractor against every case in ``tests/cases/extract/`` (our own sentences, nb and nn).

Each case folder holds ``article.txt``, ``meta.json`` and ``expected.jsonl``; the offices,
memberships and meetings extracted must be exactly the expected ones (see the folder's README for
the fields).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from kg.extraction import extract
from kg.sources import Article

CASES = Path(__file__).parent / "cases" / "extract"
FOLDERS = sorted(p for p in CASES.iterdir() if p.is_dir())


def _network(name: str) -> str:
    words = name.lower().split()
    return " ".join(words[1:] if words and words[0] in ("det", "den", "dei", "de") else words)


def comparable(fact: dict) -> tuple:
    """The fields a case pins down, in a form that compares as written in the README."""
    status = fact.get("status") or "current"
    if fact["type"] == "holds_post":
        return ("holds_post", fact["person"], fact["post"], fact["organization"],
                fact["organization_id"], status)
    if fact["type"] == "meeting":
        return ("meeting", _network(fact["network"]), fact["date"],
                tuple((t["text"], tuple(t["introduced_by"])) for t in fact["topics"]),
                tuple((o["text"], o["about"]) for o in fact["outcomes"]))
    return ("member_of", fact["member"], fact["member_id"], _network(fact["network"]),
            fact.get("valid_from"), status)


def load_case(folder: Path) -> tuple[Article, set[tuple]]:
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    article = Article(folder.name, (folder / "article.txt").read_text(encoding="utf-8"),
                      date=date.fromisoformat(meta["date"]), language=meta["language"],
                      publisher=meta.get("publisher"), url=meta.get("url"))
    lines = (folder / "expected.jsonl").read_text(encoding="utf-8").splitlines()
    return article, {comparable(json.loads(line)) for line in lines if line.strip()}


def test_there_are_cases_in_both_written_standards():
    languages = [json.loads((f / "meta.json").read_text())["language"] for f in FOLDERS]
    assert languages.count("nb") >= 20 and languages.count("nn") >= 20


@pytest.mark.parametrize("folder", FOLDERS, ids=[f.name for f in FOLDERS])
def test_case(folder: Path):
    article, expected = load_case(folder)
    extraction = extract(article)
    got = {comparable(f.to_json(article.id)) for f in extraction.facts}
    missing, extra = expected - got, got - expected
    assert not missing and not extra, f"missing: {sorted(missing, key=str)}\nextra: {sorted(extra, key=str)}"
    for fact in extraction.facts:  # every piece of evidence quotes the article exactly
        for evidence in fact.evidence:
            assert article.text[evidence.start:evidence.end] == evidence.text
