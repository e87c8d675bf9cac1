"""Names of networks, councils and cooperations in text, and what "nettverket" refers back to.

A network is named by a proper compound ("Hardangerrådet", "Kongsbergregionen"), an organisation
and a network noun ("KS storbynettverk"), a council of a region ("Regionrådet for Hallingdal"), or
a described network ("det administrative storbynettverket"). A definite common noun
("nettverket", "storbynettverket", "rådet") refers to the latest network it fits.

>>> from kg.extraction.document import Document
>>> doc = Document.parse("Lier er med i KS storbynettverk. Nettverket møtes i dag.")
>>> [(n.name, n.anaphoric) for n in find_networks(doc)]
[('KS storbynettverk', False), ('KS storbynettverk', True)]
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from functools import cache

from kg.extraction.document import Document, word_test
from kg.extraction.lexicon import NOT_NAMES
from kg.extraction.vocabulary import Vocabulary

_WORDS = Vocabulary.default()
_HEADS = tuple(_WORDS.words("name_head"))
_PROPER = re.compile(r"^[A-ZÆØÅ][\wæøåÆØÅ'-]*?(" + "|".join(_HEADS) + r")$")
#: Words that end a company-style name: "Eigarkommunane i Indre Hardanger Renovasjon IKS".
_NOT_IN_NAMES = frozenset(_WORDS.words("not_in_name"))
#: Capitalised heads written as a separate word: "Vest-Finnmark Rådet", "Region Kristiansand".
_CAPITAL_HEADS = frozenset(word[:1].upper() + word[1:] for word in _WORDS.words("capital_head"))
#: Definite nouns that refer back to a network named before, and what its name must contain.
_ANAPHORS = {word: tuple(value.split(",")) if isinstance(value, str) else ()
             for word, value in _WORDS.words("anaphor").items()}
#: Anaphors that also end compounds with the same reference: "havneselskapet", "avfallsselskapet".
_COMPOUND_ANAPHORS = tuple(_WORDS.compounding("anaphor"))


def _anaphor(lower: str) -> str | None:
    """The key of :data:`_ANAPHORS` a word refers back as, if any."""
    if lower in _ANAPHORS:
        return lower
    return next((a for a in _COMPOUND_ANAPHORS if lower.endswith(a) and not _not_network(lower)), None)


#: Network nouns written first, capitalised, before the name: "Region Kristiansand", "Vannområde Morsa".
_HEAD_FIRST = frozenset(_WORDS.words("head_first"))
#: Lower-case heads that make a network's name after a place: "Sogn regionråd" (True: the word
#: ends the name; False: it only continues it).
_LOWER_HEADS = {word: value in ("name", "compound") for word, value in _WORDS.words("lower_head").items()}
_COMPOUND_ONLY = frozenset(word for word, value in _WORDS.words("lower_head").items() if value == "compound")
_COMPOUND_HEADS = tuple(sorted(_WORDS.compounding("lower_head"), key=len, reverse=True))
_COMMON = re.compile(r"^[a-zæøå]*(" + "|".join(sorted(_WORDS.words("common_head"), key=len, reverse=True)) + r")$")
#: Council words that name a council with the name after them: "Regionrådet for Hallingdal".
_COUNCIL_WORDS = frozenset(_WORDS.words("council_word"))
#: Forms that speak of a network without naming one, and whether their genitive may still refer
#: back ("Regionrådets").
_GENERIC = {word: value == "genitive" for word, value in _WORDS.words("generic_network").items()}


@cache
def _lower_head(lower: str) -> bool | None:
    """Whether a lower-case word ends a network's name after a place (True), only continues it
    (False), or neither (None); a "+" head ends compounds too: "Hallingdal distriktsrevisjon"."""
    if lower in _LOWER_HEADS:
        return None if lower in _COMPOUND_ONLY else _LOWER_HEADS[lower]
    head = next((h for h in _COMPOUND_HEADS if lower.endswith(h) and len(lower) > len(h) + 2), None)
    return _LOWER_HEADS[head] if head else None


def _not_network(lower: str) -> bool:
    """A generic word for a network, or a council or body of one municipality or of the state."""
    return lower in _GENERIC or _WORDS.is_a(lower, "not_network")


@dataclass(frozen=True)
class NetworkMention:
    start: int  # token span
    end: int
    name: str  # canonical name: the full name this mention stands for
    anaphoric: bool  # "nettverket": refers back to ``name``
    genitive: bool = False  # "Regionrådets", "Hardangerrådets"


def find_networks(doc: Document) -> list[NetworkMention]:
    """Network mentions in document order, anaphors resolved to the latest fitting name."""
    if "networks" not in doc.cache:
        doc.cache["networks"] = _find_networks(doc)
    return doc.cache["networks"]


def in_network_name(doc: Document, index: int) -> bool:
    """Whether token ``index`` lies inside a network's name the finder read ("Sunnfjord regionråd")."""
    if "network name spans" not in doc.cache:  # once per document: the names in text order
        doc.cache["network name spans"] = [(n.start, n.end) for n in find_networks(doc) if not n.anaphoric]
    spans = doc.cache["network name spans"]
    k = bisect_right(spans, (index, len(doc.texts))) - 1
    return k >= 0 and spans[k][0] <= index < spans[k][1]


