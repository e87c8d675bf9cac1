"""Offices: who holds which post in which municipality or county.

Each title token ("ordførar", "Drammens", "byrådslederne" …) is read with the words around it:

- a name after it: "ordfører Kari Holm", "Ordførar i Tokke, Birger Nygård", "ordfører Kari Holm i Lier";
- a name before it: "Kari Holm (Ap), ordfører i Lier", "Kari Holm er ordfører i Lier";
- the place in the compound, the genitive or a phrase: "Lier-ordføraren", "Tokkeordførar",
  "Liers ordfører", "Lier sin ordførar", "ordføraren frå Lier", "rådmann i Lier kommune";
- lists: "byrådslederne i Oslo og Bergen og ordførerne i Trondheim og Tromsø" (no person);
- "som ordfører i Lier" (the clause's subject, or the person a pronoun points back to).

Mentions are then merged per article: short names and "ordføraren" resolve to the full name,
a missing municipality comes from the article's context (:mod:`kg.extraction.context`).

>>> from datetime import date
>>> from kg.extraction.document import Document
>>> from kg.extraction.context import ArticleContext
>>> ctx = ArticleContext(Document.parse("Lier-ordfører Kari Holm (Ap) er glad. Holm sa ja."), date(2015, 1, 1))
>>> [(f.person, f.post, f.organization.name) for f in extract_offices(ctx)]
[('Kari Holm', 'mayor', 'Lier')]
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from functools import cache

from kg.extraction.context import ArticleContext
from kg.extraction.document import Mention, word_test
from kg.extraction.facts import Evidence, OfficeFact, Organization
from kg.extraction.lexicon import (
    CANDIDACY_WORDS,
    COPULAS,
    COUNTY_POSTS,
    COUNTY_TITLES,
    NOT_NAMES,
    PARLIAMENTARY_TITLES,
    PRONOUNS,
    STATUS_WORDS,
    WEEKDAYS,
    Title,
    analyse_title,
    is_party,
)

_PLACE_PREPOSITIONS = {"i", "for", "frå", "fra", "på", "av"}
_ORG_NOUNS = {"kommune", "kommunes", "kommuna", "fylkeskommune", "fylkeskommunes", "fylke", "fylkes",
              "herad", "heradet", "kommunen", "bykommune"}
#: "rådmann i kommunen": the article's own municipality (or county)
_OWN_UNIT = {"kommunen": "municipality", "kommuna": "municipality", "heradet": "municipality",
             "fylket": "county", "fylkeskommunen": "county", "byen": "municipality"}
_POSSESSIVES = {"sin", "si", "sitt", "sine"}
_LEADS = {"leiar", "leder", "leiaren", "lederen", "nestleiar", "nestleder", "nestleiaren", "nestlederen"}
_BODY = re.compile(r"^\w*(utval|utvalet|utvalg|utvalget|komité|komiteen|komitéen|nemnd|nemnda|nemnden)$")
#: "i dag", "i går", "i fjor": adverbs of time written with "i"
_I_ADVERBS = {"dag", "år", "går", "fjor", "morgon", "morgen", "haust", "høst", "vår", "sommar", "sommer", "vinter"}
#: Words before a title that belong to it: "assisterande rådmann" (handled as its own post).
_TITLE_MODIFIERS = {"assisterende", "assisterande", "ass."}
_ELECTED = {"valgt", "vald", "valt", "gjenvalgt", "gjenvald", "konstituert", "tilsett", "ansatt", "utnevnt", "utnemnd"}
#: Words that may stand between a copula and a title: "er no ordførar", "er fortsatt rådmann".
_ADVERBS = {"no", "nå", "også", "òg", "fortsatt", "framleis", "fremdeles", "allerede", "alt", "igjen", "att",
            "enno", "ennå", "altså", "jo", "dessutan", "dessuten", "formelt", "offisielt"}
_PAST_CUES = re.compile(r"\b(erfaren|erfarne|tidligere|tidlegare|var|hadde vært|hadde vore|i sin tid|"
                        r"forhenværende|fram til|frem til|kommer fra|kjem frå|kom fra|kom frå)\b", re.I)
_ACTING = re.compile(r"\b(\w+) (?:vikarierer|vikarierar|vikarierte|fungerer|fungerar) for\b")


@dataclass
class OfficeMention:
    """One reading of a title in a sentence, before the article's mentions are merged."""

    title: Title
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

    @property
    def kind(self) -> str:
        return "county" if self.post in COUNTY_POSTS or self.title.label in COUNTY_TITLES else "municipality"


