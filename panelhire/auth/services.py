"""Signing in: checking secrets, throttling failures, and one-time sign-in links."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, func, select

from panelhire.audit.services import record
from panelhire.auth.models import LoginFailure, LoginToken, Role, User, UserRole
from panelhire.auth.passwords import check_secret, hash_secret
from panelhire.extensions import db
from panelhire.models.base import now_utc

MAX_FAILURES = 5
# Residents sign in together on a venue's wifi on training and panel days, all behind one
# address: a few slips each must not lock out the room (staff included). Guessing across many
# accounts from one address is still stopped, and each account keeps its own limit of five.
MAX_FAILURES_FROM_ADDRESS = 100
LOCKOUT = timedelta(minutes=15)
PIN_MIN_DIGITS = 6


class SignInRefused(Exception):
    """The sign-in failed; the message never says whether the account exists."""


GENERIC_FAILURE = "Those details did not match an account. Check them and try again."
LOCKED_MESSAGE = (
    "There have been too many attempts to sign in. Wait 15 minutes and try again, "
    "or ask your HR coordinator for help."
)


@dataclass(frozen=True)
class Keys:
    account: str
    client: str


def throttle_keys(identifier: str, client: str | None) -> Keys:
    return Keys(
        account=f"account:{identifier.strip().lower()[:250]}", client=f"client:{client or '-'}"
    )


def _recent_failures(key: str, now: datetime) -> int:
    stmt = select(func.count(LoginFailure.id)).where(
        LoginFailure.key == key, LoginFailure.at > now - LOCKOUT
    )
    return db.session.execute(stmt).scalar_one()


def is_locked(keys: Keys, now: datetime | None = None) -> bool:
    """Locked for 15 minutes after 5 failures for this account, or 100 from this address."""
    now = now or now_utc()
    return (
        _recent_failures(keys.account, now) >= MAX_FAILURES
        or _recent_failures(keys.client, now) >= MAX_FAILURES_FROM_ADDRESS
    )


def _note_failure(keys: Keys, now: datetime) -> None:
    db.session.add_all(
        [LoginFailure(key=keys.account, at=now), LoginFailure(key=keys.client, at=now)]
    )


def _clear_failures(keys: Keys) -> None:
    db.session.execute(delete(LoginFailure).where(LoginFailure.key == keys.account))


def authenticate_staff(email: str, password: str, client: str | None) -> User:
    return _authenticate(
        identifier=email.strip().lower(),
        secret=password,
        client=client,
        lookup=select(User).where(func.lower(User.email) == email.strip().lower()),
        hash_of=lambda u: u.password_hash,
        kind="staff",
    )


def authenticate_resident(username: str, pin: str, client: str | None) -> User:
    return _authenticate(
        identifier=username.strip().lower(),
        secret=pin,
        client=client,
        lookup=select(User).where(func.lower(User.username) == username.strip().lower()),
        hash_of=lambda u: u.pin_hash,
        kind="resident",
    )


def _authenticate(*, identifier, secret, client, lookup, hash_of, kind) -> User:  # noqa: ANN001
    now = now_utc()
    keys = throttle_keys(identifier, client)
    if is_locked(keys, now):
        record("sign_in_locked", summary=f"{kind} sign-in refused while locked")
        raise SignInRefused(LOCKED_MESSAGE)
    user = db.session.execute(lookup).scalar_one_or_none()
    matched = check_secret(hash_of(user) if user else None, secret)
    if user is None or not matched or not user.active:
        _note_failure(keys, now)
        record(
            "sign_in_failed",
            actor=None,
            object_type="user",
            object_id=user.id if user else None,
            summary=f"{kind} sign-in failed",
        )
        if is_locked(keys, now):
            raise SignInRefused(LOCKED_MESSAGE)
        raise SignInRefused(GENERIC_FAILURE)
    _clear_failures(keys)
    record("sign_in", actor=user, object_type="user", object_id=user.id, summary=f"{kind} sign-in")
    return user


def _token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_sign_in_link(user: User, *, by: User, days: int | None = None) -> str:
    """Create a one-time sign-in token for a resident; returns the token (shown once)."""
    if not user.is_resident:
        raise ValueError("sign-in links are for residents")
    days = days or current_app.config["SIGN_IN_LINK_DAYS"]
    token = secrets.token_urlsafe(24)
    db.session.add(
        LoginToken(
            user_id=user.id,
            token_hash=_token_digest(token),
            expires_at=now_utc() + timedelta(days=days),
            created_by_id=by.id,
        )
    )
    record("sign_in_link_issued", actor=by, object_type="user", object_id=user.id)
    return token


def find_link(token: str) -> LoginToken | None:
    """A usable (unused, unexpired) link for this token, or None."""
    if not token or len(token) > 200:
        return None
    link = db.session.execute(
        select(LoginToken).where(LoginToken.token_hash == _token_digest(token))
    ).scalar_one_or_none()
    if link is None or link.used_at is not None or link.expires_at <= now_utc():
        return None
    if not link.user.active:
        return None
    return link


def use_sign_in_link(token: str) -> User:
    """Spend a one-time link; a second use, or an expired link, is refused."""
    link = find_link(token)
    if link is None:
        raise SignInRefused(
            "This sign-in link has expired or has already been used. "
            "Ask your HR coordinator for a new one."
        )
    # Conditional update: if two taps race, only one of them marks the link used.
    result = db.session.execute(
        LoginToken.__table__.update()
        .where(LoginToken.id == link.id, LoginToken.used_at.is_(None))
        .values(used_at=now_utc())
    )
    if result.rowcount != 1:
        raise SignInRefused("This sign-in link has already been used.")
    record(
        "sign_in",
        actor=link.user,
        object_type="user",
        object_id=link.user_id,
        summary="resident sign-in by one-time link",
    )
    return link.user


def validate_pin(pin: str) -> str | None:
    """A reason the PIN is not acceptable, or None."""
    if not pin.isdigit() or not pin.isascii():
        return "Enter a PIN made of digits only"
    if len(pin) < PIN_MIN_DIGITS:
        return f"Enter a PIN of at least {PIN_MIN_DIGITS} digits"
    if len(pin) > 12:
        return "Enter a PIN of no more than 12 digits"
    if len(set(pin)) == 1 or pin in "01234567890" or pin in "98765432109":
        return "Choose a PIN that is harder to guess than a repeated or running number"
    return None


def set_pin(user: User, pin: str, *, by: User) -> None:
    problem = validate_pin(pin)
    if problem:
        raise ValueError(problem)
    user.pin_hash = hash_secret(pin)
    # A locked-out resident is told to ask HR: a new PIN from HR lets them straight back in.
    if user.username:
        _clear_failures(throttle_keys(user.username, None))
    record("pin_set", actor=by, object_type="user", object_id=user.id)


def set_password(user: User, password: str) -> None:
    user.password_hash = hash_secret(password)


def create_user(
    *,
    display_name: str,
    roles: set[Role],
    email: str | None = None,
    username: str | None = None,
    password: str | None = None,
    pin: str | None = None,
) -> User:
    user = User(display_name=display_name, email=email, username=username)
    if password:
        user.password_hash = hash_secret(password)
    if pin:
        user.pin_hash = hash_secret(pin)
    user.roles = [UserRole(role=str(r)) for r in sorted(roles)]
    db.session.add(user)
    return user
