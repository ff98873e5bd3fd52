"""Static files: fingerprinted URLs so browsers can keep them for a year."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

from flask import Flask, request
from werkzeug.wrappers import Response

from panelhire.extensions import compress

ONE_YEAR = 31_536_000
# Template indentation: a tenth of a score sheet's bytes. Text inside <textarea> and <pre> is
# what someone typed or laid out, so it is kept exactly.
# A literal `"` only comes from template markup (Jinja escapes it in data), so `" >` is always
# the end of a tag left with a space by an `{% if %}` that was false.
_KEPT = re.compile(r"<(textarea|pre)\b.*?</\1>", re.S | re.I)
_INDENT = re.compile(r"\n\s+")
_TAG_GAP = re.compile(r'"\s+>')


def _squeeze(text: str) -> str:
    return _TAG_GAP.sub('">', _INDENT.sub("\n", text))


def compact_html(html: str) -> str:
    """The page without the indentation and stray spaces its templates leave.

    Plain substitutions between the kept blocks (no Python call per match): a page has
    hundreds of indented lines and only a few textareas.
    """
    parts = []
    last = 0
    for kept in _KEPT.finditer(html):
        parts.append(_squeeze(html[last : kept.start()]))
        parts.append(kept.group(0))
        last = kept.end()
    parts.append(_squeeze(html[last:]))
    return "".join(parts)


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
    def compact_pages(response: Response) -> Response:
        # Runs before compress_pages (Flask runs these last-registered first).
        if (
            response.mimetype == "text/html"
            and not response.direct_passthrough
            and not response.is_streamed
            and response.status_code != 304
        ):
            response.set_data(compact_html(response.get_data(as_text=True)))
        return response

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
