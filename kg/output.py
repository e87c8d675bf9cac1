"""Write query results in the formats every command shares.

SELECT results: ``table`` (for people), ``csv`` and ``tsv`` (SPARQL 1.1 CSV/TSV), ``json`` and ``xml``
(SPARQL 1.1 Query Results JSON and XML). Graph results: ``turtle``, ``ntriples``, ``jsonld``. ASK: ``true``/``false``.

>>> from kg.query import QueryResult
>>> import pyoxigraph as ox
>>> print(format_result(QueryResult("select", ["n"], [(ox.Literal("1"),)]), "csv"), end="")
n
1
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

SELECT_FORMATS = ("table", "csv", "tsv", "json", "xml")
GRAPH_FORMATS = ("turtle", "ntriples", "jsonld")
FORMATS = SELECT_FORMATS + GRAPH_FORMATS
_RDF_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD}
_TABLE_CELL = 60  # characters; longer values (sentences) are cut in tables only


def shorten(iri: str) -> str:
    """``https://w3id.org/kommunegraf/id/municipality/0602`` -> ``kgr:municipality/0602``."""
    best = ""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(namespace) > len(PREFIXES.get(best, "")):
            best = prefix
    return f"{best}:{iri[len(PREFIXES[best]):]}" if best else iri


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
    return {"table": _table, "csv": _csv, "tsv": _tsv, "json": _json, "xml": _xml}[fmt](result)


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


def format_rows(rows: list[dict], fmt: str) -> str:
    """Plain records (as :mod:`kg.analysis` returns them) as ``table``, ``csv`` or ``json``."""
    columns = list(rows[0]) if rows else []
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=1) + "\n"
    text = [["" if row.get(c) is None else str(row[c]) for c in columns] for row in rows]
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(columns)
        writer.writerows(text)
        return out.getvalue()
    return _aligned(columns, text)


def _csv(result: QueryResult) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # SPARQL 1.1 CSV uses CRLF
    writer.writerow(result.variables)
    writer.writerows([_plain(term) for term in row] for row in result.rows)
    return out.getvalue()


def _tsv(result: QueryResult) -> str:
    # SPARQL 1.1 TSV: terms in Turtle/N-Triples syntax, which pyoxigraph's str() gives.
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    lines += ["\t".join("" if term is None else str(term) for term in row) for row in result.rows]
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
