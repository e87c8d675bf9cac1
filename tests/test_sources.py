"""Loaders: text encodings, JSON Lines records and errors, folders, the loader registry."""

from __future__ import annotations

import json
from datetime import date

import pytest

from kg.errors import InputError
from kg.sources import load

SENTENCE = "Ordførar Kari Nordmann i Førde – «ja»"


@pytest.mark.parametrize("data", [
    SENTENCE.encode("utf-8"),
    b"\xef\xbb\xbf" + SENTENCE.encode("utf-8"),
    SENTENCE.encode("cp1252"),
])
def test_text_encodings(tmp_path, data):
    path = tmp_path / "artikkel.txt"
    path.write_bytes(data)
    (article,) = load([path])
    assert (article.id, article.text) == ("artikkel", SENTENCE)


def test_binary_junk_is_refused(tmp_path):
    path = tmp_path / "junk.txt"
    path.write_bytes(b"\x00\x01\x02\xff" * 10)
    with pytest.raises(InputError, match="junk.txt: binary data"):
        list(load([path]))


def test_jsonl_records_and_broken_line(tmp_path):
    path = tmp_path / "corpus.jsonl"
    good = {"id": "a1", "text": SENTENCE, "date": "2020-11-19", "language": "nn", "url": "https://example.org/a1"}
    path.write_text(json.dumps(good, ensure_ascii=False) + "\n\n" + '{"id": "a2", "text": ' + "\n", encoding="utf-8")
    articles = load([path])
    first = next(iter(articles))
    assert (first.id, first.date, first.language) == ("a1", date(2020, 11, 19), "nn")
    with pytest.raises(InputError, match=r"corpus.jsonl:3: not valid JSON"):
        list(load([path]))


@pytest.mark.parametrize("record, message", [
    ({"text": "x"}, "missing or empty 'id'"),
    ({"id": "x", "text": "y", "date": "19.11.2020"}, "is not YYYY-MM-DD"),
    ({"id": "x", "text": "y", "language": "sv"}, "is not nb or nn"),
])
def test_jsonl_field_errors(tmp_path, record, message):
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps(record), encoding="utf-8")
    with pytest.raises(InputError, match=message):
        list(load([path]))


def test_folders_are_read_recursively_in_order(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.txt").write_text("to", encoding="utf-8")
    (tmp_path / "one.txt").write_text("ein", encoding="utf-8")
    (tmp_path / "notes.md").write_text("ignored: no loader", encoding="utf-8")
    assert [a.id for a in load([tmp_path])] == ["two", "one"]


def test_unknown_loader_and_ending(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="no loader reads .md; known: .jsonl, .ndjson, .txt"):
        list(load([path]))
    with pytest.raises(InputError, match="unknown loader 'pdf'; known loaders: jsonl, text"):
        list(load([path], loader="pdf"))
    assert [a.text for a in load([path], loader="text")] == ["x"]
    with pytest.raises(InputError, match="no such file or folder"):
        list(load([tmp_path / "missing.txt"]))
