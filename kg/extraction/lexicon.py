"""Norwegian words the extraction reads from the text's own words, without the parse, as tables:
months, weekdays and number words for dates and counts, and words that never belong to a
person's name. They are rows of ``rules/lexicon.tsv`` like every other word the extraction knows
(classes ``month``, ``weekday``, ``number``, ``not_name``).

>>> MONTHS["mars"], WEEKDAYS["tysdag"], NUMBER_WORDS["åtte"]
(3, 1, 8)
>>> "foto" in NOT_NAMES and "mai" in NOT_NAMES
True
"""

from __future__ import annotations

from kg.extraction.vocabulary import Vocabulary


def _numbered(word_class: str) -> dict[str, int]:
    return {word: int(str(value)) for word, value in Vocabulary.default().words(word_class).items()}


MONTHS = _numbered("month")
WEEKDAYS = _numbered("weekday")
NUMBER_WORDS = _numbered("number")
NOT_NAMES = frozenset(Vocabulary.default().words("not_name")) | frozenset(MONTHS) | frozenset(WEEKDAYS)
