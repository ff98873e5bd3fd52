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
    """One address for everyone on the panel; it sends each person to the page they may see."""
    return public_url(
        _path("calendar.panel_page", f"/calendar/panels/{panel_id}", panel_id=panel_id)
    )


def panel_page_for(panel_id: int, oversight: bool) -> str:
    """The panel page this person may open: HR's panel page, or the panellist's scoring page."""
    if oversight and "panels.panel" in current_app.view_functions:
        return _path("panels.panel", "/calendar/", panel_id=panel_id)
    if "scoring.panel" in current_app.view_functions:
        return _path("scoring.panel", "/calendar/", panel_id=panel_id)
    return "/calendar/"


def scoring_page_url(panel_id: int) -> str:
    return public_url(_path("scoring.panel", f"/scoring/panels/{panel_id}", panel_id=panel_id))
