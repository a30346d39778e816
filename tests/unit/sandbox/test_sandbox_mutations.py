"""Mutations change the store, answer userErrors like Shopify, and are logged."""

from __future__ import annotations

import json

UPDATE = """
mutation Update($product: ProductUpdateInput!) {
  productUpdate(product: $product) {
    product { id title descriptionHtml updatedAt seo { title description } tags }
    userErrors { field message }
  }
}
"""
READ = """query($id: ID!) {
  product(id: $id) { title descriptionHtml updatedAt seo { title description } }
}"""
FILE_UPDATE = """
mutation($files: [FileUpdateInput!]!) {
  fileUpdate(files: $files) {
    files { id alt }
    userErrors { field message code }
  }
}
"""
SET = """
mutation($metafields: [MetafieldsSetInput!]!) {
  metafieldsSet(metafields: $metafields) {
    metafields { id namespace key type value compareDigest }
    userErrors { field message code elementIndex }
  }
}
"""
TAGS_ADD = """
mutation($id: ID!, $tags: [String!]!) {
  tagsAdd(id: $id, tags: $tags) { node { ... on Product { tags } } userErrors { field message } }
}
"""


def _product(api):
    return next(iter(api.store.products.values()))


def test_product_update_then_read_back(api):
    product = _product(api)
    before = product["updatedAt"]
    body = api.gql(
        UPDATE,
        {
            "product": {
                "id": product["id"],
                "descriptionHtml": "<p>Fresh copy</p>",
                "seo": {"title": "SEO title", "description": "SEO description"},
            }
        },
    )
    payload = body["data"]["productUpdate"]
    assert payload["userErrors"] == []
    assert payload["product"]["updatedAt"] > before
    read = api.gql(READ, {"id": product["id"]})["data"]["product"]
    assert read["descriptionHtml"] == "<p>Fresh copy</p>"
    assert read["seo"] == {"title": "SEO title", "description": "SEO description"}
    assert read["title"] == product["title"]  # untouched fields stay
    writes = api.control(
        "GET", f"/shops/{api.shop}/writes", params={"target": product["id"]}
    ).json()
    assert [w["operation"] for w in writes["writes"]] == ["productUpdate"]
    assert writes["writes"][0]["fields"]["descriptionHtml"] == "<p>Fresh copy</p>"


def test_product_update_unknown_product(api):
    body = api.gql(UPDATE, {"product": {"id": "gid://shopify/Product/123", "title": "x"}})
    assert body["data"]["productUpdate"] == {
        "product": None,
        "userErrors": [{"field": ["id"], "message": "Product does not exist"}],
    }
    assert api.store.writes == []


def test_file_update_alt_text_and_limit(api):
    media = _product(api)["media"][0]
    body = api.gql(FILE_UPDATE, {"files": [{"id": media["id"], "alt": "x" * 513}]})
    payload = body["data"]["fileUpdate"]
    assert payload["files"] is None
    assert payload["userErrors"][0]["code"] == "ALT_VALUE_LIMIT_EXCEEDED"
    assert payload["userErrors"][0]["field"] == ["files", "0", "alt"]
    assert media["alt"] != "x" * 513

    body = api.gql(FILE_UPDATE, {"files": [{"id": media["id"], "alt": "A navy mug on white"}]})
    assert body["data"]["fileUpdate"]["files"] == [
        {"id": media["id"], "alt": "A navy mug on white"}
    ]
    read = api.gql(
        "query($id: ID!) { node(id: $id) { ... on MediaImage { alt image { altText } } } }",
        {"id": media["id"]},
    )
    assert read["data"]["node"] == {
        "alt": "A navy mug on white",
        "image": {"altText": "A navy mug on white"},
    }


