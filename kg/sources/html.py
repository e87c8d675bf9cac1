"""Saved web pages: the article's main text without menus, footers and other boilerplate, with the
title, publication date, site name and canonical URL from the page's metadata (via trafilatura).

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "ordforer.html"
>>> _ = path.write_text(
...     '<html><head><title>Ny ordfører</title><meta property="og:site_name" content="Fjordbladet">'
...     '</head><body><nav><a href="/">Forside</a> <a href="/sport">Sport</a></nav><article>'
...     '<p>Kommunestyret i Nordvik valde Ola Fjellheim til ny ordførar på møtet torsdag kveld.</p>'
...     '<p>Han tek over etter Kari Strand, som har vore ordførar sidan 2015.</p>'
...     '</article></body></html>', encoding="utf-8")
>>> article = next(iter(load_html(path)))
>>> (article.id, article.title, article.publisher)
('ordforer', 'Ny ordfører', 'Fjordbladet')
>>> print(article.text)
Kommunestyret i Nordvik valde Ola Fjellheim til ny ordførar på møtet torsdag kveld.
<BLANKLINE>
Han tek over etter Kari Strand, som har vore ordførar sidan 2015.
"""

from __future__ import annotations

import codecs
import re
from datetime import date
from pathlib import Path

from kg.errors import InputError
from kg.sources import Article, register
from kg.sources.text import decode

# Elements that start a paragraph of their own: HTML's, and the ones trafilatura's cleaned tree
# uses (head, list, item, quote, row).
_BLOCKS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 ul ol li dl dt dd blockquote pre table tr thead tbody tfoot caption "
    "section article aside header footer main figure figcaption address hr details summary "
    "head list item quote row".split()
)
_LINE_BREAKS = frozenset({"br", "lb"})
_CELLS = frozenset({"td", "th", "cell"})

_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.IGNORECASE)
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
# htmldate's defaults would take any date in the body text ("the meeting on 12 May 2019") as the
# publication date and drop dates after today's, which makes the result depend on the clock;
# only the page's own date markup counts here, and the original date wins over a later update.
_DATE_PARAMS = {"extensive_search": False, "original_date": True, "max_date": "2999-12-31"}


