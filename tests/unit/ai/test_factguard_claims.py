"""The fact guard: each claim kind in each language, spans into HTML, and what is not a claim."""
from __future__ import annotations

import pytest

from shopify_app.ai import ProductFacts
from shopify_app.ai.factguard import ClaimKind, check_claims, claims_to_json

SHIRT = {
    "title": "Everyday Crew Tee", "vendor": "Loomwell", "product_type": "T-Shirts",
    "tags": ["summer", "GOTS"], "options": {"Color": ["Black", "Sage Green"], "Size": ["S", "M"]},
    "variants": [{"title": "Black / S", "sku": "TEE-01", "price": "24.00"},
                 {"title": "Sage Green / M", "sku": "TEE-02", "price": "26.00"}],
    "currency": "USD",
    "description": "<p>Made in Portugal from 100% organic cotton. Weighs 180 g. "
                   "Not waterproof. 2-year warranty.</p>",
}
MUG = {"title": "Stoneware Mug 350 ml", "vendor": "Kiln House", "product_type": "Mugs",
       "options": {"Colour": ["White"]}, "variants": [{"title": "White", "price": "22.00"}],
       "currency": "GBP", "description": "Handmade in the UK. Dishwasher-safe."}


def kinds(text: str, facts=SHIRT, language: str = "en") -> list[tuple[str, str]]:
    return [(c.kind.value, c.text) for c in check_claims(text, facts, language)]


# ---- each kind, true and false ------------------------------------------------------------

@pytest.mark.parametrize(("language", "true", "false", "kind"), [
    ("en", "Made from organic cotton.", "Made from soft linen.", "material"),
    ("de", "Aus Bio-Baumwolle gefertigt.", "Aus feinem Leinen gefertigt.", "material"),
    ("es", "Hecha de algodón orgánico.", "Hecha de lino suave.", "material"),
    ("fr", "En coton bio.", "En lin lavé.", "material"),
    ("en", "Available in black and sage green.", "Available in navy.", "colour"),
    ("de", "Erhältlich in Schwarz.", "Erhältlich in Dunkelblau.", "colour"),
    ("es", "Disponible en negro.", "Disponible en rojo.", "colour"),
    ("fr", "Disponible en noir.", "Disponible en rouge.", "colour"),
    ("en", "Made in Portugal.", "Made in Italy.", "origin"),
    ("de", "In Portugal gefertigt.", "Hergestellt in Deutschland.", "origin"),
    ("es", "Fabricada en Portugal.", "Fabricada en China.", "origin"),
    ("fr", "Fabriqué au Portugal.", "Fabriqué en France.", "origin"),
    ("en", "Backed by a 2-year warranty.", "Backed by a 5-year warranty.", "warranty"),
    ("de", "Mit 2 Jahren Garantie.", "Mit 10 Jahren Garantie.", "warranty"),
    ("es", "Con garantía de 2 años.", "Con garantía de 3 años.", "warranty"),
    ("fr", "Garantie 2 ans.", "Garantie à vie.", "warranty"),
    ("en", "It is organic.", "It is vegan.", "absolute"),
    ("de", "Es ist biologisch.", "Es ist wasserdicht.", "absolute"),
    ("es", "Es orgánico.", "Es hipoalergénico.", "absolute"),
    ("fr", "Il est bio.", "Il est fait main.", "absolute"),
    ("en", "GOTS certified.", "OEKO-TEX certified.", "certification"),
    ("de", "GOTS-zertifiziert.", "Fairtrade-zertifiziert.", "certification"),
    ("en", "Only $24.00.", "Only $19.99.", "price"),
    ("de", "Für 24,00 $.", "Für 19,99 $.", "price"),
    ("fr", "À partir de 24,00 $.", "Seulement 14,00 $.", "price"),
    ("en", "It weighs 180 g.", "It weighs 400 g.", "number_unit"),
    ("es", "Pesa 180 g.", "Pesa 1,2 kg.", "number_unit"),
])
def test_each_kind_is_supported_when_true_and_flagged_when_false(language, true, false, kind):
    assert kinds(true, language=language) == []

    flagged = check_claims(false, SHIRT, language)

    assert [c.kind.value for c in flagged] == [kind]
    assert flagged[0].why.startswith(f"'{flagged[0].text}' — ")


