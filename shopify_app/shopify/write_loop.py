"""The one loop every batched write runs: send, and when Shopify's answer is lost,
re-read to learn what was saved before sending the rest again.

A write whose response never arrived may or may not have been applied. Sending it
again blindly could overwrite a merchant's edit made in between, so the caller's
``reconcile`` re-reads the targets, records what is already decided (saved, or
changed by someone else) and returns only what is safe to send again.
"""
from __future__ import annotations

from collections.abc import Callable, Hashable, MutableMapping
from typing import TypeVar

from .errors import OutcomeUnknownError, ShopifyError
from .outcomes import OUTCOME_UNKNOWN, WriteOutcome, unchecked

Change = TypeVar("Change")
Outcomes = MutableMapping[Hashable, WriteOutcome]


def write_until_decided(pending: list[Change], *,
                        write: Callable[[list[Change]], dict[Hashable, WriteOutcome]],
                        reconcile: Callable[[list[Change], Outcomes], list[Change]],
                        ident: Callable[[Change], Hashable],
                        target: Callable[[Change], str], field: str, max_rewrites: int,
                        outcomes: Outcomes) -> list[Change]:
    """Write ``pending`` until Shopify decides each change or the rewrites run out.

    Decided changes go into ``outcomes`` as they are learned. Returns the changes
    Shopify neither saved nor refused (refused only along with others in the call).

    Raises:
        ShopifyError: the re-read failed; ``outcomes`` says the pending ones are unchecked.
    """
    rewrites = 0
    while pending:
        try:
            decided = write(pending)
        except OutcomeUnknownError as exc:
            try:
                pending = reconcile(pending, outcomes)
            except ShopifyError as reread_error:
                for change in pending:
                    outcomes[ident(change)] = unchecked(target(change), field, reread_error)
                raise
            if pending and rewrites >= max_rewrites:
                for change in pending:
                    outcomes[ident(change)] = WriteOutcome.failed(
                        target(change), field, OUTCOME_UNKNOWN,
                        f"Shopify did not confirm the change: {exc}")
                return []
            rewrites += 1
            continue
        outcomes.update(decided)
        return [change for change in pending if ident(change) not in decided]
    return []
