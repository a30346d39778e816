"""The template writer: default copy, merchant templates, the sandbox, error messages."""
from __future__ import annotations

import pytest

from shopify_app.ai import (
    Field,
    GenerationSettings,
    InvalidOutputError,
    ProductFacts,
    TemplateError,
    TemplateWriter,
    default_templates,
    render_preview,
)
from shopify_app.ai.templating import TemplateRenderer

FIELDS = [f.value for f in Field]
LIMITS = {"seo_title": 70, "seo_description": 160, "alt_text": 125}


@pytest.fixture
def writer() -> TemplateWriter:
    return TemplateWriter()


@pytest.mark.parametrize("language", ["en", "de", "fr", "es"])
@pytest.mark.parametrize("field", FIELDS)
def test_every_default_template_renders_real_copy(writer, facts, field, language):
    settings = GenerationSettings.from_mapping({"language": language})

    result = writer.generate(field, facts, settings)

    assert "Merino Wool Beanie" in result.text
    assert (result.cost, result.tokens_in, result.provider) == (0.0, 0, "template")
    if field in LIMITS:
        assert len(result.text) <= LIMITS[field] and "<" not in result.text
    else:
        assert result.text.startswith("<p>") and "<li>" in result.text


def test_english_description_reads_like_copy(writer, facts, settings):
    text = writer.generate("description", facts, settings).text

    assert text.startswith("<p>Meet Merino Wool Beanie by Northfield")
    assert "Soft, warm and itch-free." in text  # the existing description's first sentences
    assert "<li><strong>Color:</strong> Charcoal, Forest Green and Oatmeal</li>" in text
    assert "<li><strong>Price:</strong> $29.00 – $32.00</li>" in text
    assert "winter, merino" in text and "sale" not in text and "collection:" not in text
    assert text.endswith("<p>Order yours today from Alpine Goods. We think you'll love it.</p>")


@pytest.mark.parametrize(("tone", "opening"), [
    ("luxury", "<p>Discover"), ("professional", "<p>Merino Wool Beanie from Northfield is"),
    ("playful", "<p>Say hello to"), ("technical", "<p>Merino Wool Beanie (Northfield)")])
def test_tone_changes_the_english_copy(writer, facts, tone, opening):
    settings = GenerationSettings.from_mapping({"tone": tone})
    assert writer.generate("description", facts, settings).text.startswith(opening)


def test_other_languages_have_their_own_phrases(writer, facts):
    def text(lang: str, field: str) -> str:
        return writer.generate(field, facts, GenerationSettings.from_mapping(
            {"language": lang})).text

    assert "<h3>Auf einen Blick</h3>" in text("de", "description")
    assert "29,00 $ – 32,00 $" in text("de", "description")
    assert "<h3>Points forts</h3>" in text("fr", "description")
    assert "Desde 29,00 $" in text("es", "seo_description")
    assert text("de", "alt_text").endswith("Ansicht 2")


def test_unknown_languages_fall_back_to_english(writer, facts):
    text = writer.generate("description", facts,
                           GenerationSettings.from_mapping({"language": "ja"})).text
    assert "<h3>Highlights</h3>" in text
    assert default_templates("ja") == default_templates("en")
    assert default_templates("pt-BR")["seo_title"] == default_templates("en")["seo_title"]


def test_seo_fields_fit_their_limits_with_long_names(writer, settings):
    facts = ProductFacts.from_mapping({
        "title": "Handmade Organic Cotton Oversized Knit Cardigan With Wooden Buttons",
        "vendor": "The Very Long Named Artisan Knitting Cooperative", "shop_name": "Shop",
        "description": "A cardigan. " * 40, "price_range": {"min": "120", "max": "120",
                                                            "currency": "EUR"}})
    title = writer.generate("seo_title", facts, settings).text
    meta = writer.generate("seo_description", facts, settings).text
    assert title == "Handmade Organic Cotton Oversized Knit Cardigan With Wooden Buttons"
    assert len(meta) <= 160 and meta.startswith("Handmade Organic Cotton")


def test_a_sparse_product_still_renders(writer, settings):
    sparse = ProductFacts.from_mapping({"title": "Gift Card"})
    results = {f: writer.generate(f, sparse, settings).text for f in FIELDS}

    assert results["description"] == ("<p>Meet Gift Card, a favourite you'll reach for again "
                                      "and again.</p>\n<p>Order yours today. We think you'll "
                                      "love it.</p>")
    assert results["seo_title"] == "Gift Card"
    assert results["seo_description"] == "Gift Card."
    assert results["alt_text"] == "Gift Card"


def test_merchant_templates_replace_the_default(writer, facts):
    settings = GenerationSettings.from_mapping({"templates": {
        "seo_title": "{{ title }} – {{ options.Color | join_list('or') }}",
        "description": "<p>{{ title }} for {{ price }}</p>{{ '<b>raw</b>' }}"}})

    assert writer.generate("seo_title", facts, settings).text == \
        "Merino Wool Beanie – Charcoal, Forest Green or Oatmeal"
    # Output is autoescaped for HTML: a value cannot inject markup.
    assert writer.generate("description", facts, settings).text == \
        "<p>Merino Wool Beanie for $29.00 – $32.00</p>&lt;b&gt;raw&lt;/b&gt;"


def test_product_data_is_escaped_in_html_templates(writer, settings):
    facts = ProductFacts.from_mapping({"title": "<img src=x onerror=alert(1)> Beanie",
                                       "options": {"Size": ["<script>x</script>"]}})
    text = writer.generate("description", facts, settings).text
    assert "<img" not in text and "<script" not in text
    assert "&lt;img src=x onerror=alert(1)&gt; Beanie" in text


