"""What an article is about: its places resolved on its date, and the municipality or county a
title refers to when the sentence leaves it out.

>>> from datetime import date
>>> from kg.extraction.document import Document
>>> ctx = ArticleContext(Document.parse("Ordføraren er nøgd. Seljord fekk pengar."), date(2001, 9, 1))
>>> ctx.context_organization(0, "municipality").name
'Seljord'
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from datetime import date
from functools import cache, lru_cache
from urllib.parse import urlsplit

from kg.extraction.document import Document, Mention
from kg.extraction.facts import Organization
from kg.extraction.networks import in_network_name
from kg.extraction.vocabulary import Vocabulary
from kg.resolve.gazetteer import Gazetteer, county_on

#: City-government titles exist only where the municipality has parliamentary rule (by number,
#: before and after the 2020 and 2024 reforms): Oslo, Bergen, Tromsø.
PARLIAMENTARY_MUNICIPALITIES = {"0301", "1201", "4601", "1902", "5401", "5501"}


#: Prepositions that make a place the goal or partner of an action, not where a title holder sits.
_NOT_HOME = frozenset(Vocabulary.default().words("goal_preposition"))
#: "kommunen" in a sentence: the municipality last named
_THE_MUNICIPALITY = frozenset(Vocabulary.default().words("the_municipality_form"))


class ArticleContext:
    """An article's document, date and resolved place mentions."""

    def __init__(self, doc: Document, day: date | None, publisher: str | None = None, url: str | None = None):
        self.doc = doc
        self.day = day
        on = day or date.today()
        self.counties = frozenset(number for mention in doc.places
                                  for number in _counties_named(doc.gazetteer, mention.text, on))
        self._resolved: dict[tuple[str, str, str | None], Organization | None] = {}
        self._most: dict[tuple[str, bool], Organization | None] = {}
        #: the municipality or county whose own site or paper published the article, if it is one
        self.publisher = publisher_organization(publisher, day) or site_organization(url, day)

    def resolve(self, mention: Mention | str | None, kind: str, era: str | None = None) -> Organization | None:
        """The municipality or county a place mention (or a bare name) denotes on the article's
        date; ``era`` "old" or "new" for "gamle X" / "nye X" (see :meth:`Gazetteer.resolve`). None
        for no mention: a token that stands for places named elsewhere ("dei tre kommunane")."""
        if mention is None:
            return None
        text = mention if isinstance(mention, str) else mention.text
        key = (text, kind, era)
        if key not in self._resolved:
            found = self.doc.gazetteer.resolve(text, self.day, kind, self.counties, era)
            self._resolved[key] = Organization.of(found) if found else None
        return self._resolved[key]

    def new_municipality(self) -> Organization | None:
        """"Den nye kommunen": the one municipality created by a merger within a year before or
        three years after the article's date that a municipality the article names became part of."""
        day = self.day or date.today()
        found: dict[str, Organization] = {}
        for mention in self.doc.places:
            resolved = self.doc.gazetteer.resolve(mention.text, day, "municipality", self.counties, "old")
            unit = resolved.unit if resolved else None
            while unit is not None:
                if unit.created and date(day.year - 1, 1, 1) <= unit.created <= date(day.year + 3, 12, 31):
                    period = unit.numbers[0]
                    found[unit.key] = Organization(period.name, "municipality", period.number, unit.key)
                    break
                unit = unit.successors[0] if len(unit.successors) == 1 else None
        return next(iter(found.values())) if len(found) == 1 else None

    def resolve_any(self, text: str) -> Organization | None:
        """Municipality first, then county ("Oslo" is both; the municipality is meant more often)."""
        return self.resolve(text, "municipality") or self.resolve(text, "county")

    def context_organization(self, token_index: int, kind: str, parliamentary: bool = False) -> Organization | None:
        """The municipality (or county) a title without one refers to: the nearest one named before
        it in the same sentence, else the one the article names most (the first named, on a tie),
        else one named after it in the sentence. Places that are only the goal or partner of an
        action ("skreiv til Oslo", "samarbeid med Bergen") do not count. City-government titles only
        fit Oslo, Bergen and Tromsø."""
        def usable(org: Organization | None) -> bool:
            return _usable(org, kind, parliamentary)

        sentence = self.doc.sentence_of(token_index)
        # "Gildeskål stemte imot. Ordfører X meiner …" and "I Gausdal er stillinga ledig. Konstituert
        # kommunedirektør er X": a sentence that opens with a place sets the topic for the next one
        # in the same paragraph
        index = self.doc.sentence_index(token_index)
        topic = None
        if index > 0:
            previous = self.doc.sentences[index - 1]
            opening = self.doc.place_at(previous.start)
            if opening is None and _is_place_preposition(self.doc.texts[previous.start]):
                opening = self.doc.place_at(previous.start + 1)  # "I Gausdal er stillinga ledig. …"
            if opening is not None and self.doc.paragraph_of(previous.start_char) == self.doc.paragraph_of(sentence.start_char):
                topic = self.resolve(opening, kind)
        here = [(m, self.resolve(m, kind)) for m in self.doc.places_in(sentence.start, sentence.end)
                if self.doc.lower(m.start - 1) not in _NOT_HOME]
        here = [(m, org) for m, org in here if usable(org)]
        quoted = self._quote_end(sentence, token_index)
        if quoted is not None:  # "– Ringerike bestemmer, sa ordfører X": the quote's places are not the speaker's
            here = [(m, org) for m, org in here if m.start > quoted]
        before = [(m, org) for m, org in here if m.start < token_index]
        if before:
            return before[-1][1]
        if usable(topic):
            return topic
        if usable(self.publisher):
            return self.publisher  # "Ordførar: X" on Gloppen kommune's own pages is Gloppen's mayor
        if not _THE_MUNICIPALITY.isdisjoint(self.doc.lowers[sentence.start:sentence.end]):
            # "Ho leier kommunen medan ordførar X er sjukmeld": the municipality last named
            recent = self._recent_place(sentence, lambda m: usable(self.resolve(m, kind)))
            if recent is not None:
                return self.resolve(recent, kind)
        article = self._most_named(kind, parliamentary)
        if article is not None:
            return article
        return here[0][1] if here else None

    def _quote_end(self, sentence, token_index: int) -> int | None:
        """Where the quote ends in a sentence that opens with one ("– …, sa ordfører X"): the
        speech verb before ``token_index`` that ends it, or None."""
        # the sentence splitter leaves an opening dash with the sentence before
        if self.doc.texts[sentence.start] not in _QUOTE_OPENERS and \
                (sentence.start == 0 or self.doc.texts[sentence.start - 1] not in _QUOTE_OPENERS):
            return None
        verbs = [k for k in range(sentence.start, token_index) if _is_speech_verb(self.doc.texts[k])
                 and self.doc.texts[k - 1] in (",", "»", "”", '"')]
        return verbs[-1] if verbs else None

    def _recent_place(self, sentence, usable) -> Mention | None:
        """The last place before ``sentence`` in its paragraph for which ``usable`` holds: found
        from the sentence back, stopping at the paragraph's start, not by a scan of all places."""
        doc = self.doc
        paragraph = doc.paragraph_of(sentence.start_char)
        for k in range(bisect_left(doc.place_starts, sentence.start) - 1, -1, -1):
            m = doc.places[k]
            if doc.paragraph_of(m.start_char) != paragraph:  # places are in text order
                return None
            if usable(m):
                return m
        return None

    def _most_named(self, kind: str, parliamentary: bool = False) -> Organization | None:
        """The usable organisation the article names most (the first named, on a tie), not
        counting names inside a network's ("Askim distriktsrevisjon" is not Askim)."""
        key = (kind, parliamentary)
        if key not in self._most:
            counts: Counter[str] = Counter()
            first: dict[str, tuple[int, Organization]] = {}
            for mention in self.doc.places:
                if in_network_name(self.doc, mention.start):
                    continue
                org = self.resolve(mention, kind)
                if _usable(org, kind, parliamentary):
                    counts[org.key] += 1
                    first.setdefault(org.key, (mention.start, org))
            best = max(counts.values(), default=0)
            self._most[key] = min((first[k] for k, n in counts.items() if n == best),
                                  key=lambda item: item[0])[1] if counts else None
        return self._most[key]

    def home(self) -> Organization | None:
        """The municipality the article is mainly about ("kommunen" refers to it): its publisher's,
        on a municipality's own pages, else the one it names most."""
        if _usable(self.publisher, "municipality", False):
            return self.publisher
        return self._most_named("municipality")


