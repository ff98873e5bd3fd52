"""Addresses of PanelHire pages as people outside the app will see them (in emails, calendars)."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app
from werkzeug.routing import BuildError


def public_url(path: str) -> str:
    return current_app.config["PUBLIC_URL"].rstrip("/") + path


def calendar_domain() -> str:
    """The domain part of calendar UIDs: the site's host name, so UIDs are globally unique."""
    return urlsplit(current_app.config["PUBLIC_URL"]).hostname or "panelhire.invalid"


def _path(endpoint: str, fallback: str, **values: object) -> str:
    # Another area owns these pages; fall back to their documented paths until it is merged.
    # Built from the URL map directly, so it works in commands and after-commit senders too.
    try:
        return current_app.url_map.bind("localhost").build(endpoint, values)
    except BuildError:
        return fallback


def panel_page_url(panel_id: int) -> str:
    return public_url(_path("panels.panel", f"/panels/{panel_id}", panel_id=panel_id))


def scoring_page_url(panel_id: int) -> str:
    return public_url(_path("scoring.panel", f"/scoring/panels/{panel_id}", panel_id=panel_id))
