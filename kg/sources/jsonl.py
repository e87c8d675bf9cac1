"""JSON Lines corpora: one article per line with ``id`` and ``text``, optionally ``title``, ``date``
(YYYY-MM-DD), ``url``, ``publisher`` and ``language`` (nb/nn).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from kg.errors import InputError
from kg.sources import Article, Problem, register


def _article(record, where: str, path: Path) -> Article:
    if not isinstance(record, dict):
        raise InputError(f"{where}: expected a JSON object")
    for key in ("id", "text"):
        if not isinstance(record.get(key), str) or not record[key].strip():
            raise InputError(f"{where}: missing or empty {key!r}")
    day = record.get("date")
    if day is not None:
        try:
            day = date.fromisoformat(str(day)[:10])
        except ValueError:
            raise InputError(f"{where}: date {day!r} is not YYYY-MM-DD") from None
    language = record.get("language")
    if language not in (None, "nb", "nn"):
        raise InputError(f"{where}: language {language!r} is not nb or nn")
    return Article(id=record["id"], text=record["text"], title=record.get("title"), date=day,
                   url=record.get("url"), publisher=record.get("publisher"), language=language,
                   source=str(path))


@register("jsonl", (".jsonl", ".ndjson"))
def load_jsonl(path: Path):
    """Articles of a JSON Lines file, in file order; a broken line is a :class:`Problem` naming it."""
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            where = f"{path}:{number}"
            try:
                yield _article(json.loads(raw), where, path)
            except (json.JSONDecodeError, UnicodeDecodeError) as error:
                yield Problem(where, f"not valid JSON ({error.msg if hasattr(error, 'msg') else error})")
            except RecursionError:
                yield Problem(where, "not valid JSON (nested too deeply)")
            except InputError as error:
                yield Problem(where, str(error).removeprefix(f"{where}: "))
