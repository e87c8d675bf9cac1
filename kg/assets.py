"""Find the files kommunegraf ships: ontology, reference data and canned queries.

In a wheel they are package data under ``kg/_assets``; in a source checkout they are the top-level
``ontology/``, ``data/`` and ``queries/`` folders. Callers never need to know which.

>>> asset_path("ontology", "kommunegraf.ttl").name
'kommunegraf.ttl'
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def asset_root() -> Path:
    """The folder that holds ``ontology/``, ``data/`` and ``queries/``."""
    installed = _PACKAGE_DIR / "_assets"
    if (installed / "ontology").is_dir():
        return installed
    return _PACKAGE_DIR.parent


def asset_path(*parts: str) -> Path:
    """Path of a shipped file, e.g. ``asset_path("queries", "counties.rq")``."""
    return asset_root().joinpath(*parts)
