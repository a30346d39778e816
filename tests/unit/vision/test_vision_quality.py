"""Quality facts: aspect labels, the Laplacian measure, recommendations."""
from __future__ import annotations

import numpy as np
import pytest

from shopify_app.vision.quality import (
    BLURRY_BELOW,
    MSG_BACKGROUND,
    MSG_BLURRY,
    MSG_HEAVY,
    MSG_NOT_SQUARE,
    MSG_SMALL,
    ImageQuality,
    aspect_label,
    assess,
    laplacian_variance,
    sharpness_score,
)


@pytest.mark.parametrize(("width", "height", "label"), [
    (2048, 2048, "1:1"), (300, 500, "3:5"), (1080, 1350, "4:5"), (1920, 1080, "16:9"),
    (1000, 1333, "3:4"), (1001, 1000, "1:1"), (1234, 1000, "5:4"), (1457, 1000, "16:11"),
    (1, 500, "1:500"), (5000, 3, "1666.67:1"),
])
def test_aspect_label(width: int, height: int, label: str) -> None:
    assert aspect_label(width, height) == label


def test_laplacian_variance_sees_edges_and_respects_the_mask() -> None:
    flat = np.full((64, 64), 128, dtype=np.uint8)
    checker = (np.indices((64, 64)).sum(axis=0) % 2 * 255).astype(np.uint8)
    assert laplacian_variance(flat) == 0.0
    assert laplacian_variance(checker) > 10_000
    half = np.where(np.arange(64)[None, :] < 32, checker, flat)
    flat_side = np.zeros((64, 64), dtype=bool)
    flat_side[:, 34:] = True  # away from the boundary column
    assert laplacian_variance(half, flat_side) == 0.0  # only the flat half counts
    assert laplacian_variance(half, ~flat_side) > 10_000
    assert laplacian_variance(np.zeros((2, 2))) == 0.0


def test_sharpness_score_is_monotonic_and_bounded() -> None:
    scores = [sharpness_score(v) for v in (0, 10, BLURRY_BELOW, 500, 1e6)]
    assert scores == sorted(scores)
    assert scores[0] == 0.0 and scores[-1] == 100.0


def quality(**overrides: object) -> ImageQuality:
    base: dict = {"fmt": "jpeg", "size_bytes": 400_000, "width": 2048, "height": 2048,
                  "background": "white", "background_hex": "#FFFFFF", "variance": 800.0}
    return assess(**{**base, **overrides})  # type: ignore[arg-type]


def test_a_good_image_has_no_recommendations() -> None:
    good = quality()
    assert good.recommendations == []
    assert (good.square, good.blurry, good.megapixels) == (True, False, 4.19)


@pytest.mark.parametrize(("overrides", "message"), [
    ({"width": 2047, "height": 2047}, MSG_SMALL),
    ({"width": 2048, "height": 1900}, MSG_NOT_SQUARE),
    ({"background": "other"}, MSG_BACKGROUND),
    ({"variance": BLURRY_BELOW - 1}, MSG_BLURRY),
    ({"size_bytes": 5 * 1024 * 1024 + 1}, MSG_HEAVY),
])
def test_each_recommendation(overrides: dict, message: str) -> None:
    assert quality(**overrides).recommendations == [message]


def test_nearly_square_counts_as_square() -> None:
    assert quality(width=2048, height=2040).square is True
    assert quality(background="transparent").recommendations == []


def test_messages_read_well() -> None:
    assert MSG_SMALL == ("Smaller than 2048 px on the long side; Shopify recommends "
                         "2048 × 2048 for zoom")
    assert MSG_HEAVY == "File is larger than 5 MB; it will load slowly"


def test_quality_from_dict_ignores_unknown_keys() -> None:
    data = {**quality().to_dict(), "added_later": 1}
    assert ImageQuality.from_dict(data) == quality()
