"""Plain-text articles: UTF-8 (with or without BOM), else Windows-1252 / Latin-1.

A file larger than :data:`PART_CHARS` is no single article (a dump of many, most likely): it is
read as a stream and cut at paragraph breaks into parts of about that size, each an article of its
own under the file's id, so memory stays bounded however large the file.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
>>> _ = path.write_bytes("Ordfører i Bærum".encode("cp1252"))
>>> next(iter(load_text(path))).text
'Ordfører i Bærum'
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from pathlib import Path

from kg.errors import InputError
from kg.sources import PART_CHARS, Article, Problem, register

_CHUNK = 64 * 1024  # bytes read at a time
#: A well-formed UTF-8 sequence for a character beyond ASCII (æ, ø, å are two bytes each).
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_BREAKS = (re.compile(r"\n[ \t]*\n"), re.compile(r"\n"), re.compile(r"(?<=[.!?])\s"), re.compile(r"\s"))


def decode(data: bytes, where: str) -> str:
    """Decode article bytes: a UTF-8 BOM or valid UTF-8 wins; UTF-8 with a few broken bytes is read
    as UTF-8 with those replaced (U+FFFD); otherwise Windows-1252, the usual encoding of older
    Norwegian web text (it is Latin-1 plus typographic quotes and dashes).

    >>> decode(b"Ordf\\xc3\\xb8rer \\xff", "x"), decode(b"Ordf\\xf8rer", "x")
    ('Ordfører �', 'Ordfører')
    """
    if b"\x00" in data[:4096]:
        raise InputError(f"{where}: binary data, not text")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        if _UTF8_SEQUENCE.search(data):  # "Ã¸" from cp1252 would be worse than one "�"
            return data.decode("utf-8", errors="replace")
        return data.decode("cp1252", errors="replace")


_SURROGATE = re.compile("[\ud800-\udfff]")


def decode_name(text: str) -> str:
    """A string holding lone surrogates made whole: Python reads a file name's bytes that are not
    UTF-8 as surrogates U+DC80–U+DCFF, and those bytes are decoded as :func:`decode` decodes text
    (mostly Windows-1252, as older Norwegian systems wrote "café.txt"); other lone surrogates
    become U+FFFD.

    >>> decode_name("caf\\udce9.txt"), decode_name("Ordf\\udcc3\\udcb8rer"), decode_name("x\\ud83d")
    ('café.txt', 'Ordfører', 'x�')
    """
    try:
        raw = text.encode("utf-8", errors="surrogateescape")
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", text)
    if raw.startswith(b"\xef\xbb\xbf") or b"\x00" in raw[:4096]:  # not what decode() judges
        return raw.decode("utf-8", errors="replace")
    return decode(raw, text)


@register("text", (".txt",), bounded=True)
def load_text(path: Path, max_record_bytes: int | None = None) -> Iterator[Article | Problem]:
    """One article per file; its id is the file name without ending. An empty file is a problem.
    (Read in parts of :data:`PART_CHARS`, so no limit on the size of a record applies.)"""
    size = path.stat().st_size
    if size > PART_CHARS:
        yield from _parts(path)
        return
    text = decode(path.read_bytes(), str(path))
    if not text.strip():
        yield Problem(str(path), "empty file")
        return
    yield Article(id=path.stem, text=text.replace("\r\n", "\n"), source=str(path))


def _encoding(path: Path) -> str:
    """``utf-8-sig`` if the whole file is UTF-8, else ``cp1252``: one streaming pass, no copy."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as handle:
        first = handle.read(_CHUNK)
        if b"\x00" in first[:4096]:
            raise InputError(f"{path}: binary data, not text")
        try:
            chunk = first
            while chunk:
                decoder.decode(chunk)
                chunk = handle.read(_CHUNK)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8-sig"


def _parts(path: Path) -> Iterator[Article]:
    """A large file as articles of about :data:`PART_CHARS` characters, cut at paragraph breaks
    (else line ends, sentence ends, spaces), read a chunk at a time."""
    decoder = codecs.getincrementaldecoder(_encoding(path))(errors="replace")
    buffer, number = "", 0
    with path.open("rb") as handle:
        while True:
            chunk = handle.read(_CHUNK)
            buffer += decoder.decode(chunk, final=not chunk).replace("\r\n", "\n")
            while len(buffer) >= PART_CHARS or (not chunk and buffer.strip()):
                cut = _cut(buffer, PART_CHARS) if len(buffer) >= PART_CHARS else len(buffer)
                part, buffer = buffer[:cut], buffer[cut:]
                if part.strip():
                    number += 1
                    yield Article(id=path.stem, text=part, source=f"{path} (part {number})")
            if not chunk:
                return


def _cut(buffer: str, part_chars: int) -> int:
    """Where to end a part: the last break of the strongest kind in its second half."""
    window = buffer[part_chars // 2:part_chars]
    for pattern in _BREAKS:
        ends = [match.end() for match in pattern.finditer(window)]
        if ends:
            return part_chars // 2 + ends[-1]
    return part_chars


def split_text(text: str, part_chars: int = PART_CHARS) -> Iterator[str]:
    """``text`` in parts of at most ``part_chars`` characters, cut as :func:`load_text` cuts a large
    file; parts of nothing but white space are left out.

    >>> list(split_text("Ett avsnitt.\\n\\nEit anna avsnitt.", 20))
    ['Ett avsnitt.\\n\\n', 'Eit anna avsnitt.']
    """
    start = 0
    while start < len(text):
        rest = len(text) - start
        # _cut looks at a window of the buffer only, so hand it that much, not the whole rest
        cut = _cut(text[start:start + part_chars], part_chars) if rest > part_chars else rest
        part = text[start:start + cut]
        if part.strip():
            yield part
        start += cut
