"""The shop settings a generation job keeps from its creation, and what changed since."""
from __future__ import annotations

from typing import Any

from shopify_app import settings as shop_settings

SNAPSHOT_KEYS = ("language", "tone", "brand_voice", "custom_instructions", "lengths",
                 "templates")
LABELS = {"language": "Language", "tone": "Tone", "brand_voice": "Brand voice",
          "custom_instructions": "Custom instructions"}
FIELD_NAMES = {"description": "descriptions", "seo_title": "SEO titles",
               "seo_description": "meta descriptions", "alt_text": "alt text"}


def settings_snapshot(shop: Any) -> dict[str, Any]:
    generation = shop_settings.stored_settings(shop)
    return {key: generation[key] for key in SNAPSHOT_KEYS}


def _short(value: Any) -> str:
    text = " ".join(str(value or "").split())
    return f"“{text[:57]}…”" if len(text) > 60 else (f"“{text}”" if text else "empty")


def describe_settings_changes(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """One sentence per setting that differs, in the Settings page's words."""
    changes = []
    for key, label in LABELS.items():
        if (before.get(key) or "") != (after.get(key) or ""):
            changes.append(f"{label}: {_short(before.get(key))} → {_short(after.get(key))}")
    for key, what in (("templates", "Template"), ("lengths", "Target length")):
        old, new = before.get(key) or {}, after.get(key) or {}
        for field in sorted(set(old) | set(new)):
            if old.get(field) != new.get(field):
                changes.append(f"{what} for {FIELD_NAMES.get(field, field)} edited")
    return changes
