"""News feeds (RSS 0.9x–2.0, Atom, RDF): one article per entry, read with feedparser after a
defusedxml check, since feeds come from strangers and XML entities can be made to explode.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "nyheiter.rss"
>>> _ = path.write_text(
...     '<rss version="2.0"><channel><title>Fjordbladet</title><item><guid>fb-101</guid>'
...     '<title>Ny ordførar</title><link>https://fjordbladet.example/101</link>'
...     '<pubDate>Thu, 19 Oct 2023 21:30:00 +0200</pubDate>'
...     '<description>&lt;p&gt;Ola Fjellheim vart vald.&lt;/p&gt;</description></item></channel></rss>',
...     encoding="utf-8")
>>> article = next(iter(load_feed(path)))
>>> (article.id, article.text, article.date.isoformat(), article.publisher)
('fb-101', 'Ola Fjellheim vart vald.', '2023-10-19', 'Fjordbladet')
"""

from __future__ import annotations

import io
import re
from datetime import date
from email.utils import parsedate_to_datetime
from pathlib import Path

from kg.errors import InputError
from kg.sources import Article, register
from kg.sources.html import fragment_text
from kg.xml_entities import declares_entities

_ISO_DAY = re.compile(r"\s*(\d{4}-\d{2}-\d{2})")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _refuse_entities(data: bytes, path: Path) -> None:
    """Raise if the XML declares entities or refers to external ones, without expanding any."""
    if declares_entities(data):
        raise InputError(f"{path}: feed refused: XML entity declarations are not allowed")


def _text(entry) -> str:
    """The entry's full content if it has any, else its summary, as plain text."""
    details = list(entry.get("content") or [])
    if entry.get("summary_detail"):
        details.append(entry["summary_detail"])
    for detail in details:
        value = detail.get("value") or ""
        if "html" in (detail.get("type") or "text/html"):
            value = fragment_text(value)
        else:
            value = "\n\n".join(" ".join(p.split()) for p in re.split(r"\n\s*\n", value) if p.strip())
        if value:
            return value
    return ""


def _title(entry) -> str | None:
    detail = entry.get("title_detail") or {}
    title = entry.get("title") or ""
    if "html" in (detail.get("type") or ""):
        title = fragment_text(title)
    return " ".join(title.split()) or None


def _date(entry) -> date | None:
    """The publication (else update) day as the feed wrote it, in the feed's own time zone.

    feedparser's ``*_parsed`` values are converted to UTC, which moves an article published at
    00:30 Norwegian time to the day before; they are used only when the raw text cannot be read.
    """
    for key in ("published", "updated"):
        raw = entry.get(key)
        if not raw:
            continue
        match = _ISO_DAY.match(raw)
        try:
            if match:
                return date.fromisoformat(match.group(1))
            return parsedate_to_datetime(raw).date()
        except (TypeError, ValueError):
            parsed = entry.get(f"{key}_parsed")
            if parsed:
                return date(*parsed[:3])
    return None


def _entry_id(entry, fallback: str) -> str:
    """The entry's guid/id, else its link, else ``fallback``; kept as given (ids are opaque),
    except that control characters and runs of white space are flattened."""
    for key in ("id", "link"):
        value = " ".join(_CONTROL.sub(" ", entry.get(key) or "").split())
        if value:
            return value
    return fallback


@register("feed", (".rss", ".atom", ".xml"))
def load_feed(path: Path):
    """One article per feed entry, in feed order; a feed without entries gives none.

    Entries without text fall back to their title and are skipped if they have neither. Two
    entries with the same id (a broken feed) get ``-n`` appended to the later one's, n being its
    position, so that ids stay unique within the file.
    """
    import feedparser  # imported when a feed is read, not with kg

    data = path.read_bytes()
    _refuse_entities(data, path)
    # A stream, not bytes: feedparser would try a bytes argument as a file name first.
    parsed = feedparser.parse(io.BytesIO(data))
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    # feedparser falls back to a lenient parser when the XML is broken; what that recovers from a
    # truncated or mis-nested feed can silently lack text, so only a wrong declared encoding
    # (which feedparser detects and corrects) is let through.
    if problem is not None and not isinstance(problem, feedparser.CharacterEncodingOverride):
        where = ""
        if hasattr(problem, "getLineNumber"):
            where = f" at line {problem.getLineNumber()}, column {problem.getColumnNumber()}"
        message = problem.getMessage() if hasattr(problem, "getMessage") else str(problem)
        raise InputError(f"{path}: not a well-formed feed: {message}{where}")
    if not parsed.get("version"):
        raise InputError(f"{path}: not an RSS or Atom feed" + ("" if data.strip() else " (the file is empty)"))
    publisher = " ".join((parsed.feed.get("title") or "").split()) or None
    seen: set[str] = set()
    for number, entry in enumerate(parsed.entries, start=1):
        title = _title(entry)
        text = _text(entry) or title
        if not text:
            continue
        article_id = _entry_id(entry, f"{path.stem}-{number}")
        if article_id in seen:
            article_id = f"{article_id}-{number}"
        seen.add(article_id)
        yield Article(id=article_id, text=text, title=title, date=_date(entry), url=entry.get("link") or None,
                      publisher=publisher, source=str(path))
