"""The import kind's pure parts: canonical values, finding rows' objects, the plan of
items (changed values only), failed rows and a merchant's edits."""
from __future__ import annotations

import dataclasses
import io

import pytest

from shopify_app.jobs.kinds.import_sheet import plan as planning
from shopify_app.jobs.kinds.import_sheet import values
from shopify_app.jobs.kinds.import_sheet.compare import compare_file
from shopify_app.jobs.kinds.import_sheet.edits import check_value
from shopify_app.jobs.kinds.import_sheet.targets import Index, Wanted
from shopify_app.shopify import MediaImage, Product, Variant
from shopify_app.spreadsheets import (
    CURRENT,
    EncodingError,
    ImageRef,
    ImportReader,
    ImportSettings,
    ProductRef,
    SpreadsheetError,
    VariantRef,
    open_sheet,
    read_changes,
)


def _variant(n: int, sku: str | None, option: str, price: str = "10.00",
             compare: str | None = None) -> Variant:
    return Variant(id=f"gid://shopify/ProductVariant/{n}", sku=sku, price=price, title=option,
                   options=(("Size", option),), compare_at_price=compare)


def _image(n: int, alt: str = "") -> MediaImage:
    return MediaImage(id=f"gid://shopify/MediaImage/{n}", alt=alt,
                      url=f"https://cdn.example/{n}.jpg?v=2", width=10, height=10)


SHIRT = Product(id="gid://shopify/Product/1", title="Linen Shirt", handle="linen-shirt",
                status="ACTIVE", vendor="Nord", product_type="Shirts", tags=("summer", "Linen"),
                updated_at=None, description_html="<p>Linen</p>", seo_title=None,
                seo_description=None, media=(_image(11, "front"), _image(12)),
                variants=(_variant(21, "LS-S", "S"), _variant(22, "LS-M", "M"),
                          _variant(23, None, "L", "12.00", "15.00")))
TOTE = Product(id="gid://shopify/Product/2", title="Tote", handle="tote", status="DRAFT",
               vendor="", product_type="", tags=(), updated_at=None, description_html="",
               media=(), variants=(_variant(31, "DUP", "Default Title"),))
TWIN = Product(id="gid://shopify/Product/3", title="Twin", handle="twin", status="DRAFT",
               vendor="", product_type="", tags=(), updated_at=None,
               variants=(_variant(41, "DUP", "Default Title"),))
INDEX = Index([SHIRT, TOTE, TWIN])


def test_canonical_values():
    assert values.as_text("tags", ("summer", "Linen", "linen")) == "Linen, summer"
    assert values.as_text("price", "12.9") == "12.90" and values.as_text("price", None) == ""
    assert values.same("price", "12.9", "12.90") and not values.same("price", "12.9", "12.91")
    assert values.same("tags", "b, A", "a, b")
    assert values.same("description_html", "<p>a  b</p>", "<p>a b</p>")
    assert values.as_text("status", "active") == "ACTIVE"
    key = values.target_key("price", "gid://shopify/ProductVariant/1", "gid://shopify/Product/9")
    assert values.parse_target(key) == ("price", "gid://shopify/ProductVariant/1",
                                        "gid://shopify/Product/9")
    assert values.product_input("p", {"seo_title": "T", "tags": "a, b", "vendor": ""}) == {
        "id": "p", "seo": {"title": "T"}, "tags": ["a", "b"], "vendor": ""}


@pytest.mark.parametrize(("ref", "found"), [
    (ProductRef(handle="linen-shirt"), SHIRT.id),
    (ProductRef(id="gid://shopify/Product/2"), TOTE.id),
    (VariantRef(sku="LS-M"), "gid://shopify/ProductVariant/22"),
    (VariantRef(product=ProductRef(handle="linen-shirt"), options=("l",)),
     "gid://shopify/ProductVariant/23"),
    (VariantRef(product=ProductRef(handle="tote"), options=("Default Title",)),
     "gid://shopify/ProductVariant/31"),
    (VariantRef(product=ProductRef(handle="tote")), "gid://shopify/ProductVariant/31"),
    (ImageRef(product=ProductRef(handle="linen-shirt"), position=2),
     "gid://shopify/MediaImage/12"),
    (ImageRef(product=ProductRef(handle="linen-shirt"), url="https://cdn.example/11.jpg?v=9"),
     "gid://shopify/MediaImage/11"),
    (ImageRef(id="gid://shopify/MediaImage/12"), "gid://shopify/MediaImage/12"),
])
def test_references_find_their_object(ref, found):
    target = INDEX.resolve(ref)
    assert not isinstance(target, str), target
    obj = target.variant or target.image or target.product
    assert obj.id == found


