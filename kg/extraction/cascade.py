"""Which sentences the language pipeline reads, and its reading of them made ready for the rules.

The cascade: spaCy's tokenizer, the gazetteer and the lexicon's stems (:attr:`Vocabulary.stems`)
find the sentences that can hold a fact, and only those go through the pipeline: a sentence with a
title (or an office, or a council's chair), or one that names a municipality or county and holds a
word of membership. Every rule needs such words, and every form of a word holds its stem, so the
sentences left out could not have matched a rule: the facts are the same as when every sentence is
parsed (``select=False``), which ``benchmarks/extraction.py`` checks while it times both.

In a parsed sentence a person's name and a municipality or county name are one token each, so a
rule reads "Kari Holm , ordførar i Nedre Eiker" as five tokens. Each token carries the lexicon
classes it belongs to in ``token._.kg`` (with ``place`` and ``person``), its readings in
``token._.words`` and, for a place, the place mention in ``token._.place``.

>>> from kg.extraction.document import Document
>>> doc = Document.parse("Det regnar. Kari Holm er ordførar i Nedre Eiker.")
>>> [p.doc.text for p in parse(doc)]
['Kari Holm er ordførar i Nedre Eiker.']
>>> [(t.text, t._.kg) for t in parse(doc)[0].doc if t._.kg]
[('Kari Holm', ('person',)), ('er', ('copula', 'be', 'not_in_name')), ('ordførar', ('title', 'not_name')), ('i', ('place_preposition', 'region_preposition', 'day_in', 'not_name', 'not_in_name')), ('Nedre Eiker', ('place',))]
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from spacy.tokens import Doc, Token

from kg.extraction.dates import find_dates
from kg.extraction.document import Document, Mention
from kg.extraction.lexicon import NOT_NAMES, NUMBER_WORDS
from kg.extraction.networks import find_networks
from kg.extraction.rulebook import Rulebook, class_norm
from kg.extraction.vocabulary import Vocabulary, Word, inflection
from kg.nlp import load_pipeline

#: Word classes that make a sentence worth parsing on their own: every office rule needs one.
OFFICE_WORDS = ("title", "office", "leader", "colleague", "succeed_verb", "replace_verb")
#: Word classes that make a sentence that names a place worth parsing: every membership rule needs
#: a member (a place, or a title whose holders' places are members) and one of these.
MEMBERSHIP_WORDS = ("member_verb", "member_noun", "network_noun", "consist_verb", "move_verb", "join_verb",
                    "continue_verb", "go_on_verb", "between", "along", "among", "own_verb", "seat", "host",
                    "vote_verb", "represented", "found_verb", "percent", "run_verb", "besides", "same",
                    "likewise_verb", "attendance", "others")

#: Word classes of a meeting's report: a sentence with a meeting word and a date opens one, and the
#: sentences after it in its paragraph with an agenda word say what it was about.
MEETING_WORDS = ("meet",)
AGENDA_WORDS = ("topic_noun", "discuss", "introduce", "statement")
#: Any day, to tell whether a sentence gives a date: relative dates ("i går") give one whatever the
#: article's date.
_ANY_DAY = date(2000, 1, 1)

#: Word classes that make a sentence worth parsing for the name of a network it may give, which
#: the sentences after refer back to ("Sunnhordland interkommunale legevakt").
NAMING_WORDS = ("naming_adjective",)

for _name, _default in (("kg", ()), ("words", ()), ("place", None), ("network", None)):
    if not Token.has_extension(_name):
        Token.set_extension(_name, default=_default)


def _set_classes(token: Token, classes: tuple[str, ...]) -> None:
    token._.kg = classes
    token.norm_ = class_norm(classes)  # where the rules' patterns read them


@dataclass
class Parsed:
    """One sentence of the article as the pipeline read it."""

    sentence: int  # its index in the Document
    offset: int  # the character where it starts in the article
    doc: Doc
    matches: list = field(default_factory=list)  # (rule, {role: token}) of every rule that matched

    def char(self, token: Token) -> int:
        """Where ``token`` starts in the article."""
        return self.offset + token.idx


@cache
def _triggers(classes: tuple[str, ...]) -> re.Pattern:
    return Vocabulary.default().finder(*classes)


#: A name's abbreviation in brackets after it: "(LNVK)", "(ØRU)".
_ABBREVIATION = re.compile(r"\w \(([A-ZÆØÅ]{3,6})\)")


@cache
def _group_words() -> re.Pattern:
    """"SIM-kommunane", "ROR-kommunane": a network's letters, a hyphen, a noun for its members."""
    stems = Vocabulary.default().stems
    nouns = sorted({re.escape(stem) for c in ("municipality_noun", "member_noun") for stem, _ in stems.get(c, [])},
                   key=len, reverse=True)
    return re.compile(r"\b[A-ZÆØÅ]{2,}-(?:" + "|".join(nouns) + ")", re.IGNORECASE)


