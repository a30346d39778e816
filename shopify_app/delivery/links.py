"""The catalog's download links for a message: the one place that knows where they live.

Wire this to the file storage's signed URLs: a resend then mails fresh links
rather than ones that may have expired since the catalog was built.
"""
from __future__ import annotations

from typing import Any
from urllib.parse import urljoin, urlparse

from flask import current_app

from shopify_app.models import Job

KINDS = ("html", "pdf", "zip")
_ALIASES = {"htm": "html", "index": "html", "catalog": "html", "web": "html"}


def links_for(job: Job) -> dict[str, str]:
    """{"html": url, "pdf": url, "zip": url} — only the kinds stored, absolute http(s) URLs.

    Reads `job.params["files"]` (a {kind: url} mapping or a list of file dicts) and
    else `job.file_locations` (a list of dicts with a `url` and a `kind`, `format`,
    `name` or `path` that tells what the file is).
    """
    from shopify_app.jobs.serialize import file_links

    # Signed afresh at every send, so a resend never mails links that expired meanwhile.
    stored = job.file_locations or []
    files: Any = job.params.get("files") or [
        *file_links(stored), *(entry for entry in stored
                               if isinstance(entry, dict) and not entry.get("key"))]
    found: dict[str, str] = {}
    if isinstance(files, dict):
        entries = [{"kind": kind, "url": url} for kind, url in files.items()]
    else:
        entries = [entry for entry in files if isinstance(entry, dict)]
    for entry in entries:
        kind, url = _kind(entry), _absolute(entry.get("url") or entry.get("href"))
        if kind and url and kind not in found:
            found[kind] = url
    return {kind: found[kind] for kind in KINDS if kind in found}


def _kind(entry: dict[str, Any]) -> str | None:
    for key in ("kind", "format", "type"):
        value = str(entry.get(key) or "").lower().lstrip(".")
        value = _ALIASES.get(value, value.rpartition("/")[2])  # text/html, application/pdf
        if value in KINDS:
            return value
    for key in ("name", "filename", "path", "url"):
        name = urlparse(str(entry.get(key) or "")).path.lower()
        extension = name.rpartition(".")[2] if "." in name else ""
        extension = _ALIASES.get(extension, extension)
        if extension in KINDS:
            return extension
    return None


def _absolute(url: Any) -> str | None:
    """Relative paths become links to the app; anything but http(s) is dropped."""
    if not isinstance(url, str) or not url.strip():
        return None
    url = url.strip()
    if url.startswith("/") and not url.startswith("//"):
        url = urljoin(current_app.config["SHOPIFY_APP_URL"] + "/", url.lstrip("/"))
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        return None
    return url
