"""SEO score: one test per rule and field, and the shape of the result."""
from __future__ import annotations

import pytest

from shopify_app.ai.seo_score import FIELDS, DuplicateMatch, Score, score

FACTS = {"title": "Speckled Stoneware Mug", "vendor": "Kiln House", "product_type": "Mugs"}
GOOD_TITLE = "Speckled Stoneware Mug, 350 ml | Kiln House Pottery"
GOOD_META = ("Speckled Stoneware Mug by Kiln House: hand-thrown, dishwasher-safe and made for "
             "slow mornings. From £22. Free UK delivery over £40.")
SENTENCE = "Our speckled stoneware mug is thrown by hand and glazed in soft white. "
FILLER = ("It keeps coffee warm for longer and sits well in the hand. Every piece is a little "
          "different, so yours will be unique. It is safe in the dishwasher and microwave. ")


def codes(result: Score) -> dict[str, int]:
    return {r.code: r.points for r in result.reasons}


def problems(result: Score) -> set[str]:
    return {r.code for r in result.problems}


def description(paragraphs: int, *, headings: bool = True, lists: bool = True) -> str:
    body = [f"<p>{SENTENCE}{FILLER}</p>"]
    body += [f"<p>{FILLER}</p>" for _ in range(paragraphs - 1)]
    if headings:
        body.insert(1, "<h3>Details</h3>")
    if lists:
        body.append("<ul><li>350 ml</li><li>Stoneware</li></ul>")
    return "\n".join(body)


# ---- SEO title -------------------------------------------------------------------------------

def test_a_good_title_scores_100_with_a_passing_reason_per_rule():
    result = score("seo_title", GOOD_TITLE, FACTS)

    assert result.value == 100
    assert problems(result) == set()
    assert set(codes(result)) == {"length_ok", "keyword_ok", "no_stuffing", "normal_case",
                                  "unique"}


@pytest.mark.parametrize(("text", "code"), [
    ("Stoneware Mug", "too_short"),
    ("Speckled Stoneware Mug, hand-thrown in small batches in our Devon studio | Kiln House",
     "too_long"),
    ("Handmade pottery for slow mornings | Kiln House", "keyword_missing"),
    ("Kiln House Pottery Devon Handmade: Speckled Stoneware Mug", "keyword_late"),
    ("Speckled Stoneware Mug | Stoneware Mug | Speckled Stoneware Mug", "keyword_stuffing"),
    ("SPECKLED STONEWARE MUG | KILN HOUSE POTTERY", "all_caps"),
])
def test_title_rules(text, code):
    result = score("seo_title", text, FACTS)

    assert code in problems(result)
    assert result.value == 100 + sum(r.points for r in result.reasons)


def test_the_product_type_counts_as_the_keyword():
    assert "keyword_missing" not in problems(score("seo_title", "Handmade mugs for slow "
                                                   "mornings | Kiln House", FACTS))


# ---- meta description ---------------------------------------------------------------------------

def test_a_good_meta_description_scores_100():
    assert score("seo_description", GOOD_META, FACTS).value == 100


@pytest.mark.parametrize(("text", "code"), [
    ("Speckled Stoneware Mug by Kiln House.", "too_short"),
    (GOOD_META + " Order today and enjoy your new favourite mug every single morning.",
     "too_long"),
    ("Hand-thrown, dishwasher-safe and made for slow mornings in our Devon studio. From £22. "
     "Free UK delivery.", "keyword_missing"),
    ("Hand-thrown in Devon, glazed by hand, fired twice and made for slow mornings: the "
     "speckled stoneware mug.", "keyword_late"),
    ("Stoneware mug. Speckled stoneware mug. Best stoneware mug. Buy a stoneware mug today.",
     "keyword_stuffing"),
    ("Speckled Stoneware Mug that is thrown by hand and glazed in soft white and fired twice "
     "in our small studio so that every piece is different.", "long_sentences"),
])
def test_meta_description_rules(text, code):
    assert code in problems(score("seo_description", text, FACTS))


# ---- description --------------------------------------------------------------------------------

def test_a_well_structured_description_scores_100():
    result = score("description", description(5), FACTS)

    assert result.value == 100, result.problems


@pytest.mark.parametrize(("text", "code", "points"), [
    ("<p>Our speckled stoneware mug. Lovely.</p>", "too_thin", -30),
    (f"<p>{SENTENCE}{FILLER}{FILLER}</p>", "short", -10),
    (description(40), "too_long", -10),
])
def test_description_word_count_bands(text, code, points):
    assert codes(score("description", text, FACTS))[code] == points


def test_description_needs_the_keyword_early():
    late = f"<p>{FILLER * 7}</p><p>{SENTENCE}</p>"
    missing = f"<p>{FILLER * 3}</p>"

    assert "keyword_late" in problems(score("description", late, FACTS))
    assert "keyword_missing" in problems(score("description", missing, FACTS))


