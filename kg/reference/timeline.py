"""Turn code-list snapshots and change tables into units with a history.

A *unit* is one municipality or county as an organisation: it keeps its identity when it is only
renumbered, and a merger or a split ends units and creates new ones. Each unit knows its numbers
over time, its predecessors and successors.

>>> from kg.reference.model import load_reference
>>> drammen = load_reference().municipality_by_number("0602")
>>> [n.number for n in drammen.successors[0].numbers]
['3005', '3301']
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from kg.errors import ReferenceDataError
from kg.reference.tables import Registration, Snapshot


@dataclass(frozen=True)
class NumberPeriod:
    """A number held by a unit from ``start`` to ``end`` (inclusive; None = open)."""

    number: str
    name: str
    start: date | None
    end: date | None
    county_number: str | None

    def valid_on(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(eq=False)
class Unit:
    """A municipality or county across the snapshots in which it exists."""

    kind: str  # "municipality" or "county"
    key: str  # IRI path segment, e.g. "0602" or "3005-2020"
    registrations: list[Registration] = field(default_factory=list)
    predecessors: list[Unit] = field(default_factory=list)
    successors: list[Unit] = field(default_factory=list)
    created: date | None = None  # set when a merger or split created the unit

    @property
    def start(self) -> date | None:
        return self.registrations[0].start

    @property
    def end(self) -> date | None:
        return self.registrations[-1].end

    @property
    def latest(self) -> Registration:
        return self.registrations[-1]

    @property
    def name(self) -> str:
        return self.latest.name

    @property
    def numbers(self) -> list[NumberPeriod]:
        """Consecutive registrations under the same number and name, merged into periods."""
        periods: list[NumberPeriod] = []
        for reg in self.registrations:
            last = periods[-1] if periods else None
            if last and (last.number, last.name, last.county_number) == (reg.number, reg.name, reg.county_number):
                periods[-1] = NumberPeriod(last.number, last.name, last.start, reg.end, last.county_number)
            else:
                periods.append(NumberPeriod(reg.number, reg.name, reg.start, reg.end, reg.county_number))
        return periods

    def valid_on(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    def __repr__(self) -> str:
        return f"<{self.kind} {self.key} {self.name}>"


Link = tuple[str, str]  # (number in the earlier snapshot, number in the later one)


def link_snapshots(kind: str, snapshots: list[Snapshot], transitions: list[list[Link]],
                   same_unit, main_links_only: bool = False) -> list[Unit]:
    """Chain snapshots into units.

    ``transitions[i]`` links the numbers of ``snapshots[i]`` to those of ``snapshots[i + 1]``; a
    link may repeat, and its count is its weight. ``same_unit(old, new, old_targets, new_sources)``
    decides whether the later number continues the earlier unit (a renumbering) or starts a new
    one. With ``main_links_only``, a created unit's predecessors are only the ended units whose
    largest part went to it, or that gave it its largest part: a county that lost one municipality
    to a new county is not that county's predecessor.
    """
    units: list[Unit] = []
    current: dict[str, Unit] = {}
    for number, reg in sorted(snapshots[0].registrations.items()):
        unit = Unit(kind, number, [reg])
        units.append(unit)
        current[number] = unit

    for (earlier, later), links in zip(zip(snapshots, snapshots[1:]), transitions):
        targets: dict[str, set[str]] = defaultdict(set)
        sources: dict[str, set[str]] = defaultdict(set)
        weights: Counter[Link] = Counter(links)
        for old, new in links:
            if old not in earlier.registrations or new not in later.registrations:
                raise ReferenceDataError(f"{kind} change {old} -> {new} ({later.label}) names an unknown number")
            targets[old].add(new)
            sources[new].add(old)
        missing = set(later.registrations) - set(sources)
        if missing:
            raise ReferenceDataError(f"{kind} numbers of {later.label} with no predecessor: {sorted(missing)}")

        following: dict[str, Unit] = {}
        for number, reg in sorted(later.registrations.items()):
            olds = sorted(sources[number])
            continuing = [old for old in olds if same_unit(old, number, targets[old], sources[number])]
            if len(continuing) > 1:
                raise ReferenceDataError(f"{kind} {number} ({later.label}) continues several units: {continuing}")
            if continuing:
                unit = current[continuing[0]]
                unit.registrations.append(reg)
            else:
                unit = Unit(kind, f"{number}-{later.start.year}", [reg], created=later.start)
                units.append(unit)
            following[number] = unit

        ended = {old for old in targets if all(following[new] is not current[old] for new in targets[old])}
        for old, news in targets.items():
            old_unit = current[old]
            for new in sorted(news):
                new_unit = following[new]
                # Only a unit created here has predecessors: a continuing unit that takes over
                # part of another (a border adjustment) does not succeed it.
                if new_unit.created != later.start or old_unit in new_unit.predecessors:
                    continue
                if main_links_only and not (
                    old in ended and (_is_main(weights, old, new, targets[old], to_target=True)
                                      or _is_main(weights, old, new, sources[new], to_target=False))):
                    continue
                new_unit.predecessors.append(old_unit)
                old_unit.successors.append(new_unit)
        current = following

    keys = [unit.key for unit in units]
    if len(keys) != len(set(keys)):
        raise ReferenceDataError(f"{kind} keys are not unique")
    for unit in units:
        if unit.created:  # the units it replaced end the day before
            for old in unit.predecessors:
                if old.end is not None and old.end != unit.created - timedelta(days=1):
                    raise ReferenceDataError(f"{old} ends {old.end}, but {unit} starts {unit.created}")
    return units


def _is_main(weights: Counter, old: str, new: str, others: set[str], to_target: bool) -> bool:
    """Whether the old -> new link is (one of) the heaviest among ``old``'s targets or ``new``'s sources."""
    def weight(other: str) -> int:
        return weights[(old, other)] if to_target else weights[(other, new)]
    return weight(new if to_target else old) == max(weight(other) for other in others)


def one_to_one(old: str, new: str, old_targets: set[str], new_sources: set[str]) -> bool:
    """Municipality rule: a number continues a unit only if it is that unit's sole successor and
    the unit is its sole predecessor; anything else is a merger or a split."""
    return old_targets == {new} and new_sources == {old}


def same_number(old: str, new: str, old_targets: set[str], new_sources: set[str]) -> bool:
    """County rule: a county continues while its number does. Border adjustments that move one
    municipality (Hornindal from Sogn og Fjordane to Møre og Romsdal in 2020) do not end it."""
    return old == new
