"""Signing off is recorded once: a double click, a second tab or two requests at the same
moment sign off nothing more and add nothing to the audit trail."""

from __future__ import annotations

import pytest

from panelhire import create_app
from panelhire.audit.models import AuditEvent
from panelhire.extensions import db
from panelhire.scoring import decisions
from tests.conftest import TEST_CONFIG
from tests.databases import fresh_database
from tests.factories import sign_in
from tests.html import csrf_token, page_text
from tests.scoring.factories import make_scored_panel
from tests.scoring.test_reliability import _token, run_together, signed_in_client
from tests.scoring.test_services import score_all


def _decided_panel():
    scene = make_scored_panel(candidates=("Alex Able",))
    alex = scene.candidates[0]
    for user in (scene.chair, scene.staff, scene.resident):
        score_all(scene, user, [3, 3], alex)
    decisions.record_decision(
        scene.chair, panel=scene.panel, candidate=alex, outcome="reserve", reasons="", checks=[]
    )
    return scene


def _sign_offs(panel_id: int) -> int:
    return db.session.execute(
        db.select(db.func.count(AuditEvent.id)).where(
            AuditEvent.action == "decision.signed_off", AuditEvent.object_id == panel_id
        )
    ).scalar_one()


def test_signing_off_again_changes_nothing_and_is_not_audited_again(db):
    scene = _decided_panel()
    assert decisions.sign_off(scene.chair, panel=scene.panel) is True
    decision = decisions.queries.decisions(scene.panel)[scene.candidates[0].id]
    first = decision.signed_off_at
    assert first is not None and decision.signed_off_by_id == scene.chair.id
    assert decisions.sign_off(scene.chair, panel=scene.panel) is False
    assert decision.signed_off_at == first
    assert _sign_offs(scene.panel.id) == 1


def test_a_second_click_says_it_is_already_signed_off(client, db):
    scene = _decided_panel()
    sign_in(client, scene.chair)
    url = f"/scoring/panels/{scene.panel.id}/sign-off"
    token = csrf_token(client.get(f"/scoring/panels/{scene.panel.id}/consensus"))
    first = client.post(url, data={"csrf_token": token}, follow_redirects=True)
    assert "Decisions signed off" in page_text(first)
    second = client.post(url, data={"csrf_token": token}, follow_redirects=True)
    assert "already signed off" in page_text(second)
    assert _sign_offs(scene.panel.id) == 1


@pytest.fixture()
def live_decided(tmp_path):
    """A decided panel in its own database file, for requests on separate connections."""
    url = fresh_database("sign_off_once", tmp_path)
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        db.create_all()
        scene = _decided_panel()
        ids = scene.panel.id, (scene.chair.id, scene.chair.email, False)
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    yield app, ids
    with app.app_context():
        db.engine.dispose()


def test_two_sign_offs_at_once_and_one_more_are_audited_once(live_decided):
    app, (panel_id, manager) = live_decided
    tabs = [signed_in_client(app, manager) for _ in range(3)]
    page = f"/scoring/panels/{panel_id}/consensus"
    tokens = [_token(tab.get(page).get_data(as_text=True)) for tab in tabs]
    url = f"/scoring/panels/{panel_id}/sign-off"
    statuses = []

    def click(i):
        def job():
            statuses.append(tabs[i].post(url, data={"csrf_token": tokens[i]}).status_code)

        return job

    run_together([click(0), click(1)])
    click(2)()
    assert statuses == [302, 302, 302]
    with app.app_context():
        assert _sign_offs(panel_id) == 1
        db.session.remove()
