"""Read the Norwegian Dependency Treebank (NDT's 10-column format with NorNE entities) into spaCy
``Doc`` objects, and write them as ``DocBin`` files for training.

A ``Doc`` holds up to :data:`SENTENCES_PER_DOC` consecutive sentences of one treebank document, so
the parser learns where sentences end. NDT records no spacing, so the text is rebuilt with the
spacing Norwegian print uses (no space before a comma or full stop, none inside brackets); the
tokenizer is then trained against text that looks like what it will read.

The output holds treebank text: it is written outside the repository and never committed.

>>> sentences = list(read_sentences(io.StringIO(SAMPLE)))
>>> [token.form for token in sentences[0].tokens]
['Kari', 'Holm', ',', 'ordførar', 'i', 'Lier', '.']
>>> doc = to_doc(spacy.blank("nb").vocab, sentences)
>>> doc.text, [(e.text, e.label_) for e in doc.ents], doc[3].pos_, str(doc[3].morph)
('Kari Holm, ordførar i Lier.', [('Kari Holm', 'PER'), ('Lier', 'GPE_LOC')], 'NOUN', 'Definite=Ind|Gender=Masc|Number=Sing')
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin, Span
from spacy.vocab import Vocab

from kg.sources.treebank import (SAMPLE, SPLITS, STANDARDS, Sentence, Token, TreebankError,  # noqa: F401
                                 read_sentences, spaces, treebank_file)
from training import ndt

#: Sentences put into one training ``Doc``.
SENTENCES_PER_DOC = 10


def _lemma(token: Token) -> str:
    # NDT writes punctuation lemmas as "$," ; spaCy's lemmatizer should give the form back
    return token.form if token.lemma.startswith("$") or not token.lemma else token.lemma


def to_doc(vocab: Vocab, sentences: list[Sentence]) -> Doc:
    """One ``Doc`` of ``sentences`` with parts of speech, features, lemmas, the parse and entities."""
    words, heads, deps, lemmas, poses, morphs, starts, entities = [], [], [], [], [], [], [], []
    for sentence in sentences:
        offset = len(words)
        for index, token in enumerate(sentence.tokens):
            words.append(token.form)
            heads.append(offset + (token.head - 1 if token.head else index))
            deps.append(ndt.ROOT if token.head == 0 else token.relation)
            lemmas.append(_lemma(token))
            poses.append(ndt.upos(token.pos, token.features, token.form, token.lemma))
            morphs.append(ndt.morph(token.features))
            starts.append(index == 0)
            entities.append(token.entity)
    doc = Doc(vocab, words=words, spaces=spaces(words), heads=heads, deps=deps, lemmas=lemmas, pos=poses,
              morphs=morphs, sent_starts=starts)
    doc.set_ents(_spans(doc, entities))
    return doc


def _spans(doc: Doc, tags: list[str]) -> list[Span]:
    """Entity spans from IOB2 tags; an ``I-`` that does not continue an entity of its type opens one."""
    spans, start, label = [], None, ""
    for index, tag in enumerate([*tags, "O"]):
        kind, _, name = tag.partition("-")
        if start is not None and not (kind == "I" and name == label):
            spans.append(Span(doc, start, index, label=label))
            start = None
        if kind in ("B", "I") and start is None:
            start, label = index, name
    return spans


def documents(sentences: Iterable[Sentence], size: int = SENTENCES_PER_DOC) -> Iterator[list[Sentence]]:
    """Runs of at most ``size`` consecutive sentences from the same treebank document."""
    run: list[Sentence] = []
    for sentence in sentences:
        if run and (len(run) == size or sentence.document != run[-1].document):
            yield run
            run = []
        run.append(sentence)
    if run:
        yield run


def read_docs(treebank: Path, standard: str, split: str, vocab: Vocab | None = None) -> list[Doc]:
    """The ``Doc`` objects of one written standard's split."""
    path = treebank_file(treebank, standard, split)
    vocab = vocab or spacy.blank("nb").vocab
    try:
        with open(path, encoding="utf-8") as lines:
            return [to_doc(vocab, run) for run in documents(read_sentences(lines, str(path)))]
    except OSError as error:
        raise TreebankError(f"{path}: cannot read ({error.strerror or error})") from error


def convert(treebank: Path, out: Path) -> dict[str, Path]:
    """Write ``train``/``dev``/``test`` DocBins of both standards (and one per standard for ``dev``
    and ``test``) into ``out``; returns the paths by name (``train``, ``dev``, ``test-nb`` …)."""
    out.mkdir(parents=True, exist_ok=True)
    vocab = spacy.blank("nb").vocab
    written = {}
    for split in SPLITS:
        both = DocBin(store_user_data=False)
        for standard in STANDARDS:
            docs = read_docs(treebank, standard, split, vocab)
            one = DocBin(docs=docs, store_user_data=False)
            for doc in docs:
                both.add(doc)
            if split != "train":
                written[f"{split}-{standard}"] = out / f"{split}-{standard}.spacy"
                one.to_disk(written[f"{split}-{standard}"])
        written[split] = out / f"{split}.spacy"
        both.to_disk(written[split])
    return written


if __name__ == "__main__":
    for name, path in convert(Path(sys.argv[1]), Path(sys.argv[2])).items():
        print(name, path)
