"""What the rules' matches say: the office mentions of parsed sentences, each with the rules that
read it, for the article's mentions to be merged into facts.

A match gives tokens in roles (see :mod:`kg.extraction.rulebook`). ``holds_post`` pairs a title
with a person, ``org`` a title with a place, ``status`` sets how the title is held and ``block``
says nobody named holds it. A title no rule pairs with a person is read on its own, as "the mayor
of Lier". A person or place in a coordination ("ordførarane Kari Holm og Per Dale") spreads the
post over each conjunct.

>>> from datetime import date
>>> from kg.extraction.context import ArticleContext
>>> from kg.extraction.document import Document
>>> ctx = ArticleContext(Document.parse("Kari Holm er ordførar i Lier."), date(2015, 1, 1))
>>> [(m.person.text, m.post, m.organization.name, m.rules) for m in read_offices(ctx)]
[('Kari Holm', 'mayor', 'Lier', ('predicative', 'title-in-place'))]
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace

from spacy.tokens import Token

from kg.extraction.cascade import NamedNetwork, Parsed, count_of, is_company_word, parse
from kg.extraction.context import ArticleContext
from kg.extraction.dates import find_dates
from kg.extraction.document import Mention
from kg.extraction.facts import Evidence, MembershipFact, OfficeFact, Organization
from kg.extraction.holders import OfficeMention, Relation
from kg.extraction.networks import find_networks, in_network_name
from kg.extraction.rulebook import Rulebook
from kg.extraction.vocabulary import Vocabulary, Word, inflection


@dataclass
class _Reading:
    """What the matches say about one title token."""

    title: Token
    persons: list[tuple[Token, str]] = field(default_factory=list)  # (person, rule)
    places: list[tuple[Token, str, str]] = field(default_factory=list)  # (token, role, rule)
    fields: list[tuple[Token, str]] = field(default_factory=list)  # (first word of the field, rule)
    modifiers: list[tuple[Token, str]] = field(default_factory=list)  # ("assisterande", rule)
    status: list[tuple[str, str]] = field(default_factory=list)  # (status, rule)
    blocked: list[str] = field(default_factory=list)


_VOCABULARY = Vocabulary.default()

#: Where a title is held, by the role a rule gives it, most telling first.
_PLACE_ROLES = ("place", "origin", "body")


def read_offices(ctx: ArticleContext, parsed: list[Parsed] | None = None, language: str | None = None):
    """The office mentions in the article's parsed sentences (parsed here if not given)."""
    if parsed is None:
        parsed = parse(ctx.doc, language)
    mentions: list[OfficeMention] = []
    for sentence in parsed:
        readings: dict[int, _Reading] = {}
        for rule, roles in sentence.matches:
            anchor = roles.get("title") or roles.get("office")
            if anchor is None:
                continue
            reading = readings.setdefault(anchor.i, _Reading(anchor))
            if rule.emits == "holds_post":
                reading.persons.append((roles["person"], rule.name))
                if rule.status:
                    reading.status.append((rule.status, rule.name))
            elif rule.emits == "org":
                role = next(r for r in _PLACE_ROLES if r in roles)
                if role != "body" and "counted" in roles[role]._.kg:
                    continue  # "ordførarane i dei tre kommunane": places named elsewhere, not one
                reading.places.append((roles[role], role, rule.name))
            elif rule.emits == "label" and "field" in roles:
                reading.fields.append((roles["field"], rule.name))
            elif rule.emits == "label":
                reading.modifiers.append((roles["modifier"], rule.name))
            elif rule.emits == "status":
                status = rule.status or _status_of(roles.get("status"))
                if status:
                    reading.status.append((status, rule.name))
            elif rule.emits == "block":
                reading.blocked.append(rule.name)
        for token in sentence.doc:
            if "title" in token._.kg and token.i not in readings:
                readings[token.i] = _Reading(token)
        for reading in sorted(readings.values(), key=lambda r: r.title.i):
            mentions.extend(_mentions(ctx, sentence, reading))
        mentions.extend(_coholders(ctx, sentence, mentions))
    return mentions


def read_relations(ctx: ArticleContext, parsed: list[Parsed]) -> list[Relation]:
    """The persons someone takes a post after ("… som overtar etter Hans Berg (Ap)") and the
    colleagues in a place of their own ("sin kollega i Sirdal, Jens Hompland"), in text order."""
    out = []
    for sentence in parsed:
        for rule, roles in sentence.matches:
            if rule.emits == "succeeds":
                # the verb's subject, where it is a name, is whose post it was
                subject = next((c for c in roles["verb"].children if c.dep_ == "SUBJ" and "person" in c._.kg), None)
                span = _span(ctx, sentence, [roles["verb"], roles["predecessor"]])
                out.append(Relation("predecessor", sentence.sentence, span, _mention(ctx, sentence, roles["predecessor"]),
                                    rule.name, holder=_mention(ctx, sentence, subject) if subject is not None else None))
            elif rule.emits == "colleague" and roles["place"]._.place is not None:
                span = _span(ctx, sentence, [roles["colleague"], roles["person"]])
                out.append(Relation("colleague", sentence.sentence, span, _mention(ctx, sentence, roles["person"]),
                                    rule.name, ctx.resolve(roles["place"]._.place, "municipality")))
    return out


