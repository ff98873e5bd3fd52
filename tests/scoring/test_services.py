"""Saving, submitting, reopening and agreeing scores, against the database."""

from __future__ import annotations

import pytest

from panelhire.audit.models import AuditEvent
from panelhire.extensions import db
from panelhire.scoring import decisions, queries, services
from panelhire.scoring.models import Score, ScoreSubmission
from tests.scoring.factories import make_scored_panel, sit_out


def save(scene, user, question, value, revision, candidate=None, note=""):
    return services.save_answer(
        user,
        panel=scene.panel,
        candidate=candidate or scene.candidates[0],
        panellist_id=user.id,
        question_id=question.id,
        value=value,
        note=note,
        revision=revision,
    )


def score_all(scene, user, values, candidate=None, submit=True):
    for question, value in zip(scene.questions, values, strict=True):
        save(scene, user, question, value, services.revision_now(), candidate)
    if submit:
        services.submit_scores(
            user,
            panel=scene.panel,
            candidate=candidate or scene.candidates[0],
            panellist_id=user.id,
        )


def stored(scene, user, question):
    return db.session.execute(
        db.select(Score)
        .where(
            Score.user_id == user.id,
            Score.question_id == question.id,
            Score.candidate_id == scene.candidates[0].id,
        )
        .execution_options(populate_existing=True)
    ).scalar_one()


def test_a_retried_save_changes_nothing_and_an_older_save_never_wins(db):
    scene = make_scored_panel()
    q = scene.questions[0]
    assert save(scene, scene.resident, q, 3, 200).status == "saved"
    assert save(scene, scene.resident, q, 3, 200).status == "saved"  # a retry
    assert save(scene, scene.resident, q, 1, 100).status == "newer"  # arrived late
    assert stored(scene, scene.resident, q).value == 3
    assert save(scene, scene.resident, q, 4, 300).status == "saved"
    assert stored(scene, scene.resident, q).value == 4
    count = db.session.execute(db.select(db.func.count(Score.id))).scalar_one()
    assert count == 1


def test_a_score_outside_the_scale_is_refused(db):
    scene = make_scored_panel()
    with pytest.raises(services.ScoringRefused):
        save(scene, scene.staff, scene.questions[0], 5, 1)


def test_submit_locks_and_a_second_submit_changes_nothing(db):
    scene = make_scored_panel()
    score_all(scene, scene.staff, [2, 3])
    again = services.submit_scores(
        scene.staff, panel=scene.panel, candidate=scene.candidates[0], panellist_id=scene.staff.id
    )
    assert again is not None
    assert db.session.execute(db.select(db.func.count(ScoreSubmission.id))).scalar_one() == 1
    with pytest.raises(services.ScoringRefused) as locked:
        save(scene, scene.staff, scene.questions[0], 0, services.revision_now())
    assert locked.value.code == "locked"


def test_submit_needs_every_question(db):
    scene = make_scored_panel()
    save(scene, scene.staff, scene.questions[0], 2, 1)
    with pytest.raises(services.ScoringRefused, match="1 still to do"):
        services.submit_scores(
            scene.staff,
            panel=scene.panel,
            candidate=scene.candidates[0],
            panellist_id=scene.staff.id,
        )


def test_chair_reopens_with_a_reason_kept_in_the_audit(db):
    scene = make_scored_panel()
    score_all(scene, scene.staff, [2, 3])
    with pytest.raises(services.ScoringRefused):
        services.reopen_scores(
            scene.chair,
            panel=scene.panel,
            candidate=scene.candidates[0],
            panellist_id=scene.staff.id,
            reason=" ",
        )
    services.reopen_scores(
        scene.chair,
        panel=scene.panel,
        candidate=scene.candidates[0],
        panellist_id=scene.staff.id,
        reason="Tapped the wrong score",
    )
    assert queries.submission(scene.panel, scene.candidates[0].id, scene.staff.id) is None
    event = db.session.execute(
        db.select(AuditEvent).where(AuditEvent.action == "scores.reopened")
    ).scalar_one()
    assert "Tapped the wrong score" in event.summary and event.actor_id == scene.chair.id


def test_sat_out_panellist_cannot_score(db):
    scene = make_scored_panel()
    sit_out(scene, scene.resident, scene.candidates[0])
    with pytest.raises(services.ScoringRefused, match="sat out"):
        save(scene, scene.resident, scene.questions[0], 2, 1)


