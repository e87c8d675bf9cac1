"""Meetings: a network met on a date, about topics, introduced by members, with outcomes.

What the rules in ``rules/meetings.toml`` matched, put together: a ``meeting`` match in a sentence
that gives a date opens a meeting of the network named in the sentence (or else the last one named
before it; a meeting of no network is none of the graph's); the sentences after it in the paragraph,
up to the next that opens a meeting, add the topics, who introduced them and the statements agreed on.

>>> from datetime import date
>>> from kg.extraction.document import Document
>>> from kg.extraction.context import ArticleContext
>>> text = "KS storbynettverk møttes. Temaet på møtet 12. november var klima, der innledningen var ved Oslo kommune."
>>> ctx = ArticleContext(Document.parse(text), date(2020, 11, 19))
>>> m = extract_meetings(ctx)[0]
>>> (m.network, str(m.day), m.topics[0].text, [o.name for o in m.topics[0].introduced_by], m.rules)
('KS storbynettverk', '2020-11-12', 'klima', ['Oslo'], ('meeting-noun-or-verb', 'topic-noun-is', 'introduction-was-by'))
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Token

from kg.extraction.cascade import Parsed, parse
from kg.extraction.context import ArticleContext
from kg.extraction.dates import find_dates
from kg.extraction.facts import Evidence, MeetingFact, Organization, Outcome, Topic
from kg.extraction.reading import named_networks, network_before

#: Parts of speech a topic does not end with ("ny legevakt på [møtet]").
_FUNCTION_WORDS = {"ADP", "CCONJ", "SCONJ", "DET", "ADV", "PART", "PUNCT", "AUX", "PRON"}


@dataclass
class _Topic:
    text: str
    evidence: Evidence
    by: list[Organization] = field(default_factory=list)


@dataclass
class _Meeting:
    network: str | None
    day: date
    anchor: Evidence
    topics: list[_Topic] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)

    def fact(self) -> MeetingFact:
        return MeetingFact(self.network, self.day,
                           tuple(Topic(t.text, tuple(t.by), t.evidence) for t in self.topics),
                           tuple(self.outcomes), tuple(self.evidence or [self.anchor]), rules=tuple(self.rules))


def extract_meetings(ctx: ArticleContext, parsed: list[Parsed] | None = None) -> list[MeetingFact]:
    """The meetings the article reports (its sentences parsed here if ``parsed`` is not given)."""
    if parsed is None:
        parsed = parse(ctx.doc)
    named = named_networks(ctx, parsed)
    meetings: list[_Meeting] = []
    current: _Meeting | None = None
    paragraph = None
    for sentence in parsed:
        line = ctx.doc.sentences[sentence.sentence]
        opened = _opens(ctx, sentence, line)
        if opened is not None:
            current = _Meeting(_network_for(named, line), opened[0], _line_evidence(ctx, sentence),
                               rules=[opened[1]])
            meetings.append(current)
            paragraph = ctx.doc.paragraph_of(line.start_char)
        elif current is not None and ctx.doc.paragraph_of(line.start_char) != paragraph:
            current = None
        if current is not None and _read(ctx, sentence, current):
            current.evidence.append(_line_evidence(ctx, sentence))
    return [m.fact() for m in meetings if m.network is not None]  # "møtte statsråden": no network's meeting


def _opens(ctx: ArticleContext, sentence: Parsed, line) -> tuple[date, str] | None:
    """The day of the meeting ``sentence`` reports, and the rule that read it, if it reports one."""
    rule = next((rule.name for rule, _ in sentence.matches if rule.emits == "meeting"), None)
    if rule is None:
        return None
    day = next((d.day for d in find_dates(line.text, ctx.day) if d.day), None)
    return (day, rule) if day is not None else None


def _read(ctx: ArticleContext, sentence: Parsed, meeting: _Meeting) -> bool:
    """Add what one sentence says of ``meeting``; True if it said anything."""
    by_emits: dict[str, list] = {}
    for rule, roles in sentence.matches:
        by_emits.setdefault(rule.emits, []).append((rule, roles))
    said = False
    new = []
    for rule, start, end in _longest(by_emits.get("topic", []), "topic"):
        for first, last in _conjuncts(sentence.doc, start, end):
            new.append(_Topic(_text(sentence, first, last), _span_evidence(ctx, sentence, first, last)))
        _add_rule(meeting, rule)
    meeting.topics.extend(new)
    said = bool(new)
    for rule, roles in by_emits.get("introducer", []):
        organization = _organization(ctx, roles["introducer"])
        if organization is None or not meeting.topics:
            continue
        count = next((_count(r["count"]) for _, r in by_emits.get("last_topics", [])), None)
        for topic in meeting.topics[-count:] if count else new or meeting.topics[-1:]:
            if organization not in topic.by:
                topic.by.append(organization)
        _add_rule(meeting, rule)
        said = True
    statements = by_emits.get("joint_statement", [])
    if statements:
        rule, roles = max(statements, key=lambda m: "about" in m[1])  # the reading that says what about
        about = None
        if "about" in roles:
            first, last = roles["about"].i, roles.get("about_end", roles["about"]).i
            last = _trim(sentence.doc, first, last)
            about = _text(sentence, first, last)
            if _is_referent(sentence.doc[first]):
                about = None
        if about is None and meeting.topics:
            about = meeting.topics[-1].text
        first, last = roles["outcome"].i, len(sentence.doc) - 1
        while last > first and sentence.doc[last].is_punct:
            last -= 1
        meeting.outcomes.append(Outcome("joint_statement", _text(sentence, first, last), about,
                                        _span_evidence(ctx, sentence, first, last)))
        _add_rule(meeting, rule)
        said = True
    return said


def _longest(matches: list, role: str):
    """The longest reading of each span a rule starts at ``role``: (rule, first, last), in text
    order, without a span inside another."""
    spans: dict[int, tuple] = {}
    for rule, roles in matches:
        first = roles[role].i
        last = roles.get(f"{role}_end", roles[role]).i
        if first not in spans or last > spans[first][2]:
            spans[first] = (rule, first, last)
    out = []
    for rule, first, last in sorted(spans.values(), key=lambda s: (s[1], -s[2])):
        if not any(f <= first and last <= l for _, f, l in out):
            out.append((rule, first, last))
    return out


def _conjuncts(doc, first: int, last: int) -> list[tuple[int, int]]:
    """A span split at its list joints ("X, Y og Z"), each part without trailing function words."""
    parts, start = [], first
    for k in range(first, last + 2):
        if k > last or "list_joint" in doc[k]._.kg:
            if k > start:
                end = _trim(doc, start, k - 1)
                if end >= start:
                    parts.append((start, end))
            start = k + 1
    return parts


def _trim(doc, first: int, last: int) -> int:
    while last > first and doc[last].pos_ in _FUNCTION_WORDS:
        last -= 1
    return last if doc[last].pos_ not in _FUNCTION_WORDS or last == first else first - 1


def _text(sentence: Parsed, first: int, last: int) -> str:
    doc = sentence.doc
    return doc.text[doc[first].idx:doc[last].idx + len(doc[last].text)]


def _span_evidence(ctx: ArticleContext, sentence: Parsed, first: int, last: int) -> Evidence:
    doc, line = sentence.doc, ctx.doc.sentences[sentence.sentence]
    start = sentence.char(doc[first])
    end = sentence.char(doc[last]) + len(doc[last].text)
    return Evidence(start, end, ctx.doc.text[start:end], line.start_char, line.end_char)


def _line_evidence(ctx: ArticleContext, sentence: Parsed) -> Evidence:
    line = ctx.doc.sentences[sentence.sentence]
    return Evidence(line.start_char, line.end_char, line.text, line.start_char, line.end_char)


def _add_rule(meeting: _Meeting, rule) -> None:
    if rule.name not in meeting.rules:
        meeting.rules.append(rule.name)


def _network_for(named: list[tuple[int, object]], line) -> str | None:
    """The network named first in the sentence ``line``, else the last one before it, else the one
    named most in the article."""
    inside = [network for at, network in named if line.start_char <= at < line.end_char]
    network = inside[0] if inside else network_before(named, line.start_char)
    if network is not None:
        return network.name
    counts: dict[str, int] = {}
    for _, n in named:
        counts[n.name] = counts.get(n.name, 0) + 1
    return max(counts, key=counts.get) if counts else None


def _organization(ctx: ArticleContext, token: Token) -> Organization | None:
    return ctx.resolve_any(token._.place.text) if token._.place is not None else None


def _is_referent(token: Token) -> bool:
    return "referent" in token._.kg


def _count(token: Token) -> int | None:
    if token.text.isdigit():
        return int(token.text)
    return next((int(w.value) for w in token._.words if w.word_class == "number"), None)