def _coholders(ctx: ArticleContext, sentence: Parsed, mentions: list) -> list:
    """"Eid-ordførar Sonja Edvarsen og Roger B. Silden i Vågsøy kommune": a name listed with a
    titled holder, followed by a place of its own, holds the same post there."""
    out = []
    for rule, roles in sentence.matches:
        if rule.emits != "coholder":
            continue
        title, person, place = roles["title"], roles["person"], roles.get("place")
        start = _span(ctx, sentence, [title])[0]
        model = next((m for m in mentions if m.sentence == sentence.sentence and m.span[0] == start
                      and m.person is not None), None)
        organization = ctx.resolve(place._.place, model.kind) if model and place is not None else None
        if model is None or organization is None:
            continue
        out.append(replace(model, span=_span(ctx, sentence, [person, place]), person=_mention(ctx, sentence, person),
                           organization=organization, explicit_org=True, blocked=False, place=place._.place,
                           rules=(rule.name,)))
    return out


def _status_of(token: Token | None) -> str | None:
    if token is None:
        return None
    return next((w.value for w in token._.words if w.word_class == "status" and w.value != "current"), None)


def _word(token: Token, *classes: str) -> Word | None:
    return next((w for w in token._.words if w.word_class in classes), None)


def _mentions(ctx: ArticleContext, sentence: Parsed, reading: _Reading) -> list:
    token = reading.title
    word = _word(token, "title", "office")
    if word is None or reading.blocked:
        return []
    plural, definite, genitive = inflection(token.text, word) or (
        "Number=Plur" in token.morph, "Definite=Def" in token.morph, False)
    if genitive and word.word_class == "title":
        return []  # "ordførarens kontor": someone else's
    kind = "county" if "county_title" in token._.kg else "municipality"
    rulebook = Rulebook.default()
    beaten = {loser for _, rule in reading.persons for loser in rulebook.rule(rule).beats}
    status = next((s for s, rule in reading.status if rule not in beaten), "current")
    organization, explicit, blocked = None, False, False
    label = word.lemma
    if word.prefix:
        prefix_status = _prefix_status(word.prefix)
        if prefix_status:
            status = prefix_status
        elif word.prefix[:1].isupper() and (organization := _prefix_place(ctx, token, word.prefix, kind)) is not None:
            explicit = True
        elif "portfolio_title" in token._.kg:
            label = word.prefix.lower() + word.lemma  # "finansbyråd": the portfolio is in the title
        elif word.prefix[:1].isupper():
            blocked = not _is_party(word.prefix)  # "Hardanger-ordføraren": a region we cannot place
        elif "-" not in token.text:
            return []  # "storbyordførar": a kind of mayor, not the mayor of a named place
    if "portfolio_title" in token._.kg and token.text.lower().endswith("et"):
        return []  # "byrådet" is the city government; "byråden" one of its members
    rules = [rule for _, rule in reading.status]
    value = word.value
    if reading.modifiers:
        modifier, rule = reading.modifiers[0]
        label, value = f"{modifier.text.lower()} {label}", "other"
        rules.append(rule)
    if reading.fields and value in ("other", "committee"):
        first, rule = reading.fields[0]
        joint = first.nbor(-1)  # "kommunalsjef for oppvekst"; on web pages also "Kommunalsjef oppvekst:"
        label = f"{label} {_field(first)}" if joint.i == token.i else f"{label} {joint.text.lower()} {_field(first)}"
        rules.append(rule)
    post = f"other:{label}" if value in ("other", "committee") else str(value)
    parliamentary = "parliamentary_title" in token._.kg
    places = sorted(reading.places, key=lambda item: _PLACE_ROLES.index(item[1]))
    if plural and organization is None and not reading.persons:
        # "ordførarane i Trondheim, Stavanger og Tromsø", "… sit ordførarane frå A, B og C": the post in each
        home = [(place, rule) for place, role, rule in places if role in ("place", "origin")]
        out = []
        for item in listed(home[0][0], "place") if home else []:
            org = ctx.resolve(item._.place, kind)
            if org is not None:
                out.append(OfficeMention(
                    post=post, kind=kind, parliamentary=parliamentary, sentence=sentence.sentence, span=_span(ctx, sentence, [token, item]),
                    organization=org, explicit_org=True, status=status, place=item._.place,
                    rules=tuple(dict.fromkeys([home[0][1], *rules]))))
        return out
    place_token = None
    if places and organization is None:
        place_token, role, rule = places[0]
        # a former holder's municipality as it was then, not its successor ("rådmann i Skedsmo")
        era = _era(place_token) or ("old" if status == "former" else None)
        if role == "body" and era == "new" and kind == "municipality":
            # "i den nye kommunen": the one a merger makes, else the one the text is about
            organization = ctx.new_municipality() or _body(ctx, sentence, token, kind)
        elif role == "body":
            organization = _body(ctx, sentence, token, kind)
        else:
            organization = ctx.resolve(place_token._.place, kind, era)
        explicit, blocked = organization is not None, organization is None
        rules.append(rule)
    if plural and organization is None:
        blocked = True  # "Ordførarane X og Y" in a sentence about Z: the article's place is not theirs
    if value == "committee" and not explicit:
        return []  # a committee's chair is a municipal office only where the text names the municipality
    persons = []
    for person, rule in reading.persons:
        if rule in beaten:
            continue
        for conjunct in _conjuncts(person, plural):
            if conjunct not in [p for p, _ in persons]:
                persons.append((conjunct, rule))
    if plural and len(persons) > 1 and place_token is not None and places[0][1] in ("place", "origin"):
        # "Ordførarane frå Lom, Skjåk og Vågå – Rolv Dalsegg, Gunnlaug Tyrhaug og Sigrun Bakkom": in turn
        homes = [(item, ctx.resolve(item._.place, kind)) for item in listed(place_token, "place")]
        if len(homes) > 1 and len(homes) != len(persons):
            organization, explicit, blocked = None, False, True  # which name is whose cannot be told
        elif len(homes) == len(persons) and all(org is not None for _, org in homes):
            return [OfficeMention(
                post=post, kind=kind, parliamentary=parliamentary, sentence=sentence.sentence,
                span=_span(ctx, sentence, [token, item, person]), person=_mention(ctx, sentence, person),
                organization=org, explicit_org=True, status=status, place=item._.place,
                rules=tuple(dict.fromkeys([rule, *rules]))) for (item, org), (person, rule) in zip(homes, persons)]
    out = []
    for person, rule in persons or [(None, None)]:
        tokens = [t for t in (token, person, place_token) if t is not None]
        pronoun = person is not None and "pronoun" in person._.kg
        out.append(OfficeMention(
            post=post, kind=kind, parliamentary=parliamentary, sentence=sentence.sentence, span=_span(ctx, sentence, tokens),
            person=_mention(ctx, sentence, person) if person is not None and not pronoun else None,
            pronoun=pronoun,
            organization=organization, explicit_org=explicit, blocked=blocked, status=status,
            definite_reference=definite and not plural and person is None,
            place=place_token._.place if place_token is not None else None,
            rules=tuple(dict.fromkeys([r for r in [rule] if r] + rules))))
    return out


