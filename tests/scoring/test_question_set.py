"""Editing a vacancy's question set: criteria edited and deleted, questions deleted and
reordered, and every change refused once anyone has started scoring."""

from __future__ import annotations

import pytest

from panelhire.audit.models import AuditEvent
from panelhire.extensions import db
from panelhire.scoring import queries, questions
from panelhire.scoring.models import Criterion, Question
from panelhire.scoring.services import ScoringRefused
from tests.factories import make_staff, sign_in
from tests.html import csrf_token, page_text
from tests.scoring.factories import make_scored_panel
from tests.scoring.test_services import score_all


def _url(scene, tail: str = "") -> str:
    return f"/scoring/vacancies/{scene.panel.vacancy_id}{tail}"


def _texts(scene) -> list[str]:
    db.session.expire_all()  # the pages changed the rows in their own session
    return [q.text for q in queries.questions_for(scene.panel.vacancy)]


def _third_question(scene) -> Question:
    question = Question(vacancy=scene.panel.vacancy, text="Why this role?", position=2)
    db.session.add(question)
    db.session.flush()
    return question


# --- services ---------------------------------------------------------------------------------


def test_moving_a_question_swaps_it_with_its_neighbour_and_renumbers(db):
    scene = make_scored_panel()
    third = _third_question(scene)
    questions.move_question(
        scene.chair, vacancy=scene.panel.vacancy, question=third, direction="up"
    )
    assert _texts(scene) == [
        "Tell us about support.",
        "Why this role?",
        "How do you record an incident?",
    ]
    assert [q.position for q in queries.questions_for(scene.panel.vacancy)] == [0, 1, 2]
    first = scene.questions[0]
    with pytest.raises(ScoringRefused, match="already first"):
        questions.move_question(
            scene.chair, vacancy=scene.panel.vacancy, question=first, direction="up"
        )
    with pytest.raises(ScoringRefused, match="up or down"):
        questions.move_question(
            scene.chair, vacancy=scene.panel.vacancy, question=first, direction="sideways"
        )


def test_deleting_a_criterion_keeps_its_questions_and_is_audited(db):
    scene = make_scored_panel()
    criterion = scene.questions[1].criterion
    questions.delete_criterion(scene.chair, vacancy=scene.panel.vacancy, criterion=criterion)
    assert [c.name for c in queries.criteria_for(scene.panel.vacancy)] == ["Working with people"]
    assert _texts(scene) == ["Tell us about support.", "How do you record an incident?"]
    assert scene.questions[1].criterion_id is None
    events = db.session.execute(db.select(AuditEvent.action)).scalars().all()
    assert "criterion.deleted" in events


def test_deleting_a_question_closes_the_gap_in_the_order(db):
    scene = make_scored_panel()
    third = _third_question(scene)
    questions.delete_question(scene.chair, vacancy=scene.panel.vacancy, question=scene.questions[0])
    assert _texts(scene) == ["How do you record an incident?", "Why this role?"]
    assert [q.position for q in queries.questions_for(scene.panel.vacancy)] == [0, 1]
    assert third.position == 1


def test_every_change_is_refused_once_scoring_has_started(db):
    scene = make_scored_panel()
    score_all(scene, scene.staff, [1, None], submit=False)
    vacancy = scene.panel.vacancy
    criterion = scene.questions[0].criterion
    attempts = {
        "criteria can no longer be added or changed": lambda: questions.save_criterion(
            scene.chair, vacancy=vacancy, criterion=criterion, name="Renamed", essential=False
        ),
        "criteria can no longer be deleted": lambda: questions.delete_criterion(
            scene.chair, vacancy=vacancy, criterion=criterion
        ),
        "questions can no longer be deleted": lambda: questions.delete_question(
            scene.chair, vacancy=vacancy, question=scene.questions[0]
        ),
        "questions can no longer be reordered": lambda: questions.move_question(
            scene.chair, vacancy=vacancy, question=scene.questions[1], direction="up"
        ),
    }
    for message, attempt in attempts.items():
        with pytest.raises(ScoringRefused, match=message) as refused:
            attempt()
        assert refused.value.message.startswith("Scoring has started")
    assert criterion.name == "Working with people"
    assert _texts(scene) == ["Tell us about support.", "How do you record an incident?"]


# --- pages ------------------------------------------------------------------------------------


