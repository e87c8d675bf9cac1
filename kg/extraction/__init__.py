"""Extraction: Norwegian articles (Bokmål and Nynorsk) to facts with evidence.

Offline and rule-based. The default engine, ``syntax``, reads offices, memberships and council
chairs from the parse of kommunegraf's own Norwegian pipeline (:mod:`kg.nlp`) with declarative
rules (``rules/*.toml``) over one lexicon (``rules/lexicon.tsv``): :mod:`.cascade` parses only the
sentences that may hold a fact, :mod:`.reading` turns rule matches into facts. Meetings
(:mod:`.meetings`) and dates (:mod:`.dates`) are read from the text's words; places resolve to the
unit valid on the article's date. The older ``tokens`` engine (rules over word positions in
:mod:`.offices` and :mod:`.memberships`) stays selectable until it is removed.

>>> from datetime import date
>>> from kg.sources import Article
>>> article = Article("a1", "Drammens ordfører Kari Holm (H) er glad.", date=date(2021, 3, 1))
>>> [(f.person, f.post, f.organization.number) for f in extract(article).facts]
[('Kari Holm', 'mayor', '3005')]
"""

from __future__ import annotations

from kg.extraction.facts import (
    CountCheck,
    Evidence,
    Extraction,
    Fact,
    MeetingFact,
    MembershipFact,
    OfficeFact,
    Organization,
)

#: The version of the rules; recorded with every fact (bump when what they extract changes).
EXTRACTOR_VERSION = "0.1.0"

__all__ = ["extract", "extract_many", "ENGINES", "DEFAULT_ENGINE", "EXTRACTOR_VERSION", "Extraction", "Fact", "OfficeFact", "MembershipFact",
           "MeetingFact", "CountCheck", "Evidence", "Organization"]


#: The extractors: rules over the language pipeline's parse, and the older rules over word
#: positions they replaced as the default once they matched or beat them on every gold corpus.
ENGINES = ("syntax", "tokens")
#: The engine used where none is asked for.
DEFAULT_ENGINE = "syntax"


def extract(article, engine: str | None = None) -> Extraction:
    """Every fact in ``article`` (a :class:`kg.sources.Article`), in order of first evidence."""
    return extract_many([article], engine)[0]


def extract_many(articles: list, engine: str | None = None, select: bool = True) -> list[Extraction]:
    """:func:`extract` for several articles; the ``syntax`` engine parses their sentences together
    (only those that may hold a fact, unless ``select`` is false: the facts are the same)."""
    engine = engine or DEFAULT_ENGINE
    if engine not in ENGINES:
        raise ValueError(f"no extraction engine {engine!r}; expected one of {', '.join(ENGINES)}")
    from kg.extraction.context import ArticleContext
    from kg.extraction.document import Document

    contexts = [ArticleContext(Document.parse(article.text), article.date) for article in articles]
    if engine == "syntax":
        from kg.extraction.cascade import parse_many

        parsed = parse_many([(ctx.doc, article.language) for ctx, article in zip(contexts, articles)], select)
    else:
        parsed = [None] * len(articles)
    return [_extract(article, ctx, engine, sentences) for article, ctx, sentences in zip(articles, contexts, parsed)]


def _extract(article, ctx, engine: str, parsed) -> Extraction:
    from kg.extraction.meetings import extract_meetings
    from kg.extraction.memberships import extract_memberships
    from kg.extraction.offices import _merge, extract_offices

    if engine == "syntax":
        from kg.extraction.reading import read_offices

        offices = _merge(ctx, read_offices(ctx, parsed))
    else:
        offices = extract_offices(ctx)
    meetings = extract_meetings(ctx)
    days: dict[str, list] = {}
    for meeting in meetings:
        if meeting.day and meeting.network:
            days.setdefault(meeting.network, []).append(meeting.day)
    memberships, checks, leaders = extract_memberships(ctx, offices, days)
    if engine == "syntax":
        from kg.extraction.reading import read_leaders, read_memberships

        memberships = read_memberships(ctx, parsed, days)
        leaders, led = read_leaders(ctx, parsed, offices)
        known = {(m.member.key, m.network) for m in memberships}
        memberships += [m for m in led if (m.member.key, m.network) not in known]
    facts: list[Fact] = [*offices, *leaders, *memberships, *meetings]
    facts.sort(key=lambda fact: (fact.evidence[0].start, fact.type))
    return Extraction(article.id, facts, checks)
