"""Loaders: text encodings, JSON Lines records and errors, web pages, news feeds, folders, the loader
registry, and Bokmål/Nynorsk detection."""

from __future__ import annotations

import json
import re
import socket
import time
import tracemalloc
from datetime import date
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.sources import get_loader, load, loader_for, loader_names
from kg.sources.feed import load_feed
from kg.sources.html import fragment_text, load_html
from kg.sources.language import BOKMAL, NYNORSK, detect_language, language_evidence

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


def test_lone_surrogates_from_json_escapes_become_replacement_characters(tmp_path, fresh_store):
    from kg.ingestion import ingest

    path = tmp_path / "corpus.jsonl"
    path.write_text('{"id": "a\\ud83d", "title": "\\udce9", "text": "Ordf\\u00f8rer Kari Holm i Lier \\ud83d."}\n')
    (article,) = load([path])
    assert (article.id, article.title, article.text[-4:]) == ("a\ufffd", "é", "r \ufffd.")
    assert ingest(fresh_store, [path]).articles == 1  # a surrogate would make the store refuse the update


def test_problems_are_skipped_and_named_when_asked(tmp_path):
    corpus = tmp_path / "a-corpus.jsonl"
    lines = [json.dumps({"id": "a", "text": SENTENCE}), '{"id": "b", "text": ', "[" * 100_000 + "]" * 100_000,
             json.dumps({"id": "c", "text": "x", "language": "sv"}), json.dumps({"id": "d", "text": SENTENCE})]
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "b-empty.txt").write_bytes(b"  \n")
    (tmp_path / "c-junk.txt").write_bytes(b"\x00\x01" * 50)
    (tmp_path / "d-good.txt").write_text(SENTENCE, encoding="utf-8")
    problems = []
    articles = list(load([tmp_path], on_problem=problems.append))
    assert [a.id for a in articles] == ["a", "d", "d-good"]
    assert [str(p).removeprefix(str(tmp_path) + "/") for p in problems] == [
        "a-corpus.jsonl:2: not valid JSON (Expecting value)",
        "a-corpus.jsonl:3: not valid JSON (nested too deeply)",
        "a-corpus.jsonl:4: language 'sv' is not nb or nn",
        "b-empty.txt: empty file",
        "c-junk.txt: binary data, not text",
    ]
    with pytest.raises(InputError, match="a-corpus.jsonl:2: not valid JSON"):
        list(load([tmp_path]))  # without on_problem the first problem stops the load


