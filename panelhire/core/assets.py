"""Static files: fingerprinted URLs so browsers can keep them for a year."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from flask import Flask, request
from werkzeug.wrappers import Response

from panelhire.extensions import compress

ONE_YEAR = 31_536_000


def _fingerprint(app: Flask, filename: str) -> str | None:
    cache: dict[str, str | None] = app.extensions.setdefault("asset_fingerprints", {})
    if filename not in cache:
        path = Path(app.static_folder or "") / filename
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
        except OSError:
            digest = None
        cache[filename] = digest
    return cache[filename]


def register_assets(app: Flask) -> None:
    @app.url_defaults
    def add_fingerprint(endpoint: str, values: dict[str, Any]) -> None:
        if endpoint == "static" and "filename" in values and "v" not in values:
            digest = _fingerprint(app, values["filename"])
            if digest:
                values["v"] = digest

    @app.after_request
    def compress_pages(response: Response) -> Response:
        # Pages and downloads are compressed here; static files are left to a front proxy
        # (compressing a file response in Python would hold the file open).
        if request.endpoint == "static":
            return response
        return compress.after_request(response)

    @app.after_request
    def cache_static(response: Response) -> Response:
        if request.endpoint != "static" or response.status_code != 200:
            return response
        filename = (request.view_args or {}).get("filename", "")
        if request.args.get("v") and request.args.get("v") == _fingerprint(app, filename):
            # The URL changes whenever the file does, so the old copy can be kept for good.
            response.headers["Cache-Control"] = f"public, max-age={ONE_YEAR}, immutable"
        else:
            response.headers["Cache-Control"] = "no-cache"
        return response
