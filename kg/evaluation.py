"""Score the extractor against a gold corpus: precision, recall and F1 per fact type.

A gold corpus is a folder laid out like ``../shared/corpus/dev``: ``articles/ID.txt``,
``index.jsonl`` (``id``, ``date``, ``language``, ``publisher`` …) and ``gold.jsonl``
(``{"id": …, "facts": [...]}`` with ``holds_post`` facts of ``person``, ``post``, ``org`` and
``member_of`` facts of ``member``, ``network``); or a ``.jsonl`` file of treebank passages, each
naming its sentences by ``sent_id`` (``tests/corpus/treebank/``).

Matching: names compare case-insensitively; an organisation matches by name or, when both resolve
to a municipality or county on the article's date, by that unit (so "Drammens" or "Florø" agree
with the gold "Drammen" or "Flora"); a network's leading determiner is ignored ("det
administrative storbynettverket" = "administrative storbynettverket").

>>> score = Score(tp=9, fp=1, fn=1)
>>> round(score.precision, 2), round(score.recall, 2), round(score.f1, 2)
(0.9, 0.9, 0.9)
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from kg.errors import InputError
from kg.sources import Article
from kg.sources.treebank import Treebank

TYPES = ("holds_post", "member_of")


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Evaluation:
    """Scores per fact type and overall, with the facts missed and the facts extracted in excess."""

    scores: dict[str, Score] = field(default_factory=lambda: {t: Score() for t in TYPES})
    missed: list[dict] = field(default_factory=list)
    extra: list[dict] = field(default_factory=list)
    articles: int = 0
    #: per extraction rule: the facts it read that are in the gold (tp) and that are not (fp)
    by_rule: dict[str, Score] = field(default_factory=dict)

    @property
    def overall(self) -> Score:
        return Score(*(sum(getattr(s, k) for s in self.scores.values()) for k in ("tp", "fp", "fn")))

    def rule_rows(self) -> list[dict]:
        """How often each rule read a fact, and how many of those are in the gold, most used first."""
        return [{"rule": name, "facts": score.tp + score.fp, "correct": score.tp,
                 "precision": round(score.precision, 3)}
                for name, score in sorted(self.by_rule.items(), key=lambda item: (-item[1].tp - item[1].fp, item[0]))]

    def rows(self) -> list[dict]:
        out = []
        for name, score in [*self.scores.items(), ("all", self.overall)]:
            out.append({"type": name, "precision": round(score.precision, 3), "recall": round(score.recall, 3),
                        "f1": round(score.f1, 3), "tp": score.tp, "fp": score.fp, "fn": score.fn})
        return out


def evaluate(gold: str | Path, treebank: str | Path | None = None) -> Evaluation:
    """Extract every article of a gold corpus and compare with its gold facts.

    ``gold`` is a corpus folder, or a ``.jsonl`` file of passages that point at sentences of the
    treebank in the folder ``treebank`` (see :func:`gold_articles`).
    """
    from kg.extraction import extract_many
    from kg.parallel import map_chunks_in_order

    result = Evaluation()
    pairs = gold_articles(gold, treebank)
    for (article, expected), extraction in map_chunks_in_order(
            lambda chunk: extract_many([article for article, _ in chunk]), pairs):
        predicted = [f.to_json(article.id) | {"rules": list(f.rules)}
                     for f in extraction.facts if f.type in TYPES]
        _compare(result, article, [g for g in expected if g.get("type") in TYPES], predicted)
        result.articles += 1
    return result


def gold_articles(gold: str | Path, treebank: str | Path | None = None) -> Iterator[tuple[Article, list[dict]]]:
    """The articles of a gold corpus with their gold facts.

    A folder holds ``articles/``, ``index.jsonl`` and ``gold.jsonl``. A ``.jsonl`` file holds one
    passage a line, ``{"id", "sent_ids", "language", "date", "publisher", "facts"}``, whose text is
    read from the treebank folder by ``sent_id`` (its texts may not be copied elsewhere).
    """
    gold = Path(gold)
    if gold.is_file():
        if treebank is None:
            raise InputError(f"{gold}: a treebank gold file needs the treebank folder (--treebank)")
        sentences = Treebank(treebank)
        for record in _read_jsonl(gold):
            if not isinstance(record.get("sent_ids"), list) or not record["sent_ids"]:
                raise InputError(f"{gold}: passage {record['id']!r} has no 'sent_ids'")
            yield _article(record, sentences.passage(record["sent_ids"])), record.get("facts", [])
        return
    index = _read_jsonl(gold / "index.jsonl")
    facts = {record["id"]: record.get("facts", []) for record in _read_jsonl(gold / "gold.jsonl")}
    for meta in index:
        path = gold / "articles" / f"{meta['id']}.txt"
        if not path.is_file():
            raise InputError(f"{path}: article listed in index.jsonl is missing")
        yield _article(meta, path.read_text(encoding="utf-8")), facts.get(meta["id"], [])


def _article(meta: dict, text: str) -> Article:
    day = date.fromisoformat(meta["date"]) if meta.get("date") else None
    return Article(meta["id"], text, date=day, language=meta.get("language"), publisher=meta.get("publisher"))


def _compare(result: Evaluation, article: Article, expected: list[dict], predicted: list[dict]) -> None:
    unmatched = list(predicted)
    for fact in expected:
        match = next((p for p in unmatched if _matches(article, fact, p)), None)
        if match is not None:
            unmatched.remove(match)
            result.scores[fact["type"]].tp += 1
            for rule in match.get("rules", ()):
                result.by_rule.setdefault(rule, Score()).tp += 1
        else:
            result.scores[fact["type"]].fn += 1
            result.missed.append({"article": article.id, **fact})
    for fact in unmatched:
        result.scores[fact["type"]].fp += 1
        for rule in fact.get("rules", ()):
            result.by_rule.setdefault(rule, Score()).fp += 1
        result.extra.append({key: value for key, value in fact.items() if key not in ("evidence", "rules")}
                            | {"evidence": fact["evidence"]["text"]})


def _matches(article: Article, gold: dict, got: dict) -> bool:
    if gold["type"] != got["type"]:
        return False
    if gold["type"] == "holds_post":
        return (_same_name(gold.get("person"), got["person"]) and _same_post(gold["post"], got["post"])
                and _same_org(article, gold.get("org"), got["organization"], got["organization_id"]))
    return (_same_org(article, gold.get("member"), got["member"], got["member_id"])
            and _network(gold["network"]) == _network(got["network"]))


#: Regular noun endings: gold writes an ``other:`` title as the text has it ("leder av
#: kontrollutvalget"), the extractor as the lexicon's base form ("leder av kontrollutvalg").
_ENDINGS = ("", "en", "et", "a", "e", "ene", "ane", "ar", "er", "t")


def _same_post(gold: str, got: str) -> bool:
    """The same post: equal, or ``other:`` titles whose words differ only by a regular ending.

    >>> _same_post("other:leder av kontrollutvalget", "other:leder av kontrollutvalg")
    True
    >>> _same_post("other:leder", "other:nestleder")
    False
    """
    if gold == got:
        return True
    if not (gold.startswith("other:") and got.startswith("other:")):
        return False
    a, b = gold[6:].casefold().split(), got[6:].casefold().split()
    return len(a) == len(b) and all(
        x == y or any(x == y + e or y == x + e for e in _ENDINGS if e) for x, y in zip(a, b))


def _same_name(a: str | None, b: str | None) -> bool:
    return (a or "").casefold().strip() == (b or "").casefold().strip()


def _same_org(article: Article, gold: str | None, name: str | None, number: str | None) -> bool:
    if _same_name(gold, name):
        return True
    if gold is None or name is None:
        return False
    from kg.resolve.gazetteer import Gazetteer

    resolved = Gazetteer.default().resolve(gold, article.date)
    return resolved is not None and resolved.number is not None and resolved.number == number


def _network(name: str) -> str:
    words = name.casefold().split()
    return " ".join(words[1:] if len(words) > 1 and words[0] in ("det", "den", "dei", "de") else words)


def _read_jsonl(path: Path) -> list[dict]:
    if not path.is_file():
        raise InputError(f"{path}: not found (a gold corpus has articles/, index.jsonl and gold.jsonl)")
    records = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise InputError(f"{path}:{number}: not valid JSON ({error.msg})") from None
        if not isinstance(record, dict) or "id" not in record:
            raise InputError(f"{path}:{number}: expected an object with an 'id'")
        records.append(record)
    return records
