"""The Norwegian words the extraction rules know, read from ``rules/lexicon.tsv``, and how a token
is matched to them: by lemma, by form, by form less a regular ending, and at the end of a compound.

>>> vocabulary = Vocabulary.default()
>>> [(w.word_class, w.lemma, w.value, w.prefix) for w in vocabulary.lookup("Tokkeordføraren")]
[('title', 'ordførar', 'mayor', 'Tokke')]
>>> [w.lemma for w in vocabulary.lookup("rådmennene")]
['rådmann']
>>> vocabulary.lookup("ordførerkandidat")[0].word_class
'candidacy'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from kg.errors import KgError

LEXICON = Path(__file__).with_name("rules") / "lexicon.tsv"

#: Regular endings of Norwegian nouns, adjectives and verbs, Bokmål and Nynorsk, longest first;
#: a form less one of them may be a lemma ("ordførarane" → "ordførar").
_ENDINGS = ("ernes", "anes", "enes", "ane", "ene", "ens", "ets", "ars", "ers", "en", "et", "ar", "er",
            "ne", "te", "de", "es", "a", "e", "n", "t", "r", "s", "'")
#: Irregular stems: "menn" is a plural of "mann" (rådmenn, rådmennene).
_STEM_CHANGES = (("menn", "mann"),)
_MIN_STEM = 3  # a form less an ending keeps at least this much ("går" is no form of "gå")
_VOWELS = frozenset("aeiouyæøå")
_MIN_WORD = 3  # the shortest word a compound may end in ("råd")
_MIN_PREFIX = 3  # "Eriksen" is no compound of "iks"; "eks-", "Ål-" are


class LexiconError(KgError):
    """The lexicon file is not usable: names the file and the entry."""


@dataclass(frozen=True)
class Word:
    """A token's reading as a word of the lexicon: its class, lemma and value, and what a compound
    puts before it ("Tokke" in "Tokkeordførar")."""

    word_class: str
    lemma: str
    value: object
    prefix: str | None = None
    pos: frozenset[str] | None = None  # the parts of speech it may have, if the lexicon says


class Vocabulary:
    """The lexicon's word classes, looked up by lemma and form."""

    def __init__(self, rows: list[tuple]):
        self._words: dict[str, list[tuple[str, object, frozenset | None]]] = {}
        self._compounds: dict[str, list[tuple[str, object, frozenset | None]]] = {}
        for word_class, lemma, value, compound, *pos in rows:
            entry = (word_class, value, pos[0] if pos else None)
            self._words.setdefault(lemma, []).append(entry)
            if compound:
                self._compounds.setdefault(lemma, []).append(entry)
        self.classes: tuple[str, ...] = tuple(dict.fromkeys(row[0] for row in rows))
        #: lower-case stems a sentence must contain to hold a word of a class (the cascade's test),
        #: each with whether it may stand inside a word (the end of a compound) or must start one
        self.stems = {c: sorted({(stem, row[3]) for row in rows if row[0] == c for stem in _stems(row[1])})
                      for c in self.classes}
        self._finders: dict[tuple[str, ...], re.Pattern] = {}

    @classmethod
    @cache
    def default(cls) -> Vocabulary:
        return cls.read(LEXICON)

    @classmethod
    def read(cls, path: Path) -> Vocabulary:
        """The lexicon in a file of lines ``class<TAB>lemma<TAB>value<TAB>compound``."""
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError as error:
            raise LexiconError(f"{path}: cannot read the lexicon ({error.strerror or error})") from error
        rows = []
        for number, line in enumerate(lines, 1):
            if not line.strip() or line.startswith("#"):
                continue
            columns = line.split("\t")
            if len(columns) not in (4, 5) or not columns[0] or columns[3] not in ("", "+"):
                raise LexiconError(f"{path}:{number}: expected class, lemma, value, '+' or nothing, and optionally "
                                   "parts of speech, tab-separated")
            word_class, lemma, value, compound = columns[:4]
            pos = frozenset(columns[4].split(",")) if len(columns) == 5 and columns[4] else None
            if lemma != lemma.lower() or not lemma.strip() or " " in lemma:
                raise LexiconError(f"{path}:{number}: {lemma!r} is not a lower-case one-word lemma")
            rows.append((word_class, lemma, value or True, compound == "+", pos))
        return cls(rows)

    def words(self, word_class: str) -> dict[str, object]:
        """The lemmas of one class and their values."""
        return {w: v for w, entries in self._words.items() for c, v, *_ in entries if c == word_class}

    def is_a(self, form: str, *classes: str, lemma: str | None = None) -> bool:
        """Whether a token of this form (and lemma) reads as a word of any of ``classes``.

        >>> Vocabulary.default().is_a("KrF", "party"), Vocabulary.default().is_a("Lier", "party")
        (True, False)
        """
        return any(w.word_class in classes for w in self.lookup(form, lemma))

    def finder(self, *classes: str) -> re.Pattern:
        """A regular expression that finds, in raw text, any word that may be of ``classes``: the
        cheap test of whether a sentence (or an article) is worth reading for them.

        >>> bool(Vocabulary.default().finder("title").search("Tokkeordføraren var glad"))
        True
        """
        key = tuple(sorted(classes))
        if key not in self._finders:
            self._finders[key] = stems_pattern([stem for c in key for stem in self.stems.get(c, [])])
        return self._finders[key]

    def compounding(self, word_class: str) -> list[str]:
        """The lemmas of one class that may end a compound ("+" in the lexicon)."""
        return [w for w, entries in self._compounds.items() for c, *_ in entries if c == word_class]

    def lookup(self, form: str, lemma: str | None = None, pos: str | None = None) -> tuple[Word, ...]:
        """Every reading of a token with this form (and lemma and part of speech, when the pipeline
        gave them): a word the lexicon gives parts of speech matches only a token of one of them."""
        words = _lookup(self, form, lemma or "")
        if pos and any(w.pos for w in words):
            words = tuple(w for w in words if w.pos is None or pos in w.pos)
        return words

    def _exact(self, candidate: str) -> list[tuple[str, object]]:
        return self._words.get(candidate, [])

    def _compound(self, form: str, candidate: str) -> tuple[Word, ...]:
        """The longest lexicon word that ends ``candidate`` with at least a short prefix before it."""
        lower = candidate
        for start in range(_MIN_PREFIX, len(lower) - _MIN_WORD + 1):
            entries = self._compounds.get(lower[start:])
            if entries:
                prefix = form[:start].rstrip("-") or None
                return tuple(Word(c, lower[start:], v, prefix, p) for c, v, p in entries)
        return ()


