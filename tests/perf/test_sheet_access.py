"""The score sheet's lighter loader is exactly as strict as the full panel check: a current
scoring seat on this panel and a candidate interviewed by it, or a 404 (page and autosave)."""

from __future__ import annotations

import pytest

from panelhire.auth.models import Role
from panelhire.models.base import now_utc
from panelhire.panels.models import PanelMember
from panelhire.scoring.models import Question, Score
from tests.factories import make_resident, make_staff, sign_in
from tests.html import csrf_token, page_text
from tests.scoring.factories import make_scored_panel


def _sheet(panel_id: int, candidate_id: int) -> str:
    return f"/scoring/panels/{panel_id}/candidates/{candidate_id}"


def _autosave(client, panel_id: int, candidate_id: int, question_id: int):  # noqa: ANN001, ANN202
    token = csrf_token(client.get("/home"))
    return client.post(
        f"/api{_sheet(panel_id, candidate_id)}",
        json={"answers": [{"question": question_id, "value": 1, "note": "", "revision": 1}]},
        headers={"X-CSRFToken": token},
    )


def _refused(client, panel_id: int, candidate_id: int, question_id: int) -> None:  # noqa: ANN001
    assert client.get(_sheet(panel_id, candidate_id)).status_code == 404
    assert _autosave(client, panel_id, candidate_id, question_id).status_code == 404


def test_the_panellist_gets_their_sheet_and_saves(client, db) -> None:  # noqa: ANN001
    scene = make_scored_panel()
    sign_in(client, scene.resident)
    candidate, question = scene.candidates[0], scene.questions[0]
    page = client.get(_sheet(scene.panel.id, candidate.id))
    assert page.status_code == 200 and "Next: Bo Brown" in page.get_data(as_text=True)
    assert _autosave(client, scene.panel.id, candidate.id, question.id).status_code == 200


def test_a_candidate_from_another_panel_is_a_404(client, db) -> None:  # noqa: ANN001
    scene = make_scored_panel()
    other = make_scored_panel(candidates=("Cy Other",))
    sign_in(client, scene.resident)
    _refused(client, scene.panel.id, other.candidates[0].id, scene.questions[0].id)
    _refused(client, other.panel.id, other.candidates[0].id, other.questions[0].id)


def test_a_withdrawn_seat_an_observer_and_unseated_staff_get_404(client, db) -> None:  # noqa: ANN001
    scene = make_scored_panel()
    seat = db.session.execute(
        db.select(PanelMember).where(
            PanelMember.panel_id == scene.panel.id, PanelMember.user_id == scene.resident.id
        )
    ).scalar_one()
    seat.withdrawn_at = now_utc()
    observer = make_resident(name="Obi Server")
    db.session.add(PanelMember(panel=scene.panel, user=observer, role="observer"))
    hr = make_staff(roles={Role.HR}, name="Hana Rees")
    db.session.flush()
    ids = (scene.panel.id, scene.candidates[0].id, scene.questions[0].id)
    for person in (scene.resident, observer, hr):
        sign_in(client, person)
        _refused(client, *ids)
        client.post("/sign-out", data={"csrf_token": csrf_token(client.get("/home"))})


def _seat_of(db, scene, user):  # noqa: ANN001, ANN202
    return db.session.execute(
        db.select(PanelMember).where(
            PanelMember.panel_id == scene.panel.id, PanelMember.user_id == user.id
        )
    ).scalar_one()


def _withdraw(db, scene) -> None:  # noqa: ANN001
    _seat_of(db, scene, scene.resident).withdrawn_at = now_utc()


def _make_observer(db, scene) -> None:  # noqa: ANN001
    _seat_of(db, scene, scene.resident).role = "observer"


def _move_the_candidate(db, scene) -> None:  # noqa: ANN001
    other = make_scored_panel(candidates=("Cy Other",))
    slot = next(s for s in scene.panel.slots if s.candidate_id == scene.candidates[0].id)
    slot.panel = other.panel


@pytest.mark.parametrize("change", [_withdraw, _make_observer, _move_the_candidate])
def test_answers_already_saved_cannot_be_changed_once_the_seat_or_slot_is_gone(
    client,
    db,
    change,  # noqa: ANN001
) -> None:
    """Autosave's one-statement path (for an answer already given) keeps to the same rule."""
    scene = make_scored_panel()
    sign_in(client, scene.resident)
    ids = (scene.panel.id, scene.candidates[0].id, scene.questions[0].id)
    assert _autosave(client, *ids).status_code == 200  # value 1, revision 1
    change(db, scene)
    db.session.flush()
    token = csrf_token(client.get("/home"))
    later = client.post(
        f"/api{_sheet(ids[0], ids[1])}",
        json={"answers": [{"question": ids[2], "value": 4, "note": "", "revision": 2}]},
        headers={"X-CSRFToken": token},
    )
    assert later.status_code == 404
    stored = db.session.execute(
        db.select(Score.value)
        .where(Score.question_id == ids[2], Score.user_id == scene.resident.id)
        .execution_options(populate_existing=True)
    ).scalar_one()
    assert stored == 1


def test_the_sheet_reads_a_form_with_no_questions_yet_and_one_without_a_criterion(
    client,
    db,  # noqa: ANN001
) -> None:
    """The sheet reads its questions in the same statement as the seat (one row per question):
    no questions still gives the seat, and a question need not have a criterion."""
    scene = make_scored_panel()
    for question in scene.questions:
        db.session.delete(question)
    db.session.flush()
    sign_in(client, scene.resident)
    page = client.get(_sheet(scene.panel.id, scene.candidates[0].id))
    assert page.status_code == 200
    assert "Question 1 of" not in page.get_data(as_text=True)

    db.session.add(
        Question(vacancy_id=scene.panel.vacancy_id, text="Why this job?", asked_by="staff")
    )
    db.session.flush()
    text = page_text(client.get(_sheet(scene.panel.id, scene.candidates[0].id)))
    assert "Question 1 of 1 Why this job?" in text
    assert "Criterion:" not in text


def test_the_sheet_reads_nothing_about_candidates_but_their_names(client, db) -> None:  # noqa: ANN001
    """Data minimisation, and a lighter statement: the sheet shows a candidate's name only."""
    from tests.perf.test_query_counts import counting

    scene = make_scored_panel()
    sign_in(client, scene.resident)
    with counting(db.engine) as statements:
        response = client.get(_sheet(scene.panel.id, scene.candidates[0].id))
    assert response.status_code == 200
    sql = "\n".join(statements)
    assert "candidate.name" in sql
    for private in ("email", "phone", "adjustments", "equality_monitoring"):
        assert f"candidate.{private}" not in sql
    assert "vacancy.person_specification" not in sql
