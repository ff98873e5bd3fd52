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


def test_remembered_static_urls_follow_the_prefix_and_leave_other_urls_alone(client, app):
    """Static URLs are built once per file and path prefix; a prefix gets its own, and an
    absolute URL or any other page is built as usual."""
    from flask import url_for

    first = _css_url(client)
    assert _css_url(client) == first
    mounted = client.get("/sign-in", environ_overrides={"SCRIPT_NAME": "/panelhire"})
    assert f'href="/panelhire{first}"' in mounted.get_data(as_text=True)
    assert _css_url(client) == first
    with app.test_request_context("/", base_url="https://panels.example.org/"):
        assert url_for("static", filename="css/app.css") == first
        external = url_for("static", filename="css/app.css", _external=True)
        assert external == f"https://panels.example.org{first}"
        assert url_for("static", filename="js/scoring.js").startswith("/static/js/scoring.js?v=")
    app.config["SERVER_NAME"] = "panels.example.org"  # no request: an e-mail, say
    try:
        with app.app_context():
            assert url_for("static", filename="css/app.css") == f"http://panels.example.org{first}"
    finally:
        app.config["SERVER_NAME"] = None


def test_a_stream_of_odd_prefixes_cannot_grow_the_remembered_urls_without_end(
    client, app, monkeypatch
):
    from panelhire.core import assets

    monkeypatch.setattr(assets, "URLS_KEPT", 40)
    for n in range(60):
        page = client.get("/sign-in", environ_overrides={"SCRIPT_NAME": f"/odd{n}"})
        assert f'href="/odd{n}/static/css/app.css?v=' in page.get_data(as_text=True)
    assert 0 < len(app._urls) <= 40  # noqa: SLF001


def test_remembered_urls_are_the_urls_flask_builds(app):
    """Every plain URL is remembered by its endpoint, values and prefix, so each is exactly
    what Flask would build; relative endpoints and values that cannot be a key are built as
    usual."""
    from flask import Flask, url_for

    def built(endpoint, **values):  # noqa: ANN001, ANN003, ANN202
        return Flask.url_for(app, endpoint, **values)

    cases = [
        ("scoring.sheet", {"panel_id": 1, "candidate_id": 2}),
        ("scoring.sheet", {"panel_id": 1, "candidate_id": 3}),
        ("scoring.sheet", {"panel_id": 1, "candidate_id": 2, "tab": "notes"}),
        ("core.home", {}),
        ("recognition.after_panel", {"panel_id": 4, "again": [5, 6]}),
    ]
    for prefix in ("", "/panelhire"):
        with app.test_request_context("/", environ_overrides={"SCRIPT_NAME": prefix}):
            for _ in range(2):  # built, then remembered
                for endpoint, values in cases:
                    assert url_for(endpoint, **values) == built(endpoint, **values)
            assert url_for("core.home") == f"{prefix}/home"
            assert "?again=5&again=6" in url_for(
                "recognition.after_panel", panel_id=4, again=[5, 6]
            )
    with app.test_request_context("/scoring/"):  # a page of the scoring blueprint
        assert url_for(".index") == built("scoring.index")
    keys = list(app._urls)  # noqa: SLF001
    assert not any(key[1].startswith(".") for key in keys)