def _era(place: Token) -> str | None:
    """"gamle Ullensvang", "nye Ullensvang": which unit of a merged municipality is meant."""
    before = place.nbor(-1) if place.i > 0 else None
    return next((w.value for w in before._.words if w.word_class == "era"), None) if before is not None else None


def _field(first: Token) -> str:
    """The field of an office, as written: "oppvekst", "kunnskap og utdanning", "klima, miljø og
    byutvikling", "teknisk drift"."""
    out, doc, i = first.text.lower(), first.doc, first.i
    if first.pos_ == "ADJ" and i + 1 < len(doc) and doc[i + 1].pos_ == "NOUN" and not doc[i + 1]._.kg:
        out, i = f"{out} {doc[i + 1].text.lower()}", i + 1
    while i + 2 < len(doc) and (doc[i + 1].text == "," or "conjunction" in doc[i + 1]._.kg) \
            and doc[i + 2].pos_ == "NOUN" and not doc[i + 2]._.kg:
        joint = ", " if doc[i + 1].text == "," else f" {doc[i + 1].text.lower()} "
        out += joint + doc[i + 2].text.lower()
        i += 2
    return out


def _body(ctx: ArticleContext, sentence: Parsed, title: Token, kind: str):
    """"kommunens ordførar": the municipality the sentence names first before the title, else the
    one last named before it in the paragraph, else the article's."""
    doc = ctx.doc
    at = _document_range(ctx, sentence, title)[0]
    line = doc.sentences[sentence.sentence]
    for mention in doc.places_in(line.start, at):
        org = ctx.resolve(mention, kind)
        if org is not None:
            return org
    # not a place inside a network's name: "Sunnfjord" in "… deltek i Sunnfjord regionråd"
    recent = ctx._recent_place(line, lambda m: ctx.resolve(m, kind) is not None and not in_network_name(doc, m.start))
    return ctx.resolve(recent, kind) if recent is not None else ctx.context_organization(at, kind)


def listed(first: Token, kind: str | tuple[str, ...], coordinated: bool = True) -> list[Token]:
    """``first`` and the tokens of the same ``kind`` listed with it ("Lier, Hole og Modum", "Oslo
    kommune, Akershus fylkeskommune og kommunane Asker og Bærum", a bullet a line), by punctuation,
    conjunctions and bullets before and after it, or (``coordinated``) coordinated with it in the
    parse. ``kind`` is a word class, or several."""
    doc = first.doc
    out = [first]
    i = first.i - 1
    while True:
        j = _skip_joints(doc, i, -1)
        if j is None or j == i or not _of_kind(doc[j], kind) or _opens_a_clause(out[0], doc[j]):
            break
        out.insert(0, doc[j])  # "Hole og Modum samarbeider …" read at "Modum"
        i = j - 1
    i = first.i + 1
    while True:
        j = _skip_joints(doc, i, 1)
        if j is None or j == i or not _of_kind(doc[j], kind) or _opens_a_clause(doc[j], first):
            break
        out.append(doc[j])
        i = j + 1
    for child in first.children if coordinated else ():
        if child.dep_ == "KOORD" and _of_kind(child, kind) and child not in out \
                and not (child.i > 0 and doc[child.i - 1].text == "("):  # "Røros (Trøndelag)": its county
            out += [t for t in listed(child, kind) if t not in out]
    return out


def _of_kind(token: Token, kind: str | tuple[str, ...]) -> bool:
    return kind in token._.kg if isinstance(kind, str) else any(k in token._.kg for k in kind)


def _opens_a_clause(token: Token, before: Token) -> bool:
    """Whether ``token``, listed after ``before``, is the subject of a clause of its own: "… av
    Lyngdal og Åseral, og Kvinesdal vurderer å bli med" (not a list "Lyngdal, Åseral og Kvinesdal":
    a comma and a conjunction join clauses)."""
    joint = token.doc[before.i + 1:token.i]
    return token.dep_ == "SUBJ" and token.head.pos_ in ("VERB", "AUX") and token.head != before.head \
        and token not in before.ancestors and any(t.text == "," for t in joint) \
        and any("conjunction" in t._.kg for t in joint)


def _skip_joints(doc, i: int, step: int) -> int | None:
    """From token ``i`` on (in the direction ``step``), past what joins the items of a list: commas,
    a conjunction, bullets, line breaks, a body noun ("kommune", "kommunane"). The index reached, or
    None past the sentence."""
    joined = False
    while 0 <= i < len(doc):
        token = doc[i]
        if token.text in (",", "•", "·", "-", "–", "*") or token.is_space or "conjunction" in token._.kg:
            joined = True
        elif "municipality_noun" not in token._.kg:
            return i if joined else None
        i += step
    return None


