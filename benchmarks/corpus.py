"""A seeded synthetic national corpus of Norwegian local news, with the facts each article states.

    python -m benchmarks.corpus --articles 10000 --seed 1 --out /tmp/corpus.jsonl --truth /tmp/truth.jsonl
    python -m benchmarks.corpus --articles 300 --seed 3 --eval-dir /tmp/syn   # a `kg eval` folder

The generator first builds a *world* from the seed: for every municipality and county of the project's
reference model (the 2019 structure for 2015–2019, 2020–2023, and the 357 municipalities from 2024)
invented office holders who change at the elections of 2015, 2019 and 2023 (mayors, deputies,
governing mayors) or at random (chief executives, with acting holders in between), mayors on leave
whose deputy acts for them, regional councils, IKS companies and national networks whose members
join and leave, and the days those networks meet. Then it writes articles about that world in Bokmål
(about 70 %) and Nynorsk, with every phrasing of ``tests/cases/extract`` and filler and distractor
sentences, and for each article the facts a careful reader takes from it, in the fact shape of
``tests/cases/extract/README.md`` (plus ``org`` for ``kg eval``): ``organization_id``/``member_id`` is
the number valid on the article's date, a post named without a person gives ``person: null`` unless
the article also names its holder, and a current membership has no ``status``. Articles dated
2015–2017 leave out Trøndelag and the Vestfold municipalities merged in 2017–2018, whose numbers of
that time the reference data does not have.

Everything is a pure function of the seed: the world is drawn from per-entity seeded generators and
the articles from one stream, so the same seed gives byte-identical output, and articles are
produced one at a time (``generate`` is a generator; nothing holds the whole corpus).

>>> record, facts = next(generate(1, seed=7))
>>> sorted(record) == ["date", "id", "language", "publisher", "text", "title", "url"]
True
>>> all(f["type"] in ("holds_post", "member_of") for f in facts)
True
"""

from __future__ import annotations

import argparse
import bisect
import functools
import json
import random
import re
import string
import sys
import zlib
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Iterator

from kg.reference.model import load_reference

START = date(2015, 1, 1)
END = date(2026, 12, 31)
FAR = date(2031, 12, 31)
DAY = timedelta(days=1)

#: Municipal terms: (first day, last day). Councils are constituted in October after the election.
TERMS = [(date(2011, 10, 1), date(2015, 10, 20)), (date(2015, 10, 21), date(2019, 10, 15)),
         (date(2019, 10, 16), date(2023, 10, 17)), (date(2023, 10, 18), date(2027, 10, 19))]
#: Election day and the index of the term it decides.
ELECTIONS = [(date(2015, 9, 14), 1), (date(2019, 9, 9), 2), (date(2023, 9, 11), 3)]
#: Structure periods: 2015–2017 (2019 list without Trøndelag and the Vestfold mergers of 2017–2018,
#: which the reference data cannot date), 2018, 2019 (Rindal moved to Trøndelag), 2020–2023, 2024–.
ERAS = [(START, date(2017, 12, 31)), (date(2018, 1, 1), date(2018, 12, 31)), (date(2019, 1, 1), date(2019, 12, 31)),
        (date(2020, 1, 1), date(2023, 12, 31)), (date(2024, 1, 1), END)]
#: Numbers of the 2019 list that did not exist before 2017–2018 (Sandefjord, Larvik, Holmestrand, Færder).
CHANGED_2017_2018 = {"0710", "0712", "0715", "0729"}

MONTHS = ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober",
          "november", "desember"]
WEEKDAYS = {"nb": ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"],
            "nn": ["måndag", "tysdag", "onsdag", "torsdag", "fredag", "laurdag", "sundag"]}
NUMBER_WORDS = {1: "én", 2: "to", 3: "tre", 4: "fire", 5: "fem", 6: "seks", 7: "sju", 8: "åtte", 9: "ni", 10: "ti",
                11: "elleve", 12: "tolv", 13: "tretten", 14: "fjorten", 15: "femten", 16: "seksten"}

# --------------------------------------------------------------------------------------------------
# Names

FEMALE = """Anne Kari Ingrid Marit Hilde Silje Ida Ragnhild Solveig Gunn Tone Randi Liv Eli Berit Astrid Siri
Kristin Hanne Camilla Line Marianne Guro Sigrid Torunn Åse Grete Heidi Trine Lene Nina Elin Mona Wenche Bente
Inger Gro Anita Kjersti Jorunn Synnøve Gunhild Oddny Aslaug Margrethe Ellen Stine Maria Nora Ane Ingvild Sissel
Turid Vigdis Janne Cecilie Tonje Lise Merete Unni Bjørg Ingeborg Sunniva Eldbjørg Torill Karianne Hege Brit
Ragnfrid Tordis Magnhild Oddbjørg Lill Vibeke Kirsti""".split()
MALE = """Ole Per Jan Lars Knut Arne Bjørn Tor Geir Terje Odd Kjell Svein Hans Trond Rune Morten Espen Erik Anders
Magnus Håkon Sigurd Halvor Olav Nils Jon Stein Frode Eivind Øyvind Harald Gunnar Arild Roar Leif Steinar Jostein
Torbjørn Vidar Åsmund Einar Asbjørn Ivar Kåre Ragnar Sverre Thomas Kristian Jørgen Martin Henrik Fredrik Even
Audun Helge Tore Dag Sindre Bård Torstein Atle Ketil Sveinung Tormod Aslak Johannes Petter Bjarne Oddvar
Reidar Alf""".split()
LAST = """Hansen Johansen Olsen Larsen Andersen Pedersen Nilsen Kristiansen Jensen Karlsen Johnsen Pettersen
Eriksen Haugen Hagen Johannessen Andreassen Jacobsen Dahl Jørgensen Halvorsen Henriksen Sørensen Jakobsen Moen
Gundersen Iversen Solberg Svendsen Knutsen Martinsen Paulsen Bakken Kristoffersen Mathisen Lie Amundsen
Rasmussen Aasen Bakke Brekke Fjeld Haug Hauge Holm Lien Myhre Nygård Rønning Sandvik Sæther Tangen Tveit
Aune Bjerke Bråten Eggen Engen Fossum Gjerde Grønli Hovland Kleppe Myklebust Nordby Ruud Sunde Ødegård Øien
Rustad Tveiten Ellingsen Solheim Skaar Steen Stene Bjørnstad Lunde Berge Helland Mo Aas Hoel Løken Strøm
Vold Sletten Rød Kvalheim Nesheim Tjelle Fossheim Brattli Urdal Husby Dalen Skogen Lindseth Aakre Hegna
Myrvang Tonning Reitan Kvitberg Haugom Bergland Strømme Nordli Aarflot Vestre Toft Bjørge Horne Sagen Eide
Vik Lund Strand Berg Foss Holmen Ness Hole Hatlestad Digernes Kolstad Sandnes Teigen Opsahl""".split()
PARTIES = [("Ap", 30), ("H", 24), ("Sp", 24), ("KrF", 6), ("Frp", 6), ("SV", 3), ("V", 3), ("MDG", 2), ("R", 2)]
PARTY_NAMES = {"Ap": "Arbeiderpartiet", "H": "Høyre", "Sp": "Senterpartiet", "KrF": "KrF", "Frp": "Frp",
               "SV": "SV", "V": "Venstre", "MDG": "MDG", "R": "Rødt"}
PARTY_NAMES_NN = {"Ap": "Arbeidarpartiet", "H": "Høgre", "Sp": "Senterpartiet", "KrF": "KrF", "Frp": "Frp",
                  "SV": "SV", "V": "Venstre", "MDG": "MDG", "R": "Raudt"}

#: Regions per county (2024 numbers): (name, stem of a closed compound "…rådet" or None, members by their
#: 2024 names). A name ending in "regionen" or starting with "Region " is the network's own name.
REGIONS = {
    "11": [("Haugalandet", None, "Haugesund Karmøy Tysvær Bokn Utsira Vindafjord"),
           ("Ryfylke", None, "Strand Hjelmeland Suldal Sauda Kvitsøy"),
           ("Jæren", None, "Stavanger Sandnes Sola Randaberg Klepp Time Hå Gjesdal"),
           ("Dalane", None, "Eigersund Sokndal Lund Bjerkreim")],
    "15": [("Søre Sunnmøre", None, "Vanylven Sande Herøy Ulstein Hareid Volda Ørsta"),
           ("Ålesundregionen", None, "Ålesund Sula Giske Haram Stranda Sykkylven Fjord Vestnes"),
           ("Romsdal", None, "Molde Rauma Aukra Hustadvika Gjemnes"),
           ("Nordmøre", None, "Kristiansund Averøy Tingvoll Sunndal Surnadal Smøla Aure")],
    "18": [("Salten", None, "Bodø Fauske Saltdal Sørfold Steigen Gildeskål Beiarn Meløy Hamarøy"),
           ("Lofoten", "Lofot", "Vågan Vestvågøy Flakstad Moskenes Værøy Røst"),
           ("Vesterålen", None, "Sortland Hadsel Bø Øksnes Andøy Lødingen"),
           ("Sør-Helgeland", None, "Bindal Sømna Brønnøy Vega Vevelstad"),
           ("Indre Helgeland", None, "Vefsn Grane Hattfjelldal Rana Hemnes"),
           ("Ytre Helgeland", None, "Alstahaug Leirfjord Herøy Dønna Nesna Lurøy Træna Rødøy")],
    "31": [("Nedre Glomma", None, "Fredrikstad Sarpsborg Hvaler Rakkestad"),
           ("Mosseregionen", None, "Moss Våler Råde"),
           ("Haldenregionen", None, "Halden Aremark Marker")],
    "32": [("Follo", "Follo", "Nordre_Follo Ås Vestby Frogn Nesodden Enebakk"),
           ("Nedre Romerike", None, "Lillestrøm Lørenskog Rælingen Nittedal Aurskog-Høland Gjerdrum"),
           ("Øvre Romerike", None, "Ullensaker Nes Eidsvoll Nannestad Hurdal")],
    "33": [("Hallingdal", None, "Flå Nesbyen Gol Hemsedal Ål Hol"),
           ("Kongsbergregionen", None, "Kongsberg Flesberg Rollag Nore_og_Uvdal"),
           ("Midt-Buskerud", None, "Modum Sigdal Krødsherad"),
           ("Drammensregionen", None, "Drammen Lier Øvre_Eiker")],
    "34": [("Valdres", None, "Sør-Aurdal Etnedal Nord-Aurdal Vestre_Slidre Øystre_Slidre Vang"),
           ("Nord-Gudbrandsdal", None, "Dovre Lesja Skjåk Lom Vågå Sel"),
           ("Midt-Gudbrandsdal", None, "Nord-Fron Sør-Fron Ringebu"),
           ("Lillehammerregionen", None, "Lillehammer Øyer Gausdal"),
           ("Gjøvikregionen", None, "Gjøvik Østre_Toten Vestre_Toten Søndre_Land Nordre_Land"),
           ("Hamarregionen", None, "Hamar Ringsaker Løten Stange"),
           ("Glåmdalen", None, "Kongsvinger Nord-Odal Sør-Odal Eidskog Grue Åsnes Våler"),
           ("Sør-Østerdal", None, "Elverum Trysil Åmot Stor-Elvdal Engerdal"),
           ("Nord-Østerdal", None, "Tolga Tynset Alvdal Folldal Os Rendalen")],
    "39": [("Nord-Vestfold", None, "Horten Holmestrand Tønsberg"),
           ("Sør-Vestfold", None, "Sandefjord Larvik Færder")],
    "40": [("Grenland", "Grenlands", "Porsgrunn Skien Siljan Bamble Kragerø Drangedal"),
           ("Vest-Telemark", "Vest-Telemark", "Seljord Kviteseid Nissedal Fyresdal Tokke Vinje"),
           ("Øst-Telemark", "Øst-Telemark", "Notodden Tinn Hjartdal")],
    "42": [("Østre Agder", None, "Arendal Grimstad Froland Tvedestrand Risør Gjerstad Vegårshei Åmli"),
           ("Setesdal", "Setesdal", "Evje_og_Hornnes Bygland Valle Bykle Iveland"),
           ("Lister", "Lister", "Farsund Flekkefjord Kvinesdal Sirdal Hægebostad Lyngdal"),
           ("Region Kristiansand", None, "Kristiansand Vennesla Lillesand Birkenes Lindesnes Åseral")],
    "46": [("Sunnhordland", "Sunnhordlands", "Stord Fitjar Bømlo Sveio Etne Tysnes Kvinnherad Austevoll"),
           ("Hardanger", "Hardanger", "Eidfjord Ulvik Kvam Ullensvang"),
           ("Nordhordland", None, "Alver Austrheim Fedje Masfjorden Modalen Osterøy Vaksdal Gulen"),
           ("Bergensregionen", None, "Bergen Askøy Øygarden Bjørnafjorden Samnanger"),
           ("Sogn", None, "Sogndal Luster Årdal Lærdal Aurland Vik Høyanger"),
           ("Nordfjord", "Nordfjord", "Stryn Stad Gloppen Kinn Bremanger"),
           ("Sunnfjord og Ytre Sogn", None, "Sunnfjord Askvoll Fjaler Hyllestad Solund")],
    "50": [("Trondheimsregionen", None, "Trondheim Malvik Melhus Skaun Orkland Midtre_Gauldal Stjørdal Indre_Fosen"),
           ("Værnesregionen", None, "Stjørdal Selbu Tydal Meråker Frosta"),
           ("Fosen", None, "Indre_Fosen Ørland Åfjord Osen"),
           ("Namdal", None, "Namsos Overhalla Grong Høylandet Namsskogan Røyrvik Lierne Flatanger Nærøysund Leka"),
           ("Innherred", None, "Levanger Verdal Inderøy Steinkjer Snåsa"),
           ("Orkdalsregionen", None, "Orkland Hitra Frøya Heim Rindal Rennebu Oppdal"),
           ("Gauldal", None, "Midtre_Gauldal Holtålen Røros")],
    "55": [("Tromsøregionen", None, "Tromsø Karlsøy Balsfjord"),
           ("Nord-Troms", None, "Lyngen Storfjord Kåfjord Skjervøy Nordreisa Kvænangen"),
           ("Midt-Troms", None, "Senja Sørreisa Dyrøy Målselv Bardu Salangen Lavangen"),
           ("Sør-Troms", None, "Harstad Kvæfjord Ibestad Tjeldsund Gratangen")],
    "56": [("Vest-Finnmark", None, "Alta Hammerfest Loppa Hasvik Måsøy Nordkapp Porsanger"),
           ("Øst-Finnmark", None, "Vadsø Vardø Sør-Varanger Båtsfjord Berlevåg Nesseby Tana Lebesby Gamvik"),
           ("Indre Finnmark", None, "Kautokeino Karasjok Porsanger")],
}
IKS_KINDS = [("brann og redning IKS", 5), ("revisjon IKS", 2), ("renovasjon IKS", 2), ("legevakt IKS", 1)]
KS_FOUNDERS = ["Oslo", "Bergen", "Trondheim", "Stavanger", "Kristiansand", "Tromsø", "Bærum", "Fredrikstad", "Sandnes"]
KS_JOINERS = [("Drammen", date(2016, 3, 1), date(2022, 11, 30)), ("Bodø", date(2015, 6, 1), date(2025, 6, 1)),
              ("Asker", date(2020, 3, 1), date(2025, 12, 1))]
