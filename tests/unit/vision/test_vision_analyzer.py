"""The built-in analyzer on generated images: colors, background, quality, formats."""
from __future__ import annotations

import io
import json

import pytest
from PIL import Image, ImageDraw, ImageFilter

from shopify_app.vision import (
    DamagedImageError,
    ImageTooManyPixelsError,
    UnsupportedImageError,
    analyze,
)
from shopify_app.vision.decode import open_image
from shopify_app.vision.quality import MSG_BACKGROUND, MSG_BLURRY, MSG_NOT_SQUARE, MSG_SMALL

from .imaging import HTML, SVG, drawn, encode, png_header_only, product_on_white, solid


def names(analysis) -> list[str]:  # type: ignore[no-untyped-def]
    return [c.name for c in analysis.colors]


def share(analysis, name: str) -> float:  # type: ignore[no-untyped-def]
    return next((c.share for c in analysis.colors if c.name == name), 0.0)


def test_pure_red_square_is_red() -> None:
    result = analyze(solid((255, 0, 0)))
    assert names(result) == ["red"]
    assert result.colors[0].hex == "#FF0000"
    assert result.colors[0].share == pytest.approx(1.0)


@pytest.mark.parametrize(("color", "name"), [((0, 0, 128), "navy"), ((30, 99, 214), "blue")])
def test_navy_and_blue_are_told_apart(color: tuple[int, int, int], name: str) -> None:
    assert names(analyze(product_on_white(color))) == [name]


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_red_product_on_white_ignores_the_background(fmt: str) -> None:
    result = analyze(product_on_white((220, 20, 30), fmt=fmt))
    assert "white" not in names(result)
    assert names(result)[0] == "red"
    assert share(result, "red") >= 0.97
    assert result.quality.background == "white"
    assert 0.25 < result.product_area < 0.32  # a circle of 60 % of the width: π·0.3² ≈ 0.28


@pytest.mark.parametrize(("color", "name"), [((200, 20, 30), "red"), ((0, 0, 128), "navy"),
                                             ((0, 160, 0), "green")])
def test_soft_edges_do_not_add_pale_colors(color: tuple[int, int, int], name: str) -> None:
    """Anti-aliased edges blend product and backdrop (pink around red); they are left out."""
    scale, size = 4, 300
    big = Image.new("RGB", (size * scale, size * scale), (255, 255, 255))
    draw = ImageDraw.Draw(big)
    for x in (30, 120, 210):
        draw.ellipse((x * scale, 60 * scale, (x + 60) * scale, 240 * scale), fill=color)
    soft = encode(big.resize((size, size), Image.Resampling.LANCZOS), "JPEG", quality=75)
    assert names(analyze(soft)) == [name]


def with_shadow(color: tuple[int, int, int]) -> bytes:
    """A product standing on a white floor, casting a soft grey shadow."""
    image = Image.new("RGB", (400, 400), (255, 255, 255))
    shadow = Image.new("L", (400, 400), 0)
    ImageDraw.Draw(shadow).ellipse((70, 300, 330, 360), fill=110)
    image.paste((120, 120, 120), mask=shadow.filter(ImageFilter.GaussianBlur(12)))
    ImageDraw.Draw(image).rounded_rectangle((100, 60, 300, 330), radius=30, fill=color)
    return encode(image, "JPEG", quality=90)


def test_soft_shadow_is_background() -> None:
    result = analyze(with_shadow((200, 20, 30)))
    assert names(result) == ["red"]
    assert result.product_area == pytest.approx(200 * 270 / 400 ** 2, abs=0.03)


def test_light_grey_product_is_not_taken_for_a_shadow() -> None:
    result = analyze(with_shadow((205, 205, 205)))
    assert names(result)[0] == "gray"
    assert result.product_area > 0.3


def test_two_tone_product_shares() -> None:
    def draw(d):  # type: ignore[no-untyped-def]
        d.rectangle((50, 50, 349, 229), fill=(0, 160, 0))     # 300 × 180: 60 %
        d.rectangle((50, 230, 349, 349), fill=(255, 230, 0))  # 300 × 120: 40 %
    result = analyze(drawn(draw))
    assert names(result) == ["green", "yellow"]
    assert sum(c.share for c in result.colors) == pytest.approx(1.0, abs=0.01)
    assert share(result, "green") == pytest.approx(0.6, abs=0.04)
    assert share(result, "yellow") == pytest.approx(0.4, abs=0.04)


