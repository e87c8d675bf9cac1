"""Score a pipeline on the treebank, one written standard at a time, on the gold tokens.

The pipeline runs on ``Doc`` objects made from the treebank's own tokens, so tokenization errors do
not count against the tagger, parser and recogniser (as spaCy's published figures are made).

>>> FIGURES["las"], ENTITY_TYPES[0]
('dep_las', 'PER')
"""

from __future__ import annotations

import time
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc
from spacy.training import Example

from training.convert import STANDARDS, read_docs

#: Our name for each figure → spaCy's scorer key.
FIGURES = {"pos": "pos_acc", "morph": "morph_acc", "lemma": "lemma_acc", "uas": "dep_uas", "las": "dep_las",
           "sents_f": "sents_f", "ents_f": "ents_f"}
#: The entity types whose F1 is recorded on its own.
ENTITY_TYPES = ("PER", "ORG", "GPE_LOC", "GPE_ORG")


def gold_tokens(nlp: Language, reference: Doc) -> Doc:
    """An unannotated ``Doc`` with the tokens (and spacing) of ``reference``."""
    return Doc(nlp.vocab, words=[t.text for t in reference], spaces=[bool(t.whitespace_) for t in reference])


def score(nlp: Language, references: list[Doc]) -> dict[str, float]:
    """The figures of ``nlp`` on ``references`` (rounded to 4 places)."""
    scores = nlp.evaluate([Example(gold_tokens(nlp, doc), doc) for doc in references])
    figures = {name: round(float(scores.get(key) or 0.0), 4) for name, key in FIGURES.items()}
    per_type = scores.get("ents_per_type") or {}
    figures |= {f"ents_f_{kind}": round(float(per_type.get(kind, {}).get("f", 0.0)), 4) for kind in ENTITY_TYPES}
    return figures


def score_treebank(nlp: Language, treebank: Path, split: str = "test") -> dict[str, dict[str, float]]:
    """``{"nb": figures, "nn": figures}`` on one split of the treebank."""
    return {standard: score(nlp, read_docs(treebank, standard, split, nlp.vocab)) for standard in STANDARDS}


def sentencizer_f(treebank: Path, split: str = "test") -> dict[str, float]:
    """Sentence F1 of spaCy's rule-based sentencizer (what the extractor splits sentences with
    today) on the same gold tokens, per written standard: the parser's figure to beat."""
    import spacy

    nlp = spacy.blank("nb")
    nlp.add_pipe("sentencizer")
    return {standard: round(float(nlp.evaluate([Example(gold_tokens(nlp, doc), doc) for doc in
                                                read_docs(treebank, standard, split, nlp.vocab)])["sents_f"]), 4)
            for standard in STANDARDS}


def words_per_second(nlp: Language, texts: list[str], disable: tuple[str, ...] = (), repeat: int = 2) -> float:
    """Words (tokens) a second through ``nlp`` less ``disable``, in this one process; the best of
    ``repeat`` runs over ``texts``."""
    best = 0.0
    for _ in range(repeat):
        started, words = time.perf_counter(), 0
        for doc in nlp.pipe(texts, disable=list(disable)):
            words += len(doc)
        best = max(best, words / (time.perf_counter() - started))
    return best
