"""The Norwegian pipeline's speed: words a second in one process, for the whole pipeline and for the
sets of components an extractor may run, against spaCy's bare tokenizer on the same texts in the
same run.

    python -m benchmarks.language [--articles N]

Two sets of texts: synthetic articles (short, written from templates, Bokmål and Nynorsk) and our
own gold passages in ``tests/corpus`` (written as local news and municipal pages are).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from benchmarks.corpus import articles

PASSAGES = Path(__file__).resolve().parent.parent / "tests" / "corpus"
#: What runs, named: the components excluded from the shipped pipeline for each row.
RUNS = {
    "full pipeline": (),
    "without the parser": ("parser",),
    "tagger, lemmatizer and parser (no entities)": ("ner",),
    "entities only": ("morphologizer", "trainable_lemmatizer", "parser"),
}


def passage_texts() -> list[str]:
    return [path.read_text(encoding="utf-8") for path in sorted(PASSAGES.glob("*/articles/*.txt"))]


def measure_texts(texts: list[str]) -> dict:
    """Words a second through each of :data:`RUNS` and through the bare tokenizer, on ``texts``."""
    import spacy

    from kg.nlp import load_pipeline
    from training.evaluate import words_per_second

    blank = spacy.blank("nb")
    floor = words_per_second(blank, texts)
    rows = {"bare tokenizer": {"words_per_s": round(floor), "share_of_tokenizer": 1.0}}
    for name, exclude in RUNS.items():
        nlp = load_pipeline(exclude)
        nlp(texts[0])  # warm
        rate = words_per_second(nlp, texts)
        rows[name] = {"words_per_s": round(rate), "share_of_tokenizer": round(rate / floor, 4)}
    return {"texts": len(texts), "words": sum(len(blank.make_doc(text)) for text in texts), "runs": rows}


def measure(n: int, seed: int) -> dict:
    """The pipeline's speed on ``n`` synthetic articles and on the passages of ``tests/corpus``."""
    result = {"synthetic": measure_texts([a.text for a in articles(n, seed)])}
    passages = passage_texts()
    if passages:
        result["passages"] = measure_texts(passages)
    return result


def markdown(result: dict) -> str:
    names = list(next(iter(result.values()))["runs"])
    header = "| components | " + " | ".join(f"{k}: words/s" for k in result) + " |"
    lines = [header, "|---" * (len(result) + 1) + "|"]
    for name in names:
        lines.append(f"| {name} | " + " | ".join(
            f"{entry['runs'][name]['words_per_s']:,} ({entry['runs'][name]['share_of_tokenizer']:.1%})"
            for entry in result.values()) + " |")
    sizes = ", ".join(f"{k}: {v['texts']} texts, {v['words']:,} words" for k, v in result.items())
    return f"### The Norwegian pipeline in one process ({sizes}; share of the bare tokenizer)\n\n" + "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.language", description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000, help="synthetic articles")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    print(markdown(measure(args.articles, args.seed)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
