"""The attributes we ask vision models for: one declaration that yields the
JSON schema sent to the model, the prompt text, and the validator for answers."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

NOT_APPLICABLE = "not applicable"
MAX_TEXT_CHARS = 60
MAX_LIST_ITEMS = 5


@dataclass(frozen=True)
class AttributeField:
    """One attribute: ``kind`` is ``text`` (free words), ``choice`` (one of
    ``choices``) or ``list`` (several free words)."""

    name: str
    kind: str
    description: str
    choices: tuple[str, ...] = ()


ATTRIBUTE_FIELDS: tuple[AttributeField, ...] = (
    AttributeField("category", "text",
                   "What the product is, in one or two words (dress, sneaker, mug, sofa)"),
    AttributeField("pattern", "choice", "The main pattern of the product",
                   ("solid", "striped", "checked", "floral", "polka dot", "geometric",
                    "animal print", "camouflage", "graphic", "abstract", "other",
                    NOT_APPLICABLE)),
    AttributeField("material", "list",
                   "Visible materials, most prominent first (cotton, denim, leather, wool, "
                   "metal, wood, ceramic, glass, plastic)"),
    AttributeField("style", "text",
                   "The style in one or two words (casual, formal, sporty, vintage, minimalist)"),
    AttributeField("sleeve_length", "choice", "Sleeve length, for clothing with a top part",
                   ("sleeveless", "short", "elbow", "three-quarter", "long", NOT_APPLICABLE)),
    AttributeField("neckline", "choice", "Neckline, for clothing with a top part",
                   ("crew", "v-neck", "scoop", "boat", "square", "sweetheart", "halter",
                    "turtleneck", "collared", "off-shoulder", "cowl", "hooded", "other",
                    NOT_APPLICABLE)),
)
FIELD_NAMES = tuple(f.name for f in ATTRIBUTE_FIELDS)


class InvalidAnswer(ValueError):
    """The model's answer does not match the schema."""


def json_schema() -> dict[str, Any]:
    """The answer schema, in the strict form OpenAI structured outputs accept
    (every property required, nullable instead of optional, no extra keys)."""
    properties: dict[str, Any] = {}
    for f in ATTRIBUTE_FIELDS:
        if f.kind == "list":
            properties[f.name] = {"type": "array", "items": {"type": "string"},
                                  "description": f.description}
        elif f.kind == "choice":
            properties[f.name] = {"type": ["string", "null"], "enum": [*f.choices, None],
                                  "description": f.description}
        else:
            properties[f.name] = {"type": ["string", "null"], "description": f.description}
    properties["confidence"] = {
        "type": "object", "additionalProperties": False, "required": list(FIELD_NAMES),
        "description": "How sure you are of each attribute, from 0 to 1",
        "properties": {name: {"type": "number"} for name in FIELD_NAMES},
    }
    return {"type": "object", "additionalProperties": False,
            "required": [*FIELD_NAMES, "confidence"], "properties": properties}


def prompt_lines() -> list[str]:
    """One line per attribute for the prompt, so models without schema support
    still know the keys and allowed values."""
    lines = []
    for f in ATTRIBUTE_FIELDS:
        kind = {"list": "list of strings", "text": "string or null"}.get(
            f.kind, "one of " + ", ".join(f'"{c}"' for c in f.choices) + ", or null")
        lines.append(f'- "{f.name}" ({kind}): {f.description}')
    lines.append('- "confidence": an object with a number from 0 to 1 for each key above')
    return lines


def _clean(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip().lower()[:MAX_TEXT_CHARS]


def validate_answer(answer: Any) -> tuple[dict[str, str | list[str]], dict[str, float]]:
    """Check a parsed answer and normalise it to ``(values, confidence)``.

    Wrong types raise :class:`InvalidAnswer`. A choice outside the allowed list
    is dropped (not trusted), as are nulls, empty strings and "not applicable".
    Values are lower-cased; unknown keys are ignored.
    """
    if not isinstance(answer, dict):
        raise InvalidAnswer("the answer is not a JSON object")
    values: dict[str, str | list[str]] = {}
    for f in ATTRIBUTE_FIELDS:
        raw = answer.get(f.name)
        if raw is None:
            continue
        if f.kind == "list":
            items = [raw] if isinstance(raw, str) else raw
            if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
                raise InvalidAnswer(f'"{f.name}" must be a list of strings')
            cleaned = list(dict.fromkeys(c for c in (_clean(i) for i in items)
                                         if c and c != NOT_APPLICABLE))[:MAX_LIST_ITEMS]
            if cleaned:
                values[f.name] = cleaned
            continue
        if not isinstance(raw, str):
            raise InvalidAnswer(f'"{f.name}" must be a string or null')
        text = _clean(raw)
        if not text or text == NOT_APPLICABLE or (f.kind == "choice" and text not in f.choices):
            continue
        values[f.name] = text
    confidence: dict[str, float] = {}
    raw_confidence = answer.get("confidence")
    if raw_confidence is not None and not isinstance(raw_confidence, dict):
        raise InvalidAnswer('"confidence" must be an object')
    for name, score in (raw_confidence or {}).items():
        if name in values and isinstance(score, int | float) and not isinstance(score, bool):
            confidence[name] = round(min(max(float(score), 0.0), 1.0), 3)
    return values, confidence
