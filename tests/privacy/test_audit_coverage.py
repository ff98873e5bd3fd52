"""One test per kind of event the audit trail must hold; each fails if its record() goes."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from panelhire.audit.models import AuditEvent
from panelhire.auth.models import Role
from panelhire.panels import services as panels
from panelhire.privacy import services as privacy
from panelhire.scoring import decisions
from panelhire.scoring import services as scoring
from panelhire.training import imports
from tests.factories import make_panel, make_resident, make_staff, sign_in
from tests.scoring.factories import make_scored_panel


def _events(db, action):  # noqa: ANN001
    return list(db.session.execute(select(AuditEvent).where(AuditEvent.action == action)).scalars())


def test_sign_ins_are_recorded(client, db):
    person = make_staff()
    sign_in(client, person)
    [event] = _events(db, "sign_in")
    assert event.actor_id == person.id


def test_failed_sign_ins_are_recorded(client, db):
    sign_in(client, make_staff(), password="not the password")
    assert len(_events(db, "sign_in_failed")) == 1


def _paper(scene, panellist, candidate):  # noqa: ANN001, ANN202
    scoring.enter_paper_scores(
        scene.chair,
        panel=scene.panel,
        candidate=candidate,
        panellist_id=panellist.id,
        entries={q.id: (3, "") for q in scene.questions},
    )


def test_scores_entered_on_behalf_name_the_person_and_whom(db):
    scene = make_scored_panel(candidates=("Alex Able",))
    _paper(scene, scene.resident, scene.candidates[0])
    [event] = _events(db, "scores.entered_on_behalf")
    assert event.actor_id == scene.chair.id
    assert f"panellist {scene.resident.id}" in event.summary


def test_scores_submitted_and_reopened_are_recorded(db):
    scene = make_scored_panel(candidates=("Alex Able",))
    candidate = scene.candidates[0]
    for question in scene.questions:
        scoring.save_answer(
            scene.staff,
            panel=scene.panel,
            candidate=candidate,
            panellist_id=scene.staff.id,
            question_id=question.id,
            value=2,
            note="",
            revision=1,
        )
    scoring.submit_scores(
        scene.staff, panel=scene.panel, candidate=candidate, panellist_id=scene.staff.id
    )
    scoring.reopen_scores(
        scene.chair,
        panel=scene.panel,
        candidate=candidate,
        panellist_id=scene.staff.id,
        reason="Typed the wrong score",
    )
    assert _events(db, "scores.submitted") and _events(db, "scores.reopened")


def test_decisions_and_sign_offs_are_recorded(db):
    scene = make_scored_panel(candidates=("Alex Able",))
    candidate = scene.candidates[0]
    for panellist in (scene.chair, scene.staff, scene.resident):
        _paper(scene, panellist, candidate)
    decisions.record_decision(
        scene.chair,
        panel=scene.panel,
        candidate=candidate,
        outcome="not_appointed",
        reasons="Below the bar",
        checks=[],
    )
    decisions.sign_off(scene.chair, panel=scene.panel)
    assert len(_events(db, "decision.recorded")) == 1
    assert len(_events(db, "decision.signed_off")) == 1


def test_roster_changes_and_overrides_are_recorded(db):
    manager = make_staff(roles={Role.MANAGER})
    resident = make_resident()
    panel = make_panel(members=[(resident, "resident")])
    panels.withdraw_member(manager, panel, panel.members[0])
    untrained = make_resident()
    panels.add_resident(manager, panel, untrained, override_reason="Only resident free")
    assert _events(db, "panel.withdraw")
    [override] = _events(db, "panel.override")
    assert "Only resident free" in override.summary


def test_exceptions_are_recorded(db):
    manager = make_staff(roles={Role.MANAGER})
    panel = make_panel()
    panels.record_exception(manager, panel, "No trained resident free this week")
    [event] = _events(db, "panel.exception")
    assert "No trained resident free" in event.summary


def test_imports_are_recorded(db):
    from tests.factories import make_service

    make_service(name="Riverside House")
    data = b"name,preferred_name,service,username,email,mobile,contact_channel\n"
    data += b"Dee Morgan,Dee,Riverside House,deemorgan,,,keyworker\n"
    preview = imports.check("residents", data)
    imports.apply(make_staff(roles={Role.HR}), preview)
    assert _events(db, "residents_imported")


def test_every_download_is_recorded(client, db):
    hr = make_staff(roles={Role.HR})
    sign_in(client, hr)
    response = client.get("/reports/coverage.csv")
    assert response.status_code == 200
    [event] = _events(db, "export")
    assert event.actor_id == hr.id and "panels.coverage_csv" in event.summary


def test_a_page_that_is_not_a_download_is_not_recorded_as_one(client, db):
    sign_in(client, make_staff(roles={Role.HR}))
    assert client.get("/reports/coverage").status_code == 200
    assert _events(db, "export") == []


def test_purges_are_recorded(db):
    privacy.purge(None, date.today())
    assert len(_events(db, "purge")) == 1


def test_closing_a_vacancy_and_legal_holds_are_recorded(db):
    hr = make_staff(roles={Role.HR})
    vacancy = make_panel().vacancy
    privacy.close_vacancy(hr, vacancy, date.today() - timedelta(days=1))
    privacy.set_legal_hold(hr, vacancy, hold=True, reason="Claim")
    privacy.set_legal_hold(hr, vacancy, hold=False, reason="")
    for action in ("vacancy.closed", "vacancy.legal_hold", "vacancy.legal_hold_lifted"):
        assert _events(db, action), action
