"""JSON Lines corpora: one article per line with ``id`` and ``text``, optionally ``title``, ``date``
(YYYY-MM-DD), ``url``, ``publisher`` and ``language`` (nb/nn).

Lines are read with a bounded reader: a line longer than the limit on one record is skipped as a
problem naming ``file:line`` without ever being held whole (a 300 MB line once took 12 GB).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from kg.errors import InputError
from kg.sources import MAX_RECORD_BYTES, Article, Problem, megabytes, register

_CHUNK = 1024 * 1024  # bytes of an over-long line read (and dropped) at a time


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


def _lines(handle, limit: int):
    """``(line, whole)`` for each line of a binary file: the line, or if it is longer than ``limit``
    bytes, its first ``limit`` bytes and False; the rest of such a line is read and dropped."""
    while True:
        line = handle.readline(limit + 1)
        if not line:
            return
        if len(line) <= limit or line.endswith(b"\n"):  # at most ``limit`` bytes before its end
            yield line, True
            continue
        rest = line
        while rest and not rest.endswith(b"\n"):
            rest = handle.readline(_CHUNK)
        yield line[:limit], False


@register("jsonl", (".jsonl", ".ndjson"), bounded=True)
def load_jsonl(path: Path, max_record_bytes: int = MAX_RECORD_BYTES):
    """Articles of a JSON Lines file, in file order; a broken line, or one longer than
    ``max_record_bytes``, is a :class:`Problem` naming it."""
    with path.open("rb") as handle:
        for number, (raw, whole) in enumerate(_lines(handle, max_record_bytes), start=1):
            where = f"{path}:{number}"
            if not whole:
                yield Problem(where, f"line longer than {megabytes(max_record_bytes)}, the most read of one record")
                continue
            if not raw.strip():
                continue
            try:
                yield _article(json.loads(raw), where, path)
            except (json.JSONDecodeError, UnicodeDecodeError) as error:
                yield Problem(where, f"not valid JSON ({error.msg if hasattr(error, 'msg') else error})")
            except RecursionError:
                yield Problem(where, "not valid JSON (nested too deeply)")
            except InputError as error:
                yield Problem(where, str(error).removeprefix(f"{where}: "))
