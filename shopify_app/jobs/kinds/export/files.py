"""The export's file: rows written as the scope is read, stored whole once it is read.

The fan-out writes each product's rows to a temporary file the moment the store hands
the product over (a bulk query's JSONL is streamed, so memory stays flat however many
products the scope covers) and stores the file when the scope is read; the items keep
only each product's handle and row count. A re-run of the fan-out (a crash, a retry)
reads the scope again and writes the whole file again. The finishing stage (`writing`)
then only gives the stored file its signed link.
"""
from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator, Mapping
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
FILE_PARAM = "file"  # the job's params: the stored file, until the finishing stage links it


class ExportFailed(Exception):
    """The file could not be made, or is gone; the job fails with this message."""


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


class ExportFile:
    """One export's file being written: rows go to a temporary file, stored at the end.

    ``job`` is the job's row or its JobView (id, shop_id, options, params).
    """

    def __init__(self, job: Any) -> None:
        options = job.options
        self.format, self.layout = options["format"], options["layout"]
        self.columns = options["columns"]
        self.field = job.params.get("proposed_field")
        self.proposed = [self.field] if self.field else []
        self.by_product, self.by_image = proposed_values(options.get("from_job"), self.field)
        if self.layout == "shopify":
            headers, numeric = list(SHOPIFY_HEADERS), SHOPIFY_NUMERIC
        else:
            headers, numeric = shelf_headers(self.columns, self.proposed), SHELF_NUMERIC + tuple(
                "proposed_" + n for n in SHELF_NUMERIC)
        self.name = f"products-{job.id[-8:].lower()}.{self.format}"
        self.prefix = job_prefix(job.shop_id, job.id)
        self.out = tempfile.TemporaryFile()  # noqa: SIM115 — closed by close()
        self.writer: Any = (XlsxWriter(self.out, headers, numeric=numeric)
                            if self.format == "xlsx"
                            else CsvWriter(self.out, headers, numeric=numeric))
        self.products = 0
        self.closed = False

    def add(self, data: Mapping[str, Any]) -> int:
        """Write one product's rows (``data`` as snapshot() makes it); how many."""
        proposed = ({self.field: self.by_product[data["id"]]}
                    if self.field and data["id"] in self.by_product else None)
        product = export_product(data, proposed, self.by_image)
        rows = (shopify_rows(product) if self.layout == "shopify"
                else shelf_rows(product, self.columns, self.proposed))
        before = self.writer.rows
        for row in rows:
            self.writer.write(row)
        self.products += 1
        return self.writer.rows - before

    def store(self) -> dict[str, Any]:
        """Finish the file and store it in place of an earlier run's; its file location."""
        self.writer.close()
        self.closed = True
        self.out.seek(0)
        store = storage()
        store.delete_prefix(self.prefix)
        key = self.prefix + self.name
        size = store.put(key, self.out, CONTENT_TYPES[self.format])
        return {"kind": self.format, "name": self.name, "key": key,
                "content_type": CONTENT_TYPES[self.format], "size": size,
                "rows": self.writer.rows, "products": self.products}

    def close(self) -> None:
        if not self.closed and isinstance(self.writer, XlsxWriter):
            self.writer.abort()  # removes openpyxl's temporary sheet file
        self.closed = True
        self.out.close()

    def __enter__(self) -> ExportFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def remember_file(job_id: str, location: dict[str, Any]) -> None:
    """Keep the stored file's location with the job until the finishing stage links it."""
    job = db.session.get(Job, job_id, populate_existing=True)
    if job is None:
        return
    db.session.execute(job_update().where(Job.id == job_id).values(
        params_json=dumps({**job.params, FILE_PARAM: location}), updated_at=utcnow()))
    db.session.commit()


def write_export(job_id: str) -> None:
    """The finishing stage: link the file the fan-out stored (safe to run twice)."""
    job = db.session.get(Job, job_id)
    if job is None:
        return
    location = job.params.get(FILE_PARAM)
    if location is None:
        location = _write_from_snapshots(job)  # items stored by an earlier version
    elif "error" in location:
        raise ExportFailed(location["error"])
    elif not storage().exists(location["key"]):
        raise ExportFailed("The exported file is no longer stored: run the export again")
    db.session.execute(job_update().where(Job.id == job.id).values(
        file_locations_json=dumps([location]), updated_at=utcnow()))
    db.session.commit()


def _write_from_snapshots(job: Job) -> dict[str, Any]:
    with ExportFile(job) as export:
        for data in _snapshots(job.id):
            export.add(data)
        return export.store()


def _snapshots(job_id: str) -> Iterator[dict[str, Any]]:
    """Each succeeded item's product snapshot, in the scope's order, a chunk at a time."""
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