def _place_before_acronym(doc: Document, i: int) -> bool:
    """Whether token ``i`` is a place and the next an acronym that opens a name: "saman med Tromsø
    KS storbynettverk" (Tromsø is no part of the name)."""
    return doc.texts[i + 1].isupper() and doc.place_at(i) is not None


def _headed_names(doc: Document, heads: list[int]) -> dict[int, int]:
    """Names that end in a head word (at ``heads``), found from the head back: "Østre Agder
    regionråd", "Jæren regionråd", "Kongsberg legevakt IKS", "Haugaland brann og redning IKS"
    (start → end)."""
    spans: dict[int, int] = {}
    for head in heads:
        text = doc.texts[head]
        if text == "IKS":
            start = head
            while start > 0 and head - start < 3 and (doc.texts[start - 1].islower() and doc.texts[start - 1].isalpha()
                                                      and doc.lowers[start - 1] not in _NOT_IN_NAMES
                                                      or doc.lowers[start - 1] == "og"):
                start -= 1  # lower-case words of the company's name: "brann og redning"
        elif _lower_head(doc.lowers[head]) and text.islower():
            start = head
            if head >= 2 and doc.lowers[head - 1] in ("og", "eller") and doc.texts[head - 2].islower() \
                    and (doc.texts[head - 2].endswith("-") or _lower_head(doc.lowers[head - 2]) is not None):
                start = head - 2  # "brann- og feiervesen", "brann og redning": two heads, one name
            while start > 0 and _lower_head(doc.lowers[start - 1]) is False and doc.texts[start - 1].islower():
                start -= 1  # "Voss interkommunale legevakt": words that only continue a name
        else:
            continue
        first = start
        while first > 0 and start - first < 3 and doc.texts[first - 1][:1].isupper() \
                and doc.texts[first - 1].replace("-", "").isalpha() \
                and not _place_before_acronym(doc, first - 1):
            first -= 1
            if first > 0 and doc.lowers[first - 1] == "og" and first - 2 >= 0 and doc.texts[first - 2][:1].isupper():
                first -= 2  # "Sunnfjord og Ytre Sogn regionråd"
        if first > 0 and doc.texts[first - 1][:1].isupper() and _WORDS.is_a(doc.lowers[first - 1], "region_modifier"):
            first -= 1  # "Ytre Sogn og Sunnfjord samarbeidsråd"
        if text == "IKS" and first >= 2 and first < start and _WORDS.is_a(doc.lowers[first - 1], "region_preposition") \
                and doc.texts[first - 2][:1].isupper() and doc.place_at(first - 2) is None \
                and _WORDS.is_a(doc.lowers[first - 2], "network_noun", "anaphor"):
            first -= 2  # "Renovasjonsselskapet for Drammensregionen IKS", "Krisesenteret i Salten IKS"
        while first < start and (doc.lowers[first] in NOT_NAMES or doc.lowers[first] == "og"
                                 or _WORDS.is_a(doc.lowers[first], "place_preposition") or doc.lowers[first] in _ANAPHORS):
            # a capitalised "I" or "Når" opening the sentence, "FOR" in a heading, "Selskapet" before
            # the company's name: not the name's
            first += 1
        if first < start:
            spans[first] = head + 1
    return spans


