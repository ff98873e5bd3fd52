from __future__ import annotations

import re


def _css_url(client):
    body = client.get("/sign-in").get_data(as_text=True)
    return re.search(r'href="(/static/css/app\.css\?v=[0-9a-f]{12})"', body).group(1)


def test_static_urls_carry_a_fingerprint_and_are_cached_for_a_year(client):
    url = _css_url(client)
    response = client.get(url)
    assert response.status_code == 200
    assert "max-age=31536000" in response.headers["Cache-Control"]
    assert "immutable" in response.headers["Cache-Control"]
    response.close()


def test_a_stale_fingerprint_is_not_cached_for_long(client):
    response = client.get("/static/css/app.css?v=000000000000")
    assert response.headers["Cache-Control"] == "no-cache"
    response.close()


def test_pages_are_compressed_when_the_browser_accepts_it(client):
    plain = client.get("/sign-in")
    squeezed = client.get("/sign-in", headers={"Accept-Encoding": "gzip"})
    assert squeezed.headers.get("Content-Encoding") == "gzip"
    assert len(squeezed.data) < len(plain.data)
