"""Training writes (modules, sessions, records, agreements) and who is ready for panels.

Every write takes the acting person, changes state, records an audit event and flushes; the
caller commits once.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from panelhire.audit.services import record
from panelhire.auth.models import ResidentProfile, Role, User, UserRole
from panelhire.core import formatting
from panelhire.core.services import get_organisation
from panelhire.extensions import db
from panelhire.panels.models import Panel, PanelStatus
from panelhire.training import eligibility
from panelhire.training.facts import load_resident_facts, panel_facts, whole_day
from panelhire.training.models import (
    ConfidentialityAgreement,
    TrainingModule,
    TrainingRecord,
    TrainingSession,
)


class TrainingError(ValueError):
    """A change refused for a reason HR can act on; `field` names the form field at fault."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def org_zone() -> ZoneInfo:
    org = get_organisation()
    return ZoneInfo(org.timezone if org else "Europe/London")


def today() -> date:
    """Today in the organisation's time zone (not the server's)."""
    return formatting.local_today()


# --- modules ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SavedModule:
    """A module as saved, and the residents who could score before the save but not after."""

    module: TrainingModule
    no_longer_ready: tuple[User, ...]


def tidy_name(name: str) -> str:
    """A module's name as kept: no spaces at the ends, one space between words."""
    return " ".join(name.split())


def same_name(a: str, b: str) -> bool:
    """Two module names are the same module when they differ only in capitals or spacing:
    " interview   skills " beside "Interview skills" would be a second, empty module that
    nobody is trained in, and the two look alike in every list."""
    return tidy_name(a).casefold() == tidy_name(b).casefold()


def _ready_now() -> dict[int, User]:
    """Residents who could score on a panel today, by id."""
    return {answer.user.id: answer.user for answer in readiness_on(today()) if answer.ready}


def save_module(
    by: User,
    *,
    module: TrainingModule | None = None,
    name: str,
    description: str,
    required: bool,
    valid_months: int | None,
    confirmed: bool = False,
) -> SavedModule:
    """Add a module, or change one; the name must be unique, ignoring capitals and spaces.

    A required module stops everyone without in-date training in it from scoring, so making
    one required is asked about first when it would stop anyone who can score today (naming
    them); `confirmed` says the person saving has seen that. Nothing is saved until then.
    """
    name = tidy_name(name)
    modules = db.session.execute(select(TrainingModule)).scalars()
    if any(same_name(other.name, name) for other in modules if other is not module):
        raise TrainingError("There is already a module with that name", "name")
    # Only making a module required can stop anyone scoring (expiry dates live on the records).
    becomes_required = required and (module is None or not module.required)
    ready_before = _ready_now() if becomes_required else {}
    created = module is None
    module = module or TrainingModule(name=name)
    module.name = name
    module.description = description.strip()
    module.required = required
    module.valid_months = valid_months
    db.session.add(module)
    db.session.flush()
    ready_after = _ready_now() if becomes_required else {}
    no_longer_ready = tuple(u for i, u in ready_before.items() if i not in ready_after)
    if no_longer_ready and not confirmed:
        names = ", ".join(sorted(u.display_name for u in no_longer_ready))
        lost = len(no_longer_ready)
        raise TrainingError(
            f"Making {name} required stops {lost} resident{'' if lost == 1 else 's'} who can "
            f"score today from scoring until it is recorded for them ({names}); panels that "
            "rely on them will need someone else. Tick the box to make it required anyway.",
            "confirm_required",
        )
    lasts = f"{valid_months} months" if valid_months else "never expires"
    lost = len(no_longer_ready)
    stops = f"; {lost} resident{'' if lost == 1 else 's'} can no longer score" if lost else ""
    record(
        "training_module_added" if created else "training_module_changed",
        actor=by,
        object_type="training_module",
        object_id=module.id,
        summary=f"{name}: {'required' if required else 'optional'}, {lasts}{stops}",
    )
    return SavedModule(module, no_longer_ready)


def expiry_for(module: TrainingModule, completed_on: date) -> date | None:
    """Training stays valid for the module's number of months; None if it never expires."""
    if not module.valid_months:
        return None
    return completed_on + relativedelta(months=module.valid_months)


# --- records ----------------------------------------------------------------------------------


EARLIEST_TRAINING = date(2000, 1, 1)


def completion_problem(completed_on: date, on: date) -> str | None:
    """Why a training date cannot be right, or None: training is recorded once it has happened,
    and nothing before 2000 is real (an older date is a slip such as 1026 for 2026)."""
    if completed_on > on:
        return "in the future"
    if completed_on < EARLIEST_TRAINING:
        return f"before {EARLIEST_TRAINING.day} {EARLIEST_TRAINING:%B %Y}"
    return None


def _check_completed(
    completed_on: date, field: str = "completed_on", what: str = "completion date"
) -> None:
    """Checked before anything is worked out from the date: an expiry past year 9999 fails."""
    problem = completion_problem(completed_on, today())
    if problem:
        raise TrainingError(f"The {what} cannot be {problem}", field)


