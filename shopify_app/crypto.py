"""Symmetric encryption for secrets at rest (access and refresh tokens)."""
from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from flask import Flask, current_app


class DecryptionError(RuntimeError):
    """Stored ciphertext cannot be read with any configured key."""


def _fernet_for(secret: str) -> Fernet:
    # Any string works as SHELF_ENCRYPTION_KEY: derive a proper 32-byte key from it.
    digest = hashlib.sha256(secret.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


class TokenCipher:
    """Encrypts with the first key, decrypts with any (comma-separated keys allow rotation)."""

    def __init__(self, keys: str) -> None:
        secrets = [key.strip() for key in keys.split(",") if key.strip()]
        if not secrets:
            raise ValueError("at least one encryption key is required")
        self._fernet = MultiFernet([_fernet_for(secret) for secret in secrets])

    def encrypt(self, plaintext: str) -> str:
        return self._fernet.encrypt(plaintext.encode()).decode()

    def decrypt(self, ciphertext: str) -> str:
        try:
            return self._fernet.decrypt(ciphertext.encode()).decode()
        except InvalidToken as exc:
            raise DecryptionError(
                "stored secret cannot be decrypted with the configured keys") from exc


def init_app(app: Flask) -> None:
    app.extensions["cipher"] = TokenCipher(app.config["SHELF_ENCRYPTION_KEY"])


def cipher() -> TokenCipher:
    return current_app.extensions["cipher"]
