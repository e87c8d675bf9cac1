"""The shipped Norwegian pipeline (kg/nlp/model): it loads offline, analyses both written standards,
and keeps the figures recorded in its meta.json on the treebank's test split."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.nlp import MODEL, accuracy, load_pipeline, meta

TREEBANK = Path(__file__).resolve().parents[2] / "shared" / "treebank"
#: How far a recorded figure may drop (half a point) before the test fails.
TOLERANCE = 0.005
COMPONENTS = {"tok2vec", "morphologizer", "trainable_lemmatizer", "parser", "ner"}


def test_the_pipeline_loads_from_the_package_with_every_component():
    nlp = load_pipeline()
    assert Path(nlp.path) == MODEL
    assert COMPONENTS <= set(nlp.pipe_names)
    assert load_pipeline() is nlp  # once per process


@pytest.mark.parametrize("text", ["Kari Holm er ordfører i Lier. Hun ble valgt i 2019.",
                                  "Kari Holm er ordførar i Lier. Ho vart vald i 2019."])
def test_every_token_gets_a_part_of_speech_a_lemma_and_a_head(text):
    doc = load_pipeline()(text)
    assert all(token.pos_ and token.lemma_ for token in doc)
    assert all(token.head.i == token.i or token.dep_ != "ROOT" for token in doc)
    assert 1 <= len(list(doc.sents)) <= 3
    assert set(meta()["labels"]["ner"]) >= {"PER", "ORG", "GPE_LOC", "GPE_ORG"}


def test_the_recorded_figures_cover_both_standards_and_every_measure():
    for standard in ("nb", "nn"):
        assert set(accuracy()[standard]) >= {"pos", "lemma", "uas", "las", "sents_f", "ents_f", "ents_f_PER",
                                             "ents_f_ORG", "ents_f_GPE_LOC", "ents_f_GPE_ORG"}


@pytest.mark.skipif(not TREEBANK.is_dir(), reason=f"the treebank is not at {TREEBANK} (../shared/treebank)")
def test_the_shipped_pipeline_keeps_its_recorded_figures_on_the_test_split():
    from training.evaluate import score_treebank

    measured = score_treebank(load_pipeline(), TREEBANK, "test")
    dropped = [f"{standard} {name}: {measured[standard][name]:.4f} < recorded {value:.4f}"
               for standard, figures in accuracy("test").items() for name, value in figures.items()
               if measured[standard][name] < value - TOLERANCE]
    assert not dropped, "; ".join(dropped)


def test_the_model_card_and_the_readme_show_the_recorded_figures():
    from training.card import README, table

    for document in (MODEL / "README.md", README):
        assert table(meta()["kommunegraf"]) in document.read_text(encoding="utf-8"), document


def test_the_layers_multiply_on_numpy_with_the_same_results_as_thinc():
    import numpy
    from thinc.api import NumpyOps

    from kg.nlp.ops import NumpyMatmulOps

    assert {type(pipe.model.ops) for _, pipe in load_pipeline().pipeline if hasattr(pipe, "model")} == {NumpyMatmulOps}
    rng = numpy.random.default_rng(1)
    x, y = rng.random((50, 384), dtype="float32"), rng.random((128, 384), dtype="float32")
    out = numpy.empty((50, 128), dtype="float32")
    assert numpy.allclose(NumpyMatmulOps().gemm(x, y, out=out, trans2=True), NumpyOps().gemm(x, y, trans2=True),
                          rtol=1e-5)
    assert numpy.allclose(NumpyMatmulOps().gemm(x.T, y.T, trans1=True), NumpyOps().gemm(x.T, y.T, trans1=True),
                          rtol=1e-5)
