"""Read the heads of government of Norwegian municipalities from a Wikidata-compatible SPARQL endpoint.

Wikidata models them as ``p:P6`` ("head of government") statements on items that are instances of
"municipality of Norway" (``wdt:P31 wd:Q755707``) with a kommunenummer (``P2504``); a statement's
period is in its ``pq:P580`` (start time) and ``pq:P582`` (end time) qualifiers. Deprecated
statements are left out. Only standard SPARQL is used (labels from ``rdfs:label``, not Wikidata's
label service), so any endpoint holding data modelled the same way answers, such as the test
fixture in ``tests/fixtures/wikidata.ttl``.

The public endpoint asks clients to name themselves and to go easy on it: every request carries a
descriptive User-Agent, requests are spaced at least ``min_interval`` seconds apart, and overload
answers (429, 503) are retried after the pause the server asks for.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from kg.errors import InputError, StoreError

DEFAULT_ENDPOINT = "https://query.wikidata.org/sparql"
MUNICIPALITY_OF_NORWAY = "http://www.wikidata.org/entity/Q755707"

#: Name languages read from Wikidata, in order of preference.
LANGUAGES = ("nb", "nn", "no", "en", "se")

HEADS_OF_GOVERNMENT = """
PREFIX wd: <http://www.wikidata.org/entity/>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
PREFIX p: <http://www.wikidata.org/prop/>
PREFIX ps: <http://www.wikidata.org/prop/statement/>
PREFIX pq: <http://www.wikidata.org/prop/qualifier/>
PREFIX wikibase: <http://wikiba.se/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?item ?number ?statement ?person ?name (LANG(?name) AS ?language) ?start ?end WHERE {
  ?item wdt:P31 wd:Q755707 ;
        p:P6 ?statement .
  ?statement ps:P6 ?person .
  FILTER NOT EXISTS { ?statement wikibase:rank wikibase:DeprecatedRank }
  OPTIONAL { ?item p:P2504/ps:P2504 ?number }
  OPTIONAL { ?statement pq:P580 ?start }
  OPTIONAL { ?statement pq:P582 ?end }
  OPTIONAL { ?person rdfs:label ?name FILTER (LANG(?name) IN ("nb", "nn", "no", "en", "se")) }
}
"""


@dataclass(frozen=True)
class HeadOfGovernment:
    """One P6 statement: ``person`` headed the municipality ``item`` from ``start`` to ``end``."""

    statement: str
    item: str
    numbers: frozenset[str]
    person: str
    names: tuple[tuple[str, str], ...]  # (name, language), preferred language first
    start: date | None
    end: date | None

    @property
    def name(self) -> str:
        return self.names[0][0] if self.names else self.person.rsplit("/", 1)[-1]


def _day(value: str | None) -> date | None:
    """A Wikidata time ("2019-10-17T00:00:00Z") as a date; None for none or one out of range."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


class WikidataClient:
    """A polite SPARQL client: names itself, spaces its requests, retries on overload."""

    def __init__(self, endpoint: str = DEFAULT_ENDPOINT, *, timeout: float = 120.0, min_interval: float = 1.0):
        self.endpoint = endpoint
        self.timeout = timeout
        self.min_interval = min_interval
        self._last = 0.0
        self._lock = threading.Lock()

    def select(self, sparql: str) -> list[dict[str, str]]:
        """Rows of a SELECT query as dicts of plain strings (unbound variables absent)."""
        from kg.remote import RemoteStore

        with self._lock:
            pause = self._last + self.min_interval - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            try:
                results = RemoteStore(self.endpoint, timeout=self.timeout).query(sparql)
                names = [variable.value for variable in results.variables]
                return [{name: row[name].value for name in names if row[name] is not None} for row in results]
            except StoreError as error:
                raise StoreError(f"Wikidata endpoint: {error}") from error
            finally:
                self._last = time.monotonic()

    def heads_of_government(self) -> list[HeadOfGovernment]:
        """Every non-deprecated P6 statement on a municipality of Norway."""
        grouped: dict[str, dict] = {}
        numbers: dict[str, set[str]] = defaultdict(set)
        for row in self.select(HEADS_OF_GOVERNMENT):
            if "statement" not in row or "person" not in row:
                raise InputError(f"{self.endpoint}: the answer lacks statement or person bindings")
            entry = grouped.setdefault(row["statement"], {"row": row, "names": set()})
            if "number" in row:
                numbers[row["item"]].add(row["number"])
            if "name" in row:
                entry["names"].add((row["name"], row.get("language", "")))
        heads = []
        for statement, entry in grouped.items():
            row = entry["row"]
            names = sorted(entry["names"], key=lambda pair: (
                LANGUAGES.index(pair[1]) if pair[1] in LANGUAGES else len(LANGUAGES), pair[0]))
            heads.append(HeadOfGovernment(statement, row["item"], frozenset(numbers[row["item"]]), row["person"],
                                          tuple(names), _day(row.get("start")), _day(row.get("end"))))
        return sorted(heads, key=lambda head: (head.item, head.start or date.min, head.statement))
