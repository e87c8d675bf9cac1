"""An article prepared for extraction: spaCy tokens and sentences, place mentions, person names.

spaCy's blank ``nb`` pipeline tokenises both Bokmål and Nynorsk (no model is downloaded); its
sentencizer splits sentences, and line breaks always end one, so a headline never runs into the
first sentence. A :class:`~spacy.matcher.PhraseMatcher` over the gazetteer finds municipality,
county and town names, including multi-word ones ("Nedre Eiker", "Sogn og Fjordane").

>>> doc = Document.parse("Ordfører Kari Nordmann Haugen i Nedre Eiker sa ja.")
>>> [m.text for m in doc.places]
['Nedre Eiker']
>>> doc.name_at(1).text
'Kari Nordmann Haugen'
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import cache

from kg.extraction.lexicon import NOT_NAMES, analyse_title, is_party
from kg.resolve.gazetteer import Gazetteer


@cache
def nlp():
    """The blank Norwegian pipeline with a sentencizer and line-break sentence boundaries."""
    import spacy
    from spacy.language import Language
    from spacy.matcher import PhraseMatcher

    if "kg_line_breaks" not in Language.factories:
        @Language.component("kg_line_breaks")
        def line_breaks(doc):
            for token in doc[:-1]:
                if "\n" in token.text or token.text.endswith("\n"):
                    doc[token.i + 1].is_sent_start = True
                elif "\n" in token.whitespace_:
                    doc[token.i + 1].is_sent_start = True
            return doc

    pipeline = spacy.blank("nb")
    pipeline.add_pipe("sentencizer")
    pipeline.add_pipe("kg_line_breaks")
    matcher = PhraseMatcher(pipeline.vocab, attr="ORTH")
    gazetteer = Gazetteer.default()
    forms = []
    for name in gazetteer.names():
        forms += [name, name + "s"] if not name.endswith(("s", "x", "z")) else [name, name + "'"]
    matcher.add("PLACE", list(pipeline.tokenizer.pipe(forms)))
    return pipeline, matcher


@dataclass(frozen=True)
class Mention:
    """A stretch of tokens: a place name or a person's name."""

    start: int  # token index
    end: int  # token index, exclusive
    text: str
    start_char: int
    end_char: int


class Document:
    """Tokens, sentences and the mentions the extractor builds on."""

    def __init__(self, doc):
        self.doc = doc
        self.text = doc.text
        # plain lists: reading spaCy tokens one by one costs more than the rules themselves
        self.texts = [t.text for t in doc]
        self.lowers = [t.lower_ for t in doc]
        self.spaces = [t.is_space for t in doc]
        self.sent_starts = [bool(t.is_sent_start) for t in doc]
        self.sentences = list(doc.sents)
        self._sentence_starts = [s.start for s in self.sentences]
        self.gazetteer = Gazetteer.default()
        _, matcher = nlp()
        spans = [doc[start:end] for _, start, end in matcher(doc)]
        # keep the longest match where matches overlap ("Sogn og Fjordane", not "Sogn")
        chosen: list = []
        for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
            if all(span.end <= c.start or span.start >= c.end for c in chosen) and self._is_place(span):
                chosen.append(span)
        self.places = [Mention(s.start, s.end, s.text, s.start_char, s.end_char)
                       for s in sorted(chosen, key=lambda s: s.start)]
        self._place_at = {m.start: m for m in self.places}
        self._in_place = {i for m in self.places for i in range(m.start, m.end)}
        self._names: dict[tuple[int, int], Mention | None] = {}
        self.cache: dict[str, object] = {}  # results that several extractors share (networks)
        self._paragraph_breaks = [i for i, ch in enumerate(self.text) if ch == "\n"
                                  and self.text[i + 1:i + 2] == "\n"]

    @classmethod
    def parse(cls, text: str) -> Document:
        pipeline, _ = nlp()
        return cls(pipeline(text))

    def _is_place(self, span) -> bool:
        first = span[0]
        if not first.text[:1].isupper():
            return False
        # a place name glued into a person's name ("Monica Myrvold Berg") is not a place
        before = self.doc[span.start - 1] if span.start > 0 else None
        if before is not None and not before.is_sent_start and _name_like(before.text) \
                and not before.text.endswith(".") and span.start - 1 != first.sent.start:
            return False
        return True

    # -- navigation ------------------------------------------------------------------------
    def sentence_of(self, token_index: int):
        return self.sentences[bisect_right(self._sentence_starts, token_index) - 1]

    def sentence_index(self, token_index: int) -> int:
        return bisect_right(self._sentence_starts, token_index) - 1

    def paragraph_of(self, char: int) -> int:
        return bisect_right(self._paragraph_breaks, char)

    def place_at(self, token_index: int) -> Mention | None:
        return self._place_at.get(token_index)

    def places_in(self, start: int, end: int) -> list[Mention]:
        return [m for m in self.places if start <= m.start and m.end <= end]

    def token(self, index: int):
        return self.doc[index] if 0 <= index < len(self.doc) else None

    def lower(self, index: int) -> str:
        return self.lowers[index] if 0 <= index < len(self.lowers) else ""

    # -- person names ----------------------------------------------------------------------
    def name_at(self, index: int, min_tokens: int = 1) -> Mention | None:
        """The person's name starting at token ``index`` ("Nils R. Sandal"), or None."""
        key = (index, min_tokens)
        if key not in self._names:
            self._names[key] = self._name_at(index, min_tokens)
        return self._names[key]

    def _name_at(self, index: int, min_tokens: int) -> Mention | None:
        doc = self.doc
        end = index
        while end < len(self.texts) and end - index < 6 and self._name_token(end, first=end == index):
            end += 1
        while end > index and _is_initial(self.texts[end - 1]):
            end -= 1
        if end - index < min_tokens or end == index:
            return None
        if end - index == 1 and self._place_at.get(index):
            return None  # a bare place name is not a person
        span = doc[index:end]
        return Mention(index, end, span.text, span.start_char, span.end_char)

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
        text = self.texts[index]
        if not text[:1].isupper() or not text[:1].isalpha() or self.spaces[index]:
            return False
        if _is_initial(text):
            return not first or self._name_token_follows(index)
        if self.lowers[index] in NOT_NAMES or is_party(text) and len(text) <= 3:
            return False
        if analyse_title(text) is not None:
            return False
        if first and index in self._in_place:
            return False
        return _name_like(text)

    def _name_token_follows(self, index: int) -> bool:
        return index + 1 < len(self.texts) and self.texts[index + 1][:1].isupper()


def _is_initial(text: str) -> bool:
    return len(text) == 2 and text[0].isupper() and text[1] == "."


def _name_like(text: str) -> bool:
    """Capitalised words, possibly hyphenated ("Strøm-Erichsen", "Anne-Nora"); not acronyms."""
    if _is_initial(text):
        return True
    parts = text.split("-")
    return all(len(p) >= 2 and p[0].isupper() and p[1:].replace("'", "").isalpha()
               and not p[1:].isupper() for p in parts)
