"""Subject access: everything PanelHire holds about one candidate, with others removed.

`gather` reads the records; `redact` (pure) removes other candidates' details from free
text; `render_json` and `render_pdf` build the files HR sends to the candidate.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select

from panelhire.audit.models import AuditEvent
from panelhire.exports import pdf
from panelhire.extensions import db
from panelhire.models.base import now_utc
from panelhire.panels.models import Candidate, ConflictDeclaration, InterviewSlot, PanelMember
from panelhire.scoring.models import AgreedScore, Concern, Decision, Question, Score

OTHER = "[another candidate]"

SEAT_LABELS = {
    "chair": "Chair",
    "staff": "Staff panellist",
    "resident": "Resident panellist",
    "observer": "Observer",
    "supporter": "Supporter",
}


def redact(value: Any, others: Iterable[str]) -> Any:
    """Replace every mention of another candidate (name, email or phone) with a placeholder.

    Works through nested dicts and lists; longer strings are replaced first so a full name
    goes before a part of it.
    """
    terms = sorted({t.strip() for t in others if t and len(t.strip()) >= 2}, key=len, reverse=True)
    if not terms:
        return value
    alternatives = "|".join(re.escape(t) for t in terms)
    pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)

    def walk(item: Any) -> Any:
        if isinstance(item, str):
            return pattern.sub(OTHER, item)
        if isinstance(item, dict):
            return {k: walk(v) for k, v in item.items()}
        if isinstance(item, list):
            return [walk(v) for v in item]
        return item

    return walk(value)


def _others(candidate: Candidate) -> list[str]:
    rows = db.session.execute(
        select(Candidate.name, Candidate.email, Candidate.phone).where(
            Candidate.id != candidate.id, Candidate.anonymised_at.is_(None)
        )
    ).all()
    own = {candidate.name.lower(), (candidate.email or "").lower(), (candidate.phone or "")}
    return [v for row in rows for v in row if v and v.lower() not in own]


def _when(value) -> str | None:  # noqa: ANN001
    return value.isoformat() if value is not None else None


def _panellists(panel_ids: set[int]) -> dict[tuple[int, int], str]:
    """Panellists are named by seat ('Resident panellist 2'), never by name: residents'
    involvement can reveal their circumstances."""
    labels: dict[tuple[int, int], str] = {}
    members = db.session.execute(
        select(PanelMember)
        .where(PanelMember.panel_id.in_(panel_ids))
        .order_by(PanelMember.panel_id, PanelMember.id)
    ).scalars()
    counts: dict[tuple[int, str], int] = {}
    for m in members:
        n = counts[(m.panel_id, m.role)] = counts.get((m.panel_id, m.role), 0) + 1
        labels[(m.panel_id, m.user_id)] = f"{SEAT_LABELS.get(m.role, 'Panellist')} {n}"
    return labels


def gather(candidate: Candidate) -> dict[str, Any]:
    """Everything held about this candidate, as plain values."""
    cid = candidate.id
    vacancy = candidate.vacancy
    slots = list(
        db.session.execute(
            select(InterviewSlot)
            .where(InterviewSlot.candidate_id == cid)
            .order_by(InterviewSlot.starts_at)
        ).scalars()
    )
    scores = list(
        db.session.execute(
            select(Score, Question.text)
            .join(Question, Question.id == Score.question_id)
            .where(Score.candidate_id == cid)
            .order_by(Score.panel_id, Question.position, Score.user_id)
        ).all()
    )
    panel_ids = {s.panel_id for s in slots} | {s.panel_id for s, _ in scores}
    seat = _panellists(panel_ids)

    def who(panel_id: int, user_id: int | None) -> str:
        if user_id is None:
            return "Not recorded"
        return seat.get((panel_id, user_id), "Someone who is no longer on the panel")

    agreed = db.session.execute(
        select(AgreedScore, Question.text)
        .join(Question, Question.id == AgreedScore.question_id)
        .where(AgreedScore.candidate_id == cid)
        .order_by(AgreedScore.panel_id, Question.position)
    ).all()
    concerns = db.session.execute(
        select(Concern).where(Concern.candidate_id == cid).order_by(Concern.raised_at)
    ).scalars()
    decisions = db.session.execute(
        select(Decision).where(Decision.candidate_id == cid).order_by(Decision.decided_at)
    ).scalars()
    conflicts = db.session.execute(
        select(ConflictDeclaration)
        .where(ConflictDeclaration.candidate_id == cid)
        .order_by(ConflictDeclaration.declared_at)
    ).scalars()
    events = db.session.execute(
        select(AuditEvent.at, AuditEvent.action)
        .where(AuditEvent.object_type == "candidate", AuditEvent.object_id == cid)
        .order_by(AuditEvent.at)
    ).all()
    data = {
        "generated_at": now_utc().isoformat(),
        "candidate": {
            "reference": cid,
            "name": candidate.name,
            "email": candidate.email,
            "phone": candidate.phone,
            "adjustments": candidate.adjustments,
            "guaranteed_interview": candidate.guaranteed_interview,
            "equality_monitoring": candidate.equality_monitoring,
            "anonymised_at": _when(candidate.anonymised_at),
        },
        "vacancy": {
            "title": vacancy.title,
            "service": vacancy.service.name,
            "closing_date": _when(vacancy.closing_date),
            "closed_on": _when(vacancy.closed_on),
        },
        "interviews": [
            {
                "panel": s.panel_id,
                "starts_at": _when(s.starts_at),
                "ends_at": _when(s.ends_at),
                "place": s.panel.place_name,
            }
            for s in slots
        ],
        "scores": [
            {
                "panel": s.panel_id,
                "question": text,
                "panellist": who(s.panel_id, s.user_id),
                "score": s.value,
                "note": s.note,
                "entered_on_behalf": s.entered_by_id not in (None, s.user_id),
                "updated_at": _when(s.updated_at),
            }
            for s, text in scores
        ],
        "agreed_scores": [
            {"panel": a.panel_id, "question": text, "score": a.value, "comment": a.comment}
            for a, text in agreed
        ],
        "concerns": [
            {
                "panel": c.panel_id,
                "raised_by": who(c.panel_id, c.raised_by_id),
                "concern": c.text,
                "raised_at": _when(c.raised_at),
                "answer": c.answer,
                "answered_at": _when(c.answered_at),
            }
            for c in concerns
        ],
        "decisions": [
            {
                "panel": d.panel_id,
                "outcome": d.outcome,
                "reasons": d.reasons,
                "checks": [c for c in d.checks.split(",") if c],
                "decided_at": _when(d.decided_at),
                "signed_off_at": _when(d.signed_off_at),
                "dissents": [
                    {"by": who(d.panel_id, x.user_id), "text": x.text} for x in d.dissents
                ],
            }
            for d in decisions
        ],
        "declared_conflicts": [
            {
                "panel": c.panel_id,
                "panellist": who(c.panel_id, c.user_id),
                "note": c.note,
                "outcome": c.outcome,
            }
            for c in conflicts
        ],
        "audit_trail": [{"at": _when(at), "action": action} for at, action in events],
    }
    return redact(data, _others(candidate))


def render_json(data: dict[str, Any]) -> bytes:
    return json.dumps(data, indent=2, ensure_ascii=False).encode("utf-8")


def render_pdf(data: dict[str, Any]) -> bytes:
    """A tagged PDF (PDF/UA-1) for screen readers."""
    return pdf.render_pdf("subject_access.html", data=data)
