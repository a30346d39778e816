"""`build_catalog`: a customer's SKU list → an HTML, PDF and ZIP catalog in the merchant's
branding.

One item per row. The fan-out resolves the rows' SKUs in batched Admin API reads;
each item then fetches its product image (`image_resolution`: downloaded once,
resized once, cached per shop); the finishing stage (`building`) renders the
catalog from the rows that resolved and stores its files. Rows whose SKU is
unknown or ambiguous fail with the reason; the catalog is built without them.
"""
from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from typing import Any

import requests

from shopify_app.jobs.kinds.base import (
    ItemInput,
    ItemResult,
    ItemSpec,
    JobKind,
    NewJob,
    Presentation,
    RunContext,
)
from shopify_app.vision.errors import ImageError

from .outcome import catalog_outcome
from .resolve import ROUND, resolve
from .validation import validate_body


class BuildCatalogKind(JobKind):
    name = "build_catalog"
    stage = "image_resolution"
    finishing_stage = "building"
    reviewable = False
    batch_size = 50
    concurrency = 6  # image downloads wait on the network
    form_template = "kinds/build_catalog.html"

    def presentation(self, job: Any) -> Presentation:
        facts: tuple[str, ...] = ()
        if job is not None:
            options = job.options or {}
            rows = options.get("rows")
            facts = tuple(fact for fact in (
                options.get("definition_name"),
                f"{rows} row{'' if rows == 1 else 's'}" if isinstance(rows, int) else None)
                if fact)
        return Presentation(label="Catalog", icon="catalog", result_label="Product",
                            show_field=False, editable=False, facts=facts, files=True,
                            preview="facts", succeeded_label="Found",
                            result_facts=(("sku", "SKU"), ("options", "Options"),
                                          ("quantity", "Quantity"), ("row_price", "Price"),
                                          ("description", "Description")),
                            outcome=catalog_outcome(job))

    def form_context(self, shop: Any) -> dict[str, Any]:
        from shopify_app.catalogs.definitions import list_definitions
        from shopify_app.catalogs.demo import DEMO_SKUS

        active = list_definitions(shop, active=True) if shop.id else []
        return {"definitions": [{"id": d.id, "name": d.name, "layout": d.layout}
                                for d in active], "demo_skus": DEMO_SKUS}

    def validate(self, body: dict[str, Any], shop, staff) -> NewJob:  # type: ignore[no-untyped-def]
        return validate_body(body, shop)

    def size_hint(self, context: RunContext) -> int | None:
        return len(context.job.params.get("items") or [])  # one item per row of SKUs

    def enumerate(self, context: RunContext) -> Iterator[ItemSpec]:
        rows = context.job.params.get("items") or []
        client = context.shopify()
        for start in range(0, len(rows), ROUND):
            chunk = rows[start:start + ROUND]
            outcomes = resolve(client, (row["sku"] for row in chunk), _image_size(context))
            for row in chunk:
                record, reason = outcomes.get(row["sku"], (None, "SKU was not looked up"))
                yield ItemSpec(product_id=(record or {}).get("product_id"),
                               product_title=(record or {}).get("title") or row["sku"],
                               target_id=(record or {}).get("variant_id"),
                               input={"row": row, "variant": record, "error": reason})

    def process(self, item: ItemInput, context: RunContext) -> ItemResult:
        row, record = item.input["row"], item.input.get("variant")
        if record is None:
            if item.attempts > 1:  # a retry: the merchant may have fixed the SKU meanwhile
                record, reason = resolve(context.shopify(), [row["sku"]],
                                         _image_size(context))[row["sku"]]
            else:
                reason = item.input.get("error")
            if record is None:
                return ItemResult(ok=False, error=reason or f"SKU {row['sku']} was not found")
        image_key, image_note = None, None
        if record.get("image_url"):
            try:
                image_key = self._image(record["image_url"], context)
            except (ImageError, OSError) as exc:  # OSError: Pillow on a damaged file
                if getattr(exc, "retryable", False) and item.attempts < self.max_attempts:
                    return ItemResult(ok=False, error=str(exc), retryable=True)
                image_note = getattr(exc, "message", None) or str(exc)  # shown without image
        resolved = {**record, "sku": row["sku"], "quantity": row["quantity"],
                    "row_price": row.get("price"),
                    "description": row.get("description") or record["product_description"],
                    "image_key": image_key, "image_note": image_note,
                    "position": item.position}
        return ItemResult(ok=True, proposed=json.dumps(resolved, separators=(",", ":")))

    def _image(self, url: str, context: RunContext) -> str:
        from shopify_app.catalogs.images import catalog_image
        from shopify_app.storage import storage

        key, _hit = catalog_image(storage(), context.shop.id, url, _image_size(context),
                                  _session())
        return key

    def finalize(self, context: RunContext) -> None:
        from shopify_app.catalogs.build import build_catalog

        build_catalog(context.job.id)

    def finished(self, job: Any) -> None:
        if job.status in ("completed", "completed_with_errors"):
            from shopify_app.delivery.service import enqueue_delivery

            enqueue_delivery(job.id)

    def job_extras(self, job: Any) -> dict[str, Any]:
        from shopify_app.delivery.records import summary

        return {"delivery": summary(job.id)}

    def prepare_listing(self, jobs: list[Any]) -> None:
        from shopify_app.delivery.records import preload

        preload([job.id for job in jobs])

    def delete_files(self, job: Any) -> None:
        from shopify_app.catalogs.files import delete_job_files

        delete_job_files(job)


def _image_size(context: RunContext) -> int:
    return int(context.job.params["definition"]["settings"]["image_size"])


_local = threading.local()


def _session() -> requests.Session:
    """One download session per worker thread (requests sessions are not shared safely)."""
    if not hasattr(_local, "session"):
        _local.session = requests.Session()
    return _local.session


def register_kinds() -> None:
    from shopify_app.jobs.kinds import register

    register(BuildCatalogKind())