@cache
def _counted_nouns() -> re.Pattern:
    """"dei tre kommunane", "begge øykommunane": a number and a noun for municipalities."""
    stems = Vocabulary.default().stems
    nouns = sorted({re.escape(stem) for stem, _ in stems.get("municipality_noun", [])}, key=len, reverse=True)
    numbers = sorted((re.escape(word) for word, value in NUMBER_WORDS.items() if value > 1), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(numbers) + r")\s+(?:" + "|".join(nouns) + r")", re.IGNORECASE)


@cache
def _is_party_word(word: str) -> bool:
    return Vocabulary.default().is_a(word, "party")


def _may_hold_a_fact(document: Document, sentence) -> bool:
    if _triggers(OFFICE_WORDS).search(sentence.text):
        return True
    if any(word.isupper() and is_company_word(word) for word in sentence.text.split()):
        return True  # "BIR AS foreslår …": a company named here is named for the sentences after
    if any(not _is_party_word(match.group(1)) for match in _ABBREVIATION.finditer(sentence.text)) \
            or _triggers(NAMING_WORDS).search(sentence.text) or _group_words().search(sentence.text):
        return True  # "Sunnhordland interkommunale legevakt (LNVK) har …": named for the sentences after
    if document.places_in(sentence.start, sentence.end) or _counted_nouns().search(sentence.text):
        # a place and a network named together ("fire av dei åtte kommunane i Midt-Troms regionråd")
        return bool(_triggers(MEMBERSHIP_WORDS).search(sentence.text)) or any(
            sentence.start <= network.start < sentence.end for network in find_networks(document))
    if _defines_a_network(document, sentence) or _names_a_service(document, sentence):
        return True
    # "Kommunen er medlem av KS storbynettverk", "Kommunen er ein av eigarane": the municipality the
    # text is about, and a network or a member noun
    return bool(_triggers(("municipality_noun",)).search(sentence.text)) and (
        bool(_triggers(("member_noun",)).search(sentence.text))
        or any(sentence.start <= network.start < sentence.end for network in find_networks(document)))


def _meeting_sentences(document: Document) -> set[int]:
    """The sentences (by index) that report a meeting: one with a meeting word and a date, and
    those after it in its paragraph with an agenda word."""
    if "meeting sentences" not in document.cache:
        out: set[int] = set()
        paragraph = None
        for index, sentence in enumerate(document.sentences):
            if _triggers(MEETING_WORDS).search(sentence.text) and any(
                    d.day for d in find_dates(sentence.text, _ANY_DAY)):
                out.add(index)
                paragraph = document.paragraph_of(sentence.start_char)
            elif paragraph is not None and document.paragraph_of(sentence.start_char) == paragraph \
                    and _triggers(AGENDA_WORDS).search(sentence.text):
                out.add(index)
        document.cache["meeting sentences"] = out
    return document.cache["meeting sentences"]


