"""Measure kommunegraf at national scale against a plain-rdflib baseline, in one run.

    python -m benchmarks --out results.json            # the full run (about half an hour on 2 cores)
    python -m benchmarks --quick --out quick.json      # a smoke run, well under two minutes

Prints markdown tables (extraction, ingest, loading and canned queries against rdflib, graphs and
exports, extraction quality, and the targets met) and writes every figure to the JSON file.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import cascade, extraction, graphs, ingest, language, queries, report, scaling, serving
from benchmarks.corpus import write_corpus

#: Sizes of the full run and of --quick (the quick run also takes the smaller of each count).
FULL = {"extract": 3000, "ingest": 100_000, "serve": 2000, "sizes": "1e4,1e5,1e6", "eval": 300, "cap": 60.0,
        "budget": 3.0, "text_mb": scaling.FULL_MB}
QUICK = {"extract": 200, "ingest": 400, "serve": 60, "sizes": "1e4,5e4", "eval": 60, "cap": 2.0, "budget": 0.3,
         "text_mb": scaling.QUICK_MB}


def _sizes(text: str) -> list[int]:
    try:
        sizes = sorted({int(float(part)) for part in text.split(",") if part.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: sizes are numbers of triples, e.g. 1e4,1e5,1e6") from None
    if not sizes or sizes[0] < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: give one or more positive sizes")
    return sizes


def _megabytes(text: str) -> tuple[float, ...]:
    try:
        sizes = tuple(sorted({float(part) for part in text.split(",") if part.strip()}))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: sizes are megabytes, e.g. 0.25,0.5,1") from None
    if len(sizes) < 2 or sizes[0] <= 0:
        raise argparse.ArgumentTypeError(f"{text!r}: give two or more positive sizes")
    return sizes


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke run of every measurement")
    parser.add_argument("--out", type=Path, default=Path("benchmark-results.json"),
                        help="where to write the JSON results (default: benchmark-results.json)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="worker processes for extraction and ingest (default: the number of CPUs)")
    parser.add_argument("--extract", type=int, help=f"articles for extraction throughput (default {FULL['extract']})")
    parser.add_argument("--ingest", type=int,
                        help=f"articles to ingest into an on-disk store; 0 skips it (default {FULL['ingest']})")
    parser.add_argument("--serve", type=int,
                        help=f"articles ingested through kg serve while its reads are timed; 0 skips it "
                        f"(default {FULL['serve']})")
    parser.add_argument("--sizes", type=_sizes,
                        help=f"store sizes for queries, in article triples (default {FULL['sizes']})")
    parser.add_argument("--eval", type=int, help=f"synthetic articles scored for quality (default {FULL['eval']})")
    parser.add_argument("--eval-seed", type=int, default=3, help="seed of the quality corpus (default 3)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the synthetic corpus (default 1)")
    parser.add_argument("--cap", type=float, help=f"seconds an rdflib query may take (default {FULL['cap']:.0f})")
    parser.add_argument("--budget", type=float,
                        help=f"seconds of repeated runs per query and size (default {FULL['budget']:.0f})")
    parser.add_argument("--text-mb", type=_megabytes,
                        help="sizes in MB of the single long texts whose extraction time is measured "
                        f"(default {','.join(map(str, FULL['text_mb']))})")
    parser.add_argument("--workdir", type=Path, help="keep corpora and stores here (default: a temporary folder)")
    args = parser.parse_args(argv)
    defaults = QUICK if args.quick else FULL
    for name, value in defaults.items():
        if getattr(args, name) is None:
            setattr(args, name, _sizes(value) if name == "sizes" else value)
    if args.workers < 1:
        parser.error("--workers must be 1 or more")
    return args


def _say(message: str) -> None:
    print(f"benchmarks: {message}", file=sys.stderr, flush=True)


def _machine() -> dict:
    from importlib.metadata import version

    return {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version(),
            **{name: version(name) for name in ("pyoxigraph", "rdflib", "spacy", "networkx")}}


def run(args: argparse.Namespace, folder: Path) -> dict:
    """Every measurement; returns the results (also what goes into the JSON file)."""
    started = time.perf_counter()
    settings = {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items() if k != "workdir"}
    results: dict = {"machine": _machine(), "settings": settings}
    _say(f"extraction throughput on {args.extract} articles (1 and {args.workers} processes)")
    results["extraction"] = extraction.measure(args.extract, args.seed, args.workers)
    _say(f"the Norwegian pipeline's words a second on {args.extract} articles and the passages of tests/corpus")
    results["language"] = language.measure(args.extract, args.seed)
    _say(f"extraction time against text length at {', '.join(map(str, args.text_mb))} MB")
    results["scaling"] = scaling.measure(args.text_mb, args.seed)
    if args.ingest:
        corpus = folder / "ingest.jsonl"
        _say(f"writing a corpus of {args.ingest} articles")
        write_corpus(args.ingest, args.seed, corpus)
        _say(f"ingesting {args.ingest} articles with {args.workers} workers")
        results["ingest"] = ingest.measure(corpus, args.ingest, folder / "ingest-store", args.workers)
        shutil.rmtree(folder / "ingest-store", ignore_errors=True)

    if args.serve:
        _say(f"reads on kg serve, idle and during an ingest of {args.serve} articles through it")
        results["serving"] = serving.measure(args.serve, args.seed, folder)

    def at_largest(store) -> None:
        _say("graphs and exports")
        results["graphs"] = graphs.measure(store) | {"size": max(args.sizes)}

    _say(f"loading and queries at {', '.join(map(str, args.sizes))} article triples, with the rdflib baseline")
    results["queries"] = queries.measure(args.sizes, args.seed, args.workers, folder, args.cap, args.budget,
                                         at_last=at_largest)
    _say(f"extraction quality on {args.eval} articles")
    results["quality"] = extraction.quality(args.eval, args.eval_seed)
    _say(f"the extractor's cascade against every sentence parsed, on {args.eval} articles and the treebank")
    results["cascade"] = cascade.measure(args.eval, args.eval_seed)
    results["seconds"] = round(time.perf_counter() - started, 1)
    results["targets"] = report.targets(results)
    return results


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.workdir:
        args.workdir.mkdir(parents=True, exist_ok=True)
        results = run(args, args.workdir)
    else:
        with tempfile.TemporaryDirectory(prefix="kg-bench-") as folder:
            results = run(args, Path(folder))
    args.out.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(report.markdown(results))
    _say(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
