"""The upload preview and the import job agree: a value past a limit that the store already
holds is a warning before the job and nothing to do in it; a price that is not a number
fails its row in both; an over-long value the store lacks fails its row in the job."""
from __future__ import annotations

import pytest
import requests

from tests.e2e.test_import_jobs import _job, _products, _upload

pytestmark = pytest.mark.e2e
LONG_TITLE = "A very long search title kept by the store, longer than a file may set it"


def _set_seo_title(sandbox, product, title: str) -> None:  # type: ignore[no-untyped-def]
    numeric = product["id"].rsplit("/", 1)[-1]
    requests.patch(f"{sandbox.origin}/sandbox/shops/{sandbox.shop}/products/{numeric}",
                   json={"seo": {"title": title}}, timeout=10).raise_for_status()


def _preview_then_job(shop_api, run_worker, text: str):  # type: ignore[no-untyped-def]
    upload_id = _upload(shop_api, text.encode())
    upload = shop_api.get(f"/api/uploads/{upload_id}").get_json()["data"]
    created = shop_api.post("/api/jobs", json={"kind": "import",
                                               "options": {"upload_id": upload_id}})
    assert created.status_code == 201, created.get_json()
    run_worker()
    return upload, _job(shop_api, created.get_json()["data"]["id"])


def test_the_preview_counts_what_the_job_fails(shop_api, sandbox, run_worker):  # type: ignore[no-untyped-def]
    assert len(LONG_TITLE) > 70
    first, second, third = _products(sandbox)[:3]
    _set_seo_title(sandbox, first, LONG_TITLE)

    # The file's only "problem" is the store's own over-long SEO title.
    upload, job = _preview_then_job(
        shop_api, run_worker, f'handle,seo_title\r\n{first["handle"]},"{LONG_TITLE}"\r\n')
    assert upload["counts"]["failed_rows"] == 0
    assert upload["counts"]["rows_fail_unless_unchanged"] == 1
    assert "unless your store already has this SEO title" in upload["rows"][0]["warnings"][0]
    summary = job["import_summary"]
    assert job["status"] == "completed", job
    assert summary["failed_rows"] == 0 and job["counts"]["total"] == 0, summary
    assert summary["fields"]["seo_title"] == {"change": 0, "unchanged": 1, "invalid": 0}

    # A price that is not a number fails in both; an over-long title the store lacks is a
    # warning in the preview and a failed row in the job, never a silent change.
    variant = second["variants"][0]
    upload, job = _preview_then_job(
        shop_api, run_worker,
        "handle,seo_title,variant_id,price\r\n"
        f'{first["handle"]},"{LONG_TITLE}",,\r\n'
        f'{second["handle"]},,{variant["id"]},abc\r\n'
        f'{third["handle"]},"{LONG_TITLE} too",,\r\n')
    counts = upload["counts"]
    assert counts["failed_rows"] == 1 and counts["rows_fail_unless_unchanged"] == 2
    assert upload["failed"][0]["line"] == 3
    summary = job["import_summary"]
    assert [row["line"] for row in summary["failed"]] == [3, 4], summary
    assert summary["failed_rows"] <= counts["failed_rows"] + counts["rows_fail_unless_unchanged"]
    assert summary["fields"]["seo_title"] == {"change": 0, "unchanged": 1, "invalid": 1}
    assert sandbox.store().lookup(third["id"]).get("seo", {}).get("title") != \
        f"{LONG_TITLE} too"
