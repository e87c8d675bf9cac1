"""Load articles into the store, and take them out again.

Each article's facts go into the article's own named graph in one atomic update, so an
interrupted run leaves only whole articles, re-ingesting an article replaces exactly its facts
(ingesting twice changes nothing), and :func:`remove` drops one article and nothing else.

>>> from kg.store import open_store
>>> from kg.sources import Article
>>> store = open_store(":memory:")
>>> report = ingest_articles(store, [Article("a1", "Ordfører Kari Holm i Lier er glad.")])
>>> (report.articles, report.facts)
(1, 1)
>>> remove(store, "a1")
1
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from kg.errors import InputError
from kg.sources import MAX_RECORD_BYTES, Article, Problem, load
from kg.store import Store


@dataclass
class IngestReport:
    """What an ingest did."""

    articles: int = 0
    facts: int = 0
    triples: int = 0  # in the articles' graphs
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)  # e.g. a stated member count that disagrees
    skipped: list[Problem] = field(default_factory=list)  # inputs that could not be read


def prepare(article: Article, default_date: date | None = None, language: str | None = None) -> Article:
    """Fill in what the command line supplies: ``--date`` where the source gave none, ``--language``."""
    if default_date and article.date is None:
        article = replace(article, date=default_date)
    if language:
        article = replace(article, language=language)
    return article


def ingest(store: Store, paths: Iterable[str | Path], *, loader: str | None = None,
           default_date: date | None = None, language: str | None = None,
           progress: Callable[[Article, int], None] | None = None, workers: int = 1,
           strict: bool = False, on_problem: Callable[[Problem], None] | None = None,
           max_record_bytes: int = MAX_RECORD_BYTES) -> IngestReport:
    """Extract the articles under ``paths`` and store each in its own named graph, extracting in
    ``workers`` processes (see :func:`ingest_articles`).

    An unreadable file or line is skipped, listed in the report's ``skipped`` and handed to
    ``on_problem`` as it is met. With ``strict``, every input is read first and the first problem
    raises :class:`~kg.errors.InputError` before anything is written. A record larger than
    ``max_record_bytes`` is such a problem; a long text is stored in parts (:func:`kg.sources.load`).
    """
    paths = list(paths)
    if strict:
        for _ in load(paths, loader, max_record_bytes=max_record_bytes):
            pass
    skipped: list[Problem] = []

    def skip(problem: Problem) -> None:
        skipped.append(problem)
        if on_problem is not None:
            on_problem(problem)

    articles = (prepare(a, default_date, language) for a in load(paths, loader, on_problem=skip,
                                                                  max_record_bytes=max_record_bytes))
    report = ingest_articles(store, articles, progress=progress, workers=workers)
    report.skipped = skipped
    return report


def ingest_articles(store: Store, articles: Iterable[Article],
                    progress: Callable[[Article, int], None] | None = None, workers: int = 1) -> IngestReport:
    """Extract and store ``articles``; one atomic replace per article.

    With ``workers`` > 1, extraction runs in that many processes while this one stays the only writer,
    storing the articles in their input order: the store ends up the same as with one worker.
    ``articles`` is read as a stream, a few chunks ahead of the writer, so memory does not grow with
    the size of the corpus.
    """
    from kg.parallel import map_chunks_in_order

    if workers < 1:
        raise InputError(f"workers must be 1 or more, not {workers}")
    report = IngestReport()
    started = time.perf_counter()
    unflushed = 0
    for article, graph in map_chunks_in_order(articles_ntriples, articles, workers):
        store.replace_graph(graph.name, graph.ntriples)
        report.articles += 1
        report.facts += graph.facts
        report.triples += graph.triples
        report.warnings += graph.warnings
        unflushed += graph.triples
        if unflushed >= FLUSH_EVERY:
            store.flush()
            unflushed = 0
        if progress is not None:
            progress(article, report.articles)
    report.seconds = time.perf_counter() - started
    return report


@dataclass
class ArticleGraph:
    """One article's extracted facts as the N-Triples of its named graph, ready to store."""

    name: str  # the graph's IRI: the article's
    ntriples: str
    facts: int
    triples: int
    warnings: list[str]


def article_ntriples(article: Article) -> ArticleGraph:
    """Extract ``article`` and write its graph as N-Triples."""
    return articles_ntriples([article])[0]


def articles_ntriples(articles: list[Article]) -> list[ArticleGraph]:
    """:func:`article_ntriples` for a chunk of articles, extracted together (what ingest workers do:
    the parser reads a chunk's sentences in one batch)."""
    from kg.article_graph import article_iri, article_ntriples_text
    from kg.extraction import extract_many

    graphs = []
    for article, extraction in zip(articles, extract_many(articles)):
        text, count = article_ntriples_text(article, extraction)
        graphs.append(ArticleGraph(str(article_iri(article)), text, len(extraction.facts), count,
                                   [f"{article.id}: {c.message()}" for c in extraction.checks if not c.agrees]))
    return graphs


#: Triples written between flushes of an on-disk store. Oxigraph's RocksDB holds writes in memory
#: (up to 128 MiB per column family, a dozen of them) until it flushes them to disk, so without
#: this an ingest grows by about 90 KB per article; a flush every ~1,000 articles keeps it flat.
FLUSH_EVERY = 100_000


_FIND = """
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX schema: <https://schema.org/>
SELECT DISTINCT ?g WHERE {
  VALUES ?key { %s }
  GRAPH ?g { ?article a schema:NewsArticle ; dcterms:identifier ?id . OPTIONAL { ?article schema:url ?url } }
  FILTER (STR(?id) = ?key || STR(?article) = ?key || STR(?url) = ?key)
}"""


def article_graphs(store: Store, key: str) -> list[str]:
    """Names of the graphs of the article(s) with id, IRI or URL ``key``."""
    import pyoxigraph as ox

    # the key goes in as an escaped literal term, never as query text
    return sorted(solution["g"].value for solution in store.query(_FIND % ox.Literal(key)))


def remove(store: Store, key: str) -> int:
    """Remove the article with id, IRI or URL ``key`` and all its facts; returns how many
    articles were removed. Facts other articles also state stay, with those articles' evidence."""
    graphs = article_graphs(store, key)
    if not graphs:
        raise InputError(f"no article {key!r} in the store (give its id, IRI or URL)")
    for graph in graphs:
        store.remove_graph(graph)
    return len(graphs)
