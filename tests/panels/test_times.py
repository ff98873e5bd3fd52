"""Local times at clock changes, slot layout, and staff clashes: pure functions."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from panelhire.panels.clashes import Booking, first_clash
from panelhire.panels.times import LocalTimeError, lay_out_slots, local_instant

LONDON = ZoneInfo("Europe/London")


def test_an_ordinary_summer_time_becomes_utc():
    assert local_instant(date(2026, 6, 1), time(10), LONDON) == datetime(2026, 6, 1, 9, tzinfo=UTC)


def test_the_missing_hour_in_spring_is_refused():
    with pytest.raises(LocalTimeError, match="does not exist"):
        local_instant(date(2026, 3, 29), time(1, 30), LONDON)


def test_the_repeated_hour_in_autumn_is_refused():
    with pytest.raises(LocalTimeError, match="happens twice"):
        local_instant(date(2026, 10, 25), time(1, 30), LONDON)


def test_times_either_side_of_a_clock_change_are_fine():
    assert local_instant(date(2026, 10, 25), time(2, 0), LONDON).hour == 2
    assert local_instant(date(2026, 3, 29), time(2, 0), LONDON).hour == 1


def test_slots_are_laid_out_with_breaks():
    start = datetime(2026, 6, 1, 9, tzinfo=UTC)
    slots = lay_out_slots(start, start + timedelta(hours=3), 3, 45, 10)
    assert [s.starts_at.minute for s in slots] == [0, 55, 50]
    assert slots[-1].ends_at == start + timedelta(minutes=155)


def test_slots_that_do_not_fit_are_refused_in_plain_words():
    start = datetime(2026, 6, 1, 9, tzinfo=UTC)
    with pytest.raises(ValueError, match="need 2 hours 35 minutes; the panel lasts 2 hours"):
        lay_out_slots(start, start + timedelta(hours=2), 3, 45, 10)


def test_staff_clash_overlap_and_travel():
    nine = datetime(2026, 6, 1, 9, tzinfo=UTC)
    other = Booking(nine, nine + timedelta(hours=2), 1, "the Cook panel")
    buffer = timedelta(minutes=30)
    overlapping = Booking(nine + timedelta(hours=1), nine + timedelta(hours=3), 1)
    assert "already on the Cook panel" in first_clash(overlapping, [other], buffer)
    too_close = Booking(nine + timedelta(minutes=140), nine + timedelta(hours=4), 2)
    assert "needs 30 minutes to travel" in first_clash(too_close, [other], buffer)
    same_place = Booking(nine + timedelta(hours=2), nine + timedelta(hours=4), 1)
    online = Booking(nine + timedelta(hours=2), nine + timedelta(hours=4), None)
    assert first_clash(same_place, [other], buffer) is None
    assert first_clash(online, [other], buffer) is None
