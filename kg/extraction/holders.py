"""An article's office mentions merged into facts: one per person, post and organisation.

Short names and "ordføraren" resolve to the full name a text gives elsewhere, pronouns to the
person last named before them, a missing municipality to the one the article is about
(:mod:`kg.extraction.context`), and "X vikarierer for Y" makes X's post acting.

>>> from datetime import date
>>> from kg.extraction.document import Document
>>> from kg.extraction.context import ArticleContext
>>> from kg.extraction.facts import Organization
>>> ctx = ArticleContext(Document.parse("Kari Holm er ordførar i Lier. Holm sa ja."), date(2015, 1, 1))
>>> lier = ctx.resolve("Lier", "municipality")
>>> said = OfficeMention("mayor", sentence=1, span=(7, 8), person=ctx.doc.name_at(7), organization=lier)
>>> [(f.person, f.post, f.organization.name) for f in merge_offices(ctx, [said])]
[('Kari Holm', 'mayor', 'Lier')]
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, replace
from functools import cache

from kg.extraction.context import ArticleContext
from kg.extraction.document import Mention
from kg.extraction.facts import Evidence, OfficeFact, Organization
from kg.extraction.lexicon import NOT_NAMES
from kg.extraction.vocabulary import Vocabulary


@dataclass
class OfficeMention:
    """One reading of a title in a sentence, before the article's mentions are merged."""

    post: str
    sentence: int
    span: tuple[int, int]  # token span for the evidence
    person: Mention | None = None
    pronoun: bool = False  # the holder is a pronoun ("hun") to resolve
    organization: Organization | None = None
    explicit_org: bool = False
    blocked: bool = False  # the title names a place we cannot resolve (a region): no context
    status: str = "current"
    definite_reference: bool = False  # "ordføraren": someone already named, or unnamed
    place: Mention | str | None = None  # the place the organisation was read from
    rules: tuple[str, ...] = ()  # the rules that read it
    kind: str = "municipality"  # or "county": where the post is held
    parliamentary: bool = False  # a title of city government ("byråd"): only where there is one


@dataclass(frozen=True)
class Relation:
    """A person related to the holder named last before them, in this sentence or the one before:
    a ``predecessor`` held that holder's post ("Ny ordførar i Gol er Kari Holm. Ho tek over etter
    Knut Lien": Lien was Gol's mayor), a ``colleague`` holds the same post in ``organization``
    ("Ho får støtte av sin kollega i Sirdal, Jens Hompland")."""

    kind: str  # "predecessor" or "colleague"
    sentence: int
    span: tuple[int, int]  # token span for the evidence
    person: Mention
    rule: str
    organization: Organization | None = None
    holder: Mention | None = None  # the holder, where the sentence names them ("Furuholt etterfølger X")


