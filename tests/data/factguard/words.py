"""How the labelled set's writer says each fact in English, German, Spanish and French.

Written separately from the fact guard's own word lists, as a copywriter
would phrase things, so the set measures the guard rather than mirroring it.
"""
from __future__ import annotations

MATERIALS = {
    "cotton": ("cotton", "Baumwolle", "algodón", "coton"),
    "organic cotton": ("organic cotton", "Bio-Baumwolle", "algodón orgánico", "coton bio"),
    "linen": ("linen", "Leinen", "lino", "lin"),
    "merino wool": ("merino wool", "Merinowolle", "lana merino", "laine mérinos"),
    "cashmere": ("cashmere", "Kaschmir", "cachemira", "cachemire"),
    "silk": ("silk", "Seide", "seda", "soie"),
    "polyester": ("polyester", "Polyester", "poliéster", "polyester"),
    "nylon": ("nylon", "Nylon", "nailon", "nylon"),
    "hemp": ("hemp", "Hanf", "cáñamo", "chanvre"),
    "leather": ("leather", "Leder", "cuero", "cuir"),
    "faux leather": ("vegan leather", "Kunstleder", "piel sintética", "similicuir"),
    "canvas": ("canvas", "Canvas", "lona", "toile de coton"),
    "stainless steel": ("stainless steel", "Edelstahl", "acero inoxidable", "acier inoxydable"),
    "cast iron": ("cast iron", "Gusseisen", "hierro fundido", "fonte"),
    "ceramic": ("ceramic", "Keramik", "cerámica", "céramique"),
    "stoneware": ("stoneware", "Steinzeug", "gres", "grès"),
    "porcelain": ("porcelain", "Porzellan", "porcelana", "porcelaine"),
    "glass": ("glass", "Glas", "vidrio", "verre"),
    "borosilicate glass": ("borosilicate glass", "Borosilikatglas", "vidrio de borosilicato",
                           "verre borosilicate"),
    "bamboo": ("bamboo", "Bambus", "bambú", "bambou"),
    "silicone": ("silicone", "Silikon", "silicona", "silicone"),
    "oak": ("solid oak", "Eichenholz", "madera de roble", "chêne massif"),
    "walnut": ("walnut", "Walnussholz", "nogal", "noyer"),
    "acacia wood": ("acacia wood", "Akazienholz", "madera de acacia", "bois d'acacia"),
    "jute": ("jute", "Jute", "yute", "jute"),
    "cork": ("cork", "Kork", "corcho", "liège"),
    "marble": ("marble", "Marmor", "mármol", "marbre"),
    "soy wax": ("soy wax", "Sojawachs", "cera de soja", "cire de soja"),
    "beeswax": ("beeswax", "Bienenwachs", "cera de abeja", "cire d'abeille"),
    "brass": ("brass", "Messing", "latón", "laiton"),
    "sterling silver": ("sterling silver", "Sterlingsilber", "plata de ley", "argent 925"),
    "aluminium": ("aluminium", "Aluminium", "aluminio", "aluminium"),
}
# Materials a writer could confuse with each other; a planted material comes from
# the same group but is not the product's.
MATERIAL_GROUPS = (
    ("cotton", "linen", "merino wool", "cashmere", "silk", "polyester", "nylon", "hemp"),
    ("leather", "faux leather", "canvas", "cotton", "nylon", "cork"),
    ("stainless steel", "cast iron", "aluminium", "glass", "ceramic", "bamboo", "silicone"),
    ("ceramic", "stoneware", "porcelain", "glass", "bamboo", "marble"),
    ("oak", "walnut", "acacia wood", "bamboo", "marble", "cork", "glass"),
    ("soy wax", "beeswax", "glass", "ceramic"),
    ("sterling silver", "brass", "stainless steel", "leather"),
)

