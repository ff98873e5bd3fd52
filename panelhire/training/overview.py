"""Reading training at a glance: the residents list, a resident's path, and who is due."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from panelhire.auth.models import CHANNEL_LABELS, ResidentProfile, User
from panelhire.core.formatting import format_long_date
from panelhire.extensions import db
from panelhire.models.base import now_utc
from panelhire.panels.models import Panel, PanelMember, PanelStatus
from panelhire.training import eligibility
from panelhire.training.facts import load_resident_facts
from panelhire.training.models import ConfidentialityAgreement, TrainingRecord
from panelhire.training.services import active_residents, org_zone, readiness_from, today

STATUS_LABELS = {
    "ready": ("Ready", "green"),
    "expiring": ("Expiring within 60 days", "amber"),
    "cannot_score": ("Cannot score yet", "red"),
    "lapsed": ("Lapsed", "red"),
    "untrained": ("Not yet trained", "grey"),
    "paused": ("Paused", "grey"),
}


@dataclass(frozen=True)
class ResidentRow:
    user: User
    service: str
    status: str
    next_expiry: date | None


def residents_overview(
    *, service_id: int | None = None, status: str | None = None
) -> list[ResidentRow]:
    """Every resident with their status today, optionally filtered.

    The status is their training, except that someone whose training is in date but who cannot
    score (an agreement not signed, a panel still to observe) shows "Cannot score yet": the
    same answer, from the same rule, as their own page and the readiness view.
    """
    people = active_residents()
    if service_id:
        people = [u for u in people if u.resident and u.resident.service_id == service_id]
    facts = load_resident_facts(people)
    on, tz = today(), org_zone()
    rows = []
    for user in people:
        fact = facts[user.id]
        answer = readiness_from(user, fact, on, tz)
        row_status = answer.status
        if row_status in ("ready", "expiring") and not answer.ready:
            row_status = "cannot_score"
        if status and row_status != status:
            continue
        # The nearest expiry of any required module, however far off.
        soon = eligibility.expiring_modules(fact, on, within=timedelta.max)
        rows.append(
            ResidentRow(
                user=user,
                service=user.resident.service.name
                if user.resident and user.resident.service
                else "",
                status=row_status,
                next_expiry=soon[0].expires_on if soon else None,
            )
        )
    return rows


@dataclass(frozen=True)
class ModuleProgress:
    name: str
    done: bool
    note: str


@dataclass(frozen=True)
class ScoringPath:
    """Trained in every required module, then observed enough panels, then may score."""

    modules: list[ModuleProgress]
    trained: bool
    observed: int
    observations_needed: int
    agreement: ConfidentialityAgreement | None
    may_score: bool
    reasons: tuple[str, ...]
    status: str
    # Required training that runs out soon (HR's expiring window), soonest first.
    running_out: tuple[eligibility.ModuleExpiry, ...] = ()


def path_for(user: User) -> ScoringPath:
    """Where a resident is on the way to scoring, as of now: the facts are read once, and the
    answer to "may I score?" comes from the same facts as the panels observed shown beside it
    (a panel observed this morning counts for panels from now on, as it does for a panel's
    own roster)."""
    on = today()
    fact = load_resident_facts([user])[user.id]
    modules = []
    for name in eligibility.required_module_names(fact):
        records = [t for t in fact.training if t.module_name == name and t.completed_on <= on]
        current = [t for t in records if t.valid_on(on)]
        if current:
            ends = [t.expires_on for t in current]
            note = (
                "Never expires"
                if None in ends
                else f"In date until {max(e for e in ends if e):%d/%m/%Y}"
            )
        elif records:
            note = f"Expired on {max(t.expires_on for t in records if t.expires_on):%d/%m/%Y}"
        else:
            note = "Not yet trained"
        modules.append(ModuleProgress(name=name, done=bool(current), note=note))
    agreement = db.session.execute(
        select(ConfidentialityAgreement)
        .where(ConfidentialityAgreement.user_id == user.id)
        .order_by(ConfidentialityAgreement.signed_on.desc(), ConfidentialityAgreement.id.desc())
        .limit(1)
    ).scalar_one_or_none()
    answer = readiness_from(user, fact, on, org_zone())
    return ScoringPath(
        modules=modules,
        trained=all(m.done for m in modules),
        observed=fact.observed_panels,
        observations_needed=fact.observations_needed,
        agreement=agreement,
        may_score=answer.ready,
        reasons=answer.reasons,
        status=answer.status,
        running_out=eligibility.expiring_modules(fact, on),
    )


def training_history(user: User) -> list[TrainingRecord]:
    """A person's training, newest first, each with its module (the page names every one)."""
    return list(
        db.session.execute(
            select(TrainingRecord)
            .options(joinedload(TrainingRecord.module))
            .where(TrainingRecord.user_id == user.id)
            .order_by(TrainingRecord.completed_on.desc(), TrainingRecord.id.desc())
        ).scalars()
    )


