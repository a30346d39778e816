"""Reads through the GraphQL endpoint: pages, cursors, search, errors, cost."""

from __future__ import annotations

import requests

PAGE = """
query Page($first: Int, $after: String, $last: Int, $before: String, $query: String,
           $sortKey: ProductSortKeys, $reverse: Boolean) {
  products(first: $first, after: $after, last: $last, before: $before, query: $query,
           sortKey: $sortKey, reverse: $reverse) {
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id title status tags vendor } }
  }
}
"""

PRODUCT_FIELDS = """
query One($id: ID!) {
  product(id: $id) {
    id legacyResourceId title handle descriptionHtml productType vendor tags status
    createdAt updatedAt totalInventory onlineStoreUrl
    seo { title description }
    options { name values }
    priceRangeV2 { minVariantPrice { amount currencyCode } maxVariantPrice { amount currencyCode } }
    featuredMedia { id }
    media(first: 10) {
      nodes {
        ... on MediaImage { id alt mediaContentType status image { url width height altText } }
      }
    }
    variants(first: 10) { nodes { id title sku price selectedOptions { name value } } }
    collections(first: 10) { nodes { id title } }
    hasOnlyDefaultVariant
  }
}
"""


def _ids(body):
    return [e["node"]["id"] for e in body["data"]["products"]["edges"]]


def test_products_page_and_cursor_pagination(api):
    first = api.gql(PAGE, {"first": 15})
    page = first["data"]["products"]
    assert len(page["edges"]) == 15
    assert page["pageInfo"]["hasNextPage"] is True
    assert page["pageInfo"]["hasPreviousPage"] is False
    assert page["pageInfo"]["endCursor"] == page["edges"][-1]["cursor"]

    seen = _ids(first)
    after = page["pageInfo"]["endCursor"]
    while after:
        body = api.gql(PAGE, {"first": 15, "after": after})
        assert body["data"]["products"]["pageInfo"]["hasPreviousPage"] is True
        seen += _ids(body)
        info = body["data"]["products"]["pageInfo"]
        after = info["endCursor"] if info["hasNextPage"] else None
    assert len(seen) == len(set(seen)) == len(api.store.products)
    numbers = [int(i.rsplit("/", 1)[1]) for i in seen]
    assert numbers == sorted(numbers)  # default sort is ID

    back = api.gql(PAGE, {"last": 5, "before": page["edges"][10]["cursor"]})
    assert _ids(back) == _ids(first)[5:10]


def test_sort_key_and_reverse(api):
    body = api.gql(PAGE, {"first": 250, "sortKey": "TITLE", "reverse": True})
    titles = [e["node"]["title"].casefold() for e in body["data"]["products"]["edges"]]
    assert titles == sorted(titles, reverse=True)


def test_product_fields_match_the_store(api):
    product = next(p for p in api.store.products.values() if len(p["variants"]) > 1)
    body = api.gql(PRODUCT_FIELDS, {"id": product["id"]})
    assert "errors" not in body
    got = body["data"]["product"]
    assert got["title"] == product["title"]
    assert got["legacyResourceId"] == str(product["_n"])
    assert [v["sku"] for v in got["variants"]["nodes"]] == [v["sku"] for v in product["variants"]]
    prices = sorted(float(v["price"]) for v in product["variants"])
    assert float(got["priceRangeV2"]["minVariantPrice"]["amount"]) == prices[0]
    assert float(got["priceRangeV2"]["maxVariantPrice"]["amount"]) == prices[-1]
    assert got["featuredMedia"]["id"] == product["media"][0]["id"]
    image = got["media"]["nodes"][0]["image"]
    assert image["url"].startswith(api.server.origin + "/sandbox/files/images/")
    assert image["width"] > 0 and image["height"] > 0
    assert got["hasOnlyDefaultVariant"] is False


def test_search_syntax_filters_products(api):
    store = api.store.products.values()
    vendor = next(iter(store))["vendor"]
    body = api.gql(PAGE, {"first": 250, "query": f'vendor:"{vendor}" AND -status:archived'})
    got = {e["node"]["id"] for e in body["data"]["products"]["edges"]}
    want = {p["id"] for p in store if p["vendor"] == vendor and p["status"] != "ARCHIVED"}
    assert got == want and got

    tag = "bestseller"
    body = api.gql(PAGE, {"first": 250, "query": f"tag:{tag} OR status:draft"})
    got = {e["node"]["id"] for e in body["data"]["products"]["edges"]}
    assert got == {p["id"] for p in store if tag in p["tags"] or p["status"] == "DRAFT"}

    pivot = sorted(p["_n"] for p in store)[20]
    body = api.gql(PAGE, {"first": 250, "query": f"id:>{pivot}"})
    assert len(body["data"]["products"]["edges"]) == sum(1 for p in store if p["_n"] > pivot)


