"""VTIMEZONE components generated from zoneinfo, for the calendars in ``ical``.

A calendar app that honours the file's VTIMEZONE (Thunderbird, via ical.js) converts times with
it, so it has to be right on the days the clocks change, not just on ordinary days.
"""

from __future__ import annotations

from datetime import MAXYEAR, datetime, timedelta

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

from panelhire.timezones import get_zone, transitions_between

__all__ = ["build_vtimezone"]


def build_vtimezone(tzid: str, first: datetime, last: datetime) -> Timezone:
    """A VTIMEZONE for ``tzid`` covering whole local years from ``first`` to ``last``.

    Built from zoneinfo with one observance per clock change, each DTSTART being the local
    time on the old clock (01:00 for the UK spring-forward), as RFC 5545 section 3.6.5 says.
    We do not use icalendar's Timezone.from_tzinfo: in icalendar 7.3 it writes the UK
    spring-forward onset as 02:00 (the new clock), an hour late by the RFC, and it lists later
    years as RDATEs, which ical.js 2.2 misreads: it skips the DTSTART onset of an observance
    with RDATEs and reads only the first date of each RDATE list, so a two-year feed built that
    way shows summer panels an hour out in Thunderbird. Plain observances have neither problem.
    """
    zone = get_zone(tzid)
    start_year = first.astimezone(zone).year
    end_year = last.astimezone(zone).year
    start = datetime(start_year, 1, 1, tzinfo=zone)
    if end_year < MAXYEAR - 1:
        end = datetime(end_year + 1, 1, 1, tzinfo=zone)
    else:
        # Finding a year's clock changes reads up to the start of the next year, and datetime
        # stops at 9999: a date in the last two years is covered to the end of 9998 instead.
        end = datetime(MAXYEAR - 1, 12, 31, tzinfo=zone)

    vtimezone = Timezone()
    vtimezone.add("tzid", tzid)
    # The first observance says which offset applies from the start of the covered range.
    opening = start.utcoffset()
    assert opening is not None
    vtimezone.add_component(
        _observance(
            onset=start.replace(tzinfo=None),
            offset_from=opening,
            offset_to=opening,
            name=start.tzname() or tzid,
            daylight=bool(start.dst()),
        )
    )
    for change in transitions_between(zone, start, end):
        vtimezone.add_component(
            _observance(
                onset=change.wall_clock_before,
                offset_from=change.offset_before,
                offset_to=change.offset_after,
                name=change.name_after,
                daylight=change.is_dst_after,
            )
        )
    return vtimezone


def _observance(
    *, onset: datetime, offset_from: timedelta, offset_to: timedelta, name: str, daylight: bool
) -> TimezoneStandard | TimezoneDaylight:
    observance = TimezoneDaylight() if daylight else TimezoneStandard()
    observance.add("dtstart", onset)
    observance.add("tzoffsetfrom", offset_from)
    observance.add("tzoffsetto", offset_to)
    observance.add("tzname", name)
    return observance
