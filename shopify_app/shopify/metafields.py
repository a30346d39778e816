"""Metafield writes through ``metafieldsSet`` (at most 25 per call)."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .client import AdminClient
from .errors import ShopifyError, WriteInterruptedError
from .messages import FieldError
from .outcomes import (
    CONFLICT,
    OUTCOME_UNKNOWN,
    WriteOutcome,
    not_attempted,
    same_value,
    user_errors,
)
from .write_loop import write_until_decided

METAFIELD_FIELD = "metafield"
MAX_PER_CALL = 25


@dataclass(frozen=True)
class MetafieldChange:
    """One metafield value to set.

    ``compare_digest`` (from a previous read) makes the write conditional:
    Shopify refuses it if the metafield changed since. It also decides what an
    unknown outcome means: digest unchanged → write again, else conflict.
    """

    owner_id: str
    namespace: str
    key: str
    value: str
    type: str | None = None
    compare_digest: str | None = None

    @property
    def ident(self) -> tuple[str, str, str]:
        return (self.owner_id, self.namespace, self.key)

    def as_input(self) -> dict[str, Any]:
        data: dict[str, Any] = {"ownerId": self.owner_id, "namespace": self.namespace,
                                "key": self.key, "value": self.value}
        if self.type:
            data["type"] = self.type
        if self.compare_digest:
            data["compareDigest"] = self.compare_digest
        return data


def _write_chunk(client: AdminClient, chunk: list[MetafieldChange]
                 ) -> dict[tuple[str, str, str], WriteOutcome]:
    """One ``metafieldsSet`` call. The call is all-or-nothing, so when some
    items are refused the others are left out of the result to be resent."""
    data = client.execute("MetafieldsSet", {"metafields": [c.as_input() for c in chunk]})
    payload = data.get("metafieldsSet") or {}
    errors = user_errors(payload)
    if not errors:
        saved = {((m.get("owner") or {}).get("id"), m.get("namespace"), m.get("key")): m
                 for m in payload.get("metafields") or () if m}
        return {c.ident: WriteOutcome.success(c.owner_id, METAFIELD_FIELD,
                                              (saved.get(c.ident) or {}).get("value", c.value))
                for c in chunk}
    by_index: dict[int, list[FieldError]] = {}
    general: list[FieldError] = []
    for error in errors:
        index = error.input_index
        if index is not None and index < len(chunk):
            by_index.setdefault(index, []).append(error)
        else:
            general.append(error)
    outcomes = {}
    for index, change in enumerate(chunk):
        if index in by_index:
            outcomes[change.ident] = WriteOutcome.rejected(change.owner_id, METAFIELD_FIELD,
                                                           by_index[index])
        elif len(chunk) == 1 or (general and not by_index):
            outcomes[change.ident] = WriteOutcome.rejected(change.owner_id, METAFIELD_FIELD,
                                                           general)
    return outcomes


def _current(client: AdminClient, chunk: list[MetafieldChange]
             ) -> dict[tuple[str, str, str], dict[str, Any] | None]:
    owners = list(dict.fromkeys(c.owner_id for c in chunk))
    keys = list(dict.fromkeys(f"{c.namespace}.{c.key}" for c in chunk))
    data = client.execute("MetafieldsByOwners", {"ids": owners, "keys": keys,
                                                 "first": min(250, max(1, len(keys)))})
    found: dict[tuple[str, str, str], dict[str, Any] | None] = {}
    for node in data.get("nodes") or ():
        for field in ((node or {}).get("metafields") or {}).get("nodes") or ():
            found[(node["id"], field.get("namespace"), field.get("key"))] = field
    return {c.ident: found.get(c.ident) for c in chunk}


def _reconcile(client: AdminClient, chunk: list[MetafieldChange],
               outcomes: dict[tuple[str, str, str], WriteOutcome]) -> list[MetafieldChange]:
    current = _current(client, chunk)
    resend = []
    for change in chunk:
        now = current[change.ident]
        if now is not None and same_value(now.get("value"), change.value):
            outcomes[change.ident] = WriteOutcome.success(change.owner_id, METAFIELD_FIELD,
                                                          now.get("value"))
        elif change.compare_digest is None or (
                now is not None and now.get("compareDigest") == change.compare_digest):
            resend.append(change)
        else:
            outcomes[change.ident] = WriteOutcome.failed(
                change.owner_id, METAFIELD_FIELD, CONFLICT,
                "The value was changed in Shopify by someone else meanwhile",
                value=now.get("value") if now else None)
    return resend


def _set_chunk(client: AdminClient, chunk: list[MetafieldChange], max_rewrites: int,
               outcomes: dict[tuple[str, str, str], WriteOutcome]) -> None:
    """Write one chunk, recording each decided item in ``outcomes`` as it goes."""
    def send(pending: list[MetafieldChange]) -> list[MetafieldChange]:
        return write_until_decided(
            pending, write=lambda part: _write_chunk(client, part),
            reconcile=lambda part, known: _reconcile(client, part, known),
            ident=lambda change: change.ident, target=lambda change: change.owner_id,
            field=METAFIELD_FIELD, max_rewrites=max_rewrites, outcomes=outcomes)

    # The rest were refused only along with the others: once more without them.
    for change in send(send(chunk)):
        outcomes[change.ident] = WriteOutcome.failed(
            change.owner_id, METAFIELD_FIELD, OUTCOME_UNKNOWN,
            "Shopify neither saved nor refused this value")


def set_metafields(client: AdminClient, changes: Iterable[MetafieldChange], *,
                   max_rewrites: int = 1) -> list[WriteOutcome]:
    """Set metafields, 25 per call; one outcome per change, in order.

    Shopify applies a call all-or-nothing: the items it refused fail with
    their message and the rest of their call is sent again without them.

    Raises:
        WriteInterruptedError: an error stopped the run; it carries every
            item's outcome so far (``not_attempted`` for the unsent ones).
    """
    items = list(changes)
    results: dict[tuple[str, str, str], WriteOutcome] = {}
    try:
        for start in range(0, len(items), MAX_PER_CALL):
            _set_chunk(client, items[start:start + MAX_PER_CALL], max_rewrites, results)
    except ShopifyError as exc:
        outcomes = [results.get(c.ident) or not_attempted(c.owner_id, METAFIELD_FIELD, exc)
                    for c in items]
        raise WriteInterruptedError(outcomes, exc) from exc
    return [results[c.ident] for c in items]


def read_metafields(client: AdminClient, owner_ids: list[str],
                    keys: list[tuple[str, str]]) -> dict[tuple[str, str, str], dict[str, Any]]:
    """Current values: ``{(owner, namespace, key): {type, value, compareDigest}}``
    for the metafields that exist (absent ones are left out)."""
    probes = [MetafieldChange(owner, ns, key, "") for owner in owner_ids for ns, key in keys]
    found: dict[tuple[str, str, str], dict[str, Any]] = {}
    for start in range(0, len(owner_ids), 100):
        chunk_owners = set(owner_ids[start:start + 100])
        chunk = [p for p in probes if p.owner_id in chunk_owners]
        found.update({k: v for k, v in _current(client, chunk).items() if v is not None})
    return found


def delete_metafields(client: AdminClient,
                      idents: Iterable[tuple[str, str, str]]) -> list[WriteOutcome]:
    """Delete metafields by (owner, namespace, key); deleting one that is gone succeeds."""
    items = list(idents)
    outcomes: list[WriteOutcome] = []
    for start in range(0, len(items), MAX_PER_CALL):
        chunk = items[start:start + MAX_PER_CALL]
        data = client.execute("MetafieldsDelete", {"metafields": [
            {"ownerId": owner, "namespace": ns, "key": key} for owner, ns, key in chunk]})
        payload = data.get("metafieldsDelete") or {}
        errors = user_errors(payload)
        for owner, _ns, _key in chunk:
            outcomes.append(WriteOutcome.rejected(owner, METAFIELD_FIELD, errors) if errors
                            else WriteOutcome.success(owner, METAFIELD_FIELD, None))
    return outcomes