def extract_offices(ctx: ArticleContext) -> list[OfficeFact]:
    """The offices the article states, merged per person, post and organisation."""
    mentions = _find_mentions(ctx)
    return _merge(ctx, mentions)


# -- reading titles in sentences ---------------------------------------------------------------

def _find_mentions(ctx: ArticleContext) -> list[OfficeMention]:
    doc = ctx.doc
    found: list[OfficeMention] = []
    # the tokens a title may be read at; the others leave everything below as it was
    candidates = doc.where(_may_be_title)
    for index, sentence in enumerate(doc.sentences):
        previous: OfficeMention | None = None  # the first title of "ordfører og byrådsleder i X"
        for i in candidates[bisect_left(candidates, sentence.start):bisect_left(candidates, sentence.end)]:
            title = analyse_title(doc.texts[i])
            after = None
            if title is None:
                title, after = _body_leader(ctx, i)
            if title is None or title.genitive:
                continue
            mentions = _read_title(ctx, index, i, title, sentence, after)
            if after is not None:
                # "leiar i kontrollutvalet i Sula, X": only with the municipality named
                mentions = [m for m in mentions if m.explicit_org and m.person is not None]
            if previous is not None and mentions and doc.lower(i - 1) == "og":
                _share(previous, mentions[0])
            found.extend(mentions)
            following = doc.text_at(i + 2)
            coordinated = (doc.lower(i + 1) == "og" and following is not None
                           and analyse_title(following) is not None)
            previous = mentions[0] if mentions and coordinated and len(mentions) == 1 else None
    return found


@word_test
def _may_be_title(text: str) -> bool:
    """An office title, or the chair of a committee ("leiar i kontrollutvalet")."""
    return analyse_title(text) is not None or text.lower() in _LEADS


def _share(first: OfficeMention, second: OfficeMention) -> None:
    """Coordinated titles ("som ordfører og byrådsleder i Bergen") share place, holder and status."""
    for mention, other in ((first, second), (second, first)):
        if mention.organization is None and other.organization is not None:
            mention.organization, mention.explicit_org, mention.blocked = other.organization, other.explicit_org, False
        if mention.person is None and not mention.pronoun:
            mention.person, mention.pronoun = other.person, other.pronoun
            mention.definite_reference = mention.definite_reference and other.definite_reference
        if mention.status == "current":
            mention.status = other.status


def _post(title: Title) -> str:
    return f"other:{title.label}" if title.post == "other" else title.post


def _body_leader(ctx: ArticleContext, i: int) -> tuple[Title | None, int | None]:
    """"leiar i kontrollutvalet", "leder av hovedutvalget for miljø": a committee's chair, an office
    of the municipality. Returns the title and the token after it."""
    doc = ctx.doc
    lead = doc.lower(i)
    if lead not in _LEADS or doc.lower(i + 1) not in ("i", "av", "for") or not _BODY.match(doc.lower(i + 2)):
        return None, None
    base = lead[:-2] if lead.endswith("en") else lead
    label = f"{base} {doc.lower(i + 1)} {doc.lower(i + 2)}"
    return Title("other", label, None, False, lead.endswith("en"), False, None), i + 3