def _conjuncts(person: Token, plural: bool) -> list[Token]:
    """The person and, under a plural title, the persons listed with it (or else coordinated with
    it in the parse)."""
    # a name the entity recogniser did not call a person is one in a list of persons
    out = listed(person, ("person", "name"), coordinated=False) if plural else [person]
    if plural and len(out) == 1:  # the parse's coordination, where the words list no names
        for child in person.children:
            if child.dep_ == "KOORD" and "person" in child._.kg:
                out += [t for t in _conjuncts(child, plural) if t not in out]
    return out


def _prefix_place(ctx: ArticleContext, token: Token, prefix: str, kind: str):
    """The place a title's prefix names, with the capitalised word before it where the two are one
    name ("Vestre Toten-ordfører": Vestre Toten, not a Toten)."""
    before = token.doc[token.i - 1] if token.i > 0 else None
    if before is not None and before.text[:1].isupper() and before.text.isalpha():
        longer = ctx.resolve(f"{before.text} {prefix}", kind)
        if longer is not None:
            return longer
    return ctx.resolve(prefix, kind)


def _prefix_status(prefix: str) -> str | None:
    from kg.extraction.vocabulary import Vocabulary

    return next((w.value for w in Vocabulary.default().lookup(prefix) if w.word_class == "status"), None)


def _is_party(text: str) -> bool:
    from kg.extraction.vocabulary import Vocabulary

    return Vocabulary.default().is_a(text, "party")


def _document_range(ctx: ArticleContext, sentence: Parsed, token: Token) -> tuple[int, int]:
    """The Document tokens a (possibly merged) parsed token covers."""
    start = sentence.char(token)
    end = start + len(token.text)
    offsets = ctx.doc.offsets
    first = bisect_right(offsets, start) - 1
    last = bisect_left(offsets, end)
    return max(first, 0), max(last, first + 1)


def _span(ctx: ArticleContext, sentence: Parsed, tokens: list[Token]) -> tuple[int, int]:
    ranges = [_document_range(ctx, sentence, t) for t in tokens]
    return min(r[0] for r in ranges), max(r[1] for r in ranges)


def _mention(ctx: ArticleContext, sentence: Parsed, token: Token) -> Mention:
    start, end = _document_range(ctx, sentence, token)
    return ctx.doc.span(start, end)


def read_memberships(ctx: ArticleContext, parsed: list[Parsed],
                     meeting_days: dict[str, list] | None = None) -> list[MembershipFact]:
    """The memberships the parsed sentences state, one fact per member and network. A membership
    that began "sist uke" began on the day that week the article reports the network met
    (``meeting_days``, by network)."""
    meeting_days = meeting_days or {}
    found: dict[tuple[str, str], dict] = {}
    named = named_networks(ctx, parsed)
    for sentence in parsed:
        read = _membership_matches(sentence)
        if read is None:
            continue
        matches, blocked, decided = read
        # a member the sentence names a network for is not also a member of the one named before
        # ("Fjaler er no medlem i Sunnfjord regionråd" after a sentence about Sogn regionråd)
        with_network = {token.i for rule, roles in matches if "network" in roles and "member" in roles
                        for token in listed(_located(roles["member"]), "place")}
        # … and one a network's name puts in it is not also in the network a noun before it seems to
        # refer back to ("Samarbeidet mellom Moss og Råde i Moss brann og redning IKS")
        named_for = {token.i for rule, roles in matches if "member" in roles
                     and _is_named(roles.get("network")) for token in listed(_located(roles["member"]), "place")}
        for rule, roles in matches:
            verb_at = roles["verb"].i if "verb" in roles else None
            if verb_at in blocked - decided:
                continue
            partner = _partner(ctx, sentence, roles, named, found, with_network, named_for)
            if partner is None:
                continue
            network_token, network, inherited = partner
            status, since = _status_and_since(ctx, sentence, rule, roles, network, verb_at in decided, inherited,
                                              meeting_days)
            if "same" in roles:  # "som består av dei same kommunane": those of the network named before
                _copy_members(found, network_before(named, sentence.char(network_token)), network, rule,
                              _evidence(ctx, sentence, [network_token, roles["same"]]))
                continue
            members = (_holders_places(roles["holders"]) if "holders" in roles
                       else listed(_located(roles["member"]), "place"))
            for member in members:
                for organization in _members(ctx, sentence, member):
                    _record(found, organization, network.name, status, since, rule,
                            _evidence(ctx, sentence, [member, network_token]))
    return [MembershipFact(e["member"], e["network"], e["status"], e["since"], tuple(e["evidence"]),
                           tuple(e["rules"])) for e in found.values()]


def _membership_matches(sentence: Parsed) -> tuple[list, set[int], set[int]] | None:
    """A sentence's membership matches (a list over bullets read as one per network), with the
    verbs a plan blocks and those a decision lifts; None if the sentence denies membership."""
    if any(rule.emits == "deny" for rule, _ in sentence.matches):
        return None
    blocked: set[int] = set()
    decided: set[int] = set()
    matches = []
    for rule, roles in sentence.matches:
        if rule.emits == "block" and "verb" in roles:
            blocked.add(roles["verb"].i)
        elif rule.emits == "decided":
            decided.add(roles["verb"].i)
        elif rule.emits == "member_of" and "bullets" in roles:
            # "Kommunen er med i desse samarbeida:" over a list: each network the list names
            matches += [(rule, {**roles, "network": token}) for token in _bulleted(roles["bullets"])]
        elif rule.emits == "member_of":
            matches.append((rule, roles))
    return matches, blocked, decided


