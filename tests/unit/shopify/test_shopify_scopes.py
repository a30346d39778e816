"""Search-syntax escaping and scope plans."""
from __future__ import annotations

import pytest

from shopify_app.shopify import ProductFields, count_scope, iter_scope, plan_scope, scope_query
from shopify_app.shopify.products import Product, product_from
from shopify_app.shopify.scopes import ScopeError
from shopify_app.shopify.search import all_of, or_batches, quote, raw_term, term

from .conftest import ok


@pytest.mark.parametrize(("value", "expected"), [
    ("summer", '"summer"'),
    ("summer sale", '"summer sale"'),
    ('12" vinyl', '"12\\" vinyl"'),
    ("a:b", '"a:b"'),
    ("back\\slash", '"back\\\\slash"'),
    ('x" OR tag:"y', '"x\\" OR tag:\\"y"'),
    ("line\nbreak", '"line break"'),
])
def test_quote_keeps_merchant_values_literal(value: str, expected: str) -> None:
    assert quote(value) == expected


def test_quoted_values_cannot_close_the_phrase() -> None:
    quoted = quote('evil" OR vendor:"x')[1:-1]
    # Every quote inside is escaped, so the phrase only ends at the final quote.
    unescaped = [i for i, ch in enumerate(quoted) if ch == '"' and quoted[i - 1] != "\\"]
    assert unescaped == []


def test_field_names_and_raw_values_are_checked() -> None:
    assert term("tag", "a b") == 'tag:"a b"'
    assert term("tag", "x", negate=True) == '-tag:"x"'
    with pytest.raises(ValueError):
        term("tag OR x", "y")
    with pytest.raises(ValueError):
        raw_term("status", "active OR x")
    assert raw_term("id", ">12") == "id:>12"


def test_all_of_and_batches() -> None:
    assert all_of(None, "") is None
    assert all_of("a", None) == "a"
    assert all_of("a OR b", "c") == "(a OR b) AND (c)"
    batches = list(or_batches("sku", ["x" * 30] * 2 + [f"s{n}" for n in range(10)],
                              max_terms=4, max_length=60))
    assert all(len(values) <= 4 and len(query) <= 60 for values, query in batches)
    assert batches[0] == (["x" * 30, "s0", "s1"], f'sku:"{"x" * 30}" OR sku:"s0" OR sku:"s1"')
    assert sum(len(values) for values, _ in batches) == 11  # the duplicate was dropped


@pytest.mark.parametrize(("scope", "query"), [
    ({"type": "all"}, None),
    ({"type": "collection", "id": "gid://shopify/Collection/42"}, "collection_id:42"),
    ({"type": "tag", "value": "Summer: 50% off"}, 'tag:"Summer: 50% off"'),
    ({"type": "vendor", "value": 'Bob "The" Maker'}, 'vendor:"Bob \\"The\\" Maker"'),
    ({"type": "product_type", "value": "T-Shirts"}, 'product_type:"T-Shirts"'),
    ({"type": "status", "value": ["Active", "draft"]}, "status:active,draft"),
    ({"type": "products", "ids": ["gid://shopify/Product/1", "2"]}, "(id:1 OR id:2)"),
    ({"type": "missing", "field": "alt_text"}, None),
])
def test_scope_queries(scope: dict, query: str | None) -> None:
    assert scope_query(scope) == query


@pytest.mark.parametrize("scope", [
    {"type": "nope"},
    {"type": "tag", "value": "  "},
    {"type": "status", "value": "deleted"},
    {"type": "collection", "id": "gid://shopify/Product/1"},
    {"type": "collection", "id": "1 OR tag:x"},
    {"type": "products", "ids": []},
    {"type": "missing", "field": "title"},
])
def test_bad_scopes_are_refused(scope: dict) -> None:
    with pytest.raises(ScopeError):
        plan_scope(scope)


def make(**overrides) -> Product:
    raw = {"id": "gid://shopify/Product/1", "title": "T", "handle": "t", "status": "ACTIVE",
           "vendor": "Acme", "productType": "Cup", "tags": ["Summer Sale"],
           "descriptionHtml": "<p>&nbsp;</p>", "seo": {"title": "", "description": "D"}}
    raw.update(overrides)
    return product_from(raw)