def _read_title(ctx: ArticleContext, sentence_index: int, i: int, title: Title, sentence,
                after: int | None = None) -> list[OfficeMention]:
    doc = ctx.doc
    after = after or i + 1
    mention = OfficeMention(title, _post(title), sentence_index, (i, after), status=title.status or "current")
    kind = mention.kind

    # status words and candidacy before the title ("tidlegare ordførar", "vil bli ordfører")
    before = [doc.lower(j) for j in range(max(sentence.start, i - 3), i)]
    for word in reversed(before[-2:]):
        if word in STATUS_WORDS and STATUS_WORDS[word]:
            mention.status = STATUS_WORDS[word]
            break
    if {"bli", "verte", "bli", "velje", "velge", "velges", "veljast", "kandidat"} & set(before[-2:]) \
            and CANDIDACY_WORDS & set(before):
        return []

    # "assisterende rådmann" is a post of its own, not the chief executive's
    if doc.lower(i - 1) in ("assisterende", "assisterande", "ass.") and title.post == "chief_executive":
        mention.post = f"other:{doc.lower(i - 1).rstrip('.')} {title.label}"

    # a place in the compound: "Tønsberg-ordfører", "Tokkeordførar"
    if title.prefix:
        org = ctx.resolve(title.prefix, kind)
        if org is not None:
            mention.organization, mention.explicit_org = org, True
            mention.place = title.prefix
        elif not is_party(title.prefix):
            mention.blocked = True

    # a place in the genitive or with a possessive before it: "Drammens ordfører", "Gaular sin ordførar"
    j = i - 1
    if doc.lower(j) in _POSSESSIVES:
        place = _place_ending_at(ctx, j)
        if place:
            _set_org(ctx, mention, place, kind)
            mention.span = (place.start, mention.span[1])
    elif doc.lower(j) in ("kommunens", "kommunas", "byens", "heradets") and kind == "municipality":
        # "Klæbu blir en del av Trondheim, og … kommunens ordfører, X": the clause's subject
        first = next(iter(doc.places_in(sentence.start, j)), None)
        if first is not None:
            _set_org(ctx, mention, first, kind)
    elif doc.lower(j) in ("kommunes", "fylkeskommunes"):
        place = _place_ending_at(ctx, j)
        if place:
            _set_org(ctx, mention, place, kind)
            mention.span = (place.start, mention.span[1])
    else:
        place = _place_ending_at(ctx, i)
        if place and doc.texts[place.end - 1].endswith(("s", "'")) and doc.gazetteer.base_form(place.text) != place.text:
            _set_org(ctx, mention, place, kind)
            mention.span = (place.start, mention.span[1])

    k = after
    has_complement = False
    if title.plural:
        return _read_plural(ctx, mention, k, sentence)

    # "kommunalsjef for helse": a lower-case complement belongs to an "other" title
    if title.post == "other" and doc.lower(k) == "for" and doc.text_at(k + 1) is not None \
            and doc.texts[k + 1].islower() and doc.place_at(k + 1) is None:
        # "byråd for helse og omsorg": lower-case words up to the name or place
        end = k + 1
        while end < sentence.end and end < k + 9 and (
                doc.texts[end].isalpha() and doc.texts[end].islower() and doc.lower(end) not in _PLACE_PREPOSITIONS - {"for"}
                or doc.texts[end] == "," and end + 1 < sentence.end and doc.texts[end + 1].islower()
                and doc.texts[end + 1].isalpha() and doc.lower(end + 1) not in _PLACE_PREPOSITIONS):
            end += 1
        while end > k + 2 and doc.lower(end - 1) in ("og", "for", ","):
            end -= 1
        complement = doc.span_text(k + 1, end)
        mention.post = f"other:{title.label} for {complement.lower()}"
        has_complement = True
        k = end

    k = _read_org_phrase(ctx, mention, k, kind)
    apposition = False
    if doc.lower(k) in _PLACE_PREPOSITIONS and _OWN_UNIT.get(doc.lower(k + 1)) == kind \
            and doc.lower(k + 2) == ",":
        k += 2  # "rådmann i kommunen, Kari Holm": the place comes from the context
        mention.span = (mention.span[0], k)
    opens_sentence = i == sentence.start or i - 1 == sentence.start and doc.lower(i - 1) in STATUS_WORDS
    if doc.lower(k) == "," and (mention.explicit_org or doc.lower(k - 1) in _OWN_UNIT or has_complement
                                or opens_sentence or doc.lower(i - 1) in ("kommunens", "kommunas", "byens")):
        name = doc.name_at(k + 1, min_tokens=2)
        if name:
            k += 1
            apposition = True
    name = doc.name_at(k)
    # "Stryn-ordføraren Per Olav Tonning", "ordføraren Kari Holm": a definite title names its holder too
    if name and (not title.definite or apposition or name.end - name.start >= 2):
        mention.person = name
        k = _skip_party(ctx, name.end)
        if not mention.explicit_org:
            k = _read_org_phrase(ctx, mention, k, kind)
        mention.span = (mention.span[0], max(mention.span[1], k))

    if mention.person is None and doc.lower(k) in ("er", "blir", "vert", "var", "ble", "vart") \
            and (opens_sentence or doc.lower(i - 1) == "som" and i - 1 == sentence.start):
        # "Ordførar i nye Ullensvang blir Roald Lothe (Sp)", "Varaordfører i kommunen er X"
        name = doc.name_at(k + 1, min_tokens=2)
        if name:
            mention.person = name
            mention.span = (mention.span[0], name.end)
            if COPULAS.get(doc.lower(k)) and mention.status == "current":
                mention.status = COPULAS[doc.lower(k)]
    if mention.person is None and not title.definite:
        _read_person_before(ctx, mention, i, sentence)
    if mention.person is None and title.definite:
        mention.definite_reference = True
    if mention.status == "former" and mention.place is not None:
        # a former holder's municipality as it was then, not its successor ("rådmann i Skedsmo")
        mention.organization = ctx.resolve(mention.place, kind, "old") or mention.organization
    results = [mention]

    # "Eid-ordførar Sonja Edvarsen og Roger B. Silden i Vågsøy kommune": a name coordinated with a
    # titled holder, followed by its own municipality, holds the same title
    if mention.person is not None:
        k = _skip_party(ctx, mention.person.end)
        if doc.lower(k) in ("og", ",") :
            other = doc.name_at(k + 1, min_tokens=2)
            if other and doc.lower(other.end) in ("i", "frå", "fra") and doc.place_at(other.end + 1):
                extra = OfficeMention(title, mention.post, sentence_index, (other.start, other.end),
                                      person=other, status=mention.status)
                _read_org_phrase(ctx, extra, other.end, kind)
                if extra.explicit_org:
                    results.append(extra)
    return results