def test_paper_scores_are_marked_as_entered_on_behalf(db):
    scene = make_scored_panel()
    services.enter_paper_scores(
        scene.chair,
        panel=scene.panel,
        candidate=scene.candidates[0],
        panellist_id=scene.resident.id,
        entries={scene.questions[0].id: (3, ""), scene.questions[1].id: (2, "paper")},
    )
    row = stored(scene, scene.resident, scene.questions[1])
    assert row.entered_by_id == scene.chair.id and row.note == "paper"
    sub = queries.submission(scene.panel, scene.candidates[0].id, scene.resident.id)
    assert sub.entered_by_id == scene.chair.id


def test_agreed_score_different_from_the_average_needs_a_comment(db):
    scene = make_scored_panel(candidates=("Alex Able",))
    score_all(scene, scene.chair, [4, 2])
    score_all(scene, scene.staff, [2, 2])
    score_all(scene, scene.resident, [3, 2])
    result = queries.compile_results(scene.panel).candidate(scene.candidates[0].id)
    q1, q2 = scene.questions
    with pytest.raises(services.ScoringRefused) as refused:
        decisions.agree_scores(
            scene.chair,
            panel=scene.panel,
            candidate=scene.candidates[0],
            result=result,
            entries={q1.id: (2, ""), q2.id: (2, "")},
        )
    assert refused.value.field == f"comment-{q1.id}"
    decisions.agree_scores(
        scene.chair,
        panel=scene.panel,
        candidate=scene.candidates[0],
        result=result,
        entries={q1.id: (3, ""), q2.id: (1, "Vague on facts")},
    )
    compiled = queries.compile_results(scene.panel).candidate(scene.candidates[0].id)
    assert [q.agreed for q in compiled.questions] == [3, 1]
    assert compiled.questions[0].flagged  # 4 and 2 are two points apart


def test_decision_waits_for_answered_concerns_and_needs_reasons(db):
    scene = make_scored_panel(candidates=("Alex Able",))
    alex = scene.candidates[0]
    for user in (scene.chair, scene.staff, scene.resident):
        score_all(scene, user, [2, 2])
    concern = decisions.raise_concern(
        scene.resident,
        panel=scene.panel,
        candidate=alex,
        text="Dismissive about residents' choices",
    )
    with pytest.raises(services.ScoringRefused, match="concern"):
        decisions.record_decision(
            scene.chair, panel=scene.panel, candidate=alex, outcome="reserve", reasons="", checks=[]
        )
    decisions.answer_concern(scene.chair, concern=concern, answer="We discussed it; see notes.")
    with pytest.raises(services.ScoringRefused) as no_reasons:
        decisions.record_decision(
            scene.chair,
            panel=scene.panel,
            candidate=alex,
            outcome="not_appointed",
            reasons="",
            checks=[],
        )
    assert no_reasons.value.field == "reasons"
    decision = decisions.record_decision(
        scene.chair,
        panel=scene.panel,
        candidate=alex,
        outcome="appoint",
        reasons="",
        checks=["references", "id", "right_to_work", "dbs"],
    )
    decisions.record_dissent(
        scene.resident, panel=scene.panel, decision=decision, text="I would have reserved"
    )
    with pytest.raises(services.ScoringRefused):
        decisions.sign_off(scene.staff, panel=scene.panel)
    decisions.sign_off(scene.chair, panel=scene.panel)
    assert decision.signed_off_by_id == scene.chair.id
    with pytest.raises(services.ScoringRefused, match="signed this off"):
        decisions.record_dissent(scene.staff, panel=scene.panel, decision=decision, text="late")


def test_decision_waits_until_everyone_submitted(db):
    scene = make_scored_panel(candidates=("Alex Able",))
    score_all(scene, scene.chair, [2, 2])
    with pytest.raises(services.ScoringRefused, match="Staff Person"):
        decisions.record_decision(
            scene.chair,
            panel=scene.panel,
            candidate=scene.candidates[0],
            outcome="reserve",
            reasons="",
            checks=[],
        )


def test_a_panellist_told_to_sit_out_cannot_change_answers_already_given(db) -> None:  # noqa: ANN001
    """The quick path for changing an existing answer checks the sit-out decision too."""
    scene = make_scored_panel()
    question = scene.questions[0]
    save(scene, scene.resident, question, 2, 100)
    sit_out(scene, scene.resident, scene.candidates[0])
    with pytest.raises(services.ScoringRefused, match="sat out"):
        save(scene, scene.resident, question, 4, 200)
    assert stored(scene, scene.resident, question).value == 2