def merge_offices(ctx: ArticleContext, mentions: list[OfficeMention]) -> list[OfficeFact]:
    """The office facts ``mentions`` (in text order) state: see the module's docstring."""
    doc = ctx.doc
    people = _people(ctx)
    named_people = [m.person.text for m in mentions if m.person is not None]
    first_seen: dict[str, int] = {}
    for number, person in enumerate(people):
        first_seen.setdefault(person, number)
    full_names = sorted(set(people) | {n for n in named_people if len(n.split()) >= 2},
                        key=lambda n: (-len(n.split()), first_seen.get(n, 0)))

    completions = _Completions(full_names)

    def canonical(name: str, post: str | None = None) -> str:
        matches = completions(name)
        if not matches:
            return name
        if post and len(matches) > 1:
            holding = holders_of(post)
            preferred = [full for full in matches if full in holding]
            matches = preferred or matches
        return max(matches, key=lambda full: len(full.split()))

    def canonical_simple(name: str) -> str:
        matches = completions(name)
        return max(matches, key=lambda full: len(full.split())) if matches else name

    @cache  # once per post, not once per mention
    def holders_of(post: str) -> frozenset[str]:
        """The full names of the people mentioned holding ``post``."""
        return frozenset(canonical_simple(m.person.text) for m in mentions if m.person is not None and m.post == post)

    acting = _standing_in(ctx)

    # person mentions by position, for pronouns and "ordføraren frå X"
    @cache  # found only if a mention needs them, once
    def person_positions() -> list[tuple[int, str]]:
        return _person_positions(ctx, completions)

    resolved: list[tuple[OfficeMention, str | None]] = []
    for mention in mentions:
        person = canonical(mention.person.text, mention.post) if mention.person else None
        if mention.pronoun:
            sentence = doc.sentences[mention.sentence]
            positions = person_positions()  # in text order: the last one before the sentence
            before = bisect_left(positions, (sentence.start,))
            person = positions[before - 1][1] if before else None
            if person is None:
                continue
        if person and person.split()[-1] in acting:
            mention.status = "acting"
        resolved.append((mention, person))

    # where the text leaves out the place: from the sentence or the article
    for mention, _ in resolved:
        if mention.organization is None and not mention.blocked:
            mention.organization = ctx.context_organization(mention.span[0], mention.kind, mention.parliamentary)

    named = [(m, p) for m, p in resolved if p]
    # what the loop below asks of ``named`` for each unnamed mention, found once: by post, and by
    # post and place (None: no place), the first named holder and who the holders are
    named_people = {p for _, p in named}
    named_posts = {m.post for m, _ in named}
    first_named: dict[tuple, tuple[int, OfficeMention, str]] = {}
    holders_named: dict[tuple, set[str]] = {}
    for number, (m, p) in enumerate(named):
        for group in ((m.post,), (m.post, m.organization.key if m.organization else None)):
            first_named.setdefault(group, (number, m, p))
            holders_named.setdefault(group, set()).add(p)
    facts: dict[tuple, dict] = {}

    def add(mention: OfficeMention, person: str | None) -> None:
        org = mention.organization
        key = (person, mention.post, org.key if org else None)
        sentence = doc.sentences[mention.sentence]
        start_tok, end_tok = mention.span
        span = doc.span(start_tok, end_tok)
        evidence = Evidence(span.start_char, span.end_char, span.text, sentence.start_char, sentence.end_char)
        entry = facts.setdefault(key, {"person": person, "post": mention.post, "org": org,
                                       "status": "current", "evidence": [], "seen": set(), "rules": {}})
        entry["rules"].update(dict.fromkeys(mention.rules))
        if evidence not in entry["seen"]:  # a set beside the list: a fact may have many mentions
            entry["seen"].add(evidence)
            entry["evidence"].append(evidence)
        if mention.status != "current" and entry["status"] == "current":
            entry["status"] = mention.status

    for mention, person in resolved:
        if person is not None:
            add(mention, person)
    for mention, person in resolved:
        if person is not None:
            continue
        # the named holders of the same post, in the same place or with none
        if mention.organization is None:
            groups = [(mention.post,)]
        elif mention.explicit_org:  # "ordføraren frå Gloppen": Gloppen's, not a mayor named without a place
            groups = [(mention.post, mention.organization.key)]
        else:
            groups = [(mention.post, None), (mention.post, mention.organization.key)]
        firsts = [first_named[g] for g in groups if g in first_named]
        if firsts and (mention.definite_reference or not mention.explicit_org):
            holder = set().union(*(holders_named.get(g, set()) for g in groups))
            if len(holder) == 1:
                _, m0, p0 = min(firsts, key=lambda first: first[0])
                add(replace(m0, span=mention.span, sentence=mention.sentence), p0)
                continue
        if mention.definite_reference and mention.explicit_org:
            # "ordføraren frå Gloppen" after "Frå Gloppen kom Anders Ryssdal": the person last
            # named together with that place, if they hold no other post here
            candidate = _named_with_place(ctx, mention, person_positions(), named_people)
            if candidate:
                add(mention, candidate)
                continue
        if mention.organization is None:
            continue
        if not mention.explicit_org and not mention.definite_reference:
            continue  # "En Frp-ordfører ber …": some mayor, not this municipality's
        if mention.definite_reference and not mention.explicit_org and mention.post in named_posts:
            continue
        add(mention, None)

    # an unnamed holder is dropped where the same post in the same place has a name; a holder with
    # no place is dropped where the same person holds the same post somewhere named
    out = []
    posts_with_name = {(post, org_key) for person, post, org_key in facts if person is not None}
    posts_with_place = {(person, post) for person, post, org_key in facts if org_key is not None}
    for (person, post, org_key), entry in facts.items():
        if person is None and (post, org_key) in posts_with_name:
            continue
        if org_key is None and person is not None and (person, post) in posts_with_place:
            continue
        out.append(OfficeFact(person, post, entry["org"], entry["status"], None, tuple(entry["evidence"]),
                              tuple(entry["rules"])))
    return out


