"""What one request to ``kg serve`` may cost, and how a request is refused.

Every bound has a default that keeps a 2-core machine answering while a client misbehaves; each is
a ``kg serve`` flag. A refusal is a :class:`RequestError`: an HTTP status and a one-line reason.

>>> Limits().timeout, Limits().max_answer_bytes // 2**20
(30.0, 64)
"""

from __future__ import annotations

from dataclasses import dataclass
from http import HTTPStatus

MIB = 2**20


@dataclass(frozen=True)
class Limits:
    """The bounds of ``kg serve``; see the README's Guarantees for what each protects."""

    timeout: float = 30.0  # seconds of evaluation per query or update; the worker is killed after
    max_rows: int = 100_000  # solutions or triples in one answer; a larger answer is refused
    max_answer_bytes: int = 64 * MIB  # bytes in one answer; a larger answer is refused
    max_memory: int = 1024 * MIB  # resident memory of one worker; a query that needs more is stopped
    max_concurrent: int = 4  # queries evaluated at once (one worker process each)
    queue_wait: float = 2.0  # seconds a request waits for a free worker before "busy, retry"
    max_body: int = 256 * MIB  # bytes in one request body
    max_large_bodies: int = 2  # bodies over 1 MiB read at once; more wait for a turn
    max_connections: int = 64  # open connections; more are answered 503 and closed
    idle_timeout: float = 15.0  # seconds a connection may stay silent (between or inside requests)


class RequestError(Exception):
    """A request refused with an HTTP status and a one-line reason."""

    def __init__(self, status: HTTPStatus, message: str, retry_after: int | None = None):
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


def busy(what: str = "queries") -> RequestError:
    return RequestError(HTTPStatus.SERVICE_UNAVAILABLE, f"too many {what} at once; try again shortly",
                        retry_after=1)


def timed_out(seconds: float, what: str = "query") -> RequestError:
    return RequestError(HTTPStatus.SERVICE_UNAVAILABLE, f"{what} timed out after {seconds:g} s and was stopped")


def too_big(limit: int) -> RequestError:
    return RequestError(HTTPStatus.BAD_REQUEST,
                        f"the answer is larger than {limit // MIB} MiB; add a LIMIT or select less")