def _read_plural(ctx: ArticleContext, mention: OfficeMention, k: int, sentence) -> list[OfficeMention]:
    """"ordførerne i A, B og C" → one unnamed holder per place; "Ordførarane X og Y" → named holders."""
    doc = ctx.doc
    results = []
    if doc.lower(k) in _PLACE_PREPOSITIONS and doc.place_at(k + 1):
        k += 1
        while k < sentence.end:
            place = doc.place_at(k)
            if place is None:
                break
            org = ctx.resolve(place, mention.kind)
            if org is not None:
                results.append(replace(mention, organization=org, explicit_org=True,
                                       span=(mention.span[0], place.end)))
            k = place.end
            if doc.lower(k) in ("kommune", "kommuner", "kommunar"):
                k += 1
            if doc.lower(k) in (",", "og") and doc.place_at(k + 1):
                k += 1
                continue
            break
        return results
    while k < sentence.end:
        name = doc.name_at(k, min_tokens=2)
        if name is None:
            break
        # the places of "Ordførarane X og Y i A og B" are not theirs to share out: no context
        results.append(replace(mention, person=name, span=(mention.span[0], name.end), blocked=True))
        k = _skip_party(ctx, name.end)
        if doc.lower(k) not in (",", "og"):
            break
        k += 1
    return results