def test_the_readme_example_names_what_the_facts_say():
    facts = {"title": "Sports Shirt", "description": "100% polyester, quick-dry."}

    claims = check_claims("Soft 100% organic cotton for every day.", facts, "en")

    material = next(c for c in claims if c.kind is ClaimKind.MATERIAL)
    assert material.text == "100% organic cotton"
    assert material.why == "'100% organic cotton' — the product's facts say polyester"
    assert ("absolute", "organic") in [(c.kind.value, c.text) for c in claims]


# ---- numbers and units ----------------------------------------------------------------------

@pytest.mark.parametrize("text", ["Holds 350 ml.", "Holds 12 oz.", "Holds 0.35 l.",
                                  "Holds 35 cl.", "Fasst 0,35 Liter.", "Holds about 11.5 fl oz."])
def test_capacities_are_compared_after_unit_conversion(text):
    assert check_claims(text, MUG, "de" if "Fasst" in text else "en") == []


@pytest.mark.parametrize("text", ["Holds 2 litres.", "Holds 20 oz.", "Holds 500 ml."])
def test_a_wrong_capacity_is_flagged_with_the_facts_figure(text):
    (claim,) = check_claims(text, MUG, "en")

    assert claim.kind is ClaimKind.NUMBER_UNIT
    assert "350 ml" in claim.why


def test_dimensions_weights_and_counts():
    facts = {"title": "Oak Board", "description": "Size: 45 x 20 cm. Weight 1.2 kg. Set of 4."}

    assert kinds("It measures 45 x 20 cm, about 17.7 x 7.9 inches, and weighs 2.6 lb. "
                 "A set of 4.", facts) == []
    assert [k for k, _ in kinds("It measures 60 x 20 cm and comes as a set of 6.", facts)] \
        == ["number_unit", "number_unit"]


def test_bounds_and_approximations():
    facts = {"title": "Candle", "description": "Burn time 45 hours."}

    assert kinds("Burns for more than 40 hours.", facts) == []
    assert kinds("Burns for about 44 hours.", facts) == []
    assert kinds("Burns for more than 50 hours.", facts) != []


def test_percentages_without_a_material_need_support_but_emphasis_does_not():
    assert kinds("100% satisfaction, every time.") == []
    assert kinds("Now 20% lighter.")[0][0] == "number_unit"


# ---- materials: hierarchy, fibre content, compounds ----------------------------------------

def test_a_broader_material_is_supported_by_a_specific_one_but_not_the_reverse():
    oak = {"title": "Board", "description": "Solid oak."}
    wood = {"title": "Board", "description": "Solid wood."}

    assert kinds("A wooden board.", oak) == []
    assert [k for k, _ in kinds("An oak board.", wood)] == ["material"]


def test_fibre_content_must_match_the_facts():
    blend = {"title": "Tee", "description": "60% cotton, 40% polyester."}

    assert kinds("Made of 60% cotton and 40% polyester.", blend) == []
    assert kinds("Made of 100% cotton.", blend)[0][1] == "100% cotton"
    assert "60% cotton" in check_claims("Made of 80% cotton.", blend, "en")[0].why


def test_german_compounds_and_inflected_colours():
    facts = {"title": "Jacke", "description": "Leder, schwarz."}

    assert kinds("Eine schwarze Lederjacke.", facts, "de") == []
    assert [k for k, _ in kinds("Eine rote Wildlederjacke.", facts, "de")] == \
        ["colour", "material"]


def test_glaze_is_not_glass():
    assert kinds("Mit glänzender Glasur.", MUG, "de") == []


