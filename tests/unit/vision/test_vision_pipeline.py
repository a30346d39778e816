"""analyze_product: downloads, per-image failures, the provider call, merging."""
from __future__ import annotations

import base64
import io
from collections.abc import Iterator

import pytest
import responses
from PIL import Image

from shopify_app.vision import (
    AttributeProvider,
    Attributes,
    ImageDownloadError,
    ProviderResponseError,
    ProviderTransientError,
    UnsupportedImageError,
    analyze_product,
)

from .imaging import SVG, product_on_white

CDN = "https://cdn.example.com/files"


class FakeProvider(AttributeProvider):
    name = "fake"

    def __init__(self, *, error: Exception | None = None, inline: bool = False) -> None:
        self.calls: list[tuple[str, str, str]] = []
        self.error = error
        self.inline_images = inline

    def attributes(self, image_url: str, product_title: str, product_type: str) -> Attributes:
        self.calls.append((image_url, product_title, product_type))
        if self.error:
            raise self.error
        return Attributes(values={"category": "mug"}, provider=self.name)


@pytest.fixture
def http() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


def test_images_are_analyzed_and_merged(http: responses.RequestsMock) -> None:
    http.get(f"{CDN}/1.jpg", body=product_on_white((0, 0, 128), fmt="JPEG"),
             content_type="image/jpeg")
    http.get(f"{CDN}/2.png", body=product_on_white((0, 0, 128)), content_type="image/png")
    provider = FakeProvider()
    result = analyze_product([f"{CDN}/1.jpg", f"{CDN}/2.png", f"{CDN}/1.jpg"],
                             product_title="Navy mug", product_type="Mugs", provider=provider)
    assert [c.name for c in result.colors] == ["navy"]
    assert [i.url for i in result.images] == [f"{CDN}/1.jpg", f"{CDN}/2.png"]
    assert provider.calls == [(f"{CDN}/1.jpg", "Navy mug", "Mugs")]
    assert result.attributes is not None and result.attributes.values == {"category": "mug"}


def test_unusable_images_are_skipped_with_their_reason(http: responses.RequestsMock) -> None:
    http.get(f"{CDN}/logo.png", body=SVG, content_type="image/png")
    http.get(f"{CDN}/gone.jpg", status=404)
    http.get(f"{CDN}/ok.jpg", body=product_on_white((200, 20, 30), fmt="JPEG"),
             content_type="image/jpeg")
    provider = FakeProvider()
    result = analyze_product([f"{CDN}/logo.png", f"{CDN}/gone.jpg", f"{CDN}/ok.jpg"],
                             provider=provider)
    assert [c.name for c in result.colors] == ["red"]
    assert [(s.url, s.reason) for s in result.skipped] == [
        (f"{CDN}/logo.png", "The image is an SVG; only JPEG, PNG, WebP and GIF can be analyzed"),
        (f"{CDN}/gone.jpg", "The image could not be downloaded: HTTP 404")]
    assert provider.calls[0][0] == f"{CDN}/ok.jpg"  # the first image that worked


def test_no_usable_image_raises_the_first_reason(http: responses.RequestsMock) -> None:
    http.get(f"{CDN}/logo.svg", body=SVG, content_type="image/svg+xml")
    http.get(f"{CDN}/gone.jpg", status=404)
    with pytest.raises(UnsupportedImageError, match="SVG"):
        analyze_product([f"{CDN}/logo.svg", f"{CDN}/gone.jpg"])


def test_transient_download_failure_is_raised_for_a_retry(http: responses.RequestsMock) -> None:
    http.get(f"{CDN}/ok.jpg", body=product_on_white((200, 20, 30), fmt="JPEG"),
             content_type="image/jpeg")
    http.get(f"{CDN}/busy.jpg", status=503)
    with pytest.raises(ImageDownloadError) as caught:
        analyze_product([f"{CDN}/ok.jpg", f"{CDN}/busy.jpg"])
    assert caught.value.retryable is True


def test_a_product_without_images() -> None:
    result = analyze_product([])
    assert result.colors == [] and result.images == [] and result.attributes is None


def test_unusable_provider_answer_keeps_the_colors(http: responses.RequestsMock) -> None:
    http.get(f"{CDN}/1.png", body=product_on_white((0, 160, 0)), content_type="image/png")
    provider = FakeProvider(error=ProviderResponseError("The vision model did not return "
                                                        "valid attributes: the reply is empty"))
    result = analyze_product([f"{CDN}/1.png"], provider=provider)
    assert [c.name for c in result.colors] == ["green"]
    assert result.attributes is None
    assert result.attributes_error == ("The vision model did not return valid attributes: "
                                       "the reply is empty")


def test_throttled_provider_is_raised(http: responses.RequestsMock) -> None:
    http.get(f"{CDN}/1.png", body=product_on_white((0, 160, 0)), content_type="image/png")
    provider = FakeProvider(error=ProviderTransientError("busy", retry_after=5))
    with pytest.raises(ProviderTransientError):
        analyze_product([f"{CDN}/1.png"], provider=provider)


def test_inline_images_are_sent_as_small_data_urls(http: responses.RequestsMock) -> None:
    http.get(f"{CDN}/big.jpg", body=product_on_white((0, 0, 128), fmt="JPEG", size=1600),
             content_type="image/jpeg")
    provider = FakeProvider(inline=True)
    analyze_product([f"{CDN}/big.jpg"], provider=provider)
    url = provider.calls[0][0]
    assert url.startswith("data:image/jpeg;base64,")
    sent = Image.open(io.BytesIO(base64.b64decode(url.split(",", 1)[1])))
    assert max(sent.size) == 1024
