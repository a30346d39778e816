"""What a merchant can tune about generated text, and the rules of each field."""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Field(StrEnum):
    """A product field we write. ``description`` is HTML; the others are plain text."""

    DESCRIPTION = "description"
    SEO_TITLE = "seo_title"
    SEO_DESCRIPTION = "seo_description"
    ALT_TEXT = "alt_text"


@dataclass(frozen=True)
class FieldSpec:
    """Length rules of one field.

    ``unit`` is what the merchant's target counts (words for descriptions,
    characters elsewhere). ``hard_limit`` is the most characters the field may
    hold once validated. For alt text the merchant's target is the limit we
    trim to (125 by default, at most 512); for SEO fields the target only
    guides the prompt and the hard limit is enforced.
    """

    field: Field
    label: str
    html: bool
    unit: str
    default_target: int
    min_target: int
    max_target: int
    hard_limit: int | None
    target_is_limit: bool = False


FIELD_SPECS: dict[Field, FieldSpec] = {
    Field.DESCRIPTION: FieldSpec(Field.DESCRIPTION, "product description", True, "words",
                                 150, 30, 600, None),
    Field.SEO_TITLE: FieldSpec(Field.SEO_TITLE, "SEO title", False, "characters",
                               60, 20, 70, 70),
    Field.SEO_DESCRIPTION: FieldSpec(Field.SEO_DESCRIPTION, "meta description", False,
                                     "characters", 155, 50, 160, 160),
    Field.ALT_TEXT: FieldSpec(Field.ALT_TEXT, "image alt text", False, "characters",
                              125, 30, 512, 512, target_is_limit=True),
}

TONES: dict[str, str] = {
    "friendly": "warm and approachable, like a helpful shop assistant",
    "professional": "clear, confident and factual",
    "playful": "light-hearted and fun, with energy but no silliness",
    "luxury": "refined, elegant and understated",
    "technical": "precise and specification-focused, for expert buyers",
}
DEFAULT_TONE = "friendly"

LANGUAGES: dict[str, str] = {
    "en": "English", "de": "German", "fr": "French", "es": "Spanish", "it": "Italian",
    "nl": "Dutch", "pt": "Portuguese", "sv": "Swedish", "da": "Danish", "nb": "Norwegian",
    "fi": "Finnish", "pl": "Polish", "cs": "Czech", "ja": "Japanese", "ko": "Korean",
    "zh": "Chinese", "tr": "Turkish",
}
DEFAULT_LANGUAGE = "en"
FIELD_NAMES = frozenset(f.value for f in Field)

_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?$")
MAX_INSTRUCTIONS = 2000
MAX_TEMPLATE = 20_000


def field_of(value: Field | str) -> Field:
    """``"seo_title"`` → ``Field.SEO_TITLE``; raises ``ValueError`` for anything else."""
    return value if isinstance(value, Field) else Field(value)


def base_language(code: str) -> str:
    """``"pt-BR"`` → ``"pt"``."""
    return code.split("-", 1)[0].lower()


def language_name(code: str) -> str:
    return LANGUAGES.get(base_language(code), code)


