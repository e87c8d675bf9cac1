"""An article prepared for extraction: tokens and sentences, place mentions, person names.

spaCy's blank ``nb`` tokenizer splits both Bokmål and Nynorsk (no model is downloaded); its tokens
are then held as plain strings and offsets, because the rules read them many times and a spaCy
``Token`` costs more to create than the rules cost to run. Sentences end where spaCy's sentencizer
ends them, and a line break ends one, so a headline never runs into the first sentence; a line
that ends in a colon keeps the list below it (a line of names, or a bullet a line) in its sentence.
Municipality, county and town names are found by their tokens, multi-word ones included
("Nedre Eiker", "Sogn og Fjordane").

>>> doc = Document.parse("Ordfører Kari Nordmann Haugen i Nedre Eiker sa ja.")
>>> [m.text for m in doc.places]
['Nedre Eiker']
>>> doc.name_at(1).text
'Kari Nordmann Haugen'
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import cache, cached_property, lru_cache
from itertools import compress
from typing import Callable, NamedTuple

import numpy as np

from kg.extraction.lexicon import NOT_NAMES
from kg.extraction.vocabulary import Vocabulary
from kg.resolve.gazetteer import Gazetteer

#: spaCy's vocabulary keeps every word its tokenizer has met; past this many words the tokenizer
#: is built afresh (it splits text the same way), so memory stays flat over any number of articles.
_MAX_VOCABULARY = 100_000


class _Tokenizer:
    """spaCy's blank Norwegian tokenizer, giving token texts and offsets rather than a ``Doc``."""

    def __init__(self):
        import spacy
        from spacy.attrs import IDX, IS_PUNCT, LENGTH
        from spacy.pipeline.sentencizer import Sentencizer

        pipeline = spacy.blank("nb")
        self._vocab = pipeline.vocab
        self._tokenizer = pipeline.tokenizer
        self._columns = [IDX, LENGTH]
        #: ``Token.is_punct``: the very function spaCy computes the flag with
        self.is_punct = lru_cache(maxsize=4096)(pipeline.vocab.lex_attr_getters[IS_PUNCT])
        #: the tokens after which spaCy's sentencizer starts a sentence
        self.sentence_ends = frozenset(Sentencizer.default_punct_chars)

    def __call__(self, text: str) -> tuple[list[str], list[int]]:
        doc = self._tokenizer(text)
        if not len(doc):
            return [], []
        starts, lengths = doc.to_array(self._columns).T.tolist()
        return [text[start:start + length] for start, length in zip(starts, lengths)], starts

    @property
    def vocabulary_size(self) -> int:
        return len(self._vocab)


@cache
def _tokenizer() -> _Tokenizer:
    return _Tokenizer()


def tokenize(text: str) -> tuple[list[str], list[int]]:
    """The tokens of ``text`` as spaCy's blank ``nb`` tokenizer splits it, and their offsets.

    >>> tokenize("Lier-ordfører Kari Holm (Ap).")
    (['Lier-ordfører', 'Kari', 'Holm', '(', 'Ap', ')', '.'], [0, 14, 19, 24, 25, 27, 28])
    """
    tokenizer = _tokenizer()
    tokens = tokenizer(text)
    if tokenizer.vocabulary_size > _MAX_VOCABULARY:
        _tokenizer.cache_clear()
    return tokens


@cache
def _place_patterns() -> dict[str, list[list[str]]]:
    """The gazetteer's names and their genitives as token lists, by first token, longest first."""
    forms = []
    for name in Gazetteer.default().names():
        forms += [name, name + "s"] if not name.endswith(("s", "x", "z")) else [name, name + "'"]
    patterns: dict[str, list[list[str]]] = {}
    for form in forms:
        tokens, _ = tokenize(form)
        if tokens and tokens not in patterns.setdefault(tokens[0], []):
            patterns[tokens[0]].append(tokens)
    for candidates in patterns.values():
        candidates.sort(key=len, reverse=True)
    return patterns


class Mention(NamedTuple):
    """A stretch of tokens: a place name or a person's name. (A tuple: documents make many.)"""

    start: int  # token index
    end: int  # token index, exclusive
    text: str
    start_char: int
    end_char: int