@pytest.mark.parametrize(("ref", "words"), [
    (ProductRef(handle="nope"), 'No product with handle "nope"'),
    (VariantRef(sku="GONE"), 'No variant with SKU "GONE"'),
    (VariantRef(sku="DUP"), '2 variants share the SKU "DUP"'),
    (VariantRef(product=ProductRef(handle="linen-shirt")), "has 3 variants"),
    (VariantRef(product=ProductRef(handle="linen-shirt"), options=("XL",)), 'no variant "XL"'),
    (ImageRef(product=ProductRef(handle="linen-shirt"), position=5), "has 2 images, not 5"),
])
def test_unknown_references_say_why(ref, words):
    reason = INDEX.resolve(ref)
    assert isinstance(reason, str) and words in reason


def test_wanted_keys_know_when_a_full_read_is_needed():
    wanted = Wanted()
    wanted.add(VariantRef(sku="A", product=ProductRef(handle="h")))
    wanted.add(ImageRef(product=ProductRef(id="gid://shopify/Product/5"), position=1))
    assert wanted.skus == {"A"} and wanted.ids == {"gid://shopify/Product/5"}
    assert not wanted.loose_images and wanted.names(SHIRT) is False
    wanted.add(ImageRef(id="gid://shopify/MediaImage/11"))
    assert wanted.loose_images and wanted.names(SHIRT)


CSV = ("handle,title,tags,description_html,sku,price,compare_at_price\r\n"
       "linen-shirt,Linen Shirt,\"Linen, summer\",<p>New</p><script>x()</script>,LS-S,10,9\r\n"
       "linen-shirt,,,,LS-M,11.5,\r\n"
       "nowhere,Ghost,,,,,\r\n"
       "tote,Tote,,,DUP,3,\r\n"
       "tote,,,,,abc,\r\n")


def _plan(text: str = CSV):  # type: ignore[no-untyped-def]
    result = read_changes(io.BytesIO(text.encode()))
    found = planning.resolve_all(result.changes, INDEX)
    with ImportReader(io.BytesIO(text.encode())) as reader:
        failed, withdrawn = planning.failed_rows(found, result.changes, reader.results())
    plan = planning.build(result.changes, found, withdrawn)
    return plan, failed, planning.summary(plan, result.changes, failed)


def test_only_changed_values_become_items():
    plan, _, summary = _plan()
    got = {(i.input["field"], i.target_id): (i.original, i.input["proposed"])
           for i in plan.items}
    assert got == {
        ("description_html", SHIRT.id): ("<p>Linen</p>", "<p>New</p>"),
        ("compare_at_price", "gid://shopify/ProductVariant/21"): ("", "9.00"),
        ("price", "gid://shopify/ProductVariant/22"): ("10.00", "11.50"),
    }
    # The tote's title is set only by a row that fails (its SKU is ambiguous).
    assert summary["fields"]["title"] == {"change": 0, "unchanged": 1, "invalid": 2}
    assert summary["fields"]["tags"]["unchanged"] == 1  # same tags, another order
    assert summary["fields"]["price"] == {"change": 1, "unchanged": 1, "invalid": 2}
    item = next(i for i in plan.items if i.input["field"] == "compare_at_price")
    assert any("below the price 10.00" in w for w in item.input["warnings"])
    assert item.product_title == "Linen Shirt — Compare-at price (S)"
    html = next(i for i in plan.items if i.input["field"] == "description_html")
    assert any("cleaned" in w for w in html.input["warnings"])


def test_failed_rows_name_their_lines_and_reasons():
    _, failed, summary = _plan()
    assert [row.line for row in failed] == [4, 5, 6]
    assert 'No product with handle "nowhere"' in failed[0].message
    assert '2 variants share the SKU "DUP"' in failed[1].message
    assert "not a number" in failed[2].message
    assert summary["failed_rows"] == 3 and summary["rows_read"] == 5
    assert summary["failed"][0] == {"line": 4, "reason": failed[0].message}


@pytest.mark.parametrize(("field", "text", "stored"), [
    ("price", " 12,5 ", "12.50"), ("status", "draft", "DRAFT"),
    ("tags", "b, a, B", "a, b"), ("seo_title", "  A   title ", "A title"),
    ("description_html", "<p>x</p><script>y</script>", "<p>x</p>"),
])
def test_edits_are_checked_like_cells(field, text, stored):
    assert check_value(field, text) == stored


