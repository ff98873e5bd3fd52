"""Submitting a sheet with a question left blank explains what is missing, keeps the rest,
and never fails with a server error (the refused submit's blank row is rolled back)."""

from __future__ import annotations

from sqlalchemy import select

from panelhire.scoring import services
from panelhire.scoring.models import Score, ScoreSubmission
from tests.factories import sign_in
from tests.html import csrf_token, page_text
from tests.scoring.factories import make_scored_panel
from tests.scoring.test_services import save


def _sheet(scene) -> str:  # noqa: ANN001
    return f"/scoring/panels/{scene.panel.id}/candidates/{scene.candidates[0].id}"


def test_submitting_with_a_blank_question_says_so_and_keeps_the_answers(client, db):
    scene = make_scored_panel()
    first, second = scene.questions
    # Tapped on the phone, autosaved; the second question is still blank.
    save(scene, scene.resident, first, 3, services.revision_now())
    db.session.commit()
    sign_in(client, scene.resident)
    page = client.get(_sheet(scene))
    response = client.post(
        _sheet(scene),
        data={"csrf_token": csrf_token(page), f"q-{first.id}": "2", "action": "submit"},
    )
    assert response.status_code == 422
    assert "Score every question before you submit" in page_text(response)
    db.session.expire_all()
    stored = db.session.execute(select(Score).where(Score.question_id == first.id)).scalar_one()
    assert stored.value == 2  # the change typed with the refused submit is kept
    assert db.session.execute(select(ScoreSubmission)).first() is None


def test_submitting_a_sheet_with_nothing_saved_and_one_answer_says_what_is_missing(client, db):
    scene = make_scored_panel()
    first, _second = scene.questions
    sign_in(client, scene.resident)
    page = client.get(_sheet(scene))
    response = client.post(
        _sheet(scene),
        data={"csrf_token": csrf_token(page), f"q-{first.id}": "4", "action": "submit"},
    )
    assert response.status_code == 422
    assert "Score every question before you submit" in page_text(response)


def test_after_submitting_the_next_candidate_to_score_is_one_tap_away(client, db):
    scene = make_scored_panel(candidates=("Alex Able", "Bo Brown", "Cy Cole"))
    first, second = scene.questions
    alex, bo, cy = scene.candidates
    sign_in(client, scene.resident)

    def submit(candidate) -> None:  # noqa: ANN001
        url = f"/scoring/panels/{scene.panel.id}/candidates/{candidate.id}"
        page = client.get(url)
        data = {"csrf_token": csrf_token(page), f"q-{first.id}": "2", f"q-{second.id}": "3"}
        client.post(url, data={**data, "action": "submit"})

    submit(bo)  # scored out of order: after Alex, Bo is skipped
    submit(alex)
    after_alex = client.get(_sheet(scene))
    assert "your scores are submitted" in page_text(after_alex)
    assert f"Next to score: {cy.name}" in page_text(after_alex)
    assert f'href="/scoring/panels/{scene.panel.id}/candidates/{cy.id}"' in after_alex.text
    submit(cy)
    done = page_text(client.get(f"/scoring/panels/{scene.panel.id}/candidates/{cy.id}"))
    assert "You have scored every candidate on this panel" in done
    assert "Next to score" not in done


def test_a_rank_from_some_of_the_scores_says_so(client, db):
    scene = make_scored_panel()
    first, second = scene.questions
    sign_in(client, scene.resident)
    page = client.get(_sheet(scene))
    data = {"csrf_token": csrf_token(page), f"q-{first.id}": "2", f"q-{second.id}": "3"}
    client.post(_sheet(scene), data={**data, "action": "submit"})
    text = page_text(client.get(_sheet(scene) + "/consensus"))
    assert "Waiting for scores from" in text
    assert "from the scores in so far" in text


def test_reloading_a_refused_form_address_opens_the_candidates_page(client, db):
    scene = make_scored_panel()
    sign_in(client, scene.chair)
    for form in ("decision", "concerns", "dissent"):
        back = client.get(f"{_sheet(scene)}/{form}")
        assert back.status_code == 302 and back.location.endswith(_sheet(scene) + "/consensus")