def _partner(ctx: ArticleContext, sentence: Parsed, roles: dict, named: list, found: dict,
             with_network: set[int], named_for: set[int]) -> tuple[Token, object, dict | None] | None:
    """The network a match makes its members members of, by the role that gives it: the token
    that names it, or the one that refers to the network named last; with the membership an
    ellipsis repeats ("og det same er Os"). None where the sentence says it is another."""
    if "network" in roles:
        token = roles["network"]
        if not _is_named(token) and "member" in roles and roles["member"].i in named_for and token.i < roles["member"].i:
            return None  # the noun only describes the network named after the member
        return (token, token._.network, None) if token._.network is not None else None
    if "attended" in roles:  # a row of those who attended the meeting of the network named last
        token = roles["attended"]
        network = network_before(named, sentence.char(token)) if _lists_attendance(ctx, sentence.sentence) else None
        return (token, network, None) if network is not None else None
    if "likewise" in roles:  # "og det same er Os": in the network of the membership read last
        token = roles["likewise"]
        before = ctx.doc.sentences[max(sentence.sentence - 1, 0)].start_char
        inherited = _read_last(found, sentence.char(token), before)
        network = next((n for _, n in named if inherited and n.name == inherited["network"]), None)
        return (token, network, inherited) if network is not None else None
    # "medlemskommunane": of the network named last
    if "member" in roles and roles["member"].i in with_network:
        return None
    token = roles["backref"]
    if "attendance" in token._.kg and not _after_a_meeting(ctx, sentence.sentence):
        return None  # "til stades" at what the text does not report as a meeting
    network = network_before(named, sentence.char(token))
    return (token, network, None) if network is not None else None


def _status_and_since(ctx: ArticleContext, sentence: Parsed, rule, roles: dict, network, decided: bool,
                      inherited: dict | None, meeting_days: dict[str, list]) -> tuple[str, object]:
    """A membership's status and the day it began, from the rule, the direction of its verb and
    the dates its sentence gives."""
    status = rule.status or _direction(roles.get("direction")) or (inherited or {}).get("status") or "current"
    if decided and status == "current":
        status = "incoming"
    leaving = status == "former"
    anchor = roles.get("direction") or roles.get("verb") or roles.get("member")
    if leaving and ctx.day and any(day > ctx.day for day in _leaving_days(ctx, sentence.sentence,
                                                                           sentence.char(anchor))):
        status = "current"  # "melde seg ut … frå 1. januar": a member until then
    verb = roles.get("verb")
    joins = not leaving and status in ("current", "incoming") and (
        rule.joins or _direction(roles.get("direction")) == "current" or (verb is not None and "become" in verb._.kg))
    since = None
    if joins:
        line = ctx.doc.sentences[sentence.sentence]
        dates = find_dates(line.text, ctx.day, line.start_char)
        days = _start_days(ctx, dates)
        if days and ctx.day and days[0] > ctx.day:
            status = "incoming"  # "… blir med frå nyttår"
        since = days[0] if days else _met_within(dates, meeting_days.get(network.name, []))
    elif status == "current" and any("newly" in t._.kg for t in sentence.doc):
        # "Drammen er nå medlem": since the meeting the article reports, if it reports one
        met = meeting_days.get(network.name, [])
        since = met[0] if len(met) == 1 else None
    if inherited is not None:
        since = since or inherited["since"]
    return status, since


def _copy_members(found: dict, earlier, network, rule, evidence: Evidence) -> None:
    """Make the members found for the ``earlier`` network members of ``network`` too."""
    for key, entry in list(found.items()):
        if earlier is not None and entry["network"] == earlier.name and entry["network"] != network.name:
            copy = found.setdefault((key[0], network.name), {**entry, "network": network.name,
                                                              "evidence": [], "rules": {}})
            copy["rules"][rule.name] = None
            copy["evidence"] = copy["evidence"] or [evidence]


def _record(found: dict, organization: Organization, network: str, status: str, since, rule,
            evidence: Evidence) -> None:
    """Add one reading of a membership to ``found``: one entry per member and network, with the
    evidence and rules of every reading, and a status other than current if any reading gives one."""
    entry = found.setdefault((organization.key, network), {
        "member": organization, "network": network, "status": status, "evidence": [], "rules": {}, "since": since})
    entry["since"] = entry["since"] or since
    if evidence not in entry["evidence"]:
        entry["evidence"].append(evidence)
    entry["rules"][rule.name] = None
    if status != "current":
        entry["status"] = status
        if status == "incoming" and since:
            entry["since"] = since  # the day it begins, not the day of the vote before


def _is_named(token: Token | None) -> bool:
    """Whether a network token names its network rather than refers back to it ("selskapet")."""
    return token is not None and token._.network is not None and not getattr(token._.network, "anaphoric", False)


def _bulleted(colon: Token) -> list[Token]:
    """The networks that open the items of a list after ``colon`` ("- Sogn regionråd")."""
    doc = colon.doc
    return [doc[k + 1] for k in range(colon.i + 1, len(doc) - 1)
            if "bullet" in doc[k]._.kg and doc[k + 1]._.network is not None]


#: How many sentences back a meeting may be reported for those present to be its members'.
_MEETING_REACH = 12


def _after_a_meeting(ctx: ArticleContext, index: int) -> bool:
    """Whether sentence ``index`` or one of the sentences before it reports a meeting (a word of
    the lexicon's ``meet`` class, also inside a compound: "rådsmøtet", "MØTEBOK")."""
    finder = _VOCABULARY.finder("meet")
    sentences = ctx.doc.sentences
    return any(finder.search(sentences[k].text) for k in range(max(0, index - _MEETING_REACH), index + 1))


