"""Hashing of passwords and PINs (werkzeug's scrypt by default)."""

from __future__ import annotations

from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash

# A hash to check against when the account does not exist, so a wrong username and a wrong
# PIN take the same time and nothing reveals which accounts exist.
_DUMMY_HASHES: dict[str, str] = {}


def hash_secret(secret: str) -> str:
    return generate_password_hash(secret, method=current_app.config["PASSWORD_HASH_METHOD"])


def check_secret(stored_hash: str | None, secret: str) -> bool:
    if not stored_hash:
        method = current_app.config["PASSWORD_HASH_METHOD"]
        dummy = _DUMMY_HASHES.setdefault(method, generate_password_hash("x", method=method))
        check_password_hash(dummy, secret)
        return False
    return check_password_hash(stored_hash, secret)