#: County cooperations, members by structure: 2019 list, 2020–2023, 2024–.
COUNTY_NETWORKS = {
    "Vestlandsrådet": ("rådet", [["11", "12", "14", "15"], ["11", "46", "15"], ["11", "46", "15"]]),
    "Østlandssamarbeidet": ("samarbeidet", [["01", "02", "03", "04", "05", "06", "07", "08"],
                                            ["03", "30", "34", "38"], ["03", "31", "32", "33", "34", "39", "40"]]),
}
HERAD = {"Voss", "Kvam", "Ulvik", "Eidfjord", "Ullensvang"}
#: Statsforvalter/fylkesmann regions that coincide with a county of the same name.
STATE_REGIONS = {"Rogaland", "Vestland", "Møre og Romsdal", "Nordland", "Trøndelag", "Innlandet", "Agder",
                 "Hordaland", "Sogn og Fjordane", "Hedmark", "Oppland", "Telemark", "Vestfold", "Buskerud",
                 "Østfold", "Akershus", "Aust-Agder", "Vest-Agder", "Finnmark", "Troms"}

OTHER_TITLES = [("økonomisjef", "økonomisjefen"), ("kommunalsjef for oppvekst", "kommunalsjefen for oppvekst"),
                ("kommuneoverlege", "kommuneoverlegen"), ("kommuneadvokat", "kommuneadvokaten"),
                ("kommunalsjef for helse og omsorg", "kommunalsjefen for helse og omsorg")]

# --------------------------------------------------------------------------------------------------
# Phrases: (Bokmål, Nynorsk). {weekday}, {n}, {y2} are filled in.

#: Random values of the placeholders in phrases, drawn from the article's random stream.
PLACEHOLDERS = {
    "weekday": lambda a: a.weekday(),
    "n": lambda a: a.r.choice([4, 6, 8, 12, 14, 18, 25, 30, 40, 60, 120]),
    "y2": lambda a: a.day.year + a.r.randint(1, 3),
    "month": lambda a: MONTHS[a.r.randrange(12)],
    "road": lambda a: a.r.randint(20, 899),
    "p": lambda a: a.r.randint(3, 25),
    "n2": lambda a: a.r.randint(40, 900),
    "n3": lambda a: a.r.choice([150, 200, 300, 400, 500, 800, 1200]),
    "age": lambda a: a.r.choice([70, 75, 80, 85, 90]),
}

#: Sentences saying that {P} holds the post {w} ({W} capitalised, {Wd} definite) in {Y} and does {vp},
#: by pattern (see ``Article.current``); a pair where Bokmål and Nynorsk differ. {name} is the
#: municipality's name, {short} the county's short name, {quote} and {says} a quote and its verb.
CURRENT_PATTERNS = {
    "title_name_place": "{W} {P}{ps} i {Y} {vp}.",
    "title_place_name": "{W} i {Y} {P}{ps} {vp}.",
    "title_place_comma": "{W} i {Y}, {P}{ps}, {vp}.",
    "definite_place_comma": "{Wd} i {Y}, {P}{ps}, {vp}.",
    "apposition": "{P}{ps}, {w} i {Y}, {vp}.",
    "quote_apposition": "– {quote}, {says} {P}{ps}, {w} i {Y}.",
    "genitive": "{name}s {w} {P}{ps} {vp}.",
    "sin": "{name} sin {w} {P}{ps} {vp}.",
    "hyphen": "{name}-{w} {P}{ps} {vp}.",
    "compound": "{name}{w} {P}{ps} {vp}.",
    "deputy_meeting": ("{W} {P}{ps} ledet {weekday}ens kommunestyremøte i {Y}.",
                       "{W} {P}{ps} leidde kommunestyremøtet i {Y} på {weekday}."),
    "fylkeskommune": "{W} {P} i {short} fylkeskommune {vp}.",
    "context": "{W} {P}{ps} {vp}.",
    "context_quote": "– {quote}, {says} {w} {P}.",
}