class Sentence:
    """A sentence's tokens ``start:end`` and characters ``start_char:end_char``."""

    __slots__ = ("start", "end", "start_char", "end_char", "text")

    def __init__(self, start: int, end: int, start_char: int, end_char: int, text: str):
        self.start, self.end, self.start_char, self.end_char, self.text = start, end, start_char, end_char, text

    def __repr__(self) -> str:
        return f"Sentence({self.start}, {self.end}, {self.text!r})"


# -- words: what a token's text can be, worked out once per distinct word ------------------------

# bits of a word's class: the document's own, then one per test registered with word_test()
_NAME, _INITIAL, _SENTENCE_END, _PLACE_START = 1, 2, 4, 8
#: "i 2026." ends a sentence, though the tokenizer keeps the stop with the number as it does with
#: an ordinal ("1. januar"); a day or a month has one or two digits, a year more
_NUMBER_AND_STOP = re.compile(r"^\d{3,}\.$")
_WORD_TESTS: dict[Callable[[str], bool], int] = {}


def word_test(test: Callable[[str], bool]) -> Callable[[str], bool]:
    """Register ``test`` of a token's text, for :meth:`Document.where` to find the tokens passing it.

    Extractors look up the few tokens their rules start at ("ordførar", "medlem"); all registered
    tests are put to each distinct word once (the results are cached), not to every token.
    """
    if test not in _WORD_TESTS:
        _WORD_TESTS[test] = _PLACE_START << (len(_WORD_TESTS) + 1)
        _word_class.cache_clear()
    return test


@lru_cache(maxsize=1 << 16)
def _word_class(text: str) -> int:
    """The bits of the tests ``text`` passes."""
    bits = _name_kind(text)
    if text in _tokenizer().sentence_ends or _NUMBER_AND_STOP.match(text):
        bits |= _SENTENCE_END
    if text in _place_patterns():
        bits |= _PLACE_START
    for test, bit in _WORD_TESTS.items():
        if test(text):
            bits |= bit
    return bits


