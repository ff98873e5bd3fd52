"""After scoring: the chair agrees scores, answers residents' concerns and records decisions;
panellists may dissent; the hiring manager signs off.

Each function takes the acting person, checks the rule, writes an audit event, and flushes;
the view commits once.
"""

from __future__ import annotations

from sqlalchemy import update

from panelhire.audit.services import record
from panelhire.auth.models import Role, User
from panelhire.extensions import db
from panelhire.models.base import now_utc
from panelhire.panels.models import Candidate, Panel, SeatRole
from panelhire.scoring import queries
from panelhire.scoring.compile import CandidateResult
from panelhire.scoring.models import AgreedScore, Concern, Decision, Dissent
from panelhire.scoring.services import ScoringRefused, check_value

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
        check_value(panel, value, f"agreed-{question_id}")
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


def sign_off(actor: User, *, panel: Panel) -> bool:
    """The hiring manager signs off every decision on the panel at once; whether this call
    signed any off.

    A double click or a second tab signs off nothing more and adds nothing to the audit
    trail: one statement marks only the decisions not yet signed off, so of two requests at
    the same moment only the first finds any.
    """
    if not can_sign_off(panel, actor):
        raise ScoringRefused("Only the vacancy's hiring manager can sign off.")
    decided = queries.decisions(panel)
    undecided = [c.name for c in queries.candidates_on(panel) if c.id not in decided]
    if undecided:
        raise ScoringRefused("Record a decision for every candidate first: " + ", ".join(undecided))
    signed = db.session.execute(
        update(Decision)
        .where(Decision.panel_id == panel.id, Decision.signed_off_at.is_(None))
        .values(signed_off_by_id=actor.id, signed_off_at=now_utc())
    ).rowcount
    if not signed:
        return False
    record("decision.signed_off", actor=actor, object_type="panel", object_id=panel.id)
    db.session.flush()
    return True


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
