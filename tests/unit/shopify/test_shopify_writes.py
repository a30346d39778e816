"""Writes: per-item outcomes, userErrors, and no blind second write."""
from __future__ import annotations

import requests

from shopify_app.shopify import (
    CONFLICT,
    OUTCOME_UNKNOWN,
    USER_ERROR,
    AltTextChange,
    MetafieldChange,
    ProductTextChange,
    add_tags,
    remove_tags,
    set_alt_texts,
    set_metafields,
    update_product_text,
)
from shopify_app.shopify.messages import FieldError, merchant_message

from .conftest import ok, throttled

PID = "gid://shopify/Product/1"


def updated(description: str = "<p>New</p>", title: str | None = "New title") -> dict:
    return ok({"productUpdate": {"product": {"id": PID, "descriptionHtml": description,
                                             "seo": {"title": title, "description": None}},
                                 "userErrors": []}})


def current(description: str, title: str | None = None) -> dict:
    return ok({"nodes": [{"id": PID, "title": "T", "handle": "t", "status": "ACTIVE",
                          "vendor": "", "productType": "", "tags": ["old"],
                          "descriptionHtml": description,
                          "seo": {"title": title, "description": None}}]})


CHANGE = ProductTextChange(PID, description_html="<p>New</p>", seo_title="New title",
                           previous={"description_html": "<p>Old</p>", "seo_title": None})


def test_product_text_uses_the_product_argument(client, stub) -> None:
    stub.on("ProductUpdateText", updated())
    outcome = update_product_text(client, CHANGE)
    assert outcome.ok and outcome.value["seo_title"] == "New title"
    sent = stub.variables("ProductUpdateText")[0]
    assert sent == {"product": {"id": PID, "descriptionHtml": "<p>New</p>",
                                "seo": {"title": "New title"}}}


def test_user_errors_become_a_merchant_message(client, stub) -> None:
    stub.on("ProductUpdateText", ok({"productUpdate": {"product": None, "userErrors": [
        {"field": ["product", "seo", "title"], "message": "is too long (maximum is 70)"}]}}))
    outcome = update_product_text(client, CHANGE)
    assert not outcome.ok and outcome.reason == USER_ERROR
    assert outcome.error_message == "SEO title is too long (maximum is 70)"


def test_timeout_then_reread_showing_our_value_is_success(client, stub) -> None:
    stub.on("ProductUpdateText", requests.exceptions.ReadTimeout("slow"))
    stub.on("ProductsByIds", current("<p>New</p>", "New title"))
    outcome = update_product_text(client, CHANGE)
    assert outcome.ok
    assert stub.count("ProductUpdateText") == 1  # no second write


def test_timeout_then_reread_showing_old_value_writes_again(client, stub) -> None:
    stub.on("ProductUpdateText", requests.exceptions.ReadTimeout("slow"), updated())
    stub.on("ProductsByIds", current("<p>Old</p>"))
    outcome = update_product_text(client, CHANGE)
    assert outcome.ok
    assert stub.count("ProductUpdateText") == 2
    assert stub.count("ProductsByIds") == 1  # the second write was read-checked first


def test_timeout_then_reread_showing_someone_elses_value_is_a_conflict(client, stub) -> None:
    stub.on("ProductUpdateText", requests.exceptions.ReadTimeout("slow"))
    stub.on("ProductsByIds", current("<p>Merchant's own text</p>"))
    outcome = update_product_text(client, CHANGE)
    assert not outcome.ok and outcome.reason == CONFLICT
    assert outcome.value["description_html"] == "<p>Merchant's own text</p>"
    assert stub.count("ProductUpdateText") == 1


def test_repeated_unknown_outcomes_stop(client, stub) -> None:
    stub.on("ProductUpdateText", (503, "", {}), (503, "", {}))
    stub.on("ProductsByIds", current("<p>Old</p>"), current("<p>Old</p>"))
    outcome = update_product_text(client, CHANGE)
    assert not outcome.ok and outcome.reason == OUTCOME_UNKNOWN
    assert stub.count("ProductUpdateText") == 2


def alt_reply(ids: list[str], errors: list[dict] | None = None) -> dict:
    files = None if errors else [{"id": i, "alt": f"alt {i[-1]}"} for i in ids]
    return ok({"fileUpdate": {"files": files, "userErrors": errors or []}})


def media(n: int) -> str:
    return f"gid://shopify/MediaImage/{n}"


def test_alt_text_batch_with_throttling_loses_nothing_and_writes_once(client, stub) -> None:
    changes = [AltTextChange(media(n), f"alt {n}") for n in range(1, 4)]
    stub.on("FileUpdateAlt", throttled(), (429, {"errors": "Throttled"}, {"Retry-After": "1"}),
            alt_reply([c.media_id for c in changes]))
    outcomes = set_alt_texts(client, changes)
    assert [o.ok for o in outcomes] == [True, True, True]
    assert [o.target_id for o in outcomes] == [c.media_id for c in changes]
    # Two throttled attempts were not executed; exactly one write went through.
    assert stub.count("FileUpdateAlt") == 3
    assert [len(v["files"]) for v in stub.variables("FileUpdateAlt")] == [3, 3, 3]


def test_alt_text_error_on_one_image_does_not_fail_the_others(client, stub) -> None:
    changes = [AltTextChange(media(1), "alt 1"), AltTextChange(media(2), "alt 2")]
    refused = [{"field": ["files", "1", "id"], "message": "File does not exist",
                "code": "FILE_DOES_NOT_EXIST"}]
    stub.on("FileUpdateAlt", alt_reply([], refused), alt_reply([media(1)]))
    first, second = set_alt_texts(client, changes)
    assert first.ok
    assert not second.ok and second.error_message == "This image no longer exists in Shopify"
    assert [len(v["files"]) for v in stub.variables("FileUpdateAlt")] == [2, 1]


