"""kg.terminal.printable: what came from input is shown on one line, with its controls visible."""

from __future__ import annotations

import json
import sys

import pytest

from kg.terminal import printable


@pytest.mark.parametrize("text, shown", [
    ("Ordfører i Bærum", "Ordfører i Bærum"),
    ("a\nkg: warning: b", "a\\nkg: warning: b"),
    ("\x1b]0;owned\x07", "\\x1b]0;owned\\x07"),
    ("tab\there\r", "tab\\there\\r"),
    ("\x7f\x85\x9b", "\\x7f\\x85\\x9b"),
    ("line\u2028sep", "line\\u2028sep"),
    ("fil\u202etxt.exe", "fil\\u202etxt.exe"),
    ("caf\udce9", "caf\\xe9"),  # an undecodable byte of a file name, shown as that byte
    ("half \ud83d", "half \\ud83d"),
    ("non\u00a0breaking", "non\u00a0breaking"),
])
def test_controls_are_escaped(text, shown):
    assert printable(text) == shown


def test_limit_cuts_without_breaking_an_escape():
    assert printable("abcdef", limit=6) == "abcdef"
    assert printable("abcdefg", limit=6) == "abcde…"
    assert printable("ab\x1bcdef", limit=6) == "ab…"  # "\x1b" (4 characters) does not fit whole
    assert len(printable("\n" * 100, limit=40)) <= 40


def test_the_progress_line_escapes_article_ids(tmp_path, run_kg, monkeypatch):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"id": "\x1b]0;owned\x07" + "x" * 60,
                                  "text": "Ordfører Kari Holm i Lier er glad."}) + "\n", encoding="utf-8")
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    code, out, err = run_kg("ingest", str(corpus), "--store", str(tmp_path / "store"))
    assert code == 0 and "\x07" not in err and "\x1b]" not in err
    assert "(\\x1b]0;owned\\x07xxx" in err
