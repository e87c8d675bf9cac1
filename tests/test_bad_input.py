"""Bad input, each case through the real command: one line on stderr, no traceback, the documented
exit code, and the store exactly as it was (compared quad by quad)."""

from __future__ import annotations

import hashlib
import os
import json

import pytest

from kg.store import open_store

LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss version="2.0"><channel><title>&lol3;</title><item><title>&lol3;</title>
<description>Ordf\xc3\xb8rer Kari Holm i Lier</description></item></channel></rss>"""

#: name → (file name, bytes) of input files
FILES = {
    "empty": ("empty.txt", b""),
    "binary": ("junk.txt", bytes(range(256)) * 20),
    "malformed-feed": ("bad.rss", b"<rss><channel><item><title>x</title><description>Ordf"),
    "billion-laughs": ("laughs.rss", LAUGHS),
    "broken-jsonl": ("corpus.jsonl", b'{"id": "a", "text": "Ordf\xc3\xb8rer Kari Holm i Lier.", "date": "2021-01-04"}\n'
                                     b'{"id": "b", "text": \n'),
    "html-without-text": ("page.html", b"<html><head><script>x()</script></head><body></body></html>"),
}

#: unreadable inputs: the name in FILES and what the one line says of it
UNREADABLE = {
    "empty file": ("empty", "{empty}: empty file"),
    "binary junk": ("binary", "{binary}: binary data, not text"),
    "malformed feed": ("malformed-feed", "{malformed-feed}: not a well-formed feed"),
    "billion laughs": ("billion-laughs", "{billion-laughs}: feed refused: XML entity declarations are not allowed"),
    "page without text": ("html-without-text", "{html-without-text}: no article text"),
}

#: (arguments, stdin, exit code, the start of the one line on stderr); {file} is replaced by the file
CASES = {
    **{f"{case} (--strict)": (["ingest", "--strict", "{%s}" % name], None, 2, "kg: error: " + message)
       for case, (name, message) in UNREADABLE.items()},
    **{f"{case} (skipped)": (["ingest", "{%s}" % name], None, 4, "kg: warning: " + message)
       for case, (name, message) in UNREADABLE.items()},
    "broken JSON line (--strict)": (["ingest", "--strict", "{broken-jsonl}"], None, 2,
                                    "kg: error: {broken-jsonl}:2: not valid JSON"),
    "broken JSON line (extract)": (["extract", "{broken-jsonl}"], None, 4,
                                   "kg: warning: {broken-jsonl}:2: not valid JSON (Expecting value); skipped"),
    "missing file": (["ingest", "no/such/file.txt"], None, 2, "kg: error: no/such/file.txt: no such file or folder"),
    "unknown loader": (["ingest", "--loader", "pdf", "{empty}"], None, 2, "kg: error: unknown loader 'pdf'"),
    "invalid SPARQL": (["query"], "SELECT ?x WHERE {\n  ?x ?y }", 2, "kg: error: invalid SPARQL: error at 2:"),
    "unknown query": (["query", "municipalitys"], None, 2, "kg: error: unknown query 'municipalitys'; known queries: "),
    "unknown parameter": (["query", "counties", "-p", "when=2020-01-01"], None, 2,
                          "kg: error: query counties has no parameter 'when'"),
    "missing parameter": (["query", "fact-sources"], None, 2, "kg: error: query fact-sources needs --param entity"),
    "bad date": (["query", "counties", "-p", "date=2020-13-01"], None, 2, "kg: error: parameter date of counties"),
    "update without --allow-update": (["query"], "DELETE WHERE { ?s ?p ?o }", 2,
                                      "kg: error: stdin is a SPARQL update; pass --allow-update"),
    "unknown format": (["query", "counties", "-f", "yaml"], None, 2, "kg: error: Invalid value for '--format'"),
    "unknown export format": (["export", "-f", "pdf", "-o", "x.pdf"], None, 2, "kg: error: Invalid value for '--format'"),
    "export into a missing folder": (["export", "-f", "json", "-o", "no/such/dir/x.json"], None, 2,
                                     "kg: error: no/such/dir: no such folder"),
    "unknown article to remove": (["remove", "no-such-article"], None, 2, "kg: error: no article 'no-such-article'"),
}

INJECTIONS = ['Drammen" } ; DROP ALL ; #', "x' } INSERT DATA { <urn:a> <urn:b> <urn:c> } #", "}}}} ;; {{ DROP ALL",
              "Oslo\\\" . } ; CLEAR ALL ; SELECT * { ", "<urn:evil>"]


@pytest.fixture(scope="module")
def store_path(built_store_path):
    return built_store_path


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("inputs")
    found = {}
    for name, (file_name, data) in FILES.items():
        (folder / file_name).write_bytes(data)
        found[name] = str(folder / file_name)
    return found


def fingerprint(path) -> str:
    """A digest of every quad in the store."""
    with open_store(path, read_only=True) as store:
        lines = sorted(str(quad) for quad in store.oxigraph)
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_is_one_line_with_its_exit_code_and_the_store_is_untouched(case, store_path, files, run_kg):
    args, stdin, code, message = CASES[case]
    args = [arg.format(**{k: v for k, v in files.items()}) if "{" in arg else arg for arg in args]
    message = message.format(**files)
    before = fingerprint(store_path)
    where = [] if args[0] == "extract" else ["--store", str(store_path)]
    got, out, err = run_kg(*args, *where, stdin=stdin)
    assert (got, err.startswith(message), err.count("\n")) == (code, True, 1), err
    assert "Traceback" not in err
    assert fingerprint(store_path) == before


def test_a_broken_line_is_skipped_by_name_and_the_rest_stored(store_path, files, run_kg, tmp_path):
    import shutil

    copy = tmp_path / "store"
    shutil.copytree(store_path, copy)
    code, out, err = run_kg("ingest", files["broken-jsonl"], "--store", str(copy))
    assert code == 4 and err == f"kg: warning: {files['broken-jsonl']}:2: not valid JSON (Expecting value); skipped\n"
    assert out.startswith("ingested 1 articles: 1 facts") and out.rstrip().endswith("skipped 1 unreadable inputs")
    code, out, _ = run_kg("query", "office-holders", "-p", "municipality=Lier", "-f", "csv", "--store", str(copy))
    assert "Kari Holm" in out


def test_latin1_invalid_utf8_and_truncated_html_are_read(tmp_path, run_kg):
    (tmp_path / "latin1.txt").write_bytes("Ordfører i Bærum, Kari Holm, åpnet skolen.".encode("cp1252"))
    (tmp_path / "mixed.txt").write_bytes(b"Ordf\xc3\xb8rer i Lier, Per Berg, sa ja \xff\xfe.")
    (tmp_path / "cut.html").write_bytes("<html><body><article><p>Ordfører i Hole, Ola Dal, sa".encode())
    code, out, err = run_kg("extract", str(tmp_path), "-f", "jsonl")
    people = sorted(json.loads(line)["person"] for line in out.splitlines())
    assert (code, err, people) == (0, "", ["Kari Holm", "Ola Dal", "Per Berg"])


@pytest.mark.parametrize("value", INJECTIONS)
def test_hostile_parameter_values_are_values(value, store_path, run_kg):
    before = fingerprint(store_path)
    code, out, err = run_kg("query", "office-holders", "-p", f"municipality={value}", "-f", "csv",
                            "--store", str(store_path))
    assert (code, out.strip(), err) == (0, "organisation,postCode,title,person,status,since,until,articles,"
                                        "organisationIri,personIri", "")
    assert fingerprint(store_path) == before


def test_a_file_name_that_is_not_utf8_is_ingested_and_later_files_too(tmp_path, run_kg):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Ordfører Kari Holm i Lier er glad.", encoding="utf-8")
    (folder / os.fsdecode(b"caf\xe9.txt")).write_text("Ordfører Per Berg i Hole er glad.", encoding="utf-8")
    (folder / "z.txt").write_text("Ordfører Ola Dal i Asker er glad.", encoding="utf-8")
    code, out, err = run_kg("ingest", str(folder), "--store", str(tmp_path / "store"))
    assert (code, err, out.startswith("ingested 3 articles: 3 facts")) == (0, "", True), err
    code, out, err = run_kg("extract", str(folder))
    # the name's bytes are read as the text's would be: not UTF-8, so Windows-1252
    assert [json.loads(line)["article"] for line in out.splitlines()] == ["a", "café", "z"]


def test_a_fifo_is_named_as_such_and_not_opened(tmp_path, run_kg):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    for command in ("extract", "ingest"):
        code, out, err = run_kg(command, str(fifo))
        assert (code, err) == (2, f"kg: error: {fifo}: not a regular file (a FIFO)\n")


def _nested(levels: int) -> str:
    return ("<html><body><article>" + "<div>" * levels + "<p>Ordfører Kari Holm i Lier er glad for at kommunen "
            "har fått ny skole i år.</p>" + "</div>" * levels + "</article></body></html>")


def test_html_nested_deeper_than_libxml2s_default_is_still_read(tmp_path, run_kg):
    (tmp_path / "deep.html").write_text(_nested(300), encoding="utf-8")
    code, out, err = run_kg("extract", str(tmp_path / "deep.html"))
    assert (code, err, [json.loads(line)["person"] for line in out.splitlines()]) == (0, "", ["Kari Holm"])


def test_html_nested_too_deep_to_parse_says_so(tmp_path, run_kg):
    page = tmp_path / "deeper.html"
    page.write_text(_nested(2100), encoding="utf-8")
    code, out, err = run_kg("extract", str(page))
    assert (code, out, err) == (4, "", f"kg: warning: {page}: HTML nested deeper than 2048 levels; "
                                        "cannot be read; skipped\n")


FORGED = {  # a file name, and how it must show in the warning
    "newline": ("a\nkg: warning: all is well.txt", "a\\nkg: warning: all is well.txt"),
    "OSC title": ("\x1b]0;owned\x07.txt", "\\x1b]0;owned\\x07.txt"),
    "CSI (C1)": ("\x9b2J.txt", "\\x9b2J.txt"),
}


@pytest.mark.parametrize("case", sorted(FORGED))
def test_control_characters_in_file_names_are_shown_escaped(case, tmp_path, run_kg):
    name, shown = FORGED[case]
    (tmp_path / name).write_bytes(b"")
    for command in ("extract", "ingest"):
        code, out, err = run_kg(command, str(tmp_path))
        assert (code, err) == (4, f"kg: warning: {tmp_path}/{shown}: empty file; skipped\n")


def test_control_characters_in_ids_are_escaped_in_the_table_and_warnings(tmp_path, run_kg):
    corpus = tmp_path / "c.jsonl"
    records = [{"id": "a\x1b]0;owned\x07\nb", "text": "Ordfører Kari Holm i Lier er glad."},
               {"id": "x", "text": "  "}]
    corpus.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    code, out, err = run_kg("extract", str(corpus), "-f", "table")
    assert code == 4 and out.startswith("a\\x1b]0;owned\\x07\\nb:0-25\tKari Holm") and out.count("\n") == 1
    assert "\x1b" not in err and err.count("\n") == 1


def test_a_title_or_name_in_an_error_is_escaped(tmp_path, run_kg):
    code, out, err = run_kg("ingest", str(tmp_path / "no\x1b[2Jsuch\nfile.txt"))
    assert (code, err) == (2, f"kg: error: {tmp_path}/no\\x1b[2Jsuch\\nfile.txt: no such file or folder\n")


MB = 1024 * 1024


def test_an_over_long_json_line_is_skipped_by_file_and_line_and_the_rest_stored(tmp_path, run_kg):
    corpus = tmp_path / "big.jsonl"
    with corpus.open("w", encoding="utf-8") as out:
        out.write(json.dumps({"id": "huge", "text": "Ordfører Per Berg i Hole. " * (MB // 12)}) + "\n")
        out.write(json.dumps({"id": "small", "text": "Ordfører Kari Holm i Lier er glad."}) + "\n")
    code, out, err = run_kg("ingest", str(corpus), "--max-record-bytes", str(MB), "--store", str(tmp_path / "store"))
    assert (code, err) == (4, f"kg: warning: {corpus}:1: line longer than 1 MB, the most read of one record; skipped\n")
    assert out.startswith("ingested 1 articles: 1 facts")


@pytest.mark.parametrize("name, head", [("page.html", b"<html><body><article><p>"), ("feed.rss", b"<rss><channel>")])
def test_a_page_or_feed_larger_than_the_limit_is_refused_unread(name, head, tmp_path, store_path, run_kg):
    big = tmp_path / name
    big.write_bytes(head + b"Ordf\xc3\xb8rer Kari Holm i Lier er glad. " * (MB // 20))
    before = fingerprint(store_path)
    code, out, err = run_kg("ingest", str(big), "--max-record-bytes", str(MB), "--store", str(store_path))
    assert (code, err) == (4, f"kg: warning: {big}: larger than 1 MB, the most read of one record "
                              "(it cannot be cut safely); skipped\n")
    assert fingerprint(store_path) == before
    code, out, err = run_kg("ingest", "--strict", str(big), "--max-record-bytes", str(MB), "--store", str(store_path))
    assert code == 2 and err.startswith(f"kg: error: {big}: larger than 1 MB") and fingerprint(store_path) == before


def test_a_long_json_text_is_cut_at_paragraph_breaks_into_articles(tmp_path, run_kg):
    paragraphs = [f"Ordfører Kari Holm i Lier åpnet skole nummer {n}.\n\n" for n in range(7000)]
    text = "".join(paragraphs)  # about 350 000 characters: two parts of at most 256 K
    corpus = tmp_path / "long.jsonl"
    corpus.write_text(json.dumps({"id": "long", "text": text, "url": "https://avisa.example/long"}) + "\n")
    code, out, err = run_kg("extract", str(corpus))
    facts = [json.loads(line) for line in out.splitlines()]
    assert (code, err, [(f["article"], f["person"]) for f in facts]) == (0, "", [("long", "Kari Holm")] * 2)
    code, out, err = run_kg("ingest", str(corpus), "--store", str(tmp_path / "store"))
    assert (code, out.startswith("ingested 2 articles: 2 facts")) == (0, True), out + err
