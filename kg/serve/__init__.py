"""``kg serve``: the store as a SPARQL 1.1 Protocol endpoint, for SPARQLWrapper, YASGUI or curl.

The default is safe: loopback only, read-only, nothing fetched from other hosts, and every request
bounded in time, memory, rows, bytes and connections (:mod:`kg.serve.limits`). Queries run in worker
processes with read-only views (:mod:`kg.serve.workers`), writes in one writer process
(:mod:`kg.serve.writer`), both killed when a request runs out of time or memory
(:mod:`kg.serve.process`); :mod:`kg.serve.http` holds the routes and who may write.
"""

from kg.serve.limits import Limits, RequestError

__all__ = ["Limits", "Policy", "RequestError", "Server", "make_server"]


def __getattr__(name: str):
    # the HTTP side imports pyoxigraph and the query layer: only when a server is made
    if name in ("Policy", "Server", "make_server"):
        from kg.serve import http

        return getattr(http, name)
    raise AttributeError(f"module 'kg.serve' has no attribute {name!r}")
