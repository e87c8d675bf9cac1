"""Read the Norwegian Dependency Treebank (NDT's 10-column format with NorNE entities) and rebuild
passages of it as articles, for training the language pipeline and scoring the extractor on gold
facts that point at treebank sentences by ``sent_id``.

NDT records no spacing, so a text is rebuilt with the spacing Norwegian print uses (no space before
a comma or full stop, none inside brackets). The treebank's texts may not be republished: they are
read from the treebank folder when needed and never copied into the repository.

>>> sentences = list(read_sentences(io.StringIO(SAMPLE)))
>>> [token.form for token in sentences[0].tokens]
['Kari', 'Holm', ',', 'ordførar', 'i', 'Lier', '.']
>>> sentences[0].text
'Kari Holm, ordførar i Lier.'
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

from kg.errors import InputError

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


class TreebankError(InputError):
    """A treebank file that cannot be read, or a sentence it does not hold."""


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

    @property
    def forms(self) -> list[str]:
        return [token.form for token in self.tokens]

    @property
    def text(self) -> str:
        """The sentence as print would space it."""
        forms = self.forms
        return "".join(form + (" " if space else "") for form, space in zip(forms, spaces(forms)))


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


def treebank_file(treebank: Path, standard: str, split: str) -> Path:
    return Path(treebank) / f"{STANDARDS[standard]}-{split}.conll"


def read_file(path: Path) -> list[Sentence]:
    """Every sentence of one treebank file."""
    try:
        with open(path, encoding="utf-8") as lines:
            return list(read_sentences(lines, str(path)))
    except OSError as error:
        raise TreebankError(f"{path}: cannot read ({error.strerror or error})") from error


class Treebank:
    """The treebank folder's sentences by ``sent_id``, read on first use.

    >>> Treebank("/nowhere").passage(["doc1:0"])
    Traceback (most recent call last):
    kg.sources.treebank.TreebankError: /nowhere: not a treebank folder (no nob-train.conll …)
    """

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)

    @cached_property
    def sentences(self) -> dict[str, Sentence]:
        files = [path for standard in STANDARDS for split in SPLITS
                 if (path := treebank_file(self.folder, standard, split)).is_file()]
        if not files:
            raise TreebankError(f"{self.folder}: not a treebank folder (no nob-train.conll …)")
        return {sentence.sent_id: sentence for path in files for sentence in read_file(path)}

    def passage(self, sent_ids: list[str]) -> str:
        """The text of consecutive sentences, joined as a paragraph."""
        try:
            return " ".join(self.sentences[sent_id].text for sent_id in sent_ids)
        except KeyError as error:
            raise TreebankError(f"{self.folder}: no sentence {error.args[0]!r}") from None
