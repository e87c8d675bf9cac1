"""Lemmas in the text's own written standard.

One lemmatizer serves Bokmål and Nynorsk, and where the standards lemmatize the same form
differently it learns the more frequent: "er" → "være" in Nynorsk text too. This component puts
such a lemma back into the standard the text is written in, from a table of forms whose lemma
differs between the standards (learned from the treebank's training split by ``training``). The
standard is ``doc.user_data["standard"]`` (``"nb"`` or ``"nn"``) where the caller knows it, else
detected from the text (:func:`kg.sources.language.detect_language`).

>>> from spacy.lang.nb import Norwegian
>>> nlp = Norwegian()
>>> fix = nlp.add_pipe("standard_lemmas")
>>> fix.table = {"er": {"nb": "være", "nn": "vere"}}
>>> doc = nlp.make_doc("Ho er ikkje her")
>>> doc[1].lemma_ = "være"
>>> fix(doc)[1].lemma_
'vere'
"""

from __future__ import annotations

import json
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from kg.sources.language import detect_language

STANDARDS = ("nb", "nn")
_FILE = "table.json"


class StandardLemmas:
    """Replace a lemma of the other written standard by this text's, for the forms in ``table``."""

    def __init__(self, nlp: Language, name: str):
        self.name = name
        #: form (lower case) → {"nb": lemma, "nn": lemma}
        self.table: dict[str, dict[str, str]] = {}

    def __call__(self, doc: Doc) -> Doc:
        standard = doc.user_data.get("standard")
        if standard not in STANDARDS:
            standard = detect_language(doc.text)
        other = "nn" if standard == "nb" else "nb"
        for token in doc:
            entry = self.table.get(token.lower_)
            if entry is not None and token.lemma_ == entry[other]:
                token.lemma_ = entry[standard]
        return doc

    def to_disk(self, path, exclude=()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / _FILE).write_text(json.dumps(self.table, ensure_ascii=False, sort_keys=True, indent=0) + "\n",
                                  encoding="utf-8")

    def from_disk(self, path, exclude=()) -> StandardLemmas:
        self.table = json.loads((Path(path) / _FILE).read_text(encoding="utf-8"))
        return self


@Language.factory("standard_lemmas", assigns=["token.lemma"], requires=["token.lemma"])
def make_standard_lemmas(nlp: Language, name: str) -> StandardLemmas:
    return StandardLemmas(nlp, name)
