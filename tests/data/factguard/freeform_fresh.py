"""A second batch of free-form texts, written after the guard was last changed and measured once.

Same layout as :mod:`freeform`: (product key, language, text), ``[[…]]`` marks a
planted claim; entries without a mark are clean.
"""
from __future__ import annotations

FRESH: list[tuple[str, str, str]] = [
    ("bottle", "en", "<p>Hydration, upgraded. The Insulated Water Bottle from Peakflask is "
     "built from stainless steel and holds 750 ml, enough for a long morning hike. Choose "
     "black, white or sage green.</p><ul><li>BPA-free</li><li>5-year warranty</li></ul>"),
    ("bottle", "en", "<p>The Insulated Water Bottle is [[vacuum-sealed with copper lining]] and "
     "fits [[most car cup holders]]. It weighs just [[290 g]] empty.</p>"),
    ("beanie", "en", "The Merino Rib Beanie is knitted from soft merino wool that breathes "
     "on the trail and stays warm in town. Hypoallergenic and gentle on sensitive skin. In "
     "charcoal, navy or ivory, for $32.00."),
    ("beanie", "en", "Our Merino Rib Beanie is [[knitted in Scotland]] and available in "
     "[[forest green]]. [[One size fits all]]."),
    ("board", "en", "Serve cheese, bread and charcuterie on the Oak Serving Board. Cut from FSC "
     "certified oak in Denmark, it measures 45 x 20 cm and is finished by hand."),
    ("board", "en", "The Oak Serving Board is [[finished with food-safe beeswax]] and comes "
     "with a [[10-year warranty]]."),
    ("sneaker", "de", "Der Cork Court Sneaker verbindet Kork und veganes Leder zu einem "
     "leichten Alltagsschuh. B Corp zertifiziert und in Portugal gefertigt, in den Größen 38 "
     "bis 42."),
    ("sneaker", "de", "Der Cork Court Sneaker hat eine [[Sohle aus Naturkautschuk]] und ist "
     "[[in Weiß und Navy]] erhältlich."),
    ("kettle", "de", "Der Gooseneck Kettle aus Edelstahl fasst einen Liter und arbeitet mit "
     "1200 Watt. CE-gekennzeichnet und mit zwei Jahren Garantie."),
    ("kettle", "de", "Der Wasserkocher hat eine [[Warmhaltefunktion für 60 Minuten]] und "
     "kostet nur [[59,00 $]]."),
    ("candle", "de", "Die Fig & Cedar Kerze wird in Großbritannien von Hand gegossen, aus "
     "reinem Sojawachs, vegan, mit rund 45 Stunden Brenndauer."),
    ("candle", "de", "Die Fig & Cedar Kerze mit [[Holzdocht]] wiegt [[300 g]]."),
    ("rug", "es", "La alfombra Woven Jute Rug está tejida a mano en la India con yute natural. "
     "Disponible en 160 x 230 cm y 200 x 300 cm."),
    ("rug", "es", "Alfombra de yute [[con base antideslizante de látex]], [[fabricada en "
     "Marruecos]]."),
    ("mug", "es", "La Speckled Stoneware Mug es una taza de gres hecha a mano en el Reino "
     "Unido. Caben 350 ml y es apta para lavavajillas y microondas."),
    ("mug", "es", "Taza de gres con [[asa de bambú]], disponible en [[azul cobalto]]."),
    ("wallet", "es", "Cartera fina de cuero, hecha a mano en España, de 11 x 9 cm. En marrón "
     "o negro, con 5 años de garantía."),
    ("wallet", "es", "Cartera de [[cuero de vacuno curtido al vegetal]] con [[6 ranuras "
     "para tarjetas]]."),
    ("plates", "fr", "Les Porcelain Dinner Plates sont vendues par lot de 4 : assiettes en "
     "porcelaine blanche de 27 cm, fabriquées au Portugal, compatibles lave-vaisselle et "
     "micro-ondes."),
    ("plates", "fr", "Assiettes en porcelaine [[résistantes aux chocs]], [[garanties 5 ans]]."),
    ("scarf", "fr", "L'écharpe Cashmere Blend Scarf mêle cachemire et laine mérinos. Elle "
     "mesure 180 x 30 cm et est faite main en Italie. Coloris beige ou gris."),
    ("scarf", "fr", "Écharpe en [[cachemire de Mongolie]], [[teinte naturellement]], au prix "
     "de [[129,00 €]]."),
    ("tumblers", "fr", "Six verres striés de 300 ml, fabriqués en Turquie et compatibles "
     "lave-vaisselle. Un classique pour tous les jours."),
    ("tumblers", "fr", "Verres striés en [[cristal sans plomb]], vendus par [[lot de 8]]."),
]
