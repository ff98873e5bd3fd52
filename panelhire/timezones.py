"""Local clock times and the clock changes.

Panels are booked in local time ("10:00 on Tuesday at Riverside House") but stored and sent as
UTC instants. Twice a year a UK local time is either missing (the clocks go forward, so 01:30 on
the last Sunday of March never happens) or doubled (the clocks go back, so 01:30 on the last
Sunday of October happens twice). Guessing in either case puts a resident at the door an hour
early or late, so we refuse those times and ask the person booking to choose another.

Pure functions on the standard library's zoneinfo: no Flask, no database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = [
    "ClockChangeError",
    "Transition",
    "get_zone",
    "local_to_utc",
    "transitions_between",
]

# Transitions are found by sampling the offset and then bisecting. Real zones never change
# offset twice within six hours, so sampling at that step cannot miss a change.
_SCAN_STEP = timedelta(hours=6)


class ClockChangeError(ValueError):
    """A local time that does not exist, or exists twice, because the clocks change."""


@dataclass(frozen=True)
class Transition:
    """One change of a zone's UTC offset, e.g. the spring-forward in Europe/London."""

    at: datetime
    """The instant of the change, as an aware UTC datetime."""
    offset_before: timedelta
    offset_after: timedelta
    name_after: str
    """The abbreviation in use afterwards, e.g. "BST"."""
    is_dst_after: bool

    @property
    def wall_clock_before(self) -> datetime:
        """Naive local time on the old clock when the change happens (01:00 for spring-forward).

        This is how people describe a clock change, and it is exactly what RFC 5545 wants as
        the DTSTART of a VTIMEZONE observance (read together with TZOFFSETFROM).
        """
        return (self.at + self.offset_before).replace(tzinfo=None)

    @property
    def wall_clock_after(self) -> datetime:
        """Naive local time on the new clock at the same instant (02:00 for spring-forward)."""
        return (self.at + self.offset_after).replace(tzinfo=None)


def get_zone(tz: str | tzinfo) -> tzinfo:
    """Return a tzinfo for an IANA name such as "Europe/London" (or pass a tzinfo through).

    Raises ValueError, not zoneinfo's KeyError subclass, so callers validating form input can
    catch one exception type.
    """
    if isinstance(tz, tzinfo):
        return tz
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError(f"Unknown time zone: {tz!r}") from error


def _offset(zone: tzinfo, epoch_seconds: int) -> timedelta:
    offset = datetime.fromtimestamp(epoch_seconds, zone).utcoffset()
    assert offset is not None  # a datetime built with a tzinfo always has an offset
    return offset


def _transition_at(zone: tzinfo, epoch_seconds: int) -> Transition:
    moment = datetime.fromtimestamp(epoch_seconds, zone)
    before = _offset(zone, epoch_seconds - 1)
    after = moment.utcoffset()
    assert after is not None
    return Transition(
        at=datetime.fromtimestamp(epoch_seconds, UTC),
        offset_before=before,
        offset_after=after,
        name_after=moment.tzname() or _format_offset(after),
        is_dst_after=bool(moment.dst()),
    )


@lru_cache(maxsize=256)
def _transitions_in_year(zone: tzinfo, year: int) -> tuple[Transition, ...]:
    """All offset changes whose instant falls in the given UTC calendar year (cached)."""
    start = int(datetime(year, 1, 1, tzinfo=UTC).timestamp())
    end = int(datetime(year + 1, 1, 1, tzinfo=UTC).timestamp())
    step = int(_SCAN_STEP.total_seconds())
    found = []
    low, low_offset = start - 1, _offset(zone, start - 1)
    while low < end - 1:
        high = min(low + step, end - 1)
        high_offset = _offset(zone, high)
        if high_offset != low_offset:
            # Bisect to the first second on the new offset: that second is the transition.
            lo, hi = low, high
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if _offset(zone, mid) == low_offset:
                    lo = mid
                else:
                    hi = mid
            found.append(_transition_at(zone, hi))
        low, low_offset = high, high_offset
    return tuple(found)


def transitions_between(tz: str | tzinfo, start: datetime, end: datetime) -> list[Transition]:
    """Offset changes with start <= instant < end (both aware), oldest first."""
    zone = get_zone(tz)
    start_utc, end_utc = start.astimezone(UTC), end.astimezone(UTC)
    return [
        change
        for year in range(start_utc.year, end_utc.year + 1)
        for change in _transitions_in_year(zone, year)
        if start_utc <= change.at < end_utc
    ]


def local_to_utc(day: date, at: time, tz: str | tzinfo) -> datetime:
    """Turn a local date and clock time into an aware UTC datetime.

    Refuses, with a ClockChangeError that can be shown to the person booking, a time that does
    not exist (skipped when the clocks go forward) or happens twice (when they go back).
    """
    if isinstance(day, datetime):
        raise TypeError("local_to_utc takes a date and a time, not a datetime")
    if at.tzinfo is not None:
        raise TypeError("local_to_utc takes a clock time without a time zone")
    zone = get_zone(tz)
    wall = datetime.combine(day, at)
    earlier, later = wall.replace(tzinfo=zone, fold=0), wall.replace(tzinfo=zone, fold=1)
    if earlier.utcoffset() == later.utcoffset():
        return earlier.astimezone(UTC)

    # The two readings differ, so a transition is within a day of this wall time.
    search_from = (wall - timedelta(days=1)).replace(tzinfo=UTC)
    change = transitions_between(zone, search_from, search_from + timedelta(days=2))[0]
    zone_name = getattr(zone, "key", None) or str(zone)
    when = f"{at:%H:%M} on {day:%d/%m/%Y}"
    if change.offset_after > change.offset_before:
        raise ClockChangeError(
            f"{when} does not exist in {zone_name}: the clocks go forward at "
            f"{change.wall_clock_before:%H:%M} to {change.wall_clock_after:%H:%M}. "
            "Choose another time."
        )
    raise ClockChangeError(
        f"{when} happens twice in {zone_name}: the clocks go back at "
        f"{change.wall_clock_before:%H:%M} to {change.wall_clock_after:%H:%M}. "
        "Choose another time."
    )


def _format_offset(offset: timedelta) -> str:
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"
