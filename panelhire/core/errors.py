"""Friendly error pages in plain words."""

from __future__ import annotations

from flask import Flask, render_template, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from panelhire.auth.access import SIGNED_OUT
from panelhire.extensions import db

# Forms a signed-out person sends on purpose: their CSRF failure is not a sign-out.
SIGN_IN_PAGES = {"auth.sign_in", "auth.resident_sign_in", "auth.sign_in_link"}

MESSAGES = {
    400: (
        "Something was wrong with that request",
        "Go back, check what you entered and try again.",
    ),
    403: (
        "You cannot see this page",
        "Your account does not give access to this page. "
        "If you think it should, ask your HR coordinator.",
    ),
    404: ("Page not found", "Check the address, or go back to your home page."),
    405: ("That action is not available here", "Go back and use the buttons on the page."),
    410: ("This link no longer works", "Ask your HR coordinator for a new one."),
    413: ("That file is too large", "Files can be up to 5 MB."),
    429: ("Too many attempts", "Wait a few minutes and try again."),
    500: (
        "Sorry, something went wrong on our side",
        "Nothing you did caused this. Try again in a few minutes; what you saved before is safe.",
    ),
    503: ("The service is not available right now", "Try again in a few minutes."),
}


def _page(code: int, message: str | None = None):
    title, default_message = MESSAGES.get(code, MESSAGES[500])
    return render_template(
        "errors/error.html", code=code, title=title, message=message or default_message
    ), code


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        if request.path.startswith("/api/"):
            # Signed out in another tab, or the session ended: the page's script says so
            # instead of retrying for ever.
            return {"error": SIGNED_OUT, "code": "signed_out"}, 400
        if not current_user.is_authenticated and request.endpoint not in SIGN_IN_PAGES:
            # Signed out in another tab, or the sign-in ran out: say that, not "expired".
            return _page(
                400,
                "You were signed out, so nothing was saved. Sign in again, then try once more.",
            )
        return _page(
            400,
            "The form had expired or was sent from somewhere else. "
            "Go back, reload the page and try again. Nothing was saved.",
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        if request.path.startswith("/api/"):
            return {"error": MESSAGES.get(error.code, ("Error",))[0]}, error.code
        return _page(error.code)

    @app.errorhandler(InternalServerError)
    def server_error(error: InternalServerError):
        db.session.rollback()
        return _page(500)
