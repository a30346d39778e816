"""Absolute claims, certifications and countries in English, German, Spanish and French.

Same layout as :mod:`.vocab_materials`: concept → wordings per language
("*" for every language), alternatives separated by ``|``.
"""
from __future__ import annotations

from .vocab_materials import Table

ABSOLUTES: Table = {
    "organic": {"en": "organic|certified organic", "de": "bio|biologisch|ökologisch|biobaumwolle",
                "es": "orgánico|ecológico|bio", "fr": "bio|biologique"},
    "vegan": {"en": "vegan|plant-based", "de": "vegan|pflanzlich",
              "es": "vegano|apto para veganos", "fr": "vegan|végan|végane|végétalien"},
    "waterproof": {"en": "waterproof|water-proof|fully waterproof", "de": "wasserdicht",
                   "es": "impermeable|a prueba de agua|sumergible",
                   "fr": "imperméable|étanche"},
    "water_resistant": {"en": "water-resistant|water resistant|water-repellent|water repellent|"
                              "splash-proof|showerproof",
                        "de": "wasserabweisend|wasserfest|spritzwassergeschützt",
                        "es": "resistente al agua|repelente al agua|hidrófugo",
                        "fr": "déperlant|résistant à l'eau|hydrofuge"},
    "hypoallergenic": {"en": "hypoallergenic|hypo-allergenic", "de": "hypoallergen|"
                       "allergikerfreundlich", "es": "hipoalergénico|hipoalergénica",
                       "fr": "hypoallergénique"},
    "handmade": {"en": "handmade|hand-made|handcrafted|hand-crafted|made by hand|hand-sewn|"
                       "hand-knitted|hand-stitched|hand-thrown|hand-poured|hand-painted|"
                       "handwoven|hand-woven|hand-carved|hand-blown|mouth-blown|artisan-made",
                 "de": "handgemacht|handgefertigt|in handarbeit|handarbeit|von hand gefertigt|"
                       "handbemalt|handgewebt|handgestrickt|handgenäht|mundgeblasen|"
                       "handgegossen|von hand gegossen|handgetöpfert",
                 "es": "hecho a mano|hecha a mano|hechos a mano|hechas a mano|artesanal|"
                       "tejido a mano|tejida a mano|pintado a mano|pintada a mano|"
                       "elaborado a mano|soplado a boca|vertido a mano|vertida a mano",
                 "fr": "fait main|faite main|faits main|faites main|fait à la main|"
                       "faite à la main|artisanal|artisanale|artisanaux|tissé à la main|"
                       "tissée à la main|peint à la main|peinte à la main|soufflé à la bouche|"
                       "tricoté à la main|coulé à la main"},
    "recycled": {"en": "recycled|upcycled", "de": "recycelt|recycling|recyclingmaterial|"
                 "upcycling", "es": "reciclado|reciclada", "fr": "recyclé|recyclée"},
    "biodegradable": {"en": "biodegradable|compostable", "de": "biologisch abbaubar|"
                      "kompostierbar", "es": "biodegradable|compostable",
                      "fr": "biodégradable|compostable"},
    "cruelty_free": {"en": "cruelty-free|cruelty free|not tested on animals",
                     "de": "tierversuchsfrei|ohne tierversuche",
                     "es": "libre de crueldad|no testado en animales",
                     "fr": "non testé sur les animaux|cruelty-free|cruelty free"},
    "bpa_free": {"*": "bpa-free|bpa free|free of bpa|free from bpa|bpa-frei|bpa frei|"
                      "sin bpa|libre de bpa|sans bpa"},
    "gluten_free": {"*": "gluten-free|gluten free|glutenfrei|sin gluten|sans gluten"},
    "non_toxic": {"en": "non-toxic|nontoxic|non toxic", "de": "ungiftig|schadstofffrei",
                  "es": "no tóxico|atóxico", "fr": "non toxique|non-toxique"},
    "dishwasher_safe": {"en": "dishwasher safe|dishwasher-safe|dishwasher proof|"
                              "dishwasher-proof",
                        "de": "spülmaschinenfest|spülmaschinengeeignet|spülmaschinentauglich",
                        "es": "apto para lavavajillas|apta para lavavajillas|"
                              "aptos para lavavajillas|aptas para lavavajillas",
                        "fr": "passe au lave-vaisselle|compatible lave-vaisselle|"
                              "va au lave-vaisselle|lavable au lave-vaisselle"},
    "microwave_safe": {"en": "microwave safe|microwave-safe",
                       "de": "mikrowellengeeignet|mikrowellenfest",
                       "es": "apto para microondas|apta para microondas",
                       "fr": "compatible micro-ondes|passe au micro-ondes"},
    "machine_washable": {"en": "machine washable|machine-washable",
                         "de": "maschinenwaschbar|waschmaschinenfest|in der maschine waschbar",
                         "es": "lavable a máquina|lavable en lavadora",
                         "fr": "lavable en machine"},
}