#: A municipality's or county's own web site: "www.gloppen.kommune.no", "ulvik.herad.no".
_OWN_SITE = re.compile(r"^(?:[a-z0-9-]+\.)*?(?P<name>[a-z0-9-]+)\.(?P<body>kommune|herad|fylkeskommune)\.no$")


def site_organization(url: str | None, day: date | None) -> Organization | None:
    """The municipality (or county) whose own site a page's address is on.

    >>> site_organization("https://www.nordre-follo.kommune.no/nyheter/1", date(2021, 5, 1)).name
    'Nordre Follo'
    """
    try:
        host = urlsplit(url).hostname if isinstance(url, str) else None
    except ValueError:  # "http://[x": not an address
        host = None
    match = _OWN_SITE.match(host.lower()) if host else None
    if match is None:
        return None
    name = _site_names().get(match.group("name"))
    kind = "county" if match.group("body") == "fylkeskommune" else "municipality"
    found = Gazetteer.default().resolve(name, day or date.today(), kind) if name else None
    return Organization.of(found) if found else None


@cache
def _site_names() -> dict[str, str]:
    """Gazetteer names by the form a web address gives them: "Bærum" as "baerum", "Nordre Follo"
    as "nordre-follo"."""
    out: dict[str, str] = {}
    for name in Gazetteer.default().names():
        slug = name.lower().translate(_ASCII).replace(" ", "-")
        out.setdefault(slug, name)
    return out


