"""Output checks: wrappers peeled, HTML sanitized, lengths enforced, language checked."""
from __future__ import annotations

import pytest

from shopify_app.ai import GenerationSettings, InvalidOutputError, sanitize_html, validate_output
from shopify_app.ai.language import detect_language, language_mismatch

EN = GenerationSettings()

TEXTS = {
    "en": "This soft merino beanie keeps you warm on cold mornings and is made from the finest "
          "wool for all your winter adventures.",
    "de": "Diese weiche Mütze aus Merinowolle hält Sie an kalten Tagen warm und ist aus der "
          "besten Wolle für alle Ihre Abenteuer im Winter gefertigt.",
    "fr": "Ce bonnet doux en laine mérinos vous tient chaud pendant les matins froids et il est "
          "fabriqué avec la meilleure laine pour toutes vos aventures.",
    "es": "Este gorro suave de lana merino te mantiene abrigado en las mañanas frías y está "
          "hecho con la mejor lana para todas tus aventuras de invierno.",
    "it": "Questo berretto morbido in lana merino ti tiene al caldo nelle mattine fredde ed è "
          "realizzato con la migliore lana per tutte le tue avventure.",
    "nl": "Deze zachte muts van merinowol houdt je warm op koude ochtenden en is gemaakt van de "
          "beste wol voor al je avonturen in de winter.",
    "pt": "Este gorro macio de lã merino mantém você aquecido nas manhãs frias e é feito com a "
          "melhor lã para todas as suas aventuras de inverno.",
}


def test_dangerous_html_is_removed_and_the_allow_list_kept():
    dirty = ('<h2>Care</h2><p onclick="steal()" style="color:red">Soft <strong>merino'
             '</strong> <em>wool</em><br>warm</p><script>alert(1)</script>'
             '<style>p{display:none}</style><iframe src="https://evil.test">x</iframe>'
             '<ul><li>One</li></ul><ol><li>Two</li></ol><h4>Fit</h4>'
             '<a href="javascript:alert(1)">bad</a> <a href="https://example.com/size" '
             'onmouseover="x()">size guide</a> <img src=x onerror=alert(1)>'
             '<table><tr><th>Size</th><td colspan="2">M</td></tr></table>')

    clean = sanitize_html(dirty)

    for banned in ("script", "style", "iframe", "onclick", "onmouseover", "onerror",
                   "javascript:", "<img", "evil.test", "display:none"):
        assert banned not in clean
    for kept in ("<h2>Care</h2>", "<strong>merino</strong>", "<em>wool</em>", "<br>",
                 "<ul><li>One</li></ul>", "<ol><li>Two</li></ol>", "<h4>Fit</h4>",
                 '<a href="https://example.com/size" rel="noopener">size guide</a>',
                 "<th>Size</th>", '<td colspan="2">M</td>'):
        assert kept in clean
    assert "bad" in clean and "<a>bad" not in clean  # the dead link keeps its text only


def test_h1_becomes_h2_and_relative_links_are_dropped():
    clean = sanitize_html('<h1>Big</h1><p><a href="/pages/returns">returns</a></p>')
    assert clean.startswith("<h2>Big</h2>")
    assert "href" not in clean and "returns" in clean


@pytest.mark.parametrize("raw", [
    "```html\n<p>A warm merino beanie for cold days.</p>\n```",
    "Here is your description:\n<p>A warm merino beanie for cold days.</p>",
    "Sure! I'd be happy to help.\n<p>A warm merino beanie for cold days.</p>",
    "A warm merino beanie for cold days.",
])
def test_description_wrappers_are_peeled(raw):
    assert validate_output("description", raw, EN) == "<p>A warm merino beanie for cold days.</p>"


@pytest.mark.parametrize("raw", [
    '"Merino Wool Beanie | Northfield"', "“Merino Wool Beanie | Northfield”",
    "```\nMerino Wool Beanie | Northfield\n```", "SEO title: Merino Wool Beanie | Northfield",
    "**Title:** Merino Wool Beanie | Northfield",
    "Here's an SEO title: \"Merino Wool Beanie | Northfield\"",
    "Merino Wool Beanie | Northfield\n\nThis title includes the brand for recognition.",
])
def test_plain_wrappers_are_peeled(raw):
    assert validate_output("seo_title", raw, EN) == "Merino Wool Beanie | Northfield"