class Document:
    """Tokens, sentences and the mentions the extractor builds on."""

    def __init__(self, text: str, texts: list[str], offsets: list[int]):
        self.text = text
        self.texts = texts
        self.lowers = list(map(str.lower, texts))
        self.offsets = offsets  # each token's first character
        self.length = len(texts)
        self._classes = np.fromiter(map(_word_class, texts), dtype=np.int64, count=self.length)
        self._tested = _PLACE_START << (len(_WORD_TESTS) + 1)  # tests registered later lack a bit here
        self._sentence_starts = _sentence_starts(text, texts, offsets, self._positions(_SENTENCE_END))
        self._starts = set(self._sentence_starts)
        self.sentences = [self._sentence(start, end) for start, end
                          in zip(self._sentence_starts, [*self._sentence_starts[1:], self.length])]
        self.gazetteer = Gazetteer.default()
        self.places = self._find_places()
        self._place_at = {m.start: m for m in self.places}
        self.place_starts = [m.start for m in self.places]  # sorted: places are in text order
        self._place_ending: dict[int, Mention] = {}
        for m in self.places:
            self._place_ending.setdefault(m.end, m)
        self._in_place = {i for m in self.places for i in range(m.start, m.end)}
        self._name_kinds = (self._classes & (_NAME | _INITIAL)).tolist()
        #: tokens a person's name may start at (the others never do)
        self.name_candidates = self._positions(_NAME | _INITIAL)
        self._names: dict[int, Mention | None] = {}  # the longest name starting at a token
        self.cache: dict[str, object] = {}  # results that several extractors share (networks)

    @classmethod
    def parse(cls, text: str) -> Document:
        return cls(text, *tokenize(text))

    def __len__(self) -> int:
        return self.length

    def where(self, test: Callable[[str], bool]) -> list[int]:
        """The indices of the tokens whose text passes ``test`` (registered with :func:`word_test`).

        >>> @word_test
        ... def is_title(text): return text.lower() in ("ordfører", "rådmann")
        >>> Document.parse("Rådmann Ola Dahl og ordfører Kari Holm.").where(is_title)
        [0, 4]
        """
        bit = _WORD_TESTS[test]
        if bit >= self._tested:
            return list(compress(range(self.length), map(test, self.texts)))
        return self._positions(bit)

    def _positions(self, bits: int) -> list[int]:
        return np.flatnonzero(self._classes & bits).tolist()

    def _sentence(self, start: int, end: int) -> Sentence:
        start_char, end_char = self.offsets[start], self.offsets[end - 1] + len(self.texts[end - 1])
        return Sentence(start, end, start_char, end_char, self.text[start_char:end_char])

    # -- places ------------------------------------------------------------------------------
    def _find_places(self) -> list[Mention]:
        patterns = _place_patterns()
        texts = self.texts
        spans = []
        for i in self._positions(_PLACE_START):
            for tokens in patterns[texts[i]]:
                if texts[i:i + len(tokens)] == tokens:
                    spans.append((i, i + len(tokens)))
        # keep the longest match where matches overlap ("Sogn og Fjordane", not "Sogn")
        chosen: list[tuple[int, int]] = []
        taken = bytearray(len(texts))  # token ranges overlap exactly when they share a token
        for start, end in sorted(spans, key=lambda s: (s[0] - s[1], s[0])):
            if not any(taken[start:end]) and self._is_place(start):
                chosen.append((start, end))
                taken[start:end] = b"\x01" * (end - start)
        return [self.span(start, end) for start, end in sorted(chosen)]

    def _is_place(self, start: int) -> bool:
        if not self.texts[start][:1].isupper():
            return False
        # a place name glued into a person's name ("Monica Myrvold Berg") is not a place
        before = start - 1
        if before >= 0 and before not in self._starts and _name_like(self.texts[before]) \
                and not self.texts[before].endswith(".") and before != self.sentence_of(start).start:
            return False
        return True

    # -- navigation ------------------------------------------------------------------------
    def span(self, start: int, end: int) -> Mention:
        """Tokens ``start:end``, bounded and wrapped as a slice of spaCy's ``Doc`` would be."""
        length = self.length
        start = min(length, max(0, start + length if start < 0 else start))
        end = min(length, max(start, end + length if end < 0 else end))
        start_char = self.offsets[start] if start < length else len(self.text)
        end_char = self.offsets[end - 1] + len(self.texts[end - 1]) if end > start else start_char
        return Mention(start, end, self.text[start_char:end_char], start_char, end_char)

    def span_text(self, start: int, end: int) -> str:
        return self.span(start, end).text

    def is_sent_start(self, token_index: int) -> bool:
        return token_index in self._starts

    def sentence_of(self, token_index: int) -> Sentence:
        return self.sentences[bisect_right(self._sentence_starts, token_index) - 1]

    def sentence_index(self, token_index: int) -> int:
        return bisect_right(self._sentence_starts, token_index) - 1

    @cached_property
    def _paragraph_breaks(self) -> list[int]:
        return [match.start() for match in _PARAGRAPH_BREAK.finditer(self.text)]

    def paragraph_of(self, char: int) -> int:
        return bisect_right(self._paragraph_breaks, char)

    @cached_property
    def _lowered(self) -> str | None:
        """The text in lower case, where each character keeps its offset and its letter."""
        lowered = self.text.lower()
        return lowered if len(lowered) == len(self.text) and not any(c in self.text for c in _FOLD_APART) else None

    def may_contain(self, sentence: Sentence, words: tuple[str, ...]) -> bool:
        """Whether one of ``words`` (lower case; letters a–z, æ, ø, å) may be in ``sentence``, in any
        case: a quick test that spares running a case-insensitive pattern that needs one of them."""
        lowered = self._lowered
        return lowered is None or any(lowered.find(word, sentence.start_char, sentence.end_char) >= 0
                                      for word in words)

    def place_at(self, token_index: int) -> Mention | None:
        return self._place_at.get(token_index)

    def place_ending_at(self, token_index: int) -> Mention | None:
        """The first place whose last token is just before ``token_index``."""
        return self._place_ending.get(token_index)

    def places_in(self, start: int, end: int) -> list[Mention]:
        found, places = [], self.places
        for k in range(bisect_left(self.place_starts, start), len(places)):  # no copy of the rest
            if places[k].start >= end:
                break
            if places[k].end <= end:
                found.append(places[k])
        return found

    def text_at(self, index: int) -> str | None:
        """The token's text, None outside the document."""
        return self.texts[index] if 0 <= index < self.length else None

    def lower(self, index: int) -> str:
        return self.lowers[index] if 0 <= index < self.length else ""

    # -- person names ----------------------------------------------------------------------
    def name_at(self, index: int, min_tokens: int = 1) -> Mention | None:
        """The person's name of at least ``min_tokens`` tokens starting at token ``index``
        ("Nils R. Sandal"), or None."""
        if not 0 <= index < self.length or not self._name_kinds[index]:
            return None  # most tokens: no name can start here
        if min_tokens > 1 and (index + 1 == self.length or not self._name_kinds[index + 1]):
            return None  # nor can a name of two words or more continue here
        if index not in self._names:
            self._names[index] = self._name_at(index)
        name = self._names[index]
        return name if name is not None and name.end - name.start >= min_tokens else None

    def _name_at(self, index: int) -> Mention | None:
        end = index
        while end < self.length and end - index < 6 and self._name_token(end, first=end == index):
            end += 1
        while end > index and self._name_kinds[end - 1] == _INITIAL:
            end -= 1
        if end == index:
            return None
        if end - index == 1 and self._place_at.get(index):
            return None  # a bare place name is not a person
        return self.span(index, end)

    def name_ending_at(self, end: int) -> Mention | None:
        """The person's name that ends just before token ``end`` (for "Kari Holm, ordfører i X")."""
        start = end
        sentence_start = self.sentence_of(max(end - 1, 0)).start
        while start > sentence_start and end - start < 6 and self._name_token(start - 1, first=False):
            start -= 1
        while start < end and (self.lower(start) in NOT_NAMES or _is_initial(self.texts[start])):
            start += 1
        if start == end:
            return None
        found = self.name_at(start)
        return found if found and found.end == end else None

    def _name_token(self, index: int, first: bool) -> bool:
        kind = self._name_kinds[index]
        if kind == _INITIAL:
            return not first or index + 1 < self.length and self.texts[index + 1][:1].isupper()
        return kind == _NAME and not (first and index in self._in_place)


