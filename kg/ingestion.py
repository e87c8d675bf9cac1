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
from kg.sources import Article, load
from kg.store import Store


@dataclass
class IngestReport:
    """What an ingest did."""

    articles: int = 0
    facts: int = 0
    triples: int = 0  # in the articles' graphs
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)  # e.g. a stated member count that disagrees


def prepare(article: Article, default_date: date | None = None, language: str | None = None) -> Article:
    """Fill in what the command line supplies: ``--date`` where the source gave none, ``--language``."""
    if default_date and article.date is None:
        article = replace(article, date=default_date)
    if language:
        article = replace(article, language=language)
    return article


def ingest(store: Store, paths: Iterable[str | Path], *, loader: str | None = None,
           default_date: date | None = None, language: str | None = None,
           progress: Callable[[Article, int], None] | None = None) -> IngestReport:
    """Extract the articles under ``paths`` and store each in its own named graph."""
    articles = (prepare(a, default_date, language) for a in load(paths, loader))
    return ingest_articles(store, articles, progress=progress)


def ingest_articles(store: Store, articles: Iterable[Article],
                    progress: Callable[[Article, int], None] | None = None) -> IngestReport:
    """Extract and store ``articles``; one atomic replace per article."""
    from kg.article_graph import article_graph, article_iri
    from kg.extraction import extract

    report = IngestReport()
    started = time.perf_counter()
    for article in articles:
        extraction = extract(article)
        graph = article_graph(article, extraction)
        store.replace_graph(str(article_iri(article)), graph.serialize(format="nt"))
        report.articles += 1
        report.facts += len(extraction.facts)
        report.triples += len(graph)
        report.warnings += [f"{article.id}: {c.message()}" for c in extraction.checks if not c.agrees]
        if progress is not None:
            progress(article, report.articles)
    report.seconds = time.perf_counter() - started
    return report


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
