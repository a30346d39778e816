"""Every per-shop key falls under the shop's SCAN pattern, and none carries the row id."""
from __future__ import annotations

import inspect
from fnmatch import fnmatchcase

from shopify_app import redis_keys
from shopify_app.redis_keys import ShopKeys

RQ_JOB_IDS = {"auto_generate_job", "auto_analyze_job", "staff_profile_job",
              "staff_profile_job_prefix"}


def _every_key(keys: ShopKeys) -> dict[str, str]:
    names = {}
    for name, method in inspect.getmembers(keys, predicate=inspect.ismethod):
        if name.startswith("_") or name in RQ_JOB_IDS:
            continue
        arguments = ["gid://shopify/Product/1"] * (
            len(inspect.signature(method).parameters))
        names[name] = method(*arguments)
    return names


def test_every_shop_key_matches_the_redact_pattern():
    keys = ShopKeys(redis_keys.new_namespace())
    names = _every_key(keys)
    assert {"events_stream", "events_channel", "auto_pending", "auto_facts"} <= set(names)
    for method, key in names.items():
        assert fnmatchcase(key, keys.pattern), (method, key)


def test_two_shops_never_share_a_key():
    first, second = ShopKeys(redis_keys.new_namespace()), ShopKeys(redis_keys.new_namespace())
    assert first.namespace != second.namespace
    assert not set(_every_key(first).values()) & set(_every_key(second).values())
    assert not fnmatchcase(first.events_stream(), second.pattern)


def test_rq_job_ids_of_a_shop_use_its_namespace():
    keys = ShopKeys("0" * 32)
    assert keys.auto_generate_job().endswith(keys.namespace)
    assert keys.auto_analyze_job().endswith(keys.namespace)
    assert keys.staff_profile_job(7).startswith(keys.staff_profile_job_prefix())
    assert keys.namespace in keys.staff_profile_job_prefix()


def test_a_missing_shop_has_absent_keys():
    assert redis_keys.for_shop(None).present is False
    assert redis_keys.for_shop(redis_keys.ABSENT) is redis_keys.ABSENT


def test_domain_named_keys():
    domain = "a-shop.myshopify.com"
    assert redis_keys.throttle_keys(domain) == [f"shopify:throttle:{domain}",
                                                f"shopify:throttle:{domain}:inflight"]
    assert redis_keys.token_lock(domain).endswith(domain)