def _find_networks(doc: Document) -> list[NetworkMention]:
    texts = doc.texts
    found: list[NetworkMention] = []
    seen = _Seen(found)
    heads = doc.where(_is_head)
    headed = _headed_names(doc, heads)
    has_iks = "IKS" in texts
    # the rules below step over most tokens: go straight from one token they may act on to the
    # next. Those are the tokens :func:`_may_name_network` picks, capitalised words before a head
    # ("Sogn regionråd", "Vest-Finnmark Rådet", "Østre Agder brannvesen") or an IKS, and once a
    # network is named, the words :func:`_may_refer_back` picks
    before_head = {h - 1 for h in heads} | {h - 2 for h in heads} \
        | {h - 1 for h in doc.where(_is_capital_head)}
    capitalised = range(len(texts)) if has_iks else before_head
    active = sorted({*headed, *doc.where(_may_name_network),
                     *(i for i in capitalised if 0 <= i < len(texts) and texts[i][:1].isupper())})
    referring = doc.where(_may_refer_back)
    i = 0
    while True:
        following = _first_from(active, i, len(texts))
        if found:
            following = min(following, _first_from(referring, i, len(texts)))
        if following == len(texts):
            break
        i = following
        if i in headed:
            found.append(NetworkMention(i, headed[i], doc.span_text(i, headed[i]), False))
            i = headed[i]
            continue
        text = doc.texts[i]
        lower = doc.lowers[i]
        genitive = lower.endswith("s") and bool(_PROPER.match(text[:-1]) or _COMMON.match(lower[:-1]))
        if genitive and (not _not_network(lower[:-1]) or _GENERIC.get(lower[:-1], False)):
            # "Regionrådets leder", "Hardangerrådets": the network in the genitive
            base = lower[:-1]
            name = text[:-1] if _PROPER.match(text[:-1]) and not _not_network(base) else _antecedent(seen, base)
            after = doc.text_at(i + 1)
            if name and after is not None and "-" in after and after[:1].isupper() \
                    and _WORDS.is_a(after.rsplit("-", 1)[1].lower(), "network_noun"):
                # "Lindesnesregionens IKT-samarbeid": the region's own cooperation, named with it
                found.append(NetworkMention(i, i + 2, doc.span_text(i, i + 2), False))
                i += 2
                continue
            if name:
                found.append(NetworkMention(i, i + 1, name, name != text[:-1], genitive=True))
                i += 1
                continue
        if not (text[:1].isupper() or lower in ("det", "den") or _COMMON.match(lower) or lower in _ANAPHORS
                or found and len(lower) >= 8 and lower.endswith(("en", "et", "a"))) \
                or text.isupper() and _WORDS.is_a(lower, "place_preposition"):  # "FOR" in a heading opens no name
            i += 1
            continue
        mention = None
        nxt = doc.text_at(i + 1)
        # not "FOR INDRE HORDALAND MILJØVERK IKS" in a heading, nor "Selskapet Valdres lokalmat IKS"
        iks = _iks_name(doc, i) if has_iks and text[:1].isupper() and not _COMMON.match(lower) \
            and lower not in NOT_NAMES and lower not in _ANAPHORS else None
        if iks is not None:
            found.append(NetworkMention(i, iks, doc.span_text(i, iks), False))  # Sunnmøre kommunerevisjon IKS
            i = iks
            continue
        names_follow = doc.lower(i + 1) == "for" or doc.texts[i + 1][:1].isupper() if i + 1 < len(texts) else False
        anaphor = _anaphor(lower)
        if i > 0 and text.islower() and _WORDS.is_a(doc.lowers[i - 1], "status"):
            i += 1  # "det tidlegare regionrådet": another body than the one named, and unnamed
            continue
        if found and anaphor is not None and not names_follow:
            antecedent = _just_named(doc, found, i, _ANAPHORS[anaphor]) \
                or _antecedent_any(seen, _ANAPHORS[anaphor], _compound_prefix(lower, anaphor))
            if antecedent is not None:
                found.append(NetworkMention(i, i + 1, antecedent, True))  # "IKS-et", "alliansen"
            i += 1
            continue
        capital = _opens_sentence(doc, i) and text[:1].isupper() and text[1:].islower()
        if found and (text.islower() and not _COMMON.match(lower) or capital and not names_follow) and len(lower) >= 7 \
                and lower.endswith(("en", "et", "a")):
            # "kommunerevisjonen" after "Sunnmøre kommunerevisjon IKS": the head of a known name
            # (capitalised too at a sentence's start: "Barnevernvakten er …" after "Salten barnevernvakt")
            stems = (lower[:-2], lower[:-1]) if lower.endswith(("en", "et")) else (lower[:-1],)  # "området": "område"
            named = next((seen.latest_with_word()[stem] for stem in stems
                          if len(stem) >= 6 and stem in seen.latest_with_word()), None)
            if named:
                found.append(NetworkMention(i, i + 1, named, True))
            if named or text.islower():
                i += 1
                continue
        if text.isupper() and len(text) >= 2 and nxt is not None and _COMMON.match(doc.lowers[i + 1].rstrip("'")) \
                and not nxt[0].isupper():
            mention = NetworkMention(i, i + 2, f"{text} {nxt}", False)  # KS storbynettverk
        elif text.rstrip("'").isupper() and text.endswith("'") and nxt is not None and _COMMON.match(doc.lowers[i + 1]):
            mention = NetworkMention(i, i + 2, f"{text} {nxt}", False)
        elif _PROPER.match(text) and not _not_network(lower) and lower not in _COUNCIL_WORDS \
                and (not _sentence_initial_common(doc, i) or doc.lower(i + 1) == "for" and names_follow):
            end = i + 1
            name = text
            if "-" in text:  # "Ytre Søre Sunnmøre-samarbeidet": capitalised words before, not places, are the name's
                first = i
                while first > 0 and i - first < 2 and texts[first - 1].isalpha() and texts[first - 1][:1].isupper() \
                        and doc.lowers[first - 1] not in NOT_NAMES and not doc.gazetteer.is_name(texts[first - 1]) \
                        and not (found and found[-1].end > first - 1):
                    first -= 1
                if first < i:
                    found.append(NetworkMention(first, end, doc.span_text(first, end), False))
                    i = end
                    continue
            # "Folkehelsenettverket for nordre Vestfold": a region's modifier may be in lower case
            modifier = 1 if doc.text_at(end + 2) is not None and doc.texts[end + 2][:1].isupper() \
                and _WORDS.is_a(doc.lower(end + 1), "region_modifier", "compass") else 0
            if doc.lower(end) == "for" and doc.text_at(end + 1) is not None \
                    and (doc.texts[end + 1][:1].isupper() or modifier):
                end += 2 + modifier
                while end < len(texts) and end < i + 6 + modifier and doc.texts[end][:1].isupper() \
                        and doc.texts[end].isalpha():
                    end += 1  # "Regionrådet for Ytre Helgeland"
                name = doc.span_text(i, end)
            elif doc.lower(end) == "for" and doc.text_at(end + 1) is not None and doc.texts[end + 1].islower() \
                    and doc.lower(end + 1) != "å":
                # "KS-nettverket for effektivisering i barnevernet": a lower-case complement
                stop = end + 1
                while stop < len(texts) and stop < end + 6 and doc.texts[stop].isalpha() and doc.texts[stop].islower() \
                        and not (doc.lowers[stop] in _NOT_IN_NAMES and doc.lowers[stop] != "og"
                                 and not _WORDS.is_a(doc.lowers[stop], "place_preposition")):  # "… for X har møte"
                    if _WORDS.is_a(doc.lowers[stop], "place_preposition") and not _complement_goes_on(doc, stop + 1):
                        break  # "KS-nettverket for barnevern i dag": not "i barnevernet", "i Buskerud"
                    stop += 1
                if _WORDS.is_a(doc.lowers[stop - 1], "place_preposition"):
                    if stop < len(texts) and texts[stop][:1].isupper() and texts[stop].replace("-", "").isalpha():
                        # "KS-nettverket for innbyggerdialog i Buskerud": the region is the name's, a
                        # place of several words whole ("… i Vestfold og Telemark")
                        place = doc.place_at(stop)
                        stop = place.end if place is not None and place.start == stop else stop + 1
                    else:
                        stop -= 1  # "… for X i" cut before a word the name does not take
                end, name = stop, doc.span_text(i, stop)
            elif "-" in text and doc.text_at(end) is not None and texts[end][:1].isupper() and texts[end].isalpha() \
                    and doc.lowers[end] not in NOT_NAMES and doc.place_at(end) is None:
                # "KS-nettverket Klimaomstilling Romsdal", "KS-nettverket Gode pasientforløp i Østfold":
                # a network's title after the kind of network it is
                stop = end + 1
                while stop < len(texts) and stop < end + 4 and texts[stop][:1].isupper() and texts[stop].isalpha() \
                        and doc.lowers[stop] not in _NOT_IN_NAMES and doc.lowers[stop] not in NOT_NAMES:
                    stop += 1
                if stop + 2 < len(texts) and texts[stop].isalpha() and texts[stop].islower() \
                        and _WORDS.is_a(doc.lowers[stop + 1], "place_preposition") and texts[stop + 2][:1].isupper():
                    stop += 1  # "Gode pasientforløp i Østfold": one lower-case word before the region
                if stop + 1 < len(texts) and _WORDS.is_a(doc.lowers[stop], "place_preposition") \
                        and texts[stop + 1][:1].isupper():
                    stop += 2
                end, name = stop, doc.span_text(i, stop)
            if name:
                mention = NetworkMention(i, end, name, False)
        elif lower in ("det", "den") and doc.text_at(i + 1) is not None:
            # "det administrative storbynettverket": a determiner, adjectives, a definite network noun
            j = i + 1
            while j < len(texts) and texts[j].islower() and texts[j].endswith("e") and not _COMMON.match(texts[j]) \
                    and not _WORDS.is_a(texts[j], "status"):  # "det tidlegare regionrådet" is another body
                j += 1
            if j > i + 1 and j < len(texts) and _COMMON.match(texts[j]) and texts[j].endswith("et"):
                mention = NetworkMention(i, j + 1, doc.span_text(i, j + 1), False)
        elif lower in _COUNCIL_WORDS and doc.text_at(i + 1) is not None \
                and ((doc.lower(i + 1) == "for" or text[:1].isupper() and doc.lower(i + 1) == "i")
                     and doc.text_at(i + 2) is not None and texts[i + 2][:1].isupper() or texts[i + 1][:1].isupper()):
            # "Regionrådet for Hallingdal", "Regionrådet i Lofoten", "Regionrådet Nordhordland"
            end = i + 3 if doc.lower(i + 1) in ("for", "i") else i + 2
            while end < len(texts) and end < i + 6 and doc.texts[end][:1].isupper() and doc.texts[end].isalpha():
                end += 1  # "Regionrådet for Ytre Helgeland"
            if end + 1 < len(texts) and doc.lowers[end] == "og" and texts[end + 1][:1].isupper() \
                    and texts[end + 1].isalpha() and doc.lowers[end + 1] not in NOT_NAMES \
                    and doc.place_at(end + 1) is None:
                end += 2  # "Samarbeidsrådet for Sunnhordland og Hardanger": two regions, not "… og Drammen"
            # Regionrådet (for) Nordhordland; "regionrådet Østre Agder" written in lower case is the
            # council named Østre Agder
            named_from = i + 1 if text.islower() and doc.lower(i + 1) != "for" else i
            mention = NetworkMention(i, end, doc.span_text(named_from, end), False)
        elif text[:1].isupper() and (not doc.is_sent_start(i) or "-" in text or doc.gazetteer.is_name(text)
                                     or (doc.text_at(i + 1) or "")[:1].isupper()) \
                and _lower_head(doc.lower(i + 1)) and not _lower_head(lower):
            first = _coordinated_start(doc, found, i)
            mention = NetworkMention(first, i + 2, doc.span_text(first, i + 2), False)  # Sogn regionråd, Midt-Troms regionråd
        elif text[:1].isupper() and i + 1 < len(texts) and doc.texts[i + 1] in _CAPITAL_HEADS \
                and not _sentence_initial_common(doc, i):
            first = _coordinated_start(doc, found, i)
            mention = NetworkMention(first, i + 2, doc.span_text(first, i + 2), False)  # Vest-Finnmark Rådet
        elif text[:1].isupper() and lower in _HEAD_FIRST and i + 1 < len(texts) and doc.texts[i + 1][:1].isupper():
            end = i + 2
            while end < len(texts) and end < i + 5 and texts[end][:1].isupper() and texts[end].isalpha() \
                    and (not doc.gazetteer.is_name(texts[end]) or doc.gazetteer.is_name(doc.span_text(i + 1, end + 1))) \
                    and doc.lowers[end] not in NOT_NAMES:
                end += 1  # "Vannområde Indre Oslofjord Vest"; "IKT Indre Østfold"
            if end + 1 < len(texts) and doc.lowers[end] == "og" and texts[end + 1][:1].isupper() \
                    and texts[end + 1].isalpha() and doc.lowers[end + 1] not in NOT_NAMES:
                end += 2  # "Vannområde Hunnselva og Vestre Mjøsa": two waters, one area
                while end < len(texts) and end < i + 7 and texts[end][:1].isupper() and texts[end].isalpha() \
                        and doc.lowers[end] not in NOT_NAMES:
                    end += 1
            mention = NetworkMention(i, end, doc.span_text(i, end), False)  # Region Kristiansand
        elif text[:1].isupper() and _lower_head(doc.lower(i + 2)) and doc.text_at(i + 1) is not None \
                and texts[i + 1][:1].isupper() and not doc.is_sent_start(i) \
                and not _place_before_acronym(doc, i):
            mention = NetworkMention(i, i + 3, doc.span_text(i, i + 3), False)  # Østre Agder brannvesen
        elif _COMMON.match(lower) and lower.endswith(("et", "rådet")):
            antecedent = _antecedent(seen, lower)
            if antecedent is not None:
                mention = NetworkMention(i, i + 1, antecedent, True)
        if mention is not None:
            found.append(mention)
            i = mention.end
        else:
            i += 1
    return _as_written_elsewhere(found)