def add_related_holders(doc, facts: list[OfficeFact], relations: list[Relation]) -> list[OfficeFact]:
    """``facts`` with each relation's person holding the post of the holder named last before it
    (:class:`Relation`), or of the holder the sentence names, wherever their post was read before.

    A predecessor holds it as former, and not where they hold the same post elsewhere ("tok over
    etter Luster-ordførar Ormberg": not the mayoralty of Årdal but the council's chair); a
    municipal post of the `other:` kind is left out (a new job's holder leaves the old); of the
    holder's posts there, a council's chair comes before the mayoralty beside it.
    """
    out = list(facts)
    for relation in relations:
        if relation.kind == "colleague" and relation.organization is None:
            continue
        sentence = doc.sentences[relation.sentence]
        span = doc.span(*relation.span)
        before = [s for s in doc.sentences[:relation.sentence] if s.text.strip()]  # not a blank line between
        earliest = before[-1].start_char if before else sentence.start_char
        completions = _Completions(sorted({f.person for f in out if f.person}))
        name = max(completions(relation.person.text), key=lambda full: len(full.split()),
                   default=relation.person.text)
        held_elsewhere = {f.post for f in out if f.person == name} if relation.kind == "predecessor" else set()
        holder = set(completions(relation.holder.text)) if relation.holder is not None else None
        candidates = []  # (where it was read, the fact)
        for fact in out:
            if fact.person in (None, name) or fact.organization is None or fact.post in held_elsewhere \
                    or fact.post.startswith("other:") and fact.organization.kind != "network":
                continue
            if holder is not None and fact.person not in holder:
                continue  # the sentence names the holder: their post, wherever it was read before
            starts = [e.start for e in fact.evidence
                      if (holder is not None or earliest <= e.start) and e.start < span.start_char]
            if starts:
                candidates.append((max(starts), fact))
        if not candidates:
            continue
        holder = max(candidates, key=lambda c: c[0])[1].person
        theirs = [c for c in candidates if c[1].person == holder]
        chosen = max([c for c in theirs if c[1].organization.kind == "network"] or theirs, key=lambda c: c[0])[1]
        organization = relation.organization or chosen.organization
        status = "former" if relation.kind == "predecessor" else "current"
        evidence = Evidence(span.start_char, span.end_char, span.text, sentence.start_char, sentence.end_char)
        same = next((k for k, f in enumerate(out) if (f.person, f.post, f.organization and f.organization.key)
                     == (name, chosen.post, organization.key)), None)
        if same is None:
            out.append(OfficeFact(name, chosen.post, organization, status, None, (evidence,), (relation.rule,)))
        else:
            fact = out[same]
            out[same] = replace(fact, status=status if status == "former" else fact.status,
                                rules=(*fact.rules, relation.rule),
                                evidence=fact.evidence + ((evidence,) if evidence not in fact.evidence else ()))
    return out


