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


def test_name_swapping_changes_only_the_persons_names(tmp_path):
    from random import Random

    from spacy.tokens import Doc
    from spacy.training import Example

    from training.augment import create_person_names_augmenter, name_pools, swap_names

    nlp = spacy.blank("nb")
    words = ["Kari", "Holm", "er", "ordførar", "i", "Lier", "og", "Per", "Dal", "rådmann", "."]
    heads = [1, 2, 2, 2, 3, 4, 9, 8, 9, 2, 2]
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=["FLAT", "SUBJ", "ROOT", "SPRED", "ATR", "PUTFYLL", "KONJ",
                                                         "FLAT", "SUBJ", "KOORD", "IP"],
              pos=["PROPN", "PROPN", "AUX", "NOUN", "ADP", "PROPN", "CCONJ", "PROPN", "PROPN", "NOUN", "PUNCT"],
              morphs=["Gender=Fem", "", "", "", "", "", "", "Gender=Masc", "", "", ""],
              ents=["B-PER", "I-PER", "O", "O", "O", "B-GPE_LOC", "O", "B-PER", "I-PER", "O", "O"])
    other = Doc(nlp.vocab, words=["Eva", "Lunde", "og", "Ola", "Berg"], pos=["PROPN"] * 2 + ["CCONJ"] + ["PROPN"] * 2,
                morphs=["Gender=Fem", "", "", "Gender=Masc", ""], ents=["B-PER", "I-PER", "O", "B-PER", "I-PER"])
    pools = name_pools([doc, other])
    assert [text for text, _ in pools[("given", "Gender=Fem")]] == ["Kari", "Eva"]
    swapped = swap_names(nlp, Example(nlp.make_doc(doc.text), doc), pools, Random(3)).reference
    assert [t.text for t in swapped][2:7] == words[2:7] and swapped[0].text in ("Kari", "Eva")
    assert swapped[7].text in ("Per", "Ola") and swapped[1].text in ("Holm", "Lunde", "Dal", "Berg")
    keep = lambda d: [(t.dep_, t.head.i, t.pos_, str(t.morph), t.ent_iob_, t.ent_type_) for t in d]  # noqa: E731
    assert keep(swapped) == keep(doc)
    bin_ = DocBin(docs=[doc, other])
    bin_.to_disk(tmp_path / "train.spacy")
    augment = create_person_names_augmenter(str(tmp_path / "train.spacy"), level=1.0)
    assert [t.text for t in next(augment(nlp, Example(nlp.make_doc(doc.text), doc))).reference][3] == "ordførar"
