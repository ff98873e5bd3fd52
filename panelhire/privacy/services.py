"""Retention settings, closing vacancies, legal holds and the purge.

Each verb takes the acting person (None for the command line), changes state, writes one
audit event with nothing personal in it, and flushes; the caller commits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select, update

from panelhire.audit.services import record
from panelhire.core.formatting import local_today
from panelhire.extensions import db
from panelhire.models.base import now_utc
from panelhire.panels.models import Candidate, ConflictDeclaration, Vacancy
from panelhire.privacy import retention
from panelhire.privacy.models import RetentionPolicy
from panelhire.scoring.models import AgreedScore, Concern, Decision, Dissent, Score

REMOVED = "[removed under the retention policy]"
EARLIEST = date(2000, 1, 1)


class PrivacyRefused(Exception):
    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def current_policy() -> RetentionPolicy:
    """The organisation's retention settings, made with the safe defaults if missing."""
    policy = (
        db.session.execute(select(RetentionPolicy).order_by(RetentionPolicy.id)).scalars().first()
    )
    if policy is None:
        policy = RetentionPolicy()
        db.session.add(policy)
        db.session.flush()
    return policy


def policy_rule() -> retention.Policy:
    """The retention periods in force, read without writing anything."""
    policy = (
        db.session.execute(select(RetentionPolicy).order_by(RetentionPolicy.id)).scalars().first()
    )
    return as_rule(policy) if policy is not None else retention.Policy()


def as_rule(policy: RetentionPolicy) -> retention.Policy:
    return retention.Policy(
        unsuccessful_months=policy.unsuccessful_months,
        appointed_months=policy.appointed_months,
    )


def save_policy(actor, *, unsuccessful_months: int, appointed_months: int) -> RetentionPolicy:  # noqa: ANN001
    for name, value in (
        ("unsuccessful_months", unsuccessful_months),
        ("appointed_months", appointed_months),
    ):
        if problem := retention.months_problem(value):
            raise PrivacyRefused(problem, name)
    policy = current_policy()
    policy.unsuccessful_months = unsuccessful_months
    policy.appointed_months = appointed_months
    policy.updated_by_id = getattr(actor, "id", None)
    record(
        "retention.updated",
        actor=actor,
        object_type="retention_policy",
        object_id=policy.id,
        summary=f"Unsuccessful: {unsuccessful_months} months; appointed: {appointed_months} months",
    )
    db.session.flush()
    return policy


def close_vacancy(actor, vacancy: Vacancy, on: date | None) -> Vacancy:  # noqa: ANN001
    """HR closes a vacancy; retention periods run from this day."""
    if on is None:
        raise PrivacyRefused("Enter the date the vacancy closed", "closed_on")
    if on > local_today():
        raise PrivacyRefused("The closing date cannot be in the future", "closed_on")
    if on < EARLIEST:
        raise PrivacyRefused("Enter a closing date after 2000", "closed_on")
    vacancy.closed_on = on
    record(
        "vacancy.closed",
        actor=actor,
        object_type="vacancy",
        object_id=vacancy.id,
        summary=f"Closed on {on.isoformat()}",
    )
    db.session.flush()
    return vacancy


def reopen_vacancy(actor, vacancy: Vacancy) -> Vacancy:  # noqa: ANN001
    vacancy.closed_on = None
    record("vacancy.reopened", actor=actor, object_type="vacancy", object_id=vacancy.id)
    db.session.flush()
    return vacancy


def set_legal_hold(actor, vacancy: Vacancy, *, hold: bool, reason: str) -> Vacancy:  # noqa: ANN001
    """A legal hold stops the purge touching a vacancy's records until it is lifted."""
    reason = (reason or "").strip()
    if hold and not reason:
        raise PrivacyRefused("Say why the records must be kept", "reason")
    vacancy.legal_hold = hold
    record(
        "vacancy.legal_hold" if hold else "vacancy.legal_hold_lifted",
        actor=actor,
        object_type="vacancy",
        object_id=vacancy.id,
        summary=reason[:300],
    )
    db.session.flush()
    return vacancy


# --- the purge ------------------------------------------------------------------------------


def candidate_facts() -> list[retention.CandidateFacts]:
    appointed = set(
        db.session.execute(
            select(Decision.candidate_id).where(Decision.outcome == "appoint")
        ).scalars()
    )
    rows = db.session.execute(
        select(
            Candidate.id, Candidate.anonymised_at, Vacancy.id, Vacancy.closed_on, Vacancy.legal_hold
        )
        .join(Vacancy, Vacancy.id == Candidate.vacancy_id)
        .order_by(Candidate.id)
    ).all()
    return [
        retention.CandidateFacts(
            candidate_id=cid,
            vacancy_id=vid,
            vacancy_closed_on=closed_on,
            legal_hold=bool(hold),
            appointed=cid in appointed,
            anonymised=anonymised_at is not None,
        )
        for cid, anonymised_at, vid, closed_on, hold in rows
    ]


