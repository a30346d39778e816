"""Import jobs against the sandbox store: our own export read back (nothing to change),
an edited one (items to review, a failed row with its line), publish, conflict, revert."""
from __future__ import annotations

import csv
import io
from urllib.parse import urlparse

import pytest
import requests

pytestmark = pytest.mark.e2e

COLUMNS = ["handle", "title", "description_html", "variant_id", "price", "compare_at_price"]


@pytest.fixture
def sandbox():  # type: ignore[no-untyped-def]
    """300 products: the round trip covers more than one page of reads."""
    from shopify_app.sandbox import SandboxServer
    from tests.conftest import API_KEY, API_SECRET

    with SandboxServer(products=300, plan="plus", api_key=API_KEY, api_secret=API_SECRET,
                       seed=11) as server:
        yield server


def _products(sandbox):  # type: ignore[no-untyped-def]
    return sorted(sandbox.store().products.values(), key=lambda p: p["_n"])


def _download(e2e_app, link) -> bytes:  # type: ignore[no-untyped-def]
    url = urlparse(link["url"])
    response = e2e_app.test_client().get(f"{url.path}?{url.query}")
    assert response.status_code == 200
    return response.data


def _upload(shop_api, data: bytes, name: str = "products.csv") -> str:  # type: ignore[no-untyped-def]
    response = shop_api.post("/api/uploads", data={"file": (io.BytesIO(data), name)},
                             content_type="multipart/form-data")
    assert response.status_code == 201, response.get_json()
    return response.get_json()["data"]["id"]


def _import(shop_api, run_worker, data: bytes, name: str = "products.csv"):  # type: ignore[no-untyped-def]
    upload_id = _upload(shop_api, data, name)
    created = shop_api.post("/api/jobs", json={"kind": "import",
                                               "options": {"upload_id": upload_id}})
    assert created.status_code == 201, created.get_json()
    run_worker()
    return _job(shop_api, created.get_json()["data"]["id"])


def _job(shop_api, job_id):  # type: ignore[no-untyped-def]
    return shop_api.get(f"/api/jobs/{job_id}").get_json()["data"]


def _items(shop_api, job_id):  # type: ignore[no-untyped-def]
    return shop_api.get(f"/api/jobs/{job_id}/items?limit=100").get_json()["data"]


def _export(shop_api, run_worker, e2e_app, columns=COLUMNS) -> list[list[str]]:  # type: ignore[no-untyped-def]
    created = shop_api.post("/api/jobs", json={"kind": "export", "options": {"columns": columns}})
    assert created.status_code == 201, created.get_json()
    run_worker()
    job = _job(shop_api, created.get_json()["data"]["id"])
    assert job["status"] == "completed" and job["counts"]["total"] == 300, job
    text = _download(e2e_app, job["file_locations"][0]).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def _csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode()


def _publish(shop_api, run_worker, job_id, **body):  # type: ignore[no-untyped-def]
    response = shop_api.post(f"/api/jobs/{job_id}/publish", json=body)
    assert response.status_code in (200, 202), response.get_json()
    run_worker()


