"""Child processes that evaluate for ``kg serve``, watched for time and memory and killed past either.

Oxigraph cannot interrupt a query or an update, so the only way to stop one is to end the process
running it. :class:`Child` runs a function in a spawned process, sends it requests over a pipe and
waits for each reply while it watches the child's resident memory. A child that runs out of time or
memory is killed and started anew; the request gets a one-line refusal.

A child that need not reach the network is moved into a network namespace of its own (Linux, where
the kernel lets this user do so), so even a request that slipped past :mod:`kg.outbound` cannot
contact another host.

>>> rss_bytes(os.getpid()) > 0
True
"""

from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing
import os
import time
from collections.abc import Callable
from http import HTTPStatus

from kg.serve.limits import MIB, RequestError, timed_out

#: How often a waiting request looks at the child's memory.
WATCH_EVERY = 0.05

_CLONE_NEWNET = 0x40000000
_CLONE_NEWUSER = 0x10000000


def rss_bytes(pid: int) -> int:
    """Resident memory of process ``pid`` (0 where /proc cannot tell)."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def isolate_network() -> bool:
    """Move this (single-threaded) process into an empty network namespace; True if it worked."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name or not hasattr(os, "getuid"):
        return False
    unshare = ctypes.CDLL(libc_name, use_errno=True).unshare
    flags = _CLONE_NEWNET if os.getuid() == 0 else _CLONE_NEWUSER | _CLONE_NEWNET
    return unshare(flags) == 0


class Child:
    """One worker process running ``target(connection, *args)``, which answers requests over the pipe.

    ``call`` returns the child's reply, ``("ok", value)`` or ``("refused", status, message)``.
    """

    _context = multiprocessing.get_context("spawn")  # a forked child would share RocksDB handles

    def __init__(self, target: Callable, *args, what: str = "query"):
        self.target, self.args, self.what = target, args, what
        self._start()

    def _start(self) -> None:
        self.connection, child = self._context.Pipe()
        self.process = self._context.Process(target=self.target, args=(child, *self.args), daemon=True)
        self.process.start()
        child.close()

    def call(self, request: tuple, timeout: float, max_memory: int):
        """Send ``request`` and wait for the reply at most ``timeout`` seconds and ``max_memory`` bytes."""
        try:
            self.connection.send(request)
            deadline = time.monotonic() + timeout
            while not self.connection.poll(WATCH_EVERY):
                if rss_bytes(self.process.pid) > max_memory:
                    self.restart()
                    raise RequestError(HTTPStatus.SERVICE_UNAVAILABLE,
                                       f"the {self.what} needed more than {max_memory // MIB} MiB of memory "
                                       "and was stopped")
                if time.monotonic() > deadline:
                    self.restart()
                    raise timed_out(timeout, self.what)
            return self.connection.recv()
        except (EOFError, OSError):  # the child died (a crash, the kernel's OOM killer): start anew
            self.restart()
            raise RequestError(HTTPStatus.INTERNAL_SERVER_ERROR, f"the {self.what} stopped its worker") from None

    def restart(self) -> None:
        self.kill()
        self._start()

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.connection.close()