def _check_expiry(completed_on: date, expires_on: date | None) -> None:
    if expires_on is not None and expires_on < completed_on:
        raise TrainingError("The expiry date must be on or after the completion date", "expires_on")


def _duplicate(user_id: int, module_id: int, completed_on: date, *, besides: int | None = None):
    stmt = select(TrainingRecord).where(
        TrainingRecord.user_id == user_id,
        TrainingRecord.module_id == module_id,
        TrainingRecord.completed_on == completed_on,
    )
    if besides is not None:
        stmt = stmt.where(TrainingRecord.id != besides)
    return db.session.execute(stmt).scalar_one_or_none()


def record_session(
    by: User, *, module: TrainingModule, held_on: date, trainer_name: str, attendees: list[User]
) -> TrainingSession:
    """Record a group session in one go: every attendee gets a training record, or nobody does."""
    _check_completed(held_on, "held_on", "session date")
    if not attendees:
        raise TrainingError("Tick at least one resident who attended", "attendees")
    already = [u.display_name for u in attendees if _duplicate(u.id, module.id, held_on)]
    if already:
        raise TrainingError(
            f"Already recorded for {module.name} on {held_on:%d/%m/%Y}: {', '.join(already)}",
            "attendees",
        )
    session = TrainingSession(
        module=module, held_on=held_on, trainer_name=trainer_name.strip(), recorded_by_id=by.id
    )
    db.session.add(session)
    db.session.flush()
    for user in attendees:
        db.session.add(
            TrainingRecord(
                user_id=user.id,
                module=module,
                completed_on=held_on,
                expires_on=expiry_for(module, held_on),
                trainer_name=session.trainer_name,
                session_id=session.id,
            )
        )
    db.session.flush()
    record(
        "training_session_recorded",
        actor=by,
        object_type="training_session",
        object_id=session.id,
        summary=f"{module.name} on {held_on:%d/%m/%Y}, {len(attendees)} attended",
    )
    return session


def add_record(
    by: User,
    *,
    user: User,
    module: TrainingModule,
    completed_on: date,
    trainer_name: str,
    expires_on: date | None = None,
) -> TrainingRecord:
    """Add one training record; expiry follows the module unless given."""
    _check_completed(completed_on)
    expires_on = expires_on or expiry_for(module, completed_on)
    _check_expiry(completed_on, expires_on)
    if _duplicate(user.id, module.id, completed_on):
        raise TrainingError(
            f"{user.display_name} already has {module.name} recorded on that date", "completed_on"
        )
    row = TrainingRecord(
        user_id=user.id,
        module=module,
        completed_on=completed_on,
        expires_on=expires_on,
        trainer_name=trainer_name.strip(),
    )
    db.session.add(row)
    db.session.flush()
    record(
        "training_record_added",
        actor=by,
        object_type="training_record",
        object_id=row.id,
        summary=f"user {user.id}: {module.name} completed {completed_on:%d/%m/%Y}",
    )
    return row


def correct_record(
    by: User,
    row: TrainingRecord,
    *,
    completed_on: date,
    expires_on: date | None,
    trainer_name: str,
    reason: str,
) -> TrainingRecord:
    """Correct a record; the reason and the old values go into the audit trail.

    The expiry follows the module's length from the corrected completion date, as when a record
    is added: a blank expiry means "work it out", and so does leaving the old expiry as it was
    while the completion date changes (it was worked out from the wrong date). Only an expiry
    the person changed is kept as typed.
    """
    if not reason.strip():
        raise TrainingError("Say why the record is being corrected", "reason")
    _check_completed(completed_on)
    if expires_on is None or (expires_on == row.expires_on and completed_on != row.completed_on):
        expires_on = expiry_for(row.module, completed_on)
    _check_expiry(completed_on, expires_on)
    if _duplicate(row.user_id, row.module_id, completed_on, besides=row.id):
        raise TrainingError("There is already a record of this module on that date", "completed_on")
    before = _describe(row)
    row.completed_on = completed_on
    row.expires_on = expires_on
    row.trainer_name = trainer_name.strip()
    db.session.flush()
    record(
        "training_record_corrected",
        actor=by,
        object_type="training_record",
        object_id=row.id,
        summary=f"{before} -> {_describe(row)}. Reason: {reason.strip()}",
    )
    return row


def remove_record(by: User, row: TrainingRecord, *, reason: str) -> None:
    """Remove a record entered by mistake; what it said stays in the audit trail."""
    if not reason.strip():
        raise TrainingError("Say why the record is being removed", "reason")
    record(
        "training_record_removed",
        actor=by,
        object_type="training_record",
        object_id=row.id,
        summary=f"user {row.user_id}: {_describe(row)}. Reason: {reason.strip()}",
    )
    db.session.delete(row)
    db.session.flush()


def _describe(row: TrainingRecord) -> str:
    expires = f"{row.expires_on:%d/%m/%Y}" if row.expires_on else "never"
    return (
        f"{row.module.name} completed {row.completed_on:%d/%m/%Y}, "
        f"expires {expires}, trainer {row.trainer_name}"
    )