def _defines_a_network(document: Document, sentence) -> bool:
    """"Mjøsbyen er et samarbeid om areal og transport": a name, a copula and a network noun, which
    names the network for the sentences after."""
    first, second = sentence.start, sentence.start + 1
    if second >= sentence.end or not document.texts[first][:1].isupper() or document.lowers[first] in NOT_NAMES:
        return False
    vocabulary = Vocabulary.default()
    return vocabulary.is_a(document.lowers[second], "copula") and bool(_triggers(("network_noun",)).search(sentence.text))


def _names_a_service(document: Document, sentence) -> bool:
    """"Barnevernvakta i Østre Agder", "PP-tenesta for Hallingdal": a capitalised network noun
    with the region it serves, which names the network for the sentences after."""
    texts, lowers, vocabulary = document.texts, document.lowers, Vocabulary.default()
    return any(texts[k][:1].isupper() and texts[k + 2][:1].isupper() and vocabulary.is_a(lowers[k], "network_noun")
               and vocabulary.is_a(lowers[k + 1], "region_preposition")
               for k in range(sentence.start, sentence.end - 2))


def parse(document: Document, language: str | None = None, select: bool = True) -> list[Parsed]:
    """The sentences of ``document`` that may hold a fact (all of them if not ``select``), parsed."""
    return parse_many([(document, language)], select)[0]


def parse_many(documents: list[tuple[Document, str | None]], select: bool = True) -> list[list[Parsed]]:
    """:func:`parse` for several documents (with their written standards), in one pass of the
    pipeline: it reads sentences in batches, so many short articles go through faster together."""
    nlp = load_pipeline()
    jobs, docs = [], []
    for number, (document, language) in enumerate(documents):
        for index, sentence in enumerate(document.sentences):
            if select and not (_may_hold_a_fact(document, sentence) or index in _meeting_sentences(document)):
                continue
            doc = nlp.make_doc(_one_line(sentence.text))
            for token in doc[1:]:
                token.is_sent_start = False  # one sentence, one tree: the parser keeps preset boundaries
            if language:
                doc.user_data["standard"] = language
            jobs.append((number, index))
            docs.append(doc)
    out: list[list[Parsed]] = [[] for _ in documents]
    aliases: list[dict[str, NamedNetwork]] = [{} for _ in documents]  # "ØRU": per document
    named: list[list[NamedNetwork]] = [[] for _ in documents]  # the networks rules named, in order
    for (number, index), doc in zip(jobs, nlp.pipe(docs, batch_size=256)):
        document = documents[number][0]
        sentence = Parsed(index, document.sentences[index].start_char, doc)
        _annotate(sentence, document)
        _name_networks(sentence, aliases[number], named[number], document.sentences[index].text)
        sentence.matches = [(rule, {role: doc[i] for role, i in roles.items()}) for rule, roles in _matcher()(doc)]
        out[number].append(sentence)
    for (document, _), known in zip(documents, aliases):
        document.cache["network aliases"] = {alias: network.name for alias, network in known.items()}
    return out


def _one_line(text: str) -> str:
    """A sentence over several lines (a list under its heading, a signature) as the parser reads
    best, on one line: the treebank has no line breaks. Same length, so offsets stay."""
    return text.replace("\n", " ")


@dataclass(frozen=True)
class NamedNetwork:
    """A network a rule of ``networks.toml`` found named in passing."""

    name: str
    anaphoric: bool = False


#: What the rules that run before the others emit: the networks and titles they make.
_FIRST = frozenset({"network", "title"})


@cache
def _first_matcher():
    return Rulebook.default().matcher(load_pipeline().vocab, _FIRST)


@cache
def _matcher():
    rulebook = Rulebook.default()
    return rulebook.matcher(load_pipeline().vocab, frozenset({r.emits for r in rulebook.rules} - _FIRST))


