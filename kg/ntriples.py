r"""A set of RDF triples held as plain strings, written out as N-Triples text or as an rdflib Graph.

Building an rdflib ``Graph`` and serialising it costs far more than the triples are worth when all
that is wanted is N-Triples for the store: ``URIRef`` and ``Literal`` hash and compare slowly. Here
a triple is a tuple of ``str``; the text is escaped exactly as rdflib's N-Triples serialiser does.

>>> t = Triples()
>>> t.add("http://ex.org/a", "http://ex.org/p", "http://ex.org/b")
>>> t.add_literal("http://ex.org/a", "http://ex.org/name", 'Kari "K" Holm', lang="nb")
>>> t.add_value("http://ex.org/a", "http://ex.org/n", 3)
>>> t.add("http://ex.org/a", "http://ex.org/p", "http://ex.org/b")  # already there: a set
>>> print(t.ntriples(), end="")
<http://ex.org/a> <http://ex.org/p> <http://ex.org/b> .
<http://ex.org/a> <http://ex.org/name> "Kari \"K\" Holm"@nb .
<http://ex.org/a> <http://ex.org/n> "3"^^<http://www.w3.org/2001/XMLSchema#integer> .
>>> len(t), len(t.graph())
(3, 3)
"""

from __future__ import annotations

XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"


class Triples:
    r"""A set of triples whose subjects and predicates are IRIs given as plain strings.

    IRIs are written as given, unchecked: callers pass IRIs they minted or validated (N-Triples
    forbids spaces, ``<>"{}|^`\`` and control characters in them).
    """

    __slots__ = ("_triples",)

    def __init__(self) -> None:
        # (subject, predicate, object, kind) → None, an insertion-ordered set. kind says what the
        # object is: None an IRI, "" a plain literal, "@nb" a literal in a language, else the
        # literal's datatype IRI.
        self._triples: dict[tuple[str, str, str, str | None], None] = {}

    def add(self, subject: str, predicate: str, obj: str) -> None:
        """Add a triple whose object is the IRI ``obj``."""
        self._triples[subject, predicate, obj, None] = None

    def add_literal(self, subject: str, predicate: str, lexical: str, datatype: str | None = None,
                    lang: str | None = None) -> None:
        """Add a triple whose object is the literal with the lexical form ``lexical`` (a plain string
        literal unless ``datatype`` or ``lang`` is given)."""
        self._triples[subject, predicate, lexical, f"@{lang}" if lang else datatype or ""] = None

    def add_value(self, subject: str, predicate: str, value) -> None:
        """Add a triple whose object is the Python ``value`` as rdflib's ``Literal(value)`` writes it:
        a ``str`` as a plain literal, an ``int`` as an ``xsd:integer``, anything else as rdflib maps it."""
        kind = type(value)
        if kind is str:
            self._triples[subject, predicate, value, ""] = None
        elif kind is int:
            self._triples[subject, predicate, str(value), XSD_INTEGER] = None
        else:  # bool, float, date, …: rare here, so let rdflib decide the lexical form and datatype
            from rdflib import Literal

            literal = Literal(value)
            self.add_literal(subject, predicate, str(literal), literal.datatype and str(literal.datatype),
                             literal.language)

    def __len__(self) -> int:
        return len(self._triples)

    def __iter__(self):
        """The triples as ``(subject, predicate, object, kind)`` tuples (see ``__init__`` for kind)."""
        return iter(self._triples)

    def ntriples(self) -> str:
        """The triples as N-Triples, one line each, in the order they were first added."""
        lines = []
        append = lines.append
        for subject, predicate, obj, kind in self._triples:
            if kind is None:
                append(f"<{subject}> <{predicate}> <{obj}> .\n")
            elif not kind:
                append(f'<{subject}> <{predicate}> "{escape(obj)}" .\n')
            elif kind[0] == "@":
                append(f'<{subject}> <{predicate}> "{escape(obj)}"{kind} .\n')
            else:
                append(f'<{subject}> <{predicate}> "{escape(obj)}"^^<{kind}> .\n')
        return "".join(lines)

    def graph(self):
        """The triples as a new :class:`rdflib.Graph`."""
        from rdflib import Graph, Literal, URIRef

        graph = Graph()
        for subject, predicate, obj, kind in self._triples:
            if kind is None:
                term = URIRef(obj)
            elif not kind:
                term = Literal(obj)
            elif kind[0] == "@":
                term = Literal(obj, lang=kind[1:])
            else:
                term = Literal(obj, datatype=URIRef(kind))
            graph.add((URIRef(subject), URIRef(predicate), term))
        return graph


def escape(text: str) -> str:
    r"""A literal's lexical form escaped for between double quotes in N-Triples, as rdflib escapes it
    (backslash, newline, double quote and carriage return; anything else is valid as it is).

    >>> print(escape('a "b"\\c\nd'))
    a \"b\"\\c\nd
    """
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"').replace("\r", "\\r")


class PlainNamespace:
    """An rdflib namespace whose terms are plain ``str``: ``PlainNamespace(RDF).type`` is
    ``"http://www.w3.org/1999/02/22-rdf-syntax-ns#type"``.

    Attribute access goes through the namespace once, so a closed namespace (``KGO``) still fails
    on a typo; item access appends to the namespace IRI unchecked, for minted IRIs.

    >>> from kg.vocab import KGR
    >>> PlainNamespace(KGR)["article/x"]
    'https://w3id.org/kommunegraf/id/article/x'
    """

    def __init__(self, namespace) -> None:
        self._namespace = namespace
        self._base = str(namespace)

    def __getattr__(self, name: str) -> str:
        if name.startswith("_"):
            raise AttributeError(name)
        term = str(getattr(self._namespace, name))
        setattr(self, name, term)  # later lookups find it in the instance's __dict__
        return term

    def __getitem__(self, local: str) -> str:
        return self._base + local