def _as_written_elsewhere(found: list[NetworkMention]) -> list[NetworkMention]:
    """The mentions with a name written in capitals (a heading: "INDRE HORDALAND MILJØVERK IKS")
    called as the text writes it elsewhere, so that the two are one network."""
    written = {m.name.lower(): m.name for m in found if not m.name.isupper()}
    return [replace(m, name=written[m.name.lower()]) if m.name.isupper() and m.name.lower() in written else m
            for m in found]


@word_test
def _is_head(text: str) -> bool:
    return _lower_head(text.lower()) is not None


@word_test
def _is_capital_head(text: str) -> bool:
    return text in _CAPITAL_HEADS


@word_test
def _may_name_network(text: str) -> bool:
    """Whether :func:`_find_networks` may act on a token of this text, neighbours aside."""
    lower = text.lower()
    return bool(lower.endswith("s") and (_PROPER.match(text[:-1]) or _COMMON.match(lower[:-1]))
                or _PROPER.match(text) or _COMMON.match(lower) or _anaphor(lower) is not None
                or text.isupper() or text.endswith("'") and text.rstrip("'").isupper()
                or lower in ("det", "den") or lower in _COUNCIL_WORDS
                or text[:1].isupper() and lower in _HEAD_FIRST)


@word_test
def _may_refer_back(text: str) -> bool:
    """A definite noun that may be the head of a network named before ("kommunerevisjonen"; at a
    sentence's start "Kommunerevisjonen")."""
    lower = text.lower()
    return ((text.islower() or text[1:].islower()) and len(lower) >= 7 and lower.endswith(("en", "et", "a"))
            and not _COMMON.match(lower))


