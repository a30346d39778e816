"""What every storage backend offers, and how keys are named."""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO, Protocol

# Keys are ours, never a merchant's: a conservative alphabet keeps them valid on every
# backend and stops "..", absolute paths and control characters at the door.
_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._\-]*(/[A-Za-z0-9][A-Za-z0-9._\-]*)*$")
CHUNK_BYTES = 1024 * 1024


class StorageError(Exception):
    """The backend failed (disk full, bucket unreachable)."""


class FileMissing(StorageError):
    """No file is stored under the key."""


@dataclass(frozen=True)
class StoredFile:
    key: str
    size: int


def check_key(key: str) -> str:
    if not isinstance(key, str) or len(key) > 900 or not _KEY.match(key) or ".." in key:
        raise ValueError(f"not a valid storage key: {key!r}")
    return key


def shop_prefix(shop_id: int) -> str:
    return f"shops/{int(shop_id)}/"


def job_prefix(shop_id: int, job_id: str) -> str:
    return check_key(f"{shop_prefix(shop_id)}jobs/{job_id}") + "/"


def definition_prefix(shop_id: int, definition_id: str) -> str:
    return check_key(f"{shop_prefix(shop_id)}definitions/{definition_id}") + "/"


def image_cache_prefix(shop_id: int) -> str:
    return f"{shop_prefix(shop_id)}image-cache/"


class Storage(Protocol):
    """A flat namespace of keys. Every method is safe to call from several threads."""

    name: str

    def put(self, key: str, data: bytes | BinaryIO, content_type: str | None = None) -> int:
        """Store bytes or a readable binary file (streamed); returns the size stored."""

    def get(self, key: str) -> bytes:
        """The whole file; FileMissing when absent."""

    def open(self, key: str) -> BinaryIO:
        """A readable stream of the file (close it); FileMissing when absent."""

    def exists(self, key: str) -> bool: ...

    def size(self, key: str) -> int:
        """Bytes stored; FileMissing when absent."""

    def delete(self, key: str) -> None:
        """Remove one file; nothing happens if it is already gone."""

    def delete_prefix(self, prefix: str) -> int:
        """Remove every file under ``prefix``; returns how many went."""

    def list(self, prefix: str = "") -> Iterator[StoredFile]:
        """Every file whose key starts with ``prefix``, in key order."""


def iter_chunks(stream: BinaryIO, size: int = CHUNK_BYTES) -> Iterator[bytes]:
    """Read a stream in chunks and close it at the end (or when the reader stops)."""
    try:
        while True:
            chunk = stream.read(size)
            if not chunk:
                return
            yield chunk
    finally:
        stream.close()
