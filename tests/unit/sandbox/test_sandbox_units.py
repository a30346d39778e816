"""Pure pieces: search syntax, cursors, cost rules, catalog, images, speed."""

from __future__ import annotations

import io

import pytest
import requests
from graphql import parse
from PIL import Image

from shopify_app.sandbox.config import from_env
from shopify_app.sandbox.connections import decode_cursor, encode_cursor, paginate
from shopify_app.sandbox.cost import actual_cost, requested_cost
from shopify_app.sandbox.search_syntax import Node, Term, compile_query
from shopify_app.sandbox.search_syntax import parse as parse_query
from shopify_app.sandbox.state import ExecContext

ITEMS = [
    {"title": "Navy Hoodie", "tags": ["winter", "sale"], "n": 1},
    {"title": "Coral Mug", "tags": ["gift"], "n": 2},
    {"title": "Navy Mug", "tags": [], "n": 3},
]
FIELDS = {
    "title": lambda i, op, v: v.lower().rstrip("*") in i["title"].lower(),
    "tag": lambda i, op, v: v in i["tags"],
    "n": lambda i, op, v: {":": i["n"] == int(v), ">": i["n"] > int(v), "<=": i["n"] <= int(v)}[op],
}


def _match(query):
    predicate, warnings = compile_query(
        query, FIELDS, lambda i, op, v: v.lower() in i["title"].lower()
    )
    return [i["n"] for i in ITEMS if predicate is None or predicate(i)], warnings


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("tag:sale", [1]),
        ("navy", [1, 3]),
        ("navy mug", [3]),
        ("navy AND mug", [3]),
        ("tag:gift OR tag:winter", [1, 2]),
        ("-tag:sale", [2, 3]),
        ("NOT tag:sale AND navy", [3]),
        ("(tag:gift OR tag:sale) n:>1", [2]),
        ('title:"navy hoodie"', [1]),
        ("n:<=2", [1, 2]),
        ("", [1, 2, 3]),
    ],
)
def test_search_syntax(query, expected):
    assert _match(query)[0] == expected


def test_search_syntax_parse_tree_and_warnings():
    assert parse_query("a:1 OR -b:>2") == Node(
        "or", (Term("a", ":", "1"), Node("not", (Term("b", ">", "2"),)))
    )
    matched, warnings = _match("colour:red tag:gift")
    assert matched == [2] and warnings == [
        {"field": "colour", "message": "Invalid search field for this query."}
    ]


def test_cursors_are_opaque_and_keyset_based():
    items = [{"_n": n, "title": t} for n, t in [(5, "b"), (3, "a"), (9, "c"), (1, "b")]]
    page = paginate(items, {"first": 2}, sort_value=lambda i: i["title"])
    assert [i["_n"] for i in page["nodes"]] == [3, 1]
    assert decode_cursor(page["pageInfo"]["endCursor"]) == ("b", 1)
    rest = paginate(
        items, {"first": 5, "after": page["pageInfo"]["endCursor"]}, sort_value=lambda i: i["title"]
    )
    assert [i["_n"] for i in rest["nodes"]] == [5, 9]
    # a removed item does not shift the next page: cursors are keys, not offsets
    shorter = [i for i in items if i["_n"] != 3]
    again = paginate(
        shorter, {"first": 5, "after": encode_cursor(1, "b")}, sort_value=lambda i: i["title"]
    )
    assert [i["_n"] for i in again["nodes"]] == [5, 9]
    with pytest.raises(Exception, match="Invalid cursor"):
        paginate(items, {"first": 1, "after": "garbage!"})


def test_cost_rules(sandbox):
    schema = sandbox.app.extensions["sandbox_schema"]
    doc = parse("""query($n: Int) { shop { id plan { shopifyPlus } }
        products(first: $n) { edges { node { id seo { title }
          media(first: 3) { nodes {
            ... on MediaImage { image { url } }
            ... on Video { sources { url } } } } } } } }""")
    operation = doc.definitions[0]
    # shop 1 + plan 1;
    # products 2 + 4 * (node 1 + seo 1 + media (2 + 3 * (1 + max(image 1, sources 1))))
    assert requested_cost(schema, doc, operation, {"n": 4}) == 2 + 2 + 4 * (1 + 1 + 2 + 3 * 2)
    data = {
        "shop": {"id": "x", "plan": {"shopifyPlus": False}},
        "products": {
            "edges": [
                {
                    "node": {
                        "id": "p",
                        "seo": {"title": None},
                        "media": {"nodes": [{"image": {"url": "u"}}]},
                    }
                }
            ]
        },
    }
    assert actual_cost(schema, doc, operation, {"n": 4}, data) == 2 + 2 + (1 + 1 + 2 + 1 * 2)
    nodes = parse('{ nodes(ids: ["a", "b", "c"]) { id } }')
    assert requested_cost(schema, nodes, nodes.definitions[0], {}) == 3
    mutation = parse(
        'mutation { tagsAdd(id: "x", tags: ["a"]) { node { id } userErrors { message } } }'
    )
    assert requested_cost(schema, mutation, mutation.definitions[0], {}) == 10


