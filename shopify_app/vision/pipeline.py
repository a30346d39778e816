"""Analyze one product: download its images, analyze each, ask the attribute
provider about the first one, and merge.

Failures are sorted by what a retry could change. A retryable error
(network trouble, a busy server or provider) is raised so the caller can try
the whole product again later. An image that cannot be analyzed (an SVG, a
404, a damaged file) is listed in ``skipped`` and the rest go on; only when
no image at all could be analyzed is the first such error raised.
"""
from __future__ import annotations

from collections.abc import Sequence

import requests

from .analyzer import ImageAnalysis, analyze
from .decode import DEFAULT_MAX_PIXELS, shrink_for_upload
from .download import DEFAULT_MAX_BYTES, FetchedImage, fetch_image
from .errors import ImageError, ProviderResponseError
from .merge import ProductAnalysis, SkippedImage, merge_analyses
from .providers.base import AttributeProvider, Attributes, data_url

MAX_IMAGES = 10


def analyze_product(image_urls: Sequence[str], *, product_title: str = "",
                    product_type: str = "", provider: AttributeProvider | None = None,
                    session: requests.Session | None = None, max_images: int = MAX_IMAGES,
                    max_bytes: int = DEFAULT_MAX_BYTES,
                    max_pixels: int = DEFAULT_MAX_PIXELS) -> ProductAnalysis:
    """Analyze up to ``max_images`` of a product's images (first = featured).

    Args:
        image_urls: the product's image URLs in display order.
        product_title, product_type: hints for the attribute provider.
        provider: the attribute provider, or ``None`` for colors and quality only.
        session: a ``requests`` session for the downloads (one per worker thread).

    Raises:
        ImageError: no image could be analyzed (the first image's reason), or a
            download failed in a way worth retrying (``retryable``).
        ProviderError: the provider is throttled or failing (``retryable``),
            refuses our key, or is misconfigured. An unusable answer is not
            raised: it is recorded in ``attributes_error`` next to the colors.
    """
    analyses: list[ImageAnalysis] = []
    skipped: list[SkippedImage] = []
    first_error: ImageError | None = None
    first_image: FetchedImage | None = None
    for url in list(dict.fromkeys(image_urls))[:max_images]:
        try:
            fetched = fetch_image(url, session=session, max_bytes=max_bytes,
                                  max_pixels=max_pixels)
            analyses.append(analyze(fetched.bytes, url=url, max_pixels=max_pixels))
        except ImageError as exc:
            if exc.retryable:
                raise
            first_error = first_error or exc
            skipped.append(SkippedImage(url=url, reason=exc.message))
            continue
        first_image = first_image or fetched
    if not analyses:
        if first_error is not None:
            raise first_error
        return merge_analyses([])

    attributes: Attributes | None = None
    attributes_error: str | None = None
    if provider is not None and first_image is not None:
        image_ref = first_image.url
        if provider.inline_images:
            image_ref = data_url(*shrink_for_upload(first_image.bytes, max_pixels=max_pixels))
        try:
            attributes = provider.attributes(image_ref, product_title, product_type)
        except ProviderResponseError as exc:
            attributes_error = exc.message
    return merge_analyses(analyses, attributes=attributes, attributes_error=attributes_error,
                          skipped=skipped)
