"""Read the shipped reference tables (``data/reference/*.csv``) into plain records.

Each code list (2019, 2020–2023, 2024–) becomes a :class:`Snapshot` of :class:`Registration` rows;
each change table becomes a list of :class:`Change` rows. No interpretation happens here.

>>> snapshots = read_municipality_snapshots()
>>> [len(s.registrations) for s in snapshots]
[422, 356, 357]
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from kg.assets import asset_path
from kg.errors import ReferenceDataError

#: Language tags of the name columns (BCP 47: North Sami has the two-letter code ``se``).
NAME_LANGUAGES = {"name_sme": "se", "name_sma": "sma", "name_smj": "smj", "name_fkv": "fkv"}


@dataclass(frozen=True)
class Registration:
    """One row of a code list: a number as it applied to one unit in one period."""

    number: str
    name: str
    official_name: str
    start: date | None
    end: date | None
    county_number: str | None = None
    other_names: dict[str, str] = field(default_factory=dict)  # language tag -> name
    wikidata: str | None = None
    org_number: str | None = None
    legal_name: str | None = None
    population: tuple[tuple[date, int], ...] = ()


@dataclass(frozen=True)
class Snapshot:
    """A code list valid for a period: every municipality (or county) of that structure."""

    label: str
    start: date | None
    end: date | None
    registrations: dict[str, Registration]


@dataclass(frozen=True)
class Change:
    """One row of a change table: ``from_number`` went (partly) to ``to_number``."""

    from_number: str
    to_number: str
    change_type: str
    effective: date


def reference_dir() -> Path:
    return asset_path("data", "reference")


def _rows(name: str, folder: Path | None) -> list[dict[str, str]]:
    path = (folder or reference_dir()) / name
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]
    except FileNotFoundError as error:
        raise ReferenceDataError(f"{path}: reference table missing") from error


def _date(value: str, where: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise ReferenceDataError(f"{where}: {value!r} is not a date YYYY-MM-DD") from error


def _norwegian_part(name: str) -> str:
    """``Troms - Romsa`` -> ``Troms`` (2019 county names carry the Sami form after a dash)."""
    return name.split(" - ")[0]


def _registration(row: dict[str, str], snapshot_start: date | None, snapshot_end: date | None,
                  where: str, number_key: str = "municipality_number",
                  population: dict[str, tuple[tuple[date, int], ...]] | None = None) -> Registration:
    number = row[number_key]
    name = row.get("name", "")
    official = row.get("official_name") or name
    if " - " in name:  # only 2019 county names: keep the Norwegian part as the name
        name = _norwegian_part(name)
    row_start = _date(row.get("valid_from", ""), where)
    row_end = _date(row.get("valid_to", ""), where)
    return Registration(
        number=number,
        name=name,
        official_name=official,
        start=row_start if row_start and (snapshot_start is None or row_start > snapshot_start) else snapshot_start,
        end=snapshot_end if row_end is None or (snapshot_end and row_end > snapshot_end) else row_end,
        county_number=row.get("county_number") or None,
        other_names={tag: row[col] for col, tag in NAME_LANGUAGES.items() if row.get(col)},
        wikidata=row.get("wikidata") or None,
        org_number=row.get("org_number") or None,
        legal_name=row.get("org_registered_name") or None,
        population=(population or {}).get(number, ()),
    )


def _snapshot(label: str, table: str, start: date | None, end: date | None, folder: Path | None,
              number_key: str, population=None) -> Snapshot:
    registrations: dict[str, Registration] = {}
    for line, row in enumerate(_rows(table, folder), start=2):
        reg = _registration(row, start, end, f"{table}:{line}", number_key, population)
        if not reg.number.isdigit():
            raise ReferenceDataError(f"{table}:{line}: number {reg.number!r} is not digits")
        if reg.number in registrations:
            raise ReferenceDataError(f"{table}:{line}: number {reg.number} appears twice")
        registrations[reg.number] = reg
    return Snapshot(label, start, end, registrations)


# The three structures the reference data describes, with the periods they cover.
PERIODS = [
    ("2019", None, date(2019, 12, 31)),
    ("2020", date(2020, 1, 1), date(2023, 12, 31)),
    ("2024", date(2024, 1, 1), None),
]


def read_population(folder: Path | None = None) -> dict[str, tuple[tuple[date, int], ...]]:
    """Population on 1 January by 2024 municipality number: ``{"0301": ((2024-01-01, 717710), ...)}``."""
    found: dict[str, list[tuple[date, int]]] = {}
    for line, row in enumerate(_rows("population_2024_structure.csv", folder), start=2):
        when = _date(row["reference_date"], f"population_2024_structure.csv:{line}")
        found.setdefault(row["municipality_number"], []).append((when, int(row["population"])))
    return {number: tuple(sorted(values)) for number, values in found.items()}


def read_municipality_snapshots(folder: Path | None = None) -> list[Snapshot]:
    """The 2019, 2020–2023 and 2024– municipality code lists, oldest first."""
    tables = ["municipalities_2019.csv", "municipalities_2020_2023.csv", "municipalities_2024.csv"]
    population = read_population(folder)
    return [
        _snapshot(label, table, start, end, folder, "municipality_number",
                  population if label == "2024" else None)
        for (label, start, end), table in zip(PERIODS, tables)
    ]


def read_county_snapshots(folder: Path | None = None) -> list[Snapshot]:
    """The 2019, 2020–2023 and 2024– county code lists, oldest first."""
    tables = ["counties_2019.csv", "counties_2020_2023.csv", "counties_2024.csv"]
    return [
        _snapshot(label, table, start, end, folder, "county_number")
        for (label, start, end), table in zip(PERIODS, tables)
    ]


def read_municipality_changes(folder: Path | None = None) -> list[list[Change]]:
    """The 2019→2020 and 2020→2024 change tables, in that order."""
    result = []
    for table in ["municipality_changes_2019_2020.csv", "municipality_changes_2020_2024.csv"]:
        changes = []
        for line, row in enumerate(_rows(table, folder), start=2):
            effective = _date(row["effective_date"], f"{table}:{line}")
            changes.append(Change(row["from_number"], row["to_number"], row["change_type"], effective))
        result.append(changes)
    return result
