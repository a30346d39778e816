"""Variants by SKU for long SKU lists: bulk queries, streamed, instead of paged reads.

A paged ``productVariants`` read costs about nine points a variant (its media and
product come with it), so 1,000 SKUs spend some 9,000 points and wait on the rate
limit for over a minute on the Standard plan. A bulk query costs one mutation and a
few polls, is not subject to the rate limit, and its JSONL result is streamed.
Short lists stay paged: there a bulk operation's start-up would be the slower part.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from typing import Any

from .bulk import (
    cancel_bulk_operation,
    check_finished,
    iter_results,
    start_bulk_query,
    wait_for_bulk_operation,
)
from .client import AdminClient
from .documents import inline_document
from .errors import BulkAccessDeniedError, BulkOperationError, ShopifyError
from .products import Variant, variant_from
from .reads import variants_by_sku
from .search import or_batches

log = logging.getLogger(__name__)

# Distinct SKUs above which a bulk query is used (below, paged reads fit the bucket).
BULK_SKU_THRESHOLD = 200
# One bulk query's search: bounded, so a very long list becomes a few operations.
BULK_MAX_TERMS = 1_000
BULK_MAX_QUERY_CHARS = 60_000
BULK_TIMEOUT = 600.0


def lookup_variants(client: AdminClient, skus: Iterable[str], *,
                    image_size: int | None = None,
                    bulk_threshold: int = BULK_SKU_THRESHOLD) -> dict[str, list[Variant]]:
    """Variants whose SKU equals one of ``skus`` exactly: in bulk for long lists, else (and
    when bulk operations are denied, busy or fail) in paged reads."""
    distinct = list(dict.fromkeys(s for s in skus if s))
    if len(distinct) > bulk_threshold:
        try:
            return variants_by_sku_bulk(client, distinct, image_size=image_size)
        except (BulkAccessDeniedError, BulkOperationError) as exc:
            log.info("bulk SKU lookup not possible (%s); reading %d SKUs in pages",
                     exc, len(distinct))
    return variants_by_sku(client, distinct, image_size=image_size)


def bulk_variants_query(search_query: str, image_size: int | None) -> str:
    return inline_document("BulkVariantsBySku", {"query": search_query, "imageSize": image_size})


def variants_by_sku_bulk(client: AdminClient, skus: Iterable[str], *,
                         image_size: int | None = None, first_poll: float = 0.5,
                         timeout: float = BULK_TIMEOUT) -> dict[str, list[Variant]]:
    """Like ``variants_by_sku``, through one bulk query per ``BULK_MAX_TERMS`` SKUs."""
    result: dict[str, list[Variant]] = {sku: [] for sku in dict.fromkeys(skus) if sku}
    for batch, query in or_batches("sku", list(result), max_terms=BULK_MAX_TERMS,
                                   max_length=BULK_MAX_QUERY_CHARS):
        wanted = set(batch)
        operation = start_bulk_query(client, bulk_variants_query(query, image_size))
        try:
            final = wait_for_bulk_operation(client, operation.id, first_delay=first_poll,
                                            max_delay=5.0, timeout=timeout)
        except BulkOperationError:
            _cancel_quietly(client, operation.id)  # free the shop's bulk slot
            raise
        for variant in stitch_variants(iter_results(client, check_finished(final)), wanted):
            result[variant.sku].append(variant)  # type: ignore[index]
    return result


def stitch_variants(lines: Iterable[dict[str, Any]], wanted: set[str]) -> Iterator[Variant]:
    """Variant lines with their media lines (``__parentId``), kept only for wanted SKUs.

    Children are attached by id, so they may come anywhere in the file; only the
    wanted variants are held (Shopify's search is looser than equality).
    """
    variants: dict[str, dict[str, Any]] = {}
    orphans: dict[str, list[dict[str, Any]]] = {}
    unwanted: set[str] = set()
    for line in lines:
        parent = line.pop("__parentId", None)
        if parent is None:
            if line.get("sku") in wanted and line.get("id"):
                line["media"] = {"nodes": orphans.pop(line["id"], [])}
                variants[line["id"]] = line
            else:
                unwanted.add(line.get("id") or "")
                orphans.pop(line.get("id") or "", None)
        elif parent in variants:
            variants[parent]["media"]["nodes"].append(line)
        elif parent not in unwanted:
            orphans.setdefault(parent, []).append(line)
    for raw in variants.values():
        yield variant_from(raw)


def _cancel_quietly(client: AdminClient, operation_id: str) -> None:
    try:
        cancel_bulk_operation(client, operation_id)
    except ShopifyError as exc:
        log.info("could not cancel bulk operation %s: %s", operation_id, exc)
