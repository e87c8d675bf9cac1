"""Names of municipalities, counties and towns, resolved to the unit valid on a given day.

Built from the reference model (official, Nynorsk and Sami names of every municipality and county
since 2019) and ``data/places.csv`` (towns and villages whose name differs from their municipality,
such as Florø or Mjøndalen, and aliases such as "hovudstaden"). A name of a unit that had ended by the day resolves to its successor,
so "Nedre Eiker" in a 2015 article is the pre-2020 municipality and in a 2021 article is Drammen.

>>> from datetime import date
>>> g = Gazetteer.default()
>>> g.resolve("Drammens", date(2021, 6, 1)).number
'3005'
>>> g.resolve("Nedre Eiker", date(2015, 3, 1)).name
'Nedre Eiker'
>>> g.resolve("Florø", date(2010, 1, 1)).number
'1401'
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache

from kg.assets import asset_path
from kg.reference.model import load_reference
from kg.reference.timeline import NumberPeriod, Unit


@dataclass(frozen=True)
class Resolved:
    """A unit as it was on the day asked about: its name and number then."""

    kind: str  # "municipality" or "county"
    unit: Unit | None  # None when the name is ambiguous
    name: str  # the official name on the day (for a town: the town's name as written)
    number: str | None
    mention: str  # the name as written, without a genitive ending

    @property
    def key(self) -> str:
        """A key that identifies the unit (or the name, when unresolved)."""
        return f"{self.kind}:{self.unit.key}" if self.unit else f"{self.kind}-name:{self.name}"


@dataclass(frozen=True)
class _Entry:
    kind: str
    unit: Unit
    is_place: bool  # a town or village, not the unit's own name


class Gazetteer:
    """Every known name form → the units it may denote."""

    def __init__(self, entries: dict[str, list[_Entry]]):
        self._entries = entries
        # articles name the same places on the same days over and over; bounded, so memory stays flat
        self._resolve_cached = lru_cache(maxsize=1 << 15)(self._resolve)

    @classmethod
    @cache
    def default(cls) -> Gazetteer:
        reference = load_reference()
        entries: dict[str, list[_Entry]] = defaultdict(list)

        def add(name: str, entry: _Entry) -> None:
            if name and entry not in entries[name]:
                entries[name].append(entry)

        for kind, units in (("municipality", reference.municipalities), ("county", reference.counties)):
            for unit in units:
                for reg in unit.registrations:
                    for name in (reg.name, *reg.other_names.values(), *reg.official_name.split(" - ")):
                        add(name.strip(), _Entry(kind, unit, False))
        with asset_path("data", "places.csv").open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                unit = reference.municipality_by_number(row["municipality_number_2019"], date(2019, 6, 1))
                # an alias ("hovudstaden") stands for the municipality itself; a town keeps its name
                add(row["place"], _Entry("municipality", unit, row["kind"] == "town"))
        return cls(dict(entries))

    def names(self) -> list[str]:
        """Every name form known (without genitive endings)."""
        return sorted(self._entries)

    def base_form(self, surface: str) -> str | None:
        """``surface`` without a genitive ending, if that is a known name ("Drammens" → "Drammen")."""
        for candidate in (surface, surface[:-1] if surface.endswith(("s", "'")) else None,
                          surface[:-2] if surface.endswith("'s") else None):
            if candidate and candidate in self._entries:
                return candidate
        return None

    def is_name(self, surface: str) -> bool:
        return self.base_form(surface) is not None

    def kinds(self, surface: str) -> set[str]:
        base = self.base_form(surface)
        return {entry.kind for entry in self._entries.get(base, ())} if base else set()

    def resolve(self, surface: str, day: date | None, kind: str | None = None,
                counties: frozenset[str] = frozenset(), era: str | None = None) -> Resolved | None:
        """The unit ``surface`` denotes on ``day`` (today if None), of ``kind`` if given.

        Ambiguous names (Våler, Nes, Herøy …) are settled by ``counties``, the county numbers the
        article mentions; if that does not settle them, the result has no unit or number.
        ``era`` "old" ("gamle Ullensvang", a former holder's post) keeps a unit that had ended by
        the day; "new" ("nye Ullensvang") means a unit created within three years after the day.
        A name whose unit had ended resolves to a unit re-established under the same name within
        two years (Haram, 2024) before its successor under another name (Ålesund).
        """
        return self._resolve_cached(surface, day or date.today(), kind, frozenset(counties), era)

    def _resolve(self, surface: str, day: date, kind: str | None, counties: frozenset[str],
                 era: str | None) -> Resolved | None:
        base = self.base_form(surface)
        if base is None:
            return None
        candidates = [e for e in self._entries[base] if kind is None or e.kind == kind]
        if not candidates:
            return None
        if kind is None and len({e.kind for e in candidates}) > 1:
            candidates = [e for e in candidates if e.kind == "municipality"]
        if era == "new":
            future = [e for e in candidates if e.unit.start and day < e.unit.start <= date(day.year + 3, 12, 31)]
            if len(future) == 1:
                return self._resolved(future[0], future[0].unit, future[0].unit.start, base)
        on_day = {}
        for entry in candidates:
            if era == "old" and entry.unit.end is not None and entry.unit.end < day:
                unit = entry.unit  # "gamle Ullensvang", a former holder's Skedsmo: the unit as it was
            else:
                unit = _valid_on(entry.unit, day)
            if unit is not None and unit is not entry.unit and not entry.is_place:
                # the unit had ended: is the name re-established soon after?
                again = [e for e in candidates if e.unit.start and day < e.unit.start <= date(day.year + 2, 12, 31)
                         and e.unit.name == base]
                if len(again) == 1:
                    entry, unit = again[0], again[0].unit
            if unit is not None:
                on_day[unit.key] = (entry, unit)
        if not on_day:
            return None
        if len(on_day) > 1 and counties:
            narrowed = {k: v for k, v in on_day.items() if county_on(v[1], day) in counties}
            on_day = narrowed or on_day
        if len(on_day) > 1:
            # names that are both a unit's own name and a town elsewhere: the unit wins
            own = {k: v for k, v in on_day.items() if not v[0].is_place}
            on_day = own or on_day
        if len(on_day) > 1:
            return Resolved(candidates[0].kind, None, base, None, base)
        entry, unit = next(iter(on_day.values()))
        return self._resolved(entry, unit, day, base)

    @staticmethod
    def _resolved(entry: _Entry, unit: Unit, day: date, base: str) -> Resolved:
        periods = _numbers(unit)
        period = next((p for p in periods if p.valid_on(day)), None)
        if period is None:  # a unit outside its lifetime ("gamle …", "nye …"): its nearest period
            period = periods[-1] if unit.end is not None and unit.end < day else periods[0]
        name = base if entry.is_place and unit is entry.unit else period.name
        return Resolved(entry.kind, unit, name, period.number, base)


def _valid_on(unit: Unit, day: date) -> Unit | None:
    """``unit`` if it existed on ``day``, else its sole successor (transitively) that did."""
    seen = 0
    while not unit.valid_on(day):
        if unit.end is not None and unit.end < day and len(unit.successors) == 1 and seen < 5:
            unit, seen = unit.successors[0], seen + 1
            continue
        return None
    return unit


def county_on(unit: Unit, day: date) -> str | None:
    """The number of the county ``unit`` (a municipality) belonged to on ``day``."""
    period = next((p for p in _numbers(unit) if p.valid_on(day)), None)
    return period.county_number if period else None


@lru_cache(maxsize=4096)
def _numbers(unit: Unit) -> list[NumberPeriod]:
    """``unit.numbers``, which is worked out afresh on every call; units do not change once loaded."""
    return unit.numbers