def _name_networks(parsed: Parsed, aliases: dict[str, NamedNetwork], named: list[NamedNetwork], written: str) -> None:
    """Give the names ``networks.toml`` finds the class ``network`` (a name of several words becomes
    one token; "Øvre Romerike Utvikling (ØRU)" also teaches ``aliases`` that "ØRU" is it, and
    ``named`` lists them for "selskapet" after), and the chairs ``titles.toml`` finds the class
    ``title``. ``written`` is the sentence as the article has it, line breaks and all: a dash that
    opens a line is a bullet, not part of a name ("– Bergen og Omland Friluftsråd\\n– Voss …")."""
    doc = parsed.doc
    names = []
    for rule, roles in _first_matcher()(doc):
        if rule.emits == "network":
            first = roles["name"]
            last = roles.get("name_end", first)
            if "alias" in roles:  # "Bergen og Omland Friluftsråd (BOF)": the letters name the start
                first = _start_of_initials(doc, _initials_within(doc, first, last, doc[roles["alias"]].text),
                                           last, doc[roles["alias"]].text)
            if any(doc[i].is_punct and written[:doc[i].idx].rstrip(" \t").endswith("\n") for i in range(first, last + 1)):
                continue
            if first == last and "not_network" in doc[first]._.kg:
                continue  # "Representantskapet er selskapets øverste organ": a body of one, no network
            if rule.merges or not any(doc[i]._.network is not None for i in range(first, last + 1)):
                names.append((first, last + 1, roles.get("alias")))
        elif "title" not in doc[roles["leader"]]._.kg:
            leader, prep, committee = (doc[roles[r]] for r in ("leader", "prep", "committee"))
            word = next(w for w in committee._.words if w.word_class == "committee")
            name = (word.prefix or "").lower() + word.lemma
            lemma = next(w.lemma for w in leader._.words if w.word_class == "leader")
            leader._.words = (*leader._.words, Word("title", f"{lemma} {prep.text.lower()} {name}", "committee"))
            _add_class(leader, "title")
            _add_class(leader, "other_title")
    # "Kommuneadvokaten i Nedre Buskerud": a region (capitalised words, not a municipality) after the name
    names = [(start, _with_region(doc, end), alias) if alias is None else (start, end, alias) for start, end, alias in names]
    chosen, taken = [], set()
    brackets: dict[int, int] = {}  # a name's first token → the end of the "(ALIAS)" after it
    for start, end, alias in sorted(names, key=lambda n: (n[0] - n[1], n[0], n[2] is None)):  # longest first
        if not taken & set(range(start, end)):
            taken |= set(range(start, end))
            chosen.append((doc[start:end], doc[alias].text if alias is not None else None))
            if alias == end + 1 and doc[end].text == "(" and alias + 1 < len(doc) and doc[alias + 1].text == ")":
                brackets[start] = alias + 2  # "… AS (HRA)": one token, so what follows the name is next to it
    def called(span) -> NamedNetwork:  # "ORKidé – Nordmøre interkommunale politiske råd": ORKidé
        return NamedNetwork(span.text.split(" – ")[0].split(" - ")[0].strip())

    for span, alias in chosen:
        if alias:
            aliases[alias] = called(span)
        if len(span) == 1:  # "HAFS": named once, it names the network wherever it stands after
            aliases.setdefault(span.text, called(span))
    starts = {span.start_char: called(span) for span, _ in chosen}
    for span in [span for span, _ in chosen] + [doc[t.i:t.i + 1] for t in doc if t._.network is not None]:
        words = span.text.split()
        if len(words) == 2 and is_company_word(words[1]):
            # "BIR AS", "SIMAS IKS": the name alone names it in the rest of the article
            aliases.setdefault(words[0], starts.get(span.start_char) or span[0]._.network)
    if any(len(span) > 1 or span.start in brackets for span, _ in chosen):
        with doc.retokenize() as retokenizer:
            for span, _ in chosen:
                span = doc[span.start:brackets.get(span.start, span.end)]
                if len(span) > 1:
                    retokenizer.merge(span, attrs={"LEMMA": span.text, "POS": "PROPN"})
    for token in doc:
        if token.idx in starts:  # a name of several words: a network, whatever its first word was
            token._.place, token._.words, token._.network = None, (), None
            _set_classes(token, ())
        network = starts.get(token.idx) or (aliases.get(token.text) if token._.network is None else None)
        if network is None and token.is_sent_start and token._.network is not None and token.text[1:].islower():
            # "Friluftsrådet har …" after "Helgeland friluftsråd": not a name of its own
            network = _referred_to(token, named, compound_only=True)
            if network is not None:
                token._.network = network
                continue
        if network is None and token._.network is None:
            group = _group_of(token, aliases)
            if group is not None:  # "SIM-kommunane": the members of SIM
                _add_class(token, "network_group")
                token._.network = group
                continue
            network = _referred_to(token, named)
        if network is not None and token._.network is None:
            _add_class(token, "network")
            token._.network = network
    named.extend(network for _, network in sorted(starts.items()))


