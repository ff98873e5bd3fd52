"""Demo data: panels already held have been scored and decided, as they would have been, so the
demo's "Panels to score" lists only the panel coming up."""

from __future__ import annotations

from panelhire.auth.models import User
from panelhire.panels.models import Panel
from panelhire.scoring import decisions, queries, services

# A check every appointment needs (see decisions.record_decision).
APPOINTMENT_CHECKS = ["references", "id", "right_to_work", "dbs"]


def score_held_panel(
    panel: Panel,
    marks: dict[User, list[int]],
    *,
    chair: User,
    reasons: str,
    sign_off: bool,
) -> None:
    """Every panellist scores and submits each candidate, the chair agrees the panel's
    averages and records an appointment; the hiring manager signs off if `sign_off`."""
    questions = queries.questions_for(panel.vacancy)
    for slot in panel.slots:
        candidate = slot.candidate
        for person, values in marks.items():
            for question, value in zip(questions, values, strict=True):
                services.save_answer(
                    person,
                    panel=panel,
                    candidate=candidate,
                    panellist_id=person.id,
                    question_id=question.id,
                    value=value,
                    note="",
                    revision=services.revision_now(),
                )
            services.submit_scores(person, panel=panel, candidate=candidate, panellist_id=person.id)
        result = queries.compile_results(panel).candidate(candidate.id)
        decisions.agree_scores(
            chair,
            panel=panel,
            candidate=candidate,
            result=result,
            entries={q.question_id: (q.suggested_agreed, "") for q in result.questions},
        )
        decisions.record_decision(
            chair,
            panel=panel,
            candidate=candidate,
            outcome="appoint",
            reasons=reasons,
            checks=APPOINTMENT_CHECKS,
        )
    if sign_off:
        decisions.sign_off(chair, panel=panel)
