"""Spreadsheet uploads: a file is checked, previewed and kept in storage under its shop
until an import job is created from it (see service.py)."""
from __future__ import annotations

from .service import (
    MAX_UPLOAD_BYTES,
    get_upload,
    open_upload,
    store_upload,
    too_large,
    upload_json,
)

__all__ = ["MAX_UPLOAD_BYTES", "get_upload", "open_upload", "store_upload", "too_large",
           "upload_json"]
