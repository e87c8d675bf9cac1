"""Extraction: throughput in one and in several processes, the bare tokenizer as the floor, and
precision and recall against the synthetic corpus's true facts (scored by :mod:`kg.evaluation`).
"""

from __future__ import annotations

import tempfile
import time

from benchmarks.corpus import articles, write_corpus


def tokenizer(texts: list[str]) -> dict:
    """spaCy's blank ``nb`` tokenizer alone over ``texts``: what any tokenising extractor pays."""
    import spacy

    nlp = spacy.blank("nb")
    nlp.make_doc(texts[0])
    started = time.perf_counter()
    tokens = sum(len(nlp.make_doc(text)) for text in texts)
    seconds = time.perf_counter() - started
    return {"articles": len(texts), "tokens": tokens, "seconds": round(seconds, 3),
            "articles_per_s": round(len(texts) / seconds, 1), "tokens_per_s": round(tokens / seconds)}


def _facts(article) -> int:
    from kg.extraction import extract

    return len(extract(article).facts)


def throughput(items: list, tokens: int, workers: int) -> dict:
    """``kg.extraction.extract`` over ``items`` in ``workers`` processes (through the same
    :func:`kg.parallel.map_in_order` as ``kg ingest --workers``).

    ``articles_per_s`` is the steady rate once every process is warm (from the first result on: a
    worker starts by loading spaCy and building its gazetteers); ``wall_seconds`` includes the start.
    """
    from kg.parallel import CHUNK_SIZE, map_in_order

    if workers == 1:
        _facts(items[0])  # warm: spaCy and the gazetteers, as a worker's first chunk does
    started = time.perf_counter()
    arrived: list[float] = []
    facts = 0
    for _, count in map_in_order(_facts, items, workers):
        facts += count
        arrived.append(time.perf_counter())
    end = arrived[-1]
    # every worker is warm once its first chunk is back
    warm = min(workers * CHUNK_SIZE, len(items) // 2) if workers > 1 else 0
    rate = (len(items) - warm) / (end - (arrived[warm - 1] if warm else started))
    return {"workers": workers, "articles": len(items), "facts": facts, "wall_seconds": round(end - started, 3),
            "start_seconds": round(arrived[warm - 1] - started, 3) if warm else 0.0,
            "articles_per_s": round(rate, 1), "tokens_per_s": round(rate * tokens / len(items))}


def measure(n: int, seed: int, workers: int) -> dict:
    """Throughput on ``n`` articles of the corpus of ``seed``, with 1 and with ``workers`` processes,
    next to the bare tokenizer on the same texts."""
    items = list(articles(n, seed))
    floor = tokenizer([a.text for a in items])
    runs = [throughput(items, floor["tokens"], 1)]
    if workers > 1:
        runs.append(throughput(items, floor["tokens"], workers))
    for run in runs:
        run["share_of_tokenizer"] = round(run["articles_per_s"] / floor["articles_per_s"], 4)
    return {"articles": n, "tokens": floor["tokens"], "tokenizer": floor, "runs": runs}


def quality(n: int, seed: int) -> dict:
    """Precision, recall and F1 of extraction on a ``kg eval`` folder of ``n`` synthetic articles."""
    from kg.evaluation import evaluate

    with tempfile.TemporaryDirectory(prefix="kg-bench-eval-") as folder:
        write_corpus(n, seed, eval_dir=folder)
        result = evaluate(folder)
    return {"articles": result.articles, "seed": seed, "scores": result.rows()}