def test_description_stuffing():
    stuffed = "<p>" + "Speckled stoneware mug for you. " * 12 + FILLER + "</p>"

    assert problems(score("description", stuffed, FACTS)) & {"keyword_stuffing",
                                                              "word_stuffing"}


def test_description_long_sentences():
    endless = "<p>" + SENTENCE + " and ".join(["it keeps coffee warm for longer"] * 12) + ".</p>"

    assert problems(score("description", endless, FACTS)) & {"long_sentences",
                                                              "very_long_sentence"}


def test_longer_descriptions_need_headings_lists_and_paragraphs():
    flat = description(5, headings=False, lists=False)
    plain_text = SENTENCE + FILLER * 6

    assert {"no_headings", "no_lists"} <= problems(score("description", flat, FACTS))
    assert {"no_headings", "no_lists", "one_block"} <= problems(
        score("description", plain_text, FACTS))
    assert "no_headings" not in problems(score("description", description(1, headings=False,
                                                                          lists=False), FACTS))


# ---- alt text ------------------------------------------------------------------------------------

def test_a_descriptive_alt_text_scores_100():
    assert score("alt_text", "Speckled stoneware mug in white on a wooden table", FACTS).value \
        == 100


@pytest.mark.parametrize(("text", "code"), [
    ("IMG_2034.jpg", "alt_filename"),
    ("speckled-stoneware-mug-white-01", "alt_filename"),
    ("DSC 0042", "alt_filename"),
    ("Image of a speckled stoneware mug on a table", "alt_redundant"),
    ("Bild von einem Becher", "alt_redundant"),
    ("Mug", "alt_too_short"),
    ("Speckled stoneware mug " + "with a soft white glaze and a warm brown rim " * 3,
     "alt_too_long"),
    ("mug, stoneware mug, speckled mug, coffee mug, tea mug, gift", "alt_keyword_list"),
    ("Mug mug mug mug on a table", "keyword_stuffing"),
    ("Table table table with a speckled stoneware mug", "word_stuffing"),
    ("A person holding a cup of coffee by a window", "keyword_missing"),
])
def test_alt_text_rules(text, code):
    assert code in problems(score("alt_text", text, FACTS, language="de" if "Bild" in text
                                  else "en"))


# ---- duplicates, languages, shape and bad input ------------------------------------------------

def test_a_duplicate_costs_points_and_names_the_other_text():
    result = score("seo_title", GOOD_TITLE, FACTS,
                   duplicates=[DuplicateMatch("item 7", 0.91), DuplicateMatch("item 9", 0.75)])

    reason = next(r for r in result.reasons if r.code == "duplicate")
    assert reason.points == -30 and "91%" in reason.message and "item 7" in reason.message
    assert result.value == 70


@pytest.mark.parametrize(("language", "title"), [
    ("de", "Gesprenkelte Steinzeug-Tasse | Kiln House Töpferei"),
    ("fr", "Tasse en grès moucheté, 350 ml | Kiln House Poterie"),
    ("es", "Taza de gres moteado, 350 ml | Kiln House Cerámica"),
])
def test_keywords_are_matched_with_stems_in_other_languages(language, title):
    facts = {"title": {"de": "Gesprenkelte Steinzeug-Tassen", "fr": "Tasse en grès moucheté",
                       "es": "Taza de gres moteado"}[language], "vendor": "Kiln House"}

    assert "keyword_ok" in codes(score("seo_title", title, facts, language=language))


def test_no_facts_skips_keyword_rules():
    result = score("seo_title", GOOD_TITLE, None)

    assert codes(result)["keyword_unknown"] == 0 and result.value == 100


EMPTY = [(field, text) for field in FIELDS for text in ("", "   ", None)] + \
    [("description", "<p> </p>")]


@pytest.mark.parametrize(("field", "text"), EMPTY)
def test_empty_text_scores_zero(field, text):
    result = score(field, text, FACTS)

    assert result.value == 0 and [r.code for r in result.reasons] == ["empty"]


def test_unknown_field_is_refused():
    with pytest.raises(ValueError, match="field must be one of"):
        score("body_html", "x", FACTS)


@pytest.mark.parametrize("field", FIELDS)
def test_scores_stay_within_0_and_100_and_serialise(field):
    worst = "IMG_1.jpg " + "MUG " * 400

    result = score(field, worst, FACTS)

    assert 0 <= result.value <= 100
    assert result.to_json()["value"] == result.value
    assert all(set(r) == {"code", "message", "points"} for r in result.to_json()["reasons"])


def test_huge_input_is_handled():
    assert 0 <= score("description", "<p>" + "word " * 200_000 + "</p>", FACTS).value <= 100