_PARAGRAPH_BREAK = re.compile(r"\n(?=\n)")
#: A dateline at the start of a paragraph: a place, the agency in brackets, a colon or a dash.
_DATELINE = re.compile(r"(?:^|\n)[^\S\n]*[A-ZÆØÅ][\w .-]{0,30}?\s*\([A-ZÆØÅ]{2,5}\)\s*[:–-]\s*(?=\S)")
#: Marks that open the items of a list, one a line.
_BULLETS = frozenset("•·*-–—▪◦‣")
_LINE_BREAK = re.compile("\n")
#: The only letters that ``re.IGNORECASE`` reads as one of a–z, æ, ø, å but ``str.lower`` does not
#: turn into it ("ſ" matches "s"); found by trying every code point.
_FOLD_APART = "İıſ"


def _sentence_starts(text: str, texts: list[str], offsets: list[int], ends: list[int]) -> list[int]:
    """The first token of every sentence, as spaCy's sentencizer and a line-break rule find them:
    after a sentence-ending token (at ``ends``: "." "?" "!" …) the next token that is no
    punctuation starts a sentence, and so does every token after one with a line break in it,
    unless the line before ends in a comma (a signature over two lines) or opens a list."""
    length = len(texts)
    if not length:
        return []
    tokenizer = _tokenizer()
    starts = {0}
    scanned = 0  # tokens before this were read after an earlier sentence end
    for i in ends:
        if i < scanned:
            continue
        j = i + 1
        while j < length and (texts[j] in tokenizer.sentence_ends or tokenizer.is_punct(texts[j])):
            j += 1
        if j < length:
            starts.add(j)
        scanned = j
    # a wire's dateline ends where its text begins: "OSLO (NTB): Buskerud fylkeskommune blir …"
    for match in _DATELINE.finditer(text):
        i = bisect_left(offsets, match.end())
        if i < length:
            starts.add(i)
    # a line ending in ":" keeps the lines below it while they are a list: the first line, and
    # after it lines that open with a bullet, as the first did. So does a heading that is one word
    # naming what a list holds ("Eigarkommunar", "Medlemmer" on a web page).
    listing, bulleted, members = False, False, False
    for match in _LINE_BREAK.finditer(text):
        i = bisect_right(offsets, match.start())  # the token after the one holding the break
        if i >= length:
            continue
        before = i - 1
        while before >= 0 and texts[before].isspace():
            before -= 1
        if before >= 0 and (texts[before] == ":" or _is_list_heading(texts, before)):
            listing, bulleted = True, texts[i] in _BULLETS
            if texts[before] == ":":
                _join_short_lead(text, texts, offsets, starts, before)
            members = texts[before] != ":" and _is_list_heading(texts, before, _MEMBER_HEADINGS)
            starts.discard(i)
        elif before >= 0 and texts[before] == "," and text.count("\n", offsets[before], offsets[i]) == 1:
            starts.discard(i)  # a signature, "Gunnar Hauge,\ntidlegare ordførar i Selje": one sentence
        elif before >= 0 and texts[i][:1].islower() and texts[i][:1].isalpha() \
                and texts[before] not in tokenizer.sentence_ends and text.count("\n", offsets[before], offsets[i]) == 1:
            starts.discard(i)  # a line going on in lower case: "Trond Ekrem\nordførar", hard-wrapped text
        elif listing and bulleted and texts[i] in _BULLETS:
            starts.discard(i)
        elif listing and members and texts[i][:1].isupper() and _line_length(texts, i) <= 6 \
                and text.count("\n", offsets[before], offsets[i]) == 1:
            starts.discard(i)  # "Medlemskommunar" over "Alver – 29 500", "Austrheim – 2 900" …
        else:
            listing = False
            starts.add(i)
    return sorted(starts)