@pytest.mark.parametrize(("field", "text"), [
    ("price", "12,9O"), ("status", "gone"), ("seo_title", "x" * 71), ("price", "-3")])
def test_bad_edits_are_refused_with_a_reason(field, text):
    with pytest.raises(SpreadsheetError) as caught:
        check_value(field, text)
    assert caught.value.message


def test_utf32_files_are_named_not_mistaken_for_utf16():
    data = "handle,title\r\nchemise,Chemise\r\n".encode("utf-32")
    with pytest.raises(EncodingError, match="UTF-32"):
        open_sheet(io.BytesIO(data))


def test_a_failed_row_changes_nothing_even_where_its_other_keys_are_known():
    text = ("handle,title,sku,price\r\n"
            "linen-shirt,Renamed shirt,NO-SUCH-SKU,30\r\n"
            "tote,Renamed tote,,\r\n"
            "tote,Renamed tote,GONE,4\r\n")
    plan, failed, summary = _plan(text)
    assert [row.line for row in failed] == [2, 4]
    # The shirt's title was set by a failed row only; the tote's by a good row too.
    assert [(i.input["field"], i.product_id) for i in plan.items] == [("title", TOTE.id)]
    assert summary["fields"]["title"] == {"change": 1, "unchanged": 0, "invalid": 1}


def test_a_value_the_store_already_holds_is_unchanged_even_where_it_breaks_a_rule():
    # The store's SEO title is longer than a file may set: its own export imports back
    # with nothing to do and no failed row; a new over-long title still fails its row.
    long_title = "Linen shirt " * 7  # 84 characters
    shirt = dataclasses.replace(SHIRT, seo_title=long_title.strip())
    index = Index([shirt, TOTE, TWIN])
    text = ("handle,title,seo_title\r\n"
            f"linen-shirt,Linen Shirt,{long_title}\r\n"
            f"tote,Renamed tote,{'t' * 71}\r\n")
    settings = ImportSettings(defer_checks=True)
    result = read_changes(io.BytesIO(text.encode()), settings)
    found = planning.resolve_all(result.changes, index)
    with ImportReader(io.BytesIO(text.encode()), settings) as reader:
        failed, withdrawn = planning.failed_rows(found, result.changes, reader.results())
    plan = planning.build(result.changes, found, withdrawn)
    summary = planning.summary(plan, result.changes, failed)
    assert [row.line for row in failed] == [3]
    assert "SEO title is 71 characters long; the limit is 70" in failed[0].message
    assert plan.items == []  # the tote's row fails whole: its title is not renamed
    assert summary["fields"]["seo_title"] == {"change": 0, "unchanged": 1, "invalid": 1}
    assert summary["fields"]["title"] == {"change": 0, "unchanged": 1, "invalid": 1}


def test_limits_apply_at_read_time_unless_deferred():
    text = f"handle,seo_title,price,sku\r\ntote,{'t' * 71},1000000000,DUP\r\n"
    strict = read_changes(io.BytesIO(text.encode()))
    assert len(strict.changes.failed) == 1 and len(strict.changes) == 0
    deferred = read_changes(io.BytesIO(text.encode()), ImportSettings(defer_checks=True))
    assert not deferred.changes.failed
    problems = {c.field: c.problem for c in deferred.changes.changes()}
    assert "71 characters" in problems["seo_title"] and "too large" in problems["price"]


def test_a_value_that_cant_be_read_fails_its_row_even_deferred():
    # No store holds a price that is not a number: the upload preview and the job agree.
    text = f"handle,seo_title,price,sku\r\ntote,{'t' * 71},abc,DUP\r\n"
    deferred = read_changes(io.BytesIO(text.encode()), ImportSettings(defer_checks=True))
    (failed,) = deferred.changes.failed
    assert "not a number" in failed.message and "71 characters" in failed.message
    assert len(deferred.changes) == 0


def test_the_store_is_read_for_the_parts_the_file_sets_only():
    def fields(text: str):  # type: ignore[no-untyped-def]
        return planning.wanted_keys(read_changes(io.BytesIO(text.encode())).changes).fields

    titles = fields("handle,title\r\ntote,Tote\r\n")
    assert (titles.text, titles.media, titles.variants) == (False, False, False)
    prices = fields("handle,description_html,sku,price\r\ntote,<p>x</p>,DUP,3\r\n")
    assert (prices.text, prices.media, prices.variants) == (True, False, True)
    alt = fields("handle,image_position,image_alt,seo_title\r\ntote,1,Front,T\r\n")
    assert (alt.text, alt.media, alt.variants) == (True, True, False)
    # What the index keeps answers like the product it came from.
    entry = INDEX.by_handle["linen-shirt"]
    assert planning.current_value("tags", planning.Target(entry)) == "Linen, summer"
    assert entry.variants[2].compare_at_price == "15.00" and entry.media[0].alt == "front"


