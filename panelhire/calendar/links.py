"""Addresses of PanelHire pages as people outside the app will see them (in emails, calendars)."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, url_for


def public_url(path: str) -> str:
    return current_app.config["PUBLIC_URL"].rstrip("/") + path


def calendar_domain() -> str:
    """The domain part of calendar UIDs: the site's host name, so UIDs are globally unique."""
    return urlsplit(current_app.config["PUBLIC_URL"]).hostname or "panelhire.invalid"


def _path(endpoint: str, **values: object) -> str:
    # Built from the URL map directly, so it works in commands and after-commit senders too,
    # where there is no request to build against.
    return current_app.url_map.bind("localhost").build(endpoint, values)


def panel_page_url(panel_id: int) -> str:
    """One address for everyone on the panel; it sends each person to the page they may see."""
    return public_url(_path("calendar.panel_page", panel_id=panel_id))


def panel_page_for(panel_id: int, oversight: bool) -> str:
    """The panel page this person may open (HR's panel page, or the panellist's scoring
    page), for a redirect within a request: under the request's path prefix, if any."""
    return url_for("panels.panel" if oversight else "scoring.panel", panel_id=panel_id)


def scoring_page_url(panel_id: int) -> str:
    return public_url(_path("scoring.panel", panel_id=panel_id))
