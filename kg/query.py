"""Canned and ad-hoc SPARQL queries: find them, bind parameters safely, run them.

A canned query is ``queries/<name>.rq`` whose header comment declares its title, description and
parameters::

    # title: Municipalities on a date
    # description: Every municipality valid on the date, with its number and county.
    # param: date (date, default: today) The day to look at, YYYY-MM-DD.
    # param: county (string, optional) County number or name.

Parameter values are turned into RDF terms of the declared type and bound with a ``VALUES``
clause at the start of the outermost ``WHERE`` group, and of each subquery that uses the variable:
they are never pasted into the query text, so a value holding quotes, braces or SPARQL keywords
stays a value.

>>> from kg.store import open_store
>>> result = run_query(open_store(":memory:"), "counties", {"date": "2024-06-01"})
>>> len(result.rows)
15
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from kg.assets import asset_path
from kg import outbound
from kg.errors import InputError, ParameterError, ReadOnlyQueryError, StoreError, UnknownQueryError
from kg.store import Store, one_line

PARAM_TYPES = ("date", "string", "integer", "iri")
_XSD = "http://www.w3.org/2001/XMLSchema#"


@dataclass(frozen=True)
class Param:
    name: str
    type: str = "string"
    required: bool = True
    default: str | None = None
    description: str = ""

    def describe(self) -> str:
        need = "required" if self.required else (f"default: {self.default}" if self.default else "optional")
        return f"{self.name} ({self.type}, {need})"


@dataclass(frozen=True)
class Query:
    """A SPARQL query with its declared parameters (``declared`` is False for headerless text)."""

    name: str
    text: str
    title: str = ""
    description: str = ""
    params: tuple[Param, ...] = ()
    declared: bool = False
    path: Path | None = None

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


@dataclass
class QueryResult:
    """What a query returned: ``kind`` is ``select``, ``ask``, ``graph`` or ``update``."""

    kind: str
    variables: list[str] = field(default_factory=list)
    rows: list[tuple] = field(default_factory=list)  # pyoxigraph terms, None where unbound
    boolean: bool | None = None
    triples: list = field(default_factory=list)  # pyoxigraph Triples

    def records(self) -> list[dict[str, str | None]]:
        """Rows as dicts of plain strings, handy in notebooks and tests."""
        return [{v: (t.value if t is not None else None) for v, t in zip(self.variables, row)}
                for row in self.rows]


# -- parsing query files --------------------------------------------------------------------------

_HEADER = re.compile(r"^#\s*(title|description|param)\s*:\s*(.*)$")
_PARAM = re.compile(r"^(?P<name>[A-Za-z_]\w*)\s*\((?P<spec>[^)]*)\)\s*(?P<text>.*)$")


def parse_query(text: str, name: str = "query", path: Path | None = None) -> Query:
    """Read the header comment of a query (if any) and return a :class:`Query`."""
    title = description = ""
    params: list[Param] = []
    declared = False
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        match = _HEADER.match(line)
        if not match:
            continue
        declared = True
        key, value = match.group(1), match.group(2).strip()
        if key == "title":
            title = value
        elif key == "description":
            description = f"{description} {value}".strip()
        else:
            params.append(_parse_param(value, f"{path or name}:{number}"))
    return Query(name, text, title, description, tuple(params), declared, path)


def _parse_param(value: str, where: str) -> Param:
    match = _PARAM.match(value)
    if not match:
        raise InputError(f"{where}: parameter line must read 'NAME (TYPE[, optional|default: X]) text'")
    parts = [part.strip() for part in match.group("spec").split(",")]
    kind, flags = parts[0], parts[1:]
    if kind not in PARAM_TYPES:
        raise InputError(f"{where}: parameter type {kind!r} is not one of {', '.join(PARAM_TYPES)}")
    default = next((flag.split(":", 1)[1].strip() for flag in flags if flag.startswith("default:")), None)
    required = "optional" not in flags and default is None
    return Param(match.group("name"), kind, required, default, match.group("text").strip())


def queries_dir() -> Path:
    return asset_path("queries")


def list_queries() -> list[Query]:
    """Every canned query, by name."""
    return [parse_query(path.read_text(encoding="utf-8"), path.stem, path)
            for path in sorted(queries_dir().glob("*.rq"))]


def get_query(name: str) -> Query:
    """A canned query by name (``counties``), or a query file by path (``my.rq``)."""
    path = Path(name)
    if name.endswith(".rq") or path.suffix or "/" in name:
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError as error:
            raise InputError(f"{name}: no such query file") from error
        except (OSError, UnicodeDecodeError) as error:
            raise InputError(f"{name}: cannot read query file ({error})") from error
        return parse_query(text, path.stem, path)
    canned = queries_dir() / f"{name}.rq"
    if not canned.is_file():
        raise UnknownQueryError(name, [query.name for query in list_queries()])
    return parse_query(canned.read_text(encoding="utf-8"), name, canned)


# -- binding --------------------------------------------------------------------------------------

def _term(param: Param, value: str, query: Query) -> ox.NamedNode | ox.Literal:
    where = f"parameter {param.name} of {query.name}"
    if param.type == "date":
        if value == "today":
            value = date.today().isoformat()
        try:
            date.fromisoformat(value)
        except ValueError:
            raise ParameterError(f"{where}: {value!r} is not a date YYYY-MM-DD") from None
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ParameterError(f"{where}: {value!r} is not a date YYYY-MM-DD")
        return ox.Literal(value, datatype=ox.NamedNode(_XSD + "date"))
    if param.type == "integer":
        if not re.fullmatch(r"[+-]?\d+", value):
            raise ParameterError(f"{where}: {value!r} is not a whole number")
        return ox.Literal(str(int(value)), datatype=ox.NamedNode(_XSD + "integer"))
    if param.type == "iri":
        try:
            return ox.NamedNode(value)
        except ValueError:
            raise ParameterError(f"{where}: {value!r} is not an absolute IRI") from None
    return ox.Literal(value)


_TOKENS = re.compile(
    r"""(?P<skip>\#[^\n]*|<[^<>"{}|^`\\\x00-\x20]*>|"{3}.*?"{3}|'{3}.*?'{3}|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
      |(?P<where>\bWHERE\b)|(?P<brace>\{)|(?P<close>\})|(?P<paren>[()])|(?P<var>[?$][A-Za-z_0-9\u00B7-\uFFFF]+)
      |(?P<form>(?<![:\w-])(?:SELECT|ASK|CONSTRUCT|DESCRIBE)\b)""",
    re.IGNORECASE | re.DOTALL | re.VERBOSE,
)
_UPDATE_KEYWORDS = re.compile(r"^(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.IGNORECASE)
_PROLOGUE = re.compile(r"\A(?:\s+|\#[^\n]*|(?:PREFIX\s+[\w.-]*:\s*|BASE\s+)<[^>]*>)*", re.IGNORECASE)


def is_update(text: str) -> bool:
    """Whether the text is a SPARQL update rather than a query."""
    return bool(_UPDATE_KEYWORDS.match(text[_PROLOGUE.match(text).end():]))


@lru_cache(maxsize=256)
def _where_groups(text: str) -> tuple[tuple[int, frozenset[str]], ...]:
    """The WHERE groups of the query and of each subquery: the offset just after the ``{`` that opens
    each, with the variables used inside it. The outermost group comes first. Cached: scanning the
    text costs about as much as a lookup query itself."""
    groups: list[tuple[int, set[str]]] = []
    open_groups: list[tuple[int, int]] = []  # (index in groups, brace depth it opened at)
    depth = parens = 0
    form = ""  # the query form whose WHERE group is still to come
    seen_where = False
    for match in _TOKENS.finditer(text):
        kind = match.lastgroup
        if kind == "form" and not form and (not groups or match.group().upper() == "SELECT"):
            form, seen_where, parens = match.group().upper(), False, 0
        elif kind == "where":
            seen_where = True
        elif kind == "paren" and form:
            # a brace inside a projection's parentheses (EXISTS { ... } AS ?x) is not the group
            parens += 1 if match.group() == "(" else -1
        elif kind == "brace":
            depth += 1
            if form and parens == 0 and (seen_where or form in {"SELECT", "ASK", "DESCRIBE"}):
                open_groups.append((len(groups), depth))
                groups.append((match.end(), set()))
                form = ""
        elif kind == "close":
            if open_groups and open_groups[-1][1] == depth:
                open_groups.pop()
            depth -= 1
        elif kind == "var":
            for index, _ in open_groups:
                groups[index][1].add(match.group()[1:])
    if not groups:
        raise InputError("cannot bind parameters: the query has no WHERE group")
    return tuple((at, frozenset(used)) for at, used in groups)


def bind(query: Query, values: dict[str, str]) -> str:
    """The query text with ``values`` bound; checks names, required parameters and value forms."""
    bound: dict[str, ox.NamedNode | ox.Literal] = {}
    if query.declared:
        known = {p.name for p in query.params}
        for name in values:
            if name not in known:
                listed = ", ".join(sorted(known)) or "none"
                raise ParameterError(f"query {query.name} has no parameter {name!r} (parameters: {listed})")
        for param in query.params:
            value = values.get(param.name, param.default)
            if value is None:
                if param.required:
                    raise ParameterError(
                        f"query {query.name} needs --param {param.name}=VALUE ({param.type}: {param.description})")
                continue
            bound[param.name] = _term(param, value, query)
    else:
        for name, value in values.items():
            if not re.search(rf"[?$]{re.escape(name)}\b", query.text):
                raise ParameterError(f"query {query.name} has no variable ?{name} to bind")
            bound[name] = _term(Param(name), value, query)
    if not bound:
        return query.text
    text = query.text
    (outer, _), *subqueries = _where_groups(text)
    # A parameter is a constant of the whole query, so a subquery that uses the variable gets the
    # value too (a subquery does not see the outer group's bindings). Oxigraph also plans a subquery
    # that starts from a few known values as lookups rather than scans.
    inserts = [(outer, list(bound))] + [(at, [name for name in bound if name in used]) for at, used in subqueries]
    for at, names in sorted(inserts, reverse=True):
        if names:
            variables = " ".join(f"?{name}" for name in names)
            terms = " ".join(str(bound[name]) for name in names)
            # On the same line as the brace, so parse errors keep the line numbers of the user's text.
            text = f"{text[:at]} VALUES ({variables}) {{ ({terms}) }} {text[at:]}"
    return text


# -- running --------------------------------------------------------------------------------------

def run_query(store: Store, query: Query | str, params: dict[str, str] | None = None,
              allow_update: bool = False, allow_service: tuple[str, ...] = ()) -> QueryResult:
    """Run a canned query (by name), a query file (by path) or a :class:`Query` over ``store``.

    ``SERVICE`` and ``LOAD`` may reach only the hosts in ``allow_service`` (see :mod:`kg.outbound`).
    """
    if isinstance(query, str):
        query = get_query(query)
    outbound.check(query.text, allow_service)
    if is_update(query.text):
        if not allow_update:
            raise ReadOnlyQueryError(f"{query.name} is a SPARQL update; pass --allow-update to change the store")
        store.apply_update(bind(query, params or {}) if params else query.text)
        return QueryResult("update")
    result = store.query(bind(query, params or {}))
    try:
        if isinstance(result, (bool, ox.QueryBoolean)):
            return QueryResult("ask", boolean=bool(result))
        if isinstance(result, ox.QuerySolutions):
            variables = [v.value for v in result.variables]
            rows = [tuple(solution[v] for v in variables) for solution in result]
            return QueryResult("select", variables, rows)
        return QueryResult("graph", triples=list(result))
    except OSError as error:  # Oxigraph evaluates lazily: a SERVICE call fails while rows are read
        raise StoreError(f"query {query.name} failed while running: {one_line(error)}") from error