def _initials_within(doc, first: int, last: int, alias: str) -> int:
    """Where in ``first``–``last`` the name ``alias`` abbreviates starts: "Innbyggjarane i
    eigarkommunane til Søre Sunnmøre Reinhaldsverk (SSR)" → "Søre"; ``first`` if no capitalised
    word there starts the initials."""
    for k in range(first + 1, last + 1):
        if doc[k].is_title and _initials(doc[k:last + 1]) == alias:
            return k
    return first


def _initials(span) -> str:
    """The first letters of the capitalised words of ``span`` (a token may hold several: "Søre Sunnmøre")."""
    return "".join(word[0] for token in span for word in token.text.split() if word[:1].isupper())


def _with_region(doc, end: int) -> int:
    """Where a network's name ending at ``end`` ends once a region after it is taken in ("… i Nedre
    Buskerud", "… for Indre Sogn"): a name token that is neither a place nor a person."""
    if end + 1 < len(doc) and "region_preposition" in doc[end]._.kg and doc[end + 1].text[:1].isupper() \
            and "name" in doc[end + 1]._.kg:
        return end + 2
    return end


def _start_of_initials(doc, first: int, last: int, alias: str) -> int:
    """Where a name that ``alias`` abbreviates starts: earlier than ``first`` if the capitalised words
    before it (joined by "og", "i" …) complete the initials, else ``first``.

    >>> doc = load_pipeline().make_doc("Bergen og Omland Friluftsråd (BOF)")
    >>> _start_of_initials(doc, 2, 3, "BOF")
    0
    """
    def initials(start: int) -> str:
        return _initials(doc[start:last + 1])

    vocabulary = Vocabulary.default()
    k = first
    while k > 0 and len(initials(k)) < len(alias):
        before = doc[k - 1]
        if not (before.is_title or _is_class(before, "conjunction", vocabulary)
                or _is_class(before, "place_preposition", vocabulary)):
            break
        k -= 1
        if before.is_title and initials(k) == alias:
            return k
    return first


def _group_of(token: Token, aliases: dict[str, NamedNetwork]) -> NamedNetwork | None:
    """The network a compound of its name and a plural noun for municipalities or members names the
    members of: "SIM-kommunane", "ROR-kommunane"."""
    prefix, dash, rest = token.text.partition("-")
    if not dash or prefix not in aliases:
        return None
    words = [w for w in Vocabulary.default().lookup(rest) if w.word_class in ("municipality_noun", "member_noun")]
    shape = inflection(rest, words[0]) if words else None
    return aliases[prefix] if shape is not None and shape[0] else None


