"""The figures table of the model card (``kg/nlp/model/README.md``), made from the pipeline's
``meta.json`` beside spaCy's published Norwegian pipelines, so the card cannot drift from the weights.

    python -m training.card          # write the table into the model card and README.md

>>> "| UAS |" in table({"test": {s: dict.fromkeys(FIGURES, 0.5) for s in ("nb", "nn")}})
True
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from training.evaluate import ENTITY_TYPES

#: Row label → our figure's name.
FIGURES = {"POS (UPOS)": "pos", "lemma": "lemma", "UAS": "uas", "LAS": "las", "sentences F1": "sents_f",
           "entities F1": "ents_f", **{f"`{kind}` F1": f"ents_f_{kind}" for kind in ENTITY_TYPES}}

#: spaCy's Bokmål pipelines, version 3.8.0, as their meta.json gives them (explosion/spacy-models,
#: meta/nb_core_news_{sm,md,lg}-3.8.0.json). Trained on UD Norwegian Bokmål, whose parse uses UD
#: labels; ours uses NDT's, so the parse figures compare two label sets over the same texts' kind.
SPACY = {
    "sm": {"pos": 0.9672, "lemma": 0.9677, "uas": 0.8813, "las": 0.8478, "sents_f": 0.9263, "ents_f": 0.7479,
           "ents_f_PER": 0.8137, "ents_f_ORG": 0.7853, "ents_f_GPE_LOC": 0.7771, "ents_f_GPE_ORG": 0.5686},
    "md": {"pos": 0.9735, "lemma": 0.9713, "uas": 0.8911, "las": 0.8611, "sents_f": 0.9402, "ents_f": 0.8161,
           "ents_f_PER": 0.8978, "ents_f_ORG": 0.8424, "ents_f_GPE_LOC": 0.8503, "ents_f_GPE_ORG": 0.6545},
    "lg": {"pos": 0.9744, "lemma": 0.9723, "uas": 0.8915, "las": 0.8608, "sents_f": 0.9354, "ents_f": 0.8386,
           "ents_f_PER": 0.9220, "ents_f_ORG": 0.8544, "ents_f_GPE_LOC": 0.8743, "ents_f_GPE_ORG": 0.6857},
}
SPACY_SIZES = {"sm": "11 MB", "md": "40 MB (word vectors)", "lg": "542 MB (word vectors)"}


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f}"


def table(figures: dict) -> str:
    """Markdown: our test-split figures per written standard, and spaCy's Bokmål pipelines."""
    test = figures["test"]
    lines = ["| figure (test split, %) | ours, Bokmål | ours, Nynorsk | spaCy nb sm | spaCy nb md | spaCy nb lg |",
             "|---|---|---|---|---|---|"]
    for label, name in FIGURES.items():
        lines.append(f"| {label} | {_pct(test['nb'].get(name))} | {_pct(test['nn'].get(name))} | "
                     + " | ".join(_pct(SPACY[size].get(name)) for size in SPACY) + " |")
    return "\n".join(lines)


README = Path(__file__).resolve().parent.parent / "README.md"
BEGIN = "<!-- figures: written by python -m training.card from meta.json -->"
END = "<!-- /figures -->"


def write_table(path: Path, figures: dict) -> None:
    """Write the figures table between the markers of the markdown file ``path``."""
    text = path.read_text(encoding="utf-8")
    head, begin, rest = text.partition(BEGIN)
    _, end, tail = rest.partition(END)
    if not (begin and end):
        raise ValueError(f"{path}: no {BEGIN} … {END} block to write the figures into")
    path.write_text(f"{head}{BEGIN}\n{table(figures)}\n{END}{tail}", encoding="utf-8")


def update_card(model: Path) -> None:
    """Write the figures of ``model/meta.json`` into the model card and the project's README."""
    figures = json.loads((model / "meta.json").read_text(encoding="utf-8"))["kommunegraf"]
    for path in (model / "README.md", README):
        write_table(path, figures)


def main() -> int:
    update_card(Path(__file__).resolve().parent.parent / "kg" / "nlp" / "model")
    return 0


if __name__ == "__main__":
    sys.exit(main())
