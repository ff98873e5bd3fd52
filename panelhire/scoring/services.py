"""Every change to scores, agreed scores, concerns and decisions goes through here.

Each function takes the acting person, checks the rule, writes an audit event where the
change matters to the record, and flushes; the view commits once.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from panelhire.audit.services import record
from panelhire.auth.models import Role, User
from panelhire.extensions import db
from panelhire.models.base import now_utc
from panelhire.panels.models import Candidate, Panel, SeatRole
from panelhire.scoring import queries
from panelhire.scoring.compile import CandidateResult
from panelhire.scoring.models import (
    AgreedScore,
    Concern,
    Decision,
    Dissent,
    Question,
    Score,
    ScoreSubmission,
)

MAX_REVISION = 2**62
MAX_NOTE = 2000
OUTCOMES = {
    "appoint": "Appoint, subject to checks",
    "reserve": "Reserve",
    "not_appointed": "Not appointed",
}
CHECKS = {
    "references": "Two references",
    "id": "Proof of identity",
    "right_to_work": "Right to work in the UK",
    "dbs": "DBS check",
}


class ScoringRefused(Exception):
    """A change the rules do not allow, with a message for the person who tried it."""

    def __init__(self, message: str, *, field: str = "", code: str = "refused") -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code


def revision_now() -> int:
    """A revision for a change made on the server (a plain form or paper entry)."""
    return int(now_utc().timestamp() * 1000)


# --- a panellist's own scores ----------------------------------------------------------------


def _ensure_open(panel: Panel, candidate: Candidate, panellist_id: int) -> None:
    if (panellist_id, candidate.id) in queries.sat_out_pairs(panel):
        raise ScoringRefused("You sat out for this candidate, so there is nothing to score.")
    if queries.submission(panel, candidate.id, panellist_id) is not None:
        raise ScoringRefused(
            "These scores were submitted and are locked. Ask the chair to reopen them.",
            code="locked",
        )


def _question_or_refuse(panel: Panel, question_id: int) -> Question:
    question = db.session.get(Question, question_id)
    if question is None or question.vacancy_id != panel.vacancy_id:
        raise ScoringRefused("That question is not on this panel's form.", code="unknown")
    return question


def _check_value(panel: Panel, value: int | None, field: str) -> None:
    vacancy = panel.vacancy
    if value is not None and not vacancy.scale_min <= value <= vacancy.scale_max:
        raise ScoringRefused(
            f"Choose a score from {vacancy.scale_min} to {vacancy.scale_max}.", field=field
        )


@dataclass(frozen=True)
class Saved:
    """What happened to one answer: saved, or already superseded by a newer change."""

    question_id: int
    revision: int
    status: str  # "saved" or "newer"


def save_answer(
    actor: User,
    *,
    panel: Panel,
    candidate: Candidate,
    panellist_id: int,
    question_id: int,
    value: int | None,
    note: str,
    revision: int,
    on_behalf: bool = False,
) -> Saved:
    """Save one answer, safely however often and in whatever order it arrives.

    There is one row per panel, candidate, panellist and question (a unique constraint). The
    browser numbers every change; a save only replaces a row holding an older number, so a
    retried or delayed save never overwrites a newer one. Autosaves are not audited one by
    one (there is one per tap); submitting, reopening and paper entry are.
    """
    _ensure_open(panel, candidate, panellist_id)
    _question_or_refuse(panel, question_id)
    _check_value(panel, value, f"q-{question_id}")
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise ScoringRefused(
            f"Keep the note under {MAX_NOTE} characters.", field=f"note-{question_id}"
        )
    if not 0 <= revision <= MAX_REVISION:
        raise ScoringRefused("That change could not be read. Reload the page.", code="bad")
    key = (
        Score.panel_id == panel.id,
        Score.candidate_id == candidate.id,
        Score.user_id == panellist_id,
        Score.question_id == question_id,
    )
    values = {
        "value": value,
        "note": note,
        "revision": revision,
        "updated_at": now_utc(),
        "entered_by_id": actor.id if on_behalf else None,
    }
    for _attempt in range(3):
        result = db.session.execute(
            update(Score)
            .where(*key, Score.revision < revision)
            .values(**values)
            .execution_options(synchronize_session="fetch")
        )
        if result.rowcount:
            return Saved(question_id, revision, "saved")
        stored = db.session.execute(select(Score.revision).where(*key)).scalar_one_or_none()
        if stored is not None:
            return Saved(question_id, stored, "saved" if stored == revision else "newer")
        try:
            with db.session.begin_nested():
                db.session.add(
                    Score(
                        panel_id=panel.id,
                        candidate_id=candidate.id,
                        user_id=panellist_id,
                        question_id=question_id,
                        **values,
                    )
                )
            return Saved(question_id, revision, "saved")
        except IntegrityError:
            continue  # another request created the row first: update it on the next pass
    raise ScoringRefused("Could not save just now. Try again.", code="busy")


def submit_scores(
    actor: User, *, panel: Panel, candidate: Candidate, panellist_id: int, on_behalf: bool = False
) -> ScoreSubmission:
    """Lock a panellist's scores for a candidate. Submitting twice changes nothing."""
    existing = queries.submission(panel, candidate.id, panellist_id)
    if existing is not None:
        return existing
    _ensure_open(panel, candidate, panellist_id)
    given = queries.answers(panel, candidate, panellist_id)
    missing = [
        q
        for q in queries.questions_for(panel.vacancy)
        if q.id not in given or given[q.id].value is None
    ]
    if missing:
        raise ScoringRefused(
            f"Score every question before you submit: {len(missing)} still to do.",
            field=f"q-{missing[0].id}",
        )
    submission = ScoreSubmission(
        panel_id=panel.id,
        candidate_id=candidate.id,
        user_id=panellist_id,
        entered_by_id=actor.id if on_behalf else None,
    )
    try:
        with db.session.begin_nested():
            db.session.add(submission)
    except IntegrityError:
        # A double tap or a second tab got there first; that submission stands.
        return queries.submission(panel, candidate.id, panellist_id)
    record(
        "scores.submitted",
        actor=actor,
        object_type="panel",
        object_id=panel.id,
        summary=f"Scores for candidate {candidate.id} by panellist {panellist_id}"
        + (" entered on their behalf" if on_behalf else ""),
    )
    return submission


