"""A calendar for a date at the very end of the calendar (9999) is still built: its VTIMEZONE
stops at the end of 9998 rather than fail on year 10000."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from panelhire.exports.ical import Attendee, InviteEvent, Person, build_invite, build_vtimezone


@pytest.mark.parametrize("zone", ["Europe/London", "America/New_York"])
@pytest.mark.parametrize("year", [9998, 9999])
def test_a_vtimezone_at_the_end_of_the_calendar_is_built(zone, year):
    starts = datetime(year, 12, 31, 10, tzinfo=UTC)
    vtimezone = build_vtimezone(zone, starts, starts.replace(hour=13))
    assert vtimezone["tzid"] == zone
    assert vtimezone.subcomponents  # at least the offset from the start of the covered range


def test_an_invite_for_the_last_day_of_9999_is_built():
    event = InviteEvent(
        uid="panel-1@panelhire.example",
        sequence=1,
        dtstamp=datetime(2026, 11, 29, 12, tzinfo=UTC),
        starts_at=datetime(9999, 12, 31, 10, tzinfo=UTC),
        ends_at=datetime(9999, 12, 31, 13, tzinfo=UTC),
        tzid="Europe/London",
        summary="Interview panel: Support Worker",
        location="Riverside House",
        online_link=None,
        url="https://panelhire.example/panels/1",
        description="",
        organizer=Person(email="recruitment@charity.example", name="Recruitment Team"),
        attendees=(Attendee(email="chair@charity.example", name="Sam", role="chair"),),
    )
    assert b"DTSTART;TZID=Europe/London:99991231T100000" in build_invite(event)
