"""Which other hosts a SPARQL text would make the store contact, and refusing those not allowed.

Oxigraph evaluates ``SERVICE <url> { … }`` by sending the pattern to ``url`` and ``LOAD <url>`` by
fetching it, on behalf of whoever wrote the query. kommunegraf fetches nothing unless the operator
names the hosts it may contact, so a query or update is read for those two keywords before it runs.

The text is read as a SPARQL parser reads it: ``\\uXXXX`` escapes are decoded first (SPARQL 1.1,
section 19.2, as Oxigraph does), strings, IRIs and comments are skipped, and ``PREFIX`` declarations
expand prefixed names. A target that is a variable cannot be checked, so it is refused.

>>> targets("PREFIX e: <http://x.example/> SELECT * { SERVICE SILENT e:sparql { ?s ?p ?o } }")
['http://x.example/sparql']
>>> check("SELECT * { ?s ?p 'SERVICE <http://x.example/>' }")
>>> check("LOAD <https://evil.example/data.ttl>")
Traceback (most recent call last):
...
kg.errors.OutboundRequestError: the update asks to fetch <https://evil.example/data.ttl> (LOAD); kommunegraf contacts no other host unless allowed (--allow-service HOST)
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterable

from kg.errors import OutboundRequestError

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_NAME = r"[A-Za-z\u00C0-\uFFFF][\w.\-\u00B7-\uFFFF]*"
_TOKENS = re.compile(
    r"""(?P<skip>\#[^\n]*|"{3}.*?"{3}|'{3}.*?'{3}|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
      |(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
      |(?P<var>[?$][\w\u00B7-\uFFFF]+)
      |(?P<pname>(?:""" + _NAME + r""")?:(?:[\w\-.:%\u00B7-\uFFFF]|\\.)*)
      |(?P<word>""" + _NAME + r""")""",
    re.DOTALL | re.VERBOSE,
)
_FETCHING = {"SERVICE": "SERVICE", "LOAD": "LOAD"}


def _tokens(text: str) -> list[tuple[str, str]]:
    text = _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)
    return [(m.lastgroup, m.group()) for m in _TOKENS.finditer(text) if m.lastgroup != "skip"]


def _fetches(text: str) -> list[tuple[str, str | None]]:
    """(keyword, target IRI or None for a variable or something unreadable), in text order."""
    tokens = _tokens(text)
    prefixes: dict[str, str] = {}
    found: list[tuple[str, str | None]] = []
    for index, (kind, value) in enumerate(tokens):
        if kind != "word":
            continue
        word = value.upper()
        if word == "PREFIX" and index + 2 < len(tokens) and tokens[index + 2][0] == "iri":
            prefixes[tokens[index + 1][1].rstrip(":")] = tokens[index + 2][1][1:-1]
        if word not in _FETCHING:
            continue
        rest = tokens[index + 1:index + 3]
        if rest and rest[0][0] == "word" and rest[0][1].upper() == "SILENT":
            rest = rest[1:]
        target = None
        if rest and rest[0][0] == "iri":
            target = rest[0][1][1:-1]
        elif rest and rest[0][0] == "pname":
            prefix, _, local = rest[0][1].partition(":")
            target = prefixes[prefix] + local.replace("\\", "") if prefix in prefixes else None
        found.append((_FETCHING[word], target))
    return found


def targets(text: str) -> list[str | None]:
    """The IRIs that ``SERVICE`` and ``LOAD`` in ``text`` would contact (None: not known before running)."""
    return [target for _, target in _fetches(text)]


def host_of(iri: str) -> str:
    """The host part of an IRI, lower-cased (``""`` if it has none)."""
    try:
        return (urllib.parse.urlsplit(iri).hostname or "").lower()
    except ValueError:
        return ""


def check(text: str, allowed_hosts: Iterable[str] = ()) -> None:
    """Raise :class:`~kg.errors.OutboundRequestError` if ``text`` would contact a host not in
    ``allowed_hosts`` (names as the operator gave them; ``*`` allows every host)."""
    allowed = {host.lower().strip("[]") for host in allowed_hosts}
    for keyword, target in _fetches(text):
        if "*" in allowed and target is not None:
            continue
        if target is not None and host_of(target) in allowed:
            continue
        what = "query" if keyword == "SERVICE" else "update"
        action = "send a pattern to" if keyword == "SERVICE" else "fetch"
        shown = f"<{target}>" if target else "a target that is not a fixed IRI"
        hint = "allowed (--allow-service HOST)" if target else "its IRI is written out and its host allowed"
        raise OutboundRequestError(f"the {what} asks to {action} {shown} ({keyword}); "
                                   f"kommunegraf contacts no other host unless {hint}")