def reopen_scores(
    actor: User, *, panel: Panel, candidate: Candidate, panellist_id: int, reason: str
) -> None:
    """The chair unlocks a panellist's submitted scores; the reason is kept in the audit."""
    reason = (reason or "").strip()
    if not reason:
        raise ScoringRefused("Say why these scores are being reopened.", field="reason")
    existing = queries.submission(panel, candidate.id, panellist_id)
    if existing is None:
        raise ScoringRefused("Those scores are not submitted, so they are already open.")
    db.session.delete(existing)
    record(
        "scores.reopened",
        actor=actor,
        object_type="panel",
        object_id=panel.id,
        summary=f"Candidate {candidate.id}, panellist {panellist_id}: {reason}",
    )
    db.session.flush()


def enter_paper_scores(
    actor: User,
    *,
    panel: Panel,
    candidate: Candidate,
    panellist_id: int,
    entries: dict[int, tuple[int | None, str]],
) -> None:
    """Type in a panellist's paper score sheet; each score is marked as entered on their behalf."""
    revision = revision_now()
    for question_id, (value, note) in entries.items():
        save_answer(
            actor,
            panel=panel,
            candidate=candidate,
            panellist_id=panellist_id,
            question_id=question_id,
            value=value,
            note=note,
            revision=revision,
            on_behalf=True,
        )
    record(
        "scores.entered_on_behalf",
        actor=actor,
        object_type="panel",
        object_id=panel.id,
        summary=f"Paper scores for candidate {candidate.id}, panellist {panellist_id}",
    )
    submit_scores(
        actor, panel=panel, candidate=candidate, panellist_id=panellist_id, on_behalf=True
    )


# --- agreeing scores, concerns and decisions ---------------------------------------------------


def waiting_for(panel: Panel, candidate: Candidate) -> list[str]:
    """Panellists who have neither submitted nor sat out for this candidate."""
    done = queries.submitted_pairs(panel) | queries.sat_out_pairs(panel)
    return [
        m.user.display_name
        for m in queries.scoring_members(panel)
        if (m.user_id, candidate.id) not in done
    ]


def _ensure_not_signed_off(panel: Panel, candidate: Candidate) -> None:
    decision = queries.decisions(panel).get(candidate.id)
    if decision is not None and decision.signed_off_at is not None:
        raise ScoringRefused("The hiring manager has signed this off; it can no longer change.")


def agree_scores(
    actor: User,
    *,
    panel: Panel,
    candidate: Candidate,
    result: CandidateResult,
    entries: dict[int, tuple[int, str]],
) -> None:
    """Record the agreed score per question. It starts at the panel's average (rounded);
    a different score needs a comment saying why."""
    _ensure_not_signed_off(panel, candidate)
    if waiting := waiting_for(panel, candidate):
        raise ScoringRefused("Wait until every panellist has submitted: " + ", ".join(waiting))
    stored = queries.agreed_rows(panel)
    suggested = {q.question_id: q.suggested_agreed for q in result.questions}
    for question_id, (value, comment) in entries.items():
        _check_value(panel, value, f"agreed-{question_id}")
        comment = (comment or "").strip()
        if value != suggested.get(question_id) and not comment:
            raise ScoringRefused(
                "Say why the agreed score differs from the panel's average.",
                field=f"comment-{question_id}",
            )
        row = stored.get((candidate.id, question_id))
        if row is None:
            row = AgreedScore(panel_id=panel.id, candidate_id=candidate.id, question_id=question_id)
            db.session.add(row)
        row.value, row.comment = value, comment
        row.agreed_by_id, row.agreed_at = actor.id, now_utc()
    record(
        "scores.agreed",
        actor=actor,
        object_type="panel",
        object_id=panel.id,
        summary=f"Agreed scores for candidate {candidate.id}",
    )
    db.session.flush()


