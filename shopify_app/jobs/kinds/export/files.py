"""The finishing stage: the stored product snapshots → one CSV or XLSX file in storage.

Rows stream from the database to a temporary file and from there to storage, so
memory stays flat however many products the scope covers. Works from the stored
items alone: a second run (a crash, a retry) writes the same file again.
"""
from __future__ import annotations

import json
import tempfile
from typing import Any

from sqlalchemy import select

from shopify_app.extensions import db
from shopify_app.models import Job, JobItem
from shopify_app.models.job import dumps, job_update
from shopify_app.models.types import utcnow
from shopify_app.spreadsheets import (
    SHELF_NUMERIC,
    SHOPIFY_HEADERS,
    SHOPIFY_NUMERIC,
    CsvWriter,
    XlsxWriter,
    shelf_headers,
    shelf_rows,
    shopify_rows,
)
from shopify_app.storage import job_prefix, storage

from .snapshot import export_product

CONTENT_TYPES = {"csv": "text/csv",
                 "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
READ_CHUNK = 500


def proposed_values(source_job_id: str | None, field: str | None
                    ) -> tuple[dict[str, str], dict[str, str]]:
    """(product id → proposed text, image id → proposed alt) of an earlier generation job."""
    if not source_job_id or not field:
        return {}, {}
    rows = db.session.execute(select(JobItem.product_id, JobItem.target_id, JobItem.proposed)
                              .where(JobItem.job_id == source_job_id,
                                     JobItem.proposed.is_not(None)))
    by_product: dict[str, str] = {}
    by_image: dict[str, str] = {}
    for product_id, target_id, proposed in rows:
        if field == "image_alt":
            if target_id:
                by_image[target_id] = proposed
        elif product_id:
            by_product[product_id] = proposed
    return by_product, by_image


def write_export(job_id: str) -> None:
    job = db.session.get(Job, job_id)
    if job is None:
        return
    options, field = job.options, job.params.get("proposed_field")
    file_format, layout, columns = options["format"], options["layout"], options["columns"]
    by_product, by_image = proposed_values(options.get("from_job"), field)
    proposed = [field] if field else []
    if layout == "shopify":
        headers, numeric = list(SHOPIFY_HEADERS), SHOPIFY_NUMERIC
    else:
        headers, numeric = shelf_headers(columns, proposed), SHELF_NUMERIC + tuple(
            "proposed_" + n for n in SHELF_NUMERIC)
    name = f"products-{job.id[-8:].lower()}.{file_format}"
    key = job_prefix(job.shop_id, job.id) + name
    with tempfile.TemporaryFile() as out:
        writer: Any = (XlsxWriter(out, headers, numeric=numeric) if file_format == "xlsx"
                       else CsvWriter(out, headers, numeric=numeric))
        products = 0
        try:
            for data in _snapshots(job_id):
                products += 1
                product = export_product(data, {field: by_product[data["id"]]}
                                         if field and data["id"] in by_product else None,
                                         by_image)
                rows = shopify_rows(product) if layout == "shopify" else shelf_rows(
                    product, columns, proposed)
                for row in rows:
                    writer.write(row)
        except Exception:
            if isinstance(writer, XlsxWriter):
                writer.abort()  # removes openpyxl's temporary sheet file
            raise
        writer.close()
        out.seek(0)
        store = storage()
        store.delete_prefix(job_prefix(job.shop_id, job.id))
        size = store.put(key, out, CONTENT_TYPES[file_format])
    files = [{"kind": file_format, "name": name, "key": key,
              "content_type": CONTENT_TYPES[file_format], "size": size,
              "rows": writer.rows, "products": products}]
    db.session.execute(job_update().where(Job.id == job.id).values(
        file_locations_json=dumps(files), updated_at=utcnow()))
    db.session.commit()


def _snapshots(job_id: str) -> Any:
    """Each succeeded item's product, in the scope's order, a chunk at a time."""
    last = -1
    while True:
        chunk = list(db.session.execute(
            select(JobItem.position, JobItem.input_json)
            .where(JobItem.job_id == job_id, JobItem.position > last,
                   JobItem.status == "succeeded")
            .order_by(JobItem.position).limit(READ_CHUNK)))
        if not chunk:
            return
        for position, raw in chunk:
            last = position
            data = json.loads(raw) if raw else {}
            if data.get("product"):
                yield data["product"]


def delete_export_files(job: Job) -> int:
    return storage().delete_prefix(job_prefix(job.shop_id, job.id))
