"""Nobody sits on two panels at once, and people need time to travel between places.

The same rule the rostering engine applies to residents, for staff: two panels clash if they
overlap, or if they are at different places with less than the travel buffer between them.
Online panels need no travel. Pure functions: no Flask, no database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class Booking:
    """A panel someone is (or would be) sitting: ``place_id`` None means online."""

    starts_at: datetime
    ends_at: datetime
    place_id: int | None
    label: str = "another panel"


def clash_reason(new: Booking, other: Booking, travel_buffer: timedelta) -> str | None:
    """Why these two bookings cannot both be kept, in plain English, or None if they can."""
    if new.starts_at < other.ends_at and other.starts_at < new.ends_at:
        return f"is already on {other.label} at that time"
    if new.place_id is None or other.place_id is None or new.place_id == other.place_id:
        return None
    if timedelta(0) <= new.starts_at - other.ends_at < travel_buffer or (
        timedelta(0) <= other.starts_at - new.ends_at < travel_buffer
    ):
        minutes = int(travel_buffer.total_seconds() // 60)
        return f"needs {minutes} minutes to travel to or from {other.label}"
    return None


def first_clash(new: Booking, others: list[Booking], travel_buffer: timedelta) -> str | None:
    """The first clash with any of ``others``, in time order, or None."""
    for other in sorted(others, key=lambda b: (b.starts_at, b.ends_at)):
        reason = clash_reason(new, other, travel_buffer)
        if reason:
            return reason
    return None
