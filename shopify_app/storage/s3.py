"""Files in any S3-compatible object store (AWS S3, MinIO, R2, ...), through boto3.

For deployments whose workers run on several machines: every process sees the
same files. Credentials come the usual boto3 way (AWS_ACCESS_KEY_ID /
AWS_SECRET_ACCESS_KEY, a profile or an instance role).
"""
from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any, BinaryIO

from .base import FileMissing, StorageError, StoredFile, check_key

DELETE_BATCH = 1000  # DeleteObjects takes at most this many keys


class S3Storage:
    name = "s3"

    def __init__(self, bucket: str, *, endpoint_url: str | None = None,
                 region: str | None = None, prefix: str = "",
                 access_key: str | None = None, secret_key: str | None = None) -> None:
        import boto3
        from botocore.config import Config

        self.bucket = bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        # One client for the process: boto3 clients are safe to share between threads.
        self.client = boto3.session.Session().client(
            "s3", endpoint_url=endpoint_url or None, region_name=region or None,
            aws_access_key_id=access_key or None, aws_secret_access_key=secret_key or None,
            config=Config(retries={"max_attempts": 5, "mode": "standard"},
                          connect_timeout=5, read_timeout=60,
                          s3={"addressing_style": "path" if endpoint_url else "auto"}))

    def _key(self, key: str) -> str:
        return self.prefix + check_key(key)

    def _errors(self) -> tuple[type[Exception], ...]:
        from botocore.exceptions import BotoCoreError, ClientError

        return (BotoCoreError, ClientError)

    def put(self, key: str, data: bytes | BinaryIO, content_type: str | None = None) -> int:
        extra: dict[str, Any] = {"ContentType": content_type} if content_type else {}
        try:
            if isinstance(data, bytes | bytearray | memoryview):
                self.client.put_object(Bucket=self.bucket, Key=self._key(key), Body=bytes(data),
                                       **extra)
                return len(data)
            # upload_fileobj streams in parts, so a large file is never held in memory.
            counter = _CountingReader(data)
            self.client.upload_fileobj(counter, self.bucket, self._key(key),
                                       ExtraArgs=extra or None)
            return counter.count
        except self._errors() as exc:
            raise StorageError(f"could not store {key}: {exc}") from exc

    def get(self, key: str) -> bytes:
        with self.open(key) as stream:
            return stream.read()

    def open(self, key: str) -> BinaryIO:
        try:
            answer = self.client.get_object(Bucket=self.bucket, Key=self._key(key))
        except self._errors() as exc:
            if _not_found(exc):
                raise FileMissing(key) from exc
            raise StorageError(f"could not read {key}: {exc}") from exc
        return answer["Body"]  # a StreamingBody: read() in chunks, close()

    def exists(self, key: str) -> bool:
        try:
            self.size(key)
        except FileMissing:
            return False
        return True

    def size(self, key: str) -> int:
        try:
            head = self.client.head_object(Bucket=self.bucket, Key=self._key(key))
        except self._errors() as exc:
            if _not_found(exc):
                raise FileMissing(key) from exc
            raise StorageError(f"could not read {key}: {exc}") from exc
        return int(head["ContentLength"])

    def delete(self, key: str) -> None:
        try:
            self.client.delete_object(Bucket=self.bucket, Key=self._key(key))
        except self._errors() as exc:
            if not _not_found(exc):
                raise StorageError(f"could not delete {key}: {exc}") from exc

    def delete_prefix(self, prefix: str) -> int:
        keys = [self.prefix + f.key for f in self.list(prefix)]
        for start in range(0, len(keys), DELETE_BATCH):
            chunk = keys[start:start + DELETE_BATCH]
            try:
                answer = self.client.delete_objects(Bucket=self.bucket, Delete={
                    "Objects": [{"Key": k} for k in chunk], "Quiet": True})
            except self._errors() as exc:
                raise StorageError(f"could not delete {prefix}: {exc}") from exc
            if answer.get("Errors"):
                raise StorageError(f"could not delete {answer['Errors'][0].get('Key')}: "
                                   f"{answer['Errors'][0].get('Message')}")
        return len(keys)

    def list(self, prefix: str = "") -> Iterator[StoredFile]:
        paginator = self.client.get_paginator("list_objects_v2")
        try:
            for page in paginator.paginate(Bucket=self.bucket, Prefix=self.prefix + prefix):
                for entry in page.get("Contents") or ():
                    yield StoredFile(key=entry["Key"][len(self.prefix):],
                                     size=int(entry["Size"]))
        except self._errors() as exc:
            raise StorageError(f"could not list {prefix}: {exc}") from exc


def _not_found(exc: Exception) -> bool:
    response = getattr(exc, "response", None) or {}
    code = str((response.get("Error") or {}).get("Code", ""))
    status = (response.get("ResponseMetadata") or {}).get("HTTPStatusCode")
    return code in ("404", "NoSuchKey", "NotFound") or status == 404


class _CountingReader(io.RawIOBase):
    """Wraps a stream to count the bytes boto3 read from it."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream, self.count = stream, 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.count += len(data)
        return data