CERTIFICATIONS: Table = {
    "oeko_tex": {"*": "oeko-tex|oeko tex|öko-tex|oekotex|standard 100 by oeko-tex"},
    "gots": {"*": "gots|global organic textile standard"},
    "fsc": {"*": "fsc|forest stewardship council"},
    "pefc": {"*": "pefc"},
    "bluesign": {"*": "bluesign"},
    "grs": {"*": "global recycled standard|grs-certified|grs-zertifiziert|grs certified"},
    "rws": {"*": "responsible wool standard|rws-certified|rws certified|rws-zertifiziert"},
    "rds": {"*": "responsible down standard|rds-certified|rds certified|rds-zertifiziert"},
    "fairtrade": {"en": "fairtrade|fair trade|fair-trade", "de": "fairtrade|fair trade|"
                  "fairer handel|fair gehandelt", "es": "fairtrade|comercio justo",
                  "fr": "fairtrade|commerce équitable|équitable"},
    "b_corp": {"*": "b corp|b corporation|b-corp"},
    "leaping_bunny": {"*": "leaping bunny"},
    "usda_organic": {"*": "usda organic|usda-certified organic"},
    "eu_organic": {"*": "eu organic|eu-bio|bio-siegel|eu-öko-verordnung"},
    "ecocert": {"*": "ecocert"},
    "cosmos": {"*": "cosmos organic|cosmos natural|cosmos-certified"},
    "demeter": {"*": "demeter"},
    "soil_association": {"*": "soil association"},
    "eu_ecolabel": {"*": "eu ecolabel|eu-ecolabel|eu-umweltzeichen"},
    "nordic_swan": {"*": "nordic swan|svanen"},
    "blauer_engel": {"*": "blauer engel|blue angel|ange bleu"},
    "gruener_knopf": {"*": "grüner knopf"},
    "energy_star": {"*": "energy star"},
    "ce": {"*": "ce-certified|ce certified|ce marked|ce-marked|ce mark|ce-kennzeichnung|"
                "ce-zertifiziert|marcado ce|certificado ce|marquage ce|certifié ce"},
    "ul": {"*": "ul listed|ul-listed|ul certified|ul-certified"},
    "fda": {"*": "fda approved|fda-approved|fda compliant|fda-compliant|fda-konform|lfgb"},
    "rohs": {"*": "rohs"},
    "iso": {"*": "iso 9001|iso 14001|iso-9001|iso-14001"},
    "tuev": {"*": "tüv|tuv-certified|tüv-geprüft|tüv-zertifiziert"},
    "gs": {"*": "gs-geprüft|gs mark|gs-zeichen"},
    "vegan_society": {"*": "vegan society|v-label"},
    "fair_wear": {"*": "fair wear|fair wear foundation"},
    "cradle_to_cradle": {"*": "cradle to cradle|cradle-to-cradle|c2c certified"},
}

# Facts naming the key support a claim of each value ("GOTS" → "organic").
IMPLIES: dict[str, tuple[str, ...]] = {
    "gots": ("organic",), "usda_organic": ("organic",), "eu_organic": ("organic",),
    "ecocert": ("organic",), "cosmos": ("organic",), "demeter": ("organic",),
    "soil_association": ("organic",), "leaping_bunny": ("cruelty_free",),
    "vegan_society": ("vegan", "cruelty_free"), "waterproof": ("water_resistant",),
    "grs": ("recycled",), "faux_leather": ("vegan",),
}