def test_too_long_alt_text_fails_without_a_call(client, stub) -> None:
    (outcome,) = set_alt_texts(client, [AltTextChange(media(1), "x" * 513)])
    assert not outcome.ok
    assert outcome.error_message == "Alt text is too long (maximum is 512 characters)"
    assert stub.calls == []


def test_alt_text_unknown_outcome_is_resolved_per_image(client, stub) -> None:
    changes = [AltTextChange(media(1), "alt 1", previous=None),
               AltTextChange(media(2), "alt 2", previous=""),
               AltTextChange(media(3), "alt 3", previous="old")]
    stub.on("FileUpdateAlt", requests.exceptions.ReadTimeout("slow"), alt_reply([media(2)]))
    stub.on("MediaAltByIds", ok({"nodes": [{"id": media(1), "alt": "alt 1"},
                                           {"id": media(2), "alt": None},
                                           {"id": media(3), "alt": "someone else"}]}))
    first, second, third = set_alt_texts(client, changes)
    assert first.ok and second.ok
    assert third.reason == CONFLICT and third.value == "someone else"
    # Only the image still holding its old value was written again.
    assert [f["id"] for f in stub.variables("FileUpdateAlt")[1]["files"]] == [media(2)]


def mf(n: int, digest: str | None = None) -> MetafieldChange:
    return MetafieldChange(f"gid://shopify/Product/{n}", "custom", "note", f"v{n}",
                           type="single_line_text_field", compare_digest=digest)


def set_reply(items: list[MetafieldChange], errors: list[dict] | None = None) -> dict:
    saved = None if errors else [{"id": "m", "namespace": c.namespace, "key": c.key,
                                  "value": c.value, "owner": {"id": c.owner_id}} for c in items]
    return ok({"metafieldsSet": {"metafields": saved, "userErrors": errors or []}})


def test_metafields_go_in_chunks_of_25(client, stub) -> None:
    changes = [mf(n) for n in range(30)]
    stub.on("MetafieldsSet", set_reply(changes[:25]), set_reply(changes[25:]))
    outcomes = set_metafields(client, changes)
    assert all(o.ok for o in outcomes) and len(outcomes) == 30
    assert [len(v["metafields"]) for v in stub.variables("MetafieldsSet")] == [25, 5]


def test_metafield_errors_map_by_element_index(client, stub) -> None:
    changes = [mf(1), mf(2, digest="stale")]
    refused = [{"field": ["metafields", "1", "compareDigest"], "message": "digest",
                "code": "INVALID_COMPARE_DIGEST", "elementIndex": 1}]
    stub.on("MetafieldsSet", set_reply([], refused), set_reply(changes[:1]))
    first, second = set_metafields(client, changes)
    assert first.ok and not second.ok
    assert second.error_message == "The value was changed in Shopify after it was read"
    assert stub.variables("MetafieldsSet")[0]["metafields"][1]["compareDigest"] == "stale"
    assert len(stub.variables("MetafieldsSet")[1]["metafields"]) == 1


def test_metafield_unknown_outcome_checks_the_digest(client, stub) -> None:
    changes = [mf(1, digest="d1"), mf(2, digest="d2")]
    stub.on("MetafieldsSet", requests.exceptions.ReadTimeout("slow"), set_reply(changes[:1]))
    stub.on("MetafieldsByOwners", ok({"nodes": [
        {"id": changes[0].owner_id, "metafields": {"nodes": [
            {"namespace": "custom", "key": "note", "value": "old", "compareDigest": "d1"}]}},
        {"id": changes[1].owner_id, "metafields": {"nodes": [
            {"namespace": "custom", "key": "note", "value": "theirs", "compareDigest": "zz"}]}},
    ]}))
    first, second = set_metafields(client, changes)
    assert first.ok and second.reason == CONFLICT
    assert [m["ownerId"] for m in stub.variables("MetafieldsSet")[1]["metafields"]] == [
        changes[0].owner_id]


def tags_reply(root: str, tags: list[str]) -> dict:
    return ok({root: {"node": {"id": PID, "tags": tags}, "userErrors": []}})


def test_tags_add_and_remove(client, stub) -> None:
    stub.on("TagsAdd", tags_reply("tagsAdd", ["old", "new"]))
    stub.on("TagsRemove", tags_reply("tagsRemove", ["new"]))
    assert add_tags(client, PID, ["new", " "]).value == ["old", "new"]
    assert remove_tags(client, PID, ["old"]).ok
    assert stub.variables("TagsAdd") == [{"id": PID, "tags": ["new"]}]


def test_tags_unknown_outcome_rereads(client, stub) -> None:
    stub.on("TagsAdd", requests.exceptions.ReadTimeout("slow"))
    stub.on("ProductsByIds", current("<p>x</p>"))  # the product already has "old"
    outcome = add_tags(client, PID, ["OLD"])
    assert outcome.ok and outcome.value == ["old"]
    assert stub.count("TagsAdd") == 1


def test_merchant_messages() -> None:
    assert merchant_message(FieldError(("files", "0", "alt"), "x",
                                       "ALT_VALUE_LIMIT_EXCEEDED")) == \
        "Alt text is too long (maximum is 512 characters)"
    assert merchant_message(FieldError(("product", "descriptionHtml"), "is invalid")) == \
        "Description is invalid"
    assert merchant_message(FieldError(("title",), "Title can't be blank")) == \
        "Title can't be blank"
    assert merchant_message(FieldError(("seo", "description"), "")) == \
        "SEO description was rejected by Shopify"
