"""kommunegraf's Norwegian language pipeline, for Bokmål and Nynorsk alike: parts of speech and
UD features, lemmas, a dependency parse with NDT's labels, sentences and NorNE entities.

It was trained from the Norwegian Dependency Treebank with NorNE's entities (see ``training/``)
and ships inside the package (``kg/nlp/model/``, with its model card); it is loaded from there,
once per process, and never downloaded.

>>> nlp = load_pipeline()
>>> doc = nlp("Kari Holm er ordførar i Lier kommune.")
>>> [(token.text, token.pos_) for token in doc][:2]
[('Kari', 'PROPN'), ('Holm', 'PROPN')]
>>> sorted(accuracy()) == ["nb", "nn"]
True
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import spacy
from thinc.api import use_ops
from threadpoolctl import threadpool_limits

from kg.errors import LanguageModelError
from kg.nlp import standard  # noqa: F401 (registers the standard_lemmas component spacy.load needs)
from kg.nlp.ops import NumpyMatmulOps

#: The shipped pipeline: spaCy's ``to_disk`` folder.
MODEL = Path(__file__).resolve().parent / "model"


@cache
def load_pipeline(exclude: tuple[str, ...] = ()):
    """The shipped pipeline, less the components named in ``exclude`` (loaded once per process for
    each ``exclude``)."""
    if not (MODEL / "meta.json").is_file():
        raise LanguageModelError(f"the Norwegian pipeline is missing from {MODEL}; reinstall kommunegraf")
    # the layers' products are small: BLAS threads would only contend with the processes that
    # extraction scales by (kg ingest --workers), so a process that loads the pipeline uses one
    threadpool_limits(1, user_api="blas")
    try:
        with use_ops(NumpyMatmulOps.name):  # the layers spacy.load builds take these ops
            return spacy.load(MODEL, exclude=list(exclude))
    except (OSError, ValueError) as error:
        raise LanguageModelError(f"cannot load the Norwegian pipeline in {MODEL}: {error}") from error


def meta() -> dict:
    """The shipped pipeline's ``meta.json``."""
    try:
        return json.loads((MODEL / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise LanguageModelError(f"cannot read {MODEL / 'meta.json'}: {error}") from error


def accuracy(split: str = "test") -> dict[str, dict[str, float]]:
    """The recorded figures on the treebank's ``split``, per written standard (``nb``, ``nn``)."""
    return meta()["kommunegraf"][split]
