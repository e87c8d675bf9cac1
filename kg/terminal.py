"""Text from outside (file names, titles, request paths) made safe to print on a terminal or in a log.

A newline in a file name would forge a line of its own, and escape sequences would move the cursor
or set the terminal's title; :func:`printable` shows every such character as an escape instead.

>>> printable("evil\\nkg: warning: forged \\x1b]0;title\\x07")
'evil\\\\nkg: warning: forged \\\\x1b]0;title\\\\x07'
"""

from __future__ import annotations

import re

# C0 and C1 controls, DEL, the line and paragraph separators, bidirectional overrides, lone surrogates
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match) -> str:
    char = match.group()
    return _NAMED.get(char) or (f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")


def printable(text: str, limit: int | None = None) -> str:
    """``text`` with control characters escaped, cut to ``limit`` characters (with "…") if given."""
    safe = _UNSAFE.sub(_escape, str(text))
    if limit is not None and len(safe) > limit:
        safe = safe[:limit - 1] + "…"
    return safe
