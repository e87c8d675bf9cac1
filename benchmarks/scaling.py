"""Extraction time against text length: one long text (synthetic articles joined by blank lines)
of each size, extracted whole, with seconds, MB/s and the log-log slope against the smallest
size (1.0: time grows as the text does; 2.0: it grows with its square).

    python -m benchmarks.scaling --sizes 0.25,0.5,1,2,4,8
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from datetime import date

from benchmarks.corpus import generate

#: Text sizes in MB (10^6 bytes of UTF-8) of the full run and of --quick.
FULL_MB = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0)
QUICK_MB = (0.05, 0.1, 0.2)


def text_of_size(megabytes: float, seed: int = 1) -> str:
    """Synthetic news articles of the world of ``seed``, one paragraph break apart, until the text
    holds ``megabytes`` MB: as many facts per MB as the corpus has, in a single text."""
    parts, size = [], 0
    for record, _ in generate(10**7, seed):
        parts.append(record["text"])
        size += len(record["text"].encode("utf-8")) + 2
        if size >= megabytes * 1e6:
            break
    return "\n\n".join(parts)


def slope(base: tuple[float, float], point: tuple[float, float]) -> float:
    """The log-log slope from ``base`` to ``point`` (size, seconds): the exponent k in time ∝ sizeᵏ.

    >>> round(slope((1, 2.0), (4, 8.0)), 2), round(slope((1, 2.0), (4, 32.0)), 2)
    (1.0, 2.0)
    """
    return math.log(point[1] / base[1]) / math.log(point[0] / base[0])


def measure(sizes_mb=FULL_MB, seed: int = 1) -> dict:
    """``kg.extraction.extract`` on one text of each size (after a warm-up on a short one)."""
    from kg.extraction import extract
    from kg.sources import Article

    extract(Article("warm-up", text_of_size(0.01, seed), date=date(2021, 6, 1)))  # spaCy, gazetteers
    rows = []
    for megabytes in sorted(sizes_mb):
        text = text_of_size(megabytes, seed)
        size = len(text.encode("utf-8")) / 1e6
        started = time.perf_counter()
        facts = len(extract(Article(f"scaling-{megabytes}", text, date=date(2021, 6, 1))).facts)
        seconds = time.perf_counter() - started
        rows.append({"mb": round(size, 3), "seconds": round(seconds, 3), "mb_per_s": round(size / seconds, 3),
                     "facts": facts})
    base = (rows[0]["mb"], rows[0]["seconds"])
    for row in rows[1:]:
        row["slope"] = round(slope(base, (row["mb"], row["seconds"])), 3)
    fitted = _fitted_slope([(row["mb"], row["seconds"]) for row in rows])
    return {"seed": seed, "sizes": rows, "slope": round(fitted, 3) if fitted is not None else None}


def _fitted_slope(points: list[tuple[float, float]]) -> float | None:
    """The least-squares slope of log(seconds) on log(size) over every point."""
    if len(points) < 2:
        return None
    xs, ys = [math.log(x) for x, _ in points], [math.log(y) for _, y in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def markdown(result: dict) -> str:
    rows = [f"| {row['mb']:.2f} | {row['facts']} | {row['seconds']:.2f} | {row['mb_per_s']:.3f} | "
            f"{row.get('slope', '–') if 'slope' in row else '(baseline)'} |" for row in result["sizes"]]
    return (f"### Extraction time against text length (one text per size; fitted log-log slope "
            f"{result['slope']}, 1.0 = linear)\n\n| MB | facts | seconds | MB/s | slope against the smallest |\n"
            "|---|---|---|---|---|\n" + "\n".join(rows))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.scaling", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, FULL_MB)), help="text sizes in MB, comma-separated")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    print(markdown(measure([float(s) for s in args.sizes.split(",") if s.strip()], args.seed)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
