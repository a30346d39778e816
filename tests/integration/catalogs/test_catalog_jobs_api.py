"""Creating catalog jobs: every field checked, 422 naming the field and row; row parsing."""
from __future__ import annotations

import io

import pytest

DEFINITION = {"name": "Trade prices", "layout": "grid"}


@pytest.fixture
def definition_id(api):  # type: ignore[no-untyped-def]
    return api.post("/api/catalog-definitions", json=DEFINITION).get_json()["data"]["id"]


def _body(definition: str, /, **changes):  # type: ignore[no-untyped-def]
    body = {"kind": "build_catalog", "definition_id": definition,
            "customer": {"name": "Acme Retail", "email": "buyer@acme.example"},
            "reference": "PO-1", "items": [{"sku": "A-1", "quantity": 2, "price": "9.50"}]}
    body.update(changes)
    return body


def _errors(response) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {e["source"]["pointer"]: e["detail"] for e in response.get_json()["errors"]}


def test_a_valid_job_is_created_pending_with_the_customer(api, definition_id):  # type: ignore[no-untyped-def]
    response = api.post("/api/jobs", json=_body(
        definition_id, customer={"name": " Acme Retail ", "email": "Buyer@ACME.example",
                                 "phone": "+1 415 555 0123"},
        items=[{"sku": "A-1"}, {"sku": "B-2", "quantity": "3", "price": "1,299.00"}]))
    assert response.status_code == 201, response.get_json()
    job = response.get_json()["data"]
    assert job["status"] == "pending" and job["kind"] == "build_catalog"
    assert job["customer"] == {"name": "Acme Retail", "email": "Buyer@acme.example",
                               "phone": "+14155550123"}
    assert job["reference"] == "PO-1" and job["definition_id"] == definition_id
    assert job["title"] == "Catalog for Acme Retail — PO-1"
    assert job["options"] == {"merge_duplicates": False, "rows": 2,
                              "definition_name": "Trade prices"}
    found = api.get("/api/jobs?q=po-1").get_json()
    assert [j["id"] for j in found["data"]] == [job["id"]]  # searchable by reference


def test_flat_customer_fields_are_accepted_too(api, definition_id):  # type: ignore[no-untyped-def]
    body = _body(definition_id, customer=None, customer_name="Flat Ltd",
                 customer_email="flat@example.com")
    response = api.post("/api/jobs", json=body)
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["data"]["customer"]["name"] == "Flat Ltd"


@pytest.mark.parametrize(("changes", "pointer", "words"), [
    ({"customer": {"name": "Acme", "email": "not-an-email"}}, "/customer_email",
     "customer_email is not a valid email address"),
    ({"customer": {"name": "Acme"}}, "/customer_email", "customer_email is required"),
    ({"customer": {"name": " ", "email": "a@b.example"}}, "/customer_name",
     "customer_name is required"),
    ({"customer": {"name": "Acme", "email": "a@b.example", "phone": "0415 555"}},
     "/customer_phone", "international format"),
    ({"customer": {"name": "Acme", "email": "a@b.example", "phone": "+1 23"}},
     "/customer_phone", "not a possible phone number"),
    ({"items": []}, "/items", "at least one row"),
    ({"items": [{"sku": "A"}, {"sku": "B"}, {"description": "no sku", "quantity": 1}]},
     "/items[3]/sku", "items[3].sku is required"),
    ({"items": [{"sku": "A", "quantity": 0}]}, "/items[1]/quantity", "whole number"),
    ({"items": [{"sku": "A", "quantity": 1.5}]}, "/items[1]/quantity", "whole number"),
    ({"items": [{"sku": "A", "price": "ten"}]}, "/items[1]/price", "a number"),
    ({"items": [{"sku": "A", "price": "-1"}]}, "/items[1]/price", "a number"),
    ({"items": [{"sku": "A", "colour": "red"}]}, "/items[1]/colour", "not a known field"),
    ({"items": ["A-1"]}, "/items[1]", "must be an object"),
    ({"reference": "x" * 256}, "/reference", "at most 255"),
    ({"definition_id": "nope"}, "/definition_id", "not a catalog definition"),
    ({"definition_id": None}, "/definition_id", "definition_id is required"),
    ({"surprise": 1}, "/surprise", "not a field"),
])
def test_invalid_bodies_are_422_naming_the_field(api, definition_id, changes, pointer, words):  # type: ignore[no-untyped-def]
    response = api.post("/api/jobs", json=_body(definition_id, **changes))
    assert response.status_code == 422, response.get_json()
    errors = _errors(response)
    assert pointer in errors and words in errors[pointer], errors


