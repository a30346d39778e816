"""REST tagging adapters: the generic tag-list adapter and a custom subclass."""
from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import responses

from shopify_app.vision import (
    Attributes,
    ProviderConfigError,
    ProviderResponseError,
    ProviderTransientError,
    RestAttributeProvider,
    TagListProvider,
)
from shopify_app.vision.providers.rest import group_tags

BASE = "https://tagger.example.com/api"
IMAGE = "https://cdn.shopify.com/s/files/1/dress.jpg"


@pytest.fixture
def http() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


def no_sleep(_: float) -> None:
    return None


def test_tag_list_request_and_mapping(http: responses.RequestsMock) -> None:
    http.post(f"{BASE}/tags", json={"model": "fashion-v3", "tags": [
        {"name": "Dress", "category": "Category", "confidence": 0.97},
        {"name": "Skirt", "category": "Category", "confidence": 0.55},
        {"name": "Floral", "category": "Pattern", "confidence": 0.88},
        {"name": "Striped", "category": "Pattern", "confidence": 0.31},
        {"name": "Cotton", "category": "Material", "confidence": 0.7},
        {"name": "Linen", "category": "Fabric", "confidence": 0.65},
        {"name": "Long", "category": "Sleeves", "confidence": 0.8},
        {"name": "V-Neck", "category": "Neckline", "confidence": 0.45},
        {"name": "summer", "confidence": 0.9},
    ]})
    provider = TagListProvider(base_url=BASE + "/", api_key="key-1", model="fashion",
                               sleep=no_sleep)
    result = provider.attributes(IMAGE, "Garden dress", "Dresses")
    request = http.calls[0].request
    assert request.headers["Authorization"] == "Bearer key-1"
    assert json.loads(request.body) == {"image_url": IMAGE, "title": "Garden dress",
                                        "product_type": "Dresses", "model": "fashion"}
    assert result.values == {"category": "dress", "pattern": "floral",
                             "material": ["cotton", "linen"], "sleeve_length": "long",
                             "tags": ["summer"]}
    assert result.confidence == {"category": 0.97, "pattern": 0.88, "material": 0.7,
                                 "sleeve_length": 0.8, "tags": 0.9}
    assert (result.provider, result.model) == ("rest", "fashion-v3")


def test_unexpected_shape_is_a_response_error(http: responses.RequestsMock) -> None:
    http.post(f"{BASE}/tags", json={"labels": ["dress"]})
    with pytest.raises(ProviderResponseError, match="unexpected shape"):
        TagListProvider(base_url=BASE, sleep=no_sleep).attributes(IMAGE, "", "")


def test_rest_retries_server_errors(http: responses.RequestsMock) -> None:
    http.post(f"{BASE}/tags", status=502)
    http.post(f"{BASE}/tags", json={"tags": [{"name": "Mug", "category": "Type",
                                              "confidence": 0.9}]})
    result = TagListProvider(base_url=BASE, sleep=no_sleep).attributes(IMAGE, "", "")
    assert result.values == {"category": "mug"}
    assert len(http.calls) == 2


def test_rest_gives_up_after_retries(http: responses.RequestsMock) -> None:
    http.post(f"{BASE}/tags", status=500)
    with pytest.raises(ProviderTransientError):
        TagListProvider(base_url=BASE, sleep=no_sleep).attributes(IMAGE, "", "")
    assert len(http.calls) == 3


def test_base_url_is_required() -> None:
    with pytest.raises(ProviderConfigError):
        TagListProvider(base_url="")


class RecordsTagger(RestAttributeProvider):
    """A service answering ``{"records": [{"_tags": {category: [{"name", "prob"}]}}]}``
    with a token header: the shape a Ximilar-style adapter maps."""

    name = "records"

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Token {self.api_key}"}

    def build_request(self, image_url: str, product_title: str,
                      product_type: str) -> tuple[str, dict[str, Any]]:
        return "/detect_tags", {"records": [{"_url": image_url}]}

    def parse_response(self, body: dict[str, Any]) -> Attributes:
        tags = body["records"][0]["_tags"]
        values, confidence = group_tags(
            ((category, t["name"], t["prob"]) for category, items in tags.items() for t in items),
            min_confidence=0.5, names={"sleeves": "sleeve_length"},
            multi=frozenset({"material"}))
        return Attributes(values=values, confidence=confidence, provider=self.name)


def test_custom_adapter_maps_its_own_shape(http: responses.RequestsMock) -> None:
    http.post(f"{BASE}/detect_tags", json={"records": [{"_tags": {
        "Category": [{"name": "Clothing/Dress", "prob": 0.93}],
        "Sleeves": [{"name": "Short", "prob": 0.7}, {"name": "Long", "prob": 0.2}],
        "Material": [{"name": "Silk", "prob": 0.6}]}}]})
    provider = RecordsTagger(base_url=BASE, api_key="abc", sleep=no_sleep)
    result = provider.attributes(IMAGE, "", "")
    assert http.calls[0].request.headers["Authorization"] == "Token abc"
    assert json.loads(http.calls[0].request.body) == {"records": [{"_url": IMAGE}]}
    assert result.values == {"category": "clothing/dress", "sleeve_length": "short",
                             "material": ["silk"]}
    assert result.provider == "records"


def test_custom_adapter_bad_shape(http: responses.RequestsMock) -> None:
    http.post(f"{BASE}/detect_tags", json={"records": []})
    with pytest.raises(ProviderResponseError):
        RecordsTagger(base_url=BASE, api_key="abc", sleep=no_sleep).attributes(IMAGE, "", "")
