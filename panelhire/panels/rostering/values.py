"""The values the planner works with: panels, residents, bookings, rankings and plans."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

PanelId = int
ResidentId = int
Month = tuple[int, int]

DEFAULT_TRAVEL_BUFFER = timedelta(minutes=30)
_ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class PanelSlot:
    """A panel sitting that still needs a trained resident.

    Times are timezone-aware UTC; ``local_date`` is the day in the organisation's own time
    zone, which is the day that daily and monthly limits count against. ``place_id`` is
    None for an online panel. ``interviews`` is how many candidates the panel sees.
    """

    id: PanelId
    starts_at: datetime
    ends_at: datetime
    local_date: date
    place_id: int | None = None
    interviews: int = 1

    def __post_init__(self) -> None:
        if self.starts_at.tzinfo is None or self.ends_at.tzinfo is None:
            raise ValueError(f"panel {self.id}: times must be timezone-aware")
        if self.ends_at <= self.starts_at:
            raise ValueError(f"panel {self.id}: must end after it starts")
        if self.interviews < 1:
            raise ValueError(f"panel {self.id}: must interview at least one candidate")

    @property
    def month(self) -> Month:
        return (self.local_date.year, self.local_date.month)


@dataclass(frozen=True)
class Commitment:
    """Something a resident is already booked for: another panel, training, a debrief."""

    starts_at: datetime
    ends_at: datetime
    place_id: int | None = None


@dataclass(frozen=True)
class RosterResident:
    """A trained resident as the roster sees them.

    Named so as not to be confused with a *candidate*, who is the job applicant.
    ``recent_panels`` is how many panels they sat in the last twelve months (for fairness);
    the ``booked_*`` mappings hold what is already booked and count towards their limits.
    """

    id: ResidentId
    name: str
    recent_panels: int = 0
    max_panels_per_month: int = 4
    max_interviews_per_day: int = 6
    booked_panels_by_month: Mapping[Month, int] = field(default_factory=dict)
    booked_interviews_by_day: Mapping[date, int] = field(default_factory=dict)
    preferred_place_ids: frozenset[int] = frozenset()
    commitments: tuple[Commitment, ...] = ()

    def prefers(self, panel: PanelSlot) -> bool:
        return panel.place_id is not None and panel.place_id in self.preferred_place_ids


@dataclass(frozen=True)
class RankedResident:
    resident_id: ResidentId
    name: str
    reason: str


@dataclass(frozen=True)
class ExcludedResident:
    resident_id: ResidentId
    name: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Ranking:
    """Who could sit on one panel, fairest first, and who cannot and why."""

    panel_id: PanelId
    eligible: tuple[RankedResident, ...]
    excluded: tuple[ExcludedResident, ...]


@dataclass(frozen=True)
class Plan:
    """A proposed roster.

    ``assignments`` maps panel to resident; ``uncovered`` maps each panel left without a
    resident to the reason in plain English. ``coverage_proven`` is True when the planner
    has proved that no roster covers more panels (it nearly always can; on very large,
    very tight rosters it says so when it could not).
    """

    assignments: Mapping[PanelId, ResidentId]
    uncovered: Mapping[PanelId, str]
    coverage_proven: bool = True
