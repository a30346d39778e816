"""productVariantsBulkUpdate in the sandbox: prices change, errors like Shopify's."""

from __future__ import annotations

UPDATE = """
mutation($productId: ID!, $variants: [ProductVariantsBulkInput!]!, $partial: Boolean) {
  productVariantsBulkUpdate(productId: $productId, variants: $variants,
                            allowPartialUpdates: $partial) {
    product { id }
    productVariants { id price compareAtPrice }
    userErrors { field message code }
  }
}
"""
READ = """query($ids: [ID!]!) {
  nodes(ids: $ids) { id ... on ProductVariant { price compareAtPrice product { id } } }
}"""


def _product_with_variants(api, count: int = 2):
    return next(p for p in api.store.products.values() if len(p["variants"]) >= count)


def test_prices_are_saved_as_money_and_read_back(api):
    product = _product_with_variants(api)
    first, second = product["variants"][:2]
    body = api.gql(UPDATE, {"productId": product["id"], "variants": [
        {"id": first["id"], "price": "12.9", "compareAtPrice": "20"},
        {"id": second["id"], "compareAtPrice": None}]})
    payload = body["data"]["productVariantsBulkUpdate"]
    assert payload["userErrors"] == []
    assert payload["productVariants"][0] == {"id": first["id"], "price": "12.90",
                                             "compareAtPrice": "20.00"}
    read = api.gql(READ, {"ids": [first["id"], second["id"]]})["data"]["nodes"]
    assert read[0]["price"] == "12.90" and read[1]["compareAtPrice"] is None
    assert read[0]["product"]["id"] == product["id"]
    log = [w for w in api.store.writes if w["operation"] == "productVariantsBulkUpdate"]
    assert [w["target"] for w in log] == [first["id"], second["id"]]


def test_one_bad_variant_keeps_the_call_unchanged_unless_partial(api):
    product = _product_with_variants(api)
    first, second = product["variants"][:2]
    before = first["price"]
    variants = [{"id": first["id"], "price": "5.00"}, {"id": second["id"], "price": "-1"}]
    body = api.gql(UPDATE, {"productId": product["id"], "variants": variants})
    errors = body["data"]["productVariantsBulkUpdate"]["userErrors"]
    assert errors == [{"field": ["variants", "1", "price"], "code": "NEGATIVE_PRICE_VALUE",
                       "message": "Price must be greater than or equal to 0"}]
    assert first["price"] == before
    body = api.gql(UPDATE, {"productId": product["id"], "variants": variants, "partial": True})
    assert first["price"] == "5.00"
    assert len(body["data"]["productVariantsBulkUpdate"]["userErrors"]) == 1


def test_unknown_product_and_foreign_variant(api):
    product = _product_with_variants(api, 1)
    other = next(p for p in api.store.products.values() if p["id"] != product["id"])
    body = api.gql(UPDATE, {"productId": "gid://shopify/Product/1", "variants": []})
    assert body["data"]["productVariantsBulkUpdate"]["userErrors"][0]["code"] == \
        "PRODUCT_DOES_NOT_EXIST"
    body = api.gql(UPDATE, {"productId": product["id"], "variants": [
        {"id": other["variants"][0]["id"], "price": "1.00"}]})
    assert body["data"]["productVariantsBulkUpdate"]["userErrors"][0]["code"] == \
        "MUST_BE_FOR_THIS_PRODUCT"