def test_inner_quotes_are_kept():
    assert validate_output("seo_title", '"Big" Cozy Blanket "Max"', EN) == \
        '"Big" Cozy Blanket "Max"'


def test_plain_fields_carry_no_html_even_when_entity_encoded():
    value = validate_output("seo_description",
                            "Warm &lt;script&gt;alert(1)&lt;/script&gt; merino <b>beanie</b> "
                            "&amp; scarf", EN)
    assert value == "Warm merino beanie & scarf"


def test_markdown_description_becomes_html():
    value = validate_output("description", "A warm beanie for winter.\n\n- **Merino** wool\n"
                            "- Two sizes", EN)
    assert value == ("<p>A warm beanie for winter.</p>\n"
                     "<ul><li><strong>Merino</strong> wool</li><li>Two sizes</li></ul>")


@pytest.mark.parametrize(("field", "limit"), [("seo_title", 70), ("seo_description", 160),
                                              ("alt_text", 125)])
def test_modest_overshoot_is_trimmed_at_a_word_boundary(field, limit):
    words = ("warm merino beanie " * 40).split()
    raw = ""
    while len(raw) < limit * 1.3:
        raw = f"{raw} {words[len(raw.split())]}".strip()

    value = validate_output(field, raw, EN)

    assert len(value) <= limit
    assert raw.startswith(value) and raw[len(value)] == " "  # cut between words


@pytest.mark.parametrize(("field", "length", "reason"), [
    ("seo_title", 200, "too long (200 characters; the limit is 70)"),
    ("seo_description", 400, "too long (400 characters; the limit is 160)"),
    ("alt_text", 600, "too long (600 characters; the limit is 125)"),
])
def test_absurd_length_is_rejected(field, length, reason):
    with pytest.raises(InvalidOutputError) as caught:
        validate_output(field, ("word " * length)[:length - 1] + "s", EN)
    assert reason in caught.value.reason


def test_alt_text_limit_follows_the_merchants_target_up_to_512():
    long_alt = ("A charcoal merino beanie photographed on a wooden table " * 5).strip()
    roomy = GenerationSettings.from_mapping({"lengths": {"alt_text": 512}})
    assert validate_output("alt_text", long_alt, roomy) == long_alt
    assert len(validate_output("alt_text", long_alt[:180], EN)) <= 125


@pytest.mark.parametrize(("field", "raw"), [("seo_title", "  "), ("alt_text", '""'),
                                            ("description", "<p> </p><script>x</script>"),
                                            ("seo_description", "...")])
def test_empty_output_is_rejected(field, raw):
    with pytest.raises(InvalidOutputError, match="empty"):
        validate_output(field, raw, EN)


def test_far_too_long_description_is_rejected():
    with pytest.raises(InvalidOutputError, match="far too long"):
        validate_output("description", "<p>" + "warm wool " * 400 + "</p>", EN)


@pytest.mark.parametrize("language", sorted(TEXTS))
def test_language_detection(language):
    assert detect_language(TEXTS[language]) == language
    assert language_mismatch(TEXTS[language], language) is None


def test_clearly_other_language_is_rejected():
    de = GenerationSettings.from_mapping({"language": "de"})
    with pytest.raises(InvalidOutputError, match="the text is in English, not German"):
        validate_output("description", f"<p>{TEXTS['en']}</p>", de)
    assert validate_output("description", f"<p>{TEXTS['de']}</p>", de).startswith("<p>Diese")
    assert language_mismatch(TEXTS["fr"], "es") == "fr"
    assert language_mismatch(TEXTS["en"], "pt-BR") == "en"


def test_short_or_unknown_language_text_is_not_judged():
    # Titles carry too few function words; Japanese is outside the heuristic.
    assert validate_output("seo_title", "Merino Wool Beanie | Northfield",
                           GenerationSettings.from_mapping({"language": "fr"}))
    assert language_mismatch(TEXTS["en"], "ja") is None
    assert language_mismatch("Merino Wool Beanie by Northfield", "de") is None


def test_product_names_in_another_language_do_not_trip_the_check():
    de = GenerationSettings.from_mapping({"language": "de"})
    text = ("<p>Die Merino Wool Beanie for Women von Northfield ist die perfekte Mütze für "
            "kalte Tage und hält Sie den ganzen Winter über warm.</p>")
    assert validate_output("description", text, de) == text