def test_white_logo_inside_the_product_is_kept() -> None:
    def draw(d):  # type: ignore[no-untyped-def]
        d.rectangle((40, 40, 359, 359), fill=(200, 20, 30))
        d.rectangle((140, 140, 259, 259), fill=(255, 255, 255))  # enclosed white: ~14 %
    result = analyze(drawn(draw))
    assert names(result) == ["red", "white"]
    assert share(result, "white") == pytest.approx(0.14, abs=0.03)


def test_transparent_background_is_ignored() -> None:
    data = drawn(lambda d: d.rectangle((100, 100, 299, 299), fill=(0, 0, 128, 255)),
                 mode="RGBA", background=(0, 0, 0, 0))
    result = analyze(data)
    assert names(result) == ["navy"]
    assert result.quality.background == "transparent"
    assert result.product_area == pytest.approx(0.25, abs=0.02)
    assert MSG_BACKGROUND not in result.quality.recommendations


def test_palette_png_with_transparency() -> None:
    image = Image.new("RGBA", (200, 200), (0, 0, 0, 0))
    image.paste((30, 99, 214, 255), (50, 50, 150, 150))
    data = encode(image.convert("P", palette=Image.Palette.ADAPTIVE, colors=4))
    result = analyze(data)
    assert result.quality.background in ("transparent", "white")
    assert names(result) == ["blue"]


def test_white_product_on_white_reports_white() -> None:
    result = analyze(solid((255, 255, 255)))
    assert names(result) == ["white"]
    assert result.product_area == 1.0
    assert result.quality.background == "white"


def test_plain_colored_backdrop_is_reported_and_removed() -> None:
    data = drawn(lambda d: d.ellipse((100, 100, 299, 299), fill=(0, 0, 128)),
                 background=(120, 120, 120))
    result = analyze(data)
    assert names(result) == ["navy"]
    assert result.quality.background == "other"
    assert MSG_BACKGROUND in result.quality.recommendations


def test_small_portrait_image_gets_recommendations() -> None:
    result = analyze(drawn(lambda d: d.ellipse((60, 100, 240, 400), fill=(200, 20, 30)),
                           size=(300, 500)))
    quality = result.quality
    assert (quality.width, quality.height) == (300, 500)
    assert quality.aspect_ratio == "3:5"
    assert quality.aspect == pytest.approx(0.6)
    assert quality.square is False
    assert MSG_SMALL in quality.recommendations
    assert MSG_NOT_SQUARE in quality.recommendations
    assert MSG_BACKGROUND not in quality.recommendations


def test_large_square_image_gets_no_size_advice() -> None:
    result = analyze(product_on_white((200, 20, 30), fmt="JPEG", size=2048))
    assert result.quality.megapixels == pytest.approx(4.19, abs=0.01)
    assert result.quality.square is True
    assert result.quality.recommendations == []


def test_blurred_image_is_less_sharp() -> None:
    def draw(d):  # type: ignore[no-untyped-def]
        for x in range(60, 340, 16):
            d.rectangle((x, 60, x + 7, 340), fill=(20, 40, 110))
    sharp_image = Image.open(io.BytesIO(drawn(draw)))
    blurred = encode(sharp_image.filter(ImageFilter.GaussianBlur(4)))
    sharp, soft = analyze(encode(sharp_image)), analyze(blurred)
    assert soft.quality.laplacian_variance < sharp.quality.laplacian_variance / 5
    assert soft.quality.sharpness < sharp.quality.sharpness
    assert sharp.quality.blurry is False
    assert soft.quality.blurry is True
    assert MSG_BLURRY in soft.quality.recommendations


def test_gif_is_analyzed_at_its_first_frame() -> None:
    frames = [Image.new("RGB", (120, 120), (255, 0, 0)), Image.new("RGB", (120, 120), (0, 0, 255))]
    data = encode(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100)
    result = analyze(data)
    assert names(result) == ["red"]
    assert result.quality.format == "gif"
    assert result.quality.animated is True


def test_webp_and_cmyk_jpeg() -> None:
    assert names(analyze(solid((0, 160, 0), fmt="WEBP"))) == ["green"]
    cmyk = encode(Image.new("RGB", (100, 100), (255, 0, 0)).convert("CMYK"), "JPEG")
    assert names(analyze(cmyk)) == ["red"]


