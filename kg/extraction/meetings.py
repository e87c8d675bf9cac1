"""Meetings: a network met on a date, about topics, introduced by members, with outcomes.

A meeting is anchored by "møtet" / "møte" with a date in the same sentence ("på møtet 12.
november", "møtet i går"). The sentences after it, to the end of the paragraph, give:

- topics: "Hovedtemaet på møtet var X", "X og Y ble også diskutert", "drøfta X";
- who introduced them: "innledningen var ved Oslo kommune", "var det Trondheim som innledet"
  (with "de to siste temaene": the last two topics);
- outcomes: "enighet om å sende en felles uttalelse om dette" (a joint statement on the topic
  just named).

>>> from datetime import date
>>> from kg.extraction.document import Document
>>> from kg.extraction.context import ArticleContext
>>> text = "KS storbynettverk møttes. Temaet på møtet 12. november var klima, der innledningen var ved Oslo kommune."
>>> m = extract_meetings(ArticleContext(Document.parse(text), date(2020, 11, 19)))[0]
>>> (m.network, str(m.day), m.topics[0].text, [o.name for o in m.topics[0].introduced_by])
('KS storbynettverk', '2020-11-12', 'klima', ['Oslo'])
"""

from __future__ import annotations

import re
from bisect import bisect_left

from kg.extraction.context import ArticleContext
from kg.extraction.dates import find_dates
from kg.extraction.facts import Evidence, MeetingFact, Organization, Outcome, Topic
from kg.extraction.lexicon import NUMBER_WORDS
from kg.extraction.networks import find_networks

_ANCHOR = re.compile(r"\b(møtet|møte|møtte|møttes|samlinga|samlingen|samling)\b", re.I)
_ANCHOR_WORDS = ("møt", "samling")  # one is in every match of _ANCHOR
_MAIN_TOPIC = re.compile(r"\b(?:hoved)?tema(?:et)?\b.*?\bvar\s+(?P<topic>[^,.;]+?)(?=,|\.|;| der | hvor | kor |$)", re.I)
_DISCUSSED = re.compile(r"^(?P<topics>.+?)\s+(?:ble|vart|blei)\s+(?:også\s+|òg\s+)?(?:diskutert|drøftet|drøfta|"
                        r"tatt opp|teke opp|behandlet|handsama|debattert)\b", re.I)
#: "Det vart òg diskutert felles legevakt": the topic after the verb, the subject a dummy "det"
_DISCUSSED_AFTER = re.compile(r"^det\s+(?:ble|vart|blei)\s+(?:også\s+|òg\s+)?(?:diskutert|drøftet|drøfta|"
                              r"tatt opp|teke opp|behandlet|handsama|debattert)\s+(?P<topics>[^.;]+)", re.I)
_DISCUSSING = re.compile(r"\b(?:diskuterte|drøftet|drøfta|debatterte)\s+(?:også\s+|òg\s+)?(?P<topics>[^.;]+)", re.I)
_INTRO_BY = re.compile(r"\binn(?:ledningen|leiinga|ledninga)\s+var\s+ved\s+(?P<who>[^,.;]+)", re.I)
_INTRO_WHO = re.compile(r"\b(?:var\s+det|det\s+var)\s+(?P<who>[^,.;]+?)\s+som\s+inn(?:ledet|leidde|leia|ledte)", re.I)
_INTRO_LAST = re.compile(r"\b(?:de|dei)\s+(?P<n>\w+)\s+siste\s+tema", re.I)
_STATEMENT = re.compile(r"\bfelles\s+uttal(?:else|elsen|else|ing|inga)\b(?:\s+om\s+(?P<about>[^,.;]+))?", re.I)


