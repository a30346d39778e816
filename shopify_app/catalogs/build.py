"""The `building` stage: rows → HTML, PDF (WeasyPrint, see pdf.py) and ZIP, stored with
the job.

Works from the stored items alone, so it can run again after a crash or a retry.
"""
from __future__ import annotations

import base64
import json
import logging
import re
import tempfile
import time
import zipfile
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from shopify_app.extensions import db
from shopify_app.jobs.ids import new_id
from shopify_app.models import Catalog, Job, JobItem
from shopify_app.models.job import dumps, job_update
from shopify_app.models.types import utcnow
from shopify_app.storage import FileMissing, job_prefix, storage

from .files import FILES
from .pdf import render_catalog_pdf
from .render import context, present_rows, render_html
from .rows import rows_csv

log = logging.getLogger(__name__)


def _rows(job_id: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(resolved rows in the merchant's order, rows that failed with their reason)."""
    resolved, failed = [], []
    query = (select(JobItem.status, JobItem.proposed, JobItem.input_json, JobItem.error,
                    JobItem.position)
             .where(JobItem.job_id == job_id).order_by(JobItem.position))
    for status, proposed, raw_input, error, position in db.session.execute(query):
        if status == "succeeded" and proposed:
            resolved.append(json.loads(proposed))
        else:
            row = (json.loads(raw_input) if raw_input else {}).get("row") or {}
            failed.append({**row, "quantity_value": row.get("quantity"), "position": position,
                           "status": status,
                           "reason": error or ""})
    return resolved, failed


def _image_names(rows: list[dict[str, Any]]) -> dict[str, str]:
    """Storage key → file name inside the ZIP (one file per distinct image)."""
    names: dict[str, str] = {}
    for row in rows:
        key = row.get("image_key")
        if key and key not in names:
            slug = re.sub(r"[^A-Za-z0-9._-]+", "-", row["sku"]).strip("-")[:60] or "image"
            names[key] = f"images/{len(names) + 1:04d}-{slug}.jpg"
    return names


def _logo(logo_key: str | None) -> bytes | None:
    if not logo_key:
        return None
    try:
        return storage().get(logo_key)
    except FileMissing:
        return None


def build_catalog(job_id: str) -> None:
    started = time.monotonic()
    job = db.session.get(Job, job_id)
    if job is None:
        return
    resolved, failed = _rows(job_id)
    if not resolved:
        return  # the runner marks the job failed with the rows' reasons
    store = storage()
    prefix = job_prefix(job.shop_id, job.id)
    definition = job.params["definition"]
    settings = definition["settings"]
    names = _image_names(resolved)
    images: dict[str, bytes] = {}
    for key, name in names.items():
        try:
            images[name] = store.get(key)
        except FileMissing:
            log.warning("cached image %s vanished; the row is shown without it", key)
    logo = _logo(definition.get("logo_key"))
    customer = {"name": job.customer_name, "email": job.customer_email,
                "phone": job.options.get("customer_phone")}
    job_view = {"customer": customer, "reference": job.reference}
    generated = utcnow()

    def relative(row: dict[str, Any]) -> str | None:
        name = names.get(row.get("image_key") or "")
        return name if name in images else None

    def inline(row: dict[str, Any]) -> str | None:
        name = relative(row)
        return None if name is None else (
            "data:image/jpeg;base64," + base64.b64encode(images[name]).decode())

    template = definition.get("custom_template") if definition["layout"] == "custom" else None
    zip_rows = present_rows(resolved, settings, relative)
    zip_context = context(zip_rows, definition, job_view,
                          logo="images/logo.png" if logo else None, generated=generated)
    zip_html = render_html(zip_context, template)
    assets = {**images, **({"images/logo.png": logo} if logo else {})}
    pdf = render_catalog_pdf(zip_context, assets, template)
    logo_uri = ("data:image/png;base64," + base64.b64encode(logo).decode()) if logo else None
    # Built after the PDF so the images inlined as text are not held while it is laid out.
    page_html = render_html(context(present_rows(resolved, settings, inline), definition,
                                    job_view, logo=logo_uri, generated=generated), template)
    csv_text = rows_csv(sorted([*({**row, "status": "succeeded",
                                     "reason": row.get("image_note") or ""} for row in zip_rows),
                                *failed], key=lambda row: row.get("position", 0)))

    store.delete_prefix(prefix)  # a rebuild (retry, crash) replaces the earlier files
    files = []
    for kind, data in (("html", page_html.encode()), ("pdf", pdf)):
        name, content_type = FILES[kind]
        size = store.put(prefix + name, data, content_type)
        files.append({"kind": kind, "name": name, "key": prefix + name,
                      "content_type": content_type, "size": size})
    with tempfile.SpooledTemporaryFile(max_size=32 * 1024 * 1024) as spool:
        with zipfile.ZipFile(spool, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("index.html", zip_html)
            archive.writestr("catalog.pdf", pdf, compress_type=zipfile.ZIP_STORED)
            archive.writestr("rows.csv", csv_text)
            for name, data in assets.items():
                archive.writestr(name, data, compress_type=zipfile.ZIP_STORED)
        spool.seek(0)
        name, content_type = FILES["zip"]
        size = store.put(prefix + name, spool, content_type)
        files.append({"kind": "zip", "name": name, "key": prefix + name,
                      "content_type": content_type, "size": size})
    _record(job, definition, resolved, failed, files, settings["currency"],
            time.monotonic() - started)


def _record(job: Job, definition: dict[str, Any], resolved: list[dict[str, Any]],
            failed: list[dict[str, Any]], files: list[dict[str, Any]], currency: str,
            seconds: float) -> None:
    from sqlalchemy import delete

    db.session.execute(delete(Catalog).where(Catalog.job_id == job.id))
    catalog = Catalog(id=new_id(), shop_id=job.shop_id, job_id=job.id,
                      definition_id=definition.get("id"), definition_name=definition["name"],
                      customer_name=job.customer_name, customer_email=job.customer_email,
                      reference=job.reference, rows=len(resolved),
                      unknown_rows=sum(1 for row in failed if row["status"] == "failed"),
                      currency=currency, files_json=json.dumps(files),
                      size_bytes=sum(f["size"] for f in files), build_seconds=round(seconds, 3),
                      created_at=datetime.now(UTC))
    db.session.add(catalog)
    db.session.execute(job_update().where(Job.id == job.id).values(
        catalog_id=catalog.id, file_locations_json=dumps(files), updated_at=utcnow()))
    db.session.commit()
