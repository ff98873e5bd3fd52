"""Who may use each view, declared in one visible place, denied by default.

Every view carries exactly one of:
- `@public`: anyone, signed in or not;
- `@signed_in`: any signed-in person;
- `@roles_required(Role.HR, ...)`: a signed-in person holding one of those roles.

A view with no declaration is refused (403) by `enforce_declared_access`, and a test walks
the URL map so a forgotten declaration fails the build before it reaches anyone.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort, current_app, redirect, request, url_for
from flask_login import current_user

from panelhire.auth.models import Role

F = TypeVar("F", bound=Callable[..., Any])

PUBLIC = "public"
SIGNED_IN = "signed-in"
ACCESS_ATTRIBUTE = "panelhire_access"


def public(view: F) -> F:
    setattr(view, ACCESS_ATTRIBUTE, PUBLIC)
    return view


def signed_in(view: F) -> F:
    return _guarded(view, SIGNED_IN)


def roles_required(*roles: Role) -> Callable[[F], F]:
    if not roles:
        raise ValueError("name at least one role; use @signed_in for any signed-in person")

    def decorator(view: F) -> F:
        return _guarded(view, frozenset(roles))

    return decorator


def _guarded(view: F, access: str | frozenset[Role]) -> F:
    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            if request.path.startswith("/api/"):
                # The page's script, not a person: a sign-in page would read as a success.
                return {"error": SIGNED_OUT, "code": "signed_out"}, 401
            return redirect(url_for("auth.sign_in", next=_safe_next()))
        if access != SIGNED_IN and not current_user.has_role(*access):
            abort(403)
        return view(*args, **kwargs)

    setattr(wrapper, ACCESS_ATTRIBUTE, access)
    return wrapper  # type: ignore[return-value]


SIGNED_OUT = "You have been signed out. Sign in again, then reload this page."


def _safe_next() -> str:
    # Only a path on this site, so the sign-in page can never redirect elsewhere.
    path = request.full_path if request.query_string else request.path
    return path if path.startswith("/") and not path.startswith("//") else "/"


def access_of(endpoint: str) -> Any:
    view = current_app.view_functions.get(endpoint)
    return getattr(view, ACCESS_ATTRIBUTE, None)


def enforce_declared_access() -> None:
    """Refuse any request to a view that forgot to say who may use it."""
    endpoint = request.endpoint
    if endpoint is None or endpoint == "static":
        return
    if access_of(endpoint) is None:
        abort(403)