# ---- what is not a claim ----------------------------------------------------------------------

@pytest.mark.parametrize(("language", "text"), [
    ("en", "Packed without plastic."), ("en", "Plastic-free packaging."),
    ("en", "Softer than silk."), ("en", "Feels as smooth as silk."),
    ("en", "Not only organic but also fair."),
    ("de", "Ohne Plastik verpackt."), ("de", "Kein Polyester."),
    ("es", "Sin plástico."), ("fr", "Sans plastique."), ("fr", "Doux comme la soie."),
])
def test_denials_and_comparisons_are_not_claims(language, text):
    assert [c for c in check_claims(text, SHIRT, language)
            if c.kind is not ClaimKind.ABSOLUTE or "organic" not in c.text] == []


def test_a_denial_in_the_facts_does_not_support_the_claim():
    (claim,) = check_claims("It is waterproof.", SHIRT, "en")

    assert claim.kind is ClaimKind.ABSOLUTE
    assert claim.why == "'waterproof' — nothing in the product's facts says so"


def test_water_resistant_facts_do_not_support_waterproof():
    facts = {"title": "Jacket", "description": "Water-resistant shell."}

    (claim,) = check_claims("Fully waterproof.", facts, "en")

    assert "only say Water-resistant" in claim.why
    assert check_claims("Water-resistant and light.", facts, "en") == []


def test_certifications_imply_their_claims():
    assert kinds("Organic cotton, GOTS certified.", {"title": "Tee", "tags": ["GOTS"],
                                                     "description": "Cotton."}) == []


# ---- sources of facts ---------------------------------------------------------------------------

def test_every_fact_source_is_read():
    facts = {"title": "Tote", "tags": ["linen"], "options": {"Colour": ["Rust"]},
             "variants": [{"title": "Large 20 l", "price": "30.00"}], "product_type": "Bags",
             "metafields": [{"namespace": "custom", "key": "country_of_origin",
                             "value": "Portugal"}]}

    assert kinds("A linen tote, made in Portugal, holds 20 litres, for $30.00.", facts) == []


def test_metafields_can_be_passed_with_product_facts():
    facts = ProductFacts.from_mapping({"title": "Tote"})

    assert kinds("Made in Portugal.", facts) != []
    assert check_claims("Made in Portugal.", facts, "en",
                        metafields={"country_of_origin": "Portugal"}) == []


def test_price_in_another_currency_is_flagged():
    (claim,) = check_claims("Only €24.00.", SHIRT, "en")

    assert claim.why == "'€24.00' — the shop's prices are in USD"


def test_a_price_bound():
    assert kinds("All under $30.") == []
    assert kinds("From $24.00.") == []


# ---- spans, JSON and robustness -------------------------------------------------------------

def test_spans_point_into_the_html_and_skip_tags_and_entities():
    html = ("<p>Made from <strong>organic</strong> cotton &amp; <em>li</em>nen, "
            "in <b>navy</b>.</p>")

    claims = check_claims(html, SHIRT, "en")

    assert [html[c.start:c.end] for c in claims] == ["li</em>nen", "navy"]
    assert [c.text for c in claims] == ["linen", "navy"]


def test_to_json_is_the_checks_shape():
    claims = check_claims("<p>In navy.</p>", SHIRT, "en")

    assert claims_to_json(claims) == [{
        "claim": "navy", "span": [6, 10], "kind": "colour",
        "why": "'navy' — the product's facts list Black and Sage Green"}]


@pytest.mark.parametrize("text", ["", "   ", "<p></p>", "&amp;&lt;", "<<<>>>", "€$£",
                                  "1" * 5000, "x" * 200_000])
def test_odd_input_gives_no_claims_and_no_error(text):
    assert check_claims(text, SHIRT, "en") == []


@pytest.mark.parametrize("language", ["pt-BR", "ja", "", "xx-invalid"])
def test_other_languages_fall_back_to_english_words(language):
    assert [c.kind.value for c in check_claims("Made in Italy.", SHIRT, language)] == ["origin"]


