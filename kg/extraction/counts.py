"""Member counts a text states ("nettverket er utvidet fra sju til åtte kommuner"), checked against
the members the extractor found: a disagreement points at a membership it missed or invented.

The words are the lexicon's (``grow_verb``, ``range_from``, ``range_to``, and the noun counted:
``municipality_noun`` or ``member_noun``); the network is the one the sentence names, else the
one the text last named.

>>> from kg.extraction.document import Document
>>> doc = Document.parse("Lierrådet er utvida frå to til tre kommunar.")
>>> [(network, stated) for network, stated, _ in stated_counts(doc)]
[('Lierrådet', 3)]
"""

from __future__ import annotations

from kg.extraction.document import Document
from kg.extraction.facts import CountCheck, Evidence, MembershipFact
from kg.extraction.lexicon import NUMBER_WORDS
from kg.extraction.networks import find_networks
from kg.extraction.vocabulary import Vocabulary

#: How far after the verb the range may start: "utvida no frå", "økt altså fra".
_REACH = 3


def check_counts(doc: Document, memberships: list[MembershipFact], names: dict[str, str] | None = None,
                 ) -> list[CountCheck]:
    """Each count the text states, with the current members found for its network (``names``:
    the longer names the extraction gave networks the finder named, see
    :func:`kg.extraction.reading.longer_names`)."""
    checks = []
    for network, stated, evidence in stated_counts(doc):
        network = (names or {}).get(network, network)
        found = sum(1 for m in memberships if m.network == network and m.status == "current")
        checks.append(CountCheck(network, stated, found, evidence))
    return checks


def stated_counts(doc: Document) -> list[tuple[str, int, Evidence]]:
    """(network, count, evidence) for each "grew from N to M members" in the text."""
    if not Vocabulary.default().finder("grow_verb").search(doc.text):  # most texts state no count
        return []
    networks = find_networks(doc)
    out = []
    for sentence in doc.sentences:
        for k in range(sentence.start, sentence.end):
            if not _is(doc, k, "grow_verb"):
                continue
            first = next((f for f in range(k + 1, min(k + 1 + _REACH, sentence.end)) if _is(doc, f, "range_from")), None)
            if first is None or first + 4 > sentence.end or not _is(doc, first + 2, "range_to"):
                continue
            stated = _number(doc.texts[first + 3])
            if stated is None or _number(doc.texts[first + 1]) is None \
                    or not (_is(doc, first + 4, "municipality_noun") or _is(doc, first + 4, "member_noun")):
                continue
            named = [n for n in networks if n.start < sentence.end and not n.genitive]
            in_sentence = [n for n in named if n.start >= sentence.start]
            network = in_sentence[0] if in_sentence else named[-1] if named else None
            if network is not None:
                span = doc.span(k, first + 5)
                out.append((network.name, stated,
                            Evidence(span.start_char, span.end_char, span.text, sentence.start_char, sentence.end_char)))
    return out


def _is(doc: Document, k: int, word_class: str) -> bool:
    return k < doc.length and Vocabulary.default().is_a(doc.texts[k], word_class)


def _number(word: str) -> int | None:
    return int(word) if word.isdigit() else NUMBER_WORDS.get(word.lower())
