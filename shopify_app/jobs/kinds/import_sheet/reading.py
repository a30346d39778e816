"""The fan-out's work: the stored upload → the items to review, the import summary and
the failed-rows file (kept with the job, so a fixed file can be uploaded again).

Runs again from the start after a crash; the summary and the file are rewritten the
same way, and the engine resumes the items after the ones already stored.
"""
from __future__ import annotations

import shutil
import tempfile
from typing import IO, Any

from shopify_app.extensions import db
from shopify_app.jobs.kinds.base import ItemSpec, RunContext
from shopify_app.models import Job
from shopify_app.models.job import dumps, job_update
from shopify_app.models.types import utcnow
from shopify_app.spreadsheets import FileError, ImportSettings, write_failed_rows
from shopify_app.storage import job_prefix, storage
from shopify_app.uploads import get_upload, open_upload

from .compare import compare_file
from .targets import load_index

FAILED_LABEL = "Failed rows"


class UnreadableUpload(Exception):
    """The stored upload is gone or can no longer be read; the job fails with this."""


def _spooled(record: dict[str, Any]) -> IO[bytes]:
    """The upload as a seekable local file (XLSX needs one; storage may be remote)."""
    spool = tempfile.TemporaryFile()  # noqa: SIM115 — the caller closes it
    with open_upload(record) as stream:
        shutil.copyfileobj(stream, spool, 1024 * 1024)
    spool.seek(0)
    return spool


def plan_items(context: RunContext) -> list[ItemSpec]:
    job = context.job
    try:
        record = get_upload(job.shop_id, job.options["upload_id"])
        spool = _spooled(record)
    except Exception as exc:
        raise UnreadableUpload("The uploaded file is no longer stored: upload it again") \
            from exc
    # Rules apply to values that would change: checked against the store (plan.py).
    settings = ImportSettings(decimal=job.options.get("decimal", "auto"), defer_checks=True)
    client = context.shopify()
    with spool:
        try:
            compared = compare_file(spool, settings, lambda wanted: load_index(client, wanted))
        except FileError as exc:
            raise UnreadableUpload(exc.message) from exc
        files = _store_failed_rows(job.shop_id, job.id, compared.headers, compared.failed)
    summary = compared.summary
    db.session.execute(job_update().where(Job.id == job.id).values(
        params_json=dumps({**job.params, "import_summary": summary}),
        file_locations_json=dumps(files) if files else None, updated_at=utcnow()))
    db.session.commit()
    return compared.plan.items


def _store_failed_rows(shop_id: int, job_id: str, headers: tuple[str, ...],
                       failed: list[Any]) -> list[dict[str, Any]]:
    store = storage()
    store.delete_prefix(job_prefix(shop_id, job_id))
    if not failed:
        return []
    name = f"failed-rows-{job_id[-8:].lower()}.csv"
    key = job_prefix(shop_id, job_id) + name
    with tempfile.TemporaryFile() as out:
        rows = write_failed_rows(out, headers, failed)
        out.seek(0)
        size = store.put(key, out, "text/csv")
    return [{"kind": "csv", "label": FAILED_LABEL, "name": name, "key": key,
             "content_type": "text/csv", "size": size, "rows": rows}]


def delete_files(job: Job) -> int:
    return storage().delete_prefix(job_prefix(job.shop_id, job.id))
