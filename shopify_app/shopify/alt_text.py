"""Image alt text through ``fileUpdate`` (``productUpdateMedia`` is deprecated)."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .client import AdminClient
from .errors import ShopifyError, WriteInterruptedError
from .messages import FieldError
from .outcomes import (
    CONFLICT,
    NOT_FOUND,
    WriteOutcome,
    not_attempted,
    same_value,
    user_errors,
)
from .write_loop import write_until_decided

ALT_FIELD = "alt"
MAX_ALT_LENGTH = 512
BATCH_SIZE = 50
_TOO_LONG = FieldError(field=("alt",), message="", code="ALT_VALUE_LIMIT_EXCEEDED")


@dataclass(frozen=True)
class AltTextChange:
    """New alt text for one image (``gid://shopify/MediaImage/…``).

    ``previous`` is the alt text read before (None or "" for none): after an
    unknown outcome, an image still showing it is written again, one showing
    anything else is reported as a conflict.
    """

    media_id: str
    alt: str
    previous: str | None = None


def _write_batch(client: AdminClient, batch: list[AltTextChange]) -> dict[str, WriteOutcome]:
    """One ``fileUpdate`` call. Items refused only because another item of the
    call was refused are left out of the result, so they can be resent."""
    data = client.execute("FileUpdateAlt", {"files": [{"id": c.media_id, "alt": c.alt}
                                                      for c in batch]})
    payload = data.get("fileUpdate") or {}
    errors = user_errors(payload)
    saved = {f["id"]: f.get("alt") for f in payload.get("files") or () if f and f.get("id")}
    if not errors:
        return {c.media_id: WriteOutcome.success(c.media_id, ALT_FIELD,
                                                 saved.get(c.media_id, c.alt)) for c in batch}
    by_index: dict[int, list[FieldError]] = {}
    general = []
    for error in errors:
        if error.input_index is not None and error.input_index < len(batch):
            by_index.setdefault(error.input_index, []).append(error)
        else:
            general.append(error)
    outcomes: dict[str, WriteOutcome] = {}
    for index, change in enumerate(batch):
        if index in by_index:
            outcomes[change.media_id] = WriteOutcome.rejected(change.media_id, ALT_FIELD,
                                                              by_index[index])
        elif len(batch) == 1:
            outcomes[change.media_id] = WriteOutcome.rejected(change.media_id, ALT_FIELD,
                                                              general)
        elif change.media_id in saved and same_value(saved[change.media_id], change.alt):
            outcomes[change.media_id] = WriteOutcome.success(change.media_id, ALT_FIELD,
                                                             saved[change.media_id])
    return outcomes


def read_alt_texts(client: AdminClient, ids: list[str]) -> dict[str, str | None | bool]:
    """Alt text now on each image; ``False`` for images that no longer exist."""
    data = client.execute("MediaAltByIds", {"ids": ids})
    found = {n["id"]: n.get("alt") for n in data.get("nodes") or () if n and n.get("id")}
    return {i: found.get(i, False) for i in ids}


def _reconcile(client: AdminClient, batch: list[AltTextChange],
               outcomes: dict[str, WriteOutcome]) -> list[AltTextChange]:
    """After an unknown outcome: settle what the re-read shows, return what to resend."""
    current = read_alt_texts(client, [c.media_id for c in batch])
    resend = []
    for change in batch:
        now = current[change.media_id]
        if now is False:
            outcomes[change.media_id] = WriteOutcome.failed(
                change.media_id, ALT_FIELD, NOT_FOUND, "This image no longer exists in Shopify")
        elif same_value(now, change.alt):
            outcomes[change.media_id] = WriteOutcome.success(change.media_id, ALT_FIELD, now)
        elif same_value(now, change.previous):
            resend.append(change)
        else:
            outcomes[change.media_id] = WriteOutcome.failed(
                change.media_id, ALT_FIELD, CONFLICT,
                "The alt text was changed in Shopify by someone else meanwhile", value=now)
    return resend


def _set_batch(client: AdminClient, batch: list[AltTextChange], max_rewrites: int,
               outcomes: dict[str, WriteOutcome]) -> None:
    """Write one batch, recording each decided item in ``outcomes`` as it goes."""
    left = write_until_decided(
        batch, write=lambda part: _write_batch(client, part),
        reconcile=lambda part, known: _reconcile(client, part, known),
        ident=lambda change: change.media_id, target=lambda change: change.media_id,
        field=ALT_FIELD, max_rewrites=max_rewrites, outcomes=outcomes)
    # Refused along with another image of the call: resend each alone.
    for change in left:
        _set_batch(client, [change], max_rewrites, outcomes)


def set_alt_texts(client: AdminClient, changes: Iterable[AltTextChange], *,
                  batch_size: int = BATCH_SIZE, max_rewrites: int = 1) -> list[WriteOutcome]:
    """Set the alt text of many images; one outcome per change, in order.

    Alt texts over 512 characters fail here without a call. Images are sent
    ``batch_size`` per ``fileUpdate``; an image refused by Shopify fails with
    its message while the rest of its batch is still saved.

    Raises:
        WriteInterruptedError: an error stopped the run; it carries every
            item's outcome so far (``not_attempted`` for the unsent ones).
    """
    items = list(changes)
    results: dict[str, WriteOutcome] = {}
    valid = []
    for change in items:
        if len(change.alt) > MAX_ALT_LENGTH:
            results[change.media_id] = WriteOutcome.rejected(change.media_id, ALT_FIELD,
                                                             [_TOO_LONG])
        else:
            valid.append(change)
    try:
        for start in range(0, len(valid), batch_size):
            _set_batch(client, valid[start:start + batch_size], max_rewrites, results)
    except ShopifyError as exc:
        outcomes = [results.get(c.media_id) or not_attempted(c.media_id, ALT_FIELD, exc)
                    for c in items]
        raise WriteInterruptedError(outcomes, exc) from exc
    return [results[c.media_id] for c in items]
