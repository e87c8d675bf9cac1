"""Text from input made safe to print: control characters shown as visible escapes, so a name read
from a file, an article or a request is always one line and cannot drive the terminal.

A module of its own, importing nothing of kg, so that every layer (loaders, the server's log,
the CLI) can use it without importing upwards; :mod:`kg.errors` is about exceptions, not output.

>>> printable("caf\\udce9.txt\\n\\x1b]0;owned\\x07")
'caf\\\\xe9.txt\\\\n\\\\x1b]0;owned\\\\x07'
>>> printable("Ordfører Kari Holm i Bærum", limit=12)
'Ordfører Ka…'
"""

from __future__ import annotations

import re

#: C0 controls, DEL, C1 controls (U+0085 NEL and U+009B CSI among them), the Unicode line and
#: paragraph separators, the bidirectional overrides and isolates that reorder what is shown,
#: and lone surrogates (a file name's undecodable bytes, or half of a broken JSON pair).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(char: str) -> str:
    code = ord(char)
    if char in _NAMED:
        return _NAMED[char]
    if 0xDC80 <= code <= 0xDCFF:  # Python's stand-in for an undecodable byte of a file name: the byte
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def printable(text: str, limit: int | None = None) -> str:
    """``text`` with every control character, separator, bidi override and lone surrogate replaced
    by a visible escape (``\\n``, ``\\x1b``, ``\\u202e``); cut to at most ``limit`` characters,
    ending in "…" when cut, never inside an escape.

    >>> printable("two\\nlines"), printable("fil\\u202etxt.exe"), printable("abcdef", 4)
    ('two\\\\nlines', 'fil\\\\u202etxt.exe', 'abc…')
    """
    safe = text if text.isprintable() else _UNSAFE.sub(lambda match: _escape(match.group()), text)
    if limit is None or len(safe) <= limit:
        return safe
    # cut on the original text, so that an escape is either whole or left out
    kept, length = [], 0
    for char in text:
        shown = _escape(char) if _UNSAFE.match(char) else char
        if length + len(shown) > limit - 1:
            break
        kept.append(shown)
        length += len(shown)
    return "".join(kept) + "…"