def test_unknown_search_field_is_ignored_with_a_warning(api):
    body = api.gql(PAGE, {"first": 5, "query": "flavour:mint"})
    assert len(body["data"]["products"]["edges"]) == 5
    warning = body["extensions"]["search"][0]
    assert warning["path"] == ["products"]
    assert warning["warnings"][0]["field"] == "flavour"


def test_product_variants_by_sku(api):
    variants = list(api.store.variants.values())
    a, b = variants[0]["sku"], variants[7]["sku"]
    body = api.gql(
        """query($q: String) { productVariants(first: 10, query: $q) {
             nodes { sku product { id } } } }""",
        {"q": f"sku:{a} OR sku:{b}"},
    )
    assert sorted(n["sku"] for n in body["data"]["productVariants"]["nodes"]) == sorted([a, b])


def test_products_count_with_query(api):
    body = api.gql(
        "{ all: productsCount { count precision } "
        'drafts: productsCount(query: "status:draft") { count precision } '
        "few: productsCount(limit: 3) { count precision } }"
    )
    store = api.store.products.values()
    assert body["data"]["all"] == {"count": len(store), "precision": "EXACT"}
    assert body["data"]["drafts"]["count"] == sum(1 for p in store if p["status"] == "DRAFT")
    assert body["data"]["few"] == {"count": 3, "precision": "AT_LEAST"}


def test_nodes_collection_and_shop(api):
    product = next(iter(api.store.products.values()))
    collection = next(c for c in api.store.collections.values() if c["_product_ids"])
    body = api.gql(
        """query($ids: [ID!]!, $c: ID!) {
             shop { id name myshopifyDomain currencyCode plan { publicDisplayName shopifyPlus } }
             nodes(ids: $ids) { __typename id ... on Product { title } ... on MediaImage { alt } }
             collection(id: $c) { id title handle products(first: 250) { nodes { id } } }
           }""",
        {
            "ids": [
                product["id"],
                product["media"][0]["id"],
                product["variants"][0]["id"],
                "gid://shopify/Product/1",
            ],
            "c": collection["id"],
        },
    )
    data = body["data"]
    assert data["shop"]["myshopifyDomain"] == api.shop
    assert [n and n["__typename"] for n in data["nodes"]] == [
        "Product",
        "MediaImage",
        "ProductVariant",
        None,
    ]
    members = [n["id"] for n in data["collection"]["products"]["nodes"]]
    assert members == [f"gid://shopify/Product/{n}" for n in collection["_product_ids"]]


def test_invalid_document_gets_shopify_shaped_errors(api):
    body = api.gql("{ products(first: 1) { nodes { id colour } } }")
    assert "data" not in body
    error = body["errors"][0]
    assert "colour" in error["message"]
    assert error["locations"] == [{"line": 1, "column": 35}]
    assert error["extensions"]["code"] == "undefinedField"

    body = api.gql("{ products(first: 1) { nodes { id }")
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"
    assert body["errors"][0]["locations"]


def test_missing_page_size_is_an_error(api):
    body = api.gql("{ products { nodes { id } } }")
    assert body["errors"][0]["message"] == "you must provide one of first or last"
    assert body["errors"][0]["path"] == ["products"]


def test_bad_token_and_unknown_version(api):
    response = api.post("{ shop { name } }", token="shpat_wrong")
    assert response.status_code == 401
    assert response.json() == {
        "errors": "[API] Invalid API key or access token (unrecognized login or wrong password)"
    }
    other = requests.post(
        api.server.origin + "/admin/api/2023-01/graphql.json",
        json={"query": "{ shop { name } }"},
        headers={"X-Shopify-Access-Token": api.token},
        timeout=10,
    )
    assert other.status_code == 404


def test_cost_extension_counts_requested_and_actual(api):
    body = api.gql(
        '{ products(first: 10, query: "status:archived") { nodes { id seo { title } } } }'
    )
    cost = body["extensions"]["cost"]
    assert cost["requestedQueryCost"] == 2 + 10 * 2
    returned = len(body["data"]["products"]["nodes"])
    assert returned < 10
    assert cost["actualQueryCost"] == 2 + returned * 2
    status = cost["throttleStatus"]
    assert status["maximumAvailable"] == 2000.0 and status["restoreRate"] == 100.0
    assert status["currentlyAvailable"] <= 2000
