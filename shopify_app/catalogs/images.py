"""Product images for catalogs: downloaded safely once, resized once, cached per shop.

The cache is content-addressed: a resized image is stored under the SHA-256 of
its bytes, and a small pointer per (source address, size) names that digest.
The same picture used by several variants, products or catalogs of the shop is
stored once and downloaded once.
"""
from __future__ import annotations

import hashlib
import io

import requests
from PIL import Image, ImageOps

from shopify_app.storage import FileMissing, Storage, image_cache_prefix
from shopify_app.vision.decode import open_image
from shopify_app.vision.download import fetch_image

MAX_SOURCE_BYTES = 20 * 1024 * 1024
MAX_SOURCE_PIXELS = 40_000_000
JPEG_QUALITY = 85


def _pointer_key(shop_id: int, url: str, size: int) -> str:
    # Query strings carry Shopify's image version: a changed picture gets a new address.
    digest = hashlib.sha256(url.encode()).hexdigest()
    return f"{image_cache_prefix(shop_id)}src/{digest[:2]}/{digest}-{size}"


def content_key(shop_id: int, digest: str) -> str:
    return f"{image_cache_prefix(shop_id)}{digest[:2]}/{digest}.jpg"


def cached_image(store: Storage, shop_id: int, url: str, size: int) -> str | None:
    """The storage key of the cached resized image, or None."""
    try:
        digest = store.get(_pointer_key(shop_id, url, size)).decode().strip()
    except FileMissing:
        return None
    key = content_key(shop_id, digest)
    return key if store.exists(key) else None


def resize(data: bytes, size: int, url: str | None = None) -> bytes:
    """Fit within size × size, flatten transparency on white, as a progressive JPEG."""
    image, _info = open_image(data, max_pixels=MAX_SOURCE_PIXELS, url=url)
    with image:
        image.draft("RGB", (size * 2, size * 2))  # JPEG: decode at a reduced scale directly
        frame = ImageOps.exif_transpose(image)
        frame.thumbnail((size, size), Image.Resampling.LANCZOS, reducing_gap=3.0)
        if frame.mode in ("RGBA", "LA") or (frame.mode == "P" and "transparency" in frame.info):
            rgba = frame.convert("RGBA")
            flat = Image.new("RGB", rgba.size, (255, 255, 255))
            flat.paste(rgba, mask=rgba.getchannel("A"))
            frame = flat
        elif frame.mode != "RGB":
            frame = frame.convert("RGB")
        out = io.BytesIO()
        frame.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return out.getvalue()


def catalog_image(store: Storage, shop_id: int, url: str, size: int,
                  session: requests.Session) -> tuple[str, bool]:
    """The key of the resized image for ``url`` and whether it came from the cache.

    Raises the vision package's ImageError family when the download or the file fails.
    """
    found = cached_image(store, shop_id, url, size)
    if found:
        return found, True
    fetched = fetch_image(url, session=session, max_bytes=MAX_SOURCE_BYTES,
                          max_pixels=MAX_SOURCE_PIXELS)
    resized = resize(fetched.bytes, size, url)
    digest = hashlib.sha256(resized).hexdigest()
    key = content_key(shop_id, digest)
    if not store.exists(key):
        store.put(key, resized, "image/jpeg")
    store.put(_pointer_key(shop_id, url, size), digest.encode(), "text/plain")
    return key, False