def test_manager_edits_and_deletes_a_criterion(client, db):
    scene = make_scored_panel()
    criterion = scene.questions[1].criterion
    sign_in(client, scene.chair)
    page = client.get(_url(scene, f"/criteria/{criterion.id}"))
    assert page.status_code == 200 and 'value="Recording"' in page.get_data(as_text=True)
    token = csrf_token(page)
    blank = client.post(
        _url(scene, f"/criteria/{criterion.id}"), data={"csrf_token": token, "name": " "}
    )
    assert blank.status_code == 422 and "Enter the criterion" in page_text(blank)
    saved = client.post(
        _url(scene, f"/criteria/{criterion.id}"),
        data={"csrf_token": token, "name": "Recording clearly", "essential": "y"},
    )
    assert saved.status_code == 302
    db.session.refresh(criterion)
    assert criterion.name == "Recording clearly" and criterion.essential
    criterion_id = criterion.id
    deleted = client.post(
        _url(scene, f"/criteria/{criterion_id}/delete"), data={"csrf_token": token}
    )
    assert deleted.status_code == 302
    db.session.expire_all()
    assert db.session.get(Criterion, criterion_id) is None
    assert "Criterion deleted: Recording clearly" in page_text(
        client.get(_url(scene, "/questions"))
    )


def test_manager_reorders_and_deletes_questions_with_plain_forms(client, db):
    scene = make_scored_panel()
    sign_in(client, scene.chair)
    page = client.get(_url(scene, "/questions"))
    text = page_text(page)
    assert "move question 1 down" in text and "move question 1 up" not in text
    assert "move question 2 up" in text and "move question 2 down" not in text
    token = csrf_token(page)
    second = scene.questions[1]
    moved = client.post(
        _url(scene, f"/questions/{second.id}/move"), data={"csrf_token": token, "direction": "up"}
    )
    assert moved.status_code == 302
    assert _texts(scene) == ["How do you record an incident?", "Tell us about support."]
    bad = client.post(
        _url(scene, f"/questions/{second.id}/move"), data={"csrf_token": token, "direction": "left"}
    )
    assert bad.status_code == 422 and "Choose up or down" in page_text(bad)
    top = client.post(
        _url(scene, f"/questions/{second.id}/move"), data={"csrf_token": token, "direction": "up"}
    )
    assert top.status_code == 422 and "already first" in page_text(top)
    deleted = client.post(_url(scene, f"/questions/{second.id}/delete"), data={"csrf_token": token})
    assert deleted.status_code == 302
    assert _texts(scene) == ["Tell us about support."]


def test_changes_are_refused_with_a_clear_message_once_scoring_starts(client, db):
    scene = make_scored_panel()
    sign_in(client, scene.chair)
    page = client.get(_url(scene, "/questions"))
    token = csrf_token(page)
    score_all(scene, scene.staff, [1, None], submit=False)
    criterion = scene.questions[0].criterion
    question = scene.questions[1]
    refusals = {
        f"/criteria/{criterion.id}/delete": "criteria can no longer be deleted",
        f"/questions/{question.id}/delete": "questions can no longer be deleted",
        f"/questions/{question.id}/move": "questions can no longer be reordered",
    }
    for tail, message in refusals.items():
        response = client.post(_url(scene, tail), data={"csrf_token": token, "direction": "up"})
        assert response.status_code == 422, tail
        assert f"Scoring has started, so the questions and scale are locked: {message}" in (
            page_text(response)
        )
    edit = client.post(
        _url(scene, f"/criteria/{criterion.id}"), data={"csrf_token": token, "name": "New"}
    )
    assert edit.status_code == 422 and "criteria can no longer be added or changed" in page_text(
        edit
    )
    assert _texts(scene) == ["Tell us about support.", "How do you record an incident?"]
    assert criterion.name == "Working with people"
    locked_page = page_text(client.get(_url(scene, "/questions")))
    assert "Delete" not in locked_page and "move question" not in locked_page


def test_only_the_vacancy_managers_edit_its_question_set(client, db):
    scene = make_scored_panel()
    other = make_scored_panel()
    criterion = scene.questions[0].criterion
    sign_in(client, make_staff())
    assert client.get(_url(scene, f"/criteria/{criterion.id}")).status_code == 403
    client.post("/sign-out", data={"csrf_token": csrf_token(client.get("/home"))})
    sign_in(client, other.chair)  # manages another vacancy, not this one
    token = csrf_token(client.get(_url(other, "/questions")))
    assert client.get(_url(scene, f"/criteria/{criterion.id}")).status_code == 404
    assert (
        client.post(_url(scene, f"/criteria/{criterion.id}/delete"), data={"csrf_token": token})
    ).status_code == 404
    # A criterion from another vacancy cannot be reached through one's own.
    assert client.get(_url(other, f"/criteria/{criterion.id}")).status_code == 404
    assert (
        client.post(
            _url(other, f"/questions/{scene.questions[0].id}/delete"), data={"csrf_token": token}
        )
    ).status_code == 404
    assert len(_texts(scene)) == 2