def _referred_to(token: Token, named: list[NamedNetwork], compound_only: bool = False) -> NamedNetwork | None:
    """The network a definite network noun the finder could not place refers back to: the latest
    one the rules named that it fits ("Selskapet" after "Hallingdal brann- og redningsteneste IKS";
    a company is referred to as one, a council as one, any network as "samarbeidet"; a compound
    by the name it ends: "Friluftsrådet" after "Ishavskysten friluftsråd")."""
    if not named or not (token.is_lower or token.is_sent_start):
        return None
    words = Vocabulary.default().lookup(token.text) if compound_only else token._.words  # a name has no words
    word = next((w for w in words if w.word_class == "network_noun"), None)
    anaphor = next((w for w in words if w.word_class == "anaphor"), None)
    if word is None and anaphor is not None and not compound_only:
        # "Senteret" after "Krisesenteret i Vestfold": what its name must hold, as the finder reads it
        needs = anaphor.value.split(",") if isinstance(anaphor.value, str) else []
        return next((NamedNetwork(n.name, anaphoric=True) for n in reversed(named)
                     if not needs or any(need in n.name.lower() for need in needs)), None)
    shape = inflection(token.text, word) if word is not None else None
    if shape is None or shape[0] or not shape[1] or shape[2]:
        return None  # only "selskapet", "rådet": singular, definite, not a genitive
    compound = (word.prefix + word.lemma).lower() if word.prefix else None
    if compound is None and compound_only:
        return None
    for network in reversed(named):
        if compound is not None:
            if any(part.lower().endswith(compound) for part in network.name.split()):
                return NamedNetwork(network.name, anaphoric=True)
            continue
        kinds = _kinds(network.name)
        if word.value == "cooperation" or word.value in kinds or word.value == "company" and "service" in kinds:
            return NamedNetwork(network.name, anaphoric=True)
    return None


@cache
def _kinds(name: str) -> frozenset[str]:
    """What a network's name says it is, by the lexicon's network nouns and company words:
    "Hallingdal brann- og redningsteneste IKS" is a company."""
    vocabulary = Vocabulary.default()
    return frozenset(str(w.value) if w.word_class == "network_noun" else "company"
                     for word in name.split() for w in vocabulary.lookup(word)
                     if w.word_class in ("network_noun", "company"))


@cache
def _company_words() -> frozenset[str]:
    return frozenset(Vocabulary.default().words("company"))


def is_company_word(word: str) -> bool:
    """Whether ``word`` ends a company's name ("IKS", "AS"; the lexicon's class ``company``).

    >>> is_company_word("IKS"), is_company_word("regionråd")
    (True, False)
    """
    return word.lower() in _company_words()


def _add_class(token: Token, name: str) -> None:
    _set_classes(token, (*token._.kg, name))