# concept: (country names, nationality adjectives) per language.
COUNTRIES: dict[str, dict[str, tuple[str, str]]] = {
    "italy": {"en": ("italy", "italian"), "de": ("italien", "italienisch"),
              "es": ("italia", "italiano"), "fr": ("italie", "italien")},
    "france": {"en": ("france", "french"), "de": ("frankreich", "französisch"),
               "es": ("francia", "francés|francesa"), "fr": ("france", "français")},
    "germany": {"en": ("germany", "german"), "de": ("deutschland", "deutsch"),
                "es": ("alemania", "alemán|alemana"), "fr": ("allemagne", "allemand")},
    "spain": {"en": ("spain", "spanish"), "de": ("spanien", "spanisch"),
              "es": ("españa", "español|española"), "fr": ("espagne", "espagnol")},
    "portugal": {"en": ("portugal", "portuguese"), "de": ("portugal", "portugiesisch"),
                 "es": ("portugal", "portugués|portuguesa"), "fr": ("portugal", "portugais")},
    "uk": {"en": ("the uk|uk|britain|great britain|the united kingdom|england|scotland|wales",
                  "british|english|scottish|welsh"),
           "de": ("großbritannien|england|schottland|dem vereinigten königreich",
                  "britisch|englisch|schottisch"),
           "es": ("reino unido|inglaterra|escocia", "británico|británica|inglés|escocés"),
           "fr": ("royaume-uni|angleterre|écosse", "britannique|anglais|écossais")},
    "usa": {"en": ("the usa|usa|the us|the united states|america", "american"),
            "de": ("den usa|usa|amerika", "amerikanisch"),
            "es": ("estados unidos|ee. uu.|eeuu", "estadounidense|americano"),
            "fr": ("états-unis|usa", "américain")},
    "china": {"en": ("china|the prc", "chinese"), "de": ("china", "chinesisch"),
              "es": ("china", "chino"), "fr": ("chine", "chinois")},
    "japan": {"en": ("japan", "japanese"), "de": ("japan", "japanisch"),
              "es": ("japón", "japonés|japonesa"), "fr": ("japon", "japonais")},
    "india": {"en": ("india", "indian"), "de": ("indien", "indisch"),
              "es": ("india", "indio"), "fr": ("inde", "indien")},
    "turkey": {"en": ("turkey|türkiye", "turkish"), "de": ("der türkei|türkei", "türkisch"),
               "es": ("turquía", "turco"), "fr": ("turquie", "turc|turque")},
    "vietnam": {"en": ("vietnam|viet nam", "vietnamese"), "de": ("vietnam", "vietnamesisch"),
                "es": ("vietnam", "vietnamita"), "fr": ("vietnam", "vietnamien")},
    "bangladesh": {"*": ("bangladesh|bangladesch", "bangladeshi")},
    "poland": {"en": ("poland", "polish"), "de": ("polen", "polnisch"),
               "es": ("polonia", "polaco"), "fr": ("pologne", "polonais")},
    "netherlands": {"en": ("the netherlands|netherlands|holland", "dutch"),
                    "de": ("den niederlanden|niederlande|holland", "niederländisch"),
                    "es": ("países bajos|holanda", "neerlandés|holandés"),
                    "fr": ("pays-bas|hollande", "néerlandais|hollandais")},
    "belgium": {"en": ("belgium", "belgian"), "de": ("belgien", "belgisch"),
                "es": ("bélgica", "belga"), "fr": ("belgique", "belge")},
    "switzerland": {"en": ("switzerland", "swiss"), "de": ("der schweiz|schweiz", "schweizer"),
                    "es": ("suiza", "suizo"), "fr": ("suisse", "suisse")},
    "austria": {"en": ("austria", "austrian"), "de": ("österreich", "österreichisch"),
                "es": ("austria", "austriaco"), "fr": ("autriche", "autrichien")},
    "sweden": {"en": ("sweden", "swedish"), "de": ("schweden", "schwedisch"),
               "es": ("suecia", "sueco"), "fr": ("suède", "suédois")},
    "denmark": {"en": ("denmark", "danish"), "de": ("dänemark", "dänisch"),
                "es": ("dinamarca", "danés|danesa"), "fr": ("danemark", "danois")},
    "norway": {"en": ("norway", "norwegian"), "de": ("norwegen", "norwegisch"),
               "es": ("noruega", "noruego"), "fr": ("norvège", "norvégien")},
    "finland": {"en": ("finland", "finnish"), "de": ("finnland", "finnisch"),
                "es": ("finlandia", "finlandés|finlandesa"), "fr": ("finlande", "finlandais")},
    "ireland": {"en": ("ireland", "irish"), "de": ("irland", "irisch"),
                "es": ("irlanda", "irlandés|irlandesa"), "fr": ("irlande", "irlandais")},
    "greece": {"en": ("greece", "greek"), "de": ("griechenland", "griechisch"),
               "es": ("grecia", "griego"), "fr": ("grèce", "grec|grecque")},
    "mexico": {"en": ("mexico", "mexican"), "de": ("mexiko", "mexikanisch"),
               "es": ("méxico", "mexicano"), "fr": ("mexique", "mexicain")},
    "peru": {"en": ("peru", "peruvian"), "de": ("peru", "peruanisch"),
             "es": ("perú", "peruano"), "fr": ("pérou", "péruvien")},
    "morocco": {"en": ("morocco", "moroccan"), "de": ("marokko", "marokkanisch"),
                "es": ("marruecos", "marroquí"), "fr": ("maroc", "marocain")},
    "indonesia": {"en": ("indonesia", "indonesian"), "de": ("indonesien", "indonesisch"),
                  "es": ("indonesia", "indonesio"), "fr": ("indonésie", "indonésien")},
    "nepal": {"*": ("nepal|népal", "nepalese|nepali|nepalesisch|nepalí|népalais")},
    "mongolia": {"en": ("mongolia", "mongolian"), "de": ("der mongolei|mongolei", "mongolisch"),
                 "es": ("mongolia", "mongol"), "fr": ("mongolie", "mongol")},
    "egypt": {"en": ("egypt", "egyptian"), "de": ("ägypten", "ägyptisch"),
              "es": ("egipto", "egipcio"), "fr": ("égypte", "égyptien")},
    "pakistan": {"en": ("pakistan", "pakistani"), "de": ("pakistan", "pakistanisch"),
                 "es": ("pakistán", "pakistaní"), "fr": ("pakistan", "pakistanais")},
    "sri_lanka": {"*": ("sri lanka", "sri lankan|sri-lankisch|esrilanqués|sri-lankais")},
    "thailand": {"en": ("thailand", "thai"), "de": ("thailand", "thailändisch"),
                 "es": ("tailandia", "tailandés|tailandesa"), "fr": ("thaïlande", "thaïlandais")},
    "cambodia": {"en": ("cambodia", "cambodian"), "de": ("kambodscha", "kambodschanisch"),
                 "es": ("camboya", "camboyano"), "fr": ("cambodge", "cambodgien")},
    "romania": {"en": ("romania", "romanian"), "de": ("rumänien", "rumänisch"),
                "es": ("rumania|rumanía", "rumano"), "fr": ("roumanie", "roumain")},
    "lithuania": {"en": ("lithuania", "lithuanian"), "de": ("litauen", "litauisch"),
                  "es": ("lituania", "lituano"), "fr": ("lituanie", "lituanien")},
    "canada": {"en": ("canada", "canadian"), "de": ("kanada", "kanadisch"),
               "es": ("canadá", "canadiense"), "fr": ("canada", "canadien")},
    "australia": {"en": ("australia", "australian"), "de": ("australien", "australisch"),
                  "es": ("australia", "australiano"), "fr": ("australie", "australien")},
    "new_zealand": {"en": ("new zealand", "new zealand"), "de": ("neuseeland", "neuseeländisch"),
                    "es": ("nueva zelanda", "neozelandés"),
                    "fr": ("nouvelle-zélande", "néo-zélandais")},
    "europe": {"en": ("europe|the eu|the european union", "european"),
               "de": ("europa|der eu|eu", "europäisch"), "es": ("europa|la ue", "europeo"),
               "fr": ("europe|l'ue|l'union européenne", "européen")},
}
EUROPEAN = ("italy", "france", "germany", "spain", "portugal", "uk", "poland", "netherlands",
            "belgium", "switzerland", "austria", "sweden", "denmark", "norway", "finland",
            "ireland", "greece", "romania", "lithuania")

