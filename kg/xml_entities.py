"""Refuse XML that declares entities, before any parser could expand them ("billion laughs").

Feeds and RDF/XML come from strangers; a few hundred bytes of nested entity declarations expand
to gigabytes. defusedxml stops at the first declaration without expanding anything.

>>> declares_entities(b'<!DOCTYPE r [<!ENTITY a "aaaa">]><r>&a;</r>')
True
>>> declares_entities(b'<r>plain</r>')
False
"""

from __future__ import annotations

# "<!ENTITY" as it looks in the byte encodings an XML parser may be handed.
_ENTITY_DECLARATIONS = tuple("<!ENTITY".encode(e) for e in ("utf-8", "utf-16-le", "utf-16-be"))


def declares_entities(data: bytes) -> bool:
    """Whether ``data`` declares entities or refers to external ones. XML that cannot be parsed at
    all is judged by its bytes: a declaration anywhere in it counts, so a broken prolog cannot
    let one through."""
    import defusedxml
    import defusedxml.ElementTree

    try:
        defusedxml.ElementTree.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except (defusedxml.DTDForbidden, defusedxml.EntitiesForbidden, defusedxml.ExternalReferenceForbidden):
        return True
    except defusedxml.ElementTree.ParseError:
        return any(marker in data for marker in _ENTITY_DECLARATIONS)
    return False