def upcoming_panels(user: User) -> list[tuple[Panel, str]]:
    rows = db.session.execute(
        select(Panel, PanelMember.role)
        .join(PanelMember, PanelMember.panel_id == Panel.id)
        .where(
            PanelMember.user_id == user.id,
            PanelMember.withdrawn_at.is_(None),
            Panel.ends_at >= now_utc(),
            Panel.status != PanelStatus.CANCELLED,
        )
        .order_by(Panel.starts_at)
    )
    return [(panel, role) for panel, role in rows]


@dataclass(frozen=True)
class DueItem:
    user: User
    name: str
    kind: str
    module: str
    expires_on: date
    channel: str
    lapsed: bool = False


def training_due(*, within_days: int = 60, include_lapsed: bool = False) -> list[DueItem]:
    """Everyone (residents and staff) whose required training expires within the window.

    With `include_lapsed`, also required training that has already run out and not been
    refreshed: the people who need a refresher most (the due list HR books from). Reminders
    leave them out, as a message saying training "runs out" on a past date would be wrong.
    Lapsed first, as the list is soonest expiry first.
    """
    on = today()
    horizon = on + timedelta(days=within_days)
    window = TrainingRecord.expires_on <= horizon
    if not include_lapsed:
        window = window & (TrainingRecord.expires_on >= on)
    user_ids = select(TrainingRecord.user_id).where(window)
    people = list(
        db.session.execute(
            select(User)
            .where(User.id.in_(user_ids), User.active.is_(True))
            .order_by(User.display_name)
        ).scalars()
    )
    profiles = {
        p.user_id: p
        for p in db.session.execute(
            select(ResidentProfile).where(ResidentProfile.user_id.in_([u.id for u in people]))
        ).scalars()
    }
    facts = load_resident_facts(people)
    items = []
    for user in people:
        profile = profiles.get(user.id)
        if profile is not None and profile.status == "left":
            continue
        channel = (
            CHANNEL_LABELS.get(profile.contact_channel, profile.contact_channel)
            if profile
            else "Email"
        )
        fact = facts[user.id]
        lapsed = eligibility.lapsed_modules(fact, on) if include_lapsed else ()
        expiring = eligibility.expiring_modules(fact, on, within=timedelta(days=within_days))
        for expiry in (*lapsed, *expiring):
            items.append(
                DueItem(
                    user=user,
                    name=user.display_name,
                    kind="resident" if user.is_resident else "staff",
                    module=expiry.module_name,
                    expires_on=expiry.expires_on,
                    channel=channel,
                    lapsed=expiry.expires_on < on,
                )
            )
    return sorted(items, key=lambda i: (i.expires_on, i.name, i.module))


# The readiness rule states its reasons about a resident, for HR ("Not trained in ...").
# On the resident's own page the same facts are said to them, in the second person.
_TO_THE_PERSON = (
    (re.compile(r"^Not trained in (.+)$"), r"Do the \1 training"),
    (
        re.compile(r"^(.+) expired on (\d\d)/(\d\d)/(\d{4})$"),
        lambda m: f"Your {m[1]} ran out on {_long_day(m[2], m[3], m[4])}: ask about a refresher",
    ),
    (re.compile(r"^Needs to observe (.+) before scoring$"), r"Watch \1 before you score"),
    (re.compile(r"^Confidentiality agreement not signed$"), "Sign the confidentiality agreement"),
    (re.compile(r"^Paused from panels$"), "You are taking a break from panels"),
    (re.compile(r"^No longer taking part in panels$"), "You are no longer taking part in panels"),
)


def _long_day(day: str, month: str, year: str) -> str:
    """A day as the resident's other pages write it: Thursday 29 October 2026."""
    return format_long_date(date(int(year), int(month), int(day)))


def in_your_words(reason: str) -> str:
    """One readiness reason said to the resident it is about; any other reason unchanged."""
    for pattern, words in _TO_THE_PERSON:
        if pattern.match(reason):
            return pattern.sub(words, reason)
    return reason
