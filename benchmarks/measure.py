"""Timers, latency percentiles, memory from /proc, and running a measurement in a child process.

Each measurement whose memory matters runs in a fresh child (:func:`in_child`), so a peak read there
belongs to that measurement alone and not to whatever the runner did before.

>>> percentile([3.0, 1.0, 2.0, 4.0], 50)
2.5
"""

from __future__ import annotations

import multiprocessing
import resource
import time
import traceback
from collections.abc import Callable
from statistics import quantiles


def percentile(values: list[float], p: float) -> float:
    """The ``p``-th percentile (inclusive method: the median of two values is their mean)."""
    if len(values) == 1:
        return values[0]
    return quantiles(values, n=100, method="inclusive")[round(p) - 1]


def _status(field: str) -> float:
    """A field of /proc/self/status in MiB (VmRSS: resident now, VmHWM: the peak so far)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


def rss_mib() -> float:
    return _status("VmRSS")


def peak_rss_mib() -> float:
    """The peak resident memory of this process so far."""
    return _status("VmHWM")


def children_peak_rss_mib() -> float:
    """The largest peak resident memory of any finished child (or grandchild) of this process."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def repeat(call: Callable[[], object], budget: float, most: int = 20, least: int = 3) -> tuple[list[float], object]:
    """Time ``call`` after one warm-up run, ``least`` to ``most`` times while the runs fit in ``budget``
    seconds; returns the times in seconds and the warm-up's result. A warm-up slower than
    ``budget`` is the only run."""
    started = time.perf_counter()
    result = call()
    first = time.perf_counter() - started
    if first > budget:
        return [first], result
    times: list[float] = []
    spent = 0.0
    while len(times) < most and (len(times) < least or spent + (times[-1] if times else 0) <= budget):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
        spent += times[-1]
    return times, result


def latency(times: list[float]) -> dict:
    """p50 and p95 in milliseconds, and how many runs they rest on."""
    return {"p50_ms": round(percentile(times, 50) * 1000, 3), "p95_ms": round(percentile(times, 95) * 1000, 3),
            "runs": len(times)}


def in_child(function: Callable, *args, timeout: float | None = None):
    """Run ``function(*args)`` in a fresh process and return its result (which must pickle); an
    exception there is raised here as a RuntimeError with the child's traceback."""
    context = multiprocessing.get_context("spawn")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(send, function, args))
    child.start()
    send.close()
    try:
        if not receive.poll(timeout):
            raise TimeoutError(f"{function.__name__} took more than {timeout:.0f} s")
        ok, value = receive.recv()
    except EOFError:
        child.join(5)
        ok, value = False, f"the child process died (exit code {child.exitcode})"
    finally:
        if child.is_alive():
            child.join(5)
        if child.is_alive():
            child.kill()
            child.join()
    if not ok:
        raise RuntimeError(f"{function.__name__} failed in its child process:\n{value}")
    return value


def _child(send, function: Callable, args: tuple) -> None:
    try:
        send.send((True, function(*args)))
    except BaseException:  # noqa: BLE001 - everything goes back to the parent as text
        send.send((False, traceback.format_exc()))
    finally:
        send.close()