def _read_org_phrase(ctx: ArticleContext, mention: OfficeMention, k: int, kind: str) -> int:
    """"i Lier", "frå Gloppen", "i Lier kommune", "for Viken": sets the organisation, returns the next token."""
    doc = ctx.doc
    if doc.lower(k) in _PLACE_PREPOSITIONS:
        era = None
        if doc.lower(k + 1) in ("nye", "gamle", "tidlegare", "tidligere", "dåverande", "daværende"):
            era, k = ("new" if doc.lower(k + 1) == "nye" else "old"), k + 1
        elif doc.lower(k + 1) == "den" and doc.lower(k + 2) == "nye" and doc.lower(k + 3) in ("kommunen", "kommuna"):
            org = ctx.new_municipality()  # "i den nye kommunen"
            if org is not None and kind == "municipality":
                mention.organization, mention.explicit_org, mention.blocked = org, True, False
                mention.span = (min(mention.span[0], k), max(mention.span[1], k + 4))
                return k + 4
            return k
        place = doc.place_at(k + 1)
        if place is not None:
            if era is None and mention.status == "former":
                era = "old"
            org = ctx.resolve(place, kind, era)
            end = place.end + (1 if doc.lower(place.end) in _ORG_NOUNS else 0)
            county = doc.place_at(end + 1) if doc.lower(end) == "i" and kind == "municipality" else None
            if county is not None and ctx.resolve(county, "county") is not None:
                # "Herøy i Møre og Romsdal", "Sande i Vestfold": the county settles the name
                hinted = ctx.doc.gazetteer.resolve(place.text, ctx.day, kind,
                                                   frozenset({ctx.resolve(county, "county").number}), era)
                if hinted is not None and hinted.unit is not None:
                    org = Organization.of(hinted)
                end = county.end
            if org is not None:
                mention.place = place
                mention.organization, mention.explicit_org = org, True
                mention.blocked = False
                mention.span = (min(mention.span[0], k), max(mention.span[1], end))
                return end
    return k