def _complement_goes_on(doc: Document, k: int) -> bool:
    """Whether the word after a preposition inside a network's lower-case complement is still the
    name's ("i Buskerud", "i helse og omsorg"), not a time ("i dag", "i fjor")."""
    text = doc.text_at(k)
    return text is not None and text.isalpha() and not _WORDS.is_a(text.lower(), "time_word")


def _coordinated_start(doc: Document, found: list[NetworkMention], i: int) -> int:
    """Where a name whose place word is at ``i`` starts: two words back when the place is the second
    of two ("Bergen og Omland Friluftsråd"), else at ``i``."""
    if i >= 2 and doc.lowers[i - 1] == "og" and doc.texts[i - 2][:1].isupper() and doc.texts[i - 2].isalpha() \
            and doc.lowers[i - 2] not in NOT_NAMES and not (found and found[-1].end > i - 2):
        return i - 2
    return i


def _first_from(positions: list[int], i: int, none: int) -> int:
    """The first of the sorted ``positions`` at or after ``i``; ``none`` if there is none."""
    k = bisect_left(positions, i)
    return positions[k] if k < len(positions) else none


def _iks_name(doc: Document, i: int) -> int | None:
    """End of a company-style name "Sunnmøre kommunerevisjon IKS", "Haugaland brann og redning IKS"."""
    j = i + 1
    lower_before = False
    while j < len(doc.texts) and j < i + 7:
        text = doc.texts[j]
        if text == "IKS":
            return j + 1
        if not (text.isalpha() and (text.islower() or text[:1].isupper())) or doc.lowers[j] in _NOT_IN_NAMES:
            return None
        if text[:1].isupper() and lower_before:
            return None  # "Smøla utgjør Nordmøre brann og redning IKS": the name starts later
        lower_before = lower_before or (text.islower() and text != "og")
        j += 1
    return None


