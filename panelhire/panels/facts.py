"""Gathering the eligibility rule's and the rostering engine's inputs from the database.

A private adapter for the panels area: the training area's `panelhire/training/facts.py`
was not written yet when this was needed. It loads everything for a batch of residents in
a handful of queries, so the dashboard and the planner do not query per resident.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import inspect, select
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value

from panelhire.auth.models import ResidentProfile, Role, User, UserRole
from panelhire.core.services import get_organisation
from panelhire.extensions import db
from panelhire.panels import rostering
from panelhire.panels.models import (
    ConflictDeclaration,
    InterviewSlot,
    Panel,
    PanelMember,
    PanelStatus,
    SeatRole,
)
from panelhire.training import eligibility
from panelhire.training.models import (
    ConfidentialityAgreement,
    TrainingModule,
    TrainingRecord,
    TravelPlace,
    UnavailableDate,
    WeeklyAvailability,
)

UNLIMITED = 10_000
FAIRNESS_WINDOW = timedelta(days=365)


def organisation_zone() -> ZoneInfo:
    org = get_organisation()
    return ZoneInfo(org.timezone if org else "Europe/London")


def panel_facts(panel: Panel) -> eligibility.PanelFacts:
    return eligibility.PanelFacts(
        panel_id=panel.id,
        starts_at=panel.starts_at,
        ends_at=panel.ends_at,
        place_id=panel.service_id,
        place_name=panel.service.name if panel.service else None,
        interviews=len(panel.slots),
        candidate_ids=frozenset(s.candidate_id for s in panel.slots),
        travel_buffer=timedelta(minutes=panel.travel_buffer_minutes),
    )


def panel_slot(panel: Panel, tz: ZoneInfo) -> rostering.PanelSlot:
    return rostering.PanelSlot(
        id=panel.id,
        starts_at=panel.starts_at,
        ends_at=panel.ends_at,
        local_date=panel.starts_at.astimezone(tz).date(),
        place_id=panel.service_id,
        interviews=max(1, len(panel.slots)),
    )


@dataclass
class ResidentBundle:
    """Both views of one resident: for the eligibility rule and for the roster."""

    user: User
    facts: eligibility.ResidentFacts
    roster: rostering.RosterResident


def all_residents() -> list[User]:
    return list(
        db.session.execute(
            select(User)
            .join(UserRole, UserRole.user_id == User.id)
            .where(UserRole.role == Role.RESIDENT, User.active.is_(True))
            .order_by(User.display_name, User.id)
        ).scalars()
    )


def _by_user(rows: Iterable, key: str = "user_id") -> dict[int, list]:
    grouped: dict[int, list] = defaultdict(list)
    for row in rows:
        grouped[getattr(row, key)].append(row)
    return grouped


def _seats(user_ids: list[int]) -> dict[int, list[tuple[PanelMember, Panel]]]:
    rows = db.session.execute(
        select(PanelMember, Panel)
        .join(Panel, Panel.id == PanelMember.panel_id)
        .options(joinedload(Panel.service))
        .where(
            PanelMember.user_id.in_(user_ids),
            PanelMember.withdrawn_at.is_(None),
            Panel.status != PanelStatus.CANCELLED,
        )
    ).all()
    seats: dict[int, list[tuple[PanelMember, Panel]]] = defaultdict(list)
    for member, panel in rows:
        seats[member.user_id].append((member, panel))
    return seats


def _load_profiles(users: list[User]) -> None:
    """Every resident profile not yet loaded, in one statement rather than one per person."""
    missing = [u for u in users if "resident" in inspect(u).unloaded]
    if not missing:
        return
    found = {
        p.user_id: p
        for p in db.session.execute(
            select(ResidentProfile).where(ResidentProfile.user_id.in_([u.id for u in missing]))
        ).scalars()
    }
    for user in missing:
        set_committed_value(user, "resident", found.get(user.id))


def _interviews(panel_ids: set[int]) -> Counter[int]:
    if not panel_ids:
        return Counter()
    rows = db.session.execute(
        select(InterviewSlot.panel_id).where(InterviewSlot.panel_id.in_(panel_ids))
    ).scalars()
    return Counter(rows)


def resident_bundles(users: list[User], *, as_of: datetime) -> dict[int, ResidentBundle]:
    """Facts for each resident, with observed and recent panels counted up to ``as_of``."""
    if not users:
        return {}
    tz = organisation_zone()
    org = get_organisation()
    ids = [u.id for u in users]
    required = tuple(
        db.session.execute(
            select(TrainingModule.name)
            .where(TrainingModule.required.is_(True), TrainingModule.active.is_(True))
            .order_by(TrainingModule.id)
        ).scalars()
    )
    records = _by_user(
        db.session.execute(
            select(TrainingRecord)
            .options(joinedload(TrainingRecord.module))
            .where(TrainingRecord.user_id.in_(ids))
        ).scalars()
    )
    agreements = _by_user(
        db.session.execute(
            select(ConfidentialityAgreement).where(ConfidentialityAgreement.user_id.in_(ids))
        ).scalars()
    )
    weekly = _by_user(
        db.session.execute(
            select(WeeklyAvailability).where(WeeklyAvailability.user_id.in_(ids))
        ).scalars()
    )
    away = _by_user(
        db.session.execute(
            select(UnavailableDate).where(UnavailableDate.user_id.in_(ids))
        ).scalars()
    )
    places = _by_user(
        db.session.execute(select(TravelPlace).where(TravelPlace.user_id.in_(ids))).scalars()
    )
    conflicts = _by_user(
        db.session.execute(
            select(ConflictDeclaration).where(
                ConflictDeclaration.user_id.in_(ids),
                # Pending, or the chair decided to replace them: keep them off that candidate.
                (ConflictDeclaration.outcome.is_(None))
                | (ConflictDeclaration.outcome == "replace"),
            )
        ).scalars()
    )
    _load_profiles(users)
    seats = _seats(ids)
    interviews = _interviews({p.id for rows in seats.values() for _, p in rows})
    version = org.agreement_version if org else None
    bundles = {}
    for user in users:
        profile: ResidentProfile | None = user.resident
        mine = seats.get(user.id, [])
        signed = [a.signed_on for a in agreements.get(user.id, []) if a.version == version]
        commitments = tuple(
            eligibility.Commitment(
                panel_id=p.id,
                starts_at=p.starts_at,
                ends_at=p.ends_at,
                place_name=p.service.name if p.service else None,
                place_id=p.service_id,
                interviews=interviews[p.id],
            )
            for _, p in mine
        )
        travel = places.get(user.id)
        facts = eligibility.ResidentFacts(
            id=user.id,
            name=user.display_name,
            status=(profile.status if profile else "active"),  # type: ignore[arg-type]
            required_modules=required,
            training=tuple(
                eligibility.TrainingFact(
                    module_name=r.module.name,
                    required=r.module.required,
                    completed_on=r.completed_on,
                    expires_on=r.expires_on,
                )
                for r in records.get(user.id, [])
            ),
            observed_panels=sum(
                1 for m, p in mine if m.role == SeatRole.OBSERVER and p.ends_at <= as_of
            ),
            observations_needed=org.observations_needed if org else 1,
            agreement_signed_on=max(signed) if signed else None,
            weekly_pattern=frozenset((w.weekday, w.part) for w in weekly.get(user.id, [])),
            unavailable_dates=frozenset(u.on for u in away.get(user.id, [])),
            max_panels_per_month=profile.max_panels_per_month if profile else None,
            max_interviews_per_day=profile.max_interviews_per_day if profile else None,
            travel_place_ids=frozenset(t.service_id for t in travel) if travel else None,
            online_ok=profile.online_ok if profile else True,
            conflict_candidate_ids=frozenset(c.candidate_id for c in conflicts.get(user.id, [])),
            commitments=commitments,
        )
        bundles[user.id] = ResidentBundle(
            user, facts, _roster_view(user, mine, interviews, as_of, tz)
        )
    return bundles


def _roster_view(
    user: User,
    mine: list[tuple[PanelMember, Panel]],
    interviews: Counter[int],
    as_of: datetime,
    tz: ZoneInfo,
) -> rostering.RosterResident:
    profile = user.resident
    by_month: Counter[tuple[int, int]] = Counter()
    by_day: Counter[date] = Counter()
    for _, p in mine:
        day = p.starts_at.astimezone(tz).date()
        by_month[(day.year, day.month)] += 1
        by_day[day] += interviews[p.id]
    recent = sum(
        1
        for m, p in mine
        if m.role == SeatRole.RESIDENT and as_of - FAIRNESS_WINDOW <= p.starts_at <= as_of
    )
    monthly = profile.max_panels_per_month if profile else None
    daily = profile.max_interviews_per_day if profile else None
    return rostering.RosterResident(
        id=user.id,
        name=user.display_name,
        recent_panels=recent,
        max_panels_per_month=UNLIMITED if monthly is None else monthly,
        max_interviews_per_day=UNLIMITED if daily is None else daily,
        booked_panels_by_month=dict(by_month),
        booked_interviews_by_day=dict(by_day),
        preferred_place_ids=frozenset({profile.service_id})
        if profile and profile.service_id
        else frozenset(),
        commitments=tuple(
            rostering.Commitment(p.starts_at, p.ends_at, p.service_id) for _, p in mine
        ),
    )