POLITICIAN_VP = [
    ("vil ha ny svømmehall i kommunen", "vil ha ny symjehall i kommunen", "Vil ha ny svømmehall", "Vil ha ny symjehall"),
    ("ber regjeringen om hjelp til kommuner med skyhøye strømregninger",
     "ber regjeringa om hjelp til kommunar med skyhøge straumrekningar", "Ber om hjelp", "Ber om hjelp"),
    ("går inn for å selge kommunens aksjer i kraftselskapet", "går inn for å selje aksjane til kommunen i kraftselskapet",
     "Vil selge kraftaksjer", "Vil selje kraftaksjar"),
    ("er skuffet over at fødestua kan bli lagt ned", "er skuffa over at fødestova kan bli lagd ned",
     "Skuffet over fødestue-forslag", "Skuffa over framlegg om fødestova"),
    ("åpnet {weekday} den nye gang- og sykkelveien langs fylkesveien",
     "opna {weekday} den nye gang- og sykkelvegen langs fylkesvegen", "Ny sykkelvei åpnet", "Ny sykkelveg opna"),
    ("vil ha flere lærlingplasser i kommunen", "vil ha fleire lærlingplassar i kommunen", "Vil ha flere lærlinger",
     "Vil ha fleire lærlingar"),
    ("krever bedre mobildekning langs riksveien", "krev betre mobildekning langs riksvegen", "Krever bedre mobildekning",
     "Krev betre mobildekning"),
    ("vil ha flere statlige arbeidsplasser til kommunen", "vil ha fleire statlege arbeidsplassar til kommunen",
     "Vil ha statlige jobber", "Vil ha statlege jobbar"),
    ("lover at det nye sykehjemmet skal stå ferdig innen {y2}", "lovar at den nye sjukeheimen skal stå ferdig innan {y2}",
     "Nytt sykehjem innen {y2}", "Ny sjukeheim innan {y2}"),
    ("vil bruke {n} millioner kroner på å ruste opp de kommunale veiene",
     "vil bruke {n} millionar kroner på å ruste opp dei kommunale vegane", "Millioner til veiene", "Millionar til vegane"),
    ("vil ha flere innfartsparkeringer ved stasjonen", "vil ha fleire innfartsparkeringar ved stasjonen",
     "Vil ha flere parkeringsplasser", "Vil ha fleire parkeringsplassar"),
    ("tok {weekday} imot en rapport om ny bru over elva", "tok {weekday} imot ein rapport om ny bru over elva",
     "Rapport om ny bru", "Rapport om ny bru"),
    ("vil at staten skal ta en større del av regningen for den nye skolen",
     "vil at staten skal ta ein større del av rekninga for den nye skulen", "Vil ha statlige penger til skole",
     "Vil ha statlege pengar til skule"),
    ("mener kommunen må bygge flere boliger for unge", "meiner kommunen må byggje fleire bustader for unge",
     "Vil ha flere boliger for unge", "Vil ha fleire bustader for unge"),
    ("ønsker å gjøre sentrum bilfritt om sommeren", "ønskjer å gjere sentrum bilfritt om sommaren",
     "Bilfritt sentrum i sommer?", "Bilfritt sentrum i sommar?"),
    ("vil ha legevakt i kommunen hele døgnet", "vil ha legevakt i kommunen heile døgeret", "Vil ha døgnåpen legevakt",
     "Vil ha døgnopen legevakt"),
]
ADMIN_VP = [
    ("foreslår å legge ned en av skolene i kommunen", "gjer framlegg om å leggje ned ein av skulane i kommunen",
     "Foreslår å legge ned skole", "Vil leggje ned skule"),
    ("må finne {n} millioner kroner i innsparinger før sommeren",
     "må finne {n} millionar kroner i innsparingar før sommaren", "Må spare millioner", "Må spare millionar"),
    ("legger fram et budsjett med kutt i alle enheter", "legg fram eit budsjett med kutt i alle einingar",
     "Kutt i alle enheter", "Kutt i alle einingar"),
    ("vil samle hele administrasjonen i rådhuset innen {y2}", "vil samle heile administrasjonen i rådhuset innan {y2}",
     "Vil samle administrasjonen", "Vil samle administrasjonen"),
    ("har fått i oppdrag å finne egnede tomter til to nye barnehager",
     "har fått i oppdrag å finne eigna tomter til to nye barnehagar", "Leter etter barnehagetomter",
     "Leitar etter barnehagetomter"),
    ("anbefaler politikerne å utsette byggingen av den nye idrettshallen",
     "rår politikarane til å utsetje bygginga av den nye idrettshallen", "Vil utsette idrettshall", "Vil utsetje idrettshall"),
    ("vil innføre eiendomsskatt på næringseiendom fra neste år",
     "vil innføre eigedomsskatt på næringseigedom frå neste år", "Foreslår eiendomsskatt", "Gjer framlegg om eigedomsskatt"),
    ("varsler at kommunen må ansette flere i hjemmetjenesten", "varslar at kommunen må tilsetje fleire i heimetenesta",
     "Flere ansatte i hjemmetjenesten", "Fleire tilsette i heimetenesta"),
]
COUNTY_VP = [
    ("vil bruke {n} millioner kroner på å ruste opp fylkesveiene", "vil bruke {n} millionar kroner på å ruste opp fylkesvegane",
     "Millioner til fylkesveiene", "Millionar til fylkesvegane"),
    ("foreslår å legge ned tre videregående skoler", "gjer framlegg om å leggje ned tre vidaregåande skular",
     "Vil legge ned skoler", "Vil leggje ned skular"),
    ("vil kjøpe flere elektriske ferjer", "vil kjøpe fleire elektriske ferjer", "Vil ha elferjer", "Vil ha elferjer"),
    ("vil ikke kutte flere bussruter", "vil ikkje kutte fleire bussruter", "Nei til flere kutt", "Nei til fleire kutt"),
    ("ber staten om ekstra penger til kollektivtrafikken", "ber staten om ekstra pengar til kollektivtrafikken",
     "Ber om penger til bussene", "Ber om pengar til bussane"),
    ("vil ha ferjefri E39 innen {y2}", "vil ha ferjefri E39 innan {y2}", "Vil ha ferjefri E39", "Vil ha ferjefri E39"),
]
FORMER_VP = [
    ("fyller {age} år i dag", "fyller {age} år i dag"),
    ("har skrevet bok om lokalhistorien", "har skrive bok om lokalhistoria"),
    ("er tildelt Kongens fortjenstmedalje", "er tildelt Kongens fortenestemedalje"),
    ("advarer mot å selge kommunens kraftaksjer", "åtvarar mot å selje kraftaksjane til kommunen"),
    ("går inn i styret for det lokale energiselskapet", "går inn i styret for det lokale energiselskapet"),
    ("stiller seg bak kravet om ny bru", "stiller seg bak kravet om ny bru"),
]
POLITICIAN_QUOTES = [
    ("Vi trenger dette for å få flere til å bo her", "Vi treng dette for å få fleire til å busetje seg her"),
    ("Dette har innbyggerne ventet på lenge", "Dette har innbyggjarane venta på lenge"),
    ("Vi kommer ikke utenom å se på skolestrukturen", "Vi kjem ikkje utanom å sjå på skulestrukturen"),
    ("Det blir tøft, men det er mulig", "Det blir tøft, men det er mogleg"),
    ("Vi gir oss ikke", "Vi gjev oss ikkje"),
    ("Nå må staten ta sin del av ansvaret", "No må staten ta sin del av ansvaret"),
    ("Dette er en god dag for hele kommunen", "Dette er ein god dag for heile kommunen"),
    ("Vi har ventet på dette i mange år", "Vi har venta på dette i mange år"),
    ("Jeg er glad for at vi står samlet", "Eg er glad for at vi står samla"),
    ("Vi må tenke langsiktig", "Vi må tenkje langsiktig"),
    ("Folk må kunne stole på at tjenestene er der når de trenger dem",
     "Folk må kunne stole på at tenestene er der når dei treng dei"),
]
ADMIN_QUOTES = [
    ("Vi har brukt mer penger enn vi har hatt", "Vi har brukt meir pengar enn vi har hatt"),
    ("Fagmiljøene blir for små", "Fagmiljøa blir for små"),
    ("Vi sparer penger på å være samlet", "Vi sparer pengar på å vere samla"),
    ("Elevtallet har gått ned i mange år", "Elevtalet har gått ned i mange år"),
    ("Vi må tilpasse tjenestene til økonomien", "Vi må tilpasse tenestene til økonomien"),
    ("Det er ingen enkle løsninger", "Det finst ingen enkle løysingar"),
]
#: Filler sentences without a place or a post.
FILLERS = [
    ("Kommunestyret skal behandle saken i {month}.", "Kommunestyret skal handsame saka i {month}."),
    ("Prislappen er anslått til {n} millioner kroner.", "Prislappen er rekna til {n} millionar kroner."),
    ("Forslaget legges fram for kommunestyret i {month}.", "Framlegget blir lagt fram for kommunestyret i {month}."),
    ("Fylkesvei {road} blir stengt i tre uker i sommer på grunn av asfaltarbeid.",
     "Fylkesveg {road} blir stengd i tre veker i sommar på grunn av asfaltarbeid."),
    ("Meteorologene varsler kraftig regn og sterk vind i helgen.",
     "Meteorologane varslar kraftig regn og sterk vind i helga."),
    ("Den nye barneskolen skal stå ferdig til skolestart i {y2}.",
     "Den nye barneskulen skal stå ferdig til skulestart i {y2}."),
    ("Elevtallet har gått ned med {p} prosent de siste ti årene.",
     "Elevtalet har gått ned med {p} prosent dei siste ti åra."),
    ("Det har gått flere ras langs veien den siste vinteren.", "Det har gått fleire ras langs vegen den siste vinteren."),
    ("Formannskapet behandlet saken {weekday}.", "Formannskapet handsama saka {weekday}."),
    ("Også helse- og omsorgssektoren må ta sin del av kuttene.", "Også helse- og omsorgssektoren må ta sin del av kutta."),
    ("Saken har skapt stort engasjement i lokalsamfunnet.", "Saka har skapt stort engasjement i lokalsamfunnet."),
    ("Flere foreldre har reagert på forslaget.", "Fleire foreldre har reagert på framlegget."),
    ("Snøværet førte til store forsinkelser i kollektivtrafikken {weekday}.",
     "Snøvêret førte til store forseinkingar i kollektivtrafikken {weekday}."),
    ("Båtruten får flere avganger fra neste år.", "Båtruta får fleire avgangar frå neste år."),
    ("Sykehjemmet har hatt venteliste i over ett år.", "Sjukeheimen har hatt venteliste i over eitt år."),
    ("Byggearbeidene starter etter planen til våren.", "Byggjearbeidet startar etter planen til våren."),
    ("Det er ventet over {n3} besøkende til festivalen i sommer.", "Det er venta over {n3} besøkjande til festivalen i sommar."),
    ("Strømprisene har vært rekordhøye i vinter.", "Straumprisane har vore rekordhøge i vinter."),
    ("Flommen i vår gjorde skade for flere millioner kroner.", "Flaumen i vår gjorde skade for fleire millionar kroner."),
    ("Ungdomsskolen har fått nytt ventilasjonsanlegg.", "Ungdomsskulen har fått nytt ventilasjonsanlegg."),
    ("Meteorologisk institutt har sendt ut farevarsel om snøskred.",
     "Meteorologisk institutt har sendt ut farevarsel om snøskred."),
    ("Boligprisene har steget med {p} prosent det siste året.", "Bustadprisane har stige med {p} prosent det siste året."),
    ("Rundt {n3} personer har skrevet under på et opprop mot planene.",
     "Rundt {n3} personar har skrive under på eit opprop mot planane."),
    ("Arbeidet med den nye kommuneplanen er forsinket.", "Arbeidet med den nye kommuneplanen er forseinka."),
]
#: Fillers that name the municipality {M} (in single-municipality articles only).
PLACE_FILLERS = [
    ("{MK} må kutte {n} millioner kroner i neste års budsjett.",
     "{MK} må kutte {n} millionar kroner i budsjettet for neste år."),
    ("{MK} tok {weekday} i bruk den nye ungdomsskolen.", "{MK} tok {weekday} i bruk den nye ungdomsskulen."),
    ("Innbyggertallet i {M} har økt med {n2} det siste året.", "Folketalet i {M} har auka med {n2} det siste året."),
    ("{M} har fått {n} millioner kroner til ny kai.", "{M} har fått {n} millionar kroner til ny kai."),
    ("Rundt {n3} personer møtte opp på folkemøtet i {M} {weekday}.",
     "Rundt {n3} personar møtte opp på folkemøtet i {M} {weekday}."),
    ("{MK} har fått kritikk for lang saksbehandlingstid.", "{MK} har fått kritikk for lang sakshandsamingstid."),
    ("{M} blir mer synlig og får et ord med i laget, mener næringsforeningen.",
     "{M} blir meir synleg og får eit ord med i laget, meiner næringsforeininga."),
]
#: Later references to a holder already named: no new fact.
ANAPHORS = {
    "mayor": [("Ordføreren mener likevel at saken kan avgjøres før jul.",
               "Ordføraren meiner likevel at saka kan avgjerast før jul."),
              ("Ordføreren vil ta saken opp med regjeringen.", "Ordføraren vil ta saka opp med regjeringa.")],
    "chief_executive": [("{Wd} vil mellom annet slå sammen to barnehager.",
                         "{Wd} vil mellom anna slå saman to barnehagar."),
                        ("{Wd} legger fram budsjettet i november.", "{Wd} legg fram budsjettet i november.")],
}
COUNTY_FILLERS = [
    ("Fylkestinget skal behandle forslaget i {month}.", "Fylkestinget skal handsame framlegget i {month}."),
    ("Fylkeskommunen mangler {n} millioner kroner i budsjettet for neste år.",
     "Fylkeskommunen manglar {n} millionar kroner i budsjettet for neste år."),
    ("Flere videregående skoler har ledige plasser.", "Fleire vidaregåande skular har ledige plassar."),
    ("Etterslepet på fylkesveiene er beregnet til flere milliarder kroner.",
     "Etterslepet på fylkesvegane er rekna til fleire milliardar kroner."),
    ("Fylkestinget er delt i synet på saken.", "Fylkestinget er delt i synet på saka."),
]
NETWORK_FILLERS = [
    ("{Head} vil nå jobbe for flere avganger på jernbanen.", "{Head} vil no arbeide for fleire avgangar på jernbana."),
    ("{Head} har felles innkjøp, IKT og beredskap på programmet.", "{Head} har felles innkjøp, IKT og beredskap på programmet."),
    ("Neste møte er satt til {month}.", "Neste møte er sett til {month}."),
    ("Det ble også diskutert felles legevakt.", "Det vart òg diskutert felles legevakt."),
    ("– Vi står samlet i denne saken, heter det i en uttalelse.", "– Vi står samla i denne saka, heiter det i ei fråsegn."),
    ("Budsjettet for neste år er på {n} millioner kroner.", "Budsjettet for neste år er på {n} millionar kroner."),
]
IKS_FILLERS = [
    ("Selskapet har {n2} ansatte.", "Selskapet har {n2} tilsette."),
    ("Eierkommunene må betale mer neste år.", "Eigarkommunane må betale meir neste år."),
    ("Representantskapet skal behandle budsjettet i {month}.", "Representantskapet skal handsame budsjettet i {month}."),
    ("Neste møte er satt til {month}.", "Neste møte er sett til {month}."),
    ("Budsjettet for neste år er på {n} millioner kroner.", "Budsjettet for neste år er på {n} millionar kroner."),
]
#: Sentences naming all the members {listed} of network {N} (of {region}), by style (see
#: ``_membership_statement``); a pair where Bokmål and Nynorsk differ. {goal} is one of GOALS.
MEMBERSHIP_SENTENCES = {
    "består": "{N} består av {listed}.",
    "samarbeider": "{listed} samarbeider i {N}.",
    "utgjør": ("{listed} utgjør {N}.", "{listed} utgjer {N}."),
    "paren": ("{N} ({listed}) har sendt et felles brev til fylkeskommunen.",
              "{N} ({listed}) har sendt eit felles brev til fylkeskommunen."),
    "representanter": ("{N}, med representanter fra {listed}, vil ha {goal}.",
                       "{N}, med representantar frå {listed}, vil ha {goal}."),
    "colon": ("Kommunene i {region} samarbeider i {N}: {listed}.", "Kommunane i {region} samarbeider i {N}: {listed}."),
    "ordførerne": ("I {N} sitter ordførerne fra {listed}.", "I {N} sit ordførarane frå {listed}."),
}
NETWORK_HEADLINES = [("Vil ha flere togavganger", "Vil ha fleire togavgangar"), ("Møte om beredskap", "Møte om beredskap"),
                     ("Felles krav til staten", "Felles krav til staten"), ("Ny strategi", "Ny strategi"),
                     ("Budsjett vedtatt", "Budsjett vedteke")]
GOALS = [("bedre togtilbud", "betre togtilbod"), ("raskere utbygging av bredbånd", "raskare utbygging av breiband"),
         ("flere statlige arbeidsplasser i regionen", "fleire statlege arbeidsplassar i regionen"),
         ("ny riksvei gjennom regionen", "ny riksveg gjennom regionen")]

_SLUG = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "á": "a", "é": "e", "č": "c", "š": "s", "đ": "d", "ŋ": "n",
                       "ŧ": "t", "ž": "z", "ï": "i"})


_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def _slug(text: str) -> str:
    return _NOT_SLUG.sub("-", text.lower().translate(_SLUG)).strip("-")


@functools.cache
def _fields(template: str) -> tuple[str, ...]:
    """The placeholders of a template, in order."""
    return tuple(name for _, name, _, _ in string.Formatter().parse(template) if name)