class _Seen:
    """What the anaphor rules ask of the network mentions found so far, kept up to date as the
    list grows (it only grows): per name, how often it was mentioned and where it was last named
    (not as an anaphor). Each question then looks at the distinct names, not at every mention
    before it, so a long text is read in time linear in its length.
    """

    def __init__(self, found: list[NetworkMention]):
        self.found = found
        self._indexed = 0
        self.counts: dict[str, int] = {}
        self.latest: dict[str, int] = {}  # name → position in ``found`` where it was last named
        self._with_word: dict[str, str] = {}

    def _update(self) -> None:
        for position in range(self._indexed, len(self.found)):
            mention = self.found[position]
            self.counts[mention.name] = self.counts.get(mention.name, 0) + 1
            if not mention.anaphoric:
                self.latest[mention.name] = position
                for word in mention.name.lower().split():
                    for part in {word, word.rsplit("-", 1)[-1]}:  # "PP-tenesta": "tenesta" too
                        self._with_word[part] = mention.name
                        if part.endswith(("en", "et")) and len(part) > 7:
                            self._with_word[part[:-2]] = mention.name  # "tenesten": "tenest"
                        elif part.endswith("a") and len(part) > 6:
                            self._with_word[part[:-1]] = mention.name  # "tenesta": "tenest"
        self._indexed = len(self.found)

    def latest_with_word(self) -> dict[str, str]:
        """(Lower-case) word → the latest named network with that word in its name."""
        self._update()
        return self._with_word

    def ranked(self) -> list[str]:
        """The names (not anaphors) by how often they were mentioned, the latest named first on a tie."""
        self._update()
        return sorted(self.latest, key=lambda name: (-self.counts[name], -self.latest[name]))


