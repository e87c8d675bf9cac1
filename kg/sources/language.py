"""Which written standard an article uses: Bokmål ("nb") or Nynorsk ("nn"), told apart by frequent
function words that differ between the two. Small, deterministic and explainable, not a classifier.

>>> detect_language("Eg veit ikkje kva ho meiner om saka.")
'nn'
>>> detect_language("Jeg vet ikke hva hun mener om saken.")
'nb'
"""

from __future__ import annotations

import re
import unicodedata

# Words of one standard whose counterpart in the other is a different word (ikkje/ikke, frå/fra).
# Left out on purpose: words both standards allow (også, derfor, hos, mens, meiner), words that
# are common elsewhere too ("no"/"nå" hit web addresses like nrk.no; "seier" is also Bokmål's
# "victory"; "da" and "me" are frequent in names and English), so that a hit is real evidence.
NYNORSK = frozenset(
    "ikkje eg frå ein eit dei desse korleis kva kven kvar kvifor ho vere vore berre òg meir mykje "
    "noko nokon nokre fleire heile sjølv saman medan sidan difor hjå dykk fekk gjekk då".split()
)
BOKMAL = frozenset(
    "ikke jeg fra en et de disse hvordan hva hvem hvor hvorfor hun være vært bare mer mye "
    "noe noen flere hele selv sammen siden dere fikk gikk sier".split()
)

_WORD = re.compile(r"[^\W\d_]+")


def language_evidence(text: str) -> tuple[int, int]:
    """How many words of ``text`` are Nynorsk-only and Bokmål-only: ``(nn_hits, nb_hits)``.

    Whole words, case-insensitive; accents are composed first, so "òg" typed as o + combining
    grave counts too.

    >>> language_evidence("Ho kjem frå Voss, men jeg bor i Bergen.")
    (2, 1)
    """
    words = _WORD.findall(unicodedata.normalize("NFC", text).casefold())
    return sum(word in NYNORSK for word in words), sum(word in BOKMAL for word in words)


def detect_language(text: str) -> str:
    """``"nn"`` if ``text`` has more Nynorsk-only than Bokmål-only words, else ``"nb"``.

    Ties and texts without evidence give ``"nb"``, the standard most Norwegian text is written in.

    >>> detect_language("Kommunestyret møtte i Førde.")
    'nb'
    """
    nynorsk, bokmal = language_evidence(text)
    return "nn" if nynorsk > bokmal else "nb"
