"""What a retry with current settings tells the merchant changed."""
from __future__ import annotations

from shopify_app.jobs.kinds.generate.snapshot import describe_settings_changes

BEFORE = {"language": "English", "tone": "friendly", "brand_voice": "", "custom_instructions": "",
          "lengths": {"seo_title": 60},
          "templates": {"seo_title": "{{ title }}", "description": ""}}


def test_no_change_says_nothing():
    assert describe_settings_changes(BEFORE, dict(BEFORE)) == []


def test_each_changed_setting_is_one_sentence():
    after = {**BEFORE, "tone": "formal", "lengths": {"seo_title": 50},
             "templates": {"seo_title": "{{ title }} | Shop", "description": ""}}
    assert describe_settings_changes(BEFORE, after) == [
        "Tone: “friendly” → “formal”",
        "Template for SEO titles edited",
        "Target length for SEO titles edited",
    ]


def test_long_values_are_shortened_and_empty_is_named():
    after = {**BEFORE, "custom_instructions": "x" * 100}
    (sentence,) = describe_settings_changes(BEFORE, after)
    assert sentence.startswith("Custom instructions: empty → “xxx") and sentence.endswith("…”")