# --- competencies and agreements --------------------------------------------------------------


def set_competencies(
    by: User, person: User, *, chair_competent_on: date | None, safer_recruitment_on: date | None
) -> None:
    """Chairing is a competency for staff and residents; safer recruitment is for staff."""
    for value, field in (
        (chair_competent_on, "chair_competent_on"),
        (safer_recruitment_on, "safer_recruitment_on"),
    ):
        problem = completion_problem(value, today()) if value is not None else None
        if problem:
            raise TrainingError(f"The date cannot be {problem}", field)
    if person.is_resident and safer_recruitment_on is not None:
        raise TrainingError(
            "Safer recruitment training is recorded for staff", "safer_recruitment_on"
        )
    person.chair_competent_on = chair_competent_on
    person.safer_recruitment_on = safer_recruitment_on
    db.session.flush()
    record(
        "competencies_changed",
        actor=by,
        object_type="user",
        object_id=person.id,
        summary=(
            f"chairing: {chair_competent_on or 'no'}; "
            f"safer recruitment: {safer_recruitment_on or 'no'}"
        ),
    )


def sign_agreement(
    by: User, person: User, *, version: str, signed_on: date
) -> ConfidentialityAgreement:
    """Record that a resident signed the confidentiality agreement (version and date)."""
    if signed_on > today():
        raise TrainingError("The date signed cannot be in the future", "signed_on")
    agreement = ConfidentialityAgreement(
        user_id=person.id, version=version.strip(), signed_on=signed_on
    )
    db.session.add(agreement)
    db.session.flush()
    record(
        "agreement_signed",
        actor=by,
        object_type="user",
        object_id=person.id,
        summary=f"confidentiality agreement version {agreement.version}, {signed_on:%d/%m/%Y}",
    )
    return agreement


# --- who is ready -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Readiness:
    """One resident's answer: ready, or the reasons in plain words."""

    user: User
    ready: bool
    reasons: tuple[str, ...]
    status: str


def active_residents() -> list[User]:
    """Residents still taking part (active or paused), by name."""
    return list(
        db.session.execute(
            select(User)
            .join(UserRole, UserRole.user_id == User.id)
            .join(ResidentProfile, ResidentProfile.user_id == User.id)
            # The profile comes from the join above, its service from one more join.
            .options(contains_eager(User.resident).joinedload(ResidentProfile.service))
            .where(UserRole.role == Role.RESIDENT, User.active.is_(True))
            .where(ResidentProfile.status != "left")
            .order_by(User.display_name)
        ).scalars()
    )


def readiness_on(day: date, residents: list[User] | None = None) -> list[Readiness]:
    """Who could score on a panel held on `day`, judged on that date.

    This asks about the person and the date only: status, training in date that day, panels
    observed, the confidentiality agreement, and dates they said they are unavailable. Times,
    places, clashes and limits depend on a particular panel: see `who_is_ready`.
    """
    residents = active_residents() if residents is None else residents
    tz = org_zone()
    facts = load_resident_facts(residents, as_of=whole_day(day, tz)[0])
    return [readiness_from(user, facts[user.id], day, tz) for user in residents]


def readiness_from(
    user: User, fact: eligibility.ResidentFacts, day: date, tz: ZoneInfo
) -> Readiness:
    """One resident's answer for any panel on `day`, from facts already read."""
    start, end = whole_day(day, tz)
    any_day = eligibility.PanelFacts(
        panel_id=0,
        starts_at=start,
        ends_at=end,
        place_id=None,
        place_name=None,
        interviews=0,
        candidate_ids=frozenset(),
    )
    person = replace(
        fact,
        weekly_pattern=frozenset(),
        travel_place_ids=None,
        online_ok=True,
        commitments=(),
        max_panels_per_month=None,
        max_interviews_per_day=None,
    )
    answer = eligibility.check_eligibility(person, any_day, tz)
    status = eligibility.training_status(person, day)
    return Readiness(user, answer.eligible, answer.reasons, status)


def who_is_ready(panel: Panel, residents: list[User] | None = None) -> list[Readiness]:
    """Every resident's answer for this panel: ready to score, or why not. Ready first."""
    residents = active_residents() if residents is None else residents
    tz = org_zone()
    facts = load_resident_facts(residents, as_of=panel.starts_at)
    target = panel_facts(panel)
    day = panel.starts_at.astimezone(tz).date()
    answers = []
    for user in residents:
        answer = eligibility.check_eligibility(facts[user.id], target, tz)
        status = eligibility.training_status(facts[user.id], day)
        answers.append(Readiness(user, answer.eligible, answer.reasons, status))
    return sorted(answers, key=lambda a: (not a.ready, a.user.display_name))


def panels_on(day: date) -> list[Panel]:
    tz = org_zone()
    start, end = whole_day(day, tz)
    return list(
        db.session.execute(
            select(Panel)
            .where(
                Panel.starts_at < end,
                Panel.ends_at > start,
                Panel.status != PanelStatus.CANCELLED,
            )
            .order_by(Panel.starts_at)
        ).scalars()
    )