def _lists_attendance(ctx: ArticleContext, index: int) -> bool:
    """Whether sentence ``index`` is a row ("Vinje: Kari Holm, ordførar") of a list of those who
    attended, under its label ("Til stades:", "Møtande representantar:") in the same paragraph."""
    sentences, doc = ctx.doc.sentences, ctx.doc
    paragraph = doc.paragraph_of(sentences[index].start_char)
    for k in range(index, -1, -1):
        if doc.paragraph_of(sentences[k].start_char) != paragraph:
            return False
        label, colon, _ = sentences[k].text.partition(":")
        if not colon:
            return False
        if any(_VOCABULARY.is_a(word.lower(), "attendance") for word in label.split()[-3:]):
            return True
    return False


def _start_days(ctx: ArticleContext, dates) -> list:
    """The days of ``dates``, one a word of starting opens first ("vedtok tysdag å tre inn frå 1.
    januar": from 1 January)."""
    days = [d for d in dates if d.day]
    return [d.day for d in sorted(days, key=lambda d: not _opened(ctx, d))]


def _opened(ctx: ArticleContext, mention) -> bool:
    """Whether a word of starting opens a date: "frå 1. januar", "fra nyttår"."""
    words = ctx.doc.text[max(0, mention.start - 12):mention.start].split()[-1:] + mention.text.split()[:1]
    return any(_VOCABULARY.is_a(word.lower(), "start_from") for word in words)


def _leaving_days(ctx: ArticleContext, index: int, after: int) -> list:
    """The days a leaving in sentence ``index`` takes effect: those a word of starting opens ("går
    ut frå 1. januar") after the character ``after`` (where the leaving is said), or in the sentence
    after if that names the leaving ("Utmeldinga får verknad frå 1. januar 2005")."""
    sentences = ctx.doc.sentences
    lines = [sentences[index]]
    if index + 1 < len(sentences) and _VOCABULARY.finder("withdrawal_noun").search(sentences[index + 1].text):
        lines.append(sentences[index + 1])
    days = []
    for line in lines:
        days += [m.day for m in find_dates(line.text, ctx.day, line.start_char)
                 if m.day and m.start >= after and _opened(ctx, m)]
    return days


def _read_last(found: dict, char: int, since: int) -> dict | None:
    """The membership whose evidence ends last before the character ``char``, if it ends after
    ``since`` (the start of the sentence before: an ellipsis repeats what was just said)."""
    before = [(e["evidence"][-1].end, k, e) for k, e in enumerate(found.values()) if e["evidence"]
              and since <= e["evidence"][-1].end <= char]
    return max(before, key=lambda item: item[:2])[2] if before else None


def _members(ctx: ArticleContext, sentence: Parsed, member: Token) -> list:
    """The municipality or county a member token stands for: a place valid on the article's date
    ("Vestfold og Telemark" after 2023 is two counties), or "kommunen", the one the text is about."""
    if member._.place is not None:
        text = member._.place.text
        organization = ctx.resolve(member._.place, "municipality") or ctx.resolve(member._.place, "county")
        if organization is None and " og " in text:
            parts = [ctx.resolve(part, "county") or ctx.resolve(part, "municipality") for part in text.split(" og ")]
            return parts if all(parts) else []
        return [organization] if organization is not None else []
    if "counted" in member._.kg:
        return _counted_places(ctx, sentence, member)
    if "the_municipality" in member._.kg:
        # "Kommunen er medlem av …": the place named before it in the sentence, or opening the
        # sentence before, else the publisher (a municipality's own page), else the most named
        organization = ctx.context_organization(_document_range(ctx, sentence, member)[0], "municipality")
        return [organization] if organization is not None else []
    if "municipality_noun" in member._.kg:  # "Kommunene eig …": the municipality the text is about
        organization = _body(ctx, sentence, member, "municipality")
        return [organization] if organization is not None else []
    return []


#: How many sentences back "dei tre kommunane" may find the three.
_COUNTED_REACH = 2


def _counted_places(ctx: ArticleContext, sentence: Parsed, member: Token) -> list:
    """"De tre kommunane": the municipalities of the last list of as many, in this sentence before
    the noun or in the two before it in its paragraph; none if no list has that many."""
    doc, count = ctx.doc, count_of(member)
    at = _document_range(ctx, sentence, member)[0]
    paragraph = doc.paragraph_of(doc.sentences[sentence.sentence].start_char)
    first = next(k for k in range(max(sentence.sentence - _COUNTED_REACH, 0), sentence.sentence + 1)
                 if doc.paragraph_of(doc.sentences[k].start_char) == paragraph)
    runs: list[list[Mention]] = []  # places listed together: joined by commas and conjunctions only
    for mention in doc.places_in(doc.sentences[first].start, at):
        if runs and all(_VOCABULARY.is_a(doc.lowers[k], "list_joint") for k in range(runs[-1][-1].end, mention.start)):
            runs[-1].append(mention)
        else:
            runs.append([mention])
    for run in reversed(runs):
        organizations = [ctx.resolve(mention, "municipality") for mention in run]
        if len(run) == count and all(organizations):
            return organizations
    return []


def _evidence(ctx: ArticleContext, sentence: Parsed, tokens: list[Token]) -> Evidence:
    start, end = _span(ctx, sentence, tokens)
    span = ctx.doc.span(start, end)
    line = ctx.doc.sentences[sentence.sentence]
    return Evidence(span.start_char, span.end_char, span.text, line.start_char, line.end_char)