def _read_person_before(ctx: ArticleContext, mention: OfficeMention, i: int, sentence) -> None:
    """"Kari Holm (Ap), ordfører i Lier", "Kari Holm er ordfører i Lier", "… som ordfører i Lier"."""
    doc = ctx.doc
    j = i - 1
    while j > sentence.start and (doc.lower(j) in STATUS_WORDS or doc.lower(j) in _TITLE_MODIFIERS):
        j -= 1
    word = doc.lower(j)
    if word == "," and mention.explicit_org:
        end = j
        if doc.lower(end - 1) == ")":
            end = _paren_start(ctx, end - 1)
        name = doc.name_ending_at(end)
        if name and (name.end - name.start >= 2 or name.text in _known_surnames(ctx)):
            mention.person = name
            mention.span = (name.start, mention.span[1])
        return
    if word in ("ny", "nye", "nyvald", "nyvalgt") and doc.lower(j - 1) in COPULAS:
        j -= 1
        word = doc.lower(j)
        mention.status = "incoming"
    # "Kari Holm (H) ble torsdag valgt til (ny) ordfører", "Han er i dag kommunalsjef i Ålesund"
    elected = False
    if word in ("ny", "nye") and doc.lower(j - 1) == "til":
        j -= 1
        word = doc.lower(j)
    if word == "til" and doc.lower(j - 1) in _ELECTED:
        j, elected = j - 2, True
    while j > sentence.start and (doc.lower(j) in _ADVERBS or doc.lower(j) in WEEKDAYS
                                  or doc.lower(j) in _I_ADVERBS and doc.lower(j - 1) == "i"):
        j -= 2 if doc.lower(j) in _I_ADVERBS and doc.lower(j - 1) == "i" else 1
    word = doc.lower(j)
    perfect = word in ("vore", "vært", "blitt", "vorte") and doc.lower(j - 1) in ("har", "hadde")
    if perfect:  # "som har vore ordførar sidan 2015"
        status = "former" if doc.lower(j - 1) == "hadde" else None
        j -= 1
        word = doc.lower(j)
    if word in COPULAS or elected or perfect:
        end = j if word in COPULAS or perfect else j + 1
        # "X, som i dag er rådmann", "X, som fram til nyttår var ordfører": back to the "som"
        back = end - 1
        while back > max(sentence.start, end - 6) and doc.lower(back) != "som":
            back -= 1
        if doc.lower(back) == "som" and doc.lower(back - 1) in (",", ")") and back < end:
            end = back
        if doc.lower(end - 1) == "som" and doc.lower(end - 2) == ",":
            end -= 2  # "Kari Holm, som er ordfører i Lier,"
        elif doc.lower(end - 1) == "som":
            end -= 1
        if doc.lower(end - 1) == ",":
            end -= 1  # "Søgnes ordfører, Åge Tjomsland (KrF), blir varaordfører"
        if doc.lower(end - 1) == ")":
            end = _paren_start(ctx, end - 1)
        if doc.lower(end - 1) in PRONOUNS and end - 1 >= sentence.start:
            mention.pronoun = True
        else:
            name = doc.name_ending_at(end)
            if name is None:
                return
            mention.person = name
            mention.span = (name.start, mention.span[1])
        if perfect:
            if status and mention.status == "current":
                mention.status = status
        elif word in COPULAS and COPULAS[word] and mention.status == "current":
            mention.status = COPULAS[word]
        elif word == "var" and mention.status == "current":
            mention.status = "former"
        return
    if word == "som" or (word == "både" and doc.lower(j - 1) == "som") or doc.lower(j - 1) == "som" and word == "både":
        # predicative: the clause's subject holds the post
        text = sentence.text
        names = [m for m in _names_in(ctx, sentence.start, j)]
        if names:
            mention.person = names[-1]
        elif any(word in PRONOUNS for word in doc.lowers[sentence.start:sentence.end]):
            mention.pronoun = True
        else:
            return
        if _PAST_CUES.search(text):
            mention.status = "former"


def _names_in(ctx: ArticleContext, start: int, end: int) -> list[Mention]:
    doc = ctx.doc
    names, k = [], start
    while k < end:
        name = doc.name_at(k)
        if name and name.end <= end and (name.end - name.start >= 2 or name.text in _known_surnames(ctx)):
            names.append(name)
            k = name.end
        else:
            k += 1
    return names


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


def _place_ending_at(ctx: ArticleContext, end: int) -> Mention | None:
    return ctx.doc.place_ending_at(end)


def _set_org(ctx: ArticleContext, mention: OfficeMention, place: Mention, kind: str) -> None:
    org = ctx.resolve(place, kind)
    if org is not None:
        mention.organization, mention.explicit_org, mention.blocked = org, True, False
        mention.place = place


def _skip_party(ctx: ArticleContext, k: int) -> int:
    """Past "(Ap)" or "(H)" after a name."""
    doc = ctx.doc
    if doc.lower(k) == "(":
        for close in range(k + 1, min(k + 5, len(doc))):
            if doc.lower(close) == ")":
                return close + 1
    return k


def _paren_start(ctx: ArticleContext, close: int) -> int:
    for open_ in range(close - 1, max(close - 5, -1), -1):
        if ctx.doc.lower(open_) == "(":
            return open_
    return close + 1


# -- merging an article's mentions ---------------------------------------------------------------

def _merge(ctx: ArticleContext, mentions: list[OfficeMention]) -> list[OfficeFact]:
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

    # "X vikarierer for Y" (the pattern needs one of these words; most articles have neither)
    acting = {m.group(1) for m in _ACTING.finditer(doc.text)} \
        if "vikarier" in doc.text or "funger" in doc.text else set()

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
            parliamentary = mention.title.label in PARLIAMENTARY_TITLES or mention.title.label.endswith("byråd")
            mention.organization = ctx.context_organization(mention.span[0], mention.kind, parliamentary)

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
