"""The transport rules of AdminClient: throttling, retries, auth, errors."""
from __future__ import annotations

import pytest
import requests

from shopify_app.shopify import (
    AccessDeniedError,
    AdminClient,
    AuthError,
    BadResponseError,
    MaxCostExceededError,
    NotFoundError,
    OutcomeUnknownError,
    StaticTokenProvider,
    ThrottledError,
    TransientError,
)

from .conftest import SHOP, ok, throttled

SHOP_DATA = {"shop": {"name": "Test", "myshopifyDomain": SHOP, "currencyCode": "EUR"}}
TAGS_DATA = {"tagsAdd": {"node": {"id": "gid://shopify/Product/1", "tags": ["a"]},
                         "userErrors": []}}
TAGS_VARS = {"id": "gid://shopify/Product/1", "tags": ["a"]}


def test_execute_posts_the_named_document_with_token(client, stub) -> None:
    stub.on("ShopInfo", ok(SHOP_DATA))
    assert client.execute("ShopInfo") == SHOP_DATA
    name, variables, headers = stub.calls[0]
    assert name == "ShopInfo" and variables == {}
    assert headers["X-Shopify-Access-Token"] == "shpat_test"


def test_admin_origin_replaces_the_shop_host(make_client, mock) -> None:
    from .conftest import GraphQLStub

    local = GraphQLStub(mock, "http://127.0.0.1:9999/admin/api/2026-10/graphql.json")
    local.on("ShopInfo", ok(SHOP_DATA))
    client = make_client(admin_origin="http://127.0.0.1:9999/")
    assert client.execute("ShopInfo")["shop"]["name"] == "Test"


def test_throttled_on_200_waits_for_refill_and_retries(client, stub, fake_clock) -> None:
    stub.on("TagsAdd", throttled(available=0.0, rate=50.0), ok(TAGS_DATA))
    assert client.execute("TagsAdd", TAGS_VARS) == TAGS_DATA
    assert stub.count("TagsAdd") == 2
    # A mutation costs 10 points; at 50 points/s the refill takes 0.2 s.
    assert sum(fake_clock.sleeps) == pytest.approx(0.2, abs=0.01)


def test_http_429_honours_retry_after(client, stub, fake_clock) -> None:
    stub.on("ShopInfo", (429, {"errors": "Throttled"}, {"Retry-After": "2.5"}), ok(SHOP_DATA))
    assert client.execute("ShopInfo") == SHOP_DATA
    assert fake_clock.sleeps[0] == 2.5
    assert stub.count("ShopInfo") == 2


def test_throttling_beyond_the_deadline_raises(make_client, stub) -> None:
    client = make_client(throttle_deadline=1.0)
    stub.on("ShopInfo", (429, {"errors": "Throttled"}, {"Retry-After": "5"}))
    with pytest.raises(ThrottledError) as info:
        client.execute("ShopInfo")
    assert info.value.retryable is True


def test_many_throttles_are_retried_without_a_count_limit(make_client, stub) -> None:
    client = make_client(max_attempts=2)
    stub.on("ShopInfo", *[throttled(available=999.0) for _ in range(6)], ok(SHOP_DATA))
    assert client.execute("ShopInfo") == SHOP_DATA
    assert stub.count("ShopInfo") == 7


def test_5xx_on_a_query_is_retried_with_backoff(client, stub, fake_clock) -> None:
    stub.on("ShopInfo", (502, "Bad gateway", {}), (503, "", {}), ok(SHOP_DATA))
    assert client.execute("ShopInfo") == SHOP_DATA
    assert stub.count("ShopInfo") == 3
    assert len(fake_clock.sleeps) == 2
    assert all(0 <= s <= 1.0 for s in fake_clock.sleeps)  # full jitter under 0.5·2^n


def test_retries_exhausted_raise_transient_error(make_client, stub) -> None:
    client = make_client(max_attempts=3)
    stub.on("ShopInfo", *[(500, "", {})] * 3)
    with pytest.raises(TransientError) as info:
        client.execute("ShopInfo")
    assert stub.count("ShopInfo") == 3
    assert info.value.retryable is True


def test_read_timeout_on_a_query_is_retried(client, stub) -> None:
    stub.on("ShopInfo", requests.exceptions.ReadTimeout("slow"), ok(SHOP_DATA))
    assert client.execute("ShopInfo") == SHOP_DATA


def test_5xx_on_a_mutation_is_never_resent(client, stub) -> None:
    stub.on("TagsAdd", (503, "", {}), ok(TAGS_DATA))
    with pytest.raises(OutcomeUnknownError):
        client.execute("TagsAdd", TAGS_VARS)
    assert stub.count("TagsAdd") == 1