def test_sixteen_bit_grey_png_is_scaled_not_clipped() -> None:
    image = Image.new("I;16", (64, 64), 32768)  # mid grey on a 16-bit scale
    result = analyze(encode(image))
    assert names(result) == ["gray"]


def test_exif_rotation_swaps_reported_size() -> None:
    image = Image.new("RGB", (300, 200), (200, 20, 30))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° on display
    result = analyze(encode(image, "JPEG", exif=exif.tobytes()))
    assert (result.quality.width, result.quality.height) == (200, 300)
    assert result.quality.aspect_ratio == "2:3"


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_truncated_file_is_damaged(fmt: str) -> None:
    data = product_on_white((200, 20, 30), fmt=fmt)
    with pytest.raises(DamagedImageError) as caught:
        analyze(data[: len(data) // 2])
    assert caught.value.message == "The image file is damaged or truncated"
    assert caught.value.retryable is False


@pytest.mark.parametrize(("data", "reason"), [
    (SVG, "The image is an SVG; only JPEG, PNG, WebP and GIF can be analyzed"),
    (HTML, "The image address returned a web page, not an image"),
    (b"BM" + b"\x00" * 64, "The file is a BMP image; only JPEG, PNG, WebP and GIF can be analyzed"),
])
def test_unsupported_files(data: bytes, reason: str) -> None:
    with pytest.raises(UnsupportedImageError) as caught:
        analyze(data)
    assert caught.value.reason == reason


# Pillow warns about the header's size before our own, lower limit refuses it.
@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_decompression_bomb_is_refused_before_decoding() -> None:
    max_before = Image.MAX_IMAGE_PIXELS
    with pytest.raises(ImageTooManyPixelsError) as caught:
        analyze(png_header_only(10_000, 10_000))
    assert "100 megapixels" in caught.value.message
    assert "over 50 megapixels" in caught.value.message
    assert max_before == Image.MAX_IMAGE_PIXELS  # Pillow's global limit is left alone


def test_pixel_limit_is_a_parameter() -> None:
    with pytest.raises(ImageTooManyPixelsError):
        analyze(solid((255, 0, 0), size=(300, 300)), max_pixels=50_000)


def test_analysis_is_json_serializable_and_round_trips() -> None:
    from shopify_app.vision import ImageAnalysis

    result = analyze(product_on_white((0, 0, 128)), url="https://cdn.example/a.png")
    data = json.loads(json.dumps(result.to_dict()))
    assert data["url"] == "https://cdn.example/a.png"
    assert data["colors"][0]["name"] == "navy"
    assert set(data["quality"]) >= {"width", "height", "megapixels", "aspect_ratio", "square",
                                    "background", "sharpness", "blurry", "bytes", "format",
                                    "recommendations"}
    assert ImageAnalysis.from_dict(data) == result


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "GIF"])  # Pillow's WebP reader needs it all
def test_opening_reads_only_the_header(fmt: str) -> None:
    data = product_on_white((200, 20, 30), fmt=fmt)
    image, info = open_image(data[: len(data) // 2])  # the pixel data is cut off
    image.close()
    assert (info.width, info.height, info.format) == (400, 400, fmt.lower())


@pytest.mark.parametrize("size", [(1, 1), (2, 2), (1, 500), (900, 3)])
def test_tiny_and_extreme_images_do_not_crash(size: tuple[int, int]) -> None:
    result = analyze(solid((30, 99, 214), size=size))
    assert names(result) == ["blue"]
    assert (result.quality.width, result.quality.height) == size


def test_fully_transparent_image_has_no_colors() -> None:
    result = analyze(encode(Image.new("RGBA", (50, 50), (0, 0, 0, 0))))
    assert result.colors == []
    assert result.product_area == 0.0
    assert result.quality.background == "transparent"


def test_analysis_is_deterministic() -> None:
    data = product_on_white((90, 140, 200), fmt="JPEG")
    assert analyze(data).to_dict() == analyze(data).to_dict()


def test_building_a_catalog_pdf_leaves_truncated_images_refused() -> None:
    from shopify_app.catalogs.pdf import render_pdf

    render_pdf("<p>one page</p>", {})  # imports WeasyPrint, which flips a Pillow global
    data = product_on_white((200, 20, 30), fmt="JPEG")
    with pytest.raises(DamagedImageError):
        analyze(data[: len(data) // 2])
