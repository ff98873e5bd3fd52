"""Local clock times around the UK clock changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from panelhire.timezones import ClockChangeError, local_to_utc, transitions_between

LONDON = "Europe/London"


@pytest.mark.parametrize(
    ("day", "at", "expected"),
    [
        (date(2026, 1, 14), time(10), datetime(2026, 1, 14, 10, tzinfo=UTC)),
        (date(2026, 7, 1), time(10), datetime(2026, 7, 1, 9, tzinfo=UTC)),
        (date(2026, 3, 29), time(0, 59), datetime(2026, 3, 29, 0, 59, tzinfo=UTC)),
        (date(2026, 3, 29), time(2), datetime(2026, 3, 29, 1, tzinfo=UTC)),
        (date(2026, 10, 25), time(0, 59), datetime(2026, 10, 24, 23, 59, tzinfo=UTC)),
        (date(2026, 10, 25), time(2), datetime(2026, 10, 25, 2, tzinfo=UTC)),
    ],
)
def test_ordinary_local_times_convert(day: date, at: time, expected: datetime) -> None:
    assert local_to_utc(day, at, LONDON) == expected


def test_missing_time_is_refused_in_plain_english() -> None:
    with pytest.raises(ClockChangeError) as caught:
        local_to_utc(date(2026, 3, 29), time(1, 30), LONDON)
    assert str(caught.value) == (
        "01:30 on 29/03/2026 does not exist in Europe/London: the clocks go forward at 01:00 "
        "to 02:00. Choose another time."
    )


def test_repeated_time_is_refused_in_plain_english() -> None:
    with pytest.raises(ClockChangeError) as caught:
        local_to_utc(date(2026, 10, 25), time(1, 30), LONDON)
    assert str(caught.value) == (
        "01:30 on 25/10/2026 happens twice in Europe/London: the clocks go back at 02:00 "
        "to 01:00. Choose another time."
    )


def test_clock_change_error_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        local_to_utc(date(2026, 10, 25), time(1), LONDON)


def test_other_zones_use_their_own_change_times() -> None:
    with pytest.raises(ClockChangeError, match="clocks go forward at 02:00 to 03:00"):
        local_to_utc(date(2026, 3, 8), time(2, 30), "America/New_York")


def test_wrong_argument_types_are_refused() -> None:
    with pytest.raises(TypeError):
        local_to_utc(datetime(2026, 7, 1, 10), time(10), LONDON)
    with pytest.raises(TypeError):
        local_to_utc(date(2026, 7, 1), time(10, tzinfo=UTC), LONDON)
    with pytest.raises(ValueError, match="Unknown time zone"):
        local_to_utc(date(2026, 7, 1), time(10), "Mars/Olympus")


def test_transitions_for_two_uk_years() -> None:
    changes = transitions_between(
        LONDON, datetime(2026, 1, 1, tzinfo=UTC), datetime(2028, 1, 1, tzinfo=UTC)
    )
    assert [c.at for c in changes] == [
        datetime(2026, 3, 29, 1, tzinfo=UTC),
        datetime(2026, 10, 25, 1, tzinfo=UTC),
        datetime(2027, 3, 28, 1, tzinfo=UTC),
        datetime(2027, 10, 31, 1, tzinfo=UTC),
    ]
    assert [c.name_after for c in changes] == ["BST", "GMT", "BST", "GMT"]