def test_read_timeout_on_a_mutation_is_never_resent(client, stub) -> None:
    stub.on("TagsAdd", requests.exceptions.ReadTimeout("slow"), ok(TAGS_DATA))
    with pytest.raises(OutcomeUnknownError):
        client.execute("TagsAdd", TAGS_VARS)
    assert stub.count("TagsAdd") == 1


def test_dropped_connection_on_a_mutation_is_outcome_unknown(client, stub) -> None:
    dropped = requests.exceptions.ConnectionError("Connection aborted.")
    stub.on("TagsAdd", dropped, ok(TAGS_DATA))
    with pytest.raises(OutcomeUnknownError):
        client.execute("TagsAdd", TAGS_VARS)
    assert stub.count("TagsAdd") == 1


def test_connect_timeout_on_a_mutation_is_safe_to_retry(client, stub) -> None:
    stub.on("TagsAdd", requests.exceptions.ConnectTimeout("no route"), ok(TAGS_DATA))
    assert client.execute("TagsAdd", TAGS_VARS) == TAGS_DATA
    assert stub.count("TagsAdd") == 2


class RefreshingTokens(StaticTokenProvider):
    def __init__(self, fresh: str = "shpat_fresh", fail: Exception | None = None) -> None:
        super().__init__("shpat_old")
        self.fresh, self.fail, self.refreshes = fresh, fail, 0

    def refresh_access_token(self) -> str:
        self.refreshes += 1
        if self.fail:
            raise self.fail
        self._token = self.fresh
        return self.fresh


def test_401_refreshes_the_token_once_then_succeeds(make_client, stub) -> None:
    tokens = RefreshingTokens()
    client = make_client(token_provider=tokens)
    stub.on("ShopInfo", (401, {"errors": "Invalid API key or access token"}, {}), ok(SHOP_DATA))
    assert client.execute("ShopInfo") == SHOP_DATA
    assert tokens.refreshes == 1 and not tokens.needs_reauth
    assert [h["X-Shopify-Access-Token"] for _, _, h in stub.calls] == ["shpat_old", "shpat_fresh"]


def test_auth_failure_after_refresh_marks_needs_reauth(make_client, stub) -> None:
    tokens = RefreshingTokens()
    client = make_client(token_provider=tokens)
    stub.on("ShopInfo", (401, "", {}), (403, "", {}))
    with pytest.raises(AuthError):
        client.execute("ShopInfo")
    assert tokens.refreshes == 1 and tokens.needs_reauth
    assert stub.count("ShopInfo") == 2


def test_refresh_refused_marks_needs_reauth(make_client, stub) -> None:
    tokens = RefreshingTokens(fail=AuthError("refresh token expired"))
    client = make_client(token_provider=tokens)
    stub.on("ShopInfo", (401, "", {}))
    with pytest.raises(AuthError):
        client.execute("ShopInfo")
    assert tokens.needs_reauth and stub.count("ShopInfo") == 1


@pytest.mark.parametrize(("reply", "error"), [
    ((200, "<html>oops", {}), BadResponseError),
    ({"errors": [{"message": "Field 'x' doesn't exist"}]}, BadResponseError),
    ({"data": None}, BadResponseError),
    ({"errors": [{"message": "no", "extensions": {"code": "ACCESS_DENIED"}}]},
     AccessDeniedError),
    ({"errors": [{"message": "too big", "extensions": {"code": "MAX_COST_EXCEEDED"}}]},
     MaxCostExceededError),
    ((404, {"errors": "Not Found"}, {}), NotFoundError),
])
def test_error_answers_map_to_typed_errors(client, stub, reply, error) -> None:
    stub.on("ShopInfo", reply)
    with pytest.raises(error) as info:
        client.execute("ShopInfo")
    assert info.value.retryable is False
    assert stub.count("ShopInfo") == 1


def test_unreadable_answer_to_a_mutation_is_outcome_unknown(client, stub) -> None:
    stub.on("TagsAdd", (200, "{truncated", {}))
    with pytest.raises(OutcomeUnknownError):
        client.execute("TagsAdd", TAGS_VARS)


def test_clients_do_not_share_http_connections(make_client) -> None:
    a, b = make_client(), make_client()
    assert isinstance(a, AdminClient) and a.session is not b.session
    assert a.url == f"https://{SHOP}/admin/api/2026-10/graphql.json"


def test_5xx_on_a_harmless_mutation_is_retried(client, stub) -> None:
    # Staging an upload changes nothing in the store: a lost answer is simply asked again.
    staged = {"stagedUploadsCreate": {"stagedTargets": [], "userErrors": []}}
    stub.on("StagedUploadsCreate", (503, "", {}),
            requests.exceptions.ConnectionError("Connection aborted."), ok(staged))
    assert client.execute("StagedUploadsCreate", {"input": []}) == staged
    assert stub.count("StagedUploadsCreate") == 3
