"""Ingest at scale: a JSON Lines corpus into an on-disk store through ``kg.ingestion.ingest``, as
``kg ingest --workers N`` does it, in a child process so that its memory peak is its own.

The writer's resident memory is sampled as the corpus goes in, to show whether it stays flat.
"""

from __future__ import annotations

import time
from pathlib import Path

from benchmarks.measure import children_peak_rss_mib, in_child, peak_rss_mib, rss_mib

#: How many times memory is sampled during an ingest.
SAMPLES = 20


def measure(corpus: Path, n: int, store: Path, workers: int, timeout: float | None = None) -> dict:
    """Ingest the ``n`` articles of ``corpus`` (JSON Lines) into a new store at ``store``."""
    return in_child(_ingest, str(corpus), n, str(store), workers, timeout=timeout)


def _ingest(corpus: str, n: int, location: str, workers: int) -> dict:
    from kg.ingestion import ingest
    from kg.store import open_store

    every = max(1, n // SAMPLES)
    samples: list[tuple[int, float, float]] = []
    started = time.perf_counter()

    def progress(article, done: int) -> None:
        if done % every == 0 or done == n:
            samples.append((done, round(time.perf_counter() - started, 2), round(rss_mib(), 1)))

    with open_store(location) as store:
        opened = rss_mib()
        report = ingest(store, [corpus], progress=progress, workers=workers)
    return {"articles": report.articles, "facts": report.facts, "triples": report.triples, "workers": workers,
            "seconds": round(report.seconds, 2), "articles_per_s": round(report.articles / report.seconds, 1),
            "triples_per_s": round(report.triples / report.seconds), "warnings": len(report.warnings),
            "rss_after_open_mib": round(opened, 1), "peak_rss_mib": round(peak_rss_mib(), 1),
            "worker_peak_rss_mib": round(children_peak_rss_mib(), 1) if workers > 1 else None,
            "store_mib": round(sum(f.stat().st_size for f in Path(location).iterdir()) / 2**20, 1),
            "rss_samples": samples}