def test_a_large_text_file_is_read_in_parts_cut_at_paragraph_breaks(tmp_path):
    from kg.sources.text import PART_CHARS

    paragraph = "Ordføreren i Lier, Kari Holm, åpnet brua. Det var en fin dag for bygda.\n\n"
    text = paragraph * (3 * PART_CHARS // len(paragraph) + 7)
    path = tmp_path / "dump.txt"
    path.write_bytes(text.encode("cp1252"))  # not UTF-8: the encoding is found before the parts are cut
    parts = list(load([path]))
    assert len(parts) == 4 and {p.id for p in parts} == {"dump"}
    assert "".join(p.text for p in parts) == text  # nothing lost or doubled at the cuts
    assert all(len(p.text) <= PART_CHARS and p.text.endswith("\n\n") for p in parts[:-1])
    assert parts[1].source == f"{path} (part 2)"


def test_a_100_mb_text_file_is_streamed_in_bounded_memory(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "big.txt"
    line = "Ordfører Kari Holm i Lier sa at brua blir ferdig neste år, og at kommunen betaler.\n"
    with path.open("w", encoding="utf-8") as out:
        block = line * 12_000 + "\n"
        for _ in range(100 * 1024 * 1024 // len(block.encode()) + 1):
            out.write(block)
    assert path.stat().st_size > 100 * 1024 * 1024
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the (large) pytest process across exec
    probe = ("import re, sys; from pathlib import Path; from kg.sources import load; "
             "n = sum(len(a.text) for a in load([sys.argv[1]])); "
             "print(n, int(re.search(r'VmHWM:\\s+(\\d+)', Path('/proc/self/status').read_text()).group(1)) // 1024)")
    out = subprocess.run([sys.executable, "-c", probe, str(path)], capture_output=True, text=True, check=True).stdout
    characters, peak_mb = map(int, out.split())
    assert characters == len(path.read_text(encoding="utf-8"))
    assert peak_mb < 250, f"{peak_mb} MB to read a 100 MB file: it is not streamed"


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
    known = ".atom, .htm, .html, .jsonl, .ndjson, .rss, .txt, .xml"
    with pytest.raises(InputError, match=f"no loader reads .md; known: {known}"):
        list(load([path]))
    with pytest.raises(InputError, match="unknown loader 'pdf'; known loaders: feed, html, jsonl, text"):
        list(load([path], loader="pdf"))
    assert [a.text for a in load([path], loader="text")] == ["x"]
    with pytest.raises(InputError, match="no such file or folder"):
        list(load([tmp_path / "missing.txt"]))


# --- Web pages (kg.sources.html) -------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="nb">
<head>
<meta charset="{charset}">
<title>Ordfører i Bærum går av | Fjordbladet</title>
<meta property="og:title" content="Ordfører i Bærum går av">
<meta property="og:site_name" content="Fjordbladet">
<meta property="og:url" content="https://fjordbladet.example/nyheter/ordforer-gar-av">
<link rel="canonical" href="https://fjordbladet.example/nyheter/ordforer-gar-av">
<meta property="article:published_time" content="2023-03-14T08:30:00+01:00">
</head>
<body>
<nav><ul><li><a href="/">Forside</a></li><li><a href="/sport">Sport</a></li><li><a href="/kultur">Kultur</a></li></ul></nav>
<header><div class="menu">Meny - Logg inn - Abonnement</div></header>
<article>
<h1>Ordfører i Bærum går av</h1>
<p>Ordfører Ola Fjellheim i Bærum kunngjorde tirsdag at han ikke tar gjenvalg ved neste valg. Han har<br>vært ordfører i åtte år.</p>
<p>- Det har vært en ære å lede kommunen, men nå er det tid for nye krefter, sier Fjellheim til avisen.</p>
<p>Varaordfører Kari Strand blir nevnt som en mulig etterfølger. Hun vil ikke kommentere saken ennå.</p>
</article>
<footer><p>Fjordbladet AS. Ansvarlig redaktør: Per Hansen. Alle rettigheter reservert.</p><p>Kontakt oss | Personvern</p></footer>
</body></html>
"""
PAGE_TEXT = (
    "Ordfører Ola Fjellheim i Bærum kunngjorde tirsdag at han ikke tar gjenvalg ved neste valg. Han har\n"
    "vært ordfører i åtte år.\n\n"
    "- Det har vært en ære å lede kommunen, men nå er det tid for nye krefter, sier Fjellheim til avisen.\n\n"
    "Varaordfører Kari Strand blir nevnt som en mulig etterfølger. Hun vil ikke kommentere saken ennå."
)


def test_html_main_text_without_boilerplate_and_metadata(tmp_path):
    path = tmp_path / "ordforer.html"
    path.write_text(PAGE.format(charset="utf-8"), encoding="utf-8")
    (article,) = load([path])
    assert article.text == PAGE_TEXT
    for boilerplate in ("Forside", "Abonnement", "Ansvarlig redaktør", "Personvern"):
        assert boilerplate not in article.text
    assert (article.id, article.title, article.date, article.publisher, article.url, article.source) == (
        "ordforer", "Ordfører i Bærum går av", date(2023, 3, 14), "Fjordbladet",
        "https://fjordbladet.example/nyheter/ordforer-gar-av", str(path))
    assert article.language == "nb"


@pytest.mark.parametrize("name, data", [
    ("meta-latin1.html", PAGE.format(charset="iso-8859-1").encode("latin-1")),
    ("meta-cp1252.htm", PAGE.format(charset="windows-1252").encode("cp1252")),
    ("xml-declaration.html", ('<?xml version="1.0" encoding="iso-8859-1"?>\n'
                              + PAGE.format(charset="iso-8859-1")).encode("latin-1")),
    ("bom-utf16.html", PAGE.format(charset="utf-16").encode("utf-16")),
    ("bom-utf8.html", b"\xef\xbb\xbf" + PAGE.format(charset="utf-8").encode("utf-8")),
    ("undeclared-cp1252.html", PAGE.replace('<meta charset="{charset}">', "").encode("cp1252")),
    ("mislabelled-utf8.html", PAGE.format(charset="utf-8").encode("cp1252")),
])
def test_html_encodings(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    (article,) = load([path])
    assert (article.title, article.text) == ("Ordfører i Bærum går av", PAGE_TEXT)


@pytest.mark.parametrize("charset, encoding, addition", [
    # In ISO-8859-15 byte A4 is the euro sign; sniffed as Windows-1252 it would be "¤".
    ("iso-8859-15", "iso-8859-15", "Budsjettet er på 40 millionar €."),
    # A page declared Latin-1 is read as Windows-1252, as browsers do: byte 96 is a dash, not a control.
    ("ISO-8859-1", "cp1252", "Saka – og budsjettet – kjem opp att."),
])
def test_html_declared_charset_is_honoured(tmp_path, charset, encoding, addition):
    page = PAGE.format(charset=charset).replace("ennå.", f"ennå. {addition}")
    path = tmp_path / "charset.html"
    path.write_bytes(page.encode(encoding))
    (article,) = load([path])
    assert article.text.endswith(f"ennå. {addition}")


def test_html_date_only_from_page_markup(tmp_path):
    # A date mentioned in the story is not the publication date.
    page = PAGE.format(charset="utf-8").replace(
        '<meta property="article:published_time" content="2023-03-14T08:30:00+01:00">', "").replace(
        "<p>Varaordfører", "<p>Saken ble først omtalt 12. mai 2019 i kommunestyret.</p><p>Varaordfører")
    (tmp_path / "a.html").write_text(page, encoding="utf-8")
    (tmp_path / "b.html").write_text(page.replace("<article>", '<article><time datetime="2022-06-01">1. juni</time>'),
                                     encoding="utf-8")
    (tmp_path / "c.html").write_text(PAGE.format(charset="utf-8").replace("2023-03-14", "2031-01-05"), encoding="utf-8")
    assert [a.date for a in load([tmp_path])] == [None, date(2022, 6, 1), date(2031, 1, 5)]


def test_html_truncated_page_gives_the_text_so_far(tmp_path):
    page = PAGE.format(charset="utf-8")
    path = tmp_path / "avbrutt.html"
    path.write_text(page[:page.index("åtte år")], encoding="utf-8")
    (article,) = load([path])
    assert article.text.startswith("Ordfører Ola Fjellheim i Bærum kunngjorde tirsdag")
    assert article.text.endswith("Han har\nvært ordfører i")
    assert article.title == "Ordfører i Bærum går av"


@pytest.mark.parametrize("data, message", [
    (b"", "no article text found in the HTML page"),
    (b"  \n ", "no article text found in the HTML page"),
    (b"<html><head><title>Tom side</title></head><body><div></div></body></html>", "no article text found"),
    (b"https://fjordbladet.example/nyheter/ordforer-gar-av", "no article text found"),
    (b"\x00\x01\x02\xff" * 10, "binary data"),
])
def test_html_without_text_is_refused(tmp_path, data, message):
    path = tmp_path / "tom.html"
    path.write_bytes(data)
    with pytest.raises(InputError, match=rf"^{re.escape(str(path))}: {message}"):
        list(load([path]))


def test_html_is_read_offline(tmp_path, monkeypatch):
    # htmldate fetches a page given as a URL string; make sure nothing in the chain ever tries.
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network access in a test")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    (tmp_path / "a.html").write_text(PAGE.format(charset="utf-8"), encoding="utf-8")
    (tmp_path / "b.html").write_text("https://fjordbladet.example/nyheter/ordforer-gar-av", encoding="utf-8")
    assert [a.id for a in load([tmp_path / "a.html"])] == ["a"]
    with pytest.raises(InputError):
        list(load([tmp_path / "b.html"]))
    assert attempts == []


def test_fragment_text_paragraphs_entities_and_scripts():
    fragment = ("<p>Ordf&oslash;rer&nbsp;<b>Ola</b>  Fjellheim</p><!-- skjult --><script>alert(1)</script>"
                "<ul><li>Punkt ein</li><li>Punkt to</li></ul>Laus tekst<br>ny linje"
                "<table><tr><td>Parti</td><td>Røyster</td></tr></table>")
    assert fragment_text(fragment) == (
        "Ordfører Ola Fjellheim\n\nPunkt ein\n\nPunkt to\n\nLaus tekst\nny linje\n\nParti Røyster")
    assert fragment_text("   ") == ""


# --- Feeds (kg.sources.feed) -----------------------------------------------------------------

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0">
<channel>
<title>Fjordbladet – nyheiter</title>
<link>https://fjordbladet.example/</link>
<description>Lokale nyheiter</description>
<item>
  <title>Ny ordførar i Nordvik</title>
  <link>https://fjordbladet.example/nyheiter/101</link>
  <guid isPermaLink="false">fjordbladet-101</guid>
  <pubDate>Thu, 19 Oct 2023 00:30:00 +0200</pubDate>
  <description>&lt;p&gt;Ola Fjellheim vart vald til ordf&amp;oslash;rar.&lt;/p&gt;&lt;p&gt;Han &lt;b&gt;tek over&lt;/b&gt; frå Kari Strand &amp;amp; byrjar i dag.&lt;/p&gt;</description>
</item>
<item>
  <title>Budsjettet vedteke</title>
  <link>https://fjordbladet.example/nyheiter/102</link>
  <pubDate>Fri, 20 Oct 2023 14:00:00 +0200</pubDate>
  <description><![CDATA[<p>Kommunestyret vedtok budsjettet.</p><script>alert("x")</script><p>Røystinga enda 20&ndash;15.</p>]]></description>
</item>
<item>
  <title>Utan lenkje</title>
  <description>Berre ei kort melding.</description>
</item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Kommuneposten</title>
  <id>urn:uuid:6a1f0c7e-0000-4000-8000-000000000000</id>
  <updated>2024-01-02T10:00:00Z</updated>
  <entry>
    <title type="html">Ordførar &lt;i&gt;Kari Strand&lt;/i&gt; attvald</title>
    <id>https://kommuneposten.example/a/1</id>
    <link rel="alternate" href="https://kommuneposten.example/a/1"/>
    <published>2024-01-01T00:15:00+01:00</published>
    <updated>2024-01-01T09:00:00+01:00</updated>
    <summary type="text">Kort samandrag.</summary>
    <content type="html">&lt;p&gt;Kari Strand held fram som ordførar.&lt;/p&gt;&lt;p&gt;Ho fekk 31 røyster.&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Nytt rådhus</title>
    <id>tag:kommuneposten.example,2024:2</id>
    <link href="https://kommuneposten.example/a/2"/>
    <updated>2024-01-02T10:00:00Z</updated>
    <summary type="text">Kommunen byggjer nytt rådhus.

Arbeidet startar i vår,
men det er ikkje klart kva det kostar.</summary>
  </entry>
</feed>
"""


def test_rss_one_article_per_item(tmp_path):
    path = tmp_path / "fjordbladet.rss"
    path.write_text(RSS, encoding="utf-8")
    first, second, third = load([path])
    assert (first.id, first.title, first.url) == (
        "fjordbladet-101", "Ny ordførar i Nordvik", "https://fjordbladet.example/nyheiter/101")
    # Entities decoded, tags stripped, paragraphs kept.
    assert first.text == "Ola Fjellheim vart vald til ordførar.\n\nHan tek over frå Kari Strand & byrjar i dag."
    # The day as the feed wrote it: 00:30 at +02:00 would be the 18th in UTC.
    assert first.date == date(2023, 10, 19)
    assert (second.id, second.date, second.text) == (
        "https://fjordbladet.example/nyheiter/102", date(2023, 10, 20),
        "Kommunestyret vedtok budsjettet.\n\nRøystinga enda 20–15.")
    assert (third.id, third.url, third.date, third.text) == ("fjordbladet-3", None, None, "Berre ei kort melding.")
    assert {a.publisher for a in (first, second, third)} == {"Fjordbladet – nyheiter"}
    assert {a.source for a in (first, second, third)} == {str(path)}
    assert first.language == "nn"


def test_atom_one_article_per_entry(tmp_path):
    path = tmp_path / "kommuneposten.atom"
    path.write_text(ATOM, encoding="utf-8")
    first, second = load([path])
    assert (first.id, first.title, first.url, first.date, first.publisher) == (
        "https://kommuneposten.example/a/1", "Ordførar Kari Strand attvald", "https://kommuneposten.example/a/1",
        date(2024, 1, 1), "Kommuneposten")
    # Full content wins over the summary.
    assert first.text == "Kari Strand held fram som ordførar.\n\nHo fekk 31 røyster."
    # No published date: the updated one; plain-text summary keeps its paragraphs.
    assert (second.id, second.date, second.text) == (
        "tag:kommuneposten.example,2024:2", date(2024, 1, 2),
        "Kommunen byggjer nytt rådhus.\n\nArbeidet startar i vår, men det er ikkje klart kva det kostar.")


def test_feed_with_no_entries_gives_nothing(tmp_path):
    path = tmp_path / "tom.xml"
    path.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>Tom</title></channel></rss>',
                    encoding="utf-8")
    assert list(load([path])) == []


def test_feed_with_wrongly_declared_encoding_is_read(tmp_path):
    path = tmp_path / "latin1.rss"
    path.write_bytes(RSS.replace("–", "-").replace("&ndash;", "-").encode("latin-1"))
    assert [a.title for a in load([path])][0] == "Ny ordførar i Nordvik"


def test_feed_duplicate_ids_are_made_unique(tmp_path):
    path = tmp_path / "dobbel.rss"
    item = "<item><guid>sak-1</guid><title>{}</title></item>"
    items = item.format("Ein") + item.format("To")
    path.write_text(f'<rss version="2.0"><channel><title>T</title>{items}</channel></rss>', encoding="utf-8")
    assert [(a.id, a.text) for a in load([path])] == [("sak-1", "Ein"), ("sak-1-2", "To")]


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rss [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>&lol9;</title><item><title>&lol9;</title><description>&lol9;</description></item></channel></rss>
"""


@pytest.mark.parametrize("name, data", [
    ("laughs.rss", BILLION_LAUGHS.encode("utf-8")),
    ("laughs-utf16.xml", BILLION_LAUGHS.replace('version="1.0"?', 'version="1.0" encoding="utf-16"?').encode("utf-16")),
    ("external.atom", b'<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                      b'<feed xmlns="http://www.w3.org/2005/Atom"><title>&x;</title></feed>'),
    ("parameter.rss", b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY % p SYSTEM "http://example.org/p.dtd"> %p;]>'
                      b'<rss version="2.0"><channel><title>T</title></channel></rss>'),
    # Broken before the root element: defusedxml cannot parse it, the declaration is refused anyway.
    ("broken-prolog.rss", b'  <?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaa">]><rss version="2.0"/>'),
])
def test_feed_with_entity_declarations_is_refused_unexpanded(tmp_path, monkeypatch, name, data):
    import feedparser

    def must_not_parse(*args, **kwargs):
        raise AssertionError("feedparser was handed a refused feed")

    monkeypatch.setattr(feedparser, "parse", must_not_parse)
    path = tmp_path / name
    path.write_bytes(data)
    tracemalloc.start()
    started = time.perf_counter()
    try:
        refused = "feed refused: XML entity declarations are not allowed"
        with pytest.raises(InputError, match=rf"^{re.escape(str(path))}: {refused}$"):
            list(load([path]))
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert elapsed < 2
    assert peak < 10_000_000  # expanded, &lol9; alone would be 3 GB


def test_feed_content_is_never_taken_for_a_file_name(tmp_path):
    # feedparser opens a bytes argument as a file if it can; the loader must read only its own file.
    (tmp_path / "real.rss").write_text(RSS, encoding="utf-8")
    pointer = tmp_path / "pointer.xml"
    pointer.write_bytes(bytes(tmp_path / "real.rss"))
    with pytest.raises(InputError, match="pointer.xml: not"):
        list(load([pointer]))


def test_feed_with_a_plain_doctype_is_read(tmp_path):
    # RSS 0.91 feeds name Netscape's DTD; naming it fetches nothing and is not refused.
    path = tmp_path / "gammal.rss"
    path.write_text('<?xml version="1.0"?>\n<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" '
                    '"http://my.netscape.com/publish/formats/rss-0.91.dtd">\n<rss version="0.91"><channel>'
                    "<title>Gamal</title><item><title>Sak</title><link>https://gamal.example/1</link>"
                    "<description>Tekst om saka.</description></item></channel></rss>", encoding="utf-8")
    assert [(a.id, a.text, a.publisher) for a in load([path])] == [
        ("https://gamal.example/1", "Tekst om saka.", "Gamal")]


@pytest.mark.parametrize("data, message", [
    (RSS[:RSS.index("vart vald")].encode(), r"not a well-formed feed: .* at line \d+, column \d+$"),
    (RSS.replace("</title>\n  <link>https://fjordbladet.example/nyheiter/102", "</titel>\n  <link>").encode(),
     r"not a well-formed feed: mismatched tag at line \d+"),
    (b'<rss version="2.0"><channel><title>T</title><item><title>a&nbsp;b</title></item></channel></rss>',
     "not a well-formed feed: undefined entity"),
    (b"dette er ikkje XML", "not a well-formed feed"),
    (b'<?xml version="1.0"?><merknad><til>Ola</til></merknad>', "not an RSS or Atom feed$"),
    (b"<html><body><p>Hei</p></body></html>", "not an RSS or Atom feed$"),
    (b"", r"not an RSS or Atom feed \(the file is empty\)$"),
])
def test_malformed_feed_is_refused(tmp_path, data, message):
    path = tmp_path / "feil.xml"
    path.write_bytes(data)
    with pytest.raises(InputError, match=rf"^{re.escape(str(path))}: {message}") as caught:
        list(load([path]))
    assert "\n" not in str(caught.value)


# --- Registry, folders, language -------------------------------------------------------------

def test_registry_lists_web_loaders():
    assert {"html", "feed"} <= set(loader_names())
    assert get_loader("html") is load_html and get_loader("feed") is load_feed
    for name, loader in [("a.html", load_html), ("a.HTM", load_html), ("a.rss", load_feed), ("a.atom", load_feed),
                         ("a.xml", load_feed)]:
        assert loader_for(Path(name)) is loader


def test_folder_mixing_text_html_and_feeds(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text("Eg veit ikkje kva ho meiner.", encoding="utf-8")
    (tmp_path / "b.html").write_text(PAGE.format(charset="utf-8"), encoding="utf-8")
    (tmp_path / "c.rss").write_text(RSS, encoding="utf-8")
    (tmp_path / "sub" / "d.atom").write_text(ATOM, encoding="utf-8")
    (tmp_path / "notat.md").write_text("ingen lastar", encoding="utf-8")
    articles = list(load([tmp_path]))
    assert [(a.id, a.source) for a in articles] == [
        ("a", str(tmp_path / "a.txt")),
        ("b", str(tmp_path / "b.html")),
        ("fjordbladet-101", str(tmp_path / "c.rss")),
        ("https://fjordbladet.example/nyheiter/102", str(tmp_path / "c.rss")),
        ("c-3", str(tmp_path / "c.rss")),
        ("https://kommuneposten.example/a/1", str(tmp_path / "sub" / "d.atom")),
        ("tag:kommuneposten.example,2024:2", str(tmp_path / "sub" / "d.atom")),
    ]
    assert [a.language for a in articles] == ["nn", "nb", "nn", "nb", "nn", "nn", "nn"]


@pytest.mark.parametrize("text, expected", [
    ("Jeg vet ikke hvordan kommunen skal klare seg uten ny skole, sier ordføreren.", "nb"),
    ("Hun har vært varaordfører i fire år og vil bare fortsette hvis partiet ber om det.", "nb"),
    ("Det er mye som er uklart, og flere politikere mener at saken må utsettes.", "nb"),
    ("Eg veit ikkje korleis kommunen skal klare seg utan ny skule, seier ordføraren.", "nn"),
    ("Ho har vore varaordførar i fire år og vil berre halde fram dersom partiet ber om det.", "nn"),
    ("Det er mykje som er uklart, og fleire politikarar meiner at saka må utsetjast.", "nn"),
    ("IKKJE EG, sa han FRÅ talarstolen.", "nn"),  # case does not matter
    ("Ho sa at hun kom.", "nb"),  # one word each: a tie goes to Bokmål
    ("Kommunestyret møttes i Førde 12. mai.", "nb"),  # no evidence either way
    ("", "nb"),
])
def test_detect_language(text, expected):
    assert detect_language(text) == expected


def test_language_evidence_counts_whole_words_only():
    # "kva" inside "kvalitet", "en" inside "endelig", "eg" inside "egen" are no evidence.
    assert language_evidence("Kvalitet er endelig egen sak") == (0, 0)
    assert language_evidence("Ho kjem frå Voss, men jeg bor i Bergen.") == (2, 1)
    assert language_evidence("Han kjem o\u0300g.") == (1, 0)  # ò typed with a combining accent
    assert not NYNORSK & BOKMAL


def test_load_keeps_a_declared_language_and_fills_in_the_rest(tmp_path):
    path = tmp_path / "c.jsonl"
    records = [{"id": "x", "text": "Jeg vet ikke hva hun mener.", "language": "nn"},
               {"id": "y", "text": "Eg veit ikkje kva ho meiner."}]
    path.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    assert [(a.id, a.language) for a in load([path])] == [("x", "nn"), ("y", "nn")]


# -- any bytes at all -------------------------------------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_MARKUP = st.sampled_from([b"<", b">", b"</p>", b"<p>", b"<rss>", b"<item>", b"<!DOCTYPE x [", b"&amp;", b"&x;",
                           b"\x00", b"\xff", b"\xc3", b"\n", b"{", b"}", b'"id"', b":", b"Ordf\xc3\xb8rer "])


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.lists(st.one_of(st.binary(max_size=12), _MARKUP), max_size=30).map(b"".join),
       ending=st.sampled_from([".txt", ".html", ".rss", ".jsonl"]))
def test_any_bytes_give_articles_or_named_problems_never_a_crash(tmp_path, data, ending):
    path = tmp_path / f"fuzz{ending}"
    path.write_bytes(data)
    problems = []
    articles = list(load([path], on_problem=problems.append))
    assert all(a.text.strip() for a in articles)
    assert all(str(p).startswith(str(path)) for p in problems)


def test_an_over_long_json_line_is_never_held_whole(tmp_path):
    path = tmp_path / "huge.jsonl"
    with path.open("wb") as out:
        out.write(b'{"id": "huge", "text": "' + b"Ordf\xc3\xb8rer Per Berg i Hole. " * (30 * 2**20 // 27) + b'"}\n')
        out.write(b'{"id": "next", "text": "Ordf\xc3\xb8rer Kari Holm i Lier."}\n')
    problems = []
    tracemalloc.start()
    try:
        articles = list(load([path], on_problem=problems.append, max_record_bytes=2**20))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [a.id for a in articles] == ["next"] and [p.where for p in problems] == [f"{path}:1"]
    assert peak < 8 * 2**20, f"peak {peak / 2**20:.1f} MB reading a 30 MB line with a 1 MB limit"


def test_long_texts_of_every_loader_come_in_parts(tmp_path):
    from kg.sources import in_parts
    from kg.sources.text import split_text

    text = "".join(f"Avsnitt {n} om kommunen.\n\n" for n in range(100))
    parts = list(split_text(text, 300))
    assert "".join(parts) == text and all(len(p) <= 300 and p.endswith("\n\n") for p in parts)
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"id": "a", "text": text, "url": "https://x.example/a"}) + "\n")
    articles = list(load([path], part_chars=300))
    assert [a.text for a in articles] == parts and {a.id for a in articles} == {"a"}
    assert [a.url for a in articles] == [f"https://x.example/a#part-{n}" for n in range(1, len(parts) + 1)]
    assert list(in_parts(articles[0], 300)) == [articles[0]]