@pytest.mark.parametrize("escape", [
    "{{ ''.__class__.__mro__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{{ joiner.__init__.__globals__ }}",
    "{{ lipsum.__globals__['os'] }}",
    "{{ title.__class__.__base__ }}",
    "{{ title | attr('__class__') }}",
    "{{ '{0.__class__}'.format(title) }}",
    "{{ self._TemplateReference__context }}",
    "{% set x = title.__class__ %}{{ x }}",
    "{{ tags.append('x') }}",
    "{{ options.clear() }}",
])
def test_sandbox_escapes_are_blocked(escape, facts, settings):
    with pytest.raises(TemplateError) as caught:
        render_preview(f"Title: {escape}", "seo_title", facts, settings)
    assert "not allowed" in caught.value.message
    assert caught.value.line == 1


def test_resource_exhaustion_is_blocked(facts, settings):
    with pytest.raises(TemplateError, match="limited to 10000 characters"):
        render_preview("{{ 'x' * 100000000 }}", "seo_title", facts, settings)
    with pytest.raises(TemplateError, match="exponents up to 64"):
        render_preview("{{ 9 ** 999999 }}", "seo_title", facts, settings)
    with pytest.raises(TemplateError, match="more than 100000 characters"):
        render_preview("{% for i in range(99999) %}{{ title }}{% endfor %}", "seo_title",
                       facts, settings)


def test_a_template_that_loops_forever_is_stopped(facts, settings):
    writer = TemplateWriter(TemplateRenderer(time_limit=0.2))
    silent = ("{% for a in range(100000) %}{% for b in range(100000) %}"
              "{% endfor %}{% endfor %}{{ title }}")
    settings = GenerationSettings.from_mapping({"templates": {"seo_title": silent}})
    with pytest.raises(TemplateError, match="took longer than 0.2 seconds"):
        writer.generate("seo_title", facts, settings)


def test_syntax_errors_name_the_line(facts, settings):
    with pytest.raises(TemplateError) as caught:
        render_preview("<p>{{ title }}</p>\n<p>{% if vendor %}by {{ vendor }}</p>",
                       "description", facts, settings)
    assert caught.value.line == 2
    assert caught.value.message.startswith("Line 2: Unexpected end of template")


def test_runtime_errors_name_the_line(facts, settings):
    with pytest.raises(TemplateError, match=r"^Line 3: the template failed: division by zero"):
        render_preview("a\nb\n{{ 1 / 0 }}", "seo_title", facts, settings)
    with pytest.raises(TemplateError, match="'colour' is undefined"):
        render_preview("{{ colour.name }}", "seo_title", facts, settings)


def test_preview_applies_the_field_rules(facts, settings):
    assert render_preview("{{ title }}   <b>Sale</b>", "seo_title", facts, settings) == \
        "Merino Wool Beanie Sale"
    with pytest.raises(InvalidOutputError, match="too long"):
        render_preview("{% for i in range(30) %}{{ title }} {% endfor %}", "seo_title",
                       facts, settings)
    with pytest.raises(InvalidOutputError, match="empty"):
        render_preview("{{ vendor if false }}", "alt_text", facts, settings)


def test_a_template_may_keep_a_long_existing_description(writer, settings):
    facts = ProductFacts.from_mapping({"title": "Atlas", "description": "Long story. " * 900})
    settings = GenerationSettings.from_mapping({"templates": {
        "description": "<p>{{ description }}</p><p>Free returns within 30 days.</p>"}})

    text = writer.generate("description", facts, settings).text

    assert text.count("Long story.") == 900 and text.endswith("within 30 days.</p>")


@pytest.mark.parametrize("language", ["en", "de", "fr", "es"])
def test_a_vendor_ending_in_a_stop_reads_as_one_sentence(writer, language):
    # "by Tidewater Co." followed by the template's own stop used to read "Co.. The", and
    # the description was cut after "Co." as if it ended a sentence.
    facts = ProductFacts.from_mapping({
        "title": "Urban Coral Linen T-Shirt", "vendor": "Tidewater Co.", "product_type": "T-Shirts",
        "description": "Made by Tidewater Co. for sunny days. Soft linen. Washes well.",
        "shop_name": "Shelf Dev", "variants": [{"title": "S", "price": "24.00"}],
        "currency": "USD"})
    settings = GenerationSettings.from_mapping({"language": language})

    for field in FIELDS:
        text = writer.generate(field, facts, settings).text
        assert ".." not in text, (field, text)
    meta = writer.generate("seo_description", facts, settings).text
    assert "Tidewater Co. for sunny days." in meta
    description = writer.generate("description", facts, settings).text
    assert "Made by Tidewater Co. for sunny days. Soft linen." in description


def test_stops_are_tidied_but_an_ellipsis_stays():
    from shopify_app.ai.text import sentences, tidy_stops

    assert tidy_stops("by Acme Inc.. Then! . Wait... ok?.") == "by Acme Inc. Then! . Wait... ok?"
    assert sentences("Made by Acme Inc. in Ohio. Second. Third.", 2) == \
        "Made by Acme Inc. in Ohio. Second."
    assert sentences("J. R. Smith wrote it. Then more.", 1) == "J. R. Smith wrote it."
    assert sentences("One. Two.", 5) == "One. Two." and sentences("One.", 0) == ""