def _located(place: Token) -> Token:
    """The place a member's place only locates: "Gulen kommune i Sogn og Fjordane melde seg inn" →
    Gulen (a rule reading word order takes the place nearest the verb)."""
    doc, i = place.doc, place.i
    if "municipal_council" in place._.kg and i + 2 < len(doc) and "place" in doc[i + 2]._.kg:
        return doc[i + 2]  # "Kommunestyra i Midsund og Sandøy": the places, all of them
    if i >= 2 and "place_preposition" in doc[i - 1]._.kg:
        before = doc[i - 3] if i >= 3 and "municipality_noun" in doc[i - 2]._.kg else doc[i - 2]
        if "place" in before._.kg:
            return before
    return place


def _holders_places(title: Token) -> list[Token]:
    """The places of the holders of ``title`` and of the titles after it in the sentence: "ordførarane
    i A og B og rådmannen i C" → A, B, C."""
    doc, places = title.doc, []
    for token in doc[title.i:]:
        if "title" not in token._.kg or token.i + 2 >= len(doc):
            continue
        prep, place = doc[token.i + 1], doc[token.i + 2]
        if {"place_preposition", "origin_preposition"} & set(prep._.kg) and "place" in place._.kg:
            places += [p for p in listed(place, "place") if p not in places]
    return places


def longer_names(ctx: ArticleContext, parsed: list[Parsed]) -> dict[str, str]:
    """The network names the finder read that stand for a longer name the article gives, and that
    name: the tail of a name a rule read around them ("Salten IKS" in "Krisesenteret i Salten
    IKS", so "selskapet", which the finder refers back to "Salten IKS", means the longer name
    too), or an abbreviation with a company word ("SIMAS IKS" for the name "(SIMAS)" followed)."""
    spans = [(sentence.char(token), sentence.char(token) + len(token.text), token._.network.name)
             for sentence in parsed for token in sentence.doc if isinstance(token._.network, NamedNetwork)]
    aliases = ctx.doc.cache.get("network aliases", {})
    out: dict[str, str] = {}
    for mention in find_networks(ctx.doc):
        at = ctx.doc.offsets[mention.start]
        for start, end, name in spans:
            if not mention.anaphoric and start <= at < end and name != mention.name and name.endswith(mention.name):
                out[mention.name] = name
        # "SIMAS IKS" after "Sogn Interkommunale Miljø- og Avfallsselskap (SIMAS)": the full name
        words = mention.name.split()
        if aliases.get(mention.name, mention.name) != mention.name:
            out[mention.name] = aliases[mention.name]  # "SIMAS IKS (Sogn Interkommunale …)"
        elif len(words) == 2 and is_company_word(words[1]) and aliases.get(words[0], mention.name) != mention.name:
            out[mention.name] = aliases[words[0]]
    # "IKT-samarbeidet" beside "IKT Indre Østfold": a definite compound of a word of one name
    names = {name for _, _, name in spans} | {m.name for m in find_networks(ctx.doc) if not m.anaphoric}
    for name in names:
        if " " not in name and "-" in name and name.endswith(("et", "en")) and name not in out \
                and Vocabulary.default().is_a(name.rsplit("-", 1)[1].lower(), "common_head"):  # not "Vest-Telemarkrådet"
            prefix = name.split("-")[0].lower()
            fitting = [other for other in names if " " in other and other != name
                       and prefix in other.lower().replace("-", " ").split()]  # "Vestfoldkommunenes IKT-samarbeid"
            if len(fitting) == 1:
                out[name] = fitting[0]
        elif name not in out and _described(name):
            # "det politiske rådet" beside "Midt-Troms interkommunale politiske råd": its words in one name
            *adjectives, noun = name.lower().split()[1:]
            fitting = [other for other in names if other != name and " " in other and not _described(other)
                       and set(adjectives) <= set(other.lower().split()) and noun.startswith(other.lower().split()[-1])]
            if len(fitting) == 1:
                out[name] = fitting[0]
    return out


def _described(name: str) -> bool:
    """Whether a network's name only describes it: "det politiske rådet"."""
    words = name.split()
    return len(words) >= 3 and _VOCABULARY.is_a(words[0].lower(), "described_article")


def renamed(facts: list, names: dict[str, str]) -> list:
    """``facts`` with their networks called by :func:`longer_names`; facts that become the same
    membership are one, with the evidence of both."""
    if not names:
        return facts
    out: list = []
    seen: dict[tuple[str, str], int] = {}
    for fact in facts:
        if isinstance(fact, MembershipFact):
            fact = replace(fact, network=names.get(fact.network, fact.network))
            key = (fact.member.key, fact.network)
            if key in seen:
                first = out[seen[key]]
                out[seen[key]] = replace(first, status=first.status if first.status != "current" else fact.status,
                                         valid_from=first.valid_from or fact.valid_from, evidence=first.evidence + tuple(
                    e for e in fact.evidence if e not in first.evidence), rules=tuple(dict.fromkeys(first.rules + fact.rules)))
                continue
            seen[key] = len(out)
        elif isinstance(fact, OfficeFact) and fact.organization is not None and fact.organization.kind == "network":
            fact = replace(fact, organization=replace(fact.organization, name=names.get(fact.organization.name,
                                                                                       fact.organization.name)))
        elif getattr(fact, "network", None) in names:
            fact = replace(fact, network=names[fact.network])
        out.append(fact)
    return out


def named_networks(ctx: ArticleContext, parsed: list[Parsed]) -> list[tuple[int, object]]:
    """Every network named, in text order, as (character, network): those the finder knows, in
    sentences parsed or not, and those the rules of networks.toml named in passing (a name a rule
    read takes the place of what the finder found inside it: "Krisesenteret i Salten IKS", not
    "Salten IKS")."""
    passing = [(sentence.char(token), len(token.text), token._.network) for sentence in parsed
               for token in sentence.doc if isinstance(token._.network, NamedNetwork)]
    return sorted([(ctx.doc.offsets[n.start], n) for n in find_networks(ctx.doc)
                   if not any(at <= ctx.doc.offsets[n.start] < at + length for at, length, _ in passing)]
                  + [(at, network) for at, _, network in passing], key=lambda item: item[0])