def test_empty_facts_flag_every_checkable_claim():
    claims = check_claims("Organic cotton in navy, made in Italy, 2 l, $5.", {}, "en")

    assert {c.kind.value for c in claims} == {"absolute", "material", "colour", "origin",
                                              "number_unit", "price"}


@pytest.mark.parametrize(("language", "text"), [
    ("en", "Enjoy green tea or black coffee, a gift for Black Friday."),
    ("en", "Start your golden mornings with it."),
    ("en", "It pairs beautifully with denim and goes with any leather jacket."),
    ("de", "Für grünen Tee oder schwarzen Kaffee, passt zu Ihrem Holztisch."),
    ("es", "Ideal para té verde o café negro."),
    ("fr", "Parfait pour le thé vert ou le café noir, s'accorde avec votre table en chêne."),
    ("en", "Free delivery on orders over £40."),
    ("de", "Versandkostenfrei ab 40 €."),
])
def test_set_phrases_other_objects_and_shipping_thresholds_are_not_claims(language, text):
    assert check_claims(text, MUG, language) == []


def test_the_same_words_about_the_product_are_still_claims():
    assert [k for k, _ in kinds("A black walnut mug for £40.", MUG)] == \
        ["colour", "material", "price"]


def test_facts_indexed_once_give_the_same_claims():
    from shopify_app.ai.factguard import index_facts

    text = "<p>Organic linen in navy, made in Italy, holds 2 l, for $19.99.</p>"
    evidence = index_facts(SHIRT)

    assert check_claims(text, evidence, "en") == check_claims(text, SHIRT, "en")
    assert len(check_claims(text, evidence, "en")) == 5


@pytest.mark.parametrize(("language", "claim", "supported"), [
    ("en", "Nickel-free and lead free.", True),
    ("en", "Free of parabens.", False),
    ("de", "Nickelfrei und bleifrei.", True),
    ("de", "Ohne Duftstoffe.", False),
    ("es", "Sin níquel ni plomo.", True),
    ("es", "Sin parabenos.", False),
    ("fr", "Sans nickel.", True),
    ("fr", "Sans parabènes.", False),
])
def test_free_from_claims_need_the_facts_to_say_so(language, claim, supported):
    facts = {"title": "Ring", "description": "Nickel-free sterling silver. Contains no lead."}

    claims = check_claims(claim, facts, language)

    assert (claims == []) is supported
    assert all(c.kind is ClaimKind.ABSOLUTE for c in claims)


def test_free_of_hassle_is_not_a_claim():
    assert kinds("Hands-free, hassle-free and worry-free.") == []


@pytest.mark.parametrize(("language", "text", "expected"), [
    ("en", "Cashmere from Mongolia.", [("origin", "Cashmere from Mongolia")]),
    ("en", "Soft Egyptian cotton.", [("origin", "Egyptian cotton")]),
    ("fr", "En cachemire de Mongolie.", [("origin", "cachemire de Mongolie")]),
    ("es", "Algodón de Egipto.", [("origin", "Algodón de Egipto")]),
])
def test_where_a_material_comes_from_is_an_origin_claim(language, text, expected):
    facts = {"title": "Scarf", "description": "Cashmere and cotton. Made in Italy."}

    assert kinds(text, facts, language) == expected


def test_german_prefixed_materials_loanword_colours_and_participle_warranties():
    facts = {"title": "Sneaker", "options": {"Farbe": ["Weiß"]}, "description": "Leder."}

    assert [k for k, _ in kinds("Sohle aus Naturkautschuk, in Weiß und Navy, 5 Jahre "
                                "garantiert.", facts, "de")] == ["material", "colour", "warranty"]
    assert kinds("Aus feinem Rindsleder.", facts, "de") == []
    assert [k for k, _ in kinds("Assiettes garanties 5 ans.", facts, "fr")] == ["warranty"]
