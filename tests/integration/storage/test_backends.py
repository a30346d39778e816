"""Both storage backends behave the same: the local disk, and S3 against a real server."""
from __future__ import annotations

import io

import pytest

from shopify_app.storage import FileMissing
from shopify_app.storage.local import LocalStorage
from shopify_app.storage.s3 import S3Storage


@pytest.fixture(params=["local", "s3"])
def store(request, tmp_path):  # type: ignore[no-untyped-def]
    if request.param == "local":
        return LocalStorage(tmp_path / "files")
    endpoint = request.getfixturevalue("s3_endpoint")
    bucket = request.getfixturevalue("s3_bucket")
    return S3Storage(bucket, endpoint_url=endpoint, region="us-east-1", prefix="app",
                     access_key="testing", secret_key="testing")


def test_put_get_list_delete(store):  # type: ignore[no-untyped-def]
    assert store.put("shops/1/jobs/a/catalog.pdf", b"%PDF-1.7 one", "application/pdf") == 12
    store.put("shops/1/jobs/a/images/1.jpg", b"jpeg", "image/jpeg")
    store.put("shops/1/jobs/b/catalog.pdf", b"other job")
    store.put("shops/2/jobs/a/catalog.pdf", b"other shop")
    assert store.get("shops/1/jobs/a/catalog.pdf") == b"%PDF-1.7 one"
    assert store.exists("shops/1/jobs/a/images/1.jpg") and store.size(
        "shops/1/jobs/a/images/1.jpg") == 4
    assert [f.key for f in store.list("shops/1/jobs/a/")] == [
        "shops/1/jobs/a/catalog.pdf", "shops/1/jobs/a/images/1.jpg"]
    with store.open("shops/1/jobs/b/catalog.pdf") as stream:
        assert stream.read() == b"other job"

    assert store.delete_prefix("shops/1/jobs/a/") == 2
    assert list(store.list("shops/1/jobs/a/")) == []
    assert not store.exists("shops/1/jobs/a/catalog.pdf")
    assert [f.key for f in store.list("shops/")] == ["shops/1/jobs/b/catalog.pdf",
                                                      "shops/2/jobs/a/catalog.pdf"]
    store.delete("shops/1/jobs/b/catalog.pdf")
    store.delete("shops/1/jobs/b/catalog.pdf")  # already gone: nothing happens
    with pytest.raises(FileMissing):
        store.get("shops/1/jobs/b/catalog.pdf")
    with pytest.raises(FileMissing):
        store.size("shops/1/jobs/b/catalog.pdf")


def test_large_file_streams_in_and_out(store):  # type: ignore[no-untyped-def]
    payload = bytes(range(256)) * (24 * 1024 + 7)  # ~6 MB: several S3 multipart parts
    assert store.put("shops/1/big.bin", io.BytesIO(payload)) == len(payload)
    with store.open("shops/1/big.bin") as stream:
        received = b"".join(iter(lambda: stream.read(1 << 20), b""))
    assert received == payload


def test_prefix_deletion_is_bounded_to_its_prefix(store):  # type: ignore[no-untyped-def]
    for index in range(1005):  # more than one DeleteObjects call on S3
        store.put(f"shops/3/jobs/x/images/{index}.jpg", b"x")
    store.put("shops/3/jobs/xy/keep.txt", b"keep")
    assert store.delete_prefix("shops/3/jobs/x/") == 1005
    assert [f.key for f in store.list("shops/3/")] == ["shops/3/jobs/xy/keep.txt"]


@pytest.mark.parametrize("key", ["../etc/passwd", "/abs", "a//b", "a/../b", "", "a/\x00",
                                 "x" * 1000])
def test_keys_that_could_escape_are_refused(store, key):  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError):
        store.put(key, b"x")
