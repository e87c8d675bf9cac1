"""Run a function over a stream of items in worker processes, in input order, with bounded memory.

Ingestion extracts articles in workers while the calling process stays the store's only writer:
at most a few chunks of items are in flight at once, so a corpus of any size streams through.

>>> [(item, result) for item, result in map_in_order(abs, [-1, 2, -3])]
[(-1, 1), (2, 2), (-3, 3)]
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from itertools import islice
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: Items a worker takes at a time: large enough that sending them costs little next to the work.
CHUNK_SIZE = 16


def map_in_order(function: Callable[[T], R], items: Iterable[T], workers: int = 1,
                 chunk_size: int = CHUNK_SIZE) -> Iterator[tuple[T, R]]:
    """Yield ``(item, function(item))`` for each item, in the order of ``items``.

    With ``workers`` > 1 the calls run in that many fresh processes (``function`` and the items must
    pickle); ``items`` is read lazily and no more than ``2 * workers`` chunks are sent ahead of what
    the caller has taken, so memory stays flat however long the stream. An exception in a worker is
    raised here, at the item that caused it.
    """
    if workers == 1:  # no chunks: an exception is raised at its own item, and nothing waits for a chunk
        for item in items:
            yield item, function(item)
        return
    yield from map_chunks_in_order(partial(_apply, function), items, workers, chunk_size)


def map_chunks_in_order(function: Callable[[list[T]], list[R]], items: Iterable[T], workers: int = 1,
                        chunk_size: int = CHUNK_SIZE) -> Iterator[tuple[T, R]]:
    """:func:`map_in_order` for a ``function`` that takes a chunk of items at once and returns a
    result for each: one that gains from batching (a parser, say).

    >>> [(item, result) for item, result in map_chunks_in_order(lambda xs: [x * 2 for x in xs], [1, 2, 3], chunk_size=2)]
    [(1, 2), (2, 4), (3, 6)]
    """
    if workers < 1:
        raise ValueError(f"workers must be 1 or more, not {workers}")
    source = iter(items)
    if workers == 1:
        while chunk := list(islice(source, chunk_size)):
            yield from zip(chunk, _checked(function(chunk), chunk))
        return
    ahead = 2 * workers
    # "spawn", not fork: the caller may hold an open store whose background threads a fork would copy
    # mid-work, and fresh workers give the same results as the one-process run.
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        pending: deque = deque()
        try:
            while True:
                while len(pending) < ahead:
                    chunk = list(islice(source, chunk_size))
                    if not chunk:
                        break
                    pending.append((chunk, pool.submit(function, chunk)))
                if not pending:
                    return
                chunk, future = pending.popleft()
                yield from zip(chunk, _checked(future.result(), chunk))
        finally:
            for _, future in pending:  # the caller stopped early or a worker failed: drop what is queued
                future.cancel()


def _checked(results: list, chunk: list) -> list:
    if len(results) != len(chunk):
        raise ValueError(f"a chunk of {len(chunk)} items gave {len(results)} results")
    return results


def _apply(function: Callable[[T], R], chunk: list[T]) -> list[R]:
    return [function(item) for item in chunk]