#: The most words a lead-in of its own before a list may have ("De viktigste er:", "Blant dem:").
_SHORT_LEAD = 4


def _join_short_lead(text: str, texts: list[str], offsets: list[int], starts: set[int], colon: int) -> None:
    """A short sentence that only leads in to the list below it belongs to the sentence before it
    on its line: "Notodden deltar i flere samarbeid. De viktigste er:" over "• Kongsbergregionen"."""
    lead = next((k for k in range(colon, max(colon - _SHORT_LEAD, 0) - 1, -1) if k in starts), 0)
    if 0 < lead and "\n" not in text[offsets[lead - 1]:offsets[lead]] \
            and texts[lead][:1].isupper():
        starts.discard(lead)


def _name_kind(text: str) -> int:
    """Whether a token may be part of a person's name: a name word, an initial ("R."), or neither."""
    if not text[:1].isupper() or not text[:1].isalpha() or text.isspace():
        return 0
    if _is_initial(text):
        return _INITIAL
    if text.lower() in NOT_NAMES:
        return 0
    # a title ("Ordførar", "Tokkeordføraren", "Rådsleder"), a party's short name ("Ap", "KrF") or a
    # party in the genitive ("Høyres Marit Sollien") is no name
    if any(w.word_class in ("title", "leader") or w.word_class == "party" and (len(text) <= 3 or text.endswith("s"))
           for w in Vocabulary.default().lookup(text)):
        return 0
    return _NAME if _name_like(text) else 0


def _is_initial(text: str) -> bool:
    return len(text) == 2 and text[0].isupper() and text[1] == "."


def _name_like(text: str) -> bool:
    """Capitalised words, possibly hyphenated ("Strøm-Erichsen", "Anne-Nora"); not acronyms."""
    if _is_initial(text):
        return True
    parts = text.split("-")
    return all(len(p) >= 2 and p[0].isupper() and p[1:].replace("'", "").isalpha()
               and not p[1:].isupper() for p in parts)


#: Word classes of a one-word heading that introduces the line or list below it, as a colon
#: would: "Eigarkommunar" over the owners, "Ordførar" over the mayor's name on a web page.
_LIST_HEADINGS = frozenset({"member_noun", "title"})
#: Those whose list goes on, one item a line, without bullets: "Medlemskommunar" over the members.
_MEMBER_HEADINGS = frozenset({"member_noun"})


def _is_list_heading(texts: list[str], index: int, classes: frozenset[str] = _LIST_HEADINGS) -> bool:
    """Whether token ``index`` ends a line of its own naming what the list below it holds (words
    in brackets may follow the name: "Kommunedirektør (fungerande)", "Medlemskommunar
    (innbyggjartal 1.1.2021)")."""
    if texts[index] == ")":
        opening = next((k for k in range(index - 1, max(index - 8, 0), -1) if texts[k] == "("), None)
        if opening is None or opening == 0:
            return False
        index = opening - 1
    if index > 0 and not texts[index - 1].isspace():
        return False  # not alone on its line
    return texts[index][:1].isupper() and any(
        w.word_class in classes for w in Vocabulary.default().lookup(texts[index]))


def _line_length(texts: list[str], i: int) -> int:
    """How many tokens the line starting at token ``i`` holds."""
    k = i
    while k < len(texts) and "\n" not in texts[k]:
        k += 1
    return k - i
