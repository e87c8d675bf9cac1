"""The facts the extractor finds, and their stable JSON form (``kg extract --format jsonl``).

Every fact carries the evidence it came from: character spans into the article text, each with
its sentence, so that ``article.text[e.start:e.end] == e.text`` always holds.

>>> ev = Evidence(0, 8, "Ordfører", 0, 20)
>>> OfficeFact("Kari Holm", "mayor", None, "current", None, (ev,)).to_json("a1")["post"]
'mayor'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from kg.resolve.gazetteer import Resolved


@dataclass(frozen=True)
class Evidence:
    """Where a fact was read: the phrase ``text`` at ``start:end`` and its sentence's span."""

    start: int
    end: int
    text: str
    sentence_start: int
    sentence_end: int

    def to_json(self) -> dict:
        return {"text": self.text, "start": self.start, "end": self.end,
                "sentence": {"start": self.sentence_start, "end": self.sentence_end}}


@dataclass(frozen=True)
class Organization:
    """A municipality or county (with its number on the article's date), or another body."""

    name: str
    kind: str  # municipality, county, network, organisation
    number: str | None = None
    unit_key: str | None = None  # the reference unit's IRI key, e.g. "3005-2020"

    @classmethod
    def of(cls, resolved: Resolved) -> Organization:
        return cls(resolved.name, resolved.kind, resolved.number,
                   resolved.unit.key if resolved.unit else None)

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.unit_key}" if self.unit_key else f"{self.kind}-name:{self.name.lower()}"


@dataclass(frozen=True)
class OfficeFact:
    """Someone (or an unnamed holder) holds a post in a municipality, county or body."""

    person: str | None
    post: str  # mayor, deputy_mayor, ..., or "other:<title>"
    organization: Organization | None
    status: str  # current, former, incoming, acting
    valid_from: date | None
    evidence: tuple[Evidence, ...]
    rules: tuple[str, ...] = ()  # the extraction rules that read it
    type = "holds_post"

    def to_json(self, article_id: str) -> dict:
        org = self.organization
        return {"article": article_id, "type": self.type, "person": self.person, "post": self.post,
                "organization": org.name if org else None,
                "organization_id": org.number if org else None, **_common(self)}


@dataclass(frozen=True)
class MembershipFact:
    """A municipality or organisation is a member of a network, council or cooperation."""

    member: Organization
    network: str
    status: str
    valid_from: date | None
    evidence: tuple[Evidence, ...]
    rules: tuple[str, ...] = ()  # the extraction rules that read it
    type = "member_of"

    def to_json(self, article_id: str) -> dict:
        return {"article": article_id, "type": self.type, "member": self.member.name,
                "member_id": self.member.number, "network": self.network, **_common(self)}


@dataclass(frozen=True)
class Topic:
    text: str
    introduced_by: tuple[Organization, ...] = ()
    evidence: Evidence | None = None


@dataclass(frozen=True)
class Outcome:
    kind: str  # "joint_statement" or "decision"
    text: str
    about: str | None  # the topic it concerns
    evidence: Evidence | None = None


@dataclass(frozen=True)
class MeetingFact:
    """A meeting of a network on a date: its topics, who introduced them, what came of it."""

    network: str | None
    day: date | None
    topics: tuple[Topic, ...]
    outcomes: tuple[Outcome, ...]
    evidence: tuple[Evidence, ...]
    status: str = "current"
    valid_from: date | None = None
    rules: tuple[str, ...] = ()  # the extraction rules that read it
    type = "meeting"

    def to_json(self, article_id: str) -> dict:
        return {"article": article_id, "type": self.type, "network": self.network,
                "date": _iso(self.day),
                "topics": [{"text": t.text, "introduced_by": [o.name for o in t.introduced_by]}
                           for t in self.topics],
                "outcomes": [{"kind": o.kind, "text": o.text, "about": o.about} for o in self.outcomes],
                **_common(self)}


@dataclass(frozen=True)
class CountCheck:
    """A member count stated in the text ("utvidet fra sju til åtte kommuner") against the members found."""

    network: str
    stated: int
    found: int
    evidence: Evidence

    @property
    def agrees(self) -> bool:
        return self.stated == self.found

    def message(self) -> str:
        verdict = "agrees with" if self.agrees else "DISAGREES with"
        return f"{self.network}: stated count {self.stated} {verdict} the {self.found} members found"


Fact = OfficeFact | MembershipFact | MeetingFact


@dataclass
class Extraction:
    """What one article yielded."""

    article_id: str
    facts: list[Fact] = field(default_factory=list)
    checks: list[CountCheck] = field(default_factory=list)

    def of_type(self, kind: str) -> list[Fact]:
        return [f for f in self.facts if f.type == kind]


def _common(fact) -> dict:
    """The fields every fact's JSON ends with."""
    return {"valid_from": _iso(fact.valid_from), "status": fact.status,
            "evidence": fact.evidence[0].to_json(), "mentions": len(fact.evidence)}


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