def network_before(named: list[tuple[int, object]], char: int):
    """The network named last before the character ``char``, of the ``named`` (char, network)."""
    before = [network for at, network in named if at < char]
    return before[-1] if before else None


def _met_within(dates, days: list) -> object:
    """The one meeting day within a stretch the sentence names ("sist uke"), if there is one."""
    for mention in dates:
        if mention.interval is not None:
            inside = [day for day in days if mention.interval[0] <= day <= mention.interval[1]]
            if len(inside) == 1:
                return inside[0]
    return None


def _direction(token: Token | None) -> str | None:
    return next((w.value for w in token._.words if w.word_class == "direction"), None) if token is not None else None


def read_leaders(ctx: ArticleContext, parsed: list[Parsed], offices: list[OfficeFact]):
    """Leaders of networks, as offices of the network, and the memberships their mayoralties imply:
    councils are led by their members' mayors. Returns (offices, memberships)."""
    leaders: dict[tuple[str, str, str], dict] = {}
    memberships: dict[tuple[str, str], dict] = {}
    named = None  # found when a rule needs the network named before
    for sentence in parsed:
        blocked = {roles["leader"].i for rule, roles in sentence.matches if rule.emits == "block" and "leader" in roles}
        for rule, roles in sentence.matches:
            if rule.emits == "attends":
                for holder, evidence in _attending(ctx, sentence, roles, offices):
                    memberships.setdefault((holder.organization.key, roles["network"]._.network.name), {
                        "fact": MembershipFact(holder.organization, roles["network"]._.network.name, "current",
                                               None, evidence, (rule.name,))})
                continue
            if rule.emits != "leads" or roles["leader"].i in blocked:
                continue
            if "network" in roles:
                network = roles["network"]._.network
            else:  # "Leiar for perioden 2019–2023 er X": of the network named before
                named = named if named is not None else named_networks(ctx, parsed)
                network = network_before(named, sentence.char(roles["leader"]))
            holder = _holder(sentence, roles, offices)
            if network is None or holder is None or _is_company(network.name):
                continue
            label = next((str(w.value) for w in roles["leader"]._.words
                          if w.word_class in ("leader", "lead_verb")), "leiar")
            evidence = _evidence(ctx, sentence, list(roles.values()))
            leaders.setdefault((holder.person or "", label, network.name), {
                "fact": OfficeFact(holder.person, f"other:{label}", Organization(network.name, "network"), "current",
                                   None, (evidence,), (rule.name,))})
            if holder.post == "mayor" and holder.organization is not None:
                memberships.setdefault((holder.organization.key, network.name), {
                    "fact": MembershipFact(holder.organization, network.name, "current", None, (evidence,),
                                           (rule.name,))})
    return [e["fact"] for e in leaders.values()], [e["fact"] for e in memberships.values()]


#: How many sentences after a council's meeting the mayors it names are its members' (the report
#: of one meeting, not the rest of a long article).
_ATTENDANCE_REACH = 10


def _attending(ctx: ArticleContext, sentence: Parsed, roles: dict[str, Token], offices: list[OfficeFact]):
    """The holders named in the sentences that report a network's meeting, of the post the
    attending titles name ("ordførarane", "byrådsledere"), in a municipality: (holder, evidence)."""
    network = roles["network"]._.network
    word = _word(roles["holders"], "title")
    shape = inflection(roles["holders"].text, word) if word is not None else None
    if network is None or _is_company(network.name) or shape is None or not shape[0]:
        return []  # the titles must be plural by their ending, whatever the tagger says
    posts = {str(w.value) for title in [roles["holders"], *_conjoined_titles(roles["holders"])]
             for w in title._.words if w.word_class == "title"}
    starts = [s.start_char for s in ctx.doc.sentences]
    last = sentence.sentence + _ATTENDANCE_REACH
    attending = _evidence(ctx, sentence, [roles["holders"], roles["network"]])
    out = []
    for fact in offices:
        if fact.post not in posts or fact.status != "current" or fact.person is None or fact.organization is None \
                or fact.organization.kind != "municipality":
            continue
        at = bisect_right(starts, fact.evidence[0].start) - 1
        if sentence.sentence <= at <= last:
            out.append((fact, (attending, fact.evidence[0])))
    return out


def _conjoined_titles(title: Token) -> list[Token]:
    """"Ordførere og byrådsledere": the titles coordinated with ``title``."""
    return [t for t in title.children if t.dep_ == "KOORD" and "title" in t._.kg]


def _is_company(name: str) -> bool:
    return bool(name.split()) and is_company_word(name.split()[-1])


def _holder(sentence: Parsed, roles: dict[str, Token], offices: list[OfficeFact]) -> OfficeFact | None:
    """The office fact of the person a ``leads`` match names: the holder of its ``holder`` title, or
    the one whose holder's name ends as its ``person`` does."""
    if "holder" in roles:
        char = sentence.char(roles["holder"])
        return next((f for f in offices if f.person and any(e.start <= char < e.end for e in f.evidence)), None)
    name = roles["person"].text
    named = [f for f in offices if f.person and (f.person == name or f.person.endswith(" " + name.split()[-1]))]
    if named:
        return min(named, key=lambda f: (f.post != "mayor", f.evidence[0].start))
    return OfficeFact(name, "", None, "current", None, ())
