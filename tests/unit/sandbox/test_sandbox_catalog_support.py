"""What catalogs need from the sandbox: SKU search, scaled image copies, points spent."""
from __future__ import annotations

import io

import requests
from PIL import Image

from shopify_app.sandbox.bucket import LeakyBucket, Plan


def test_scaled_image_copies_keep_the_picture(sandbox):  # type: ignore[no-untyped-def]
    media = next(iter(sandbox.store().media.values()))
    url = f"{sandbox.origin}{media['_path']}"
    full = Image.open(io.BytesIO(requests.get(url, timeout=10).content))
    small = Image.open(io.BytesIO(requests.get(f"{url}?width=100&height=100",
                                               timeout=10).content))
    assert full.size == (media["_image"]["width"], media["_image"]["height"])
    assert max(small.size) == 100 and small.format == full.format
    centre = small.convert("RGB").getpixel((small.width // 2, small.height // 2))
    assert sum(abs(a - b) for a, b in zip(centre, media["_image"]["color"], strict=True)) < 40
    bigger = requests.get(f"{url}?width=99999", timeout=10)
    assert Image.open(io.BytesIO(bigger.content)).size == full.size  # never scaled up


def test_points_spent_count_charges_less_refunds():
    bucket = LeakyBucket(Plan.named("standard"), clock=lambda: 0.0)
    assert bucket.charge(100)[0]
    bucket.refund(40)
    assert bucket.points_spent == 60
