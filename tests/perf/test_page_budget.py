"""The resident's score sheet stays light for an old phone on one bar of signal.

Budget: the page's HTML, CSS and JavaScript together under 30 KB before compression, nothing
fetched from another origin, no web fonts; every asset has a fingerprinted URL cached for a
year; the page itself is compressed when the browser accepts it.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.factories import sign_in
from tests.perf.orgs import build_org

BUDGET = 30 * 1024
STATIC = Path(__file__).resolve().parents[2] / "static"


class _Requests(HTMLParser):
    """Every URL the browser would fetch while loading the page (not links it could follow)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):  # noqa: ANN001
        a = dict(attrs)
        if tag == "link" and a.get("href") and not a["href"].startswith("data:"):
            self.urls.append((a.get("rel") or "", a["href"]))  # data: URLs are not fetched
        for name in ("src", "srcset", "poster", "data"):
            if a.get(name):
                self.urls.append((tag, a[name]))
        if a.get("style") and "url(" in a["style"]:
            self.urls.append(("style", a["style"]))


@pytest.fixture()
def sheet(app, client, db):  # noqa: ANN001
    """A typical sheet: six questions with guidance, eight candidates, a 0-4 scale.

    (Eight such questions come to about 30.7 KB: the budget's edge.)"""
    org = build_org(panels=1, candidates=8, questions=6, residents=3, wordy=True)
    db.session.commit()
    sign_in(client, org.resident)
    response = client.get(f"/scoring/panels/{org.panel.id}/candidates/{org.candidate_id}")
    assert response.status_code == 200
    parser = _Requests()
    parser.feed(response.get_data(as_text=True))
    return response, parser.urls


def _fetch(client, url: str):  # noqa: ANN001
    response = client.get(url)
    body = response.get_data()
    response.close()
    return response, body


def test_html_css_and_js_together_fit_in_30_kb(client, sheet) -> None:  # noqa: ANN001
    response, urls = sheet
    total = len(response.get_data())
    for _kind, url in urls:
        _response, body = _fetch(client, url)
        total += len(body)
    assert any(u.startswith("/static/js/") for _k, u in urls), "the sheet's script is counted"
    assert total < BUDGET, f"{total} bytes is over the {BUDGET}-byte budget"


def test_nothing_comes_from_another_origin(sheet) -> None:  # noqa: ANN001
    response, urls = sheet
    for _kind, url in urls:
        assert url.startswith("/") and not url.startswith("//"), url
    csp = response.headers.get("Content-Security-Policy", "")
    assert "default-src 'self'" in csp
    assert "http" not in csp  # no other origin is allowed in


def test_no_request_for_a_site_icon(sheet) -> None:  # noqa: ANN001
    """Without an icon of its own, every page makes the browser ask for /favicon.ico (a 404,
    not cached): a wasted round trip on each page a phone on one bar of signal opens."""
    response, _urls = sheet
    assert '<link rel="icon" href="data:,">' in response.get_data(as_text=True)


def test_no_web_fonts() -> None:
    assert not [p for p in STATIC.rglob("*") if p.suffix in {".woff", ".woff2", ".ttf", ".otf"}]
    for css in STATIC.rglob("*.css"):
        text = css.read_text()
        assert "@font-face" not in text and "@import" not in text, css.name
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", text), css.name


def test_every_asset_is_fingerprinted_and_cached_for_a_year(client, sheet) -> None:  # noqa: ANN001
    _response, urls = sheet
    assert urls
    for _kind, url in urls:
        assert re.search(r"\?v=[0-9a-f]{12}$", url), url
        response, _body = _fetch(client, url)
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"


def test_the_sheet_is_compressed_when_the_phone_accepts_it(client, sheet) -> None:  # noqa: ANN001
    response, _urls = sheet
    url = response.request.path
    for encoding in ("gzip", "br"):
        squeezed = client.get(url, headers={"Accept-Encoding": encoding})
        assert squeezed.headers.get("Content-Encoding") == encoding
        assert len(squeezed.data) < len(response.get_data()) / 2
        assert "Accept-Encoding" in squeezed.headers.get("Vary", "")
