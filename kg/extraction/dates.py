"""Dates in Norwegian text, absolute or relative to the article's date.

Absolute: "12. november", "12. november 2020", "12.11.2020", "1. jan. 2021". Relative: "i dag",
"i går", "i forgårs", "sist uke" / "førre veke" (a week, returned as an interval), a weekday
("tysdag", "på torsdag": the latest such day before the article). The words are the lexicon's
(``rules/lexicon.tsv``: months, weekdays and the classes of relative dates). A day and month without a year
takes the article's year, or the year before if that would put it months after the article, or
the year after if that would put it more than nine months before it.

>>> from datetime import date
>>> [d.day for d in find_dates("Møtet 12. november var langt.", date(2020, 11, 19))]
[datetime.date(2020, 11, 12)]
>>> find_dates("Sist uke kom han.", date(2020, 11, 19))[0].interval
(datetime.date(2020, 11, 9), datetime.date(2020, 11, 15))
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from kg.extraction.lexicon import MONTHS, WEEKDAYS
from kg.extraction.vocabulary import Vocabulary


@dataclass(frozen=True)
class DateMention:
    """A date (or a week) written in the text, with its character span."""

    start: int
    end: int
    text: str
    day: date | None  # a single day, when the text names one
    interval: tuple[date, date] | None = None  # a stretch such as "last week"


_MONTH_NAMES = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))
_ABSOLUTE = re.compile(
    rf"\b(?P<d>[0-3]?\d)\.\s*(?P<month>{_MONTH_NAMES})(?:\s+(?P<y>(?:19|20)\d\d))?(?![\w])", re.I)
_NUMERIC = re.compile(r"\b(?P<d>[0-3]?\d)\.(?P<m>[01]?\d)\.(?P<y>(?:19|20)?\d\d)?(?!\d)")


def _words(word_class: str) -> str:
    """The words of a lexicon class as one alternation, longest first."""
    return "|".join(sorted((re.escape(w) for w in Vocabulary.default().words(word_class)), key=len, reverse=True))


_RELATIVE_DAYS = {word: str(value) for word, value in Vocabulary.default().words("relative_day").items()}
_WEEK_RELATIONS = {word: str(value) for word, value in Vocabulary.default().words("week_relation").items()}
_BEFORE = "|".join(re.escape(w) for w, v in _WEEK_RELATIONS.items() if v == "before")
_PART = rf"(?:\s+(?:{_words('day_part')}))"
_RELATIVE = re.compile(
    rf"\b(?:(?:{_words('day_in')})\s+(?P<day>{_words('relative_day')}){_PART}?"
    rf"|(?:{_BEFORE})\s+(?P<week>{_words('week')})"
    rf"|(?:{_words('new_year_from')})\s+(?P<new_year>{_words('new_year')}))\b", re.I)
_WEEKDAY = re.compile(
    rf"\b(?:(?P<relation>{_words('week_relation')})\s+)?(?P<wd>{'|'.join(WEEKDAYS)}){_PART}?\b", re.I)


def find_dates(text: str, article_date: date | None, offset: int = 0) -> list[DateMention]:
    """Every date in ``text``; spans are shifted by ``offset`` (the text's start in the article)."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []

    def add(match, day, interval=None):
        start, end = match.start(), match.end()
        if any(s < end and start < e for s, e in taken):
            return
        taken.append((start, end))
        found.append(DateMention(start + offset, end + offset, match.group(0), day, interval))

    for match in _ABSOLUTE.finditer(text):
        month = MONTHS[match.group("month").lower()]
        add(match, _day(int(match.group("d")), month, match.group("y"), article_date))
    for match in _NUMERIC.finditer(text):
        month = int(match.group("m"))
        if 1 <= month <= 12:
            year = match.group("y")
            if year and len(year) == 2:
                year = "20" + year
            add(match, _day(int(match.group("d")), month, year, article_date))
    if article_date is not None:
        for match in _RELATIVE.finditer(text):
            if match.group("day"):
                value = _RELATIVE_DAYS[match.group("day").lower()]
                if value == "last_year":
                    year = article_date.year - 1
                    add(match, None, (date(year, 1, 1), date(year, 12, 31)))
                else:
                    add(match, article_date + timedelta(days=int(value)))
            elif match.group("new_year"):  # the coming new year, or this year's if it is early in the year
                add(match, date(article_date.year + (1 if article_date.month >= 7 else 0), 1, 1))
            else:  # last week: Monday to Sunday of the week before the article's
                monday = article_date - timedelta(days=article_date.weekday() + 7)
                add(match, None, (monday, monday + timedelta(days=6)))
        for match in _WEEKDAY.finditer(text):
            weekday = WEEKDAYS[match.group("wd").lower()]
            relation = _WEEK_RELATIONS.get((match.group("relation") or "").lower(), "latest")
            if relation == "after":
                add(match, article_date + timedelta(days=(weekday - article_date.weekday()) % 7 or 7))
            else:
                delta = (article_date.weekday() - weekday) % 7
                add(match, article_date - timedelta(days=delta or (7 if relation == "before" else 0)))
    return sorted(found, key=lambda m: m.start)


def _day(day: int, month: int, year: str | None, article_date: date | None) -> date | None:
    try:
        if year:
            return date(int(year), month, day)
        if article_date is None:
            return None
        guess = date(article_date.year, month, day)
        # "12. november" in a January article means last November
        if (guess - article_date).days > 92:
            guess = date(article_date.year - 1, month, day)
        # "fra 1. januar" in a November article means the coming January
        elif (article_date - guess).days > 274:
            guess = date(article_date.year + 1, month, day)
        return guess
    except ValueError:
        return None