COLOURS = {
    "black": ("black", "Schwarz", "negro", "noir"),
    "white": ("white", "Weiß", "blanco", "blanc"),
    "grey": ("grey", "Grau", "gris", "gris"),
    "navy": ("navy", "Marineblau", "azul marino", "bleu marine"),
    "red": ("red", "Rot", "rojo", "rouge"),
    "sage green": ("sage green", "Salbeigrün", "verde salvia", "vert sauge"),
    "pink": ("pink", "Rosa", "rosa", "rose"),
    "beige": ("beige", "Beige", "beige", "beige"),
    "brown": ("brown", "Braun", "marrón", "marron"),
    "yellow": ("mustard yellow", "Senfgelb", "amarillo mostaza", "jaune moutarde"),
    "charcoal": ("charcoal", "Anthrazit", "antracita", "anthracite"),
    "ivory": ("ivory", "Elfenbein", "marfil", "ivoire"),
    "purple": ("lavender", "Lila", "morado", "violet"),
    "orange": ("orange", "Orange", "naranja", "orange"),
}
COLOUR_FAMILY = {"black": "black", "white": "white", "ivory": "white", "grey": "grey",
                 "charcoal": "grey", "navy": "blue", "red": "red", "sage green": "green",
                 "pink": "pink", "beige": "beige", "brown": "brown", "yellow": "yellow",
                 "purple": "purple", "orange": "orange"}

ABSOLUTES = {
    "organic": ("organic", "biologisch", "orgánico", "biologique"),
    "vegan": ("vegan", "vegan", "vegano", "vegan"),
    "waterproof": ("waterproof", "wasserdicht", "impermeable", "imperméable"),
    "water-resistant": ("water-resistant", "wasserabweisend", "resistente al agua",
                        "déperlant"),
    "hypoallergenic": ("hypoallergenic", "hypoallergen", "hipoalergénico",
                       "hypoallergénique"),
    "handmade": ("handmade", "handgefertigt", "hecho a mano", "fait main"),
    "recycled": ("made from recycled materials", "recycelt", "reciclado", "recyclé"),
    "dishwasher-safe": ("dishwasher-safe", "spülmaschinenfest", "apto para lavavajillas",
                        "compatible lave-vaisselle"),
    "bpa-free": ("BPA-free", "BPA-frei", "sin BPA", "sans BPA"),
    "machine washable": ("machine washable", "maschinenwaschbar", "lavable en lavadora",
                         "lavable en machine"),
    "microwave-safe": ("microwave-safe", "mikrowellengeeignet", "apto para microondas",
                       "compatible micro-ondes"),
    "hand-poured": ("hand-poured", "von Hand gegossen", "vertido a mano", "coulé à la main"),
}
# Planting one of these on a product with the other would not be false.
ABSOLUTE_CONFLICTS = {"waterproof": {"water-resistant"}, "water-resistant": {"waterproof"},
                      "handmade": {"hand-poured"}, "hand-poured": {"handmade"}}

CERTIFICATIONS = ("OEKO-TEX", "GOTS", "FSC", "Fairtrade", "B Corp", "Leaping Bunny",
                  "bluesign", "EU Ecolabel")

# (name, "in …" phrase) per language
COUNTRIES = {
    "Portugal": ("in Portugal", "in Portugal", "en Portugal", "au Portugal"),
    "Italy": ("in Italy", "in Italien", "en Italia", "en Italie"),
    "Spain": ("in Spain", "in Spanien", "en España", "en Espagne"),
    "Germany": ("in Germany", "in Deutschland", "en Alemania", "en Allemagne"),
    "France": ("in France", "in Frankreich", "en Francia", "en France"),
    "Japan": ("in Japan", "in Japan", "en Japón", "au Japon"),
    "India": ("in India", "in Indien", "en la India", "en Inde"),
    "China": ("in China", "in China", "en China", "en Chine"),
    "Turkey": ("in Turkey", "in der Türkei", "en Turquía", "en Turquie"),
    "Vietnam": ("in Vietnam", "in Vietnam", "en Vietnam", "au Vietnam"),
    "Peru": ("in Peru", "in Peru", "en Perú", "au Pérou"),
    "Nepal": ("in Nepal", "in Nepal", "en Nepal", "au Népal"),
    "Denmark": ("in Denmark", "in Dänemark", "en Dinamarca", "au Danemark"),
    "Poland": ("in Poland", "in Polen", "en Polonia", "en Pologne"),
    "the UK": ("in the UK", "in Großbritannien", "en el Reino Unido", "au Royaume-Uni"),
    "the USA": ("in the USA", "in den USA", "en Estados Unidos", "aux États-Unis"),
}

LANGS = ("en", "de", "es", "fr")


def say(table: dict[str, tuple[str, ...]], key: str, language: str) -> str:
    return table[key][LANGS.index(language)]
