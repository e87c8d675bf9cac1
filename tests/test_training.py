"""The training command's own steps on a few sentences of our own (the treebank is not needed)."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import DocBin

from training.__main__ import CONFIG, main, pretrain

SENTENCES = ["Kari Holm er ordførar i Lier.", "Hallingdal regionråd møttest i går på Gol.",
             "Rådmannen i Modum la fram budsjettet.", "Flå, Nes og Gol er med i regionrådet."] * 5


def test_pretraining_writes_weights_the_training_can_start_from(tmp_path):
    nlp = spacy.blank("nb")
    bin_ = DocBin()
    for text in SENTENCES:
        doc = nlp(text)
        for token in doc[1:]:
            token.is_sent_start = False
        bin_.add(doc)
    bin_.to_disk(tmp_path / "train.spacy")
    small = {"components.tok2vec.model.encode.width": 32, "components.tok2vec.model.encode.depth": 1,
             "system.seed": 1}
    weights = pretrain(tmp_path / "train.spacy", tmp_path / "pretrain", CONFIG, small, 1)
    assert weights == tmp_path / "pretrain" / "model0.bin" and weights.stat().st_size > 10_000
    raw = (tmp_path / "pretrain" / "raw.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(raw) == len(SENTENCES) and '"text": "Kari Holm er ordførar i Lier."' in raw[0]


def test_the_output_must_be_outside_the_repository(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["../shared/treebank", "-o", "training/out"])
    assert stop.value.code == 2 and "outside the repository" in capsys.readouterr().err
