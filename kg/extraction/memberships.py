"""Memberships: which municipalities (or counties, organisations) belong to which network.

Phrasings read, Bokmål and Nynorsk:

- "Lier er (nå) medlem i X", "Lier er med i X", "… representere kommunen som medlem i X";
- "Lier meldte seg inn i X", "vart teken opp i X" (with the date, when given);
- "X har bestått av A, B og C", "X består av byrådslederne i A og B og ordførerne i C …",
  "… som består av de samme kommunene" (the members of the network named before);
- "Kommunane i X: A, B og C", "X med representantar frå A";
- "samarbeidet mellom A og B";
- ended: "Lier meldte seg ut av X", "Lier er ikkje lenger medlem";
- the leader of a regional council who is a member municipality's mayor;
- a stated count ("utvidet fra sju til åtte kommuner") is checked against the members found.

>>> from datetime import date
>>> from kg.extraction.document import Document
>>> from kg.extraction.context import ArticleContext
>>> ctx = ArticleContext(Document.parse("Lier er nå medlem i KS storbynettverk."), date(2020, 1, 1))
>>> [(m.member.name, m.network) for m in extract_memberships(ctx, [])[0]]
[('Lier', 'KS storbynettverk')]
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date

from kg.extraction.context import ArticleContext
from kg.extraction.dates import find_dates
from kg.extraction.document import word_test
from kg.extraction.facts import CountCheck, Evidence, MembershipFact, OfficeFact, Organization
from kg.extraction.lexicon import NUMBER_WORDS, analyse_title
from kg.extraction.networks import NetworkMention, find_networks

_CONSISTS = {"består", "bestått", "besto", "bestod", "omfatter", "omfattar", "omfatta", "inkluderer",
             "inkluderar", "tel", "teller"}
_MEMBER_NOUNS = {"medlem", "medlemmer", "medlemar", "medlemskommune", "medlemskommuner", "medlemskommunar",
                 "deltakar", "deltaker", "deltakarkommune", "deltakerkommune", "eigar", "eier", "eiere", "eigarar",
                 "deltakarar", "deltakere", "medeigar", "medeier"}
_COPULAS = {"er", "blir", "ble", "vart", "vert", "var", "har", "blitt", "vorte", "nå", "no", "altså", "òg",
            "også", "allerede", "alt", "formelt", "offisielt", "fullverdig", "fullverdige", "et", "eit", "ny",
            "nytt", "nye"}
_JOIN = re.compile(r"\b(meld(?:t|te|er|ar|a)? seg inn|gått inn|gjekk inn|gikk inn|teken opp|tatt opp|"
                   r"tekne opp|tatt inn|teke opp)\b", re.I)
_LEAVE = re.compile(r"\b(meld(?:t|te|er|ar|a|e)? seg (?:\w+ ){0,3}?ut|meld(?:t|te|er|ar|a|e)? \w+ (?:seg )?ut|"
                    r"trakk seg|trekte seg|trekte seg|trekk seg|gått ut|gjekk ut|gikk ut|trekt seg ut|trukket seg ut|"
                    r"trekkjer seg ut|trekker seg ut|ikke lenger (?:er )?medlem|ikkje lenger (?:er )?medlem)", re.I)
_NETWORK_HEAD = re.compile(r"^\w*(råd|rådet|nettverk|nettverket|samarbeid|samarbeidet|forum|forumet|region|regionen)$")
_FUTURE = re.compile(r"\b(skal|vil|kjem til å|kommer til å)\b", re.I)
#: "Vik har sidan nyttår stått utanfor X" (it left); "Hurdal står foreløpig utenfor X" (never joined)
_OUTSIDE = re.compile(r"\b(sidan|siden|etter)\b.*\b(står|stått|stod|sto) (?:\w+ ){0,2}?(utanfor|utenfor)$", re.I)
_HYPOTHETICAL = re.compile(r"\b(vurderer|vurderar|vurdere|vurdert|ønsker å|ønskjer å|kan|kunne|bør|burde|om å|"
                           r"søkt om|søker om|søkjer om|foreslår|foreslått|utgreier|utreder|om \w+ (?:skal|vil|bør))\b",
                           re.I)
_NEWLY = re.compile(r"\b(nå|no|endeleg|endelig|nettopp|nyleg|nylig)\b", re.I)
_NEGATED = re.compile(r"\b(ikke|ikkje|aldri)\b", re.I)
_SAME_MEMBERS = re.compile(r"\b(de|dei) (samme|same) (kommunene|kommunane|medlemmene|medlemane)\b", re.I)
_COUNT = re.compile(r"\b(?:utvidet|utvida|auka|økt|økte|utvidast|utvides) (?:fra|frå) (\w+) til (\w+) "
                    r"(?:kommuner|kommunar|medlemmer|medlemar|medlemskommuner|medlemskommunar)\b", re.I)
_COUNT_WORDS = ("utvid", "auka", "økt")  # one is in every match of _COUNT
#: Words that may lead a list of members: "dei fire fylkeskommunane Rogaland, …".
_LIST_LEAD = {"dei", "de", "dei", "alle", "fylkeskommunane", "fylkeskommunene", "fylka", "fyllkene",
              "kommunane", "kommunene", "nabokommunane", "nabokommunene", "fylkene", "byane", "byene",
              *NUMBER_WORDS}
_ELECTED = {"vald", "valgt", "valt", "gjenvald", "gjenvalgt", "vart", "ble", "blei", "utnemnd", "utnevnt", "peika", "pekt"}
_MEMBER_GROUPS = {"medlemskommunane", "medlemskommunene", "deltakarkommunane", "deltakerkommunene",
                  "eigarkommunane", "eierkommunene", "eigarane", "eierne", "medlemane", "medlemmene",
                  "medlemsfylka", "medlemsfylkene"}
_LEADER = {"leiaren", "lederen", "leiar", "leder", "styreleiar", "styreleder"}
#: The words the cues below start at; a sentence is read only at these.
_SUBJECT_CUES = _MEMBER_NOUNS | {
    "med", "opp", "inn", "fortsetter", "held", "fortset", "blir", "blijr", "fram", "ut", "samarbeider",
    "samarbeidar", "samarbeidde", "samarbeidet", "samarbeida", "utgjør", "utgjer", "utgjorde", "dannar",
    "danner", "danna", "dannet", "til", "i", "utanfor", "utenfor"}
_LIST_CUES = _CONSISTS | _MEMBER_GROUPS | {
    "bestått", "mellom", ":", "representantar", "representatar", "representanter", "sit", "sitter", "sat",
    "satt", "møter", "møtest", "møtes", "("}


@dataclass
class _Found:
    member: Organization
    network: str
    evidence: list[Evidence] = field(default_factory=list)
    status: str = "current"
    valid_from: date | None = None


def extract_memberships(ctx: ArticleContext, offices: list[OfficeFact],
                        meeting_days: dict[str, list[date]] | None = None,
                        ) -> tuple[list[MembershipFact], list[CountCheck], list[OfficeFact]]:
    """Memberships, checks of stated counts, and the leaders of networks (as office facts).

    ``meeting_days`` (network → days of its meetings in the article) dates a joining that the text
    places "last week" or "now"."""
    meeting_days = meeting_days or {}
    doc = ctx.doc
    networks = find_networks(doc)
    found: dict[tuple[str, str], _Found] = {}
    order: list[tuple[str, str]] = []
    copies: list[tuple[str, Evidence]] = []  # networks whose members are "the same" as the last one's
    leaders: list[OfficeFact] = []
    counts: list[tuple[str, int, Evidence]] = []

    def add(member: Organization, network: str, evidence: Evidence, status="current", valid_from=None):
        key = (member.key, network)
        if key not in found:
            found[key] = _Found(member, network)
            order.append(key)
        entry = found[key]
        if evidence not in entry.evidence:
            entry.evidence.append(evidence)
        if status == "former":
            entry.status, entry.valid_from = status, None
        elif status == "incoming":
            entry.status = status
            if valid_from:
                entry.valid_from = valid_from
        elif valid_from and entry.status == "current" and (entry.valid_from is None or valid_from < entry.valid_from):
            entry.valid_from = valid_from

    # "i" and "til" are cues only in "går saman i" and "slutta seg til"
    subject_cues = [t for t in doc.where(_is_subject_cue)
                    if doc.lowers[t] not in ("i", "til") or doc.lower(t - 1) in ("saman", "sammen", "seg")]
    list_cues = doc.where(_is_list_cue)
    last_network: str | None = None  # the network the text last spoke of, for "Frå før er A med"
    by_sentence: dict[int, list[NetworkMention]] = {}
    for named_network in networks:  # sentences cover the tokens one after another: one lookup each
        by_sentence.setdefault(doc.sentence_index(named_network.start), []).append(named_network)
    for sentence_number, sentence in enumerate(doc.sentences):
        in_sentence = by_sentence.get(sentence_number, [])
        default = in_sentence[0].name if in_sentence else last_network
        text = sentence.text
        dates = None  # found when a cue needs them: most sentences have none
        lowers = doc.lowers[sentence.start:sentence.end]

        def evidence(start_tok: int, end_tok: int) -> Evidence:
            span = doc.span(max(start_tok, sentence.start), min(end_tok, sentence.end))
            return Evidence(span.start_char, span.end_char, span.text, sentence.start_char, sentence.end_char)

        def network_after(k: int) -> tuple[str | None, int]:
            """The network named at token ``k`` (a known mention, or a proper name after a cue)."""
            for n in in_sentence:
                if n.start == k and not n.genitive:
                    return n.name, n.end
            token = doc.text_at(k)
            # "Sunnfjord og Ytre Sogn interkommunale politiske råd": names, "og", adjectives, a head noun
            if token is not None and token[:1].isupper():
                for head in range(k + 1, min(k + 8, sentence.end)):
                    if _NETWORK_HEAD.match(doc.lowers[head]) and doc.texts[head].islower():
                        if all(doc.texts[x][:1].isupper() or doc.lowers[x] == "og" or doc.texts[x].islower()
                               and doc.texts[x].isalpha() and doc.lowers[x] not in ("i", "frå", "fra", "av", "på")
                               for x in range(k, head)):
                            return doc.span_text(k, head + 1), head + 1
                        break
            if token is not None and token[:1].isupper() and doc.place_at(k) is None and k < sentence.end:
                end = k + 1
                while end < sentence.end and doc.texts[end][:1].isupper():
                    end += 1
                # "Ålesundregionens interkommunale politiske råd": a genitive, adjectives, a head noun
                if doc.texts[end - 1].endswith("s"):
                    for head in range(end, min(end + 4, sentence.end)):
                        if not doc.texts[head].islower():
                            break
                        if _NETWORK_HEAD.match(doc.lowers[head]):
                            end = head + 1
                            break
                return doc.span_text(k, end), end
            return None, k

        # 1. cues with the members as the clause's subject
        for t in _within(subject_cues, sentence):
            word = doc.lower(t)
            cue_end = None
            status = "current"
            joining = False
            if word in _MEMBER_NOUNS and doc.lower(t + 1) in ("i", "av"):
                cue_end, joining = t + 2, True
            elif word in _MEMBER_NOUNS and doc.lower(t + 1) in ("frå", "fra", ".", "") and t > sentence.start \
                    and _has_copula(lowers[: t - sentence.start]):
                cue_end, joining = t + 1, True  # "Øvre Eiker ble medlem fra 1. januar." (the network named before)
            elif word == "med" and _has_copula(lowers[: t - sentence.start]) and (
                    doc.lower(t + 1) in (".", ",", "frå", "fra", "") or t + 1 >= sentence.end
                    or doc.lower(t + 1) == "i" and network_after(t + 2)[0] is not None):
                # "er med i X" where X names a network, not "får et ord med i laget"
                cue_end, joining = (t + 2 if doc.lower(t + 1) == "i" else t + 1), True
            elif word in ("opp", "inn") and doc.lower(t - 1) in ("teken", "tatt", "tekne", "teke", "tatt", "seg", "gått", "gjekk", "gikk"):
                k = t + 1
                if doc.lower(k) == "som":  # "tatt opp som (sjuende) medlem"
                    k += 1
                    while k < t + 5 and doc.lower(k) not in _MEMBER_NOUNS and doc.texts[k].islower():
                        k += 1
                    k += 1 if doc.lower(k) in _MEMBER_NOUNS else 0
                if doc.lower(k) == "i":
                    k += 1
                cue_end, joining = k, True
            elif word in ("fortsetter", "held", "fortset", "blir", "blijr") and doc.lower(t + 1) in ("i",) \
                    or word == "fram" and doc.lower(t - 1) == "held" and doc.lower(t + 1) == "i":
                cue_end = t + 2
            elif word == "ut" and _LEAVE.search(doc.span_text(sentence.start, t + 1)) and doc.lower(t + 1) in ("av", "frå", "fra"):
                cue_end, status = t + 2, "former"
            elif word in ("samarbeider", "samarbeidar", "samarbeidde", "samarbeidet", "samarbeida") \
                    and doc.lower(t + 1) in ("i", "gjennom", "innan", "innen") and t > sentence.start:
                cue_end = t + 2  # "Flå, Nes og Gol samarbeider i Regionrådet for Hallingdal"
            elif word in ("utgjør", "utgjer", "utgjorde", "dannar", "danner", "danna", "dannet"):
                cue_end = t + 1  # "Fyresdal, Kviteseid og Tokke utgjer (saman med Vinje) Vest-Telemarkrådet"
                if doc.lower(cue_end) in ("saman", "sammen") and doc.lower(cue_end + 1) == "med":
                    place = doc.place_at(cue_end + 2)
                    cue_end = place.end if place else cue_end
            elif word == "til" and doc.lower(t - 1) == "seg" and doc.lower(t - 2) in (
                    "slutta", "sluttet", "slutter", "sluttar", "slutte"):
                cue_end, joining = t + 1, True  # "Gulen har slutta seg til Nordhordlandsrådet"
            elif word in ("i",) and doc.lower(t - 1) in ("saman", "sammen") and doc.lower(t - 2) in (
                    "går", "gjekk", "gikk", "gått", "gå"):
                cue_end, joining = t + 1, True
            elif word in ("utanfor", "utenfor") and _OUTSIDE.search(doc.span_text(sentence.start, t + 1)):
                cue_end, status = t + 1, "former"  # "Vik har stått utanfor Sogn regionråd"
            if cue_end is None:
                continue
            network, net_end = network_after(cue_end)
            if network is None or cue_end == t + 1 and network is None:
                network, net_end = default, cue_end
            if network is None:
                continue
            clause = doc.span_text(sentence.start, t)
            if _LEAVE.search(clause + " " + doc.texts[t]):
                status = "former"
            elif _NEGATED.search(clause) or _HYPOTHETICAL.search(clause):
                continue  # "Voss har aldri vore med", "Vik vurderer å melde seg inn"
            last_network = network
            members = _subjects(ctx, sentence, t)
            # "… utgjer saman med Vinje Vest-Telemarkrådet"
            for mention in doc.places_in(t, net_end):
                if doc.lower(mention.start - 1) == "med" and doc.lower(mention.start - 2) in ("saman", "sammen"):
                    org = ctx.resolve_any(mention.text)
                    if org is not None:
                        members.append((org, mention.start))
            if dates is None:
                dates = find_dates(text, ctx.day, sentence.start_char)
            if joining and status == "current" and (_FUTURE.search(clause) or any(
                    d.day and ctx.day and d.day > ctx.day for d in dates)):
                status = "incoming"  # "Haram skal bli med i … frå nyttår"
            when = None
            if joining and status in ("current", "incoming"):
                when = _start_date(dates, meeting_days.get(network, []))
                if when is None and not dates and _NEWLY.search(clause):
                    # "Drammen er nå medlem": since the network's meeting the article reports
                    days = meeting_days.get(network, [])
                    when = days[0] if len(days) == 1 else None
            for member, tok in members:
                add(member, network, evidence(min(tok, t), max(net_end, t + 1)), status, when)

        # 2. lists: "X (har) består av A, B og C", "samarbeid mellom A og B", "X: A, B og C",
        #    "X med representantar frå A"
        for t in _within(list_cues, sentence):
            word = doc.lower(t)
            start = None
            if word in _CONSISTS or word == "bestått":
                k = t + 1
                while k < sentence.end and k < t + 4 and doc.lower(k) != "av":
                    k += 1
                if doc.lower(k) == "av":
                    start = k + 1
            elif word == "mellom" and ("samarbeid" in doc.lower(t - 1) or any(n.end == t for n in in_sentence)):
                start = t + 1
            elif word == ":" and any(n.end == t for n in in_sentence):
                start = t + 1
            elif word in ("representantar", "representatar", "representanter") and doc.lower(t + 1) in ("frå", "fra"):
                start = t + 2
            elif word in ("sit", "sitter", "sat", "satt", "møter", "møtest", "møtes") and any(
                    doc.lower(x) in ("frå", "fra") for x in range(t + 1, min(t + 4, sentence.end))):
                # "I regionrådet sit ordførarane frå Flå, Nes og Gol"
                start = next(x for x in range(t + 1, t + 4) if doc.lower(x) in ("frå", "fra")) + 1
            elif word == "(" and any(n.end == t for n in in_sentence):
                start = t + 1  # "Regionrådet for Hallingdal (Flå, Nes, Gol …)"
            elif word in _MEMBER_GROUPS:
                start = t + 1  # "medlemskommunane Flå, Nes og Gol", "eigarkommunane i X: A, B"
                if doc.lower(start) == "i" and any(n.start == start + 1 for n in in_sentence):
                    start = next(n.end for n in in_sentence if n.start == start + 1)
                while doc.lower(start) in (":", "–", "-", "er", "var", "blant", "andre", "anna", "mellom", "m.a."):
                    start += 1
            if start is None:
                continue
            before = [n for n in in_sentence if n.end <= t]
            after = [n for n in in_sentence if n.start > t]
            if _SAME_MEMBERS.match(doc.span_text(start, sentence.end)):
                network = before[-1].name if before else default
                if network:
                    copies.append((network, evidence(before[-1].start if before else t, start + 3)))
                continue
            members = _member_list(ctx, start, sentence.end)
            if not members or _HYPOTHETICAL.search(doc.span_text(sentence.start, t)) and word not in _CONSISTS:
                continue
            if word in _MEMBER_GROUPS:
                named = [n for n in in_sentence if n.start > t and n.start <= t + 3]
                before = named or before
            if before:
                network, net_start = before[-1].name, before[-1].start
            elif after:
                network, net_start = after[0].name, t
            elif word == "mellom":
                network, net_start = doc.span_text(t - 1, members[-1][2]), t - 1
            else:
                network, net_start = default, t
            if network is None:
                continue
            for member, _, end in members:
                add(member, network, evidence(min(net_start, t), end))

        if in_sentence:
            last_network = in_sentence[-1].name

        # the leader of a council: "Leiaren av Hardangerrådet, Eidfjord-ordførar X"
        for net in in_sentence:
            if doc.lower(net.start - 1) in ("leder", "leiar", "leiier", "leiar") and doc.lower(net.start - 2) == "som":
                # "Iveland-ordfører Tone Omdal (Sp), som leder regionrådet"
                leaders.extend(_leader(ctx, net, sentence, offices, add, sentence.start, net.start - 2,
                                       "leiar" if doc.lower(net.start - 1).startswith("lei") else "leder"))
                continue
            if doc.lower(net.end) in _LEADER and doc.lower(net.end + 1) == "," and net.genitive:
                # "Regionrådets leder, Steigen-ordfører X"
                leaders.extend(_leader(ctx, net, sentence, offices, add, net.end + 2, min(sentence.end, net.end + 10),
                                       doc.lower(net.end)))
                continue
            if doc.lower(net.start - 1) not in ("av", "for", "i") or doc.lower(net.start - 2) not in _LEADER:
                continue
            if doc.lower(net.end) in (",", "er", "blir", "vert", "var"):
                # "Leiaren av X, Eidfjord-ordførar Y", "Leder i rådet er Hasvik-ordfører Y"
                leaders.extend(_leader(ctx, net, sentence, offices, add, net.end + 1, min(sentence.end, net.end + 9)))
            elif doc.lower(net.start - 3) in ("til", "som", "ny", "nyvald", "nyvalgt") \
                    and doc.lower(net.start - 4) in _ELECTED | {"til", "er", "blir", "vert", "over"} \
                    or doc.lower(net.start - 3) in ("er", "blir", "vert", "var"):
                # "Kari Holm er vald til leiar i Nordfjordrådet": the sentence's first named holder
                leaders.extend(_leader(ctx, net, sentence, offices, add, sentence.start, net.start - 3))

        # a stated count for the network of this sentence
        match = _COUNT.search(text) if doc.may_contain(sentence, _COUNT_WORDS) else None
        if match and default:
            stated = _number(match.group(2))
            if stated is not None:
                a, b = sentence.start_char + match.start(), sentence.start_char + match.end()
                counts.append((default, stated, Evidence(a, b, doc.text[a:b], sentence.start_char, sentence.end_char)))

    # "… som består av de samme kommunene": the members of the network named before it
    for network, ev in copies:
        sources = [key[1] for key in order if key[1] != network]
        if sources:
            source = sources[-1]
            for key in list(order):
                if key[1] == source:
                    add(found[key].member, network, ev)

    facts = [MembershipFact(found[k].member, found[k].network, found[k].status, found[k].valid_from,
                            tuple(found[k].evidence)) for k in order]
    checks = []
    for network, stated, ev in counts:
        members = sum(1 for f in facts if f.network == network and f.status == "current")
        checks.append(CountCheck(network, stated, members, ev))
    return facts, checks, leaders


@word_test
def _is_subject_cue(text: str) -> bool:
    return text.lower() in _SUBJECT_CUES


@word_test
def _is_list_cue(text: str) -> bool:
    return text.lower() in _LIST_CUES


def _within(positions: list[int], sentence) -> list[int]:
    """The token positions (sorted) that lie in ``sentence``."""
    return positions[bisect_left(positions, sentence.start):bisect_left(positions, sentence.end)]


def _has_copula(words: list[str]) -> bool:
    return any(w in ("er", "blir", "ble", "vart", "vert", "var", "blitt", "vorte", "bli", "verte", "vere",
                     "være", "vært", "vore") for w in words)


def _subjects(ctx: ArticleContext, sentence, end: int) -> list[tuple[Organization, int]]:
    """The members a clause names before token ``end``: places, or "kommunen" (the article's municipality)."""
    doc = ctx.doc
    members = []
    if "network tokens" not in doc.cache:  # once per document, not once per clause
        doc.cache["network tokens"] = {i for n in find_networks(doc) for i in range(n.start, n.end)}
    in_names = doc.cache["network tokens"]
    for mention in doc.places_in(sentence.start, end):
        if mention.start in in_names:
            continue  # "Region Kristiansand": part of the network's name
        if doc.lower(mention.start - 1) in ("i", "på", "til", "mot", "ved", "frå", "fra", "med", "hos", "om", "av") \
                and doc.lower(mention.start - 2) not in ("saman", "sammen"):
            continue  # a place in an adverbial ("Vindafjord i Rogaland"), not the subject
        org = ctx.resolve_any(mention.text)
        if org is not None:
            members.append((org, mention.start))
    if not members:
        clause = doc.span(sentence.start, end)
        for i in range(clause.start, clause.end):
            if doc.lowers[i] in ("kommunen", "kommuna", "vi", "me"):
                home = ctx.home()
                if home is not None:
                    members.append((home, i))
                break
    return members


def _member_list(ctx: ArticleContext, k: int, end: int) -> list[tuple[Organization, int, int]]:
    """Members listed from token ``k``: "A, B og C", "byrådslederne i A og B og ordførerne i C …"."""
    doc = ctx.doc
    members = []
    skipped = 0
    while k < end and skipped < 4 and doc.lower(k) in _LIST_LEAD and doc.place_at(k) is None:
        k, skipped = k + 1, skipped + 1
    while k < end:
        word = doc.lower(k)
        token = doc.text_at(k)
        place = doc.place_at(k)
        if place is not None:
            org = ctx.resolve_any(place.text)
            if org is not None:
                members.append((org, place.start, place.end))
            elif " og " in place.text:  # "Vestfold og Telemark" before 2020: two counties
                for part in place.text.split(" og "):
                    org = ctx.resolve_any(part)
                    if org is not None:
                        members.append((org, place.start, place.end))
            k = place.end
            if doc.lower(k) in ("kommune", "kommunar", "kommuner", "fylkeskommune"):
                k += 1
            continue
        title = analyse_title(token) if token is not None else None
        if word in (",", "og", "i", "samt", "dessutan", "dessuten") or (title is not None and title.plural):
            k += 1
            continue
        if word in ("kommune", "kommunane", "kommunene", "kommunar", "kommuner"):
            k += 1
            continue
        break
    return members


def _leader(ctx, net: NetworkMention, sentence, offices: list[OfficeFact], add, k: int, end: int,
            leader_word: str | None = None) -> list[OfficeFact]:
    """A council's leader, named between tokens ``k`` and ``end`` with their office; the
    municipality they are mayor of is a member (councils are led by their members' mayors)."""
    doc = ctx.doc
    if end <= k:
        return []
    leader_word = leader_word or doc.lower(net.start - 2)
    label = "leiar" if leader_word.startswith("leiar") or leader_word == "styreleiar" else "leder"
    found = []
    # the first office (in their order) with evidence in the clause: looked up by where evidence
    # starts, once per document, rather than by a scan of every office for every council
    key = ("office evidence", id(offices))
    if key not in doc.cache:
        doc.cache[key] = (offices, sorted((ev.start, number, order) for number, office in enumerate(offices)
                                          if office.person is not None
                                          for order, ev in enumerate(office.evidence)))
    evidence = doc.cache[key][1]
    lo = bisect_left(evidence, (doc.offsets[k],))
    hi = bisect_left(evidence, (doc.offsets[end - 1] + len(doc.texts[end - 1]),))
    if lo == hi:
        return found
    _, number, order = min(evidence[lo:hi], key=lambda hit: hit[1:])
    office = offices[number]
    ev = office.evidence[order]
    network_org = Organization(net.name, "network")
    start = min(doc.offsets[max(net.start - 2, sentence.start)], ev.start)
    stop = max(doc.offsets[net.end - 1] + len(doc.texts[net.end - 1]), ev.end)
    lead_ev = Evidence(start, stop, doc.text[start:stop], sentence.start_char, sentence.end_char)
    found.append(OfficeFact(office.person, f"other:{label}", network_org, "current", None, (lead_ev,)))
    if office.post == "mayor" and office.organization is not None:
        add(office.organization, net.name, lead_ev)
    return found


def _start_date(dates, meeting_days) -> date | None:
    """The day a membership began: a date in the sentence, or for "last week" the meeting that week."""
    for mention in dates:
        if mention.day is not None:
            return mention.day
        if mention.interval is not None:
            inside = [d for d in meeting_days if mention.interval[0] <= d <= mention.interval[1]]
            if len(inside) == 1:
                return inside[0]
    return None


def _number(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return NUMBER_WORDS.get(word.lower())
