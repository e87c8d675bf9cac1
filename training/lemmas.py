"""The forms whose lemma differs between Bokmål and Nynorsk, learned from the training split: the
table :mod:`kg.nlp.standard` uses to give each text lemmas of its own written standard.

A form enters the table when each standard's training half lemmatizes it one way at least
:data:`AGREEMENT` of the time, at least :data:`MIN_COUNT` times, and the two ways differ ("er":
Bokmål "være", Nynorsk "vere"). Proper nouns are left out. The table holds word forms and lemmas
only, no text.

>>> table = lemma_table({"nb": [("er", "være")] * 3, "nn": [("er", "vere")] * 3})
>>> table
{'er': {'nb': 'være', 'nn': 'vere'}}
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

from training.convert import STANDARDS, read_sentences, treebank_file

MIN_COUNT = 3
AGREEMENT = 0.9


def form_lemmas(treebank: Path, standard: str) -> Iterable[tuple[str, str]]:
    """(form, lemma) in lower case for every common-noun, verb, adjective … token of a standard's train split."""
    with open(treebank_file(treebank, standard, "train"), encoding="utf-8") as lines:
        for sentence in read_sentences(lines):
            for token in sentence.tokens:
                if "prop" not in token.features and not token.lemma.startswith("$"):
                    yield token.form.lower(), token.lemma.lower()


def lemma_table(pairs: dict[str, Iterable[tuple[str, str]]]) -> dict[str, dict[str, str]]:
    """The table from each standard's (form, lemma) pairs."""
    counts: dict[str, dict[str, Counter]] = {standard: defaultdict(Counter) for standard in pairs}
    for standard, items in pairs.items():
        for form, lemma in items:
            counts[standard][form][lemma] += 1
    table = {}
    for form in sorted(set.intersection(*(set(c) for c in counts.values()))):
        chosen = {}
        for standard, by_form in counts.items():
            lemma, count = by_form[form].most_common(1)[0]
            if count < MIN_COUNT or count < AGREEMENT * sum(by_form[form].values()):
                break
            chosen[standard] = lemma
        else:
            if len(set(chosen.values())) > 1:
                table[form] = chosen
    return table


def treebank_lemma_table(treebank: Path) -> dict[str, dict[str, str]]:
    return lemma_table({standard: form_lemmas(treebank, standard) for standard in STANDARDS})