@pytest.mark.parametrize("text", [CSV, CSV.replace("tote,,,,,abc,", "tote,Tote bag,,,DUP,3,")])
def test_the_job_reads_rows_one_at_a_time_to_the_same_plan(text):
    # Keys first, then rows against the index: the same items, counts and failed rows
    # as comparing a whole read file, without holding the values the store already has.
    plan, failed, summary = _plan(text)
    compared = compare_file(io.BytesIO(text.encode()), ImportSettings(), lambda wanted: INDEX)
    assert [(i.target_id, i.input, i.original) for i in compared.plan.items] == \
        [(i.target_id, i.input, i.original) for i in plan.items]
    assert [(r.line, r.cells) for r in compared.failed] == [(r.line, r.cells) for r in failed]
    assert compared.summary["fields"] == summary["fields"]
    assert compared.summary["failed_rows"] == summary["failed_rows"]
    held = [c.value for c in compared.changes.changes()]
    assert CURRENT in held and "Linen Shirt" not in held  # the store's own: not kept


def test_a_clash_with_a_value_the_store_has_names_it():
    text = "handle,title\r\ntote,Tote\r\ntote,Tote bag\r\n"
    compared = compare_file(io.BytesIO(text.encode()), ImportSettings(), lambda wanted: INDEX)
    (failed,) = compared.failed
    assert failed.line == 3 and "to its current value on line 2" in failed.message
    assert compared.plan.items == []


@pytest.mark.parametrize("text", [
    "<p>" + "Soft linen, washed twice. " * 20 + "</p>",  # long: kept compressed
    "<p>Crème brûlée 🍮 " * 30 + "\ud800</p>",  # any text, even a lone surrogate
    "<p>Short</p>", "", None])
def test_the_index_gives_back_each_description_as_read(text):
    product = Product(id="gid://shopify/Product/9", title="T", handle="t", status="ACTIVE",
                      vendor="", product_type="", tags=(), updated_at=None,
                      description_html=text, seo_title=None, seo_description=text,
                      media=None, variants=None)
    entry = Index([product]).by_id[product.id]
    assert entry.description_html == text and entry.seo_description == text
    assert planning.current_value("description_html", planning.Target(entry)) == (text or "")
    packed = isinstance(entry.packed_description, bytes)
    assert packed == (text is not None and len(text) > 300)


def test_the_index_keeps_one_copy_of_values_products_repeat():
    def product(n: int) -> Product:
        # Each product as read carries its own copies of the strings.
        return Product(id=f"gid://shopify/Product/{n}", title=f"T{n}", handle=f"t{n}",
                       status="".join("ACTIVE"), vendor="".join(["Acme ", "Co"]),
                       product_type="", tags=("".join("linen"), "sale"), updated_at=None,
                       description_html=None, seo_title=None, seo_description=None,
                       media=None, variants=(_variant(n, None, "".join("M")),))

    index = Index([product(1), product(2)])
    first, second = index.by_id["gid://shopify/Product/1"], index.by_id["gid://shopify/Product/2"]
    assert first.vendor == "Acme Co" and first.tags == ("linen", "sale")
    assert first.vendor is second.vendor and first.tags is second.tags
    assert first.variants[0].options is second.variants[0].options
    assert first.variants[0].options == (("Size", "M"),)


def test_the_rows_kept_name_their_objects_with_the_index_strings():
    # The file's copies of handles, SKUs and ids are let go: the kept refs use the
    # index's own (equal) strings; keys the store lacks stay as read.
    compared = compare_file(io.BytesIO(CSV.encode()), ImportSettings(), lambda wanted: INDEX)
    refs = {c.target.key: c.target for c in compared.changes.changes()}
    shirt, ls_s = refs[("product", "handle", "linen-shirt")], refs[("variant", "sku", "LS-S")]
    assert shirt.handle is INDEX.by_handle["linen-shirt"].handle
    assert ls_s.sku is INDEX.by_sku["LS-S"].variant.sku
    assert refs[("product", "handle", "nowhere")].handle == "nowhere"
    variant_id = SHIRT.variants[0].id
    copy = "".join(variant_id)  # equal, not the same string
    assert INDEX.key_text("variant_id", copy) is INDEX.by_variant[variant_id].variant.id
    assert INDEX.key_text("sku", "NO-SUCH") == "NO-SUCH"