def test_round_trip_publish_conflict_and_revert(shop_api, sandbox, run_worker, e2e_app):
    rows = _export(shop_api, run_worker, e2e_app)
    header, body = rows[0], rows[1:]
    unchanged = _import(shop_api, run_worker, _csv(rows))
    assert unchanged["status"] == "completed", unchanged
    assert unchanged["counts"]["total"] == 0 and unchanged["counts"]["pending_review"] == 0
    summary = unchanged["extras"]["import_summary"]
    assert summary == unchanged["import_summary"]
    assert summary["rows_read"] == len(body) and summary["failed_rows"] == 0
    assert summary["fields"]["title"] == {"change": 0, "unchanged": 300, "invalid": 0}
    assert summary["fields"]["price"]["unchanged"] == len(body)
    assert "file_locations" not in unchanged  # no failed rows, no file

    col = {name: header.index(name) for name in COLUMNS}
    firsts = [i for i, row in enumerate(body) if row[col["title"]]]
    described = firsts[:10]
    for n, i in enumerate(described):
        body[i][col["description_html"]] = f"<p>Imported description {n}</p>"
    priced = [i for i in range(len(body)) if i not in described][:5]
    for n, i in enumerate(priced):
        body[i][col["price"]] = f"{900 + n}.50"
    unknown = firsts[20]
    body[unknown][col["handle"]] = "no-such-product-anywhere"
    body[unknown][col["title"]] = "A title for nothing"
    job = _import(shop_api, run_worker, _csv([header, *body]))
    assert job["status"] == "review", job
    assert job["counts"]["total"] == 15 and job["counts"]["pending_review"] == 15
    summary = job["extras"]["import_summary"]
    assert summary["failed_rows"] == 1
    (failed,) = summary["failed"]
    assert failed["line"] == unknown + 2  # the header is line 1
    assert "no-such-product-anywhere" in failed["reason"]
    assert summary["fields"]["description_html"]["change"] == 10
    assert summary["fields"]["price"]["change"] == 5
    assert summary["fields"]["title"]["invalid"] == 1
    (link,) = job["file_locations"]
    assert link["label"] == "Failed rows" and link["name"].endswith(".csv")
    fix = list(csv.reader(io.StringIO(_download(e2e_app, link).decode("utf-8-sig"))))
    assert fix[0] == [*header, "error"] and len(fix) == 2
    assert fix[1][:len(header)] == body[unknown]
    assert fix[1][-1].startswith(f"Line {unknown + 2}:")

    items = _items(shop_api, job["id"])
    by_field: dict[str, list] = {}
    for item in items:
        by_field.setdefault(item["analysis"]["field"], []).append(item)
    assert {k: len(v) for k, v in by_field.items()} == {"description_html": 10, "price": 5}
    # Descriptions are shown rendered on the job page, prices as they are.
    assert all(i["html_value"] for i in by_field["description_html"])
    assert not any(i["html_value"] for i in by_field["price"])
    store = sandbox.store()
    before = {p["id"]: p["descriptionHtml"] for p in _products(sandbox)}
    for item in by_field["description_html"]:
        assert item["original"] == (before[item["product_id"]] or "")
        assert item["proposed"].startswith("<p>Imported description")
    _publish(shop_api, run_worker, job["id"])
    done = _job(shop_api, job["id"])
    assert done["counts"]["published"] == 15 and done["status"] == "completed", done
    for item in by_field["description_html"]:
        assert store.lookup(item["product_id"])["descriptionHtml"] == item["proposed"]
    for item in by_field["price"]:
        assert store.lookup(item["target_id"])["price"] == item["proposed"]

    # A second import, and a merchant's edit in Shopify before it is published.
    second = [header, *[list(body[i]) for i in firsts[30:32]]]
    for row in second[1:]:
        row[col["title"]] = row[col["title"]] + " (imported)"
    job2 = _import(shop_api, run_worker, _csv(second))
    assert job2["counts"]["total"] == 2, job2
    edited, other = sorted(_items(shop_api, job2["id"]), key=lambda i: i["id"])
    numeric = edited["product_id"].rsplit("/", 1)[-1]
    requests.patch(f"{sandbox.origin}/sandbox/shops/{sandbox.shop}/products/{numeric}",
                   json={"title": "The merchant's own title"}, timeout=10).raise_for_status()
    _publish(shop_api, run_worker, job2["id"])
    states = {i["id"]: i for i in _items(shop_api, job2["id"])}
    assert states[edited["id"]]["publish_status"] == "conflict"
    assert store.lookup(edited["product_id"])["title"] == "The merchant's own title"
    assert states[other["id"]]["publish_status"] == "published"
    assert store.lookup(other["product_id"])["title"] == other["proposed"]
    forced = shop_api.post(f"/api/items/{edited['id']}/publish", json={"force": True})
    assert forced.status_code in (200, 202), forced.get_json()
    run_worker()
    assert store.lookup(edited["product_id"])["title"] == edited["proposed"]
    undo = shop_api.post(f"/api/jobs/{job2['id']}/revert", json={})
    assert undo.status_code in (200, 202), undo.get_json()
    run_worker()
    # The forced write kept what it overwrote: the merchant's title comes back, not ours.
    assert store.lookup(edited["product_id"])["title"] == "The merchant's own title"
    assert store.lookup(other["product_id"])["title"] == other["original"]

    revert = shop_api.post(f"/api/jobs/{job['id']}/revert", json={})
    assert revert.status_code in (200, 202), revert.get_json()
    run_worker()
    assert all(i["publish_status"] == "reverted" for i in _items(shop_api, job["id"]))
    for item in by_field["description_html"]:
        assert (store.lookup(item["product_id"])["descriptionHtml"] or "") == item["original"]
    for item in by_field["price"]:
        assert store.lookup(item["target_id"])["price"] == item["original"]


def test_a_store_value_breaking_a_file_rule_round_trips(shop_api, sandbox, run_worker, e2e_app):
    # Shopify holds SEO titles longer than a file may set: the store's own export
    # imports back with nothing to do; a new over-long title still fails its row.
    long_title = "A very long search title kept by the store " * 2
    first, second = _products(sandbox)[:2]
    for product in (first, second):
        numeric = product["id"].rsplit("/", 1)[-1]
        requests.patch(f"{sandbox.origin}/sandbox/shops/{sandbox.shop}/products/{numeric}",
                       json={"seo": {"title": long_title.strip()}},
                       timeout=10).raise_for_status()
    rows = _export(shop_api, run_worker, e2e_app, ["handle", "title", "seo_title"])
    header, body = rows[0], rows[1:]
    assert sum(long_title.strip() in row for row in body) == 2
    unchanged = _import(shop_api, run_worker, _csv(rows))
    assert unchanged["status"] == "completed", unchanged
    summary = unchanged["import_summary"]
    assert unchanged["counts"]["total"] == 0 and summary["failed_rows"] == 0, summary
    assert summary["fields"]["seo_title"]["invalid"] == 0
    assert summary["fields"]["seo_title"]["unchanged"] == sum(
        1 for row in body if row[header.index("seo_title")])

    at = next(i for i, row in enumerate(body) if row[header.index("handle")] == second["handle"])
    body[at][header.index("seo_title")] = "x" * 71
    body[at][header.index("title")] = "A new title in a failing row"
    job = _import(shop_api, run_worker, _csv([header, *body]))
    summary = job["import_summary"]
    assert job["counts"]["total"] == 0 and summary["failed_rows"] == 1, summary
    assert summary["failed"][0]["line"] == at + 2
    assert "SEO title is 71 characters long" in summary["failed"][0]["reason"]
    assert sandbox.store().lookup(second["id"])["title"] == second["title"]