def _compound_prefix(lower: str, anaphor: str) -> str | None:
    """What a compound anaphor says of its network: "revisjon" in "revisjonsselskapet"."""
    prefix = lower[: len(lower) - len(anaphor)].rstrip("-")
    if prefix.endswith("s") and len(prefix) > 5:
        prefix = prefix[:-1]  # the joining s: "revisjons-"
    return prefix if len(prefix) >= 4 else None


def _just_named(doc: Document, found: list[NetworkMention], i: int, heads: tuple[str, ...]) -> str | None:
    """The network named (not referred to) in this sentence or the one before that an anaphor at
    ``i`` fits, the latest first: a section's heading names what "selskapet" under it is."""
    earliest = doc.sentence_index(i) - 1
    for mention in reversed(found):
        if doc.sentence_index(mention.start) < earliest:
            return None
        if not mention.anaphoric and (not heads or any(h in mention.name.lower() for h in heads)):
            return mention.name
    return None


def _antecedent_any(seen: _Seen, heads: tuple[str, ...], prefix: str | None = None) -> str | None:
    """The network an anaphor refers to: of those whose name fits ``heads``, the one named most so
    far (the text's topic), the latest on a tie; of a compound's ("revisjonsselskapet"), one whose
    name has its first part, if any has."""
    if prefix:
        fitting = [name for name in seen.ranked() if prefix in name.lower()]
        if fitting:
            return fitting[0]
    for name in seen.ranked():
        if not heads or any(h in name.lower() for h in heads):
            return name
    return None


