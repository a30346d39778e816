"""Uploads kept in storage: the file and a small JSON record beside it.

A file is read in full before anything is stored, so a file that cannot be used
(too large, unreadable, no key column) leaves nothing behind. The record holds
what the import page shows: detected encoding and delimiter, the column mapping,
the first rows with what each would change, and counts per field. Values past a limit
(an SEO title longer than 70 characters…) are counted apart from failed rows: the job
leaves them alone when the store already holds them, and fails their rows otherwise.
"""
from __future__ import annotations

import json
import re
import tempfile
from itertools import islice
from typing import IO, Any

from shopify_app.errors import ApiError, ValidationError
from shopify_app.jobs.errors import NotFound
from shopify_app.jobs.ids import is_job_id, new_id
from shopify_app.models.types import utcnow
from shopify_app.spreadsheets import (
    DEFAULT_LIMITS,
    FileError,
    FileTooLargeError,
    ImportSettings,
    preview,
    read_changes,
    unless_unchanged,
)
from shopify_app.storage import FileMissing, check_key, shop_prefix, storage

MAX_UPLOAD_BYTES = DEFAULT_LIMITS.max_bytes
PREVIEW_ROWS = 10
LISTED = 20
# Read as the import job reads: a value past a limit is not a failed row, since the job
# leaves it alone when the store holds it already; the preview warns about it instead.
PREVIEW_SETTINGS = ImportSettings(defer_checks=True)
CHUNK = 1024 * 1024
RECORD = "upload.json"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def upload_prefix(shop_id: int, upload_id: str) -> str:
    return check_key(f"{shop_prefix(shop_id)}uploads/{upload_id}") + "/"


def _safe_name(name: str | None) -> str:
    cleaned = _UNSAFE.sub("-", (name or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1]).strip("-.")
    return (cleaned or "upload.csv")[:120]


def too_large() -> ApiError:
    return ApiError(413, f"The file is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB. "
                         "Split it into smaller files and import each one.")


def _spool(stream: IO[bytes]) -> tuple[IO[bytes], int]:
    """Copy the upload to a temporary file, refusing it once it passes the limit."""
    spool = tempfile.TemporaryFile()  # noqa: SIM115 — the caller closes it
    size = 0
    while chunk := stream.read(CHUNK):
        size += len(chunk)
        if size > MAX_UPLOAD_BYTES:
            spool.close()
            raise too_large()
        spool.write(chunk)
    spool.seek(0)
    return spool, size


def store_upload(shop_id: int, stream: IO[bytes], filename: str | None,
                 content_type: str | None, created_by: str | None) -> dict[str, Any]:
    """Check, preview and keep an uploaded spreadsheet; the record of the upload."""
    spool, size = _spool(stream)
    with spool:
        if not size:
            raise ValidationError([("file", "The file is empty")])
        try:
            shown = preview(spool, rows=PREVIEW_ROWS, settings=PREVIEW_SETTINGS)
            spool.seek(0)
            result = read_changes(spool, PREVIEW_SETTINGS)
        except FileTooLargeError as exc:
            raise too_large() from exc
        except FileError as exc:
            raise ValidationError([("file", exc.message)]) from exc
        changes = result.changes
        upload_id = new_id()
        name = _safe_name(filename)
        record = {
            "id": upload_id, "name": name, "size": size, "created_by": created_by,
            "created_at": utcnow().isoformat().replace("+00:00", "Z"),
            "file": shown.file, "headers": list(shown.headers), "mapping": shown.mapping,
            "rows": shown.rows,
            "counts": {"rows": changes.rows_read, "changes": len(changes),
                       "failed_rows": len(changes.failed),
                       "rows_fail_unless_unchanged": changes.rows_fail_unless_unchanged,
                       "per_field": changes.counts()},
            "failed": [{"line": f.line, "reason": f.message} for f in changes.failed[:LISTED]],
            "fail_unless_unchanged": [
                {"line": c.line, "field": c.field, "reason": unless_unchanged(c)}
                for c in islice((c for c in changes.changes() if c.problem is not None),
                                LISTED)],
        }
        prefix = upload_prefix(shop_id, upload_id)
        spool.seek(0)
        store = storage()
        store.put(prefix + name, spool, content_type or "application/octet-stream")
        store.put(prefix + RECORD, json.dumps({**record, "key": prefix + name}).encode(),
                  "application/json")
    return record


def get_upload(shop_id: int, upload_id: str) -> dict[str, Any]:
    """The shop's upload record (with its storage key), or NotFound — another shop's id
    looks exactly like a missing one."""
    if not is_job_id(upload_id):
        raise NotFound(f"Upload {str(upload_id)[:40]} was not found")
    try:
        raw = storage().get(upload_prefix(shop_id, upload_id) + RECORD)
    except FileMissing as exc:
        raise NotFound(f"Upload {upload_id} was not found") from exc
    return json.loads(raw)


def open_upload(record: dict[str, Any]) -> IO[bytes]:
    """The uploaded file, for reading (raises FileMissing when it was deleted)."""
    return storage().open(record["key"])


def upload_json(record: dict[str, Any]) -> dict[str, Any]:
    """What the API shows of an upload (never its storage key)."""
    return {key: value for key, value in record.items() if key != "key"}
