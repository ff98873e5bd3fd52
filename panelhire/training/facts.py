"""Turn stored rows into the plain facts the eligibility rule reads.

Loading is batched: however many residents are asked about, the number of queries stays the
same (one per kind of fact), so the residents list and the readiness page stay quick.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, inspect, select

from panelhire.auth.models import ResidentProfile, User
from panelhire.core.models import Organisation, Service
from panelhire.core.services import get_organisation
from panelhire.extensions import db
from panelhire.models.base import now_utc
from panelhire.panels.models import (
    ConflictDeclaration,
    InterviewSlot,
    Panel,
    PanelMember,
    PanelStatus,
    SeatRole,
)
from panelhire.training.eligibility import Commitment, PanelFacts, ResidentFacts, TrainingFact
from panelhire.training.models import (
    ConfidentialityAgreement,
    TrainingModule,
    TrainingRecord,
    TravelPlace,
    UnavailableDate,
    WeeklyAvailability,
)


def _organisation() -> Organisation | None:
    # Read once per request (cached by get_organisation), however many residents are judged.
    return get_organisation()


def observations_needed() -> int:
    org = _organisation()
    return org.observations_needed if org is not None else 1


def organisation_zone() -> ZoneInfo:
    """The organisation's time zone: the one its dates, days and limits are counted in."""
    org = _organisation()
    return ZoneInfo(org.timezone if org is not None else "Europe/London")


def required_module_names() -> tuple[str, ...]:
    """The organisation's required, active modules, in the order they were set up."""
    rows = db.session.execute(
        select(TrainingModule.name)
        .where(TrainingModule.required.is_(True), TrainingModule.active.is_(True))
        .order_by(TrainingModule.id)
    ).scalars()
    return tuple(rows)


def _grouped(rows: Iterable[tuple]) -> dict[int, list[tuple]]:
    grouped: dict[int, list[tuple]] = defaultdict(list)
    for row in rows:
        grouped[row[0]].append(tuple(row[1:]))
    return grouped


def _interviews_per_panel(panel_ids: set[int]) -> dict[int, int]:
    if not panel_ids:
        return {}
    rows = db.session.execute(
        select(InterviewSlot.panel_id, func.count(InterviewSlot.id))
        .where(InterviewSlot.panel_id.in_(panel_ids))
        .group_by(InterviewSlot.panel_id)
    )
    return {panel_id: count for panel_id, count in rows}


@dataclass(frozen=True)
class _Seat:
    user_id: int
    role: str
    panel_id: int
    starts_at: datetime
    ends_at: datetime
    place_id: int | None
    place_name: str | None


def _seats(user_ids: list[int]) -> list[_Seat]:
    """Every current seat these people hold on a panel that is not cancelled."""
    rows = db.session.execute(
        select(
            PanelMember.user_id,
            PanelMember.role,
            Panel.id,
            Panel.starts_at,
            Panel.ends_at,
            Panel.service_id,
            Service.name,
        )
        .join(Panel, Panel.id == PanelMember.panel_id)
        .outerjoin(Service, Service.id == Panel.service_id)
        .where(
            PanelMember.user_id.in_(user_ids),
            PanelMember.withdrawn_at.is_(None),
            Panel.status != PanelStatus.CANCELLED,
        )
        .order_by(Panel.starts_at, Panel.id)
    )
    return [_Seat(*row) for row in rows]


def _observed(seats: list[_Seat], before: datetime) -> dict[int, int]:
    """Panels each person sat on as an observer that ended by `before`."""
    counts: dict[int, int] = defaultdict(int)
    for seat in seats:
        if seat.role == SeatRole.OBSERVER and seat.ends_at <= before:
            counts[seat.user_id] += 1
    return counts


