"""Reading HTML responses in tests, with the standard library's parser."""

from __future__ import annotations

import re
from html.parser import HTMLParser


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.inputs: list[dict[str, str | None]] = []
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):  # noqa: ANN001
        if tag in {"script", "style"}:
            self._skip += 1
        if tag == "input":
            self.inputs.append(dict(attrs))

    def handle_endtag(self, tag):  # noqa: ANN001
        if tag in {"script", "style"} and self._skip:
            self._skip -= 1

    def handle_data(self, data):  # noqa: ANN001
        if not self._skip:
            self.text.append(data)


def _parse(response) -> _Collector:  # noqa: ANN001
    body = response if isinstance(response, str) else response.get_data(as_text=True)
    collector = _Collector()
    collector.feed(body)
    return collector


def csrf_token(response) -> str:  # noqa: ANN001
    for attrs in _parse(response).inputs:
        if attrs.get("name") == "csrf_token":
            return attrs.get("value") or ""
    raise AssertionError("no CSRF token on the page")


def once_key(response) -> str:  # noqa: ANN001
    """The once-only key of the (first) form on the page that carries one."""
    for attrs in _parse(response).inputs:
        if attrs.get("name") == "once":
            return attrs.get("value") or ""
    raise AssertionError("no once-only key on the page")


def page_text(response) -> str:  # noqa: ANN001
    """The visible text of a page with whitespace folded."""
    return re.sub(r"\s+", " ", " ".join(_parse(response).text)).strip()
