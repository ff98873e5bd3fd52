"""Numbers no row can have (in a URL or in autosave's JSON) are refused plainly: a 404 or a
400, never the database error (a 500) that passing them on would cause."""

from __future__ import annotations

import pytest
from flask import Flask

from panelhire.auth.models import Role
from tests.factories import make_staff, sign_in
from tests.html import csrf_token
from tests.scoring.factories import make_scored_panel

HUGE = 2**70  # beyond PostgreSQL's integer and SQLite's 64-bit integer alike


def _int_routes(app: Flask) -> list:
    return [r for r in app.url_map.iter_rules() if "GET" in r.methods and "<int:" in r.rule]


def test_every_route_with_an_id_refuses_one_no_row_can_have(app: Flask, client, db) -> None:  # noqa: ANN001
    routes = _int_routes(app)
    assert len(routes) > 40  # the panels, vacancies, residents, scoring ... pages
    sign_in(client, make_staff(roles={Role.ADMIN, Role.HR}))
    for rule in routes:
        path = rule.rule
        for name in rule.arguments:
            replacement = str(HUGE) if f"<int:{name}>" in rule.rule else "x"
            path = path.replace(f"<int:{name}>", replacement).replace(f"<{name}>", replacement)
            path = path.replace(f"<path:{name}>", replacement)
        response = client.get(path)
        assert response.status_code == 404, (rule.rule, response.status_code)


@pytest.mark.parametrize("question", [HUGE, 2**31, 0, -5])
def test_autosave_refuses_a_question_id_no_row_can_have(client, db, question: int) -> None:  # noqa: ANN001
    scene = make_scored_panel()
    sign_in(client, scene.resident)
    url = f"/api/scoring/panels/{scene.panel.id}/candidates/{scene.candidates[0].id}"
    response = client.post(
        url,
        json={"answers": [{"question": question, "value": 1, "revision": 1}]},
        headers={"X-CSRFToken": csrf_token(client.get("/home"))},
    )
    assert response.status_code == 400
    assert response.get_json()["error"] == "An answer could not be read."