_ASCII = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "á": "a", "č": "c", "đ": "d", "ŋ": "n", "š": "s", "ŧ": "t", "ž": "z"})


@lru_cache(maxsize=1024)
def publisher_organization(publisher: str | None, day: date | None) -> Organization | None:
    """The municipality or county a publisher is: a place followed by a noun for the body
    ("Ulvik herad", "Buskerud fylkeskommune", "Drammen kommune (nettside)"); None for a newspaper.

    >>> publisher_organization("Ulvik herad", date(2019, 5, 1)).number
    '1233'
    >>> publisher_organization("Hallingdølen", date(2019, 5, 1)) is None
    True
    """
    if not isinstance(publisher, str) or not publisher:
        return None  # metadata may hold anything: a number, nothing
    doc = Document.parse(publisher)
    vocabulary = Vocabulary.default()
    for mention in doc.places:
        body = next((w.value for w in vocabulary.lookup(doc.text_at(mention.end) or "")
                     if w.word_class == "municipality_noun"), None)
        if body is not None:
            found = doc.gazetteer.resolve(mention.text, day or date.today(), str(body))
            if found is not None:
                return Organization.of(found)
    return None


@lru_cache(maxsize=1 << 14)
def _counties_named(gazetteer: Gazetteer, name: str, day: date) -> tuple[str, ...]:
    """The numbers of the counties a place name points to on ``day``: the county it names, or the
    county of the municipality it names. (Articles name the same places on the same days.)"""
    counties = []
    county = gazetteer.resolve(name, day, "county")
    if county and county.number and "county" in gazetteer.kinds(name) and "municipality" not in gazetteer.kinds(name):
        counties.append(county.number)
    municipality = gazetteer.resolve(name, day, "municipality")
    if municipality and municipality.unit:
        county_number = county_on(municipality.unit, day)
        if county_number:
            counties.append(county_number)
    return tuple(counties)


def _usable(org: Organization | None, kind: str, parliamentary: bool) -> bool:
    """Whether ``org`` is of ``kind`` (and has a city government, if ``parliamentary``)."""
    return org is not None and org.kind == kind and (not parliamentary or org.number in PARLIAMENTARY_MUNICIPALITIES)


@lru_cache(maxsize=64)
def _is_place_preposition(text: str) -> bool:
    return Vocabulary.default().is_a(text, "place_preposition")


#: Marks that open a quote at the start of a sentence.
_QUOTE_OPENERS = frozenset({"–", "-", "—", "«", "“", '"'})


@lru_cache(maxsize=4096)
def _is_speech_verb(text: str) -> bool:
    return Vocabulary.default().is_a(text, "speech_verb")
