"""/api/catalog-definitions: CRUD, strict validation, the sandboxed custom layout, roles."""
from __future__ import annotations

import io

import pytest
from PIL import Image
from sqlalchemy import select

from shopify_app.extensions import db
from shopify_app.models import Shop, StaffMember

BASE = {"name": "Spring line sheet", "layout": "line_sheet", "currency": "EUR",
        "number_format": "de_DE"}


def _reader(api):  # type: ignore[no-untyped-def]
    reader = api.as_user("3")
    reader.get("/api/me")
    shop = db.session.scalars(select(Shop)).one()
    staff = db.session.scalars(select(StaffMember).where(
        StaffMember.shop_id == shop.id, StaffMember.shopify_user_id == "3")).one()
    staff.role = "read"
    db.session.commit()
    return reader


def _pointers(response) -> set[str]:  # type: ignore[no-untyped-def]
    return {e["source"]["pointer"] for e in response.get_json()["errors"]}


def test_create_read_update_list_delete(api):  # type: ignore[no-untyped-def]
    created = api.post("/api/catalog-definitions", json=BASE)
    assert created.status_code == 201, created.get_json()
    data = created.get_json()["data"]
    assert created.headers["Location"] == f"/api/catalog-definitions/{data['id']}"
    assert data["active"] is True and data["columns"][0] == "image"  # defaults filled in
    assert data["branding"]["accent_color"] == "#1f4e79" and data["page_size"] == "A4"

    changed = api.patch(f"/api/catalog-definitions/{data['id']}", json={
        "branding": {"cover_page": True}, "grouping": "vendor", "page_size": "Letter"})
    assert changed.status_code == 200, changed.get_json()
    body = changed.get_json()["data"]
    assert body["branding"]["cover_page"] is True and body["grouping"] == "vendor"
    assert body["branding"]["accent_color"] == "#1f4e79"  # untouched branding kept
    assert api.get(f"/api/catalog-definitions/{data['id']}").get_json()["data"] == body

    api.post("/api/catalog-definitions", json={**BASE, "name": "Archive", "active": False})
    listed = api.get("/api/catalog-definitions").get_json()
    assert listed["meta"]["results"]["total"] == 2
    active = api.get("/api/catalog-definitions?active=true").get_json()["data"]
    assert [d["name"] for d in active] == ["Spring line sheet"]

    assert api.delete(f"/api/catalog-definitions/{data['id']}").status_code == 204
    assert api.get(f"/api/catalog-definitions/{data['id']}").status_code == 404


@pytest.mark.parametrize(("body", "pointer"), [
    ({"layout": "grid"}, "/name"),
    ({**BASE, "layout": "poster"}, "/layout"),
    ({**BASE, "columns": ["image", "price_per_kilo"]}, "/columns"),
    ({**BASE, "columns": []}, "/columns"),
    ({**BASE, "columns": ["sku", "sku"]}, "/columns"),
    ({**BASE, "price_source": "cheapest"}, "/price_source"),
    ({**BASE, "currency": "EURO"}, "/currency"),
    ({**BASE, "number_format": "xx_NOPE"}, "/number_format"),
    ({**BASE, "image_size": 5000}, "/image_size"),
    ({**BASE, "image_size": "400"}, "/image_size"),
    ({**BASE, "grouping": "colour"}, "/grouping"),
    ({**BASE, "page_size": "A3"}, "/page_size"),
    ({**BASE, "branding": {"accent_color": "red"}}, "/branding/accent_color"),
    ({**BASE, "branding": {"accent_color": "#12345"}}, "/branding/accent_color"),
    ({**BASE, "branding": {"cover_page": "yes"}}, "/branding/cover_page"),
    ({**BASE, "branding": {"font": "Comic"}}, "/branding/font"),
    ({**BASE, "branding": {"footer_text": "x" * 301}}, "/branding/footer_text"),
    ({**BASE, "active": "yes"}, "/active"),
    ({**BASE, "name": "x" * 121}, "/name"),
    ({**BASE, "layout": "custom"}, "/custom_template"),
    ({**BASE, "layout": "custom", "custom_template": "{% for r in rows %}"}, "/custom_template"),
    ({**BASE, "colour": "#fff"}, "/colour"),
])
def test_invalid_definitions_are_422_naming_the_field(api, body, pointer):  # type: ignore[no-untyped-def]
    response = api.post("/api/catalog-definitions", json=body)
    assert response.status_code == 422, response.get_json()
    assert pointer in _pointers(response)