@dataclass(frozen=True)
class GenerationSettings:
    """A shop's generation settings, with a job's options already applied."""

    language: str = DEFAULT_LANGUAGE
    tone: str = DEFAULT_TONE
    brand_voice: str = ""
    custom_instructions: str = ""
    lengths: Mapping[str, int] = field(default_factory=dict)
    templates: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_mapping(cls, settings: Mapping[str, Any] | None = None,
                     overrides: Mapping[str, Any] | None = None) -> GenerationSettings:
        """Build from the SETTINGS shape, then apply a job's ``options``.

        Lenient on purpose (the settings page validates with
        :func:`check_settings`): unknown keys are ignored, lengths are clamped
        to each field's range and blank templates mean "use the default".
        """
        merged: dict[str, Any] = dict(settings or {})
        for key in ("language", "tone", "brand_voice", "custom_instructions"):
            if overrides and overrides.get(key) not in (None, ""):
                merged[key] = overrides[key]
        language = str(merged.get("language") or DEFAULT_LANGUAGE).strip()
        if not _LANGUAGE_CODE.match(language):
            language = DEFAULT_LANGUAGE
        lengths = {}
        for name, value in _mapping(merged.get("lengths")).items():
            if name in FIELD_NAMES and isinstance(value, int | float) \
                    and not isinstance(value, bool):
                spec = FIELD_SPECS[Field(name)]
                lengths[name] = max(spec.min_target, min(spec.max_target, int(value)))
        templates = {name: str(text) for name, text in _mapping(merged.get("templates")).items()
                     if name in FIELD_NAMES and str(text or "").strip()}
        return cls(
            language=language,
            tone=str(merged.get("tone") or DEFAULT_TONE).strip().lower()[:40],
            brand_voice=str(merged.get("brand_voice") or "").strip()[:MAX_INSTRUCTIONS],
            custom_instructions=str(merged.get("custom_instructions") or "")
            .strip()[:MAX_INSTRUCTIONS],
            lengths=lengths,
            templates=templates,
        )

    def target(self, field: Field | str) -> int:
        """The merchant's target length for a field (in that field's unit)."""
        spec = FIELD_SPECS[field_of(field)]
        return int(self.lengths.get(spec.field.value, spec.default_target))

    def template(self, field: Field | str) -> str | None:
        """The merchant's own template for a field, or ``None`` for the default."""
        return self.templates.get(field_of(field).value)

    def for_field(self, field: Field | str) -> dict[str, Any]:
        """The settings that can change one field's text (used for cache keys)."""
        name = field_of(field).value
        return {"language": self.language, "tone": self.tone, "brand_voice": self.brand_voice,
                "custom_instructions": self.custom_instructions,
                "target": self.target(name), "template": self.templates.get(name)}


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def check_settings(settings: Mapping[str, Any]) -> dict[str, str]:
    """Problems with the generation part of a SETTINGS body, keyed by setting.

    Returns an empty dict when everything is usable. Templates are only
    checked for length here; use ``render_preview`` to check they render.
    """
    problems: dict[str, str] = {}
    language = settings.get("language")
    if language is not None and not (isinstance(language, str)
                                     and _LANGUAGE_CODE.match(language)):
        problems["language"] = "language must be a language code such as en, de or pt-BR"
    tone = settings.get("tone")
    if tone is not None and (not isinstance(tone, str) or tone not in TONES):
        problems["tone"] = f"tone must be one of {', '.join(TONES)}"
    for key in ("brand_voice", "custom_instructions"):
        value = settings.get(key)
        if value is not None and (not isinstance(value, str) or len(value) > MAX_INSTRUCTIONS):
            problems[key] = f"{key} must be text of at most {MAX_INSTRUCTIONS} characters"
    fields = FIELD_NAMES
    lengths, templates = settings.get("lengths"), settings.get("templates")
    if lengths is not None and not isinstance(lengths, Mapping):
        problems["lengths"] = "lengths must be an object such as {\"description\": 150}"
        lengths = None
    if templates is not None and not isinstance(templates, Mapping):
        problems["templates"] = "templates must be an object such as {\"description\": \"\"}"
        templates = None
    for name, value in (lengths or {}).items():
        if name not in fields:
            problems[f"lengths.{name}"] = f"unknown field {name}"
            continue
        spec = FIELD_SPECS[Field(name)]
        if (not isinstance(value, int) or isinstance(value, bool)
                or not spec.min_target <= value <= spec.max_target):
            problems[f"lengths.{name}"] = (f"{spec.label} length must be between "
                                           f"{spec.min_target} and {spec.max_target} {spec.unit}")
    for name, value in (templates or {}).items():
        if name not in fields:
            problems[f"templates.{name}"] = f"unknown field {name}"
        elif value is not None and (not isinstance(value, str) or len(value) > MAX_TEMPLATE):
            problems[f"templates.{name}"] = f"templates must be text of at most {MAX_TEMPLATE} " \
                                            "characters"
    return problems
