"""The Norwegian Dependency Treebank's tags, and how they map to Universal Dependencies' parts of
speech and features: the tables the converter interprets.

NDT writes Bokmål and Nynorsk features differently (``ent``/``eint``, ``be``/``bu``, ``<ikke-clb>``/
``<ikkje-clb>``). Mapped to one UD feature set, both halves of the treebank teach the same
morphologizer the same labels, instead of one that spends its capacity guessing the written standard.

>>> upos("subst", {"prop"}, "Lier", "Lier")
'PROPN'
>>> morph({"appell", "mask", "bu", "eint"})
'Definite=Def|Gender=Masc|Number=Sing'
"""

from __future__ import annotations

#: NDT part of speech → UPOS; punctuation classes (``<komma>``, ``clb`` …) are PUNCT.
POS = {
    "subst": "NOUN", "verb": "VERB", "adj": "ADJ", "adv": "ADV", "prep": "ADP", "konj": "CCONJ",
    "sbu": "SCONJ", "pron": "PRON", "det": "DET", "inf-merke": "PART", "interj": "INTJ",
    "ukjent": "X", "symb": "SYM",
}
PUNCTUATION = "PUNCT"

#: Verbs UD tags AUX (copulas, the perfect and passive auxiliaries, modals), in both standards.
AUXILIARIES = frozenset(
    "være vere bli verte ha kunne kunna skulle skulla ville vilje måtte måtta burde bør".split()
)

#: Quantifying determiners that are numerals (UD NUM); "en"/"ein" is the indefinite article.
NUMERALS = frozenset(
    "én to tre fire fem seks sju syv åtte ni ti elleve tolv tretten fjorten femten seksten sytten "
    "atten nitten tjue tyve tretti førti femti seksti sytti åtti nitti hundre tusen million "
    "millionar millioner milliard milliardar milliarder".split()
)

#: NDT feature → (UD feature, value). Features left out carry no UD counterpart the extractor uses
#: (``samset`` compound, ``hum`` animacy, the bracketed sub-classes such as ``<perf-part>``).
FEATURES = {
    "mask": ("Gender", "Masc"), "fem": ("Gender", "Fem"), "nøyt": ("Gender", "Neut"),
    "m/f": ("Gender", "Fem,Masc"),
    "ent": ("Number", "Sing"), "eint": ("Number", "Sing"), "fl": ("Number", "Plur"),
    "ub": ("Definite", "Ind"), "be": ("Definite", "Def"), "bu": ("Definite", "Def"),
    "pos": ("Degree", "Pos"), "komp": ("Degree", "Cmp"), "sup": ("Degree", "Sup"),
    "pres": ("Tense", "Pres"), "pret": ("Tense", "Past"),
    "inf": ("VerbForm", "Inf"), "perf-part": ("VerbForm", "Part"), "imp": ("Mood", "Imp"),
    "pass": ("Voice", "Pass"),
    "nom": ("Case", "Nom"), "akk": ("Case", "Acc"), "gen": ("Case", "Gen"),
    "1": ("Person", "1"), "2": ("Person", "2"), "3": ("Person", "3"),
    "pers": ("PronType", "Prs"), "dem": ("PronType", "Dem"), "sp": ("PronType", "Int"),
    "poss": ("Poss", "Yes"), "refl": ("Reflex", "Yes"), "fork": ("Abbr", "Yes"),
}

#: NDT's label for the root; spaCy's parser calls every root ROOT.
ROOT = "ROOT"


def upos(pos: str, features: set[str], form: str, lemma: str) -> str:
    """The UPOS of one NDT token."""
    if pos not in POS:
        return PUNCTUATION
    if pos == "subst" and "prop" in features:
        return "PROPN"
    if pos == "verb" and lemma.lower() in AUXILIARIES:
        return "AUX"
    if pos == "det" and "kvant" in features and (form.isdigit() or lemma.lower() in NUMERALS):
        return "NUM"
    return POS[pos]


def morph(features: set[str]) -> str:
    """NDT features as a UD ``FEATS`` string (sorted, as spaCy writes them)."""
    found: dict[str, str] = {}
    for feature in features:
        if feature in FEATURES:
            name, value = FEATURES[feature]
            found[name] = value
    if "Tense" in found or "Mood" in found:
        found.setdefault("VerbForm", "Fin")
    return "|".join(f"{name}={found[name]}" for name in sorted(found))