def test_too_many_rows_and_inactive_or_foreign_definitions(api, definition_id, app):  # type: ignore[no-untyped-def]
    app.config["SHELF_CATALOG_MAX_ROWS"] = 10
    response = api.post("/api/jobs", json=_body(definition_id, items=[
        {"sku": f"S-{i}"} for i in range(11)]))
    assert response.status_code == 422 and "at most 10" in _errors(response)["/items"]

    api.patch(f"/api/catalog-definitions/{definition_id}", json={"active": False})
    inactive = api.post("/api/jobs", json=_body(definition_id))
    assert inactive.status_code == 422
    assert "not active" in _errors(inactive)["/definition_id"]

    stranger = api.as_user("900", shop="other-shop.myshopify.com")
    foreign = stranger.post("/api/jobs", json=_body(definition_id))
    assert foreign.status_code == 422
    assert "not a catalog definition of this shop" in _errors(foreign)["/definition_id"]
    none_yet = stranger.post("/api/jobs", json=_body("", definition_id=None))
    assert "no active catalog definition" in _errors(none_yet)["/definition_id"]


def test_duplicate_rows_are_kept_or_merged(api, definition_id):  # type: ignore[no-untyped-def]
    rows = [{"sku": "A", "quantity": 1}, {"sku": "B"}, {"sku": "A", "quantity": 4}]
    kept = api.post("/api/jobs", json=_body(definition_id, items=rows)).get_json()["data"]
    merged = api.post("/api/jobs", json=_body(definition_id, items=rows, options={
        "merge_duplicates": True})).get_json()["data"]
    from shopify_app.extensions import db
    from shopify_app.models import Job

    assert [r["quantity"] for r in db.session.get(Job, kept["id"]).params["items"]] == [1, 1, 4]
    assert [(r["sku"], r["quantity"]) for r in db.session.get(Job, merged["id"]).params[
        "items"]] == [("A", 5), ("B", 1)]


def test_pasted_and_uploaded_rows_are_parsed(api):  # type: ignore[no-untyped-def]
    pasted = "SKU\tDescription\tQty\tPrice\nA-1\tBlue mug\t12\t4.50\nB-2\t\t\t\n\tno sku\t1\t2\n"
    response = api.post("/api/catalog-rows/parse", json={"text": pasted})
    assert response.status_code == 200, response.get_json()
    data = response.get_json()["data"]
    assert data["items"] == [
        {"sku": "A-1", "description": "Blue mug", "quantity": 12, "price": "4.50"},
        {"sku": "B-2", "description": "", "quantity": 1, "price": None}]
    assert data["problems"] == [{"line": 4, "field": "sku", "detail": "line 4: sku is required"}]

    headerless = api.post("/api/catalog-rows/parse", json={"text": "C-3,Lamp,2,19.99\n"})
    assert headerless.get_json()["data"]["items"][0] == {
        "sku": "C-3", "description": "Lamp", "quantity": 2, "price": "19.99"}

    upload = io.BytesIO("\ufeffqty;sku;price\n5;D-4;7,00\n1;E-5;1.299,50\n2;F-6;lots\n"
                        .encode())
    uploaded = api.post("/api/catalog-rows/parse", data={"file": (upload, "rows.csv")},
                        content_type="multipart/form-data")
    body = uploaded.get_json()["data"]
    assert [(r["sku"], r["quantity"], r["price"]) for r in body["items"]] == [
        ("D-4", 5, "7.00"), ("E-5", 1, "1299.50")]
    assert body["problems"] == [{"line": 4, "field": "price",
                                 "detail": "line 4: price must be a number such as 12.50"}]

    big = api.post("/api/catalog-rows/parse", json={"text": "A,b,1,2\n" * 400_000})
    assert big.status_code == 413