def test_catalog_is_deterministic_and_varied(sandbox):
    state = sandbox.state
    a = state.reset_shop("same-seed.myshopify.com", products=120)
    first = [(p["title"], p["variants"][0]["sku"], p["status"]) for p in a.products.values()]
    b = state.reset_shop("same-seed.myshopify.com", products=120)
    assert first == [
        (p["title"], p["variants"][0]["sku"], p["status"]) for p in b.products.values()
    ]
    products = list(b.products.values())
    empty = sum(1 for p in products if not p["descriptionHtml"]) / len(products)
    assert 0.2 < empty < 0.45
    media = [m for p in products for m in p["media"]]
    no_alt = sum(1 for m in media if not m["alt"]) / len(media)
    assert 0.35 < no_alt < 0.65
    assert {"ACTIVE", "DRAFT", "ARCHIVED"} <= {p["status"] for p in products}
    skus = [v["sku"] for p in products for v in p["variants"]]
    assert len(skus) == len(set(skus))
    assert all(1 <= len(p["media"]) <= 4 and 1 <= len(p["variants"]) <= 3 for p in products)


def test_images_are_real_files_with_known_colors(sandbox):
    store = sandbox.store()
    media = next(m for m in store.media.values() if m["_image"]["background"] == "white")
    url = f"{sandbox.origin}{media['_path']}"
    response = requests.get(url, timeout=10)
    assert response.headers["Content-Type"] == media["mimeType"]
    image = Image.open(io.BytesIO(response.content)).convert("RGB")
    assert image.size == (media["_image"]["width"], media["_image"]["height"])
    colors = requests.get(
        f"{sandbox.origin}/sandbox/shops/{store.domain}/media/{media['_n']}", timeout=10
    ).json()["dominant_colors"]
    subject = next(c for c in colors if c["role"] == "subject")
    center = image.getpixel((image.width // 2, image.height // 2))
    assert all(abs(a - b) <= 12 for a, b in zip(center, subject["rgb"], strict=True))
    assert image.getpixel((2, 2)) == (255, 255, 255) or min(image.getpixel((2, 2))) > 240


def test_a_page_of_250_products_executes_completely(sandbox):
    from shopify_app.sandbox.schema_exec import run

    store = sandbox.state.ensure_shop("speed.myshopify.com", products=300)
    schema = sandbox.app.extensions["sandbox_schema"]
    doc = parse("""{ products(first: 250) { pageInfo { hasNextPage endCursor } edges { cursor node {
        id title handle descriptionHtml productType vendor tags status updatedAt
        seo { title description }
        media(first: 10) { nodes { ... on MediaImage { id alt image { url width height } } } }
        variants(first: 10) { nodes { id sku price selectedOptions { name value } } } } } } }""")
    run(schema, doc, ExecContext(sandbox.state, store))  # warm up
    result = run(schema, doc, ExecContext(sandbox.state, store))
    assert result.errors is None and len(result.data["products"]["edges"]) == 250


def test_env_vars_and_app_fallbacks():
    config = from_env(
        {
            "SHOPIFY_API_KEY": "app-key",
            "SANDBOX_API_SECRET": "sandbox-secret",
            "SHOPIFY_API_SECRET": "app-secret",
            "SANDBOX_SHOP": "a.myshopify.com, b.myshopify.com",
            "SANDBOX_PRODUCTS": "12",
            "SANDBOX_ERROR_RATE": "0.25",
            "SANDBOX_APP_URL": "",
        }
    )
    assert (config.api_key, config.api_secret) == ("app-key", "sandbox-secret")
    assert config.shops == ["a.myshopify.com", "b.myshopify.com"] and config.products == 12
    assert config.faults.error_rate == 0.25
    assert config.webhook_url is None
