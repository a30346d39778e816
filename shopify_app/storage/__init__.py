"""File storage with two backends (local disk, any S3-compatible store) and signed links.

``storage()`` returns the app's configured backend; keys are namespaced per shop
(``shops/<id>/...``) and per job, so a shop's or a job's files go with one
``delete_prefix``.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import current_app

from .base import (
    FileMissing,
    Storage,
    StorageError,
    StoredFile,
    check_key,
    definition_prefix,
    image_cache_prefix,
    iter_chunks,
    job_prefix,
    shop_prefix,
)
from .links import ExpiredLink, InvalidLink, sign, url_for_key, verify

BACKENDS = ("local", "s3")


def build_storage(config: dict[str, Any], instance_path: str) -> Storage:
    """The backend SHELF_STORAGE names, configured from the environment."""
    backend = config.get("SHELF_STORAGE", "local")
    if backend == "s3":
        from .s3 import S3Storage

        if not config.get("S3_BUCKET"):
            raise StorageError("SHELF_STORAGE=s3 needs S3_BUCKET")
        return S3Storage(config["S3_BUCKET"], endpoint_url=config.get("S3_ENDPOINT_URL"),
                         region=config.get("S3_REGION"), prefix=config.get("S3_PREFIX") or "",
                         access_key=config.get("S3_ACCESS_KEY_ID"),
                         secret_key=config.get("S3_SECRET_ACCESS_KEY"))
    if backend != "local":
        raise StorageError(f"SHELF_STORAGE must be one of {', '.join(BACKENDS)}")
    from .local import LocalStorage

    root = config.get("SHELF_STORAGE_PATH") or str(Path(instance_path) / "files")
    return LocalStorage(root)


def storage() -> Storage:
    """The app's storage, built on first use and shared by its threads."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    found = app.extensions.get("storage")
    if found is None:
        found = app.extensions["storage"] = build_storage(app.config, app.instance_path)
    return found


__all__ = ["BACKENDS", "ExpiredLink", "FileMissing", "InvalidLink", "Storage", "StorageError",
           "StoredFile", "build_storage", "check_key", "definition_prefix",
           "image_cache_prefix", "iter_chunks", "job_prefix", "shop_prefix", "sign", "storage",
           "url_for_key", "verify"]
