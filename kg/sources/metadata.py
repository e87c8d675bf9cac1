"""Metadata beside the articles: an ``index.jsonl`` in a folder describes the files in it.

Plain text carries no date, title or URL, so a folder of ``.txt`` articles may hold an
``index.jsonl`` with one object per article: ``id`` (the file name without ending) and any of
``title``, ``date`` (YYYY-MM-DD), ``url``, ``publisher``, ``language`` (nb/nn). It is the layout of
a gold corpus (``kg eval``) and of ``data/articles/``. What an article's own source says wins.

>>> import tempfile, pathlib, json
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "index.jsonl").write_text(json.dumps({"id": "a", "date": "2020-11-19"}))
>>> folder_index(folder)["a"].date
datetime.date(2020, 11, 19)
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from kg.errors import InputError

INDEX_NAME = "index.jsonl"


@dataclass(frozen=True)
class Metadata:
    title: str | None = None
    date: date | None = None
    url: str | None = None
    publisher: str | None = None
    language: str | None = None


def folder_index(folder: Path) -> dict[str, Metadata]:
    """The ``index.jsonl`` of ``folder`` by article id (empty if there is none)."""
    path = folder / INDEX_NAME
    if not path.is_file():
        return {}
    index = {}
    for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise InputError(f"{where}: not valid JSON ({error.msg})") from None
        if not isinstance(record, dict) or not isinstance(record.get("id"), str):
            raise InputError(f"{where}: expected an object with a string 'id'")
        day = record.get("date")
        try:
            day = date.fromisoformat(day) if day else None
        except (TypeError, ValueError):
            raise InputError(f"{where}: date {day!r} is not YYYY-MM-DD") from None
        language = record.get("language")
        if language not in (None, "nb", "nn"):
            raise InputError(f"{where}: language {language!r} is not nb or nn")
        index[record["id"]] = Metadata(record.get("title"), day, record.get("url"), record.get("publisher"), language)
    return index


def with_metadata(article, metadata: Metadata | None):
    """``article`` with the fields its own source left empty filled from ``metadata``."""
    if metadata is None:
        return article
    fields = {name: getattr(metadata, name) for name in ("title", "date", "url", "publisher", "language")
              if getattr(article, name) is None and getattr(metadata, name) is not None}
    return replace(article, **fields) if fields else article
