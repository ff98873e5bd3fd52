"""Turning the times HR types (local clock times) into stored instants, and laying out slots.

The organisation's clocks go forward one night in spring and back one night in autumn. A
time in the lost hour never happens, and a time in the repeated hour happens twice; both are
refused rather than guessed. Pure functions: no Flask, no database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo


class LocalTimeError(ValueError):
    """A local time that cannot be booked, with a message fit to show beside the field."""


def _words(day: date, at: time) -> str:
    return f"{at:%H:%M} on {day.day} {day:%B %Y}"


def local_instant(day: date, at: time, tz: ZoneInfo) -> datetime:
    """The aware UTC instant for a local date and clock time, refusing clock-change gaps.

    Raises LocalTimeError when the time is skipped (clocks go forward) or happens twice
    (clocks go back).
    """
    wall = datetime.combine(day, at, tzinfo=tz)
    back = wall.astimezone(UTC).astimezone(tz)
    if back.replace(tzinfo=None) != wall.replace(tzinfo=None):
        raise LocalTimeError(
            f"{_words(day, at)} does not exist: the clocks go forward that night. "
            "Choose a time outside the missing hour."
        )
    if wall.replace(fold=1).utcoffset() != wall.utcoffset():
        raise LocalTimeError(
            f"{_words(day, at)} happens twice: the clocks go back that night. "
            "Choose a time outside the repeated hour."
        )
    return wall.astimezone(UTC)


@dataclass(frozen=True)
class SlotTimes:
    starts_at: datetime
    ends_at: datetime


def _duration(minutes: int) -> str:
    hours, mins = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour" + ("s" if hours != 1 else ""))
    if mins or not hours:
        parts.append(f"{mins} minute" + ("s" if mins != 1 else ""))
    return " ".join(parts)


def lay_out_slots(
    starts_at: datetime, ends_at: datetime, count: int, slot_minutes: int, break_minutes: int
) -> list[SlotTimes]:
    """One interview slot per candidate from the panel's start, with a break after each.

    Raises ValueError with a plain message when they do not fit inside the panel's time.
    """
    if count <= 0:
        return []
    slot, gap = timedelta(minutes=slot_minutes), timedelta(minutes=break_minutes)
    needed = count * slot + (count - 1) * gap
    if starts_at + needed > ends_at:
        have = int((ends_at - starts_at).total_seconds() // 60)
        raise ValueError(
            f"{count} interviews of {slot_minutes} minutes with {break_minutes}-minute breaks "
            f"need {_duration(int(needed.total_seconds() // 60))}; "
            f"the panel lasts {_duration(have)}"
        )
    return [
        SlotTimes(starts_at + i * (slot + gap), starts_at + i * (slot + gap) + slot)
        for i in range(count)
    ]


def slot_inside_panel(
    slot_start: datetime, slot_end: datetime, panel_start: datetime, panel_end: datetime
) -> bool:
    """A candidate's slot must start and end within the panel's own time."""
    return panel_start <= slot_start < slot_end <= panel_end
