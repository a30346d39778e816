"""sRGB ↔ CIE Lab conversion, CIEDE2000 distance, and the named-color palette.

Names come from a fixed palette. Each name has a few anchor colors (a light,
a typical and a dark shade) and a color takes the name of the anchor closest
to it by ΔE 2000, so "navy" and "blue" or "beige" and "white" separate where a
shopper would separate them.
"""
from __future__ import annotations

from functools import cache

import numpy as np

# D65 reference white, the sRGB standard illuminant.
_WHITE = np.array([0.95047, 1.0, 1.08883])
_RGB_TO_XYZ = np.array([
    [0.4124564, 0.3575761, 0.1804375],
    [0.2126729, 0.7151522, 0.0721750],
    [0.0193339, 0.1191920, 0.9503041],
])
_XYZ_TO_RGB = np.linalg.inv(_RGB_TO_XYZ)
_EPSILON = 216 / 24389
_KAPPA = 24389 / 27

# name → anchor shades. Order is the order of PALETTE_NAMES.
PALETTE: dict[str, tuple[str, ...]] = {
    "black": ("#000000", "#1C1C1C"),
    "white": ("#FFFFFF", "#F4F4F4"),
    "gray": ("#808080", "#B4B4B4", "#5A5A5A", "#D2D2D2", "#3C3C3C"),
    "red": ("#FF0000", "#D0202A", "#B22222", "#8B0000"),
    "orange": ("#FF8C00", "#FF7F27", "#E06A1B", "#FFA040"),
    "yellow": ("#FFFF00", "#FFD700", "#FFE55C", "#F2D335", "#C9A227"),
    "green": ("#008000", "#00C000", "#228B22", "#90EE90", "#2E5E3A", "#5DBB63"),
    "teal": ("#008080", "#20B2AA", "#0F5F5F"),
    "olive": ("#808000", "#6B6B2A", "#9A9A4A"),
    "blue": ("#0000FF", "#1E63D6", "#4169E1", "#87CEEB", "#6495ED", "#2F80ED"),
    "navy": ("#000080", "#1B2A4A", "#14213D", "#202A60"),
    "purple": ("#800080", "#8A2BE2", "#9370DB", "#5B2C6F", "#C8A2C8", "#4B0082",
               "#D8C8F0"),
    "pink": ("#FFC0CB", "#FF69B4", "#FF1493", "#E75480", "#F4A6B7"),
    "brown": ("#8B4513", "#A0522D", "#5C4033", "#6F4E37", "#3E2723"),
    "beige": ("#F5F5DC", "#E8D8C0", "#D2B48C", "#EADBC8", "#C8AD8A"),
}
PALETTE_NAMES: tuple[str, ...] = tuple(PALETTE)


def hex_to_rgb(value: str) -> tuple[int, int, int]:
    """``"#1E63D6"`` → ``(30, 99, 214)``."""
    text = value.lstrip("#")
    if len(text) != 6:
        raise ValueError(f"not a #RRGGBB color: {value!r}")
    return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)


def rgb_to_hex(rgb: tuple[int, int, int] | np.ndarray) -> str:
    """``(30, 99, 214)`` → ``"#1E63D6"`` (values are rounded and clipped to 0–255)."""
    r, g, b = (int(v) for v in np.clip(np.rint(np.asarray(rgb, dtype=float)), 0, 255))
    return f"#{r:02X}{g:02X}{b:02X}"


def _frozen(array: np.ndarray) -> np.ndarray:
    """Make a cached table read-only: it is shared by every thread."""
    array.flags.writeable = False
    return array


@cache
def _linear_table() -> np.ndarray:
    """sRGB byte → linear light, one entry per byte value."""
    c = np.arange(256, dtype=np.float64) / 255.0
    return _frozen(np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
                   .astype(np.float32))


def srgb_to_lab(rgb: np.ndarray) -> np.ndarray:
    """Convert sRGB colors (``[..., 3]``, 0–255) to CIE L*a*b* under D65.

    uint8 input is linearised through a table and computed in float32 (fast,
    for whole images); other input is computed in float64.
    """
    rgb = np.asarray(rgb)
    if rgb.dtype == np.uint8:
        linear = np.take(_linear_table(), rgb)
        matrix = (_RGB_TO_XYZ.T / _WHITE).astype(np.float32)
    else:
        c = np.clip(rgb.astype(np.float64), 0, 255) / 255.0
        linear = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
        matrix = _RGB_TO_XYZ.T / _WHITE
    xyz = linear @ matrix
    f = np.cbrt(xyz)
    small = xyz <= _EPSILON
    if small.any():
        f[small] = (_KAPPA * xyz[small] + 16) / 116
    lab = np.empty_like(f)
    lab[..., 0] = 116 * f[..., 1] - 16
    lab[..., 1] = 500 * (f[..., 0] - f[..., 1])
    lab[..., 2] = 200 * (f[..., 1] - f[..., 2])
    return lab


@cache
def _lab_table() -> np.ndarray:
    """Lab of the center of every cell of a 64 × 64 × 64 RGB grid (float32, 3 MB)."""
    levels = (np.arange(64, dtype=np.uint16) * 4 + 2).astype(np.uint8)
    grid = np.stack(np.meshgrid(levels, levels, levels, indexing="ij"), axis=-1)
    return _frozen(srgb_to_lab(grid.reshape(-1, 3)).astype(np.float32))


def srgb_to_lab_approx(rgb: np.ndarray) -> np.ndarray:
    """Lab of uint8 sRGB pixels through a 6-bit-per-channel lookup table.

    Faster than :func:`srgb_to_lab` on whole images and on average within 1 ΔE
    of it (at most 3, in dark shades): good enough to tell a backdrop from a product.
    """
    q = np.asarray(rgb, dtype=np.uint8) >> 2
    key = (q[..., 0].astype(np.intp) << 12) | (q[..., 1].astype(np.intp) << 6) | q[..., 2]
    return np.take(_lab_table(), key, axis=0)