@dataclass
class PurgeReport:
    today: date
    dry_run: bool
    due: list[retention.Due] = field(default_factory=list)
    held_back: list[int] = field(default_factory=list)

    def count(self, kind: str) -> int:
        return sum(1 for d in self.due if d.kind == kind)

    @property
    def vacancies(self) -> list[int]:
        return sorted({d.vacancy_id for d in self.due})

    def summary(self) -> str:
        """Counts and record numbers only: nothing that identifies a person."""
        verb = "would be anonymised" if self.dry_run else "anonymised"
        return (
            f"{len(self.due)} candidate(s) {verb} "
            f"({self.count(retention.UNSUCCESSFUL)} unsuccessful, "
            f"{self.count(retention.APPOINTED)} appointed) across "
            f"{len(self.vacancies)} vacancy(ies); "
            f"{len(self.held_back)} held back by a legal hold"
        )

    def lines(self) -> list[str]:
        verb = "would anonymise" if self.dry_run else "anonymised"
        out = [
            f"Candidate {d.candidate_id} (vacancy {d.vacancy_id}, {d.kind}, due {d.due_on}): {verb}"
            for d in self.due
        ]
        out += [f"Candidate {cid}: kept, vacancy under a legal hold" for cid in self.held_back]
        return out + [self.summary()]


def plan_purge(today: date) -> PurgeReport:
    """What the purge would do today, without changing anything."""
    facts = candidate_facts()
    rule = policy_rule()
    return PurgeReport(
        today=today,
        dry_run=True,
        due=retention.due_for_anonymising(facts, rule, today),
        held_back=retention.held_back(facts, rule, today),
    )


def purge(actor, today: date, *, dry_run: bool = False) -> PurgeReport:  # noqa: ANN001
    """Anonymise every candidate whose retention period has ended. Safe to run again."""
    report = plan_purge(today)
    report.dry_run = dry_run
    if not dry_run:
        for due in report.due:
            anonymise_candidate(db.session.get(Candidate, due.candidate_id))
        record("purge", actor=actor, object_type="retention_policy", summary=report.summary())
        db.session.flush()
    return report


def anonymise_candidate(candidate: Candidate) -> None:
    """Remove what identifies the candidate and every free-text note about them.

    Numeric scores, decisions and interview times stay, attached to a record that no longer
    names anyone, so panel counts and the coverage report are unchanged.
    """
    cid = candidate.id
    candidate.name = f"Anonymised candidate {cid}"
    candidate.email = None
    candidate.phone = None
    candidate.adjustments = ""
    candidate.equality_monitoring = ""
    candidate.guaranteed_interview = False
    candidate.anonymised_at = now_utc()
    db.session.execute(update(Score).where(Score.candidate_id == cid).values(note=""))
    db.session.execute(
        update(AgreedScore).where(AgreedScore.candidate_id == cid).values(comment="")
    )
    db.session.execute(update(Concern).where(Concern.candidate_id == cid).values(text=REMOVED))
    db.session.execute(
        update(Concern)
        .where(Concern.candidate_id == cid, Concern.answer.is_not(None))
        .values(answer=REMOVED)
    )
    db.session.execute(
        update(ConflictDeclaration).where(ConflictDeclaration.candidate_id == cid).values(note="")
    )
    decision_ids = select(Decision.id).where(Decision.candidate_id == cid)
    db.session.execute(update(Decision).where(Decision.candidate_id == cid).values(reasons=""))
    db.session.execute(
        update(Dissent).where(Dissent.decision_id.in_(decision_ids)).values(text=REMOVED)
    )


def export_candidate(actor, candidate: Candidate, kind: str) -> tuple[bytes, str]:  # noqa: ANN001
    """Everything held about one candidate, others removed, as JSON or PDF; audited."""
    from panelhire.privacy import subject_access

    data = subject_access.gather(candidate)
    if kind == "pdf":
        body, mimetype = subject_access.render_pdf(data), "application/pdf"
    else:
        body, mimetype = subject_access.render_json(data), "application/json"
    record(
        "subject_access.export",
        actor=actor,
        object_type="candidate",
        object_id=candidate.id,
        summary=f"Subject access export ({kind})",
    )
    db.session.flush()
    return body, mimetype