def test_custom_layout_renders_rows_and_cannot_reach_python_internals(api):  # type: ignore[no-untyped-def]
    good = api.post("/api/catalog-definitions", json={
        **BASE, "layout": "custom", "custom_template":
            "<ul>{% for row in rows %}<li>{{ row.sku }} {{ row.title }} {{ row.line_total }}"
            "</li>{% endfor %}</ul><p>{{ customer.name }}</p>"})
    assert good.status_code == 201, good.get_json()
    preview = api.post("/api/catalog-definitions/preview", json={
        **BASE, "layout": "custom",
        "custom_template": "{% for row in rows %}{{ row.sku }}={{ row.line_total }};"
                           "{% endfor %}<b>{{ '<i>' }}</b>"}).get_json()["data"]["html"]
    assert "SAMPLE-1=216,00\xa0€;" in preview  # 12 × 18.00, in the definition's format
    assert "&lt;i&gt;" in preview  # autoescaped

    for attack in ("{{ ''.__class__.__mro__ }}", "{{ ''.__class__ }}",
                   "{{ rows.__class__.__init__.__globals__ }}",
                   "{{ cycler.__init__.__globals__.os }}",
                   "{{ self.__init__.__globals__.__builtins__ }}",
                   "{% for x in range(100000000) %}{% endfor %}",
                   "{{ 'x' * 100000000 }}", "{{ 9 ** 9 ** 9 }}",
                   "{{ rows.append(1) }}", "{{ customer.update({'name': 1}) }}"):
        response = api.post("/api/catalog-definitions", json={
            **BASE, "layout": "custom", "custom_template": attack})
        if response.status_code == 201:  # accepted only when it rendered harmlessly
            html = api.post("/api/catalog-definitions/preview", json={
                **BASE, "layout": "custom", "custom_template": attack}).get_json()["data"]["html"]
            assert "class 'str'" not in html and "builtins" not in html, attack
            assert "os" not in html.split("<body>", 1)[1][:200], attack
        else:
            assert response.status_code == 422, (attack, response.get_json())
            assert _pointers(response) == {"/custom_template"}


def test_roles_and_other_shops(api):  # type: ignore[no-untyped-def]
    definition = api.post("/api/catalog-definitions", json=BASE).get_json()["data"]
    path = f"/api/catalog-definitions/{definition['id']}"
    reader = _reader(api)
    assert reader.get(path).status_code == 200
    assert reader.get("/api/catalog-definitions").status_code == 200
    assert reader.post("/api/catalog-definitions", json=BASE).status_code == 403
    assert reader.patch(path, json={"name": "x"}).status_code == 403
    writer = api.as_user("2")
    assert writer.patch(path, json={"name": "Renamed"}).status_code == 200
    assert writer.post("/api/catalog-definitions", json=BASE).status_code == 201
    assert writer.delete(path).status_code == 403  # deleting needs admin

    stranger = api.as_user("900", shop="other-shop.myshopify.com")
    assert stranger.get(path).status_code == 404
    assert stranger.patch(path, json={"name": "mine"}).status_code == 404
    assert stranger.delete(path).status_code == 404
    assert stranger.get("/api/catalog-definitions").get_json()["data"] == []


def test_a_definition_used_by_a_job_can_be_deactivated_not_deleted(api):  # type: ignore[no-untyped-def]
    definition = api.post("/api/catalog-definitions", json=BASE).get_json()["data"]
    created = api.post("/api/jobs", json={
        "kind": "build_catalog", "definition_id": definition["id"],
        "customer": {"name": "Acme", "email": "a@acme.example"}, "items": [{"sku": "A-1"}]})
    assert created.status_code == 201, created.get_json()
    path = f"/api/catalog-definitions/{definition['id']}"
    refused = api.delete(path)
    assert refused.status_code == 409 and "deactivate" in refused.get_json()["errors"][0]["detail"]
    assert api.patch(path, json={"active": False}).get_json()["data"]["active"] is False
    again = api.post("/api/jobs", json={
        "kind": "build_catalog", "definition_id": definition["id"],
        "customer": {"name": "Acme", "email": "a@acme.example"}, "items": [{"sku": "A-1"}]})
    assert again.status_code == 422 and _pointers(again) == {"/definition_id"}


def test_logo_upload_is_checked_and_stored(api):  # type: ignore[no-untyped-def]
    definition = api.post("/api/catalog-definitions", json=BASE).get_json()["data"]
    path = f"/api/catalog-definitions/{definition['id']}/logo"
    picture = io.BytesIO()
    Image.new("RGB", (1600, 400), (10, 102, 64)).save(picture, "PNG")
    uploaded = api.put(path, data={"logo": (io.BytesIO(picture.getvalue()), "logo.png")},
                       content_type="multipart/form-data")
    assert uploaded.status_code == 200, uploaded.get_json()
    logo_url = uploaded.get_json()["data"]["logo_url"]
    image = Image.open(io.BytesIO(api.get(logo_url[logo_url.index("/files/"):]).data))
    assert image.size == (800, 200)  # shrunk once on upload

    svg = api.put(path, data=b"<svg xmlns='http://www.w3.org/2000/svg'></svg>",
                  content_type="image/svg+xml")
    assert svg.status_code == 422 and _pointers(svg) == {"/logo"}
    assert api.delete(path).get_json()["data"]["logo_url"] is None