def test_metafields_set_compare_and_set(api):
    owner = _product(api)["id"]
    entry = {
        "ownerId": owner,
        "namespace": "shelf",
        "key": "summary",
        "type": "json",
        "value": json.dumps({"v": 1}),
    }
    created = api.gql(SET, {"metafields": [{**entry, "compareDigest": None}]})["data"][
        "metafieldsSet"
    ]
    assert created["userErrors"] == []
    digest = created["metafields"][0]["compareDigest"]

    updated = api.gql(
        SET, {"metafields": [{**entry, "value": '{"v": 2}', "compareDigest": digest}]}
    )
    assert updated["data"]["metafieldsSet"]["userErrors"] == []

    stale = api.gql(SET, {"metafields": [{**entry, "value": '{"v": 3}', "compareDigest": digest}]})
    errors = stale["data"]["metafieldsSet"]["userErrors"]
    assert errors[0]["code"] == "STALE_OBJECT" and errors[0]["elementIndex"] == 0
    read = api.gql(
        'query($id: ID!) { product(id: $id) { metafield(namespace: "shelf", key: "summary") '
        "{ value jsonValue } } }",
        {"id": owner},
    )
    assert read["data"]["product"]["metafield"] == {"value": '{"v": 2}', "jsonValue": {"v": 2}}


def test_metafields_set_validates_and_is_atomic(api):
    owner = _product(api)["id"]
    good = {
        "ownerId": owner,
        "namespace": "shelf",
        "key": "ok",
        "type": "single_line_text_field",
        "value": "fine",
    }
    bad = {
        "ownerId": owner,
        "namespace": "shelf",
        "key": "broken",
        "type": "json",
        "value": "{nope",
    }
    body = api.gql(SET, {"metafields": [good, bad]})["data"]["metafieldsSet"]
    assert body["metafields"] is None
    assert body["userErrors"][0]["code"] == "INVALID_VALUE"
    assert body["userErrors"][0]["field"] == ["metafields", "1", "value"]
    assert not any(m["key"] == "ok" for m in api.store.owner_metafields(owner))  # nothing written

    too_many = [{**good, "key": f"k{i:02d}"} for i in range(26)]
    body = api.gql(SET, {"metafields": too_many})["data"]["metafieldsSet"]
    assert body["userErrors"][0]["code"] == "LESS_THAN_OR_EQUAL_TO"


def test_tags_add_and_remove(api):
    product = _product(api)
    body = api.gql(
        TAGS_ADD, {"id": product["id"], "tags": ["shelf-reviewed", "Wrapped, summer-2026"]}
    )
    tags = body["data"]["tagsAdd"]["node"]["tags"]
    assert {"shelf-reviewed", "Wrapped", "summer-2026"} <= set(tags)
    removed = api.gql(
        """mutation($id: ID!, $tags: [String!]!) { tagsRemove(id: $id, tags: $tags) {
        node { ... on Product { tags } } userErrors { message } } }""",
        {"id": product["id"], "tags": ["shelf-reviewed"]},
    )
    assert "shelf-reviewed" not in removed["data"]["tagsRemove"]["node"]["tags"]

    too_many = [f"t{i}" for i in range(260)]
    body = api.gql(TAGS_ADD, {"id": product["id"], "tags": too_many})
    assert body["data"]["tagsAdd"]["userErrors"][0]["field"] == ["tags"]
    assert len(product["tags"]) < 250


def test_staged_upload_target_points_at_the_sandbox(api):
    body = api.gql("""mutation { stagedUploadsCreate(input: [{resource: BULK_MUTATION_VARIABLES,
        filename: "vars.jsonl", mimeType: "text/jsonl", httpMethod: POST}]) {
        stagedTargets { url resourceUrl parameters { name value } } userErrors { message } } }""")
    target = body["data"]["stagedUploadsCreate"]["stagedTargets"][0]
    assert target["url"].startswith(api.server.origin)
    params = {p["name"]: p["value"] for p in target["parameters"]}
    assert params["key"].endswith("/vars.jsonl") and "policy" in params


def test_an_update_that_changes_nothing_is_logged_but_not_applied(api):
    product = _product(api)
    before = product["updatedAt"]
    body = api.gql(UPDATE, {"product": {"id": product["id"], "title": product["title"]}})
    assert body["data"]["productUpdate"]["product"]["updatedAt"] == before
    writes = api.control("GET", f"/shops/{api.shop}/writes").json()["writes"]
    assert [(w["operation"], w["changed"]) for w in writes] == [("productUpdate", False)]
