"""Convert the treebank and train kommunegraf's Norwegian pipeline, then score it on the test split.

    python -m training ../shared/treebank -o /tmp/kg-train [--set KEY=VALUE ...] [--pretrain EPOCHS] [--ship]

Writes into OUT: ``corpus/`` (DocBins: they hold treebank text, so OUT must be outside the
repository), ``model-best/`` and ``model-last/`` (spaCy's), and ``report.json`` (settings, training
time, size, speed, and the dev and test figures per written standard, also written into
``model-best/meta.json``). ``--ship`` copies ``model-best`` into ``kg/nlp/model/`` beside its model card.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

import spacy
from spacy.tokens import DocBin

import kg.nlp.standard  # noqa: F401 (registers the standard_lemmas component)
import training.augment  # noqa: F401 (registers the person-name augmenter)
from training.card import update_card
from training.convert import TreebankError, convert
from training.evaluate import score_treebank, sentencizer_f, words_per_second
from training.lemmas import treebank_lemma_table

HERE = Path(__file__).resolve().parent
CONFIG = HERE / "config.cfg"
SHIPPED = HERE.parent / "kg" / "nlp" / "model"
STANDARD_LEMMAS = "standard_lemmas"
#: What meta.json says of the pipeline beside spaCy's own fields.
META = {
    "name": "kommunegraf_nor", "version": "0.1.0", "spacy_version": ">=3.8.0,<3.9.0",
    "description": "kommunegraf's Norwegian pipeline for Bokmål and Nynorsk: tok2vec, morphologizer (UPOS and UD "
                   "features), trainable lemmatizer with lemmas put back into the text's written standard, parser "
                   "(NDT labels; sentence boundaries), NER (NorNE labels). Trained with kommunegraf's training/.",
    "author": "kommunegraf contributors", "license": "MIT",
    "sources": [{"name": "Norwegian Dependency Treebank (NDT), Bokmål and Nynorsk", "author": "National Library of "
                 "Norway (Språkbanken)", "license": "annotations CC0; the weights carry no text"},
                {"name": "NorNE: Norwegian Named Entities (commit bd311de)", "author": "Language Technology Group, "
                 "University of Oslo; Schibsted; Språkbanken", "license": "CC0"}],
}
#: What the shipped folder keeps when a new model is copied in.
MODEL_CARD = "README.md"


def _say(message: str) -> None:
    print(f"[training] {message}", file=sys.stderr, flush=True)


def folder_mib(path: Path) -> float:
    return round(sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file()) / 2**20, 2)


def _value(text: str):
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return text


def train(treebank: Path, out: Path, overrides: dict, config: Path = CONFIG, pretrain_epochs: int = 0,
          init_tok2vec: Path | None = None, swap_names: float = 0.0) -> dict:
    """Convert, train and score; returns the report (also written to ``out/report.json``).

    With ``pretrain_epochs``, the tok2vec is first pretrained on the training split's raw text
    (spaCy's character objective: :func:`pretrain`); ``init_tok2vec`` starts from weights so made.
    With ``swap_names``, that share of the training examples is shown with its persons' names
    swapped for others of the training split (:mod:`training.augment`).
    """
    from spacy.cli.train import train as spacy_train

    out = Path(out)
    _say(f"converting {treebank} into {out / 'corpus'}")
    corpus = convert(Path(treebank), out / "corpus")
    if pretrain_epochs:
        init_tok2vec = pretrain(corpus["train"], out / "pretrain", config, overrides, pretrain_epochs)
    if init_tok2vec is not None:
        overrides = {**overrides, "paths.init_tok2vec": str(init_tok2vec)}
    if swap_names:
        overrides = {**overrides, "corpora.train.augmenter": {
            "@augmenters": "kommunegraf.person_names.v1", "names": str(corpus["train"]), "level": swap_names}}
    settings = {"paths.train": str(corpus["train"]), "paths.dev": str(corpus["dev"]), **overrides}
    _say(f"training with {config.name} {json.dumps(overrides)} (a table line per evaluation on dev)")
    started = time.perf_counter()
    spacy_train(config, out, use_gpu=-1, overrides=settings)
    return score_model(treebank, out, config.name, overrides, round(time.perf_counter() - started))


def pretrain(train: Path, out: Path, config: Path, overrides: dict, epochs: int) -> Path:
    """Pretrain the tok2vec of ``config`` on the sentences of the DocBin ``train`` for ``epochs``
    epochs; returns the weights of the last epoch."""
    from spacy.cli.init_config import fill_config
    from spacy.training.pretrain import pretrain as spacy_pretrain
    from spacy.util import load_config

    out.mkdir(parents=True, exist_ok=True)
    raw = out / "raw.jsonl"  # treebank text: out is outside the repository
    nlp = spacy.blank("nb")
    with raw.open("w", encoding="utf-8") as handle:
        for doc in DocBin().from_disk(train).get_docs(nlp.vocab):
            for sentence in doc.sents:
                handle.write(json.dumps({"text": sentence.text}, ensure_ascii=False) + "\n")
    filled = out / "config.cfg"
    fill_config(filled, config, pretraining=True, silent=True)
    settings = load_config(filled, overrides={"paths.raw_text": str(raw), "pretraining.max_epochs": epochs,
                                              **overrides}, interpolate=False)
    _say(f"pretraining the tok2vec for {epochs} epochs on {raw}")
    spacy_pretrain(settings.interpolate(), out, use_gpu=-1, silent=False)
    return out / f"model{epochs - 1}.bin"


def score_model(treebank: Path, out: Path, config: str, overrides: dict, seconds: int | None) -> dict:
    """Score ``out/model-best``; write the figures into its ``meta.json`` and ``out/report.json``."""
    dev = out / "corpus" / "dev.spacy"
    if not dev.exists():  # re-scoring a model trained elsewhere
        convert(Path(treebank), out / "corpus")
    best = out / "model-best"
    nlp = spacy.load(best)
    if STANDARD_LEMMAS not in nlp.pipe_names:
        _say("adding the table of lemmas that differ between Bokmål and Nynorsk")
        nlp.add_pipe(STANDARD_LEMMAS, after="trainable_lemmatizer").table = treebank_lemma_table(treebank)
        nlp.to_disk(best)
    _say("scoring model-best on the dev and test splits")
    meta_path = best / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    if seconds is None:  # re-scoring: keep what training took
        seconds = meta.get("kommunegraf", {}).get("training_seconds")
    figures = {"config": config, "overrides": overrides, "training_seconds": seconds,
               "size_mib": folder_mib(best), "dev": score_treebank(nlp, treebank, "dev"),
               "test": score_treebank(nlp, treebank, "test"), "sentencizer_sents_f": sentencizer_f(treebank)}
    texts = [doc.text for doc in DocBin().from_disk(dev).get_docs(nlp.vocab)]
    figures["words_per_second"] = {
        "full": round(words_per_second(nlp, texts)),
        "without_parser": round(words_per_second(nlp, texts, ("parser",))),
        "tokenizer": round(words_per_second(nlp, texts, tuple(nlp.pipe_names))),
    }
    meta.update(META)
    meta["kommunegraf"] = figures
    meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (out / "report.json").write_text(json.dumps(figures, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return figures


def ship(best: Path, target: Path = SHIPPED) -> None:
    """Replace the shipped weights with ``best``, keeping the model card."""
    card = (target / MODEL_CARD).read_text(encoding="utf-8") if (target / MODEL_CARD).exists() else None
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(best, target)
    if card is not None:
        (target / MODEL_CARD).write_text(card, encoding="utf-8")
        update_card(target)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training", description=__doc__.split("\n\n")[0])
    parser.add_argument("treebank", type=Path, help="the treebank folder (nob-train.conll …)")
    parser.add_argument("-o", "--out", type=Path, required=True, help="output folder, outside the repository")
    parser.add_argument("--config", type=Path, default=CONFIG)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                        help="a config override, e.g. components.tok2vec.model.encode.width=128")
    parser.add_argument("--score-only", action="store_true",
                        help="do not train: score OUT/model-best (say the --set used to train it)")
    parser.add_argument("--ship", action="store_true", help="copy model-best into kg/nlp/model/")
    parser.add_argument("--pretrain", type=int, default=0, metavar="EPOCHS",
                        help="first pretrain the tok2vec on the training split's raw text for EPOCHS epochs")
    parser.add_argument("--init-tok2vec", type=Path, metavar="BIN",
                        help="start the tok2vec from pretrained weights (OUT/pretrain/modelN.bin of an earlier run)")
    parser.add_argument("--swap-names", type=float, default=0.0, metavar="SHARE",
                        help="show SHARE of the training examples with their persons' names swapped for others")
    args = parser.parse_args(argv)
    if args.out.resolve().is_relative_to(HERE.parent):
        parser.error(f"{args.out}: the output holds treebank text; put it outside the repository")
    overrides = {"system.seed": args.seed}
    for item in args.set:
        key, sep, value = item.partition("=")
        if not sep:
            parser.error(f"--set {item}: expected KEY=VALUE")
        overrides[key] = _value(value)
    try:
        if args.score_only:
            figures = score_model(args.treebank, args.out, args.config.name, overrides, None)
        else:
            figures = train(args.treebank, args.out, overrides, args.config, args.pretrain, args.init_tok2vec,
                            args.swap_names)
    except TreebankError as error:
        print(f"training: error: {error}", file=sys.stderr)
        return 2
    print(json.dumps(figures, ensure_ascii=False, indent=2))
    if args.ship:
        ship(args.out / "model-best")
        _say(f"copied model-best into {SHIPPED} ({folder_mib(SHIPPED)} MiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
