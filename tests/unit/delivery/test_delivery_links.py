"""links_for: the catalog's links from the job, whatever shape the files are stored in."""
from __future__ import annotations

import pytest
from flask import Flask

from shopify_app.delivery.links import links_for
from shopify_app.models import Job
from shopify_app.models.job import dumps


@pytest.fixture(autouse=True)
def app_context():  # type: ignore[no-untyped-def]
    app = Flask(__name__)
    app.config["SHOPIFY_APP_URL"] = "https://shelf.example.com"
    with app.app_context():
        yield


def job(params=None, files=None) -> Job:  # type: ignore[no-untyped-def]
    return Job(id="j1", params_json=dumps(params or {}), file_locations_json=dumps(files))


def test_a_mapping_in_params_keeps_the_known_kinds_in_order():
    found = links_for(job({"files": {"zip": "https://s.example/c.zip",
                                     "html": "https://s.example/index.html",
                                     "csv": "https://s.example/rows.csv"}}))
    assert list(found.items()) == [("html", "https://s.example/index.html"),
                                   ("zip", "https://s.example/c.zip")]


def test_file_locations_by_kind_mime_type_or_name():
    found = links_for(job(files=[
        {"kind": "pdf", "url": "https://s.example/a?sig=1"},
        {"content_type": "application/zip", "type": "application/zip",
         "url": "https://s.example/b?sig=2"},
        {"name": "index.html", "url": "/files/c/index.html?sig=3"},
    ]))
    assert found == {"html": "https://shelf.example.com/files/c/index.html?sig=3",
                     "pdf": "https://s.example/a?sig=1", "zip": "https://s.example/b?sig=2"}


def test_only_http_links_are_ever_sent():
    found = links_for(job({"files": [
        {"kind": "html", "url": "javascript:alert(1)"},
        {"kind": "pdf", "url": "file:///etc/passwd"},
        {"kind": "zip", "url": "//evil.example/c.zip"},
        "not a dict",
    ]}))
    assert found == {}
    assert links_for(job()) == {}


def test_stored_catalog_files_get_fresh_signed_app_links():
    from flask import current_app

    current_app.config["SHOPIFY_API_SECRET"] = "test-secret-0123456789"
    found = links_for(job(files=[
        {"kind": "html", "name": "index.html", "key": "shops/1/jobs/j/index.html",
         "content_type": "text/html"},
        {"kind": "pdf", "name": "catalog.pdf", "key": "shops/1/jobs/j/catalog.pdf",
         "content_type": "application/pdf"}]))
    assert set(found) == {"html", "pdf"}
    assert all(url.startswith("https://shelf.example.com/files/") for url in found.values())
    assert "shops/1" not in found["pdf"]  # the storage key itself stays private