def _antecedent(seen: _Seen, noun: str) -> str | None:
    """The latest named network a definite noun fits: "storbynettverket" fits "KS storbynettverk"."""
    stem = noun[:-2] if noun.endswith("et") else noun
    ranked = seen.ranked()
    if stem.endswith("samarbeid") and stem != "samarbeid":
        # "brannsamarbeidet": the latest network named for fire services, else the latest of all
        first = stem[: -len("samarbeid")]
        fitting = [name for name in ranked if first in name.lower()]
        if fitting:
            return max(fitting, key=seen.latest.__getitem__)
        stem = "samarbeid"
    # the network the text is about (named most so far; the latest on a tie), not merely the last named
    for name in ranked:
        if stem == "samarbeid":  # any network is a cooperation
            return name
        if stem in ("nettverk", "samarbeid", "råd", "regionråd") or stem in name.lower():
            if stem == "nettverk" and "nettverk" not in name.lower():
                continue
            if stem in ("råd", "regionråd") and "råd" not in name.lower():
                continue
            if stem == "samarbeid" and "samarbeid" not in name.lower():
                continue
            return name
    return None


#: Marks that may open a sentence before its first word: a quote's dash, quotation marks.
_OPENERS = frozenset({"–", "-", "«", '"', "“"})


def _opens_sentence(doc: Document, i: int) -> bool:
    """Whether token ``i`` is a sentence's first word ("– Friluftsrådet har …" too)."""
    return doc.is_sent_start(i) or (i > 0 and doc.texts[i - 1] in _OPENERS and doc.is_sent_start(i - 1))


def _sentence_initial_common(doc: Document, i: int) -> bool:
    """"Nettverket" at the start of a sentence is the common noun, not a name; "Vestlandsrådet" is a
    name unless the article also writes it in lower case."""
    if not _opens_sentence(doc, i):
        return False
    lower = doc.lowers[i]
    if "token texts" not in doc.cache:  # a set, once: asking the list would read the whole text
        doc.cache["token texts"] = set(doc.texts)
    return _not_network(lower) or lower in doc.cache["token texts"]