def lab_to_srgb(lab: np.ndarray) -> np.ndarray:
    """Convert CIE L*a*b* (``[..., 3]``) back to sRGB floats in 0–255 (clipped)."""
    lab = np.asarray(lab, dtype=np.float64)
    fy = (lab[..., 0] + 16) / 116
    fx = fy + lab[..., 1] / 500
    fz = fy - lab[..., 2] / 200
    f = np.stack([fx, fy, fz], axis=-1)
    xyz = np.where(f ** 3 > _EPSILON, f ** 3, (116 * f - 16) / _KAPPA) * _WHITE
    linear = np.clip(xyz @ _XYZ_TO_RGB.T, 0, 1)
    c = np.where(linear <= 0.0031308, 12.92 * linear, 1.055 * linear ** (1 / 2.4) - 0.055)
    return np.clip(c * 255, 0, 255)


def lab_to_hex(lab: np.ndarray) -> str:
    """One Lab color → ``"#RRGGBB"``."""
    return rgb_to_hex(lab_to_srgb(np.asarray(lab, dtype=np.float64).reshape(3)))


def delta_e_2000(lab1: np.ndarray, lab2: np.ndarray) -> np.ndarray:
    """CIEDE2000 color difference between Lab colors (broadcasting ``[..., 3]`` arrays).

    Follows Sharma, Wu and Dalal (2005), with kL = kC = kH = 1.
    """
    lab1 = np.asarray(lab1, dtype=np.float64)
    lab2 = np.asarray(lab2, dtype=np.float64)
    L1, a1, b1 = lab1[..., 0], lab1[..., 1], lab1[..., 2]
    L2, a2, b2 = lab2[..., 0], lab2[..., 1], lab2[..., 2]

    c_bar = (np.hypot(a1, b1) + np.hypot(a2, b2)) / 2
    c_bar7 = c_bar ** 7
    g = 0.5 * (1 - np.sqrt(c_bar7 / (c_bar7 + 25.0 ** 7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = np.hypot(a1p, b1), np.hypot(a2p, b2)
    h1p = np.degrees(np.arctan2(b1, a1p)) % 360
    h2p = np.degrees(np.arctan2(b2, a2p)) % 360
    chroma_zero = (c1p * c2p) == 0

    dl = L2 - L1
    dc = c2p - c1p
    dh = h2p - h1p
    dh = np.where(dh > 180, dh - 360, np.where(dh < -180, dh + 360, dh))
    dh = np.where(chroma_zero, 0.0, dh)
    d_big_h = 2 * np.sqrt(c1p * c2p) * np.sin(np.radians(dh) / 2)

    l_bar = (L1 + L2) / 2
    cp_bar = (c1p + c2p) / 2
    h_sum = h1p + h2p
    h_bar = np.where(np.abs(h1p - h2p) <= 180, h_sum / 2,
                     np.where(h_sum < 360, (h_sum + 360) / 2, (h_sum - 360) / 2))
    h_bar = np.where(chroma_zero, h_sum, h_bar)

    t = (1 - 0.17 * np.cos(np.radians(h_bar - 30)) + 0.24 * np.cos(np.radians(2 * h_bar))
         + 0.32 * np.cos(np.radians(3 * h_bar + 6)) - 0.20 * np.cos(np.radians(4 * h_bar - 63)))
    d_theta = 30 * np.exp(-(((h_bar - 275) / 25) ** 2))
    cp_bar7 = cp_bar ** 7
    r_c = 2 * np.sqrt(cp_bar7 / (cp_bar7 + 25.0 ** 7))
    s_l = 1 + 0.015 * (l_bar - 50) ** 2 / np.sqrt(20 + (l_bar - 50) ** 2)
    s_c = 1 + 0.045 * cp_bar
    s_h = 1 + 0.015 * cp_bar * t
    r_t = -np.sin(np.radians(2 * d_theta)) * r_c

    tl, tc, th = dl / s_l, dc / s_c, d_big_h / s_h
    return np.sqrt(np.maximum(tl ** 2 + tc ** 2 + th ** 2 + r_t * tc * th, 0.0))


@cache
def _anchors() -> tuple[np.ndarray, np.ndarray]:
    """(Lab of every anchor, index into PALETTE_NAMES of each anchor)."""
    rgb, owner = [], []
    for index, name in enumerate(PALETTE_NAMES):
        for value in PALETTE[name]:
            rgb.append(hex_to_rgb(value))
            owner.append(index)
    return _frozen(srgb_to_lab(np.array(rgb, dtype=np.uint8))), _frozen(np.array(owner))


def name_colors(lab: np.ndarray) -> list[str]:
    """Palette names of Lab colors (``[N, 3]``): the name of the nearest anchor by ΔE 2000."""
    lab = np.asarray(lab, dtype=np.float64).reshape(-1, 3)
    if lab.shape[0] == 0:
        return []
    anchor_lab, owner = _anchors()
    distances = delta_e_2000(lab[:, None, :], anchor_lab[None, :, :])
    return [PALETTE_NAMES[owner[i]] for i in np.argmin(distances, axis=1)]


def name_color(color: str | tuple[int, int, int]) -> str:
    """Palette name of one color given as ``"#RRGGBB"`` or an RGB tuple."""
    rgb = hex_to_rgb(color) if isinstance(color, str) else color
    return name_colors(srgb_to_lab(np.array([rgb], dtype=np.uint8)))[0]
