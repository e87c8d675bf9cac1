"""Training-time augmentation: person names swapped for others from the training split.

The treebank meets each person only a few times, so an entity recogniser learns the names it saw
rather than what surrounds a name. Swapping a `PER` entity's tokens for given names and surnames
drawn from the training split's other persons shows the same contexts with new names (and new
given-name/surname pairs), without any text from outside the treebank. Every other annotation of
the sentence (tags, features, lemmas, heads, labels, other entities) is kept; a swapped name part
is drawn from those of the same role and features (a given name tagged `Gender=Fem` for another).

    [corpora.train.augmenter]
    @augmenters = "kommunegraf.person_names.v1"
    names = ${paths.train}
    level = 0.3
"""

from __future__ import annotations

import random
from functools import partial
from pathlib import Path
from typing import Callable, Iterator

import spacy
from spacy.tokens import Doc, DocBin
from spacy.training import Example

PERSON = "PER"
GIVEN, SURNAME, SINGLE = "given", "surname", "single"


def _swappable(token) -> bool:
    # A genitive ("Holms"), a word tagged other than a proper noun ("XIII", a foreign name the
    # treebank tags X) or a token that is no word-like name part stays as it is.
    return (token.pos_ == "PROPN" and token.is_alpha and token.text[:1].isupper()
            and "Case=Gen" not in str(token.morph))


def _roles(span) -> list[str]:
    if len(span) == 1:
        return [SINGLE]
    return [GIVEN] * (len(span) - 1) + [SURNAME]


def _key(role: str, token) -> tuple[str, str]:
    return role, str(token.morph)


def name_pools(docs) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """The name parts of the `PER` entities in ``docs`` (text and lemma), keyed by their role in
    the name (given name, surname, one-word name) and their features (``Gender=Fem`` …)."""
    pools: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for doc in docs:
        for span in doc.ents:
            if span.label_ == PERSON:
                for role, token in zip(_roles(span), span):
                    if _swappable(token):
                        pools.setdefault(_key(role, token), []).append((token.text, token.lemma_))
    return pools


def swap_names(nlp, example: Example, pools, rng: random.Random) -> Example:
    """``example`` with each `PER` entity's name parts replaced by ones of the same role and
    features drawn from ``pools``; every other annotation is the example's own."""
    reference = example.reference
    replaced: dict[int, tuple[str, str]] = {}
    for span in reference.ents:
        if span.label_ == PERSON:
            for role, token in zip(_roles(span), span):
                if _swappable(token) and pools.get(_key(role, token)):
                    replaced[token.i] = rng.choice(pools[_key(role, token)])
    if not replaced:
        return example
    words = [replaced.get(token.i, (token.text, token.lemma_)) for token in reference]
    doc = Doc(nlp.vocab, words=[word for word, _ in words], spaces=[bool(t.whitespace_) for t in reference],
              lemmas=[lemma for _, lemma in words], tags=[t.tag_ for t in reference],
              pos=[t.pos_ for t in reference], morphs=[str(t.morph) for t in reference],
              heads=[token.head.i for token in reference], deps=[token.dep_ for token in reference],
              ents=[f"{token.ent_iob_}-{token.ent_type_}" if token.ent_iob_ in "BI" and token.ent_type_ else "O"
                    for token in reference])
    return Example(nlp.make_doc(doc.text), doc)


def person_names_augmenter(nlp, example: Example, *, pools, level: float, rng: random.Random) -> Iterator[Example]:
    if rng.random() < level:
        yield swap_names(nlp, example, pools, rng)
    else:
        yield example


@spacy.registry.augmenters("kommunegraf.person_names.v1")
def create_person_names_augmenter(names: str, level: float, seed: int = 1) -> Callable[..., Iterator[Example]]:
    """Swap person names in ``level`` of the training examples for names drawn from the DocBin ``names``."""
    vocab = spacy.blank("nb").vocab
    pools = name_pools(DocBin().from_disk(Path(names)).get_docs(vocab))
    return partial(person_names_augmenter, pools=pools, level=level, rng=random.Random(seed))
