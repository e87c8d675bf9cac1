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
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin, Span
from spacy.vocab import Vocab

from training import ndt

#: Sentences put into one training ``Doc``.
SENTENCES_PER_DOC = 10
#: The written standards and the file prefix each has in the treebank.
STANDARDS = {"nb": "nob", "nn": "nno"}
SPLITS = ("train", "dev", "test")
#: NDT's end-of-heading marker, a token of its own.
HEADING_END = "|"

#: Tokens written without a space before them, and tokens without a space after them.
_NO_SPACE_BEFORE = re.compile(r"^[,.:;!?)\]}»”%…]+$|^'s$")
_NO_SPACE_AFTER = re.compile(r"^[(\[{«“]+$")

SAMPLE = """# sent_id = doc1:0
# text = Kari Holm , ordførar i Lier .
1\tKari\tKari\tsubst\tsubst\tprop\t4\tSUBJ\t_\tname=B-PER
2\tHolm\tHolm\tsubst\tsubst\tprop\t1\tFLAT\t_\tname=I-PER
3\t,\t$,\t<komma>\t<komma>\t_\t4\tIK\t_\tname=O
4\tordførar\tordførar\tsubst\tsubst\tappell|mask|ub|eint\t0\tFRAG\t_\tname=O
5\ti\ti\tprep\tprep\t_\t4\tATR\t_\tname=O
6\tLier\tLier\tsubst\tsubst\tprop\t5\tPUTFYLL\t_\tname=B-GPE_LOC
7\t.\t$.\tclb\tclb\t<punkt>\t4\tIP\t_\tname=O

"""


class TreebankError(Exception):
    """A treebank file that cannot be read: names the file and line."""


@dataclass(frozen=True)
class Token:
    form: str
    lemma: str
    pos: str
    features: frozenset[str]
    head: int  # 1-based, 0 for the root
    relation: str
    entity: str  # IOB2: "O", "B-PER", "I-ORG" …


@dataclass(frozen=True)
class Sentence:
    sent_id: str
    tokens: tuple[Token, ...]

    @property
    def document(self) -> str:
        return self.sent_id.rsplit(":", 1)[0]


def read_sentences(lines: Iterable[str], name: str = "<treebank>") -> Iterator[Sentence]:
    """The sentences of an NDT file, in order."""
    sent_id, tokens = "", []
    for number, line in enumerate(lines, 1):
        line = line.rstrip("\n")
        if line.startswith("# sent_id = "):
            sent_id = line.removeprefix("# sent_id = ").strip()
        elif line.startswith("#"):
            continue
        elif not line.strip():
            if tokens and (kept := _without_markers(tokens)):
                yield Sentence(sent_id, kept)
            tokens = []
        else:
            columns = line.split("\t")
            if len(columns) != 10 or not columns[6].isdigit():
                raise TreebankError(f"{name}:{number}: not an NDT token line (10 tab-separated columns)")
            entity = columns[9].removeprefix("name=") if columns[9].startswith("name=") else "O"
            tokens.append(Token(columns[1], columns[2], columns[3], frozenset(columns[5].split("|")) - {"_"},
                                int(columns[6]), columns[7], entity))
    if tokens and (kept := _without_markers(tokens)):
        yield Sentence(sent_id, kept)


def _without_markers(tokens: list[Token]) -> tuple[Token, ...]:
    """The tokens less NDT's ``|``, which marks the end of a heading and is no part of the text;
    heads are renumbered (nothing depends on a marker)."""
    kept = [i for i, token in enumerate(tokens, 1)
            if token.form != HEADING_END or any(other.head == i for other in tokens)]
    if len(kept) == len(tokens):
        return tuple(tokens)
    number = {old: new for new, old in enumerate(kept, 1)} | {0: 0}
    return tuple(replace(tokens[i - 1], head=number.get(tokens[i - 1].head, 0)) for i in kept)


def _lemma(token: Token) -> str:
    # NDT writes punctuation lemmas as "$," ; spaCy's lemmatizer should give the form back
    return token.form if token.lemma.startswith("$") or not token.lemma else token.lemma


def spaces(forms: list[str]) -> list[bool]:
    """Whether a space follows each token, as print would have it.

    >>> spaces(["Hei", ",", "(", "sa", ")", "ho", "."])
    [False, True, False, False, True, False, False]
    """
    out = []
    for position, form in enumerate(forms):
        following = forms[position + 1] if position + 1 < len(forms) else ""
        out.append(bool(following) and not (_NO_SPACE_AFTER.match(form) or _NO_SPACE_BEFORE.match(following)))
    return out


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


def treebank_file(treebank: Path, standard: str, split: str) -> Path:
    return Path(treebank) / f"{STANDARDS[standard]}-{split}.conll"


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