class _Completions:
    """The full names a name may be short for: those it ends ("Holm" → "Kari Holm"), in order."""

    def __init__(self, full_names: list[str]):
        # by last word, in order: a name can only be short for full names that end as it does
        self._by_last: dict[str, list[tuple[str, list[str]]]] = {}
        for full in full_names:
            words = full.split()
            if words:
                self._by_last.setdefault(words[-1], []).append((full, words))
        self._found: dict[str, list[str]] = {}

    def __call__(self, name: str) -> list[str]:
        if name not in self._found:
            tokens = name.split()
            self._found[name] = [full for full, words in self._by_last.get(tokens[-1], [])
                                 if words[-len(tokens):] == tokens] if tokens else []
        return self._found[name]


def _person_positions(ctx: ArticleContext, completions: _Completions) -> list[tuple[int, str]]:
    """(token index, full name) of every person mention, short forms resolved."""
    doc = ctx.doc
    positions, k = [], 0
    for start in doc.name_candidates:  # no name starts elsewhere
        if start < k:
            continue
        name = doc.name_at(start)
        if name:
            full = completions(name.text)
            if full and (len(name.text.split()) >= 2 or doc.place_at(start) is None):
                positions.append((start, max(full, key=lambda f: len(f.split()))))
            k = name.end
    return positions


def _named_with_place(ctx: ArticleContext, mention: OfficeMention, positions, holders: set[str]) -> str | None:
    doc = ctx.doc
    target = mention.organization.key
    first = max(0, mention.sentence - 6)
    for index in range(mention.sentence - 1, first - 1, -1):
        sentence = doc.sentences[index]
        # only a place the person comes from: "Frå Gloppen kom Anders Ryssdal"
        places = [ctx.resolve(m, mention.kind) for m in doc.places_in(sentence.start, sentence.end)
                  if doc.lower(m.start - 1) in ("frå", "fra")]
        if not any(org is not None and org.key == target for org in places):
            continue
        names = [name for pos, name in positions if sentence.start <= pos < sentence.end and name not in holders]
        if len(set(names)) == 1:
            return names[0]
    return None


def _known_surnames(ctx: ArticleContext) -> set[str]:
    people = _people(ctx)
    return {p.split()[-1] for p in people} | {" ".join(p.split()[-2:]) for p in people}


def _people(ctx: ArticleContext) -> list[str]:
    """:func:`_harvest_people`, once per article."""
    people = getattr(ctx, "_people", None)
    if people is None:
        people = ctx._people = _harvest_people(ctx)
    return people


def _harvest_people(ctx: ArticleContext) -> list[str]:
    """Full names (two or more name words) anywhere in the article, in order of appearance."""
    doc = ctx.doc
    seen: list[str] = []
    k = 0
    for start in doc.name_candidates:  # no name starts elsewhere
        if start < k:
            continue
        name = doc.name_at(start, min_tokens=2)
        if name and not _looks_like_org(ctx, name):
            if name.text not in seen:
                seen.append(name.text)
            k = name.end
    return seen


def _looks_like_org(ctx: ArticleContext, name: Mention) -> bool:
    words = name.text.split()
    return any(ctx.doc.gazetteer.is_name(w) for w in words[:1]) or words[0].lower() in NOT_NAMES


def _standing_in(ctx: ArticleContext) -> set[str]:
    """The (sur)names of those the text says stand in for someone: "Holm vikarierer for Nilsen"."""
    doc, vocabulary = ctx.doc, Vocabulary.default()
    if not vocabulary.finder("stand_in").search(doc.text):  # most articles have none
        return set()
    return {doc.texts[k - 1] for k in range(1, doc.length)
            if any(w.word_class == "stand_in" and doc.lower(k + 1) == w.value for w in vocabulary.lookup(doc.texts[k]))}
