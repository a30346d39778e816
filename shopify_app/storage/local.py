"""Files on the local disk (the default; one machine, or a shared volume)."""
from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from .base import CHUNK_BYTES, FileMissing, StorageError, StoredFile, check_key


class LocalStorage:
    name = "local"

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root).resolve()

    def _path(self, key: str) -> Path:
        path = (self.root / check_key(key)).resolve()
        if self.root not in path.parents:
            raise ValueError(f"not a valid storage key: {key!r}")
        return path

    def put(self, key: str, data: bytes | BinaryIO, content_type: str | None = None) -> int:
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # Written beside the target and renamed: a reader never sees half a file.
            handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
            with os.fdopen(handle, "wb") as out:
                if isinstance(data, bytes | bytearray | memoryview):
                    out.write(data)
                else:
                    shutil.copyfileobj(data, out, CHUNK_BYTES)
                size = out.tell()
            os.replace(temp, path)
        except OSError as exc:
            raise StorageError(f"could not store {key}: {exc}") from exc
        return size

    def get(self, key: str) -> bytes:
        with self.open(key) as stream:
            return stream.read()

    def open(self, key: str) -> BinaryIO:
        try:
            return self._path(key).open("rb")
        except FileNotFoundError as exc:
            raise FileMissing(key) from exc
        except IsADirectoryError as exc:
            raise FileMissing(key) from exc

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def size(self, key: str) -> int:
        try:
            return self._path(key).stat().st_size
        except FileNotFoundError as exc:
            raise FileMissing(key) from exc

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def delete_prefix(self, prefix: str) -> int:
        removed = 0
        for stored in list(self.list(prefix)):
            self.delete(stored.key)
            removed += 1
        self._prune(prefix)
        return removed

    def _prune(self, prefix: str) -> None:
        """Remove the directories a deleted prefix leaves empty."""
        folder = prefix.rstrip("/")
        if not folder:
            return
        path = self._path(folder)
        if path.is_dir():
            for directory in sorted((p for p in path.rglob("*") if p.is_dir()), reverse=True):
                _rmdir_quietly(directory)
            _rmdir_quietly(path)

    def list(self, prefix: str = "") -> Iterator[StoredFile]:
        if not self.root.exists():
            return
        base = prefix.rsplit("/", 1)[0] if "/" in prefix else ""
        start = self._path(base) if base else self.root
        if not start.is_dir():
            return
        found = []
        for path in start.rglob("*"):
            if path.is_file() and not path.name.startswith(".upload-"):
                key = path.relative_to(self.root).as_posix()
                if key.startswith(prefix):
                    found.append(StoredFile(key=key, size=path.stat().st_size))
        yield from sorted(found, key=lambda f: f.key)


def _rmdir_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):  # not empty (a file arrived meanwhile) or gone
        path.rmdir()
