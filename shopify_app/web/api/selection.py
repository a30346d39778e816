"""Which items a bulk action (publish, revert) applies to, read strictly from its body.

A typo must never widen a selection: unknown keys are refused, `item_ids` must
be a usable list when present, and "every item" is said explicitly with
`{"all": true}` or by sending no selection at all (no body, or `{}`).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from shopify_app.errors import ValidationError
from shopify_app.jobs.ids import parse_row_id
from shopify_app.web.api.bodies import optional_json_body

MAX_SELECTION = 10_000
BULK_KEYS = ("item_ids", "all", "force")
ONE_ITEM_KEYS = ("force",)


@dataclass(frozen=True)
class Selection:
    item_ids: list[int] | None  # None: every eligible item of the job
    force: bool


def _unknown(body: dict[str, Any], allowed: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(key, f"unknown field {key}; this action accepts {', '.join(allowed)}")
            for key in body if key not in allowed]


def _force(body: dict[str, Any]) -> tuple[bool, list[tuple[str, str]]]:
    force = body.get("force", False)
    if not isinstance(force, bool):
        return False, [("force", "force must be true or false")]
    return force, []


def _item_ids(raw: Any) -> tuple[list[int], list[tuple[str, str]]]:
    message = (f"item_ids must be a list of 1 to {MAX_SELECTION} item ids; "
               "send {\"all\": true} to act on every item")
    if not isinstance(raw, list) or not 0 < len(raw) <= MAX_SELECTION:
        return [], [("item_ids", message)]
    ids: list[int] = []
    for index, value in enumerate(raw):
        parsed = parse_row_id(value)
        if parsed is None:
            return [], [(f"item_ids.{index}", f"{str(value)[:40]!r} is not an item id")]
        ids.append(parsed)
    return list(dict.fromkeys(ids)), []


def bulk_selection() -> Selection:
    """The selection of POST /api/jobs/<id>/publish and /revert."""
    body = optional_json_body()
    problems = _unknown(body, BULK_KEYS)
    force, force_problems = _force(body)
    problems += force_problems
    everything = body.get("all")
    if "all" in body and everything is not True:
        problems.append(("all", "all must be true (or leave it out and send item_ids)"))
    item_ids: list[int] | None = None
    if "item_ids" in body:
        if "all" in body:
            problems.append(("item_ids", "send either item_ids or all, not both"))
        else:
            item_ids, id_problems = _item_ids(body["item_ids"])
            problems += id_problems
    elif body and everything is not True and not problems:
        # e.g. {"force": true} alone: say "all" rather than guess it.
        problems.append(("all", "say which items: item_ids, or all: true for every item"))
    if problems:
        raise ValidationError(problems)
    return Selection(item_ids, force)


def one_item_options() -> Selection:
    """The body of POST /api/items/<id>/publish and /revert: optionally {"force": true}."""
    body = optional_json_body()
    problems = _unknown(body, ONE_ITEM_KEYS)
    force, force_problems = _force(body)
    problems += force_problems
    if problems:
        raise ValidationError(problems)
    return Selection(None, force)
