"""Merging image analyses per product; tags and metafields."""
from __future__ import annotations

import json

import pytest

from shopify_app.vision import (
    Attributes,
    ColorShare,
    ImageAnalysis,
    ImageQuality,
    ProductAnalysis,
    SkippedImage,
    analyze,
    merge_analyses,
    metafield_values,
    suggested_tags,
)

from .imaging import product_on_white, solid


def image(colors: list[tuple[str, str, float]], area: float, url: str = "u") -> ImageAnalysis:
    quality = ImageQuality(format="jpeg", bytes=1, width=10, height=10, megapixels=0.0,
                           aspect_ratio="1:1", aspect=1.0, square=True, background="white",
                           background_hex="#FFFFFF", sharpness=90.0, laplacian_variance=500.0,
                           blurry=False)
    return ImageAnalysis(colors=[ColorShare(n, h, s) for n, h, s in colors],
                         product_area=area, quality=quality, url=url)


def test_colors_are_weighted_by_product_area() -> None:
    closeup = image([("red", "#FF0000", 1.0)], area=0.8)
    wide = image([("blue", "#1E63D6", 1.0)], area=0.2)
    merged = merge_analyses([closeup, wide])
    assert [(c.name, c.share) for c in merged.colors] == [("red", 0.8), ("blue", 0.2)]
    assert merged.images == [closeup, wide]


def test_same_name_from_several_images_is_one_color() -> None:
    a = image([("navy", "#000080", 0.5), ("white", "#FFFFFF", 0.5)], area=0.5)
    b = image([("navy", "#14213D", 1.0)], area=0.5)
    merged = merge_analyses([a, b])
    assert [c.name for c in merged.colors] == ["navy", "white"]
    assert merged.colors[0].share == pytest.approx(0.75, abs=0.001)
    assert sum(c.share for c in merged.colors) == pytest.approx(1.0, abs=0.01)
    assert merged.colors[0].hex not in ("#000080", "#14213D")  # a blend of the two navies


def test_empty_product_area_counts_for_nothing() -> None:
    merged = merge_analyses([image([("red", "#FF0000", 1.0)], area=0.0),
                             image([("green", "#00A000", 1.0)], area=0.3)])
    assert [c.name for c in merged.colors] == ["green"]
    assert merge_analyses([]).colors == []


def test_merge_of_real_analyses() -> None:
    merged = merge_analyses([analyze(product_on_white((0, 0, 128))), analyze(solid((0, 0, 128)))])
    assert [c.name for c in merged.colors] == ["navy"]


def product(attributes: Attributes | None = None) -> ProductAnalysis:
    return ProductAnalysis(colors=[ColorShare("navy", "#1B2A4A", 0.7),
                                   ColorShare("white", "#FFFFFF", 0.25),
                                   ColorShare("red", "#D0202A", 0.05)],
                           attributes=attributes)


def test_suggested_tags() -> None:
    assert suggested_tags(product()) == ["color:navy", "color:white"]
    assert suggested_tags(product(), prefix="Colour: ") == ["colour: navy", "colour: white"]
    assert suggested_tags(product(), min_share=0.01) == ["color:navy", "color:white",
                                                         "color:red"]


def test_attribute_tags_on_request() -> None:
    attrs = Attributes(values={"pattern": "striped", "material": ["cotton", "linen, blend"],
                               "sleeve_length": "long"}, provider="openai")
    assert suggested_tags(product(attrs)) == ["color:navy", "color:white"]
    assert suggested_tags(product(attrs), include_attributes=True) == [
        "color:navy", "color:white", "pattern:striped", "material:cotton",
        "material:linen blend", "sleeve-length:long"]


def test_metafield_values() -> None:
    attrs = Attributes(values={"pattern": "striped", "material": ["cotton"]},
                       confidence={"pattern": 0.9}, provider="openai", model="m")
    fields = metafield_values(product(attrs))
    assert [(f["namespace"], f["key"], f["type"]) for f in fields] == [
        ("shelf", "colors", "json"), ("shelf", "attributes", "json")]
    assert json.loads(fields[0]["value"]) == [
        {"name": "navy", "hex": "#1B2A4A", "share": 0.7},
        {"name": "white", "hex": "#FFFFFF", "share": 0.25},
        {"name": "red", "hex": "#D0202A", "share": 0.05}]
    assert json.loads(fields[1]["value"]) == {"material": ["cotton"], "pattern": "striped"}


def test_no_attributes_metafield_without_attributes() -> None:
    assert [f["key"] for f in metafield_values(product())] == ["colors"]
    assert [f["key"] for f in metafield_values(product(Attributes(provider="x")))] == ["colors"]


def test_product_analysis_round_trips_through_json() -> None:
    merged = merge_analyses(
        [analyze(product_on_white((30, 99, 214)), url="https://cdn.example/1.png")],
        attributes=Attributes(values={"category": "mug"}, confidence={"category": 0.8},
                              provider="openai", model="gpt", tokens_in=100, tokens_out=20),
        skipped=[SkippedImage("https://cdn.example/2.svg", "The image is an SVG; …")])
    data = json.loads(json.dumps(merged.to_dict()))
    assert data["version"] == 1
    assert data["colors"][0]["name"] == "blue"
    assert data["attributes"]["values"] == {"category": "mug"}
    assert data["skipped"] == [{"url": "https://cdn.example/2.svg",
                                "reason": "The image is an SVG; …"}]
    assert ProductAnalysis.from_dict(data) == merged
    assert suggested_tags(ProductAnalysis.from_dict(data)) == ["color:blue"]
