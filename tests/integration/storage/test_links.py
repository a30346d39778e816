"""Signed download links: no session needed, 404 when forged, expired or deleted."""
from __future__ import annotations

import time

import pytest
from itsdangerous import URLSafeSerializer

from shopify_app.storage import sign, storage, url_for_key


@pytest.fixture(params=["local", "s3"])
def files_app(request, make_app):  # type: ignore[no-untyped-def]
    from shopify_app.extensions import db

    extra = {}
    if request.param == "s3":
        extra = {"SHELF_STORAGE": "s3", "S3_BUCKET": request.getfixturevalue("s3_bucket"),
                 "S3_ENDPOINT_URL": request.getfixturevalue("s3_endpoint"),
                 "S3_REGION": "us-east-1", "S3_ACCESS_KEY_ID": "testing",
                 "S3_SECRET_ACCESS_KEY": "testing"}
    app = make_app(**extra)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def _path(url: str) -> str:
    return url[url.index("/files/"):]


def test_a_signed_link_streams_the_file_without_a_session(files_app):  # type: ignore[no-untyped-def]
    storage().put("shops/1/jobs/j1/catalog.pdf", b"%PDF-1.7 body", "application/pdf")
    link = url_for_key("shops/1/jobs/j1/catalog.pdf", filename="catalog.pdf")
    assert link["url"].startswith("http") and link["expires_at"].endswith("Z")
    response = files_app.test_client().get(_path(link["url"]))
    assert response.status_code == 200
    assert response.data == b"%PDF-1.7 body" and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["Content-Length"] == "13"


def test_html_is_served_in_a_sandbox(files_app):  # type: ignore[no-untyped-def]
    storage().put("shops/1/jobs/j1/catalog.html", b"<script>alert(1)</script>")
    token, _ = sign("shops/1/jobs/j1/catalog.html", filename="catalog.html", inline=True)
    response = files_app.test_client().get(f"/files/{token}")
    policy = response.headers["Content-Security-Policy"]
    assert response.status_code == 200 and policy.startswith("sandbox;")
    assert "script-src" not in policy and "default-src 'none'" in policy
    assert response.headers["Content-Disposition"].startswith("inline;")


def test_forged_tampered_expired_and_deleted_links_answer_404(files_app):  # type: ignore[no-untyped-def]
    client = files_app.test_client()
    storage().put("shops/1/jobs/j1/catalog.pdf", b"one")
    storage().put("shops/2/jobs/j9/catalog.pdf", b"another shop's")
    token, _ = sign("shops/1/jobs/j1/catalog.pdf")
    assert client.get(f"/files/{token}").status_code == 200

    # Another key with the first link's signature, or a link signed with another secret.
    payload, signature = token.rsplit(".", 1)
    other, _ = sign("shops/2/jobs/j9/catalog.pdf")
    assert client.get(f"/files/{other.rsplit('.', 1)[0]}.{signature}").status_code == 404
    forged = URLSafeSerializer("not-the-app-secret", salt="shelf.files.v1").dumps(
        {"k": "shops/2/jobs/j9/catalog.pdf", "x": int(time.time()) + 3600, "n": "x.pdf", "i": 0})
    assert client.get(f"/files/{forged}").status_code == 404
    assert client.get(f"/files/{payload}.{signature[:-2]}xx").status_code == 404
    assert client.get("/files/garbage").status_code == 404

    expired, _ = sign("shops/1/jobs/j1/catalog.pdf", ttl=60, now=time.time() - 3600)
    response = client.get(f"/files/{expired}")
    # Someone clicking an emailed link reads a page, not JSON.
    assert response.status_code == 404 and "expired" in response.get_data(as_text=True)

    storage().delete("shops/1/jobs/j1/catalog.pdf")
    assert client.get(f"/files/{token}").status_code == 404