def decode_html(data: bytes, where: str) -> str:
    """Decode a saved page: a byte-order mark wins, then ``<meta charset>``, then :func:`decode`.

    As browsers do, a declared Latin-1 or ASCII is read as Windows-1252, and a declared UTF-8 that
    is not valid UTF-8 falls back to Windows-1252 too (a common mislabelling).

    >>> decode_html('<meta charset="iso-8859-1"><p>Bærum</p>'.encode("latin-1"), "x")
    '<meta charset="iso-8859-1"><p>Bærum</p>'
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(encoding, errors="replace")
    match = _CHARSET.search(data[:4096])
    if match:
        try:
            encoding = codecs.lookup(match.group(1).decode("ascii")).name
        except LookupError:
            encoding = None  # an unknown label: sniff as if there were none
        if encoding in ("latin-1", "iso8859-1", "ascii"):
            encoding = "cp1252"
        # A UTF-16/32 label on a page without a BOM cannot be true of bytes that matched the
        # ASCII pattern above, and UTF-8 is what decode() tries first anyway.
        if encoding and not encoding.startswith(("utf-8", "utf-16", "utf-32")):
            return data.decode(encoding, errors="replace")
    return decode(data, where)


#: Excessive depth in document: 2048, use XML_PARSE_HUGE option (libxml2's words)
_TOO_DEEP = re.compile(r"Excessive depth in document: (\d+)")


def parse_html(page: str, where: str, *, fragment: bool = False):
    """The lxml tree of a decoded page (None if it is empty or no page at all), or with
    ``fragment`` of markup wrapped in a ``<div>``.

    libxml2 stops at 256 levels of nesting unless told to allow "huge" trees, and then at 2048; what
    lies deeper is silently dropped. Up to 2048 levels are read here (trafilatura's own parser would
    drop the text of a page nested 300 levels deep and report none), and a page nested deeper is an
    :class:`~kg.errors.InputError` saying so rather than a page without text. (A fragment, a feed
    entry's description, keeps what lies above the limit: a feed has other entries to give.)
    """
    import lxml.html
    from lxml import etree

    # trafilatura's parser settings (trafilatura.utils.HTML_PARSER), plus huge_tree
    settings = {"collect_ids": False, "default_doctype": False, "remove_comments": True, "remove_pis": True,
                "huge_tree": True}
    parser = lxml.html.HTMLParser(**settings)
    try:
        if fragment:
            return lxml.html.document_fromstring(f"<div>{page}</div>", parser=parser)
        try:
            root = lxml.html.fromstring(page, parser=parser)
        except ValueError:  # "Unicode strings with encoding declaration are not supported"
            parser = lxml.html.HTMLParser(**settings, encoding="utf-8")
            root = lxml.html.fromstring(page.encode("utf-8"), parser=parser)
    except etree.ParserError:  # "Document is empty"
        return None
    for entry in parser.error_log:
        match = _TOO_DEEP.search(entry.message)
        if match:
            raise InputError(f"{where}: HTML nested deeper than {match.group(1)} levels; cannot be read")
    # as trafilatura does: text that does not say "html" near its start and parses to a lone
    # element (a URL, say) is not a page
    if "html" not in page[:50].lower() and len(root) < 2:
        return None
    return root


def _tidy(text: str) -> str:
    """Collapse runs of white space within each line and drop empty lines."""
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def element_text(root) -> str:
    """The text of an lxml element with one paragraph per block element, separated by blank lines.

    ``<br>`` becomes a line break inside its paragraph, table cells are separated by a space, and
    white space is collapsed. Walks iteratively, so deeply nested markup cannot overflow the stack.
    Scripts and styles must be gone already (:func:`fragment_text` drops them; trafilatura's
    cleaned tree has none).
    """
    from lxml import etree

    blocks: list[str] = []
    current: list[str] = []

    def flush():
        text = _tidy("".join(current))
        current.clear()
        if text:
            blocks.append(text)

    for event, element in etree.iterwalk(root, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else None  # comments, PIs: tail only
        if tag in _BLOCKS:  # a block ends the paragraph before it, and its own
            flush()
        if event == "start":
            if tag in _LINE_BREAKS:
                current.append("\n")
            if tag is not None and element.text:
                current.append(element.text)
        else:
            if tag in _CELLS:
                current.append(" ")
            if element is not root and element.tail:
                current.append(element.tail)
    flush()
    return "\n\n".join(blocks)


def fragment_text(fragment: str) -> str:
    """Plain text of an HTML fragment (a feed entry's description, say), paragraphs as blank lines.

    >>> fragment_text("<p>Ordf&oslash;rer <b>Ola</b></p><p>Ny linje<br>her</p>")
    'Ordfører Ola\\n\\nNy linje\\nher'
    """
    from lxml import etree

    if not fragment.strip():
        return ""
    root = parse_html(fragment, "HTML fragment", fragment=True)
    etree.strip_elements(root, "script", "style", "template", with_tail=False)
    return element_text(root)


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


@register("html", (".html", ".htm"))
def load_html(path: Path):
    """One article per page; its id is the file name without ending.

    Runs offline: the page is handed to trafilatura as a decoded string, never as a URL, so
    neither trafilatura nor htmldate fetches anything.
    """
    import trafilatura  # heavy (about 0.4 s): imported when a page is read, not with kg

    tree = parse_html(decode_html(path.read_bytes(), str(path)), str(path))
    document = None if tree is None else trafilatura.bare_extraction(
        tree, with_metadata=True, include_comments=False,  # readers' comments are not the article
        date_extraction_params=dict(_DATE_PARAMS),
    )
    text = element_text(document.body) if document is not None and document.body is not None else ""
    title = (document.title or None) if document is not None else None
    # trafilatura keeps the page's <h1>; the title has a field of its own.
    if title and text.split("\n\n", 1)[0] == title:
        text = text.split("\n\n", 1)[1] if "\n\n" in text else ""
    if not text:
        raise InputError(f"{path}: no article text found in the HTML page")
    yield Article(id=path.stem, text=text, title=title, date=_date(document.date),
                  url=document.url or None, publisher=document.sitename or None, source=str(path))