def _annotate(parsed: Parsed, document: Document) -> None:
    """Merge names and places into single tokens and mark each token's lexicon classes."""
    doc, offset = parsed.doc, parsed.offset
    sentence = document.sentences[parsed.sentence]
    taken = bytearray(len(doc))
    merges: list[tuple[object, str, Mention | None]] = []

    def merge(span, kind: str, mention: Mention | None = None) -> bool:
        if span is None or any(taken[span.start:span.end]):
            return False
        if kind in ("person", "name") and "\n" in document.text[offset + span.start_char:offset + span.end_char]:
            return False  # a name is written on one line: "Bodø\nGildeskål" are two lines of a list
        taken[span.start:span.end] = b"\x01" * len(span)
        merges.append((span, kind, mention))
        return True

    vocabulary = Vocabulary.default()
    names = []  # capitalised words (Document.name_at) the entity recogniser does not call something else
    surnames: set[int] = set()  # those of them that are a surname named in full before
    candidates = document.name_candidates
    k = bisect_left(candidates, sentence.start)
    while k < len(candidates) and candidates[k] < sentence.end:
        name = document.name_at(candidates[k])
        if name is None:
            k += 1
            continue
        span = _name_part(doc.char_span(name.start_char - offset, name.end_char - offset), vocabulary)
        if span is not None and not _is_company(span):
            if len(span) == 1 and not _is_person(span) and _named_before(document, span.text, name.start):
                surnames.add(span.start)  # "Sundre" after "Torgeir Lien Sundre": the same person
            if _is_person(span) or len(span) > 1 or span.start in surnames:
                names.append(span)
        k = bisect_left(candidates, name.end)
    for network in find_networks(document):
        if sentence.start <= network.start and network.end <= sentence.end:
            span = document.span(network.start, network.end)
            span = doc.char_span(span.start_char - offset, span.end_char - offset)
            if span is not None and network.anaphoric and len(span) == 1 and _is_verb(span[0]) and \
                    vocabulary.is_a(span[0].text, "member_verb", lemma=span[0].lemma_):
                continue  # "har samarbeidet med": the verb, not "the cooperation"
            place = document.place_at(network.start)
            if span is not None and place is not None and place.end < network.end - 1 and \
                    document.texts[place.end][:1].isupper() and _lists_before(document, network.start, vocabulary):
                # "saman med Hol Hallingdal regionråd": the place before the name is a member
                span = doc.char_span(document.offsets[place.end] - offset, span.end_char)
                network = NamedNetwork(span.text) if span is not None else network
            merge(span, "network", network)
    places = [(doc.char_span(m.start_char - offset, m.end_char - offset), m)
              for m in document.places_in(sentence.start, sentence.end)]
    # a place name inside a person's ("Knut Eide Holm") is part of the name
    # capitalised words the entity recogniser calls an organisation or a place are a "name": a
    # person only where a rule's context says so ("Rådmannen i Moskenes, Odd Are Pedersen Reine")
    for span in names:
        if any(p is not None and span.start < p.start < span.end for p, _ in places):
            merge(span, "person" if _is_person(span) else "name")
    # so is one that opens a person's name as the entity recogniser reads it, unless a preposition
    # puts it before the name ("Rådmannen i Grue, Lena Mosberg Engen"; "ordføraren i Lier Kari Holm")
    people = {entity.start: entity for entity in doc.ents if entity.label_ == "PER"}
    for span, _ in places:
        name = _name_part(people.get(span.start) if span is not None else None, vocabulary)
        if name is not None and name.start == span.start and name.end > span.end \
                and all(t.is_title for t in doc[span.end:name.end]) \
                and not (span.start > 0 and _is_class(doc[span.start - 1], "place_preposition", vocabulary)):
            merge(name, "person")
    for span, mention in places:
        merge(span, "place", mention)
    for span in names:
        merge(span, "person" if _is_person(span) or span.start in surnames else "name")
    for entity in doc.ents:
        if entity.label_ != "PER" or _is_company(entity):
            continue
        merge(_name_part(entity, vocabulary), "person")  # "Ordførar Kari Holm" is a title and a name
    with doc.retokenize() as retokenizer:
        for span, _, _ in merges:
            if len(span) > 1:
                retokenizer.merge(span, attrs={"LEMMA": span.text, "POS": "PROPN"})
    starts = {span.start_char: (kind, mention) for span, kind, mention in merges}
    for token in doc:
        kind, mention = starts.get(token.idx, (None, None))
        if kind is not None:
            _set_classes(token, (kind,))
            if kind == "place":
                token._.place = mention
            elif kind == "network":
                token._.network = mention
            continue
        words = vocabulary.lookup(token.text, token.lemma_, token.pos_)
        token.norm_ = class_norm(())  # no class, whatever the word's own normal form
        if words:
            token._.words = words
            classes = [word.word_class for word in words]
            if any(word.word_class == "title" and word.value == "other" for word in words):
                classes.append("other_title")
            if any(word.word_class == "municipality_noun" and word.value == "municipality" for word in words):
                morph = set(str(token.morph).split("|"))
                if {"Definite=Def", "Number=Sing"} <= morph:
                    classes.append("the_municipality")  # "kommunen", "heradet": the one the text is about
                elif "Definite=Def" in morph and count_of(token):
                    classes.append("counted")
            _set_classes(token, tuple(dict.fromkeys(classes)))
    for token in doc:
        if "counted" in token._.kg and not _listed_after(token):
            _add_class(token, "place")  # "De tre kommunene": the three named just before
    for token in doc[:-2]:
        after, place = doc[token.i + 1], doc[token.i + 2]
        if "municipal_council" in token._.kg and "place_preposition" in after._.kg and place._.place is not None:
            # "Kommunestyret i Hemsedal vedtok å tre inn": the council acts for its municipality
            _set_classes(token, ("place", *token._.kg))
            token._.place = place._.place


