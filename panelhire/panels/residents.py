"""Residents as the panels area sees them.

The facts come from the training area's adapter (`panelhire/training/facts.py`), the one place
that turns stored rows into the eligibility rule's inputs. This module only adds the
rostering engine's view of the same facts: what each resident is already booked for, counted
per month and per day, and how many panels they sat recently.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from panelhire.auth.models import Role, User, UserRole
from panelhire.extensions import db
from panelhire.panels import rostering
from panelhire.panels.models import Panel, SeatRole
from panelhire.training import eligibility
from panelhire.training.facts import load_resident_facts, organisation_zone

# No limit recorded means no limit; the engine wants a number.
UNLIMITED = 10_000
FAIRNESS_WINDOW = timedelta(days=365)


@dataclass
class ResidentBundle:
    """Both views of one resident: for the eligibility rule and for the roster."""

    user: User
    facts: eligibility.ResidentFacts
    roster: rostering.RosterResident


def all_residents() -> list[User]:
    """Every active resident, by name (ties by id, so plans come out the same each time)."""
    return list(
        db.session.execute(
            select(User)
            .join(UserRole, UserRole.user_id == User.id)
            .where(UserRole.role == Role.RESIDENT, User.active.is_(True))
            .order_by(User.display_name, User.id)
        ).scalars()
    )


def panel_slot(panel: Panel, tz: ZoneInfo) -> rostering.PanelSlot:
    """A panel as the rostering engine sees it."""
    return rostering.PanelSlot(
        id=panel.id,
        starts_at=panel.starts_at,
        ends_at=panel.ends_at,
        local_date=panel.starts_at.astimezone(tz).date(),
        place_id=panel.service_id,
        interviews=max(1, len(panel.slots)),
    )


def roster_view(
    facts: eligibility.ResidentFacts, *, as_of: datetime, tz: ZoneInfo
) -> rostering.RosterResident:
    """The roster's view of a resident, from the eligibility facts alone.

    Every seat they hold counts towards their monthly and daily limits; only resident seats
    held in the twelve months up to ``as_of`` count as recent panels for fairness.
    """
    by_month: Counter[tuple[int, int]] = Counter()
    by_day: Counter[date] = Counter()
    for c in facts.commitments:
        day = c.starts_at.astimezone(tz).date()
        by_month[(day.year, day.month)] += 1
        by_day[day] += c.interviews
    recent = sum(
        1
        for c in facts.commitments
        if c.role == SeatRole.RESIDENT and as_of - FAIRNESS_WINDOW <= c.starts_at <= as_of
    )
    monthly, daily = facts.max_panels_per_month, facts.max_interviews_per_day
    return rostering.RosterResident(
        id=facts.id,
        name=facts.name,
        recent_panels=recent,
        max_panels_per_month=UNLIMITED if monthly is None else monthly,
        max_interviews_per_day=UNLIMITED if daily is None else daily,
        booked_panels_by_month=dict(by_month),
        booked_interviews_by_day=dict(by_day),
        preferred_place_ids=frozenset({facts.home_service_id})
        if facts.home_service_id
        else frozenset(),
        commitments=tuple(
            rostering.Commitment(c.starts_at, c.ends_at, c.place_id) for c in facts.commitments
        ),
    )


def resident_bundles(users: list[User], *, as_of: datetime) -> dict[int, ResidentBundle]:
    """Facts and roster view for each resident, loaded in a fixed number of queries."""
    facts = load_resident_facts(users, as_of=as_of)
    tz = organisation_zone()
    bundles = {}
    for user in users:
        mine = facts[user.id]
        bundles[user.id] = ResidentBundle(user, mine, roster_view(mine, as_of=as_of, tz=tz))
    return bundles
