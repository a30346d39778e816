"""What an import request may say: the upload to read and how its prices are written.
Every problem names its field; another shop's upload looks exactly like a missing one."""
from __future__ import annotations

from typing import Any

from shopify_app.jobs.errors import InvalidInput, NotFound
from shopify_app.jobs.kinds.base import NewJob

OPTION_KEYS = ("upload_id", "decimal")
DECIMALS = ("auto", ".", ",")


def validate_body(body: dict[str, Any], shop: Any) -> NewJob:
    from shopify_app.uploads import get_upload

    options = body.get("options")
    if not isinstance(options, dict):
        raise InvalidInput([("options.upload_id", "options must be an object with the "
                                                  "upload_id of an uploaded spreadsheet")])
    problems: list[tuple[str, str]] = []
    unknown = [key for key in options if key not in OPTION_KEYS]
    if unknown:
        problems.append((f"options.{str(unknown[0])[:40]}",
                         f"unknown option {str(unknown[0])[:40]}; the options are "
                         f"{', '.join(OPTION_KEYS)}"))
    decimal = options.get("decimal", "auto")
    if decimal not in DECIMALS:
        problems.append(("options.decimal", 'decimal must be "auto", "." or ","'))
    record = None
    upload_id = options.get("upload_id")
    if not isinstance(upload_id, str) or not upload_id:
        problems.append(("options.upload_id", "upload_id is required: upload the "
                                              "spreadsheet first (POST /api/uploads)"))
    else:
        try:
            record = get_upload(shop.id, upload_id)
        except NotFound:
            problems.append(("options.upload_id", "No upload with this id: upload the "
                                                  "spreadsheet again"))
    title = body.get("title")
    if title is not None and (not isinstance(title, str) or len(title) > 255):
        problems.append(("title", "title must be text of at most 255 characters"))
    if problems or record is None:
        raise InvalidInput(problems)
    counts = record.get("counts") or {}
    return NewJob(title=title or f"Import — {record.get('name') or 'spreadsheet'}",
                  options={"upload_id": upload_id, "decimal": decimal},
                  params={"upload": {"id": upload_id, "name": record.get("name"),
                                     "size": record.get("size"),
                                     "rows": counts.get("rows")}})
