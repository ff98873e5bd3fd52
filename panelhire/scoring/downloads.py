"""The managers' compiled decision: gathered once, then built as a PDF or a CSV."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from panelhire.auth.models import User
from panelhire.core.formatting import to_local
from panelhire.exports import pdf
from panelhire.exports.csv import build_csv
from panelhire.extensions import db
from panelhire.models.base import now_utc
from panelhire.panels.models import ConflictDeclaration, Panel
from panelhire.scoring import queries
from panelhire.scoring.compile import PanelResult
from panelhire.scoring.decisions import CHECKS, OUTCOMES


@dataclass
class PanelReport:
    panel: Panel
    result: PanelResult
    names: dict[int, str]
    candidate_names: dict[int, str]
    questions: list
    agreed: dict
    decisions: dict
    concerns: list
    conflicts: list[ConflictDeclaration]
    submitted: set


@dataclass
class Report:
    title: str
    generated_at: object
    panels: list[PanelReport] = field(default_factory=list)


def _name(user_id: int | None) -> str:
    if user_id is None:
        return ""
    user = db.session.get(User, user_id)
    return user.display_name if user else ""


def gather(panels: list[Panel], *, title: str) -> Report:
    report = Report(title=title, generated_at=now_utc())
    for panel in panels:
        conflicts = list(
            db.session.execute(
                db.select(ConflictDeclaration).where(ConflictDeclaration.panel_id == panel.id)
            ).scalars()
        )
        report.panels.append(
            PanelReport(
                panel=panel,
                result=queries.compile_results(panel),
                names={m.user_id: m.user.display_name for m in queries.scoring_members(panel)},
                candidate_names={c.id: c.name for c in queries.candidates_on(panel)},
                questions=queries.questions_for(panel.vacancy),
                agreed=queries.agreed_rows(panel),
                decisions=queries.decisions(panel),
                concerns=queries.concerns(panel),
                conflicts=conflicts,
                submitted=queries.submitted_pairs(panel),
            )
        )
    return report


def render_pdf(report: Report) -> bytes:
    """A tagged PDF (PDF/UA-1) so screen readers and pdftotext can read it."""
    return pdf.render_pdf(
        "decision.html", report=report, outcomes=OUTCOMES, checks=CHECKS, name=_name
    )


def _fmt(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def _mean(value: float | None) -> str:
    """Averages to two places, as the consensus page and the PDF show them."""
    return "" if value is None else f"{value:.2f}"


def _when(instant: datetime | None) -> str:
    """A moment in the organisation's time, to the minute: a spreadsheet reads it as a date."""
    return "" if instant is None else to_local(instant).strftime("%Y-%m-%d %H:%M")


def rows(report: Report) -> list[list[object]]:
    """One row per fact, in sections a manager can filter: score, agreed, total, decision..."""
    out: list[list[object]] = [
        ["section", "panel", "candidate", "question", "panellist", "value", "detail", "by", "when"]
    ]
    for pr in report.panels:
        p = pr.panel
        when = to_local(p.starts_at).date().isoformat()
        if p.exception_reason:
            out.append(
                [
                    "exception",
                    when,
                    "",
                    "",
                    "",
                    "",
                    p.exception_reason,
                    _name(p.exception_by_id),
                    _when(p.exception_at),
                ]
            )
        if not any(m.role == "resident" for m in queries.scoring_members(p)):
            out.append(["exception", when, "", "", "", "", "Panel held without a resident", "", ""])
        questions = {q.id: q.text for q in pr.questions}
        for c in pr.result.candidates:
            for q in c.questions:
                for s in q.scores:
                    out.append(
                        [
                            "score",
                            when,
                            c.name,
                            questions.get(q.question_id, ""),
                            pr.names.get(s.panellist_id, ""),
                            "sat out" if s.sat_out else ("" if s.value is None else s.value),
                            "submitted"
                            if (s.panellist_id, c.candidate_id) in pr.submitted
                            else "not submitted",
                            "",
                            "",
                        ]
                    )
                agreed = pr.agreed.get((c.candidate_id, q.question_id))
                out.append(
                    [
                        "agreed",
                        when,
                        c.name,
                        questions.get(q.question_id, ""),
                        "",
                        agreed.value if agreed else (q.suggested_agreed or ""),
                        f"mean {_mean(q.mean)}; spread {q.spread if q.spread is not None else ''}"
                        + (f"; comment: {agreed.comment}" if agreed and agreed.comment else ""),
                        _name(agreed.agreed_by_id) if agreed else "",
                        "",
                    ]
                )
            out.append(
                [
                    "total",
                    when,
                    c.name,
                    "",
                    "",
                    _fmt(c.total),
                    f"rank {c.rank}; staff {_fmt(c.staff_total)}; "
                    f"residents {_fmt(c.resident_total)}",
                    "",
                    "",
                ]
            )
            d = pr.decisions.get(c.candidate_id)
            if d is not None:
                checks = ", ".join(CHECKS[k] for k in d.checks.split(",") if k in CHECKS)
                out.append(
                    [
                        "decision",
                        when,
                        c.name,
                        "",
                        "",
                        OUTCOMES.get(d.outcome, d.outcome),
                        d.reasons + (f" Checks: {checks}" if checks else ""),
                        _name(d.decided_by_id),
                        _when(d.decided_at),
                    ]
                )
                for dissent in d.dissents:
                    out.append(
                        [
                            "dissent",
                            when,
                            c.name,
                            "",
                            _name(dissent.user_id),
                            "",
                            dissent.text,
                            "",
                            _when(dissent.recorded_at),
                        ]
                    )
                if d.signed_off_at:
                    out.append(
                        [
                            "sign-off",
                            when,
                            c.name,
                            "",
                            "",
                            "signed off",
                            "",
                            _name(d.signed_off_by_id),
                            _when(d.signed_off_at),
                        ]
                    )
        for concern in pr.concerns:
            out.append(
                [
                    "concern",
                    when,
                    pr.candidate_names.get(concern.candidate_id, ""),
                    "",
                    _name(concern.raised_by_id),
                    "",
                    concern.text,
                    "",
                    _when(concern.raised_at),
                ]
            )
            out.append(
                [
                    "concern answer",
                    when,
                    pr.candidate_names.get(concern.candidate_id, ""),
                    "",
                    _name(concern.answered_by_id),
                    "",
                    concern.answer or "(not answered)",
                    "",
                    _when(concern.answered_at),
                ]
            )
        for conflict in pr.conflicts:
            out.append(
                [
                    "conflict",
                    when,
                    pr.candidate_names.get(conflict.candidate_id, ""),
                    "",
                    _name(conflict.user_id),
                    conflict.outcome or "undecided",
                    conflict.note,
                    _name(conflict.decided_by_id),
                    _when(conflict.decided_at),
                ]
            )
    return out


def render_csv(report: Report) -> bytes:
    header, *body = rows(report)
    return build_csv(header, body)
