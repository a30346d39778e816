"""Lab conversion, CIEDE2000 and palette names."""
from __future__ import annotations

import numpy as np
import pytest

from shopify_app.vision.colors import (
    PALETTE,
    delta_e_2000,
    lab_to_hex,
    name_color,
    srgb_to_lab,
    srgb_to_lab_approx,
)


def test_lab_of_reference_colors() -> None:
    white = srgb_to_lab(np.array([255, 255, 255], dtype=np.uint8))
    red = srgb_to_lab(np.array([255, 0, 0], dtype=np.uint8))
    assert white == pytest.approx([100.0, 0.0, 0.0], abs=0.01)
    assert red == pytest.approx([53.24, 80.09, 67.20], abs=0.02)
    assert srgb_to_lab(np.array([0.0, 0.0, 0.0])) == pytest.approx([0, 0, 0], abs=1e-6)


def test_lab_round_trip() -> None:
    for value in ("#1E63D6", "#000080", "#FFE600", "#7B3F00", "#FFFFFF"):
        rgb = np.array([int(value[i:i + 2], 16) for i in (1, 3, 5)], dtype=np.uint8)
        assert lab_to_hex(srgb_to_lab(rgb)) == value


def test_approximate_lab_is_close() -> None:
    pixels = np.random.default_rng(0).integers(0, 256, (5000, 3), dtype=np.uint8)
    error = np.linalg.norm(srgb_to_lab(pixels) - srgb_to_lab_approx(pixels), axis=1)
    assert error.mean() < 1.2
    assert error.max() < 3.5


# Sharma, Wu and Dalal (2005), test data pairs 1, 2, 7, 17–20.
@pytest.mark.parametrize(("lab1", "lab2", "expected"), [
    ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
    ((50.0, 3.1571, -77.2803), (50.0, 0.0, -82.7485), 2.8615),
    ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),
    ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
    ((50.0, 2.5, 0.0), (61.0, -5.0, 29.0), 22.8977),
    ((50.0, 2.5, 0.0), (56.0, -27.0, -3.0), 31.9030),
    ((50.0, 2.5, 0.0), (58.0, 24.0, 15.0), 19.4535),
])
def test_ciede2000_reference_pairs(lab1, lab2, expected) -> None:  # type: ignore[no-untyped-def]
    assert float(delta_e_2000(np.array(lab1), np.array(lab2))) == pytest.approx(expected,
                                                                                  abs=1e-4)
    assert float(delta_e_2000(np.array(lab2), np.array(lab1))) == pytest.approx(expected,
                                                                                  abs=1e-4)


@pytest.mark.parametrize(("hex_value", "name"), [
    ("#FF0000", "red"), ("#B22222", "red"),
    ("#000080", "navy"), ("#1E63D6", "blue"), ("#191970", "navy"), ("#87CEEB", "blue"),
    ("#000000", "black"), ("#FFFFFF", "white"), ("#808080", "gray"), ("#D3D3D3", "gray"),
    ("#00A000", "green"), ("#FFE600", "yellow"), ("#FF8C00", "orange"),
    ("#800080", "purple"), ("#FF69B4", "pink"), ("#8B4513", "brown"), ("#F5F5DC", "beige"),
    ("#008080", "teal"), ("#40E0D0", "teal"), ("#808000", "olive"), ("#556B2F", "olive"),
])
def test_palette_names(hex_value: str, name: str) -> None:
    assert name_color(hex_value) == name


def test_every_anchor_names_its_own_color() -> None:
    for name, anchors in PALETTE.items():
        for anchor in anchors:
            assert name_color(anchor) == name, anchor