def test_local_filters_keep_exactly_the_scope() -> None:
    assert plan_scope({"type": "tag", "value": "summer sale"}).matches(make())
    assert not plan_scope({"type": "tag", "value": "summer"}).matches(make())
    assert not plan_scope({"type": "vendor", "value": "Acme Inc"}).matches(make())
    assert plan_scope({"type": "missing", "field": "description"}).matches(make())
    assert not plan_scope({"type": "missing", "field": "description"}).matches(
        make(descriptionHtml="<p>Hello</p>"))
    assert plan_scope({"type": "missing", "field": "seo_title"}).matches(make())
    assert not plan_scope({"type": "missing", "field": "seo_description"}).matches(make())
    alt = plan_scope({"type": "missing", "field": "alt_text"})
    assert alt.fields.media
    with_alt = {"edges": [{"node": {"id": "gid://shopify/MediaImage/1", "alt": "cup"}}]}
    without = {"edges": [{"node": {"id": "gid://shopify/MediaImage/1", "alt": " "}}]}
    assert not alt.matches(make(media=with_alt)) and alt.matches(make(media=without))


def page(*products: dict) -> dict:
    return ok({"products": {"nodes": list(products),
                            "pageInfo": {"hasNextPage": False, "endCursor": None}}})


def raw_product(n: int, alt: str | None) -> dict:
    return {"id": f"gid://shopify/Product/{n}", "title": "T", "handle": "t", "status": "ACTIVE",
            "vendor": "V", "productType": "", "tags": [],
            "media": {"edges": [{"node": {"id": f"gid://shopify/MediaImage/{n}", "alt": alt}}]}}


def test_iter_scope_pages_small_scopes_and_filters(client, stub) -> None:
    stub.on("ProductsCount", ok({"productsCount": {"count": 2, "precision": "EXACT"}}))
    stub.on("ProductsPage", page(raw_product(1, "ok"), raw_product(2, None)))
    found = list(iter_scope(client, {"type": "missing", "field": "alt_text"},
                            ProductFields(text=False)))
    assert [p.numeric_id for p in found] == [2]
    sent = stub.variables("ProductsPage")[0]
    assert sent["withMedia"] is True and sent["query"] is None
    assert stub.variables("ProductsCount")[0]["limit"] == 2001


def test_iter_scope_by_ids_skips_the_count(client, stub) -> None:
    stub.on("ProductsByIds", ok({"nodes": [raw_product(1, None)]}))
    found = list(iter_scope(client, {"type": "products", "ids": ["1"]}))
    assert [p.id for p in found] == ["gid://shopify/Product/1"]
    assert stub.count("ProductsCount") == 0


def test_count_scope_flags_local_filtering(client, stub) -> None:
    stub.on("ProductsCount", ok({"productsCount": {"count": 7, "precision": "EXACT"}}),
            ok({"productsCount": {"count": 3, "precision": "EXACT"}}))
    assert count_scope(client, {"type": "missing", "field": "description"}).upper_bound
    counted = count_scope(client, {"type": "collection", "id": "5"})
    assert counted.count == 3 and not counted.upper_bound
    assert stub.variables("ProductsCount")[1]["query"] == "collection_id:5"


@pytest.mark.parametrize("scope", [
    {"type": []}, {"type": {"a": 1}}, {"type": None}, {"type": 5},
    {"type": "status", "value": 5}, {"type": "status", "value": [["active"]]},
    {"type": "status", "value": ["active", 5]}, {"type": "status", "value": {"active": 1}},
    {"type": "missing", "field": []}, {"type": "missing", "field": {"a": 1}},
    {"type": "products", "ids": [{"id": 1}]}, {"type": "products", "ids": ["²"]},
    {"type": "products", "ids": [True]}, {"type": "collection", "id": ["1"]},
    {"type": "collection", "id": "gid://shopify/Collection/²"}, {"type": "tag", "value": ["x"]},
])
def test_scopes_of_the_wrong_shape_are_refused_as_value_errors(scope):
    with pytest.raises(ValueError):  # ScopeError, or a malformed gid: never a TypeError
        plan_scope(scope)
