"""The extractor's cascade against parsing every sentence, on the same texts in one run: the
speed-up, how many sentences each parses, and whether the facts are the same (issue 15).

Two kinds of text: the synthetic local news (dense with facts by design: most sentences name an
office or a membership) and, where ``../shared/treebank`` is beside the checkout, general Norwegian
text, the treebank's ``dev`` split read as documents (newspapers, blogs, reports).

    python -m benchmarks.cascade [--articles 400] [--seed 3] [--treebank ../shared/treebank]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from benchmarks.corpus import articles as synthetic_articles


def _articles_of_treebank(folder: Path) -> list:
    """The treebank's ``dev`` documents as articles (text rebuilt with print spacing)."""
    from kg.sources import Article
    from kg.sources.treebank import read_file, treebank_file

    documents: dict[tuple[str, str], list[str]] = {}
    for standard in ("nb", "nn"):
        for sentence in read_file(treebank_file(folder, standard, "dev")):
            documents.setdefault((standard, sentence.document), []).append(sentence.text)
    return [Article(f"{standard}:{name}", " ".join(texts), language=standard)
            for (standard, name), texts in documents.items()]


def _timed(function) -> tuple[float, object]:
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def compare(items: list, chunk: int = 16) -> dict:
    """Extract ``items`` with the cascade and with every sentence parsed."""
    from kg.extraction import extract_many
    from kg.extraction.cascade import _may_hold_a_fact
    from kg.extraction.document import Document

    def run(select: bool = True):
        return [e for i in range(0, len(items), chunk) for e in extract_many(items[i:i + chunk], select)]

    extract_many(items[:2])  # warm: the pipeline, the gazetteers, the matchers
    words = sum(len(item.text.split()) for item in items)
    documents = [Document.parse(item.text) for item in items]
    sentences = sum(len(d.sentences) for d in documents)
    chosen = sum(_may_hold_a_fact(d, s) for d in documents for s in d.sentences)
    cascade_s, with_cascade = _timed(run)
    every_s, with_every = _timed(lambda: run(select=False))

    def facts(extractions) -> list:
        return [f.to_json(e.article_id) for e in extractions for f in e.facts]

    same = facts(with_cascade) == facts(with_every)
    return {"articles": len(items), "words": words, "sentences": sentences, "sentences_parsed": chosen,
            "facts": len(facts(with_cascade)), "same_facts": same,
            "cascade_s": round(cascade_s, 2), "every_sentence_s": round(every_s, 2),
            "speed_up": round(every_s / cascade_s, 2),
            "cascade_words_per_s": round(words / cascade_s), "every_sentence_words_per_s": round(words / every_s),
            "cascade_articles_per_s": round(len(items) / cascade_s, 1)}


def measure(n: int = 400, seed: int = 3, treebank: Path | None = Path("../shared/treebank")) -> dict:
    results = {"synthetic": compare(list(synthetic_articles(n, seed)))}
    if treebank is not None and (Path(treebank) / "nob-dev.conll").is_file():
        results["treebank_dev"] = compare(_articles_of_treebank(Path(treebank)))
    return results


def table(results: dict) -> str:
    lines = ["| text | articles | words | sentences parsed | cascade | every sentence | speed-up | same facts |",
             "|---|---|---|---|---|---|---|---|"]
    for name, r in results.items():
        lines.append(f"| {name} | {r['articles']} | {r['words']:,} | {r['sentences_parsed']:,} of {r['sentences']:,} | "
                     f"{r['cascade_s']} s ({r['cascade_words_per_s']:,} words/s) | {r['every_sentence_s']} s | "
                     f"**{r['speed_up']}×** | {'yes' if r['same_facts'] else 'NO'} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.cascade", description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=400, help="synthetic articles (default 400)")
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--treebank", type=Path, default=Path("../shared/treebank"),
                        help="the treebank folder, for general text (skipped where absent)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    results = measure(args.articles, args.seed, args.treebank)
    print(table(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0 if all(r["same_facts"] for r in results.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