@lru_cache(maxsize=1 << 16)
def _lookup(vocabulary: Vocabulary, form: str, lemma: str) -> tuple[Word, ...]:
    lower = form.lower()
    candidates = [lemma.lower(), lower] if lemma else [lower]
    for old, new in _STEM_CHANGES:
        candidates += [c.replace(old, new) for c in candidates if old in c]
    for ending in _ENDINGS:
        if lower.endswith(ending) and len(lower) - len(ending) >= _MIN_STEM:
            # "kommunane" is "kommun" + "ane": the lemma may end in the "e" the ending replaced;
            # "medlemmer" is "medlem" with its last consonant doubled before the ending
            stem = lower[:-len(ending)]
            candidates += [stem, stem + "e"]
            if len(stem) > _MIN_STEM and stem[-1] == stem[-2] and stem[-1] not in _VOWELS:
                candidates.append(stem[:-1])
    candidates += [c.replace(old, new) for c in candidates[2:] for old, new in _STEM_CHANGES if old in c]
    seen: list[Word] = []
    for candidate in dict.fromkeys(c for c in candidates if c):
        for word_class, value, pos in vocabulary._exact(candidate):
            if not any(w.word_class == word_class for w in seen):
                seen.append(Word(word_class, candidate, value, None, pos))
    if seen:
        return tuple(seen)
    forms = candidates[1:] if lemma else candidates  # a compound's lemma may be cut short: read forms
    for candidate in dict.fromkeys(c for c in forms if c):
        words = vocabulary._compound(form, candidate)
        if words:
            return words
    return ()


#: What the ending after a noun's lemma says: (plural, definite), Bokmål and Nynorsk.
_NOUN_ENDINGS = {"": (False, False), "en": (False, True), "a": (False, True), "et": (False, True),
                 "n": (False, True), "e": (True, False), "er": (True, False), "ar": (True, False),
                 "r": (True, False), "ne": (True, True), "ene": (True, True), "ane": (True, True),
                 "erne": (True, True), "arne": (True, True)}


def inflection(form: str, word: Word) -> tuple[bool, bool, bool] | None:
    """(plural, definite, genitive) of a noun ``form`` read as ``word``, from its ending; None where
    the ending is not a regular one.

    >>> inflection("ordførarane", Word("title", "ordførar", "mayor"))
    (True, True, False)
    >>> inflection("Tokke-ordførarens", Word("title", "ordførar", "mayor", "Tokke"))
    (False, True, True)
    >>> inflection("rådmenn", Word("title", "rådmann", "chief_executive"))
    (True, False, False)
    """
    lower = form.lower()
    tail = lower[len(word.prefix) :].lstrip("-") if word.prefix else lower
    genitive = tail.endswith(("s", "'")) and not word.lemma.endswith("s")
    if genitive:
        tail = tail[:-1]
    changed = False
    for old, new in _STEM_CHANGES:
        if old in tail and new in word.lemma:
            tail, changed = tail.replace(old, new), True
    shared = 0
    while shared < min(len(tail), len(word.lemma)) and tail[shared] == word.lemma[shared]:
        shared += 1
    ending = tail[shared:]
    if word.lemma[shared:] not in ("", "e"):
        return None
    found = _NOUN_ENDINGS.get(ending)
    if found is None:
        return None
    return found[0] or changed, found[1], genitive


#: Words this short are found whole ("med"), not as the start of longer ones ("meir").
_SHORT = 3


def _stems(word: str) -> list[str]:
    """The parts of a lemma its inflections start with: "ordførar" → "ordfør"; a word whose vowel
    changes keeps both its forms whole ("rådmann", "rådmenn": "råd" alone would find every
    "råd"); a word of three letters or fewer keeps itself."""
    if len(word) <= _SHORT:
        return [word]
    for plural, singular in _STEM_CHANGES:
        if word.endswith(singular):
            return [word, word[:-len(singular)] + plural]
    return [word[:-2] if len(word) > 5 else word[:-1]]


def stems_pattern(stems: list[tuple[str, bool]]) -> re.Pattern:
    """One regular expression that finds any of ``stems`` (lower case) in a text: inside a word
    where the stem may end a compound, else at the start of one."""
    parts = sorted({re.escape(stem) if inside or not re.search(r"\w", stem)  # "%": no word to bound
                    else rf"\b{re.escape(stem)}\b" if len(stem) <= _SHORT
                    else rf"\b{re.escape(stem)}" for stem, inside in stems}, key=len, reverse=True)
    return re.compile("|".join(parts), re.IGNORECASE)
