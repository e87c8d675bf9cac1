"""The reference model: every municipality and county since 2019, with numbers over time.

This is the Python face of the reference data, used to build the reference graph and (later) to
resolve names in articles to the unit valid on the article's date.

>>> from datetime import date
>>> ref = load_reference()
>>> len(ref.municipalities_on(date(2024, 6, 1))), len(ref.counties_on(date(2021, 6, 1)))
(357, 11)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from kg.errors import ReferenceDataError
from kg.reference.tables import (
    read_county_snapshots,
    read_municipality_changes,
    read_municipality_snapshots,
)
from kg.reference.timeline import Unit, link_snapshots, one_to_one, same_number


@dataclass(frozen=True)
class Reference:
    municipalities: tuple[Unit, ...]
    counties: tuple[Unit, ...]

    def municipalities_on(self, day: date) -> list[Unit]:
        return [unit for unit in self.municipalities if unit.valid_on(day)]

    def counties_on(self, day: date) -> list[Unit]:
        return [unit for unit in self.counties if unit.valid_on(day)]

    def municipality_by_number(self, number: str, day: date | None = None) -> Unit:
        """The municipality that had ``number`` on ``day`` (or at any time, if ``day`` is None)."""
        return _by_number(self.municipalities, number, day)

    def county_by_number(self, number: str, day: date | None = None) -> Unit:
        return _by_number(self.counties, number, day)


def _by_number(units, number: str, day: date | None) -> Unit:
    found = [
        unit for unit in units for period in unit.numbers
        if period.number == number and (day is None or period.valid_on(day))
    ]
    if len(found) != 1:
        when = f" on {day}" if day else ""
        raise KeyError(f"{len(found)} units had number {number}{when}")
    return found[0]


@cache
def load_reference(folder: Path | None = None) -> Reference:
    """Read and link the reference tables (cached; pass ``folder`` to use other tables)."""
    municipality_snapshots = read_municipality_snapshots(folder)
    changes = read_municipality_changes(folder)
    municipalities = link_snapshots(
        "municipality", municipality_snapshots,
        [[(c.from_number, c.to_number) for c in table] for table in changes], one_to_one)
    _check_change_types(municipalities, changes)

    # County transitions follow from where the municipalities went: the first two digits of a
    # kommunenummer are its county number.
    county_links = [[(c.from_number[:2], c.to_number[:2]) for c in table] for table in changes]
    counties = link_snapshots("county", read_county_snapshots(folder), county_links, same_number,
                              main_links_only=True)
    return Reference(tuple(municipalities), tuple(counties))


def _check_change_types(units: list[Unit], changes) -> None:
    """The change tables label each row; the structure we derived must agree with the labels."""
    created = {(p.number, unit.created) for unit in units if unit.created for p in unit.numbers[:1]}
    for table in changes:
        for change in table:
            is_new = (change.to_number, change.effective) in created
            if is_new != (change.change_type in {"merged", "split"}):
                raise ReferenceDataError(
                    f"change {change.from_number} -> {change.to_number} is labelled "
                    f"{change.change_type!r} but the tables make it {'new' if is_new else 'continuing'}")
