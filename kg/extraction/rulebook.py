"""Extraction rules as data: each rule in ``rules/*.toml`` is a named spaCy ``DependencyMatcher``
pattern with what it emits, an example, and the roles its tokens play.

A pattern is spaCy's own: a ``DependencyMatcher`` pattern (``RIGHT_ID``, ``LEFT_ID``, ``REL_OP``,
``RIGHT_ATTRS``: token order with ``.`` and ``;``, the parse with ``>`` and ``<``), or, with
``matcher = "tokens"``, a ``Matcher`` pattern read in word order (with ``OP`` for optional and
repeated tokens), each token naming its role in ``ROLE``. Two shorthands in the attributes:
``KG = "title"`` (or a list) for a token of that lexicon class (``rules/lexicon.tsv``, plus
``place`` for a municipality or county name and ``person`` for a person's name), and
``NOT_KG`` for a token of none of them (both are read from the token's ``NORM``, where the
cascade writes its classes: :func:`class_norm`). A token's ``RIGHT_ID`` (or ``ROLE``) is its role:
``title``, ``office``, ``person``, ``place`` (where a title is held), ``origin`` (where its holder comes from), ``body``
("kommunen": the municipality the text is about), ``field`` (of an ``other`` title), ``member``,
``network``, ``status``, and those of a meeting (``meeting``, ``topic``, ``introducer``,
``statement``: see ``rules/meetings.toml``); other names only hold the pattern together. A role
ending in ``_end`` marks where a span that starts at another role ends: on a repeated token it is
the last word the token covers.

>>> rulebook = Rulebook.default()
>>> rule = rulebook.rule("title-name")
>>> rule.emits, rule.example
('holds_post', 'ordførar Kari Holm')
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

from kg.errors import KgError

RULES = Path(__file__).with_name("rules")

#: What a rule emits, and the roles its pattern must name for it.
EMITS = {
    "holds_post": ({"title", "office"}, {"person"}),  # one of the first, and one of the second
    "org": ({"title", "office"}, {"place", "origin", "body"}),
    "label": ({"title"}, {"field", "modifier"}),
    "status": ({"title", "office"}, None),
    "block": ({"title", "office", "verb", "leader"}, None),
    "decided": ({"verb"}, None),  # lifts a block: the plan is decided, the membership incoming
    "deny": ({"verb"}, None),  # "…, men er ikkje medlem": no membership in the sentence
    # "backref": of the network named last; "likewise": as the membership read last ("det same er
    # Os"); "attended": of the network named last, in a paragraph that lists who attended its meeting;
    # "bullets": the colon before a list, each of whose items opens with a network
    "member_of": ({"member", "holders", "same"}, {"network", "backref", "likewise", "attended", "bullets"}),
    "network": ({"name"}, None),
    "leads": ({"leader"}, {"person", "holder"}),
    "attends": ({"holders"}, {"network"}),  # holders of a title at a network's meeting: their places are members
    "coholder": ({"title"}, {"person"}),  # a name listed with a holder, with a place of its own: the same post
    "succeeds": ({"predecessor"}, None),  # the person someone takes a post after: it was theirs
    "colleague": ({"colleague"}, {"person"}),  # a holder's colleague, in a place of their own: the same post
    "title": ({"leader"}, {"committee"}),
    "meeting": ({"meeting"}, None),  # a network's meeting, on a date the sentence gives
    "topic": ({"topic"}, None),  # a topic of the meeting reported before
    "last_topics": ({"count"}, None),  # "de to siste temaene": how many topics an introducer opened
    "introducer": ({"introducer"}, None),  # the place that opened the topics just named
    "joint_statement": ({"statement"}, None),  # a statement the meeting agreed on
}
STATUSES = {"current", "former", "incoming", "acting"}
#: Classes the cascade gives tokens besides the lexicon's: names, places, titles of other offices,
#: "kommunen" (singular, definite: the municipality the text is about), "de tre kommunane"
#: (counted: a place too, standing for as many named before).
PSEUDO_CLASSES = {"place", "person", "name", "network", "other_title", "network_group", "the_municipality",
                  "counted"}


class RuleError(KgError):
    """A rule file that is not usable: names the file, the rule and what is wrong."""


@dataclass(frozen=True)
class Rule:
    """One named construction: its pattern and what a match of it means."""

    name: str
    emits: str
    pattern: tuple[dict, ...]
    example: str = ""
    status: str | None = None  # the status a match gives the holder or member
    beats: tuple[str, ...] = ()  # rules whose reading of the same anchor gives way to this one's
    joins: bool = False  # a membership that begins here: a date in the sentence is its start
    source: str = ""
    roles: tuple[str, ...] = field(default=())  # each pattern token's RIGHT_ID (or ROLE), in order
    kind: str = "dependency"  # or "tokens": a spaCy Matcher pattern, read in word order
    merges: bool = False  # a network name that may take in networks found in parts of it
    #: for a rule made by :func:`shared_subject`: the token (by role) that must have no subject of
    #: its own, as the clause's subject comes from the verb it is coordinated with
    subjectless: str | None = None

    def requires(self) -> list[frozenset[str]]:
        """What a sentence must hold for the pattern to match: one of each set, each member a
        feature as :func:`features` names them ("kg:title", "dep:SUBJ", "pos:PROPN", "lower:som"),
        from each pattern token that must be there."""
        nodes = self.pattern if self.kind == "tokens" else [n.get("RIGHT_ATTRS", {}) for n in self.pattern]
        optional = {"?", "*"}
        out = []
        for node in nodes:
            if self.kind == "tokens" and (node.get("OP") in optional or str(node.get("OP", "")).startswith("{0")):
                continue
            for attr, prefix in _FEATURES.items():
                values = node.get(attr)
                if isinstance(values, dict):
                    values = values.get("IN")
                if isinstance(values, (str, list)):
                    out.append(frozenset(f"{prefix}:{str(value).lower() if prefix == 'lower' else value}"
                                         for value in _as_list(values)))
        return out

    def spacy_pattern(self) -> list[dict]:
        if self.kind == "tokens":
            return [_attrs({k: v for k, v in node.items() if k != "ROLE"}) for node in self.pattern]
        return [{**node, "RIGHT_ATTRS": _attrs(node.get("RIGHT_ATTRS", {}))} for node in self.pattern]


#: The token attributes whose values :meth:`Rule.requires` reads, and their names as features.
_FEATURES = {"KG": "kg", "DEP": "dep", "POS": "pos", "LOWER": "lower", "ORTH": "lower"}


def features(doc) -> set[str]:
    """What a sentence holds, as :meth:`Rule.requires` names it."""
    out = set()
    for token in doc:
        out.update((f"dep:{token.dep_}", f"pos:{token.pos_}", f"lower:{token.lower_}"))
        out.update(f"kg:{name}" for name in token._.kg)
    return out


def class_norm(classes) -> str:
    """A token's word classes as patterns read them: joined as "|a|b|" in the token's ``NORM``.

    spaCy's matcher tests a native attribute several times faster than an extension attribute (it
    builds no ``token._`` for each test), and nothing reads ``NORM`` once the pipeline has run.

    >>> class_norm(("title", "person"))
    '|title|person|'
    """
    return "|" + "|".join(classes) + "|"


def _attrs(attrs: dict) -> dict:
    """spaCy token attributes from a rule's, with the ``KG`` / ``NOT_KG`` shorthands made one
    regular expression over the classes in ``NORM`` (see :func:`class_norm`)."""
    out = {key: value for key, value in attrs.items() if key not in ("KG", "NOT_KG")}
    regex = ""
    if "NOT_KG" in attrs:  # spaCy's patterns have no "intersects none of": a look-ahead
        regex = rf"^(?!.*\|(?:{_alternatives(attrs['NOT_KG'])})\|)"
    if "KG" in attrs:
        regex += rf"{'.*' if regex else ''}\|(?:{_alternatives(attrs['KG'])})\|"
    if regex:
        out["NORM"] = {"REGEX": regex}
    return out


def _alternatives(names) -> str:
    return "|".join(re.escape(name) for name in _as_list(names))


def _as_list(value) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


class Rulebook:
    """The rules of the files in a folder, in file and then written order."""

    def __init__(self, rules: list[Rule]):
        self.rules = rules
        self._by_name = {rule.name: rule for rule in rules}

    @classmethod
    @cache
    def default(cls) -> Rulebook:
        return cls.read(RULES)

    @classmethod
    def read(cls, folder: Path, classes: set[str] | None = None) -> Rulebook:
        """The rules in ``folder/*.toml``; ``classes`` are the word classes patterns may name."""
        if classes is None:
            from kg.extraction.vocabulary import Vocabulary

            classes = set(Vocabulary.default().classes) | PSEUDO_CLASSES
        rules: list[Rule] = []
        for path in sorted(Path(folder).glob("*.toml")):
            try:
                data = tomllib.loads(path.read_text(encoding="utf-8"))
            except (OSError, tomllib.TOMLDecodeError) as error:
                raise RuleError(f"{path}: cannot read the rules ({error})") from error
            for number, entry in enumerate(data.get("rule", []), 1):
                rule = _rule(entry, f"{path.name} rule {number}", classes)
                rules += [rule, *filter(None, [shared_subject(rule)])]
        names = [rule.name for rule in rules]
        for rule in rules:
            unknown = sorted(set(rule.beats) - set(names))
            if unknown:
                raise RuleError(f"{rule.source}: beats unknown rules: {', '.join(unknown)}")
        duplicates = sorted({name for name in names if names.count(name) > 1})
        if duplicates:
            raise RuleError(f"{folder}: rule names used twice: {', '.join(duplicates)}")
        return cls(rules)

    def rule(self, name: str) -> Rule:
        return self._by_name[name]

    def matcher(self, vocab, emits: frozenset[str] | None = None) -> RuleMatcher:
        """A matcher for every rule (or those that emit one of ``emits``)."""
        return RuleMatcher(self, vocab, emits)


class RuleMatcher:
    """The rules compiled for a vocabulary: spaCy's ``DependencyMatcher`` for parse patterns and its
    ``Matcher`` for word-order patterns, one per rule.

    Calling it on a ``Doc`` gives each match as the rule and its roles' token indices. A rule is
    tried only on a sentence holding a word of each class its pattern requires (see
    :meth:`Rule.requires`): spaCy's matchers test every pattern token against every word, so most
    of the time would otherwise go to rules that cannot match.
    """

    def __init__(self, rulebook: Rulebook, vocab, emits: frozenset[str] | None = None):
        from spacy.matcher import DependencyMatcher, Matcher

        self.rulebook = rulebook
        self._rules = []
        self._always: list[int] = []  # rules that require nothing
        self._by_feature: dict[str, list[int]] = {}  # a feature → the rules one of whose needs it meets
        for rule in rulebook.rules:
            if emits is None or rule.emits in emits:
                matcher = Matcher(vocab) if rule.kind == "tokens" else DependencyMatcher(vocab)
                matcher.add(rule.name, [rule.spacy_pattern()])
                requires = rule.requires()
                # index each rule under its need of fewest features (a class or word more often
                # than a part of speech), so a sentence looks only at rules it may meet
                key = min(requires, key=lambda need: (len(need), any(f[:4] in ("dep:", "pos:") for f in need)),
                          default=None)
                for feature in key or ():
                    self._by_feature.setdefault(feature, []).append(len(self._rules))
                if key is None:
                    self._always.append(len(self._rules))
                self._rules.append((rule, requires, matcher))

    def __len__(self) -> int:
        return len(self._rules)

    def __call__(self, doc) -> list[tuple[Rule, dict[str, int]]]:
        present = features(doc)
        candidates = set(self._always)
        for feature in present:
            candidates.update(self._by_feature.get(feature, ()))
        out = []
        for index in sorted(candidates):
            rule, requires, matcher = self._rules[index]
            if not all(present & need for need in requires):
                continue
            if rule.kind != "tokens":
                for _, tokens in matcher(doc):
                    roles = dict(zip(rule.roles, tokens))
                    if rule.subjectless is None or _shares_subject(doc[roles[rule.subjectless]]):
                        out.append((rule, roles))
                continue
            for _, start, _end, alignments in matcher(doc, with_alignments=True):
                roles: dict[str, int] = {}
                for offset, element in enumerate(alignments):
                    role = rule.roles[element]
                    if role and (role not in roles or role.endswith("_end")):
                        roles[role] = start + offset  # the first word of a role, the last of an end
                out.append((rule, roles))
        return out


#: The roles a clause's subject plays in the rules :func:`shared_subject` varies.
_SUBJECT_ROLES = {"member_of": "member", "holds_post": "person"}


def shared_subject(rule: Rule) -> Rule | None:
    """The rule again for a verb coordinated with another that has the subject: "Bremanger gjekk
    ut av rådet og har sidan vore medlem i Sunnfjord regionråd" reads "Bremanger har vore medlem"
    as the rule ``is-member-of-perfect`` does. None for a rule whose subject (the ``member`` or
    ``person`` of a dependency pattern, ``DEP = "SUBJ"`` under a verb) is not so attached.

    >>> Rulebook.default().rule("is-member-of-perfect/shared-subject").subjectless
    'aux'
    """
    role = _SUBJECT_ROLES.get(rule.emits)
    if rule.kind != "dependency" or role is None:
        return None
    nodes = [dict(node) for node in rule.pattern]
    at = next((k for k, node in enumerate(nodes) if node.get("RIGHT_ID") == role and node.get("REL_OP") == ">"
               and node.get("RIGHT_ATTRS", {}).get("DEP") == "SUBJ"), None)
    if at is None:
        return None
    verb = nodes[at]["LEFT_ID"]
    anchor = next(node for node in nodes if node.get("RIGHT_ID") == verb)
    if "DEP" in anchor.get("RIGHT_ATTRS", {}):
        return None  # the verb's own place in the clause is fixed already
    anchor["RIGHT_ATTRS"] = {**anchor.get("RIGHT_ATTRS", {}), "DEP": "KOORD"}
    head = {"LEFT_ID": verb, "REL_OP": "<", "RIGHT_ID": "shared_head",
            "RIGHT_ATTRS": {"POS": {"IN": ["VERB", "AUX"]}}}
    subject = {**nodes[at], "LEFT_ID": "shared_head"}
    nodes[at:at + 1] = [head, subject]
    return replace(rule, name=f"{rule.name}/shared-subject", pattern=tuple(nodes),
                   roles=tuple(node.get("RIGHT_ID", "") for node in nodes), subjectless=verb,
                   example=f"{rule.example} (the subject shared with a coordinated verb)")


def _shares_subject(verb) -> bool:
    """Whether ``verb`` has no subject of its own and follows a conjunction, adverbs aside ("… og
    har sidan vore"): the parse may hang a subject elsewhere ("… og Hole deltek")."""
    if any(child.dep_ == "SUBJ" for child in verb.children):
        return False
    before = verb.i - 1
    while before >= 0 and verb.doc[before].pos_ == "ADV":
        before -= 1
    return before >= 0 and verb.doc[before].pos_ == "CCONJ"


def _rule(entry: dict, where: str, classes: set[str]) -> Rule:
    name = entry.get("name")
    if not isinstance(name, str) or not name:
        raise RuleError(f"{where}: has no name")
    where = f"{where} ({name})"
    emits = entry.get("emits")
    if emits not in EMITS:
        raise RuleError(f"{where}: emits {emits!r}; expected one of {', '.join(EMITS)}")
    pattern = entry.get("pattern")
    if not isinstance(pattern, list) or not pattern or not all(isinstance(n, dict) for n in pattern):
        raise RuleError(f"{where}: pattern must be a list of tokens")
    kind = entry.get("matcher", "dependency")
    if kind not in ("dependency", "tokens"):
        raise RuleError(f"{where}: matcher {kind!r}; expected dependency or tokens")
    roles = tuple(node.get("ROLE" if kind == "tokens" else "RIGHT_ID", "") for node in pattern)
    for node in pattern:
        attrs = node if kind == "tokens" else node.get("RIGHT_ATTRS", {})
        if "NORM" in attrs:
            raise RuleError(f"{where}: NORM holds a token's word classes; name them with KG or NOT_KG")
        for key in ("KG", "NOT_KG"):
            unknown = set(_as_list(attrs.get(key, []))) - classes
            if unknown:
                raise RuleError(f"{where}: unknown word class {', '.join(sorted(unknown))} (see lexicon.tsv)")
    anchors, partners = EMITS[emits]
    if not anchors & set(roles) or (partners and not partners & set(roles)):
        need = " or ".join(sorted(anchors)) + (f" and {' or '.join(sorted(partners))}" if partners else "")
        raise RuleError(f"{where}: a {emits} rule needs tokens with the roles {need}")
    status = entry.get("status")
    if status is not None and status not in STATUSES:
        raise RuleError(f"{where}: status {status!r}; expected one of {', '.join(sorted(STATUSES))}")
    beats = entry.get("beats", [])
    if not isinstance(beats, list) or not all(isinstance(b, str) for b in beats):
        raise RuleError(f"{where}: beats must be a list of rule names")
    joins, merges = entry.get("joins", False), entry.get("merges", False)
    if not isinstance(joins, bool) or not isinstance(merges, bool):
        raise RuleError(f"{where}: joins and merges must be true or false")
    return Rule(name, emits, tuple(pattern), entry.get("example", ""), status, tuple(beats), joins, where, roles,
                kind, merges)
