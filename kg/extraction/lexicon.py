"""Norwegian words the extraction reads from the text's own words, without the parse: months,
weekdays and number words for dates and counts, and words that never belong to a person's name.
Everything the extraction rules match lives in ``rules/lexicon.tsv`` (:mod:`.vocabulary`).

>>> MONTHS["mars"], WEEKDAYS["tysdag"], NUMBER_WORDS["åtte"]
(3, 1, 8)
"""

from __future__ import annotations

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