def load_resident_facts(
    users: list[User], *, as_of: datetime | None = None
) -> dict[int, ResidentFacts]:
    """Facts for each person, keyed by user id, in a fixed number of queries.

    `as_of` is the moment observations are counted up to (a panel must have ended by then);
    it defaults to now, and is never later than now: a panel not yet held was not observed.
    """
    now = now_utc()
    before = min(as_of, now) if as_of is not None else now
    ids = [user.id for user in users]
    if not ids:
        return {}
    org = _organisation()
    required = required_module_names()
    needed = org.observations_needed if org is not None else 1
    training = _grouped(
        db.session.execute(
            select(
                TrainingRecord.user_id,
                TrainingModule.name,
                TrainingModule.required,
                TrainingModule.active,
                TrainingRecord.completed_on,
                TrainingRecord.expires_on,
            )
            .join(TrainingModule, TrainingModule.id == TrainingRecord.module_id)
            .where(TrainingRecord.user_id.in_(ids))
            .order_by(TrainingRecord.completed_on, TrainingRecord.id)
        )
    )
    # Only the organisation's current agreement counts: the same test that lets a panellist
    # see candidates' names (a new version means everyone signs again).
    agreements = dict(
        db.session.execute(
            select(ConfidentialityAgreement.user_id, func.min(ConfidentialityAgreement.signed_on))
            .where(
                ConfidentialityAgreement.user_id.in_(ids),
                ConfidentialityAgreement.version == (org.agreement_version if org else ""),
            )
            .group_by(ConfidentialityAgreement.user_id)
        ).all()
    )
    weekly = _grouped(
        db.session.execute(
            select(
                WeeklyAvailability.user_id, WeeklyAvailability.weekday, WeeklyAvailability.part
            ).where(WeeklyAvailability.user_id.in_(ids))
        )
    )
    unavailable = _grouped(
        db.session.execute(
            select(UnavailableDate.user_id, UnavailableDate.on).where(
                UnavailableDate.user_id.in_(ids)
            )
        )
    )
    travel = _grouped(
        db.session.execute(
            select(TravelPlace.user_id, TravelPlace.service_id).where(TravelPlace.user_id.in_(ids))
        )
    )
    # Conflicts that still keep someone off a panel: not yet decided, or "replace the
    # panellist". "No conflict" and "sit out for that candidate" let them keep their seat.
    conflicts = _grouped(
        db.session.execute(
            select(ConflictDeclaration.user_id, ConflictDeclaration.candidate_id).where(
                ConflictDeclaration.user_id.in_(ids),
                ConflictDeclaration.outcome.is_(None) | (ConflictDeclaration.outcome == "replace"),
            )
        )
    )
    # Profiles already loaded with the people (the residents list does) are not read again.
    profiles = {u.id: u.resident for u in users if "resident" not in inspect(u).unloaded}
    unread = [i for i in ids if i not in profiles]
    if unread:
        profiles.update(
            (p.user_id, p)
            for p in db.session.execute(
                select(ResidentProfile).where(ResidentProfile.user_id.in_(unread))
            ).scalars()
        )
    seats = _seats(ids)
    observed = _observed(seats, before)
    interviews = _interviews_per_panel({seat.panel_id for seat in seats})
    commitments: dict[int, list[Commitment]] = defaultdict(list)
    for seat in seats:
        commitments[seat.user_id].append(
            Commitment(
                panel_id=seat.panel_id,
                starts_at=seat.starts_at,
                ends_at=seat.ends_at,
                place_name=seat.place_name,
                place_id=seat.place_id,
                interviews=interviews.get(seat.panel_id, 0),
                role=seat.role,
            )
        )

    facts = {}
    for user in users:
        profile = profiles.get(user.id)
        places = travel.get(user.id)
        facts[user.id] = ResidentFacts(
            id=user.id,
            name=user.display_name,
            status=_status(user, profile),
            required_modules=required,
            training=tuple(
                TrainingFact(
                    module_name=name,
                    required=is_required and active,
                    completed_on=completed,
                    expires_on=expires,
                )
                for name, is_required, active, completed, expires in training.get(user.id, [])
            ),
            observed_panels=observed.get(user.id, 0),
            observations_needed=needed,
            agreement_signed_on=agreements.get(user.id),
            weekly_pattern=frozenset(weekly.get(user.id, [])),
            unavailable_dates=frozenset(on for (on,) in unavailable.get(user.id, [])),
            max_panels_per_month=profile.max_panels_per_month if profile else None,
            max_interviews_per_day=profile.max_interviews_per_day if profile else None,
            travel_place_ids=frozenset(s for (s,) in places) if places else None,
            online_ok=profile.online_ok if profile else True,
            conflict_candidate_ids=frozenset(c for (c,) in conflicts.get(user.id, [])),
            commitments=tuple(commitments.get(user.id, [])),
            home_service_id=profile.service_id if profile else None,
        )
    return facts


def _status(user: User, profile: ResidentProfile | None) -> str:
    if not user.active:
        return "left"
    if profile is None:
        return "active"
    return profile.status if profile.status in ("active", "paused", "left") else "active"


def panel_facts(panel: Panel) -> PanelFacts:
    """The panel being filled, as the rule sees it."""
    return PanelFacts(
        panel_id=panel.id,
        starts_at=panel.starts_at,
        ends_at=panel.ends_at,
        place_id=panel.service_id,
        place_name=panel.service.name if panel.service_id else None,
        interviews=len(panel.slots),
        candidate_ids=frozenset(slot.candidate_id for slot in panel.slots),
        travel_buffer=timedelta(minutes=panel.travel_buffer_minutes),
    )


def whole_day(day: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """The local day as an aware span, for questions asked about a date rather than a panel."""
    start = datetime.combine(day, time(0), tzinfo=tz).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz).astimezone(UTC)
    return start, end
