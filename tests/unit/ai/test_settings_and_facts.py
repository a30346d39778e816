"""Settings and product facts: lenient building, strict checking, stable round trips."""
from __future__ import annotations

import json

from shopify_app.ai import GenerationSettings, ProductFacts, check_settings
from shopify_app.ai.money import format_money, format_price_range
from shopify_app.ai.pricing import cost_of


def test_job_options_override_shop_settings():
    settings = GenerationSettings.from_mapping(
        {"language": "de", "tone": "luxury", "brand_voice": "Calm", "lengths":
         {"description": 5000, "seo_title": 50, "bogus": 3}, "templates": {"seo_title": " "}},
        {"language": "fr", "tone": "", "custom_instructions": "Mention the warranty"})

    assert (settings.language, settings.tone) == ("fr", "luxury")
    assert settings.custom_instructions == "Mention the warranty"
    assert settings.target("description") == 600  # clamped to the field's range
    assert settings.target("seo_title") == 50 and settings.target("alt_text") == 125
    assert settings.template("seo_title") is None  # blank means the default


def test_check_settings_reports_each_problem():
    problems = check_settings({"language": "english", "tone": "sarcastic",
                               "lengths": {"seo_title": 90, "alt_text": 200, "body": 1},
                               "templates": {"seo_title": "{{ title }}", "footer": "x"}})
    assert set(problems) == {"language", "tone", "lengths.seo_title", "lengths.body",
                             "templates.footer"}
    assert problems["lengths.seo_title"] == "SEO title length must be between 20 and 70 " \
                                            "characters"
    assert check_settings({"language": "pt-BR", "tone": "playful"}) == {}


def test_facts_from_shopify_like_data():
    facts = ProductFacts.from_mapping({
        "title": "  Linen   Shirt ", "tags": "summer, linen ,", "options": {
            "Title": ["Default Title"]}, "variants": [{"price": "45.5"}, {"price": "39"}],
        "currency": "eur", "description": "<p>Cool &amp; crisp.</p><p>Relaxed fit.</p>",
        "collections": [{"title": "Summer"}], "image_position": "3"})

    assert facts.title == "Linen Shirt" and facts.tags == ("summer", "linen")
    assert facts.options == {}  # Shopify's placeholder option is not a real option
    assert facts.description == "Cool & crisp. Relaxed fit."
    assert facts.price_range is not None
    assert (facts.price_range.min, facts.price_range.max) == ("39", "45.5")
    assert facts.price_range.currency == "EUR"
    assert facts.collections == ("Summer",) and facts.image_position == 3


def test_facts_round_trip_through_json(facts):
    assert ProductFacts.from_mapping(json.loads(json.dumps(facts.to_dict()))) == facts


def test_prices_are_formatted_per_language():
    assert format_money("1234.5", "EUR", "de") == "1.234,50 €"
    assert format_money("1234.5", "USD", "en") == "$1,234.50"
    assert format_money("1000", "JPY", "en") == "¥1,000"
    assert format_money("10", "CHF", "en") == "10.00 CHF"
    assert format_price_range(None) == ""
    facts = ProductFacts.from_mapping({"price_range": ["19", "19.00", "GBP"]})
    assert format_price_range(facts.price_range) == "£19.00"


def test_prices_of_models():
    assert cost_of("gpt-4o-mini-2024-07-18", 1_000_000, 0) == (0.15, True)
    assert cost_of("claude-haiku-4-5-20251001", 0, 1_000_000) == (5.0, True)
    assert cost_of("llama3.1:8b", 5000, 5000) == (0.0, False)


def test_check_settings_reports_wrong_types_instead_of_raising():
    problems = check_settings({"tone": ["x"], "lengths": "abc", "templates": [["x"]]})
    assert set(problems) == {"tone", "lengths", "templates"}
    assert set(check_settings({"tone": {"a": 1}, "lengths": [["description", 1]]})) == \
        {"tone", "lengths"}


def test_generation_settings_ignore_unreadable_lengths_and_templates():
    settings = GenerationSettings.from_mapping({"lengths": "abc", "templates": [["x"]]})
    assert settings.target("description") == 150 and settings.template("description") is None