def extract_meetings(ctx: ArticleContext) -> list[MeetingFact]:
    """Meetings the article reports, each with its topics, introducers and outcomes."""
    doc = ctx.doc
    networks = find_networks(doc)
    starts = [n.start for n in networks]  # in text order, as find_networks gives them
    meetings = []
    used: set[int] = set()
    for index, sentence in enumerate(doc.sentences):
        if index in used or not doc.may_contain(sentence, _ANCHOR_WORDS) or not _ANCHOR.search(sentence.text):
            continue
        dates = [d for d in find_dates(sentence.text, ctx.day, sentence.start_char) if d.day]
        if not dates:
            continue
        network = _network_for(networks, starts, sentence)
        paragraph = doc.paragraph_of(sentence.start_char)
        topics: list[dict] = []
        outcomes: list[Outcome] = []
        evidence = []
        for later_index in range(index, len(doc.sentences)):
            later = doc.sentences[later_index]
            if doc.paragraph_of(later.start_char) != paragraph:
                break
            if later_index != index and doc.may_contain(later, _ANCHOR_WORDS) and _ANCHOR.search(later.text) \
                    and find_dates(later.text, ctx.day):
                break
            used.add(later_index)
            if _read_sentence(ctx, later, topics, outcomes):
                evidence.append(Evidence(later.start_char, later.end_char, later.text,
                                         later.start_char, later.end_char))
        if not evidence:
            evidence.append(Evidence(sentence.start_char, sentence.end_char, sentence.text,
                                     sentence.start_char, sentence.end_char))
        meetings.append(MeetingFact(
            network, dates[0].day,
            tuple(Topic(t["text"], tuple(t["by"]), t["evidence"]) for t in topics),
            tuple(outcomes), tuple(evidence)))
    return meetings


def _network_for(networks, starts: list[int], sentence) -> str | None:
    """The network named first in ``sentence``, else the last one before it, else the one named most."""
    first = bisect_left(starts, sentence.start)  # found, not scanned for: a long text has many
    if first < len(networks) and networks[first].start < sentence.end:
        return networks[first].name
    if first > 0:
        return networks[first - 1].name
    counts: dict[str, int] = {}
    for n in networks:
        counts[n.name] = counts.get(n.name, 0) + 1
    return max(counts, key=counts.get) if counts else None


def _read_sentence(ctx: ArticleContext, sentence, topics: list[dict], outcomes: list[Outcome]) -> bool:
    """Topics, introducers and outcomes of one sentence; True if it said anything."""
    text = sentence.text
    base = sentence.start_char
    said = False

    def evidence(start: int, end: int) -> Evidence:
        return Evidence(base + start, base + end, text[start:end], sentence.start_char, sentence.end_char)

    new_topics = []
    match = _MAIN_TOPIC.search(text)
    if match:
        new_topics.append((match.group("topic").strip(), match.start("topic"), match.end("topic")))
    else:
        match = _DISCUSSED_AFTER.search(text) or _DISCUSSED.search(text) or _DISCUSSING.search(text)
        if match:
            start = match.start("topics")
            for part in re.split(r"\s+og\s+", match.group("topics")):
                offset = text.index(part, start)
                new_topics.append((part.strip(), offset, offset + len(part)))
                start = offset + len(part)
    for topic, start, end in new_topics:
        topics.append({"text": topic, "by": [], "evidence": evidence(start, end)})
        said = True

    who = _INTRO_BY.search(text) or _INTRO_WHO.search(text)
    if who and topics:
        organization = _organization(ctx, who.group("who"))
        if organization is not None:
            last = _INTRO_LAST.search(text)
            n = _count(last.group("n")) if last else None
            targets = topics[-n:] if n else ([t for t in topics[-len(new_topics):]] if new_topics else topics[-1:])
            for topic in targets:
                if organization not in topic["by"]:
                    topic["by"].append(organization)
            said = True

    statement = _STATEMENT.search(text)
    if statement:
        about = statement.group("about")
        if about is None or about.strip().lower() in ("dette", "det", "denne", "saka", "saken"):
            about = topics[-1]["text"] if topics else None
        outcomes.append(Outcome("joint_statement", text[statement.start():].rstrip(" ."),
                                about.strip() if about else None, evidence(statement.start(), len(text.rstrip(" .")))))
        said = True
    return said


def _organization(ctx: ArticleContext, phrase: str) -> Organization | None:
    words = phrase.replace(" kommune", "").replace(" fylkeskommune", "").strip()
    return ctx.resolve_any(words) or ctx.resolve_any(words.split()[0]) if words else None


def _count(word: str) -> int | None:
    return int(word) if word.isdigit() else NUMBER_WORDS.get(word.lower())
