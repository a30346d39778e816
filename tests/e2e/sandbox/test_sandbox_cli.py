"""The sandbox as `make dev` runs it: a separate process started from the command line."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import jwt
import pytest
import requests

ROOT = Path(__file__).resolve().parents[3]
KEY, SECRET = "e2e-key", "e2e-secret-that-is-long-enough-for-hs256"

pytestmark = pytest.mark.e2e


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def origin() -> Iterator[str]:
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SANDBOX_PRODUCTS": "30", "SANDBOX_SEED": "3"}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "shopify_app.sandbox",
            "--port",
            str(port),
            "--plan",
            "advanced",
            "--api-key",
            KEY,
            "--api-secret",
            SECRET,
            "--shop",
            "cli-shop.myshopify.com",
            "--app-url",
            "",
            "--access-token",
            "shpat_static_e2e",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            requests.get(url + "/sandbox/state", timeout=1)
            break
        except requests.ConnectionError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail("sandbox did not start: " + proc.stderr.read().decode()[-2000:])
            time.sleep(0.1)
    try:
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_cli_flags_and_env_are_applied(origin):
    state = requests.get(origin + "/sandbox/state", timeout=5).json()
    shop = state["shops"]["cli-shop.myshopify.com"]
    assert shop["products"] == 30
    assert shop["plan"]["restore_rate"] == 200
    assert state["faults"]["seed"] == 3
    assert state["webhook_url"] is None


def test_token_exchange_then_graphql(origin):
    now = int(time.time())
    shop = "cli-shop.myshopify.com"
    subject = jwt.encode(
        {
            "iss": f"https://{shop}/admin",
            "dest": f"https://{shop}",
            "aud": KEY,
            "sub": "1",
            "exp": now + 60,
            "nbf": now,
            "iat": now,
            "jti": str(uuid.uuid4()),
            "sid": "x",
        },
        SECRET,
        algorithm="HS256",
    )
    token = requests.post(
        origin + "/admin/oauth/access_token",
        data={
            "client_id": KEY,
            "client_secret": SECRET,
            "subject_token": subject,
            "grant_type": "urn:ietf:params:oauth:grant-type:token-exchange",
            "subject_token_type": "urn:ietf:params:oauth:token-type:id_token",
            "requested_token_type": "urn:shopify:params:oauth:token-type:offline-access-token",
            "expiring": "1",
        },
        timeout=10,
    ).json()["access_token"]
    for access_token in (token, "shpat_static_e2e"):
        body = requests.post(
            origin + "/admin/api/2026-10/graphql.json",
            json={"query": "{ shop { myshopifyDomain } productsCount { count } }"},
            headers={"X-Shopify-Access-Token": access_token},
            timeout=10,
        ).json()
        assert body["data"] == {"shop": {"myshopifyDomain": shop}, "productsCount": {"count": 30}}
        assert body["extensions"]["cost"]["throttleStatus"]["restoreRate"] == 200.0
