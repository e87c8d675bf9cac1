"""Plain-text articles: UTF-8 (with or without BOM), else Windows-1252 / Latin-1.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
>>> _ = path.write_bytes("Ordfører i Bærum".encode("cp1252"))
>>> next(iter(load_text(path))).text
'Ordfører i Bærum'
"""

from __future__ import annotations

from pathlib import Path

from kg.errors import InputError
from kg.sources import Article, register


def decode(data: bytes, where: str) -> str:
    """Decode article bytes: a UTF-8 BOM or valid UTF-8 wins; otherwise Windows-1252, the usual
    encoding of older Norwegian web text (it is Latin-1 plus typographic quotes and dashes)."""
    if b"\x00" in data[:4096]:
        raise InputError(f"{where}: binary data, not text")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


@register("text", (".txt",))
def load_text(path: Path):
    """One article per file; its id is the file name without ending."""
    text = decode(path.read_bytes(), str(path))
    yield Article(id=path.stem, text=text.replace("\r\n", "\n"), source=str(path))
