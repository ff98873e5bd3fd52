"""Revisions are the browser's clock in milliseconds: an unreadable one is refused like any
other unreadable answer, and one far ahead of the server's clock never locks an answer."""

from __future__ import annotations

import pytest

from panelhire.extensions import db
from panelhire.scoring import services
from panelhire.scoring.models import Score
from tests.factories import sign_in
from tests.html import csrf_token
from tests.scoring.factories import make_scored_panel

DAY = 24 * 60 * 60 * 1000


def _urls(scene):
    path = f"/panels/{scene.panel.id}/candidates/{scene.candidates[0].id}"
    return "/scoring" + path, "/api/scoring" + path


def _stored(scene, user, question):
    return db.session.execute(
        db.select(Score)
        .where(
            Score.user_id == user.id,
            Score.question_id == question.id,
            Score.candidate_id == scene.candidates[0].id,
        )
        .execution_options(populate_existing=True)
    ).scalar_one()


@pytest.mark.parametrize(
    "answer",
    [
        '{"question": QUESTION, "value": 1, "note": "", "revision": Infinity}',
        '{"question": QUESTION, "value": 1, "note": "", "revision": -Infinity}',
        '{"question": 1e999, "value": 1, "note": "", "revision": 1}',
        '{"question": QUESTION, "value": 1e999, "note": "", "revision": 1}',
    ],
    ids=["revision-infinity", "revision-minus-infinity", "question-1e999", "value-1e999"],
)
def test_an_infinite_number_is_an_answer_that_could_not_be_read(client, db, answer):
    scene = make_scored_panel()
    sign_in(client, scene.resident)
    sheet, api = _urls(scene)
    token = csrf_token(client.get(sheet))
    body = '{"answers": [' + answer.replace("QUESTION", str(scene.questions[0].id)) + "]}"
    response = client.post(
        api, data=body, content_type="application/json", headers={"X-CSRFToken": token}
    )
    assert response.status_code == 400
    assert response.get_json() == {"error": "An answer could not be read."}


def test_a_tampered_revision_on_the_plain_form_does_not_freeze_the_answer(client, db):
    scene = make_scored_panel()
    sign_in(client, scene.resident)
    sheet, api = _urls(scene)
    question = scene.questions[0]
    token = csrf_token(client.get(sheet))
    form = {"csrf_token": token, "action": "save"}
    tampered = client.post(
        sheet, data={**form, f"q-{question.id}": "1", f"rev-{question.id}": "9" * 20}
    )
    assert tampered.status_code == 302
    saved = _stored(scene, scene.resident, question)
    assert saved.value == 1 and saved.revision <= services.revision_now()

    # The next save sends back the revision the page shows, as the plain form does.
    page = client.get(sheet).get_data(as_text=True)
    shown = page.split(f'name="rev-{question.id}" value="')[1].split('"')[0]
    again = client.post(sheet, data={**form, f"q-{question.id}": "3", f"rev-{question.id}": shown})
    assert again.status_code == 302
    assert _stored(scene, scene.resident, question).value == 3

    tap = {"question": question.id, "value": 4, "note": "", "revision": services.revision_now()}
    autosaved = client.post(api, json={"answers": [tap]}, headers={"X-CSRFToken": token})
    assert autosaved.get_json()["saved"][0]["status"] == "saved"
    assert _stored(scene, scene.resident, question).value == 4


def test_autosave_refuses_a_revision_more_than_a_day_ahead_of_the_clock(client, db):
    scene = make_scored_panel()
    sign_in(client, scene.resident)
    sheet, api = _urls(scene)
    question = scene.questions[0]
    token = csrf_token(client.get(sheet))

    def tap(value, revision):
        answer = {"question": question.id, "value": value, "note": "", "revision": revision}
        return client.post(api, json={"answers": [answer]}, headers={"X-CSRFToken": token})

    fast_phone = tap(2, services.revision_now() + 60_000)  # a phone a minute fast is fine
    assert fast_phone.status_code == 200
    for far in (services.revision_now() + 2 * DAY, services.MAX_REVISION):
        refused = tap(0, far)
        assert refused.status_code == 422 and refused.get_json()["code"] == "bad"
    assert _stored(scene, scene.resident, question).value == 2
    assert tap(3, services.revision_now() + 120_000).get_json()["saved"][0]["status"] == "saved"
    assert _stored(scene, scene.resident, question).value == 3


def test_an_answer_stored_far_ahead_before_the_limit_is_replaced_by_the_next_save(db):
    scene = make_scored_panel()
    question = scene.questions[0]
    db.session.add(
        Score(
            panel_id=scene.panel.id,
            candidate_id=scene.candidates[0].id,
            user_id=scene.resident.id,
            question_id=question.id,
            value=1,
            note="",
            revision=services.MAX_REVISION,
        )
    )
    db.session.flush()
    saved = services.save_answer(
        scene.resident,
        panel=scene.panel,
        candidate=scene.candidates[0],
        panellist_id=scene.resident.id,
        question_id=question.id,
        value=3,
        note="",
        revision=services.revision_now(),
    )
    assert saved.status == "saved"
    assert _stored(scene, scene.resident, question).value == 3