def count_of(token: Token) -> int | None:
    """How many a plural noun counts, by the number word just before it: "De tre kommunane", "dei
    to øykommunane", "begge kommunane"."""
    doc = token.doc
    for k in range(token.i - 1, max(token.i - 3, -1), -1):
        number = NUMBER_WORDS.get(doc[k].lower_)
        if number is not None:
            return number if number > 1 else None
        if doc[k].pos_ not in ("DET", "ADJ"):
            return None
    return None


def _listed_after(token: Token) -> bool:
    """Whether places follow a noun as its list: "De fem medlemskommunene – Senja, Sørreisa …"."""
    doc = token.doc
    k = token.i + 1
    while k < len(doc) and (doc[k].is_punct or doc[k].is_space):
        k += 1
    return k < len(doc) and (doc[k]._.place is not None or "place" in doc[k]._.kg)


#: Word classes never part of a person's name, though the entity recogniser may take them in.
_NOT_NAMES = {"title", "office", "status", "state_post", "candidacy", "municipality_noun", "network_noun",
              "member_noun", "neighbour", "council_adjective", "naming_adjective", "besides", "leader"}


def _is_verb(token: Token) -> bool:
    """A verb, or a participle the tagger took for a noun after a perfect's "ha" ("har siden
    samarbeidet med")."""
    if token.pos_ == "VERB":
        return True
    before = token.i - 1
    while before >= 0 and token.doc[before].pos_ == "ADV":
        before -= 1
    return before >= 0 and token.doc[before].lemma_ == "ha"


def _lists_before(document: Document, index: int, vocabulary: Vocabulary) -> bool:
    """Whether the word before token ``index`` makes what follows an item of a list ("saman med
    Hol", "Gol og Hol"): a comma, a conjunction or the preposition of company."""
    before = document.text_at(index - 1) or ""
    return before == "," or vocabulary.is_a(before, "conjunction", "with")


def _is_class(token: Token, word_class: str, vocabulary: Vocabulary) -> bool:
    return vocabulary.is_a(token.text, word_class, lemma=token.lemma_)


def _is_company(span) -> bool:
    """Capitalised words that end in "AS" or "IKS" are a company's name, not a person's."""
    return len(span) > 1 and span[-1].text.isupper() and is_company_word(span[-1].text)


def _named_before(document: Document, word: str, before: int) -> bool:
    """Whether ``word`` ends a person's name of two words or more that the text gives before token
    ``before``: "Sundre vart vald" after "Torgeir Lien Sundre (Sp)", where the entity recogniser
    may not call the surname alone a person."""
    if "surnames" not in document.cache:
        first: dict[str, int] = {}
        for start in document.name_candidates:
            name = document.name_at(start, min_tokens=2)
            if name is not None and document.place_at(name.end - 1) is None:
                first.setdefault(document.texts[name.end - 1], name.start)
        document.cache["surnames"] = first
    return document.cache["surnames"].get(word, before) < before


def _is_person(span) -> bool:
    """Whether capitalised words are a person's name: the entity recogniser says so, or, for two
    words or more, does not say they are exactly an organisation, a place or a work."""
    if any(token.ent_type_ == "PER" for token in span):
        return True
    if len(span) < 2:
        return False
    entity = span.doc[span.start].ent_type_
    if entity in ("ORG", "GPE_ORG") and span[0].ent_iob_ == "B":
        return False  # "Knutepunkt Sørlandet": an organisation's name, whatever the recogniser made of its end
    exact = entity and all(t.ent_type_ == entity for t in span) and span[0].ent_iob_ == "B" and (
        span.end == len(span.doc) or span.doc[span.end].ent_iob_ != "I")
    return not exact


def _name_part(span, vocabulary: Vocabulary):
    """``span`` less the lexicon words, spaces and punctuation at its ends, or None if nothing is left."""
    if span is None:
        return None
    start, end = span.start, span.end
    doc = span.doc

    def not_name(token) -> bool:
        return token.is_space or token.is_punct or any(w.word_class in _NOT_NAMES for w in vocabulary.lookup(token.text, token.lemma_))

    while start < end and not_name(doc[start]):
        start += 1
    while end > start and not_name(doc[end - 1]):
        end -= 1
    return doc[start:end] if end > start else None
