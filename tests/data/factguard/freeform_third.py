"""A third batch of free-form texts, written after the last change to the guard, measured once.

Same layout as :mod:`freeform`: (product key, language, text), ``[[…]]`` marks a
planted claim; entries without a mark are clean.
"""
from __future__ import annotations

THIRD: list[tuple[str, str, str]] = [
    ("rain_jacket", "en", "<p>When the forecast turns, reach for the Coastline Rain Jacket. "
     "The waterproof nylon shell weighs only 340 g and packs into its own pocket.</p>"
     "<p>Available in red, navy and black, sizes S to XL, with a 2-year warranty.</p>"),
    ("rain_jacket", "en", "<p>The Coastline Rain Jacket uses a [[three-layer Gore-Tex]] "
     "membrane, has [[pit zips]] for airflow and is [[made in Canada]].</p>"),
    ("silk_pillow", "en", "Sleep on pure mulberry silk. The pillowcase measures 50 x 75 cm, is "
     "OEKO-TEX certified and hypoallergenic, and comes in ivory, pink or grey."),
    ("silk_pillow", "en", "This silk pillowcase has a [[hidden zip closure]], is "
     "[[machine washable at 30°C]] and comes [[gift-boxed]]."),
    ("earrings", "en", "Light brass hoops, 25 mm across, shaped by hand in France. Easy to "
     "wear every day."),
    ("earrings", "en", "These brass hoops are [[18k gold-plated]] and come in a "
     "[[set of 3 sizes]]."),
    ("hemp_tote", "de", "Die Market Tote aus Hanf ist vegan, fasst 18 Liter und wird in "
     "Indien gefertigt. Farbe: Beige."),
    ("hemp_tote", "de", "Die Tasche aus Hanf hat einen [[Reißverschluss]] und eine "
     "[[Innentasche aus Bio-Baumwolle]], belastbar bis [[15 kg]]."),
    ("lunchbox", "de", "Die Bento Lunch Box aus Edelstahl mit Silikondichtung fasst 1,2 Liter, "
     "ist BPA-frei und spülmaschinenfest. In Salbeigrün oder Rosa."),
    ("lunchbox", "de", "Die Brotdose ist [[auslaufsicher]] und hält Speisen bis zu "
     "[[4 Stunden]] warm."),
    ("vase", "de", "Die Ceramic Bud Vase ist 18 cm hoch, aus Keramik und in Handarbeit "
     "gefertigt. In Elfenbein oder Anthrazit."),
    ("vase", "de", "Die Vase aus Keramik ist [[wasserdicht glasiert]] und wird [[in "
     "Spanien]] von Hand bemalt."),
    ("backpack", "es", "La mochila Commuter Backpack tiene 20 litros de capacidad, está hecha "
     "de cuero vegano y lona, y resiste el agua. En negro o verde salvia, con 2 años de "
     "garantía."),
    ("backpack", "es", "Mochila con [[compartimento para portátil de 15 pulgadas]] y "
     "[[puerto USB]], fabricada en [[nailon reciclado]]."),
    ("coasters", "es", "Juego de 4 posavasos de mármol blanco con base de corcho, de 10 cm de "
     "diámetro, fabricados en la India."),
    ("coasters", "es", "Posavasos de mármol [[pulidos a mano en Italia]], [[resistentes al "
     "calor]]."),
    ("yoga_mat", "es", "Esterilla de yoga de corcho de 183 x 61 cm y 4 mm de grosor. Vegana y "
     "fabricada en Portugal, por 78,00 $."),
    ("yoga_mat", "es", "Esterilla de corcho [[con caucho natural]], [[de 5 mm]], [[con "
     "certificado FSC]]."),
    ("belt", "fr", "La ceinture Classic Belt en cuir, boucle en laiton, fait main en Italie. "
     "Largeur 35 mm, tailles 85 à 105, coloris marron ou noir."),
    ("belt", "fr", "Ceinture en [[cuir pleine fleur]] avec [[boucle en acier inoxydable]], "
     "[[garantie 10 ans]]."),
    ("skillet", "fr", "La poêle en fonte de 26 cm pèse environ 2,4 kg. Fabriquée aux "
     "États-Unis, elle est garantie à vie."),
    ("skillet", "fr", "Poêle en fonte [[émaillée]], [[compatible induction]], au prix de "
     "[[39,00 $]]."),
    ("pour_over", "fr", "La cafetière Pour-Over en verre borosilicate et bambou contient 600 ml "
     "et passe au lave-vaisselle. Fabriquée au Japon."),
    ("pour_over", "fr", "Cafetière en verre [[soufflé à la bouche]], [[filtre permanent en "
     "inox]] inclus."),
]