# "made in", "hergestellt in", … — the phrase that makes a country an origin claim.
ORIGIN_BEFORE: dict[str, str] = {
    "en": r"(?:(?:designed and |lovingly |proudly |ethically |responsibly )?"
          r"(?:made|manufactured|produced|crafted|handmade|handcrafted|hand-made|sewn|woven|"
          r"knitted|knit|printed|assembled|built|blown|thrown|poured|roasted|brewed|grown|"
          r"cast|forged|tanned|milled|spun|finished|hand-painted|hand-finished)|"
          r"sourced|imported)\s+(?:by hand\s+)?(?:in|from)",
    "de": r"(?:made in|hergestellt in|gefertigt in|produziert in|handgefertigt in|genäht in|"
          r"gewebt in|gestrickt in|gedruckt in|montiert in|gebrannt in|"
          r"in handarbeit gefertigt in|stammt aus|kommt aus|aus)",
    "es": r"(?:made in|hech[oa]s? en|fabricad[oa]s? en|producid[oa]s? en|elaborad[oa]s? en|"
          r"tejid[oa]s? en|confeccionad[oa]s? en|hech[oa]s? a mano en|ensamblad[oa]s? en|"
          r"importad[oa]s? de|procedente de)",
    "fr": r"(?:made in|fabriqu[ée]e?s? (?:en|au|aux|à)|produite?s? (?:en|au|aux)|"
          r"confectionn[ée]e?s? (?:en|au|aux)|tiss[ée]e?s? (?:en|au|aux)|fait main (?:en|au)|"
          r"faite? (?:en|au|aux)|assembl[ée]e?s? (?:en|au|aux)|import[ée]e?s? d[eu']|"
          r"originaire d[eu'])",
}
# German puts the verb last: "in Italien hergestellt".
ORIGIN_AFTER: dict[str, str] = {
    "de": r"(?:hergestellt|gefertigt|produziert|genäht|gewebt|gestrickt|handgefertigt|"
          r"gebrannt|montiert)",
}
