"""Sending a built file (PDF, CSV, calendar, email copy) as a download."""

from __future__ import annotations

from flask import Response


def attachment(body: bytes, filename: str, mimetype: str) -> Response:
    """A file the browser saves under ``filename`` rather than shows in the page."""
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
