"""Reading panels: is each one safe to hold, who could fill a resident seat, and the plan."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import select

from panelhire.auth.models import User
from panelhire.extensions import db
from panelhire.models.base import now_utc
from panelhire.panels import residents as gather
from panelhire.panels import rostering
from panelhire.panels.composition import Composition, Seat, check_composition
from panelhire.panels.loading import with_people_and_places
from panelhire.panels.models import Panel, PanelStatus, SeatRole
from panelhire.panels.undecided import CONFLICT_TO_DECIDE, awaits_the_chair, undecided_conflicts
from panelhire.training import eligibility
from panelhire.training.facts import organisation_zone, panel_facts

RED, AMBER, GREEN, EXCEPTION = "red", "amber", "green", "exception"
CANCELLED = "cancelled"
STATE_LABELS = {
    RED: "No eligible resident",
    AMBER: "Needs attention",
    GREEN: "Ready",
    EXCEPTION: "Exception recorded",
    CANCELLED: "Cancelled",
}


@dataclass
class PanelState:
    """How a panel stands: the composition rule, and the colour HR sees on the dashboard."""

    panel: Panel
    composition: Composition
    colour: str
    notes: list[str] = field(default_factory=list)
    resident_checks: dict[int, eligibility.Eligibility] = field(default_factory=dict)
    # A more precise word than the colour's own, such as "Conflict to decide".
    headline: str | None = None

    @property
    def label(self) -> str:
        return self.headline or STATE_LABELS[self.colour]

    @property
    def needs(self) -> list[str]:
        """What is left to do before the panel can go ahead: nothing once it is called off."""
        if self.colour == CANCELLED:
            return []
        return [*self.composition.reasons, *self.notes]


def _lapses_before(facts: eligibility.ResidentFacts, result, panel_day: date, today: date) -> bool:  # noqa: ANN001
    """Ineligible only because training in date today runs out before the panel."""
    on_day = eligibility.training_reasons(facts, panel_day)
    return (
        bool(on_day)
        and set(result.reasons) == set(on_day)
        and not eligibility.training_reasons(facts, today)
    )


def panel_states(panels: list[Panel], *, now: datetime | None = None) -> list[PanelState]:
    """Composition and colour for each panel, with residents' facts loaded once for all.

    A cancelled panel is only "Cancelled": nothing is left to do for it. A resident whose only
    bar is a conflict they declared and the chair has not decided keeps their seat until the
    chair decides, so the panel is amber ("Conflict to decide"), not red.
    """
    now = now or now_utc()
    tz = organisation_zone()
    residents = {
        m.user_id: m.user
        for p in panels
        for m in p.active_members(SeatRole.RESIDENT, SeatRole.OBSERVER)
    }
    bundles = gather.resident_bundles(list(residents.values()), as_of=now)
    undecided = _undecided_for(panels, bundles)
    today = now.astimezone(tz).date()
    states = []
    for panel in panels:
        day = panel.starts_at.astimezone(tz).date()
        pf = panel_facts(panel)
        seats, checks, notes = [], {}, []
        lapsing = deciding = False
        for member in panel.active_members():
            user = member.user
            eligible = False
            if member.role == SeatRole.RESIDENT and user.id in bundles:
                facts = bundles[user.id].facts
                result = eligibility.check_eligibility(facts, pf, tz)
                checks[user.id] = result
                eligible = result.eligible
                if not eligible and awaits_the_chair(
                    facts, undecided.get((panel.id, user.id)), pf, tz
                ):
                    eligible = deciding = True
                    notes.append(
                        f"{user.display_name} has declared a conflict with a candidate: "
                        "the chair decides whether they stay"
                    )
                elif not eligible and _lapses_before(facts, result, day, today):
                    lapsing = True
                    notes.append(f"{user.display_name}'s training lapses before the panel")
                elif not eligible:
                    notes.append(f"{user.display_name}: " + "; ".join(result.reasons))
            seats.append(
                Seat(
                    name=user.display_name,
                    role=member.role,
                    is_resident=user.is_resident,
                    can_appoint=user.can_appoint,
                    safer_recruitment_on=user.safer_recruitment_on,
                    eligible=eligible,
                )
            )
        composition = check_composition(seats, day)
        headline = None
        if panel.status == PanelStatus.CANCELLED:
            colour, notes = CANCELLED, []
        elif panel.exception_reason:
            colour = EXCEPTION
        elif composition.lacks_resident and not lapsing:
            colour = RED
        elif deciding or lapsing or panel.status != PanelStatus.CONFIRMED or not composition.holds:
            colour = AMBER
            headline = CONFLICT_TO_DECIDE if deciding else None
            if panel.status != PanelStatus.CONFIRMED:
                notes.append("Not confirmed yet")
        else:
            colour = GREEN
        states.append(PanelState(panel, composition, colour, notes, checks, headline))
    return states


def _undecided_for(panels: list[Panel], bundles: dict) -> dict[tuple[int, int], frozenset[int]]:
    """Undecided conflicts on these panels, read only when a seated resident has declared one
    with a candidate on their panel (so a page without any costs no statement)."""
    asked = {
        p.id
        for p in panels
        for m in p.active_members(SeatRole.RESIDENT)
        if m.user_id in bundles
        and bundles[m.user_id].facts.conflict_candidate_ids & {s.candidate_id for s in p.slots}
    }
    return undecided_conflicts(asked)


def panel_state(panel: Panel) -> PanelState:
    return panel_states([panel])[0]


def upcoming_panels(now: datetime | None = None) -> list[Panel]:
    now = now or now_utc()
    return list(
        db.session.execute(
            select(Panel)
            .options(*with_people_and_places())
            .where(Panel.ends_at >= now, Panel.status != PanelStatus.CANCELLED)
            .order_by(Panel.starts_at, Panel.id)
        ).scalars()
    )


@dataclass
class Dashboard:
    states: list[PanelState]

    def count(self, colour: str) -> int:
        return sum(1 for s in self.states if s.colour == colour)


def dashboard() -> Dashboard:
    return Dashboard(panel_states(upcoming_panels()))


# --- Ranking residents for one panel ------------------------------------------------------


@dataclass
class RankedChoice:
    user: User
    reason: str


@dataclass
class ExcludedChoice:
    user: User
    reasons: tuple[str, ...]


@dataclass
class PanelRanking:
    panel: Panel
    eligible: list[RankedChoice]
    excluded: list[ExcludedChoice]

    @property
    def best(self) -> RankedChoice | None:
        return self.eligible[0] if self.eligible else None


def rank_residents(panel: Panel, *, now: datetime | None = None) -> PanelRanking:
    """Eligible residents for this panel, fairest first with a reason; the rest with theirs."""
    now = now or now_utc()
    tz = organisation_zone()
    users = gather.all_residents()
    bundles = gather.resident_bundles(users, as_of=now)
    # Anyone with a seat, even a withdrawn one, is not proposed again.
    seated = {m.user_id for m in panel.members}
    pf = panel_facts(panel)
    eligible_ids, reasons = [], {}
    for uid, bundle in bundles.items():
        if uid in seated:
            continue
        result = eligibility.check_eligibility(bundle.facts, pf, tz)
        if result.eligible:
            eligible_ids.append(uid)
        else:
            reasons[uid] = result.reasons
    ranking = rostering.rank_for_panel(
        gather.panel_slot(panel, tz),
        [b.roster for uid, b in bundles.items() if uid not in seated],
        eligible_ids,
        reasons,
        travel_buffer=timedelta(minutes=panel.travel_buffer_minutes),
    )
    return PanelRanking(
        panel,
        [RankedChoice(bundles[r.resident_id].user, r.reason) for r in ranking.eligible],
        [ExcludedChoice(bundles[e.resident_id].user, e.reasons) for e in ranking.excluded],
    )


def eligibility_on(facts: eligibility.PanelFacts, user: User) -> eligibility.Eligibility:
    bundle = gather.resident_bundles([user], as_of=now_utc())[user.id]
    return eligibility.check_eligibility(bundle.facts, facts, organisation_zone())


def eligibility_for(panel: Panel, user: User) -> eligibility.Eligibility:
    return eligibility_on(panel_facts(panel), user)


# --- Planning a date range ----------------------------------------------------------------


@dataclass
class PlannedPanel:
    panel: Panel
    resident: User | None
    reason: str


def panels_lacking_a_resident(start: date, end: date) -> list[Panel]:
    """Upcoming, uncancelled panels in the date range with no eligible resident seated."""
    from panelhire.panels.times import local_instant

    tz = organisation_zone()
    begin = local_instant(start, datetime.min.time(), tz)
    finish = local_instant(end + timedelta(days=1), datetime.min.time(), tz)
    panels = list(
        db.session.execute(
            select(Panel)
            .where(
                Panel.starts_at >= max(begin, now_utc()),
                Panel.starts_at < finish,
                Panel.status != PanelStatus.CANCELLED,
                Panel.exception_reason.is_(None),
            )
            .order_by(Panel.starts_at, Panel.id)
        ).scalars()
    )
    return [s.panel for s in panel_states(panels) if s.composition.lacks_resident]


def plan_range(start: date, end: date) -> list[PlannedPanel]:
    """The fairest roster covering as many of the range's panels as can be covered."""
    now = now_utc()
    tz = organisation_zone()
    panels = panels_lacking_a_resident(start, end)
    if not panels:
        return []
    bundles = gather.resident_bundles(gather.all_residents(), as_of=now)
    eligible: dict[int, list[int]] = {}
    excluded: dict[int, dict[int, tuple[str, ...]]] = {}
    for panel in panels:
        seated = {m.user_id for m in panel.members}
        pf = panel_facts(panel)
        eligible[panel.id], excluded[panel.id] = [], {}
        for uid, bundle in bundles.items():
            if uid in seated:
                continue
            result = eligibility.check_eligibility(bundle.facts, pf, tz)
            if result.eligible:
                eligible[panel.id].append(uid)
            else:
                excluded[panel.id][uid] = result.reasons
    # One travel buffer for the whole plan: the longest any of these panels asks for.
    buffer = timedelta(minutes=max(p.travel_buffer_minutes for p in panels))
    plan = rostering.plan(
        [gather.panel_slot(p, tz) for p in panels],
        [b.roster for b in bundles.values()],
        eligible,
        buffer,
        excluded=excluded,
    )
    rows = []
    for panel in panels:
        rid = plan.assignments.get(panel.id)
        if rid is not None:
            rows.append(PlannedPanel(panel, bundles[rid].user, "Covered"))
        else:
            rows.append(PlannedPanel(panel, None, plan.uncovered.get(panel.id, "")))
    return rows


def has_signed_agreement(user: User) -> bool:
    """Residents see candidates' names only after signing the current confidentiality agreement.

    Staff are bound by their contracts of employment, so this asks nothing of them.
    """
    if not user.is_resident:
        return True
    from panelhire.core.services import get_organisation
    from panelhire.training.models import ConfidentialityAgreement

    org = get_organisation()
    return (
        db.session.execute(
            select(ConfidentialityAgreement.id).where(
                ConfidentialityAgreement.user_id == user.id,
                ConfidentialityAgreement.version == (org.agreement_version if org else ""),
            )
        ).first()
        is not None
    )


def plan_fingerprint(rows: list[PlannedPanel]) -> str:
    """Which resident each planned panel gets (0 for none): applying checks it is unchanged."""
    return ",".join(f"{r.panel.id}:{r.resident.id if r.resident else 0}" for r in rows)
