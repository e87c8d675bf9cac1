"""Norwegian words the extractor knows: office titles (Bokmål and Nynorsk, all inflections),
status cues, parties, months and number words.

Titles are analysed per token because Norwegian writes compounds as one word: "Tokkeordførar",
"Tønsberg-ordfører" and "eldrebyråden" are single tokens.

>>> analyse_title("Førde-ordførar")
Title(post='mayor', label='ordførar', prefix='Førde', plural=False, definite=False, genitive=False, status=None)
>>> analyse_title("byrådslederne").plural
True
>>> analyse_title("ordførerkandidat") is None
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

#: (post, stems): a stem is the base form; inflections are generated below. Longer stems win, so
#: "varaordfører" is not read as "ordfører" with the prefix "vara".
_TITLES: list[tuple[str, tuple[str, ...]]] = [
    ("mayor", ("ordfører", "ordførar")),
    ("deputy_mayor", ("varaordfører", "varaordførar", "viseordfører", "viseordførar")),
    ("chief_executive", ("rådmann", "kommunedirektør", "administrasjonssjef")),
    ("governing_mayor", ("byrådsleder", "byrådsleiar")),
    ("county_mayor", ("fylkesordfører", "fylkesordførar")),
    ("county_chief_executive", ("fylkesrådmann", "fylkesdirektør", "fylkeskommunedirektør")),
    # Other municipal and county offices keep their title: post "other:<title>".
    ("other", ("fylkesvaraordfører", "fylkesvaraordførar", "byråd", "kommunalsjef",
               "kommuneadvokat", "kommuneoverlege", "kommunalråd", "fylkesrådsleder",
               "fylkesrådsleiar", "fylkesråd", "assisterende rådmann", "kommunaldirektør",
               "kommunelege", "barnevernleder", "barnevernleiar", "barnevernsjef", "helsesjef", "kultursjef",
               "oppvekstsjef", "skolesjef", "skulesjef", "økonomisjef", "personalsjef", "plansjef",
               "bydelsdirektør", "brannsjef", "næringssjef")),
]

#: Offices that belong to a county, not a municipality.
COUNTY_POSTS = {"county_mayor", "county_chief_executive"}
COUNTY_TITLES = {"fylkesvaraordfører", "fylkesvaraordførar", "fylkesrådsleder", "fylkesrådsleiar", "fylkesråd"}

#: City-government titles exist only where the municipality has parliamentary rule.
PARLIAMENTARY_MUNICIPALITIES = {"0301", "1201", "4601", "1902", "5401", "5501"}  # Oslo, Bergen, Tromsø
PARLIAMENTARY_TITLES = {"byråd", "byrådsleder", "byrådsleiar"}

_STATUS_PREFIXES = {"eks": "former", "ex": "former", "fhv": "former", "forhenværende": "former",
                    "fungerende": "acting", "fungerande": "acting", "konstituert": "acting",
                    "kst": "acting", "påtroppende": "incoming", "påtroppande": "incoming",
                    "nyvalgt": "incoming", "nyvald": "incoming", "avtroppende": "former",
                    "avtroppande": "former", "tidligere": "former", "tidlegare": "former"}

#: Words just before a title that set the holder's status.
STATUS_WORDS = {
    "tidligere": "former", "tidlegare": "former", "forhenværende": "former", "fhv.": "former",
    "fhv": "former", "eks": "former", "avtroppende": "former", "avtroppande": "former",
    "mangeårig": None, "fungerende": "acting", "fungerande": "acting", "konstituert": "acting",
    "konstituerte": "acting", "kst.": "acting", "påtroppende": "incoming", "påtroppande": "incoming",
    "nyvalgt": "incoming", "nyvald": "incoming", "nyvalde": "incoming", "nyvalgte": "incoming",
    "kommende": "incoming", "komande": "incoming", "avgåtte": "former", "avgåande": "former",
    "avgående": "former", "daværende": "former", "dåverande": "former", "dåværande": "former",
}

#: Verbs joining a name to a title ("X er ordfører i Y") and the status they give.
COPULAS = {"er": None, "var": "former", "blir": "incoming", "vert": "incoming", "ble": None,
           "vart": None, "fungerer": "acting", "fungerte": "former", "sitter": None, "sit": None}

#: Words before a title that make it hypothetical: a candidate, not a holder.
CANDIDACY_WORDS = {"vil", "ville", "ønsker", "ønskjer", "kandidat", "kandidere", "kandiderer",
                   "stiller", "nominert", "nominerte", "håper", "håpar", "kan", "kunne", "skal",
                   "bør", "burde", "ny", "nytt"}

PARTIES = {
    "ap", "a", "arbeiderpartiet", "arbeidarpartiet", "h", "høyre", "høgre", "frp", "fremskrittspartiet",
    "framstegspartiet", "sp", "senterpartiet", "sv", "krf", "kristelig", "v", "venstre", "mdg",
    "r", "rødt", "raudt", "pp", "pensjonistpartiet", "kp", "tvp", "tverrpolitisk", "uavh", "uavh.",
    "ktp", "dna", "ikkje", "bygdelista", "fnb", "inp", "folkelista",
}

MONTHS = {
    "januar": 1, "februar": 2, "mars": 3, "april": 4, "mai": 5, "juni": 6, "juli": 7,
    "august": 8, "september": 9, "oktober": 10, "november": 11, "desember": 12,
    "jan.": 1, "feb.": 2, "febr.": 2, "mar.": 3, "apr.": 4, "jun.": 6, "jul.": 7, "aug.": 8,
    "sep.": 9, "sept.": 9, "okt.": 10, "nov.": 11, "des.": 12,
}

WEEKDAYS = {
    "mandag": 0, "måndag": 0, "tirsdag": 1, "tysdag": 1, "onsdag": 2, "torsdag": 3,
    "fredag": 4, "lørdag": 5, "laurdag": 5, "søndag": 6, "sundag": 6,
}

NUMBER_WORDS = {
    "en": 1, "ein": 1, "ett": 1, "eitt": 1, "to": 2, "tre": 3, "fire": 4, "fem": 5, "seks": 6,
    "sju": 7, "syv": 7, "åtte": 8, "ni": 9, "ti": 10, "elleve": 11, "tolv": 12, "tretten": 13,
    "fjorten": 14, "femten": 15, "seksten": 16, "sytten": 17, "atten": 18, "nitten": 19, "tjue": 20,
}

#: Words that never start or continue a person's name even when capitalised.
NOT_NAMES = {
    "foto", "bilde", "bildet", "kommune", "kommunen", "fylkeskommune", "fylke", "fylket", "les",
    "ntb", "npk", "ks", "nho", "lo", "nav", "frå", "fra", "i", "og", "men", "da", "då", "det",
    "den", "de", "dei", "han", "hun", "ho", "vi", "me", "eg", "jeg", "du", "som", "at", "for",
    "på", "til", "med", "etter", "før", "under", "om", "når", "no", "nå", "her", "der", "dette",
    "denne", "både", "heller", "også", "òg", "slik", "sist", "hittil", "sjølv", "selv", "alle",
    "ordfører", "ordførar", "statsminister", "rikshospitalet", "stortinget", "regjeringen",
    "regjeringa", "staten", "kommunestyret", "bystyret", "fylkestinget", "formannskapet",
    "herr", "fru", "dr", "dr.", "prof.", "professor", "kl.", "nr.", "ifølge", "ifølgje",
    "dessutan", "dessuten", "likevel", "derfor", "difor", "heile", "hele",
} | set(MONTHS) | set(WEEKDAYS)

SPEECH_VERBS = {"sier", "seier", "sa", "meiner", "mener", "påpeker", "påpeikar", "understreker",
                "understrekar", "forteller", "fortel", "opplyser", "skriv", "skriver", "uttaler",
                "uttalar", "konstaterer", "konstaterte", "kommenterer", "legger", "legg"}

PRONOUNS = {"han": "m", "hun": "f", "ho": "f"}


@dataclass(frozen=True)
class Title:
    """An office title found in one token."""

    post: str  # mayor, ..., or "other"
    label: str  # the title's base form, e.g. "ordførar", "eldrebyråd"
    prefix: str | None  # what the compound puts before the title: a place, a party, a portfolio
    plural: bool
    definite: bool
    genitive: bool
    status: str | None  # from a prefix such as "eks-" or "fungerande"


def _inflections(stem: str) -> dict[str, tuple[bool, bool, bool]]:
    """Inflected forms of a title stem → (plural, definite, genitive), Bokmål and Nynorsk."""
    forms: dict[str, tuple[bool, bool]] = {}
    if stem.endswith("mann"):
        base = stem[:-4]
        forms = {stem: (False, False), stem + "en": (False, True), base + "menn": (True, False),
                 base + "mennene": (True, True), base + "mennane": (True, True)}
    elif stem.endswith(("ar", "iar")):  # nn ordførar, byrådsleiar
        forms = {stem: (False, False), stem + "en": (False, True), stem + "ar": (True, False),
                 stem + "ane": (True, True)}
    elif stem.endswith(("er", "ør")):  # nb ordfører, byrådsleder, direktør
        forms = {stem: (False, False), stem + "en": (False, True), stem + "e": (True, False),
                 stem + "ne": (True, True), stem + "er": (True, False), stem + "ene": (True, True),
                 stem + "ar": (True, False), stem + "ane": (True, True)}
    elif stem.endswith("e"):  # kommunelege
        forms = {stem: (False, False), stem + "n": (False, True), stem + "r": (True, False),
                 stem + "ne": (True, True)}
    else:  # byråd, kommunalsjef, kommuneadvokat
        forms = {stem: (False, False), stem + "en": (False, True), stem + "er": (True, False),
                 stem + "ene": (True, True), stem + "ar": (True, False), stem + "ane": (True, True)}
    out = {}
    for form, (plural, definite) in forms.items():
        out[form] = (plural, definite, False)
        out[form + "s" if not form.endswith("s") else form + "'"] = (plural, definite, True)
    return out


_FORMS: list[tuple[str, str, str, tuple[bool, bool, bool]]] = sorted(
    ((form, post, stem, shape) for post, stems in _TITLES for stem in stems
     for form, shape in _inflections(stem).items() if " " not in stem),
    key=lambda item: -len(item[0]))
_PORTFOLIO = re.compile(r"^[a-zæøå]{3,}$")
#: Every title form ends in one of these; most tokens are rejected by this one test.
_ENDINGS = re.compile("(?:" + "|".join(sorted({re.escape(f) for f, *_ in _FORMS}, key=len, reverse=True)) + ")$")


@lru_cache(maxsize=1 << 16)
def analyse_title(token: str) -> Title | None:
    """The office title in ``token``, or None. The compound's first part becomes ``prefix``."""
    lower = token.lower()
    if not _ENDINGS.search(lower):
        return None
    for form, post, stem, (plural, definite, genitive) in _FORMS:
        if not lower.endswith(form):
            continue
        head = token[: len(token) - len(form)]
        status = None
        if head.endswith("-"):
            head = head[:-1]
        bare = head.lower().rstrip(".")
        if bare in _STATUS_PREFIXES:
            status, head = _STATUS_PREFIXES[bare], ""
        if stem in ("byråd", "fylkesråd") and head and not token[len(head)] == "-" \
                and _PORTFOLIO.match(head.lower()):
            # eldrebyråd, finansbyråd: the portfolio is part of the title
            return Title("other", lower[: len(lower) - len(form)] + stem, None, plural, definite, genitive, status)
        if head and not head[0].isupper() and "-" not in token:
            # a lower-case compound such as "storbyordfører" or "ordførerkandidat" is not a title
            # of a named place; keep only well-known status prefixes (handled above)
            return None
        post_name = post
        label = stem
        return Title(post_name, label, head or None, plural, definite, genitive, status)
    return None


def is_party(text: str) -> bool:
    return text.lower().rstrip(".") in PARTIES or text.lower() in PARTIES
