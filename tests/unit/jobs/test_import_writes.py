"""How an import's writes are grouped: one productUpdate per product with all its
fields, one productVariantsBulkUpdate per product with price and compare-at together."""
from __future__ import annotations

from typing import Any

from shopify_app.jobs.kinds.import_sheet import values, writes
from shopify_app.jobs.kinds.publisher import CONFLICT, DONE, FAILED, Write

P1, P2 = "gid://shopify/Product/1", "gid://shopify/Product/2"
V1, V2 = "gid://shopify/ProductVariant/11", "gid://shopify/ProductVariant/12"


class FakeClient:
    def __init__(self, refuse: set[str] = frozenset()) -> None:  # type: ignore[assignment]
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.refuse = refuse

    def execute(self, operation: str, variables: dict[str, Any]) -> dict[str, Any]:
        self.calls.append((operation, variables))
        if operation == "ProductUpdateImport":
            product = variables["product"]
            if product["id"] in self.refuse:
                return {"productUpdate": {"product": None, "userErrors": [
                    {"field": ["product", "title"], "message": "Title can't be blank"}]}}
            return {"productUpdate": {"product": {**product, "descriptionHtml": "<p>n</p>"},
                                      "userErrors": []}}
        if operation == "ProductVariantsBulkUpdatePrices":
            return {"productVariantsBulkUpdate": {"productVariants": [
                {"id": v["id"], "price": v.get("price", "1.00"),
                 "compareAtPrice": v.get("compareAtPrice")} for v in variables["variants"]],
                "userErrors": []}}
        raise AssertionError(operation)


def _write(item_id: int, field: str, target: str, value: str, product: str = "",
           previous: str = "old") -> Write:
    return Write(item_id, values.target_key(field, target, product), value, previous)


def test_product_fields_of_one_product_go_in_one_update():
    client = FakeClient()
    outcomes = writes.write_all(client, [
        _write(1, "title", P1, "New"), _write(2, "tags", P1, "a, b"),
        _write(3, "seo_title", P1, ""), _write(4, "description_html", P2, "<p>n</p >")],
        use_bulk=False)
    updates = [v["product"] for op, v in client.calls if op == "ProductUpdateImport"]
    assert updates == [{"id": P1, "title": "New", "tags": ["a", "b"], "seo": {"title": ""}},
                       {"id": P2, "descriptionHtml": "<p>n</p >"}]
    assert all(o.verdict == DONE for o in outcomes.values())
    assert outcomes[4].value == "<p>n</p>"  # what Shopify holds after its normalising


def test_refused_product_update_fails_its_items_with_shopifys_reason():
    outcomes = writes.write_all(FakeClient(refuse={P1}), [_write(1, "title", P1, "")],
                                use_bulk=False)
    assert outcomes[1].verdict == FAILED and "blank" in outcomes[1].message


def test_prices_of_a_variant_go_together_grouped_by_product():
    client = FakeClient()
    outcomes = writes.write_all(client, [
        _write(1, "price", V1, "20.00", P1, "10.00"),
        _write(2, "compare_at_price", V1, "", P1, "30.00"),
        _write(3, "price", V2, "5.00", P1, "4.00")], use_bulk=False)
    (call,) = [v for op, v in client.calls if op == "ProductVariantsBulkUpdatePrices"]
    assert call["productId"] == P1
    assert call["variants"] == [{"id": V1, "price": "20.00", "compareAtPrice": None},
                                {"id": V2, "price": "5.00"}]
    assert [outcomes[i].verdict for i in (1, 2, 3)] == [DONE, DONE, DONE]


def test_conflict_outcomes_keep_the_value_found():
    from shopify_app.shopify import WriteOutcome
    from shopify_app.shopify.outcomes import CONFLICT as REASON

    write = _write(1, "price", V1, "2.00", P1, "1.50")
    outcome = writes._outcome(WriteOutcome.failed(V1, "price", REASON, "moved"), write)
    assert outcome.verdict == CONFLICT and outcome.value == "1.50"
