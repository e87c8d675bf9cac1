"""Extraction: Norwegian articles (Bokmål and Nynorsk) to facts with evidence.

Offline and rule-based. Offices, memberships and council chairs are read from the parse of
kommunegraf's own Norwegian pipeline (:mod:`kg.nlp`) with declarative rules (``rules/*.toml``)
over one lexicon (``rules/lexicon.tsv``): :mod:`.cascade` parses only the sentences that may hold
a fact, :mod:`.reading` turns rule matches into facts and :mod:`.holders` merges an article's
office mentions. Meetings (:mod:`.meetings`), dates (:mod:`.dates`) and stated member counts
(:mod:`.counts`) are read from the text's words; places resolve to the unit valid on the
article's date.

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
EXTRACTOR_VERSION = "0.2.0"


def extract(article) -> Extraction:
    """Every fact in ``article`` (a :class:`kg.sources.Article`), in order of first evidence."""
    return extract_many([article])[0]


def extract_many(articles: list, select: bool = True) -> list[Extraction]:
    """:func:`extract` for several articles, their sentences parsed together (only those that may
    hold a fact, unless ``select`` is false: the facts are the same)."""
    from kg.extraction.cascade import parse_many
    from kg.extraction.context import ArticleContext
    from kg.extraction.document import Document

    contexts = [ArticleContext(Document.parse(article.text), article.date, article.publisher, article.url) for article in articles]
    parsed = parse_many([(ctx.doc, article.language) for ctx, article in zip(contexts, articles)], select)
    return [_extract(article, ctx, sentences) for article, ctx, sentences in zip(articles, contexts, parsed)]


def _extract(article, ctx, parsed) -> Extraction:
    from kg.extraction.counts import check_counts
    from kg.extraction.holders import add_related_holders, merge_offices
    from kg.extraction.meetings import extract_meetings
    from kg.extraction.reading import (longer_names, read_leaders, read_memberships, read_offices, read_relations,
                                      renamed)

    offices = merge_offices(ctx, read_offices(ctx, parsed))
    meetings = extract_meetings(ctx, parsed)
    days: dict[str, list] = {}
    for meeting in meetings:
        if meeting.day and meeting.network:
            days.setdefault(meeting.network, []).append(meeting.day)
    memberships = read_memberships(ctx, parsed, days)
    leaders, led = read_leaders(ctx, parsed, offices)
    known = {(m.member.key, m.network) for m in memberships}
    memberships += [m for m in led if (m.member.key, m.network) not in known]
    posts = add_related_holders(ctx.doc, [*offices, *leaders], read_relations(ctx, parsed))
    names = longer_names(ctx, parsed)
    memberships = renamed(memberships, names)
    facts: list[Fact] = renamed([*posts, *memberships, *meetings], names)
    facts.sort(key=lambda fact: (fact.evidence[0].start, fact.type))
    return Extraction(article.id, facts, check_counts(ctx.doc, memberships, names))
