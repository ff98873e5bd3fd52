"""Static files with fingerprinted URLs cached for a year; URLs remembered; page templates
compacted once."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any

from flask import Flask, has_request_context, request
from jinja2.ext import Extension
from werkzeug.wrappers import Response

from panelhire.core.memo import remembered
from panelhire.extensions import compress

ONE_YEAR = 31_536_000
# URLs a worker remembers before starting afresh: every link of every page a busy worker serves
# in a while (pages link other panels and candidates by id).
URLS_KEPT = 4096
# Template indentation: a tenth of a score sheet's bytes. Text inside <textarea> and <pre> is
# what someone typed or laid out, so it is kept exactly. `" >` is the end of a tag written
# over several lines.
_KEPT = re.compile(r"<(textarea|pre)\b.*?</\1>", re.S | re.I)
_INDENT = re.compile(r"\n\s+")
_TAG_GAP = re.compile(r'"\s+>')


def _squeeze(text: str) -> str:
    return _TAG_GAP.sub('">', _INDENT.sub("\n", text))


def _outside_kept(html: str, squeeze: Callable[[str], str]) -> str:
    """`squeeze` applied to everything but the kept blocks (a page has hundreds of indented
    lines and only a few textareas, so plain substitutions between them, no call per match)."""
    parts = []
    last = 0
    for kept in _KEPT.finditer(html):
        parts.append(squeeze(html[last : kept.start()]))
        parts.append(kept.group(0))
        last = kept.end()
    parts.append(squeeze(html[last:]))
    return "".join(parts)


def compact_html(html: str) -> str:
    """The markup without the indentation and stray spaces its templates leave."""
    return _outside_kept(html, _squeeze)


# A line holding nothing but a Jinja tag or comment would reach the page as an empty line.
_TAG_LINE = re.compile(r"(?<=\n)(\{%[^%\n]*%\}|\{#[^#\n]*#\})\n")


def compact_template(source: str) -> str:
    """A page template compacted as `compact_html` does, then without its lines of bare tags
    (once per template, when it is loaded)."""
    return _outside_kept(compact_html(source), lambda text: _TAG_LINE.sub(r"\1", text))


class CompactPageTemplates(Extension):
    """Page templates are compacted once, as Jinja loads them, instead of every page being
    searched for indentation on its way out (a fifteenth of the score sheet's time). PDF
    templates are left as written."""

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        if name and name.endswith(".html") and not name.startswith("pdf/"):
            return compact_template(source)
        return source


class PanelHireFlask(Flask):
    """Flask, remembering the URLs it builds while serving pages.

    A page links its style sheets and scripts, the menu, the sign-out form and its own next
    and previous pages; building each through the URL map cost 4-6 microseconds, and the score
    sheet builds a dozen (a twelfth of its work). A URL depends only on the endpoint, its
    values, the path prefix the app is served under (the request's script root) and, for a
    static file, the file's fingerprint, which is fixed while the app runs. So a plain URL
    (not external, no anchor, method or scheme, not relative to the current blueprint, with
    values that can be a key) is built once per worker and remembered; anything else, and
    anything built outside a request (an email, a PDF), is built as usual. (As keys, True and 1
    are the same value: no link passes a True or False to url_for, and none should.)
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._urls: dict[Hashable, str] = {}

    def url_for(
        self,
        /,
        endpoint: str,
        *,
        _anchor: str | None = None,
        _method: str | None = None,
        _scheme: str | None = None,
        _external: bool | None = None,
        **values: Any,
    ) -> str:
        plain = _anchor is None and _method is None and _scheme is None and _external is None
        if plain and not endpoint.startswith(".") and has_request_context():
            key = (request.script_root, endpoint, *values.items())
            try:
                return remembered(
                    self._urls,
                    key,
                    lambda: super(PanelHireFlask, self).url_for(endpoint, **values),
                    most=URLS_KEPT,
                )
            except TypeError:  # a value that cannot be a key (a list): built as usual
                pass
        return super().url_for(
            endpoint,
            _anchor=_anchor,
            _method=_method,
            _scheme=_scheme,
            _external=_external,
            **values,
        )


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
    app.jinja_env.add_extension(CompactPageTemplates)

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
