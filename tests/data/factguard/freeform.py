"""Free-form texts written one by one, the way a model writes copy — never tuned on.

Each entry is (product key, language, text). ``[[…]]`` marks a planted claim
the product's facts do not support; entries without a mark are clean. These
were written before the guard was measured on them and form their own split.
"""
from __future__ import annotations

FREEFORM: list[tuple[str, str, str]] = [
    # ---- English ---------------------------------------------------------------------------
    ("tee", "en", "<p>The Everyday Crew Tee is the shirt you will reach for first. Cut from "
     "100% organic cotton and GOTS certified, it stays soft wash after wash, and yes, it is "
     "machine washable.</p><ul><li>Colours: black, white, sage green</li><li>Sizes S to XL"
     "</li></ul><p>Sewn in Portugal.</p>"),
    ("tee", "en", "<p>Soft, breathable and [[pre-shrunk with a 5% elastane stretch]]. The "
     "Everyday Crew Tee comes in black, white and sage green.</p>"),
    ("bottle", "en", "Keep your water cold on the trail with the Insulated Water Bottle. The "
     "750 ml stainless steel body is BPA-free and backed by a five-year warranty. Choose "
     "black, sage green or white."),
    ("bottle", "en", "The Insulated Water Bottle keeps drinks ice-cold for [[24 hours]] and "
     "holds a generous [[1 litre]]. Stainless steel, BPA-free, and ready for every adventure."),
    ("mug", "en", "Our Speckled Stoneware Mug holds about 12 oz of your favourite brew. It is "
     "handmade in the UK, dishwasher-safe and microwave-safe, with a glaze in white or sage "
     "green."),
    ("mug", "en", "Each Speckled Stoneware Mug is [[hand-thrown by potters in Portugal]] and "
     "finished with a [[lead-free, food-safe]] glaze. Dishwasher-safe, of course."),
    ("skillet", "en", "Sear, bake and fry with the Cast Iron Skillet. At 26 cm across and "
     "about 5.3 lb, it heats evenly and lasts generations; we back it with a lifetime warranty."
     " Made in the USA."),
    ("skillet", "en", "The Cast Iron Skillet comes [[pre-seasoned with organic flaxseed oil]] "
     "and measures [[12 inches]] across. Made in the USA."),
    ("wallet", "en", "A slim leather wallet that fits the front pocket: 11 x 9 cm, handmade in "
     "Spain, in brown or black. It ages beautifully and carries a 5-year warranty."),
    ("wallet", "en", "Crafted from [[full-grain Italian leather]], the Slim Leather Wallet "
     "has [[RFID-blocking]] lining and room for [[8 cards]]."),
    ("candle", "en", "Fig & Cedar is hand-poured in the UK from 100% soy wax. The 200 g "
     "candle burns for around 45 hours and is completely vegan. Not tested on animals, and "
     "never will be."),
    ("candle", "en", "Fig & Cedar is a [[cotton-wick]] candle poured in small batches, with "
     "a burn time of up to [[60 hours]]. At £28.00, it is a gift that lasts."),
    ("rug", "en", "The Woven Jute Rug brings warmth underfoot. Handmade in India from 100% "
     "jute, it comes in 160 x 230 cm and 200 x 300 cm, from $189.00."),
    ("rug", "en", "Handwoven in India, the Woven Jute Rug is [[reversible]] and comes in a "
     "[[240 x 340 cm]] size for larger rooms."),
    ("kettle", "en", "Pour with precision: the Gooseneck Kettle heats 1 litre of water with "
     "1200 W of power. Stainless steel, CE marked, with a two-year warranty."),
    ("kettle", "en", "The Gooseneck Kettle boils in [[under three minutes]] and keeps water "
     "at temperature for [[30 minutes]]. In black or white, at [[$69.00]]."),
    # ---- German ----------------------------------------------------------------------------
    ("beanie", "de", "<p>Die Merino Rib Beanie hält warm, ohne zu kratzen. Gestrickt aus "
     "reiner Merinowolle, hypoallergen und in Anthrazit, Marineblau oder Elfenbein erhältlich."
     "</p><p>Gefertigt in Nepal.</p>"),
    ("beanie", "de", "<p>Die Merino Rib Beanie ist [[wasserabweisend]] und mit [[Kaschmir]] "
     "veredelt – ideal für kalte Tage.</p>"),
    ("backpack", "de", "Der Commuter Backpack fasst 20 Liter und ist aus veganem Kunstleder "
     "und Canvas gefertigt. Wasserabweisend, in Schwarz oder Salbeigrün, mit 2 Jahren "
     "Garantie."),
    ("backpack", "de", "Der Commuter Backpack hat ein [[gepolstertes 16-Zoll-Laptopfach]] und "
     "ist [[komplett wasserdicht]]. Gefertigt in Vietnam."),
    ("plates", "de", "Die Porcelain Dinner Plates kommen im 4er-Set. Jeder Teller misst "
     "27 cm, ist spülmaschinenfest und mikrowellengeeignet. Hergestellt in Portugal."),
    ("plates", "de", "Vier weiße Porzellanteller mit [[Goldrand]], [[in Deutschland "
     "hergestellt]] – spülmaschinenfest und zeitlos schön."),
    ("bowl", "de", "Die Acacia Salad Bowl aus Akazienholz misst 30 cm im Durchmesser und wird "
     "in Vietnam von Hand gefertigt. Kein Plastik, keine Beschichtung, nur Holz."),
    ("bowl", "de", "Die Salatschüssel aus Akazienholz ist [[lebensmittelecht geölt]] und "
     "fasst [[3 Liter]]."),
    ("scarf", "de", "Der Cashmere Blend Scarf aus Kaschmir und Merinowolle misst 180 x 30 cm. "
     "Handgefertigt in Italien, in Beige oder Grau, für 89,00 €."),
    ("scarf", "de", "Der Schal aus [[100 % Kaschmir]] wird in Italien handgefertigt und ist "
     "[[GOTS-zertifiziert]]."),
    ("side_table", "de", "Der Walnut Side Table (40 x 40 x 55 cm) aus massivem Walnussholz wiegt "
     "6,5 kg. FSC-zertifiziert, gefertigt in Polen, mit 10 Jahren Garantie."),
    ("side_table", "de", "Der Beistelltisch aus Walnussholz trägt bis zu [[50 kg]] und kommt "
     "[[vormontiert]]. Preis: [[199,00 €]]."),
    ("coasters", "de", "Vier Untersetzer aus weißem Marmor mit Korkrücken, je 10 cm im "
     "Durchmesser. Gefertigt in Indien."),
    ("coasters", "de", "Die Marble Coasters im [[6er-Set]] schützen jede Oberfläche."),
    ("earrings", "de", "Die Brass Hoop Earrings aus Messing haben 25 mm Durchmesser und werden "
     "in Frankreich von Hand gefertigt."),
    ("earrings", "de", "Die Creolen aus Messing sind [[vergoldet]] und [[nickelfrei]]."),
    # ---- Spanish ---------------------------------------------------------------------------
    ("linen_shirt", "es", "<p>La Washed Linen Shirt está confeccionada en 100 % lino con "
     "certificación OEKO-TEX. Se puede lavar a máquina y está disponible en blanco, azul "
     "marino y beige.</p><p>Hecha en Portugal.</p>"),
    ("linen_shirt", "es", "<p>Camisa de lino [[lavado a la piedra]], con [[botones de "
     "nácar]]. Disponible en blanco, azul marino y beige.</p>"),
    ("pour_over", "es", "La cafetera Pour-Over de vidrio de borosilicato y bambú prepara hasta "
     "600 ml de café. Apta para lavavajillas y fabricada en Japón."),
    ("pour_over", "es", "Cafetera de goteo con filtro [[de acero inoxidable reutilizable]] y "
     "capacidad para [[8 tazas]]."),
    ("socks", "es", "Calcetines de senderismo de lana merino y nailon, en pack de 3. Con "
     "certificación bluesign, fabricados en Estados Unidos y con garantía de por vida."),
    ("socks", "es", "Estos calcetines [[antiolor]] son de lana merino y vienen en un pack de "
     "[[5 pares]]."),
    ("rain_jacket", "es", "La Coastline Rain Jacket es impermeable, pesa 340 g y viene en rojo, "
     "azul marino y negro. Con 2 años de garantía."),
    ("rain_jacket", "es", "Chaqueta impermeable [[con capucha desmontable]], [[costuras "
     "termoselladas]] y columna de agua de [[20.000 mm]]."),
    ("silk_pillow", "es", "Funda de almohada de seda de morera, hipoalergénica, de 50 x 75 cm, "
     "en marfil, rosa o gris."),
    ("silk_pillow", "es", "Funda de seda de morera de [[22 momme]], [[tejida en Italia]]."),
    ("lunchbox", "es", "Fiambrera de acero inoxidable con cierre de silicona, de 1,2 litros, sin "
     "BPA y apta para lavavajillas. En verde salvia o rosa."),
    ("lunchbox", "es", "La Bento Lunch Box es [[apta para microondas]] y mantiene la comida "
     "caliente durante [[6 horas]]."),
    ("tumblers", "es", "Seis vasos de vidrio acanalado de 300 ml, aptos para lavavajillas, "
     "fabricados en Turquía. Por 38,00 $."),
    ("tumblers", "es", "Juego de [[4]] vasos de [[cristal soplado a mano]]."),
    # ---- French ----------------------------------------------------------------------------
    ("board", "fr", "<p>La planche de service en chêne massif mesure 45 x 20 cm. Certifiée "
     "FSC et fabriquée à la main au Danemark, elle sublime vos apéritifs.</p>"),
    ("board", "fr", "<p>Planche en chêne [[huilée à l'huile de lin bio]], avec [[poignée en "
     "cuir]].</p>"),
    ("vase", "fr", "Le vase soliflore en céramique (18 cm) est façonné à la main au Portugal. "
     "Coloris ivoire ou anthracite."),
    ("vase", "fr", "Vase en céramique [[émaillée]] de [[25 cm]], [[fabriqué en Italie]]."),
    ("ring", "fr", "Bague en argent 925 de 2 mm de large, hypoallergénique et fabriquée à la "
     "main en Espagne. Tailles 50 à 56."),
    ("ring", "fr", "Bague en argent 925 [[plaquée or 18 carats]], [[sans nickel]]."),
    ("sneaker", "fr", "La Cork Court Sneaker associe liège et similicuir : une basket vegan, "
     "certifiée B Corp, fabriquée au Portugal. Du 38 au 42."),
    ("sneaker", "fr", "Basket vegan en liège avec [[semelle en caoutchouc recyclé]], "
     "[[garantie 2 ans]]."),
    ("hemp_tote", "fr", "Le Market Tote en chanvre, 100 % vegan, offre 18 litres de volume. "
     "Fabriqué en Inde, coloris beige."),
    ("hemp_tote", "fr", "Tote bag en chanvre [[doublé de coton bio]], [[imperméable]] et "
     "[[lavable en machine]]."),
    ("beeswax_candles", "fr", "Deux bougies coniques en cire d'abeille, coulées à la main au "
     "Royaume-Uni. Environ 8 heures de combustion chacune."),
    ("beeswax_candles", "fr", "Bougies en cire d'abeille [[parfumées à la lavande]], "
     "[[lot de 6]]."),
    ("watch_strap", "fr", "Bracelet de montre en cuir, fait main en Italie, en 18, 20 ou "
     "22 mm. Coloris marron ou noir."),
    ("watch_strap", "fr", "Bracelet en cuir [[tanné végétal]] avec [[boucle en titane]]."),
    ("yoga_mat", "fr", "Tapis de yoga en liège de 183 x 61 cm et 4 mm d'épaisseur. Vegan et "
     "fabriqué au Portugal."),
    ("yoga_mat", "fr", "Tapis de yoga en liège [[antidérapant]] de [[6 mm]] d'épaisseur, "
     "[[livré avec sangle de transport]]."),
]