def raise_concern(actor: User, *, panel: Panel, candidate: Candidate, text: str) -> Concern:
    """A resident panellist raises a concern about a candidate for the chair to answer."""
    text = (text or "").strip()
    if not text:
        raise ScoringRefused("Write your concern.", field="text")
    _ensure_not_signed_off(panel, candidate)
    concern = Concern(
        panel_id=panel.id, candidate_id=candidate.id, raised_by_id=actor.id, text=text
    )
    db.session.add(concern)
    db.session.flush()
    record("concern.raised", actor=actor, object_type="concern", object_id=concern.id)
    return concern


def answer_concern(actor: User, *, concern: Concern, answer: str) -> None:
    answer = (answer or "").strip()
    if not answer:
        raise ScoringRefused("Write your answer to the concern.", field=f"answer-{concern.id}")
    concern.answer, concern.answered_by_id, concern.answered_at = answer, actor.id, now_utc()
    record("concern.answered", actor=actor, object_type="concern", object_id=concern.id)
    db.session.flush()


def record_decision(
    actor: User,
    *,
    panel: Panel,
    candidate: Candidate,
    outcome: str,
    reasons: str,
    checks: list[str],
) -> Decision:
    """Appoint (subject to checks), reserve, or not appointed with reasons.

    Every resident concern about the candidate must be answered in writing first.
    """
    _ensure_not_signed_off(panel, candidate)
    if outcome not in OUTCOMES:
        raise ScoringRefused("Choose a decision.", field="outcome")
    reasons = (reasons or "").strip()
    if outcome == "not_appointed" and not reasons:
        raise ScoringRefused("Give the reasons for not appointing.", field="reasons")
    unknown = set(checks) - set(CHECKS)
    if unknown:
        raise ScoringRefused("Choose checks from the list.", field="checks")
    if outcome == "appoint" and not {"references", "id", "right_to_work"} <= set(checks):
        raise ScoringRefused(
            "An appointment needs two references, ID and right to work checked.", field="checks"
        )
    if waiting := waiting_for(panel, candidate):
        raise ScoringRefused("Wait until every panellist has submitted: " + ", ".join(waiting))
    if any(c.answer is None for c in queries.concerns(panel, candidate.id)):
        raise ScoringRefused("Answer every concern in writing before deciding.")
    decision = queries.decisions(panel).get(candidate.id)
    if decision is None:
        decision = Decision(panel_id=panel.id, candidate_id=candidate.id)
        db.session.add(decision)
    decision.outcome, decision.reasons = outcome, reasons
    decision.checks = ",".join(c for c in CHECKS if c in checks) if outcome == "appoint" else ""
    decision.decided_by_id, decision.decided_at = actor.id, now_utc()
    db.session.flush()
    record(
        "decision.recorded",
        actor=actor,
        object_type="decision",
        object_id=decision.id,
        summary=f"Candidate {candidate.id}: {outcome}",
    )
    return decision


def record_dissent(actor: User, *, panel: Panel, decision: Decision, text: str) -> Dissent:
    text = (text or "").strip()
    if not text:
        raise ScoringRefused("Say what you disagree with.", field="text")
    if decision.signed_off_at is not None:
        raise ScoringRefused("The hiring manager has signed this off; it can no longer change.")
    dissent = Dissent(decision=decision, user_id=actor.id, text=text)
    db.session.add(dissent)
    db.session.flush()
    record("decision.dissent", actor=actor, object_type="decision", object_id=decision.id)
    return dissent


def can_sign_off(panel: Panel, user: User) -> bool:
    """The vacancy's hiring manager signs off; HR may not."""
    return user.has_role(Role.MANAGER) and panel.vacancy.hiring_manager_id == user.id


def sign_off(actor: User, *, panel: Panel) -> None:
    """The hiring manager signs off every decision on the panel at once."""
    if not can_sign_off(panel, actor):
        raise ScoringRefused("Only the vacancy's hiring manager can sign off.")
    decided = queries.decisions(panel)
    undecided = [c.name for c in queries.candidates_on(panel) if c.id not in decided]
    if undecided:
        raise ScoringRefused("Record a decision for every candidate first: " + ", ".join(undecided))
    now = now_utc()
    for decision in decided.values():
        if decision.signed_off_at is None:
            decision.signed_off_by_id, decision.signed_off_at = actor.id, now
    record("decision.signed_off", actor=actor, object_type="panel", object_id=panel.id)
    db.session.flush()


def how_view_counted(panel: Panel) -> str:
    """One plain line for residents on how the panel's decision model used their scores."""
    model = panel.vacancy.decision_model
    if model == "combined":
        return (
            f"Residents' scores made up {panel.vacancy.resident_weight_percent}% of each "
            "candidate's total, combined with the staff panel's."
        )
    if model == "advisory":
        return "Residents' scores were advice to the staff panel, which read them before deciding."
    return "Your scores counted equally with every other panellist's."


def is_resident_seat(panel: Panel, user: User) -> bool:
    return any(
        m.user_id == user.id and m.role == SeatRole.RESIDENT for m in queries.scoring_members(panel)
    )