def _list(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " og " + names[-1]


def _month_start(day: date, months: int) -> date:
    """The first day of the month ``months`` after ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _hash(*parts) -> int:
    return zlib.crc32("|".join(map(str, parts)).encode())


def _day_month(day: date) -> str:
    return f"{day.day}. {MONTHS[day.month - 1]}"


# --------------------------------------------------------------------------------------------------
# The world


@dataclass(frozen=True, eq=False)
class Person:
    full: str
    first: str  # the first given name
    last: str
    female: bool
    party: str | None


@dataclass(frozen=True)
class Tenure:
    start: date
    end: date
    person: Person
    status: str  # "current" or "acting"


@dataclass(frozen=True, eq=False)
class Place:
    """A municipality or county as it was in one structure period."""

    key: str  # the reference unit's key: a municipality keeps it across renumberings (Bærum 0219/3024/3201)
    kind: str  # "municipality" or "county"
    number: str
    name: str
    county: str
    county_name: str = ""
    sami: str | None = None

    @property
    def short(self) -> str:  # "Troms - Romsa" -> "Troms"
        return self.name.split(" - ")[0]


@dataclass
class Era:
    start: date
    end: date
    municipalities: list[Place]
    counties: list[Place]  # with an elected county council (not Oslo)
    all_counties: dict[str, Place]
    by_key: dict[str, Place]
    by_county: dict[str, list[Place]]
    by_name: dict[str, Place]
    ambiguous: frozenset[str]


@dataclass(eq=False)
class Member:
    unit: object  # kg.reference.timeline.Unit of the 2024 structure
    join: date | None = None
    leave: date | None = None


@dataclass(eq=False)
class Network:
    name: str
    kind: str  # council, iks, ks, county
    head: str  # what the text calls it once named: "rådet", "selskapet", "nettverket" …
    members: list[Member] = field(default_factory=list)
    region: str | None = None
    same_name: bool = False  # members back in time: only the same-named predecessor (KS storbynettverk)
    county_members: list[list[str]] | None = None  # county cooperations: numbers per structure


class World:
    """Everything the articles report on, drawn from the seed."""

    def __init__(self, seed: int):
        self.seed = seed
        ref = load_reference()
        self.units = {u.key: u for u in (*ref.municipalities, *ref.counties)}
        self.eras = [self._era(ref, start, end, index) for index, (start, end) in enumerate(ERAS)]
        self._era_starts = [era.start for era in self.eras]
        names = {p.name for era in self.eras for p in era.municipalities} \
            | {c.short for era in self.eras for c in era.all_counties.values()}
        self.place_names = frozenset(names)
        self.first_f = [n for n in FEMALE if n not in names]
        self.first_m = [n for n in MALE if n not in names]
        self.last = [n for n in LAST if n not in names]
        self._lineage: dict = {}
        self._cache: dict = {}
        self.networks = self._build_networks()
        self.councils = [n for n in self.networks if n.kind == "council"]
        self.iks = [n for n in self.networks if n.kind == "iks"]
        self.national = [n for n in self.networks if n.kind in ("ks", "county")]
        keys = sorted({p.key for era in self.eras for p in era.municipalities})
        # events the articles report: membership changes, new and acting chief executives, mayors on leave
        self.member_events = [(kind, day, net, m) for net in self.networks for m in net.members
                              for kind, day in (("join", m.join), ("leave", m.leave)) if day and START <= day <= END]
        self.ce_starts: list[tuple[str, Tenure]] = []
        self.acting_ce: list[tuple[str, Tenure]] = []
        self.leaves: list[tuple[str, date, date]] = []
        for key in keys:
            tenures = self.timeline(key, "chief_executive")
            self.ce_starts += [(key, t) for t in tenures[1:] if t.status == "current"
                               and START + timedelta(days=160) <= t.start <= END]
            self.acting_ce += [(key, t) for t in tenures if t.status == "acting" and t.end >= START and t.start <= END]
            self.leaves += [(key, s, e) for s, e in self.politics(key)[2] if e >= START and s <= END]

    # ---- structure

    def _era(self, ref, start: date, end: date, index: int) -> Era:
        if [u.key for u in ref.municipalities_on(start)] != [u.key for u in ref.municipalities_on(end)]:
            raise AssertionError(f"the municipal structure changes within {start}–{end}")

        def period(unit):
            return next(p for p in unit.numbers if p.valid_on(start))

        all_counties = {}
        for unit in ref.counties_on(start):
            p = period(unit)
            all_counties[p.number] = Place(unit.key, "county", p.number, p.name, p.number, p.name.split(" - ")[0])
        municipalities = []
        for unit in ref.municipalities_on(start):
            p = period(unit)
            if index == 0 and (p.county_number == "50" or p.number in CHANGED_2017_2018):
                continue
            reg = next(r for r in unit.registrations if (r.start is None or r.start <= start)
                       and (r.end is None or start <= r.end))
            county = all_counties.get(p.county_number)
            municipalities.append(Place(unit.key, "municipality", p.number, p.name, p.county_number,
                                        county.short if county else "", reg.other_names.get("se")))
        municipalities.sort(key=lambda p: p.number)
        by_county: dict[str, list[Place]] = {}
        for p in municipalities:
            by_county.setdefault(p.county, []).append(p)
        seen: set[str] = set()
        ambiguous: set[str] = set()
        for p in municipalities:
            (ambiguous if p.name in seen else seen).add(p.name)
        counties = [c for n, c in sorted(all_counties.items()) if n != "03"]
        return Era(start, end, municipalities, counties, all_counties,
                   {p.key: p for p in (*municipalities, *all_counties.values())}, by_county,
                   {p.name: p for p in municipalities}, frozenset(ambiguous))

    def era_index(self, day: date) -> int:
        return bisect.bisect_right(self._era_starts, day) - 1

    def era(self, day: date) -> Era:
        return self.eras[self.era_index(day)]

    def lineage(self, unit, index: int, same_name: bool) -> list[Place]:
        """The places of era ``index`` that ``unit`` (of the 2024 structure) continues."""
        key = (unit.key, index, same_name)
        if key not in self._lineage:
            era = self.eras[index]
            out: list[Place] = []
            for u in self._ancestors(unit, era.start, same_name):
                p = era.by_key.get(u.key)
                if p is not None and p not in out:
                    out.append(p)
            if len(out) > 1:  # a merger across a county border: only the parts in the main part's county
                main = next((p for p in out if p.name == unit.name), out[0])
                out = [p for p in out if p.county == main.county]
            self._lineage[key] = out
        return self._lineage[key]

    def _ancestors(self, unit, day: date, same_name: bool) -> list:
        if unit.valid_on(day):
            return [unit]
        if unit.start is None or day >= unit.start:
            return []
        preds = unit.predecessors
        if same_name:
            preds = [p for p in preds if p.name == unit.name] or preds
        out: list = []
        for pred in preds:
            out += [u for u in self._ancestors(pred, day, same_name) if u not in out]
        return out

    def county_2024(self, place: Place) -> str:
        unit = self.units[place.key]
        while unit.successors and not unit.valid_on(END):
            unit = unit.successors[0]
        return next((p.county_number for p in unit.numbers if p.valid_on(END)), "") or ""

    # ---- people

    def _r(self, *parts) -> random.Random:
        return random.Random("|".join(map(str, (self.seed, *parts))))

    def person(self, r: random.Random, politician: bool) -> Person:
        female = r.random() < (0.4 if politician else 0.45)
        names = self.first_f if female else self.first_m
        first = r.choice(names)
        roll = r.random()
        if roll < 0.14:
            first += " " + r.choice([n for n in names[:50] if n != first])
        elif roll < 0.17:
            first += " " + r.choice("ABEGHJKLMOST") + "."
        last = r.choice(self.last)
        middle = r.choice(self.last) if r.random() < 0.35 else ""
        full = " ".join(x for x in (first, middle if middle != last else "", last) if x)
        party = r.choices([p for p, _ in PARTIES], [w for _, w in PARTIES])[0] if politician else None
        return Person(full, first.split()[0], last, female, party)

    def official(self, *key) -> Person:
        """A state or party official (minister, statsforvalter, party leader): the same for the same key."""
        cache_key = ("official", *key)
        if cache_key not in self._cache:
            self._cache[cache_key] = self.person(self._r(*cache_key), True)
        return self._cache[cache_key]

    # ---- office holders

    def politics(self, key: str) -> tuple[list[Tenure], list[Tenure], list[tuple[date, date]]]:
        """Mayors and deputies per term (re-elected or not), and leaves during which the deputy acts."""
        cache_key = ("politics", key)
        if cache_key in self._cache:
            return self._cache[cache_key]
        unit = self.units[key]
        r = self._r("politics", key)
        lo, hi = unit.start or TERMS[0][0], unit.end or FAR
        mayors: list[Tenure] = []
        deputies: list[Tenure] = []
        leaves: list[tuple[date, date]] = []
        for term_start, term_end in TERMS:
            s, e = max(term_start, lo), min(term_end, hi)
            if s > e:
                continue
            if mayors and (e - s).days < 200:  # a municipality that ends soon after an election keeps its mayor
                mayors[-1] = Tenure(mayors[-1].start, e, mayors[-1].person, "current")
                deputies[-1] = Tenure(deputies[-1].start, e, deputies[-1].person, "current")
                continue
            prev_m = mayors[-1].person if mayors else None
            prev_d = deputies[-1].person if deputies else None
            if prev_m and r.random() < 0.45:
                mayor = prev_m
            elif prev_d and r.random() < 0.3:
                mayor = prev_d
            else:
                mayor = self.person(r, True)
            deputy = prev_d if prev_d and prev_d is not mayor and r.random() < 0.35 else self.person(r, True)
            mayors.append(Tenure(s, e, mayor, "current"))
            deputies.append(Tenure(s, e, deputy, "current"))
            if (e - s).days > 500 and r.random() < 0.15:
                leave = s + timedelta(days=r.randint(60, (e - s).days - 300))
                leaves.append((leave, leave + timedelta(days=r.randint(60, 180))))
        self._cache[cache_key] = (mayors, deputies, leaves)
        return self._cache[cache_key]

    def _terms(self, key: str, tag: str) -> list[Tenure]:
        """One holder per term, often re-elected (governing mayors, finance commissioners)."""
        cache_key = (tag, key)
        if cache_key not in self._cache:
            unit = self.units[key]
            r = self._r(tag, key)
            lo, hi = unit.start or TERMS[0][0], unit.end or FAR
            out: list[Tenure] = []
            for term_start, term_end in TERMS:
                s, e = max(term_start, lo), min(term_end, hi)
                if s <= e:
                    person = out[-1].person if out and r.random() < 0.45 else self.person(r, True)
                    out.append(Tenure(s, e, person, "current"))
            self._cache[cache_key] = out
        return self._cache[cache_key]

    def _admin(self, key: str, tag: str, acting: float) -> list[Tenure]:
        """Appointed officials: tenures of two to nine years, sometimes an acting holder in between."""
        cache_key = (tag, key)
        if cache_key not in self._cache:
            unit = self.units[key]
            r = self._r(tag, key)
            hi = min(unit.end or FAR, FAR)
            t = unit.start or date(r.randint(2004, 2014), r.randint(1, 12), 1)
            out: list[Tenure] = []
            while t <= hi and t <= END:
                end = min(hi, _month_start(t, r.randint(24, 108)) - DAY)
                out.append(Tenure(t, end, self.person(r, False), "current"))
                t = end + DAY
                if t <= hi and r.random() < acting:
                    end = min(hi, _month_start(t, r.randint(2, 8)) - DAY)
                    out.append(Tenure(t, end, self.person(r, False), "acting"))
                    t = end + DAY
            self._cache[cache_key] = out
        return self._cache[cache_key]

    def timeline(self, key: str, post: str) -> list[Tenure]:
        if post in ("mayor", "county_mayor"):
            return self.politics(key)[0]
        if post == "deputy_mayor":
            return self.politics(key)[1]
        if post in ("governing_mayor", "other:finansbyråd"):
            return self._terms(key, post)
        return self._admin(key, post, 0.35 if post in ("chief_executive", "county_chief_executive") else 0.0)

    def holder(self, key: str, post: str, day: date) -> Tenure | None:
        return next((t for t in self.timeline(key, post) if t.start <= day <= t.end), None)

    def ce_title(self, key: str, day: date, county: bool = False) -> str:
        """'rådmann' until the municipality switched to 'kommunedirektør' (most did in 2016–2022)."""
        cache_key = ("switch", key)
        if cache_key not in self._cache:
            r = self._r("switch", key)
            self._cache[cache_key] = date(r.randint(2016, 2022), r.randint(1, 12), 1) if r.random() < 0.85 else FAR
        late = day >= self._cache[cache_key]
        if county:
            return "fylkesdirektør" if late else "fylkesrådmann"
        return "kommunedirektør" if late else "rådmann"

    # ---- networks

    def _build_networks(self) -> list[Network]:
        latest = self.eras[-1]
        networks: list[Network] = []
        for county, regions in sorted(REGIONS.items()):
            by_name = {p.name: p for p in latest.by_county[county]}
            r = self._r("networks", county)
            for region, stem, names in regions:
                group = [by_name[n.replace("_", " ")] for n in names.split()]
                town = group[0].name  # the largest town comes first
                if region.endswith("regionen") or region.startswith("Region "):
                    name, region = region, None
                else:
                    styles = [f"Regionrådet for {region}", f"Regionrådet for {region}", f"{region} regionråd"]
                    name = r.choice(styles + [f"{stem}rådet"] * 2 if stem else styles)
                head = "samarbeidet" if region is None else "regionrådet" if "egionråd" in name else "rådet"
                net = Network(name, "council", head, region=region)
                net.members = self._members(r, [self.units[p.key] for p in group], events=True)
                networks.append(net)
                if r.random() < 0.55:
                    kind = r.choices([k for k, _ in IKS_KINDS], [w for _, w in IKS_KINDS])[0]
                    chosen = sorted(r.sample(group, r.randint(min(3, len(group)), len(group))), key=group.index)
                    iks = Network(f"{region or town} {kind}", "iks", "selskapet", region=region)
                    iks.members = self._members(r, [self.units[p.key] for p in chosen], events=False)
                    networks.append(iks)
        # national: KS storbynettverk and two county cooperations
        by_name = {p.name: self.units[p.key] for p in latest.municipalities}
        r = self._r("networks", "ks")
        ks = Network("KS storbynettverk", "ks", "nettverket", same_name=True)
        ks.members = [Member(by_name[n]) for n in KS_FOUNDERS]
        for n, lo, hi in KS_JOINERS:
            day = lo + timedelta(days=r.randrange((hi - lo).days))
            ks.members.append(Member(by_name[n], join=self.meeting_on_or_after(ks.name, day)))
        networks.append(ks)
        for name, (head, members) in COUNTY_NETWORKS.items():
            networks.append(Network(name, "county", head, county_members=members))
        return networks

    def _members(self, r: random.Random, units: list, events: bool) -> list[Member]:
        members = [Member(u) for u in units]
        if events:
            movable = list(members)
            r.shuffle(movable)
            for m in movable[: max(0, len(members) - 3)]:  # at least three founding members stay
                lo = max(date(2015, 3, 1), (m.unit.start or START) + timedelta(days=60))
                if r.random() < 0.14:
                    m.join = self._event_day(r, lo, date(2026, 9, 1))
                if r.random() < 0.09:
                    after = (m.join + timedelta(days=400)) if m.join else lo + timedelta(days=300)
                    if after < date(2026, 6, 1):
                        m.leave = self._event_day(r, after, date(2026, 10, 1))
        return members

    def _event_day(self, r: random.Random, lo: date, hi: date) -> date:
        """A membership change takes effect on 1 January or on a day of a meeting."""
        day = lo + timedelta(days=r.randrange(max(1, (hi - lo).days)))
        if r.random() < 0.5 and date(day.year + 1, 1, 1) <= hi:
            return date(day.year + 1, 1, 1)
        return day

    def meeting(self, name: str, year: int, month: int) -> date:
        """The day a network meets in a month (monthly; the July meeting is moved to 31 August)."""
        if month == 7:
            return date(year, 8, 31)
        return date(year, month, 1 + _hash(self.seed, name, year, month) % 28)

    def meeting_on_or_after(self, name: str, day: date) -> date:
        meeting = self.meeting(name, day.year, day.month)
        if meeting >= day:
            return meeting
        following = _month_start(day, 1)
        return self.meeting(name, following.year, following.month)

    def members_on(self, net: Network, day: date) -> list[Place]:
        index = self.era_index(day)
        era = self.eras[index]
        if net.county_members is not None:
            return [era.all_counties[n] for n in net.county_members[max(0, index - 2)] if n in era.all_counties]
        out: list[Place] = []
        for m in net.members:
            if m.join and day < m.join or m.leave and day >= m.leave:
                continue
            out += [p for p in self.lineage(m.unit, index, net.same_name) if p not in out]
        out.sort(key=lambda p: p.number)
        return out

    def ever_members(self, net: Network, index: int) -> frozenset[str]:
        """Keys of the places of era ``index`` that are members of ``net`` at some time."""
        key = ("ever", net.name, index)
        if key not in self._cache:
            self._cache[key] = frozenset(p.key for m in net.members for p in self.lineage(m.unit, index, net.same_name))
        return self._cache[key]


# --------------------------------------------------------------------------------------------------
# Articles


class Article:
    """One article under construction: blocks of sentences and the facts they state."""

    def __init__(self, world: World, rng: random.Random, lang: str, day: date):
        self.w, self.r, self.lang, self.day = world, rng, lang, day
        self.nb = lang == "nb"
        self.era = world.era(day)
        self.blocks: list[list[str]] = []
        self.facts: list[dict] = []
        self.people: list[Person] = []
        self.home: Place | None = None
        self.title = ""
        self.templates: list[str] = []  # filler templates used, so that none is used twice

    # ---- small helpers

    def t(self, nb: str, nn: str) -> str:
        return nb if self.nb else nn

    def pick(self, pairs) -> str:
        pair = self.r.choice(pairs)
        return pair[0] if self.nb else pair[1]

    def weekday(self) -> str:
        return WEEKDAYS[self.lang][self.r.randrange(5)]

    def fill(self, text: str, **extra) -> str:
        if "{" not in text:
            return text
        return text.format(**self.values(_fields(text), **extra))

    def values(self, names, **extra) -> dict:
        """Random values for the placeholders ``names`` (numbers, months, weekdays) and ``extra``."""
        values = {}
        for name in names:
            if name not in extra and name not in values and name in PLACEHOLDERS:
                values[name] = PLACEHOLDERS[name](self)
        values.update(extra)
        return values

    @staticmethod
    def cap(text: str) -> str:
        return text[:1].upper() + text[1:]

    def add(self, *sentences: str, facts=()) -> None:
        self.blocks.append([s for s in sentences if s])
        self.facts.extend(facts)

    def introduce(self, person: Person) -> None:
        if person not in self.people:
            self.people.append(person)

    def clashes(self, person: Person) -> bool:
        """Someone else in the article has the same surname (a short reference would be ambiguous)."""
        return any(p is not person and p.last == person.last for p in self.people)

    def short(self, person: Person) -> str:
        """The surname, or the full name when someone else in the article has the same surname."""
        clash = any(p is not person and p.last == person.last for p in self.people)
        return person.full if clash else person.last

    def ps(self, person: Person) -> str:
        return f" ({person.party})" if person.party and self.r.random() < 0.6 else ""

    def stranger(self) -> Person:
        """Someone who holds no office in the world (candidates, ministers, relatives)."""
        taken = {p.last for p in self.people}
        for _ in range(10):
            p = self.w.person(self.r, True)
            if p.last not in taken:
                break
        return p

    def pron(self, person: Person) -> str:
        return ("Hun" if self.nb else "Ho") if person.female else "Han"

    # ---- facts

    @staticmethod
    def hp(person: Person | None, post: str, org, status: str = "current") -> dict:
        name, number = (org.name, org.number) if isinstance(org, Place) else (org, None)
        return {"type": "holds_post", "person": person.full if person else None, "post": post,
                "organization": name, "organization_id": number, "status": status, "org": name}

    @staticmethod
    def mo(place: Place, network: str, valid_from: date | None = None, status: str | None = None) -> dict:
        fact = {"type": "member_of", "member": place.name, "member_id": place.number, "network": network,
                "valid_from": valid_from.isoformat() if valid_from else None}
        if status:
            fact["status"] = status
        return fact

    # ---- names of places and posts

    def at(self, place: Place, sami: bool = True) -> str:
        """A place as written after 'i': a county by its short name, an ambiguous municipality with its
        county ("Våler i Østfold"), sometimes a municipality by its North Sami name."""
        if place.kind == "county":
            return place.short
        if place.name in self.era.ambiguous:
            return f"{place.name} i {place.county_name}"
        if sami and place.sami and self.r.random() < 0.3:
            return place.sami
        return place.name

    def kommune(self, place: Place) -> str:
        if not self.nb and place.name in HERAD and self.r.random() < 0.7:
            return f"{place.name} herad"
        if place.name in self.era.ambiguous:
            return f"{place.name} kommune i {place.county_name}"
        return f"{place.name} kommune"

    def simple(self, place: Place) -> bool:
        """A one-word municipality name that can prefix a title ("Drammen-ordfører", "Tokkeordførar")."""
        return place.kind == "municipality" and " " not in place.name and "-" not in place.name \
            and place.name not in self.era.ambiguous

    def word(self, post: str, place: Place, definite: bool = False) -> str:
        if post in ("chief_executive", "county_chief_executive"):
            return self.w.ce_title(place.key, self.day, county=post.startswith("county")) + ("en" if definite else "")
        if post.startswith("other:"):
            title = post[6:]
            return next((d for t, d in OTHER_TITLES if t == title), title + "en") if definite else title
        base = {"mayor": ("ordfører", "ordførar"), "deputy_mayor": ("varaordfører", "varaordførar"),
                "governing_mayor": ("byrådsleder", "byrådsleiar"),
                "county_mayor": ("fylkesordfører", "fylkesordførar")}[post][0 if self.nb else 1]
        return base + ("en" if definite else "")

    def vp(self, post: str) -> tuple[str, str]:
        """A verb phrase for what the holder of ``post`` does, and a headline for it."""
        if post.startswith("county"):
            pool = COUNTY_VP
        elif post == "chief_executive" or post.startswith("other:"):
            pool = ADMIN_VP
        else:
            pool = POLITICIAN_VP
        fresh = [item for item in pool if item[0] not in self.templates]
        nb, nn, hnb, hnn = self.r.choice(fresh or pool)
        self.templates.append(nb)
        values = self.values(_fields(nb) + _fields(hnb))
        return (nb if self.nb else nn).format(**values), (hnb if self.nb else hnn).format(**values)

    def quote(self, post: str) -> str:
        admin = post in ("chief_executive", "county_chief_executive") or post.startswith("other:")
        return self.pick(ADMIN_QUOTES if admin else POLITICIAN_QUOTES)

    def says(self) -> str:
        return self.t("sier", "seier") if self.r.random() < 0.8 else "sa"

    def quote_block(self, person: Person, post: str) -> str:
        name = self.short(person)
        if name == person.last and person.full != f"{person.first} {person.last}" and self.r.random() < 0.25:
            name = f"{person.first} {person.last}"  # "Per O. Lunde" quoted as "Per Lunde"
        return f"– {self.quote(post)}, {self.says()} {name}."

    def anaphor(self, place: Place, post: str) -> str | None:
        """A later reference to the holder of ``post`` by title only ("Ordføreren mener …")."""
        if post not in ANAPHORS:
            return None
        return self.pick(ANAPHORS[post]).format(Wd=self.cap(self.word(post, place, definite=True)))

    # ---- office sentences

    def office(self, place: Place, post: str, person: Person | None, status: str = "current",
               context: bool = False) -> list[str]:
        """Sentences saying that ``person`` holds ``post`` in ``place`` (the fact is recorded).

        ``context``: the article has already named ``place`` and no other, so the place may be left out.
        """
        self.facts.append(self.hp(person, post, place, status))
        if person is None:
            return [self.noname(place, post)]
        self.introduce(person)
        if status == "former":
            return self.former(place, post, person, context)
        if status == "incoming":
            return self.incoming(place, post, person, context)
        if status == "acting":
            return self.acting(place, post, person, context)
        return [self.current(place, post, person, context)]

    def current(self, place: Place, post: str, person: Person, context: bool) -> str:
        r = self.r
        w, wd = self.word(post, place), self.word(post, place, definite=True)
        W, Wd = self.cap(w), self.cap(wd)
        P, ps = person.full, self.ps(person)
        vp, headline = self.vp(post)
        self.title = self.title or headline
        Y = self.at(place)
        ambiguous = place.name in self.era.ambiguous
        if post == "other:finansbyråd":
            gen = place.name + "s"
            return self.t(f"Finansbyråd {P}{ps} la {self.weekday()} fram {gen} budsjett for neste år.",
                          f"Finansbyråd {P}{ps} la {self.weekday()} fram budsjettet til {place.name} for neste år.")
        if post.startswith("other:"):
            K = self.kommune(place)
            return r.choice([f"{W} i {K}, {P}, {vp}.", f"{W} {P} i {K} {vp}.", f"{P}, {w} i {K}, {vp}."]
                            + ([f"{W} {P} {vp}."] if context else []))
        patterns = ["title_name_place", "title_place_comma", "definite_place_comma", "apposition", "quote_apposition"]
        if not ambiguous:
            patterns.append("title_place_name")
        if place.kind == "municipality" and not ambiguous:
            patterns.append("sin")
            if not place.name.endswith(("s", "x", "z")):
                patterns.append("genitive")
            if post == "mayor" and self.simple(place):
                patterns += ["hyphen", "hyphen", "compound"]
            if post == "deputy_mayor":
                patterns.append("deputy_meeting")
        if post == "county_chief_executive":
            patterns.append("fylkeskommune")
        if context:
            patterns += ["context", "context", "context_quote"]
        template = CURRENT_PATTERNS[r.choice(patterns)]
        if isinstance(template, tuple):
            template = self.t(*template)
        fields = _fields(template)
        drawn = {name: draw() for name, draw in (("quote", lambda: self.quote(post)), ("says", self.says))
                 if name in fields}  # drawn only where the pattern quotes someone
        return self.fill(template, W=W, Wd=Wd, w=w, P=P, ps=ps, vp=vp, Y=Y, name=place.name, short=place.short,
                         **drawn)

    def noname(self, place: Place, post: str) -> str:
        wd = self.word(post, place, definite=True)
        Y = self.at(place, sami=False)
        return self.cap(self.r.choice([
            self.t(f"{wd} fra {Y} var til stede da planen ble lagt fram {self.weekday()}.",
                   f"{wd} frå {Y} var til stades då planen vart lagd fram {self.weekday()}."),
            self.t(f"{wd} fra {Y} var skuffet og mente at veien nok en gang var glemt.",
                   f"{wd} frå {Y} var skuffa og meinte at vegen nok ein gong vart gløymd."),
        ]))

    def former(self, place: Place, post: str, person: Person, context: bool) -> list[str]:
        r = self.r
        w, Y, P, ps = self.word(post, place), self.at(place), person.full, self.ps(person)
        adj = self.cap(r.choice([self.t("tidligere", "tidlegare")] * 3 + [self.t("forhenværende", "førre")]))
        vp = self.fill(self.pick(FORMER_VP))
        options = [f"{adj} {w} i {Y}, {P}{ps}, {vp}."]
        if place.name not in self.era.ambiguous:
            options.append(f"{adj} {w} i {Y} {P}{ps} {vp}.")
        if post == "mayor":
            options.append(f"Eks-{w} {P}{ps} i {Y} {vp}.")
        if context:
            options.append(f"{adj} {w} i kommunen, {P}, {vp}.")
        tenures = [t for t in self.w.timeline(place.key, post) if t.person is person]
        if tenures:
            options.append("span")
        choice = r.choice(options)
        if choice != "span":
            return [choice]
        y1, y2 = tenures[0].start.year, tenures[-1].end.year
        subject = self.pron(person) if post != "mayor" or r.random() < 0.5 else self.t("Eks-ordføreren", "Eks-ordføraren")
        return [f"{P} var {w} i {Y} {self.t('fra', 'frå')} {y1} til {y2}.", f"{subject} {vp}."]

    def incoming(self, place: Place, post: str, person: Person, context: bool) -> list[str]:
        r = self.r
        w, P, Y = self.word(post, place), person.full, self.at(place)
        if post in ("mayor", "county_mayor"):
            ps = self.ps(person)
            council = "fylkestinget" if post == "county_mayor" else "kommunestyret"
            return [r.choice([
                self.t(f"Nyvalgt {w} i {Y}, {P}{ps}, overtar når det nye {council} konstitueres i oktober.",
                       f"Nyvald {w} i {Y}, {P}{ps}, tek over når det nye {council} blir konstituert i oktober."),
                self.t(f"Etter valget er det klart at {P}{ps} blir {w} i {Y} fra oktober.",
                       f"Etter valet er det klart at {P}{ps} vert {w} i {Y} frå oktober."),
                self.t(f"Påtroppende {w} i {Y}, {P}{ps}, vil prioritere skolene.",
                       f"Påtroppande {w} i {Y}, {P}{ps}, vil prioritere skulane."),
            ])]
        tenure = next(t for t in self.w.timeline(place.key, post) if t.person is person and t.start > self.day)
        when = tenure.start
        phrase = _day_month(when) + (f" {when.year}" if when.year != self.day.year and r.random() < 0.5 else "")
        w = self.w.ce_title(place.key, when, county=post.startswith("county"))
        where = "kommunen" if context and r.random() < 0.5 else Y
        return [r.choice([
            self.t(f"{P} blir ny {w} i {where} fra {phrase}.", f"{P} blir ny {w} i {where} frå {phrase}."),
            self.t(f"Det er klart at {P} blir ny {w} i {where} fra {phrase}.",
                   f"Det er klart at {P} blir ny {w} i {where} frå {phrase}."),
            self.t(f"Påtroppende {w} i {Y}, {P}, tiltrer {phrase}.",
                   f"Påtroppande {w} i {Y}, {P}, tek til i stillinga {phrase}."),
        ])]

    def acting(self, place: Place, post: str, person: Person, context: bool) -> list[str]:
        w, P, Y = self.word(post, place), person.full, self.at(place)
        adj = self.r.choice([self.t("fungerende", "fungerande"), self.t("fungerende", "fungerande"), "konstituert"])
        vp, headline = self.vp(post)
        self.title = self.title or headline
        ps = self.ps(person) if post == "mayor" else ""
        options = [f"{self.cap(adj)} {w} i {Y}, {P}{ps}, {vp}.", f"{P}{ps}, {adj} {w} i {Y}, {vp}."]
        if context:
            options.append(f"{self.cap(adj)} {w} {P}{ps} {vp}.")
        return [self.r.choice(options)]

    # ---- distractors: sentences that state no fact

    def distractor(self, place: Place | None, kinds: list[str]) -> str | None:
        r, day, w = self.r, self.day, self.w
        kind = r.choice(kinds)
        government = (day - date(2013, 10, 16)).days // 1461  # four-year governments from October 2013
        M = self.at(place, sami=False) if place else None
        if kind == "region" and place:
            regions = [g for g, _, names in REGIONS.get(self.w.county_2024(place), []) if " " not in g
                       and not g.endswith("regionen") and g not in self.w.place_names
                       and place.name.replace(" ", "_") in names.split()]
            if regions:
                R = r.choice(regions)
                return self.t(f"{R}-ordførerne vil ha slutt på debatten om nye kommunesammenslåinger.",
                              f"{R}-ordførarane ber regjeringa om meir pengar til rassikring.")
            kind = "party_prefix"
        if kind == "party_prefix":
            return self.t("En Frp-ordfører ber nå partiet droppe kravet om å fjerne eiendomsskatten.",
                          "Ein Høgre-ordførar kallar resultatet av forhandlingane historisk.")
        x = self.stranger()
        if kind == "party_leader":
            x = w.official("party leader", r.choice(["Ap", "H", "Sp", "Frp", "SV", "KrF"]), day.year // 4)
        elif kind == "state" and place:
            x = w.official("state", place.county, day.year // 6)
        elif kind == "group_leader" and place:
            party = r.choice(list(PARTY_NAMES))
            x = w.official("group leader", place.key, party, day.year // 4)
        elif kind == "minister":
            kind = r.choice(["kommunalminister", "statsminister"]) if self.nb else "kommunalminister"
            x = w.official(kind, government)
        self.introduce(x)
        if kind == "candidate" and place and day.year in (2015, 2019, 2023) and 3 <= day.month <= 9:
            party = r.choice(["H", "Ap", "Sp", "Frp"])
            if self.nb:
                gen = {"H": "Høyres", "Ap": "Arbeiderpartiets", "Sp": "Senterpartiets", "Frp": "Frps"}[party]
                return (f"{gen} ordførerkandidat i {M}, {x.full}, lover gratis SFO for førsteklassingene. "
                        f"{self.pron(x)} vil bli ordfører etter åtte år med {r.choice(['Ap', 'H', 'Sp'])}-styre "
                        f"i kommunen.")
            return (f"{party} sin ordførarkandidat i {M}, {x.full}, lovar ny symjehall dersom partiet vinn valet. "
                    f"– Eg vil bli ordførar for å få fart på dei store prosjekta, seier {self.short(x)}.")
        if kind == "party_leader" and place:
            return self.t(f"Partileder {x.full} besøkte {M} {self.weekday()}.",
                          f"Partileiar {x.full} vitja {M} {self.weekday()}.")
        if kind == "state" and place:
            county = self.era.all_counties.get(place.county)
            if county and county.short in STATE_REGIONS and (day.year < 2019 or day.year >= 2021):
                C = county.short
                if day.year < 2019:
                    return self.t(f"Fylkesmann {x.full} i {C} har opphevet kommunens vedtak om et nytt hyttefelt.",
                                  f"Fylkesmann {x.full} i {C} har oppheva vedtaket til kommunen om eit nytt hyttefelt.")
                return self.t(f"Statsforvalteren i {C}, {x.full}, har gitt kommunen pålegg om å rette opp feil i "
                              f"barnevernet.",
                              f"Statsforvaltaren i {C}, {x.full}, har gitt kommunen pålegg om å rette opp feil i "
                              f"barnevernet.")
        if kind == "group_leader" and place and not self.nb and r.random() < 0.4:
            county = self.era.all_counties.get(place.county)
            if county:
                party = r.choice(["Senterpartiet", "Høgre", "Arbeidarpartiet"])
                return f"Leiar i {party} i {county.short}, {x.full}, meiner det er eit svik mot distrikta å leggje ned tingretten."
        if kind == "group_leader" and place:
            return self.t(f"Gruppeleder for {PARTY_NAMES[party]} i kommunestyret, {x.full}, er uenig i forslaget.",
                          f"Gruppeleiar for {PARTY_NAMES_NN[party]} i kommunestyret, {x.full}, er usamd i framlegget.")
        if kind == "brother" and place:
            return self.t(f"Ordførerens bror, {x.full}, har fått tillatelse til å bygge hytte i kommunen.",
                          f"Ordføraren sin bror, {x.full}, har fått løyve til å byggje naust i kommunen.")
        if kind not in ("kommunalminister", "statsminister"):  # what was drawn does not fit: a minister
            kind = "kommunalminister"
            self.people.remove(x)
            x = w.official(kind, government)
            self.introduce(x)
        if kind == "statsminister":
            return f"Statsminister {x.full} sier målet er færre og sterkere kommuner."
        return self.t(f"Kommunalminister {x.full} la {self.weekday()} fram forslaget til nytt inntektssystem for "
                      f"kommunene.",
                      f"Kommunal- og distriktsminister {x.full} la {self.weekday()} fram framlegget til nytt "
                      f"inntektssystem.")

    # ---- fillers and assembly

    def filler(self, place: Place | None, pool) -> str:
        text = self.pick(pool)
        self.templates.append(text)
        extra = {}
        if place is not None:
            extra = {"M": self.at(place, sami=False), "MK": self.kommune(place)}
        return self.fill(text, **extra)

    def finish(self, target: int, place: Place | None = None, pool=None, **extra) -> None:
        """Add filler sentences (after the first block) until the article has ``target`` sentences."""
        if pool is None:
            pool = FILLERS + (PLACE_FILLERS if place is not None else [])
        have = sum(len(b) for b in self.blocks)
        used = set(self.templates)
        for _ in range(40):
            if have >= target:
                break
            text = self.pick(pool)
            if text in used:
                continue
            used.add(text)
            values = dict(extra)
            if place is not None:
                values.update(M=self.at(place, sami=False), MK=self.kommune(place))
            sentence = self.cap(self.fill(text, **values))
            self.blocks.insert(self.r.randint(1 if self.blocks else 0, len(self.blocks)), [sentence])
            have += 1

    def text(self) -> str:
        paragraphs: list[list[str]] = []
        for block in self.blocks:
            for sentence in block:
                if not paragraphs or sentence.startswith("–") or paragraphs[-1][-1].startswith("–") \
                        or len(paragraphs[-1]) >= 3 or (len(paragraphs[-1]) >= 2 and self.r.random() < 0.4):
                    paragraphs.append([sentence])
                else:
                    paragraphs[-1].append(sentence)
        return "\n\n".join(" ".join(p) for p in paragraphs)


# --------------------------------------------------------------------------------------------------
# Article kinds: each returns an Article, or None when the draw does not fit (the caller draws again)


def _random_day(rng: random.Random) -> date:
    return START + timedelta(days=rng.randrange((END - START).days + 1))


LOCAL_POSTS = [("mayor", 45), ("deputy_mayor", 11), ("chief_executive", 26), ("other", 8), ("governing", 5),
               ("noname", 3), ("former", 4)]


def office_article(w: World, r: random.Random, lang: str) -> Article | None:
    """Local news about one municipality: its mayor, deputy, chief executive, other officials."""
    a = Article(w, r, lang, _random_day(r))
    M = r.choice(a.era.municipalities)
    a.home = M
    context = r.random() < 0.35
    if context:  # the municipality is named first; titles may then come without it ("Ordfører X")
        a.add(a.cap(a.filler(M, PLACE_FILLERS)))
    wanted = 1 + (r.random() < 0.5) + (r.random() < 0.2)
    done: set[str] = set()
    for _ in range(8):
        if len(done) >= wanted:
            break
        kind = r.choices([k for k, _ in LOCAL_POSTS], [x for _, x in LOCAL_POSTS])[0]
        in_context = context or bool(a.blocks)
        if kind == "noname":
            if "mayor" not in done:
                a.add(*a.office(M, "mayor", None))
                done.add("mayor")
            continue
        if kind == "former":
            post = r.choice(["mayor", "chief_executive"])
            current = w.holder(M.key, post, a.day)
            tenures = [t for t in w.timeline(M.key, post) if t.end < a.day and t.status == "current"
                       and (current is None or t.person is not current.person)]
            person = r.choice(tenures[-2:]).person if tenures else None
            if person and "former:" + post not in done and not a.clashes(person):
                a.add(*a.office(M, post, person, "former", context=in_context))
                done.add("former:" + post)
            continue
        post = {"other": "other:" + r.choice(OTHER_TITLES)[0], "governing": "governing_mayor"}.get(kind, kind)
        if kind == "governing":
            if M.name not in ("Oslo", "Bergen"):
                continue
            if r.random() < 0.4:
                post = "other:finansbyråd"
        tenure = w.holder(M.key, post, a.day)
        if post in done or tenure is None or a.clashes(tenure.person):
            continue
        sentences = a.office(M, post, tenure.person, tenure.status, context=in_context)
        if r.random() < 0.55 and not sentences[-1].startswith("–"):
            sentences.append(a.quote_block(tenure.person, post))
        if r.random() < 0.2 and tenure.status == "current" and post in ANAPHORS:
            sentences.append(a.anaphor(M, post))
        a.add(*sentences)
        done.add(post)
        if post == "mayor" and tenure.status == "current":
            if r.random() < 0.12:
                a.add(a.distractor(M, ["brother"]))
            elif r.random() < 0.15:  # a later reference by title and place: the same person, no new fact
                a.add(a.t(f"På regionmøtet var ordføreren fra {a.at(M, False)} den eneste som tok ordet to ganger.",
                          f"På regionmøtet var ordføraren frå {a.at(M, False)} den einaste som tok ordet to gonger."))
    if not a.facts:
        return None
    if r.random() < 0.12:
        a.add(a.distractor(M, ["candidate", "party_leader", "state", "group_leader", "minister"]))
    a.title = f"{M.name}: {a.title}" if a.title else M.name
    a.finish(r.randint(3, 10), M)
    return a


def county_article(w: World, r: random.Random, lang: str) -> Article | None:
    a = Article(w, r, lang, _random_day(r))
    C = r.choice(a.era.counties)
    a.home = C
    context = r.random() < 0.3
    if context:
        n = r.choice([80, 120, 200, 300])
        a.add(a.t(f"{C.short} fylkeskommune mangler {n} millioner kroner i budsjettet for neste år.",
                  f"{C.short} fylkeskommune manglar {n} millionar kroner i budsjettet for neste år."))
    posts = ["county_mayor", "county_chief_executive"]
    r.shuffle(posts)
    for post in posts[: 1 + (r.random() < 0.35)]:
        tenure = w.holder(C.key, post, a.day)
        if tenure is None:
            continue
        sentences = a.office(C, post, tenure.person, tenure.status, context=context or bool(a.blocks))
        if r.random() < 0.5 and not sentences[-1].startswith("–"):
            sentences.append(a.quote_block(tenure.person, post))
        a.add(*sentences)
    if not a.facts:
        return None
    if r.random() < 0.2:
        places = a.era.by_county.get(C.number)
        if places:
            a.add(a.distractor(r.choice(places), ["state", "minister"]))
    a.title = f"{C.short}: {a.title}" if a.title else C.short
    a.finish(r.randint(3, 9), None, COUNTY_FILLERS + FILLERS[:8])
    return a


def _membership_statement(a: Article, net: Network, members: list[Place]) -> None:
    """One sentence naming members of ``net``: all of them, or some ("er med i", "blant andre")."""
    r, N = a.r, net.name
    names = [p.short for p in members]
    if net.kind == "county":
        k = NUMBER_WORDS.get(len(members), str(len(members)))
        a.add(a.t(f"{N} er et samarbeid mellom de {k} fylkeskommunene {_list(names)}.",
                  f"{N} er eit samarbeid mellom dei {k} fylkeskommunane {_list(names)}."),
              facts=[a.mo(p, N) for p in members])
        return
    styles = ["består", "samarbeider", "er_med", "er_med", "utgjør", "paren", "blant", "representanter", "mellom"]
    if net.kind == "council":
        styles += ["colon", "ordførerne"] if net.region else ["ordførerne"]
    style = r.choice(styles)
    if style in ("er_med", "blant", "mellom"):
        k = {"er_med": r.randint(1, min(3, len(members))), "blant": r.randint(2, min(3, len(members))),
             "mellom": 2}[style]
        chosen = sorted(r.sample(members, k), key=lambda p: p.number)
        listed = _list([p.name for p in chosen])
        if style == "er_med":
            text = f"{listed} er medlem i {N}." if k == 1 and r.random() < 0.4 else f"{listed} er med i {N}."
        elif style == "blant":
            text = a.t(f"Medlemskommunene i {N} er blant andre {listed}.",
                       f"Medlemskommunane i {N} er mellom andre {listed}.")
        else:
            text = a.t(f"Samarbeidet mellom {listed} i {N} skal evalueres.",
                       f"Samarbeidet mellom {listed} i {N} skal evaluerast.")
        a.add(text, facts=[a.mo(p, N) for p in chosen])
        return
    facts = [a.mo(p, N) for p in members]
    if style == "ordførerne":  # members, and each member has a mayor
        facts += [a.hp(None, "mayor", p) for p in members]
    if style == "utgjør" and not a.nb and len(members) >= 3 and r.random() < 0.5:
        text = f"{_list(names[:-1])} utgjer saman med {names[-1]} {N}."
    else:
        template = MEMBERSHIP_SENTENCES[style]
        template = a.t(*template) if isinstance(template, tuple) else template
        goal = a.pick(GOALS) if "{goal}" in template else ""
        text = template.format(N=N, listed=_list(names), region=net.region, goal=goal)
    a.add(text, facts=facts)


def network_article(w: World, r: random.Random, lang: str) -> Article | None:
    """A report from a network's meeting, with its members, maybe its leader."""
    net = r.choice(r.choices([w.councils, w.iks, w.national], [6, 2.5, 1.5])[0])
    day0 = _random_day(r)
    meeting = w.meeting(net.name, day0.year, day0.month)
    after = r.randint(1, 3)
    day = meeting + timedelta(days=after)
    if not START <= day <= END:
        return None
    a = Article(w, r, lang, day)
    members = w.members_on(net, day)
    if len(members) < 2:
        return None
    N = net.name
    Head = a.cap(net.head)
    a.title = f"{N}: {a.pick(NETWORK_HEADLINES)}"
    when = "i går" if after == 1 else WEEKDAYS[lang][meeting.weekday()]
    town = r.choice(members)
    at = f" i {town.name}" if town.kind == "municipality" else ""
    if r.random() < 0.5:
        a.add(a.t(f"{N} møttes{at} {when}.", f"{N} hadde møte{at} {when}."))
        _membership_statement(a, net, members)
    else:
        _membership_statement(a, net, members)
        if r.random() < 0.6:
            a.add(a.t(f"{Head} møttes{at} {when}.", f"{Head} hadde møte{at} {when}."))
    if net.kind == "council" and r.random() < 0.45:
        _leader(a, net, members)
    elif net.kind != "county" and r.random() < 0.35:
        p = r.choice(members)
        tenure = w.holder(p.key, "mayor", day)
        if tenure and not a.clashes(tenure.person):
            a.add(*a.office(p, "mayor", tenure.person))
    if net.kind == "council" and r.random() < 0.15:
        outside = [p for p in a.era.by_county.get(members[0].county, [])
                   if p.key not in w.ever_members(net, w.era_index(day))]
        if outside:
            a.add(f"{r.choice(outside).name} vurderer å melde seg inn.")
    a.home = members[0]
    pool = IKS_FILLERS if net.kind == "iks" else NETWORK_FILLERS
    a.finish(r.randint(3, 9), None, pool + FILLERS[:6], Head=Head)
    return a


def _leader(a: Article, net: Network, members: list[Place]) -> None:
    """The council's leader, a member's mayor: mayor, 'other:leder', and the membership."""
    r, w, N = a.r, a.w, net.name
    term = next(i for i, (s, e) in enumerate(TERMS) if s <= a.day <= e)
    candidates = [p for p in members if p.kind == "municipality"]
    if not candidates:
        return
    Y = candidates[_hash(w.seed, N, term) % len(candidates)]
    tenure = w.holder(Y.key, "mayor", a.day)
    if tenure is None or a.clashes(tenure.person):
        return
    P = tenure.person
    a.introduce(P)
    ps = a.ps(P)
    vp, _ = a.vp("mayor")
    options = [a.t(f"{P.full}{ps}, ordfører i {a.at(Y, False)}, er leder i {N}.",
                   f"{P.full}{ps}, ordførar i {a.at(Y, False)}, er leiar i {N}.")]
    if a.simple(Y):
        options += [a.t(f"Lederen for {N}, {Y.name}-ordføreren {P.full}{ps}, {vp}.",
                        f"Leiaren for {N}, {Y.name}-ordføraren {P.full}{ps}, {vp}."),
                    a.t(f"{Y.name}-ordføreren {P.full}{ps} er ny leder i {N}.",
                        f"{Y.name}-ordføraren {P.full}{ps} er vald til leiar i {N}.")]
    a.add(r.choice(options),
          facts=[a.hp(P, "mayor", Y), a.hp(P, "other:" + a.t("leder", "leiar"), N), a.mo(Y, N)])


def member_event_article(w: World, r: random.Random, lang: str) -> Article | None:
    """A municipality joins or leaves a network."""
    kind, when, net, member = r.choice(w.member_events)
    N = net.name
    if kind == "join":
        new_year = (when.month, when.day) == (1, 1)  # on 1 January, not at a meeting
        variant = r.choice(["incoming", "count", "last_week", "joined"] + ([] if new_year else ["yesterday", "meeting"]))
        offset = {"incoming": -r.randint(10, 80), "yesterday": 1, "meeting": r.randint(2, 6),
                  "count": r.randint(1, 8), "last_week": r.randint(7, 12), "joined": r.randint(10, 120)}[variant]
    else:
        variant = r.choice(["yesterday", "later", "later"])
        offset = 1 if variant == "yesterday" else r.randint(10, 200)
    day = when + timedelta(days=offset)
    if not START <= day <= END:
        return None
    a = Article(w, r, lang, day)
    index = w.era_index(day)
    places = w.lineage(member.unit, index, net.same_name)
    if len(places) != 1:
        return None
    Y = places[0]
    others = [p for p in w.members_on(net, day) if p is not Y]
    if len(others) < 2:
        return None
    a.home = Y
    head = net.head
    a.title = a.t(f"Endringer i {N}", f"Endringar i {N}")
    fact_others = [a.mo(p, N) for p in others]
    listed = _list([p.name for p in others])
    if kind == "join" and variant == "incoming":
        phrase = f"{_day_month(when)} {when.year}"
        a.add(a.t(f"{Y.name} blir medlem i {N} fra {phrase}.", f"{Y.name} blir medlem i {N} frå {phrase}."),
              facts=[a.mo(Y, N, when, "incoming")])
        a.add(a.t("Kommunestyret vedtok innmeldingen i høst.", "Kommunestyret vedtok innmeldinga i haust."))
        tenure = w.holder(Y.key, "mayor", day)
        if tenure and r.random() < 0.6:
            a.introduce(tenure.person)
            a.add(a.t(f"– Vi hører naturlig hjemme i regionen, sier ordfører {tenure.person.full}.",
                      f"– Vi høyrer naturleg til i regionen, seier ordførar {tenure.person.full}."),
                  facts=[a.hp(tenure.person, "mayor", Y)])
    elif kind == "join" and variant == "yesterday":
        a.add(a.t(f"{Y.name} ble i går tatt opp som medlem i {N}.", f"{Y.name} vart i går teken opp som medlem i {N}."),
              facts=[a.mo(Y, N, when)])
        a.add(a.t(f"Fra før er {listed} med i {head}.", f"Frå før er {listed} med i {head}."), facts=fact_others)
    elif kind == "join" and variant == "meeting":
        if when.year != day.year:
            return None
        a.add(a.t(f"{Y.name} er nå medlem i {N}.", f"{Y.name} er no medlem i {N}."))
        a.add(a.t(f"Søknaden ble godkjent da {head} møttes {_day_month(when)}.",
                  f"Søknaden vart godkjend då {head} hadde møte {_day_month(when)}."), facts=[a.mo(Y, N, when)])
        a.add(f"{a.cap(head)} har bestått av {listed}.", facts=fact_others)
    elif kind == "join" and variant == "count":
        before = w.members_on(net, when - DAY)
        if w.era_index(when - DAY) != index or len(before) != len(others) or Y in before or len(before) >= 16:
            return None
        k0, k1 = NUMBER_WORDS[len(before)], NUMBER_WORDS[len(before) + 1]
        if a.nb:
            a.add(f"{N} er utvidet fra {k0} til {k1} kommuner.")
            a.add(f"{Y.name} ble medlem fra {_day_month(when)}." if new_year else
                  f"{Y.name} ble tatt opp som medlem på representantskapets møte {when:%d.%m.%Y}.",
                  facts=[a.mo(Y, N, when)])
            a.add(f"Fra før består {head} av {listed}.", facts=fact_others)
        else:
            if when.year != day.year:
                return None
            a.add(f"{N} er auka frå {k0} til {k1} kommunar etter at {Y.name} vart med frå {_day_month(when)}.",
                  facts=[a.mo(Y, N, when)])
            a.add(f"Frå før er {listed} med i {head}.", facts=fact_others)
    elif kind == "join" and variant == "last_week":
        a.add(a.t(f"{Y.name} ble forrige uke med i {N}.", f"{Y.name} vart førre veke med i {N}."), facts=[a.mo(Y, N)])
        a.add(a.t(f"Fra før er {listed} med.", f"Frå før er {listed} med."), facts=fact_others)
    elif kind == "join":
        a.add(f"{listed} samarbeider i {N}.", facts=fact_others)
        a.add(a.t(f"Nå har også {Y.name} sluttet seg til samarbeidet.",
                  f"No har også {Y.name} slutta seg til samarbeidet."), facts=[a.mo(Y, N)])
    else:
        if variant == "yesterday":
            a.add(a.t(f"{Y.name} meldte seg i går ut av {N}.", f"{Y.name} melde seg i går ut av {N}."),
                  facts=[a.mo(Y, N, status="former")])
            a.add(a.t("Kommunestyret mener samarbeidet har blitt for dyrt.",
                      "Kommunestyret meiner samarbeidet har vorte for dyrt."))
        else:
            a.add(a.t(f"{Y.name} er ikke lenger medlem i {N}.", f"{Y.name} er ikkje lenger medlem i {N}."),
                  facts=[a.mo(Y, N, status="former")])
            a.add(a.t(f"Utmeldingen gjaldt fra {_day_month(when)}.", f"Utmeldinga gjaldt frå {_day_month(when)}."))
        tail = ""
        never = [p for p in a.era.by_county.get(Y.county, []) if p.key not in w.ever_members(net, index)]
        if never and r.random() < 0.35:
            z = r.choice(never)
            tail = a.t(f", mens {z.name} aldri har vært med", f", medan {z.name} aldri har vore med")
        a.add(a.t(f"{listed} fortsetter i {head}{tail}.", f"{listed} held fram i {head}{tail}."), facts=fact_others)
    pool = IKS_FILLERS if net.kind == "iks" else NETWORK_FILLERS[1:]
    a.finish(r.randint(3, 8), None, pool + FILLERS[:6], Head=a.cap(head))
    return a


def office_event_article(w: World, r: random.Random, lang: str) -> Article | None:
    """A change of office: an election result, a new or acting chief executive, a mayor on leave, a former holder."""
    variant = r.choices(["election", "ce_incoming", "acting_ce", "acting_mayor", "former"], [3, 3, 1.5, 1, 1.5])[0]
    if variant == "election":
        election, term = r.choice(ELECTIONS)
        term_start = TERMS[term][0]
        a = Article(w, r, lang, election + timedelta(days=r.randint(1, (term_start - election).days - 1)))
        for _ in range(10):
            M = r.choice(a.era.municipalities)
            now, then = w.holder(M.key, "mayor", a.day), w.holder(M.key, "mayor", term_start)
            if now and then and then.person is not now.person and then.start == term_start:
                break
        else:
            return None
        a.home = M
        sentences = a.office(M, "mayor", then.person, "incoming")
        if r.random() < 0.5:
            sentences.append(a.t("– Jeg gleder meg til å ta fatt, sier den påtroppende ordføreren.",
                                 "– Eg gler meg til å ta fatt, seier den påtroppande ordføraren."))
        a.add(*sentences)
        if r.random() < 0.5 and now.person.last != then.person.last:
            first = next(t.start for t in w.timeline(M.key, "mayor") if t.person is now.person)
            years = max(1, round((a.day - first).days / 365))
            years_text = NUMBER_WORDS.get(years, str(years))
            a.introduce(now.person)
            a.add(a.t(f"Dagens ordfører {now.person.full}{a.ps(now.person)} går av etter {years_text} år.",
                      f"Noverande ordførar {now.person.full}{a.ps(now.person)} går av etter {years_text} år."),
                  facts=[a.hp(now.person, "mayor", M)])
        a.title = f"{M.name}: " + a.t("Klar for ny jobb", "Klar for ny jobb")
    elif variant == "ce_incoming":
        key, tenure = r.choice(w.ce_starts)
        a = Article(w, r, lang, tenure.start - timedelta(days=r.randint(10, 150)))
        M = a.era.by_key.get(key)
        if M is None:
            return None
        a.home = M
        context = r.random() < 0.4
        if context:
            a.add(a.cap(a.filler(M, PLACE_FILLERS)))
        a.add(*a.office(M, "chief_executive", tenure.person, "incoming", context=context))
        now = w.holder(key, "chief_executive", a.day)
        if now and r.random() < 0.6 and now.person.last != tenure.person.last:
            a.introduce(now.person)
            title = w.ce_title(key, a.day)
            if now.status == "acting":
                month = MONTHS[now.start.month - 1]
                a.add(a.t(f"Fungerende {title} {now.person.full} har ledet administrasjonen siden {month}.",
                          f"Fungerande {title} {now.person.full} har leidd administrasjonen sidan {month}."),
                      facts=[a.hp(now.person, "chief_executive", M, "acting")])
            else:
                a.add(a.t(f"Dagens {title} {now.person.full} går av med pensjon.",
                          f"Noverande {title} {now.person.full} går av med pensjon."),
                      facts=[a.hp(now.person, "chief_executive", M)])
        a.title = f"{M.name}: " + a.t("Ny toppsjef på rådhuset", "Ny toppsjef på rådhuset")
    elif variant == "acting_ce":
        key, tenure = r.choice(w.acting_ce)
        lo, hi = max(tenure.start, START), min(tenure.end, END)
        a = Article(w, r, lang, lo + timedelta(days=r.randint(0, max(0, (hi - lo).days))))
        M = a.era.by_key.get(key)
        if M is None:
            return None
        a.home = M
        context = r.random() < 0.4
        if context:
            a.add(a.cap(a.filler(M, PLACE_FILLERS)))
        sentences = a.office(M, "chief_executive", tenure.person, "acting", context=context)
        if r.random() < 0.5:
            sentences.append(a.quote_block(tenure.person, "chief_executive"))
        a.add(*sentences)
        a.title = f"{M.name}: {a.title}"
    elif variant == "acting_mayor":
        key, lo, hi = r.choice(w.leaves)
        lo, hi = max(lo, START), min(hi, END)
        a = Article(w, r, lang, lo + timedelta(days=r.randint(0, max(0, (hi - lo).days))))
        M = a.era.by_key.get(key)
        deputy, mayor = w.holder(key, "deputy_mayor", a.day), w.holder(key, "mayor", a.day)
        if M is None or deputy is None or mayor is None or deputy.person.last == mayor.person.last:
            return None
        a.home = M
        if r.random() < 0.5:
            a.introduce(deputy.person)
            a.introduce(mayor.person)
            a.add(a.t(f"Varaordfører {deputy.person.full}{a.ps(deputy.person)} er fungerende ordfører i "
                      f"{a.at(M, False)} mens ordfører {mayor.person.full} har permisjon.",
                      f"Varaordførar {deputy.person.full}{a.ps(deputy.person)} er fungerande ordførar i "
                      f"{a.at(M, False)} medan ordførar {mayor.person.full} har permisjon."),
                  facts=[a.hp(deputy.person, "deputy_mayor", M), a.hp(deputy.person, "mayor", M, "acting"),
                         a.hp(mayor.person, "mayor", M)])
        elif r.random() < 0.5 and (ce := w.holder(key, "chief_executive", a.day)) and \
                ce.person.last != deputy.person.last:
            a.introduce(deputy.person)
            a.introduce(ce.person)
            title = w.ce_title(key, a.day)
            ce_adj = (a.t("fungerende ", "fungerande ") if r.random() < 0.5 else "konstituert ") \
                if ce.status == "acting" else ""
            a.add(a.t(f"Fungerende ordfører i {a.at(M)}, {deputy.person.full}{a.ps(deputy.person)}, og {ce_adj}{title} "
                      f"{ce.person.full} la {a.weekday()} fram den nye næringsplanen.",
                      f"Fungerande ordførar i {a.at(M)}, {deputy.person.full}{a.ps(deputy.person)}, og {ce_adj}{title} "
                      f"{ce.person.full} la {a.weekday()} fram den nye næringsplanen."),
                  facts=[a.hp(deputy.person, "mayor", M, "acting"), a.hp(ce.person, "chief_executive", M, ce.status)])
            a.add(a.quote_block(deputy.person, "mayor"))
        else:
            sentences = a.office(M, "mayor", deputy.person, "acting")
            sentences.append(a.quote_block(deputy.person, "mayor"))
            a.add(*sentences)
        a.title = f"{M.name}: " + a.t("Permisjon fra ordførervervet", "Permisjon frå ordførarvervet")
    else:
        a = Article(w, r, lang, _random_day(r))
        M = r.choice(a.era.municipalities)
        post = r.choice(["mayor", "mayor", "chief_executive"])
        current = w.holder(M.key, post, a.day)
        tenures = [t for t in w.timeline(M.key, post) if t.end < a.day and t.status == "current"
                   and (current is None or t.person is not current.person)]
        if not tenures:
            return None
        a.home = M
        context = r.random() < 0.3
        if context:
            a.add(a.cap(a.filler(M, PLACE_FILLERS)))
        person = tenures[-1].person
        sentences = a.office(M, post, person, "former", context=context)
        if r.random() < 0.5:
            sentences.append(a.quote_block(person, post))
        a.add(*sentences)
        if current and r.random() < 0.4 and current.person.last != person.last:
            a.add(*a.office(M, post, current.person, current.status))
        a.title = f"{M.name}: " + a.t("Ser tilbake", "Ser attende")
    a.finish(r.randint(3, 9), a.home)
    return a


def multi_article(w: World, r: random.Random, lang: str) -> Article | None:
    """Several municipalities at once: 'ordførerne i A, B og C', the big cities, two prefixed mayors."""
    a = Article(w, r, lang, _random_day(r))
    era = a.era
    variant = r.choice(["list", "list", "storby", "pair"])
    if variant == "storby":
        cities = [era.by_name[n] for n in ["Trondheim", "Stavanger", "Tromsø", "Kristiansand", "Drammen", "Bodø",
                                           "Fredrikstad"] if n in era.by_name]
        chosen = sorted(r.sample(cities, r.randint(2, 4)), key=cities.index)
        names = _list([c.name for c in chosen])
        oslo, bergen = era.by_name["Oslo"], era.by_name["Bergen"]
        a.add(a.t(f"Byrådslederne i Oslo og Bergen og ordførerne i {names} har sendt et felles brev til regjeringen.",
                  f"Byrådsleiarane i Oslo og Bergen og ordførarane i {names} har sendt eit felles brev til regjeringa."),
              facts=[a.hp(None, "governing_mayor", oslo), a.hp(None, "governing_mayor", bergen)]
              + [a.hp(None, "mayor", c) for c in chosen])
        a.add(a.t("De ber om at statens tilskudd til kollektivtrafikken i de store byene økes.",
                  "Dei ber om at staten aukar tilskotet til kollektivtrafikken i dei store byane."))
        a.home = oslo
        a.title = a.t("Storbyene krever mer penger", "Storbyane krev meir pengar")
        a.finish(r.randint(3, 6), None, FILLERS[:12])
        return a
    county = r.choice([c for c, ps in sorted(era.by_county.items()) if len(ps) >= 4])
    places = era.by_county[county]
    start = r.randrange(len(places) - 3)
    window = [p for p in places[start:start + 6] if p.name not in era.ambiguous]
    if variant == "list":
        if len(window) < 2:
            return None
        chosen = window[: r.randint(2, min(4, len(window)))]
        a.add(a.t(f"Ordførerne i {_list([p.name for p in chosen])} har sendt et felles brev til regjeringen.",
                  f"Ordførarane i {_list([p.name for p in chosen])} har sendt eit felles brev til regjeringa."),
              facts=[a.hp(None, "mayor", p) for p in chosen])
        a.add(a.t("De krever at rassikringen av fylkesveien prioriteres.",
                  "Dei krev at rassikringa av fylkesvegen blir prioritert."))
        if r.random() < 0.5:
            p = r.choice(chosen)
            tenure = w.holder(p.key, "mayor", a.day)
            if tenure:
                a.introduce(tenure.person)
                a.add(f"– {a.quote('mayor')}, {a.says()} {tenure.person.full}, {a.word('mayor', p)} i {p.name}.",
                      facts=[a.hp(tenure.person, "mayor", p)])
        a.home = chosen[0]
    else:
        simple = [p for p in window if a.simple(p)]
        if len(simple) < 2:
            return None
        p1, p2 = simple[:2]
        t1, t2 = w.holder(p1.key, "mayor", a.day), w.holder(p2.key, "mayor", a.day)
        if not t1 or not t2 or t1.person.last == t2.person.last:
            return None
        a.introduce(t1.person)
        a.introduce(t2.person)
        title = a.word("mayor", p1)
        first = f"{p1.name}{title}" if r.random() < 0.5 else f"{p1.name}-{title}"
        a.add(a.t(f"{first} {t1.person.full} og {p2.name}-{title} {t2.person.full} krever bedre mobildekning "
                  f"langs riksveien.",
                  f"{first} {t1.person.full} og {p2.name}-{title} {t2.person.full} krev betre mobildekning "
                  f"langs riksvegen."),
              facts=[a.hp(t1.person, "mayor", p1), a.hp(t2.person, "mayor", p2)])
        a.add(f"– {a.quote('mayor')}, {a.says()} {a.short(t1.person)}.")
        a.home = p1
    a.title = a.t("Felles krav til regjeringen", "Felles krav til regjeringa")
    a.finish(r.randint(3, 8), None, FILLERS)
    return a


def distractor_article(w: World, r: random.Random, lang: str) -> Article | None:
    """Candidates, party roles, ministers, state officials, regional or party groups: no facts, or one."""
    a = Article(w, r, lang, _random_day(r))
    M = r.choice(a.era.municipalities)
    a.home = M
    if r.random() < 0.25:  # national: no municipality named at all
        a.add(a.t("Når politikerne overlater stadig mer til administrasjonen, vokser rådmannens makt.",
                  "Når kommunane blir større, får rådmannen meir makt over budsjett og tilsetjingar, skriv "
                  "forskarane i ein ny rapport."))
        a.add(a.distractor(None, ["minister", "party_prefix"]))
        a.add(a.t("Ordførere over hele landet bør ta denne debatten nå.",
                  "Dei meiner at handlingsrommet til ordføraren har vorte mindre."))
        a.home = None
        a.title = a.t("Mer makt til administrasjonen", "Meir makt til administrasjonen")
        a.finish(r.randint(3, 7), None, FILLERS[:12])
        return a
    kinds = ["candidate", "candidate", "party_leader", "minister", "state", "state", "group_leader", "region",
             "party_prefix"]
    for kind in r.sample(sorted(set(kinds)), r.randint(1, 2)):
        a.add(a.distractor(M, [kind]))
    if r.random() < 0.5:
        tenure = w.holder(M.key, "mayor", a.day)
        if tenure and not a.clashes(tenure.person):
            a.add(*a.office(M, "mayor", tenure.person))
    a.title = f"{M.name}: " + a.t("Strid om eiendomsskatten", "Strid om eigedomsskatten")
    a.finish(r.randint(3, 8), M)
    return a


KINDS = [(office_article, 38), (county_article, 7), (network_article, 22), (member_event_article, 9),
         (office_event_article, 12), (multi_article, 6), (distractor_article, 6)]


# --------------------------------------------------------------------------------------------------
# Truth


def _dedupe(facts: list[dict]) -> list[dict]:
    """One fact per office holder and membership, as a careful reader lists them: a post mentioned
    without a name ("ordførarane frå A, B og C") gives way to the named holder of the same post."""
    named = {(f["post"], f["organization_id"] or f["organization"], f["status"]) for f in facts
             if f["type"] == "holds_post" and f["person"]}
    out: list[dict] = []
    seen: set = set()
    memberships: dict = {}
    for f in facts:
        if f["type"] == "holds_post":
            key = (f["post"], f["organization_id"] or f["organization"], f["status"])
            if f["person"] is None and key in named or (*key, f["person"]) in seen:
                continue
            seen.add((*key, f["person"]))
            out.append(f)
            continue
        key = (f["member_id"] or f["member"], f["network"].casefold())
        kept = memberships.get(key)
        if kept is None:
            memberships[key] = f
            out.append(f)
            continue
        if kept["valid_from"] is None and f["valid_from"]:
            kept["valid_from"] = f["valid_from"]
        if f.get("status") and not kept.get("status"):
            kept["status"] = f["status"]
    return out


# --------------------------------------------------------------------------------------------------
# Generation and the command line


PUBLISHER_STYLES = [("Avisa {X}", "Avisa {X}"), ("{X}-Posten", "{X}-Posten"), ("{X} Tidende", "{X} Tidend"),
                    ("Lokalavisen {X}", "Lokalavisa {X}"), ("{X} Budstikke", "{X}-Budet")]


def _publisher(place: Place | None, lang: str, seed: int) -> str:
    """Each place has its own (invented) local paper, in the article's written standard."""
    name = place.short if place else "Norge"
    nb, nn = PUBLISHER_STYLES[_hash(seed, name) % len(PUBLISHER_STYLES)]
    return (nb if lang == "nb" else nn).format(X=name)


_WORLDS: dict[int, World] = {}


def world(seed: int) -> World:
    """The world of ``seed`` (built once per process and seed)."""
    if seed not in _WORLDS:
        _WORLDS.clear()
        _WORLDS[seed] = World(seed)
    return _WORLDS[seed]


def generate(n: int, seed: int) -> Iterator[tuple[dict, list[dict]]]:
    """Yield ``n`` articles about the world of ``seed``, each with the facts it states, one at a time."""
    w = world(seed)
    rng = random.Random(seed)
    kinds, weights = [k for k, _ in KINDS], [x for _, x in KINDS]
    for i in range(n):
        lang = "nn" if rng.random() < 0.3 else "nb"
        article = None
        for attempt in range(30):
            kind = rng.choices(kinds, weights)[0] if attempt < 20 else office_article
            article = kind(w, rng, lang)
            if article is not None and article.blocks:
                break
        assert article is not None
        publisher = _publisher(article.home, lang, seed)
        title = article.title or article.t("Nytt fra kommunen", "Nytt frå kommunen")
        day = article.day
        record = {"id": f"syn{seed}-{i + 1:06d}", "text": article.text(), "title": title, "date": day.isoformat(),
                  "url": f"https://example.org/{_slug(publisher)}/{day:%Y/%m/%d}/{_slug(title)[:60]}-{i + 1}",
                  "publisher": publisher, "language": lang}
        yield record, _dedupe(article.facts)


def articles(n: int, seed: int) -> Iterator:
    """The same articles as :func:`generate`, as :class:`kg.sources.Article` records (without their facts)."""
    from kg.sources import Article

    for record, _ in generate(n, seed):
        yield Article(record["id"], record["text"], title=record["title"], date=date.fromisoformat(record["date"]),
                      url=record["url"], publisher=record["publisher"], language=record["language"])


def _dump(obj) -> str:
    return json.dumps(obj, ensure_ascii=False)


def write_corpus(n: int, seed: int, out=None, truth: str | Path | None = None,
                 eval_dir: str | Path | None = None) -> None:
    """Write ``n`` articles of the world of ``seed``: to ``out`` (a path, or an open text stream) as JSON
    Lines, their true facts to ``truth``, and a ``kg eval`` folder (articles/ID.txt, index.jsonl,
    gold.jsonl) to ``eval_dir``."""
    handles = []

    def open_(path) -> object:
        handle = open(path, "w", encoding="utf-8", newline="\n")
        handles.append(handle)
        return handle

    try:
        if out is not None and not hasattr(out, "write"):
            out = open_(out)
        truth = open_(truth) if truth else None
        folder = Path(eval_dir) if eval_dir else None
        if folder is not None:
            (folder / "articles").mkdir(parents=True, exist_ok=True)
            index, gold = open_(folder / "index.jsonl"), open_(folder / "gold.jsonl")
        for record, facts in generate(n, seed):
            if out is not None:
                out.write(_dump(record) + "\n")
            line = _dump({"id": record["id"], "facts": facts}) + "\n"
            if truth is not None:
                truth.write(line)
            if folder is not None:
                (folder / "articles" / f"{record['id']}.txt").write_text(record["text"] + "\n", encoding="utf-8")
                index.write(_dump({k: v for k, v in record.items() if k != "text"}) + "\n")
                gold.write(line)
    finally:
        for handle in handles:
            handle.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.corpus",
                                     description="Generate a seeded synthetic corpus of Norwegian local news "
                                                 "with its true facts.")
    parser.add_argument("--articles", type=int, default=1000, help="number of articles (default 1000)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the world and the articles (default 1)")
    parser.add_argument("--out", help="articles as JSON Lines ('-' = stdout; the default without --truth/--eval-dir)")
    parser.add_argument("--truth", help="true facts as JSON Lines {id, facts} (the gold.jsonl layout of kg eval)")
    parser.add_argument("--eval-dir", help="write a kg eval folder: articles/ID.txt, index.jsonl, gold.jsonl")
    args = parser.parse_args(argv)
    if args.articles < 0:
        parser.error("--articles must be 0 or more")
    out = args.out
    if args.out == "-" or (args.out is None and not args.truth and not args.eval_dir):
        out = sys.stdout
    write_corpus(args.articles, args.seed, out, args.truth, args.eval_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
