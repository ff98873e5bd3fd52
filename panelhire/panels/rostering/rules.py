"""The clash and limit rules: when a resident cannot take a panel at all."""

from collections.abc import Mapping
from datetime import timedelta

from panelhire.panels.rostering.values import (
    _ONE_DAY,
    Commitment,
    PanelSlot,
    ResidentId,
    RosterResident,
)


def _needs_travel(place_a: int | None, place_b: int | None) -> bool:
    return place_a is not None and place_b is not None and place_a != place_b


def _clash(a: PanelSlot | Commitment, b: PanelSlot | Commitment, travel_buffer: timedelta) -> bool:
    """Two bookings clash if they overlap, or leave too little time to travel between places."""
    gap = travel_buffer if _needs_travel(a.place_id, b.place_id) else timedelta(0)
    return a.starts_at < b.ends_at + gap and b.starts_at < a.ends_at + gap


def _why_never(resident: RosterResident, panel: PanelSlot, travel_buffer: timedelta) -> str | None:
    """Why this resident cannot take this panel even if given nothing else, or None if they can."""
    if resident.commitments and any(
        _clash(panel, c, travel_buffer) for c in _near(resident.commitments, panel)
    ):
        return "already booked at that time, or too little travel time"
    booked = resident.booked_panels_by_month.get(panel.month, 0)
    if booked + 1 > resident.max_panels_per_month:
        return (
            f"already at their monthly limit of {_plural(resident.max_panels_per_month, 'panel')}"
        )
    day = resident.booked_interviews_by_day.get(panel.local_date, 0)
    if day + panel.interviews > resident.max_interviews_per_day:
        limit = _plural(resident.max_interviews_per_day, "interview")
        return f"would exceed their daily limit of {limit}"
    return None


def _near(commitments: tuple[Commitment, ...], panel: PanelSlot) -> list[Commitment]:
    # Anything that ends a day before the panel or starts a day after cannot clash with it.
    early, late = panel.starts_at - _ONE_DAY, panel.ends_at + _ONE_DAY
    return [c for c in commitments if c.ends_at > early and c.starts_at < late]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _known(by_id: Mapping[ResidentId, RosterResident], rid: ResidentId) -> RosterResident:
    if rid not in by_id:
        raise ValueError(f"resident {rid} is listed as eligible but was not supplied")
    return by_id[rid]
