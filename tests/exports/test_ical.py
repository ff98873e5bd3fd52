"""Calendar invites and feeds, read back by ical.js (Node) and vobject (Python).

Every calendar is built once, written to a temporary folder, and parsed by ical.js in a single
Node process for the whole module; vobject parses the same bytes in-process.
"""

from __future__ import annotations

import dataclasses
import re
import time as timer
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest

from panelhire.exports.ical import (
    PRODID,
    Attendee,
    InviteEvent,
    Person,
    build_feed,
    build_invite,
    build_vtimezone,
    panel_summary,
    panel_uid,
)
from panelhire.timezones import local_to_utc
from tests.exports.icalcheck import parse_with_icaljs, parse_with_vobject

LONDON = "Europe/London"
ORGANIZER = Person(email="recruitment@charity.example", name="Recruitment Team")
CHAIR = Attendee(email="sam.chair@charity.example", name="Sam Okafor", role="chair")
STAFF = Attendee(
    email="priya@charity.example", name="Priya Shah", role="panellist", partstat="ACCEPTED"
)
RESIDENT = Attendee(email="dee.resident@mail.example", name="Dee", role="panellist")
NO_EMAIL = Attendee(email=None, name="Mo (no email)", role="panellist")
OBSERVER = Attendee(email="kit@mail.example", name="Kit", role="observer")
SUPPORTER = Attendee(email="advocate@advocacy.example", name="Lee Advocate", role="supporter")
PANEL = (CHAIR, STAFF, RESIDENT, NO_EMAIL, OBSERVER, SUPPORTER)

# A title with everything that needs escaping or folding, and a 500-character name.
LONG_NAME = ("Siân Ní Ōkawa-Bhriain " * 25)[:499] + "z"
assert len(LONG_NAME) == 500
AWKWARD_SUMMARY = (
    'Interview panel: Support Worker, "Night"; Café 🏠 \\ ümlaut\nsecond line ' + LONG_NAME
)
AWKWARD_SUMMARY_READ = AWKWARD_SUMMARY.replace("\n", " ")


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return local_to_utc(day, time(hour, minute), LONDON)


def make_event(
    *,
    starts_at: datetime,
    ends_at: datetime,
    uid: str = "panel-42@panelhire.example",
    sequence: int = 0,
    summary: str = "Interview panel: Support Worker (Riverside House)",
    attendees: tuple[Attendee, ...] = PANEL,
    **changes: Any,
) -> InviteEvent:
    fields: dict[str, Any] = {
        "uid": uid,
        "sequence": sequence,
        "dtstamp": datetime(2026, 1, 5, 12, 0, tzinfo=UTC),
        "starts_at": starts_at,
        "ends_at": ends_at,
        "tzid": LONDON,
        "summary": summary,
        "location": "Riverside House, 1 High Street, Leeds LS1 1AA",
        "online_link": None,
        "url": "https://panelhire.example/panels/42",
        "description": "Briefing at 09:30.\nTea, coffee and lunch provided.",
        "organizer": ORGANIZER,
        "attendees": attendees,
    }
    fields.update(changes)
    return InviteEvent(**fields)


# Times chosen around the 2026 UK clock changes (29 March and 25 October), plus ordinary days.
SEASONS: dict[str, tuple[datetime, datetime]] = {
    "winter": (local(date(2026, 1, 14), 10), local(date(2026, 1, 14), 16, 30)),
    "summer": (local(date(2026, 7, 1), 10), local(date(2026, 7, 1), 16, 30)),
    "eve-of-spring": (local(date(2026, 3, 28), 10), local(date(2026, 3, 28), 13)),
    "spring-change": (local(date(2026, 3, 29), 10), local(date(2026, 3, 29), 13)),
    "autumn-change": (local(date(2026, 10, 25), 10), local(date(2026, 10, 25), 13)),
    # Runs through the missing hour: 00:30 GMT to 03:00 BST is 1h30 of real time.
    "across-spring-gap": (local(date(2026, 3, 29), 0, 30), local(date(2026, 3, 29), 3)),
    # Runs through the repeated hour: 00:30 BST to 03:00 GMT is 3h30 of real time.
    "across-autumn-repeat": (local(date(2026, 10, 25), 0, 30), local(date(2026, 10, 25), 3)),
    # Starts at the second 01:30 on 25/10/2026 (GMT), which a TZID time cannot express.
    "second-0130": (
        datetime(2026, 10, 25, 1, 30, tzinfo=UTC),
        datetime(2026, 10, 25, 2, 30, tzinfo=UTC),
    ),
    "next-year-summer": (local(date(2027, 6, 9), 9, 15), local(date(2027, 6, 9), 12)),
}


@dataclass(frozen=True)
class Case:
    """One built calendar and what the parsers should find in it."""

    data: bytes
    method: str | None
    events: tuple[InviteEvent, ...]
    statuses: tuple[str, ...]
    emails: frozenset[str] | None  # expected ATTENDEE addresses; None: no attendee lines


def _invite_cases() -> dict[str, Case]:
    cases: dict[str, Case] = {}
    everyone = frozenset(a.email for a in PANEL if a.email)
    for season, (start, end) in SEASONS.items():
        event = make_event(starts_at=start, ends_at=end, sequence=1, online_link=None)
        cancelled = dataclasses.replace(event, sequence=2, status="CANCELLED")
        cases[f"request-{season}"] = Case(
            build_invite(event, "REQUEST"), "REQUEST", (event,), ("CONFIRMED",), everyone
        )
        cases[f"cancel-one-{season}"] = Case(
            build_invite(cancelled, "CANCEL", recipients=[RESIDENT]),
            "CANCEL",
            (cancelled,),
            ("CANCELLED",),
            frozenset({RESIDENT.email}),
        )
        cases[f"cancel-panel-{season}"] = Case(
            build_invite(cancelled, "CANCEL"), "CANCEL", (cancelled,), ("CANCELLED",), everyone
        )
    awkward = make_event(
        starts_at=SEASONS["summer"][0],
        ends_at=SEASONS["summer"][1],
        summary=AWKWARD_SUMMARY,
        location="Room 2; Unit 5, Mill Yard — ground floor ♿",
        online_link="https://meet.example/j/123?pwd=a,b;c",
        description="Line one\nLine two; with, punctuation \\ and emoji 🙂\n" + LONG_NAME,
        attendees=(
            Attendee(email="sian@mail.example", name=LONG_NAME, role="panellist"),
            Attendee(email="jo@mail.example", name='Jo "JJ" O\'Neil, Jr.; 🙂', role="chair"),
        ),
    )
    cases["request-awkward-text"] = Case(
        data=build_invite(awkward),
        method="REQUEST",
        events=(awkward,),
        statuses=("CONFIRMED",),
        emails=frozenset({"sian@mail.example", "jo@mail.example"}),
    )
    return cases


def _feed_cases() -> dict[str, Case]:
    # Panel 2 has been called off: a feed keeps showing it, marked cancelled.
    events = tuple(
        make_event(
            starts_at=start,
            ends_at=end,
            uid=panel_uid(n, "panelhire.example"),
            sequence=1 if n == 2 else 0,
            status="CANCELLED" if n == 2 else "CONFIRMED",
        )
        for n, (start, end) in enumerate(SEASONS.values(), start=1)
    )
    many = tuple(
        make_event(
            starts_at=local(date(2026, 1, 5) + timedelta(days=n), 10),
            ends_at=local(date(2026, 1, 5) + timedelta(days=n), 12),
            uid=panel_uid(1000 + n, "panelhire.example"),
            sequence=n % 3,
        )
        for n in range(500)
    )
    return {
        "feed-all-seasons": Case(
            data=build_feed(events, LONDON, "My panels"),
            method=None,
            events=events,
            statuses=tuple(event.status for event in events),
            emails=None,
        ),
        "feed-500": Case(
            data=build_feed(many, LONDON, "All panels"),
            method=None,
            events=many,
            statuses=tuple(event.status for event in many),
            emails=None,
        ),
    }


CASES: dict[str, Case] = {**_invite_cases(), **_feed_cases()}


@pytest.fixture(scope="module")
def parsed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """Every case parsed by ical.js (one Node process) and by vobject."""
    folder = tmp_path_factory.mktemp("ics")
    paths = {}
    for name, case in CASES.items():
        paths[name] = folder / f"{name}.ics"
        paths[name].write_bytes(case.data)
    by_path = parse_with_icaljs(list(paths.values()))
    return {
        name: {"icaljs": by_path[str(path)], "vobject": parse_with_vobject(CASES[name].data)}
        for name, path in paths.items()
    }


def _iso(instant: datetime) -> str:
    return instant.astimezone(UTC).isoformat()


@pytest.mark.parametrize("name", sorted(CASES))
def test_both_parsers_read_the_instants_given(name: str, parsed: dict[str, Any]) -> None:
    case = CASES[name]
    for parser in ("icaljs", "vobject"):
        events = parsed[name][parser]["events"]
        assert len(events) == len(case.events), parser
        for read, given in zip(events, case.events, strict=True):
            assert (read["start"], read["end"]) == (
                _iso(given.starts_at),
                _iso(given.ends_at),
            ), f"{parser} read {name} at the wrong time"
    # Apps that look the TZID up by name (ignoring our VTIMEZONE) must agree too.
    for read, given in zip(parsed[name]["vobject"]["events"], case.events, strict=True):
        assert (read["start_by_name"], read["end_by_name"]) == (
            _iso(given.starts_at),
            _iso(given.ends_at),
        )


@pytest.mark.parametrize("name", sorted(CASES))
def test_both_parsers_read_the_same_identity_and_text(name: str, parsed: dict[str, Any]) -> None:
    case = CASES[name]
    for parser in ("icaljs", "vobject"):
        calendar = parsed[name][parser]["calendar"]
        assert calendar["method"] == case.method
        assert calendar["timezones"] == [LONDON]
        for read, given, status in zip(
            parsed[name][parser]["events"], case.events, case.statuses, strict=True
        ):
            assert read["uid"] == given.uid
            assert read["sequence"] == given.sequence
            assert read["status"] == status
            assert read["dtstamp"] == _iso(given.dtstamp)
            assert read["url"] == given.url
            assert read["location"] == given.location
            assert read["summary"] == given.summary.replace("\n", " ")
            assert given.description.replace("\r", "") in read["description"]
            emails = {person["email"] for person in read["attendees"]}
            assert emails == (case.emails or set()), parser
            if case.emails is None:
                assert read["organizer"] is None
            else:
                assert read["organizer"]["email"] == ORGANIZER.email
                assert read["organizer"]["cn"] == ORGANIZER.name


def test_awkward_text_round_trips_in_both_parsers(parsed: dict[str, Any]) -> None:
    for parser in ("icaljs", "vobject"):
        event = parsed["request-awkward-text"][parser]["events"][0]
        assert event["summary"] == AWKWARD_SUMMARY_READ
        assert LONG_NAME in event["summary"]
        assert event["location"] == "Room 2; Unit 5, Mill Yard — ground floor ♿"
        assert event["description"].startswith("Line one\nLine two; with, punctuation \\ and")
        assert "Join online: https://meet.example/j/123?pwd=a,b;c" in event["description"]
        names = {person["email"]: person["cn"] for person in event["attendees"]}
        assert names["sian@mail.example"] == LONG_NAME
        # Straight double quotes cannot sit inside a quoted parameter; they become single.
        assert names["jo@mail.example"] == "Jo 'JJ' O'Neil, Jr.; 🙂"


def test_roles_and_replies_follow_the_panel_roles(parsed: dict[str, Any]) -> None:
    expected = {
        CHAIR.email: ("CHAIR", "NEEDS-ACTION", "TRUE"),
        STAFF.email: ("REQ-PARTICIPANT", "ACCEPTED", "TRUE"),
        RESIDENT.email: ("REQ-PARTICIPANT", "NEEDS-ACTION", "TRUE"),
        OBSERVER.email: ("NON-PARTICIPANT", "NEEDS-ACTION", None),
        SUPPORTER.email: ("NON-PARTICIPANT", "NEEDS-ACTION", None),
    }
    for parser in ("icaljs", "vobject"):
        attendees = parsed["request-summer"][parser]["events"][0]["attendees"]
        read = {
            a["email"]: (a["role"], a["partstat"], None if a["rsvp"] is None else str(a["rsvp"]))
            for a in attendees
        }
        assert {k: (r, p, v and v.upper()) for k, (r, p, v) in read.items()} == expected


def test_attendees_without_email_are_left_off_but_the_event_is_valid(
    parsed: dict[str, Any],
) -> None:
    data = CASES["request-summer"].data.decode()
    assert "Mo (no email)" not in data
    assert len(parsed["request-summer"]["icaljs"]["events"]) == 1


def test_uid_stays_and_sequence_rises_across_an_update(tmp_path: Path) -> None:
    first = make_event(starts_at=SEASONS["winter"][0], ends_at=SEASONS["winter"][1])
    moved = dataclasses.replace(
        first,
        sequence=first.sequence + 1,
        starts_at=SEASONS["summer"][0],
        ends_at=SEASONS["summer"][1],
    )
    paths = []
    for n, event in enumerate((first, moved)):
        paths.append(tmp_path / f"{n}.ics")
        paths[-1].write_bytes(build_invite(event))
    by_path = parse_with_icaljs(paths)
    read = [by_path[str(path)]["events"][0] for path in paths]
    assert read[0]["uid"] == read[1]["uid"] == "panel-42@panelhire.example"
    assert (read[0]["sequence"], read[1]["sequence"]) == (0, 1)
    assert read[1]["start"] == _iso(SEASONS["summer"][0])


def test_vtimezone_onsets_are_local_time_on_the_old_clock() -> None:
    """RFC 5545 3.6.5: DTSTART + TZOFFSETFROM is the instant of the change (01:00 UTC)."""
    text = build_vtimezone(LONDON, SEASONS["winter"][0], SEASONS["summer"][0]).to_ical().decode()
    assert "BEGIN:DAYLIGHT\r\nDTSTART:20260329T010000\r\nTZNAME:BST\r\nTZOFFSETFROM:+0000" in text
    assert "BEGIN:STANDARD\r\nDTSTART:20261025T020000\r\nTZNAME:GMT\r\nTZOFFSETFROM:+0100" in text
    assert "RDATE" not in text and "RRULE" not in text


def test_feed_has_no_method_and_names_itself(parsed: dict[str, Any]) -> None:
    data = CASES["feed-all-seasons"].data.decode()
    assert "\r\nMETHOD:" not in data
    assert data.count("BEGIN:VTIMEZONE") == 1
    assert "\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in data
    assert "\r\nX-PUBLISHED-TTL:PT1H\r\n" in data
    calendar = parsed["feed-all-seasons"]["icaljs"]["calendar"]
    assert (calendar["name"], calendar["timezone"]) == ("My panels", LONDON)
    assert calendar["prodid"] == PRODID
    assert (calendar["version"], calendar["calscale"]) == ("2.0", "GREGORIAN")


def test_feed_of_500_events_is_quick() -> None:
    events = CASES["feed-500"].events
    started = timer.perf_counter()
    data = build_feed(events, LONDON, "All panels")
    assert timer.perf_counter() - started < 2.0
    assert data.count(b"BEGIN:VEVENT") == 500
    assert data.count(b"BEGIN:VTIMEZONE") == 1


@pytest.mark.parametrize("name", sorted(CASES))
def test_lines_are_folded_at_75_octets(name: str) -> None:
    data = CASES[name].data
    assert data.endswith(b"\r\n")
    lines = data.split(b"\r\n")[:-1]
    for line in lines:
        assert b"\n" not in line and b"\r" not in line
        assert len(line) <= 75, line
        line.decode("utf-8")  # folding must never split a multi-byte character
    if name == "request-awkward-text":
        assert any(line.startswith(b" ") for line in lines)


def _unfolded(data: bytes) -> str:
    return data.decode("utf-8").replace("\r\n ", "")


@pytest.mark.parametrize(
    "build",
    [
        lambda event: build_invite(event),
        lambda event: build_invite(
            dataclasses.replace(event, status="CANCELLED", sequence=1), "CANCEL"
        ),
        lambda event: build_feed([event], LONDON, "My panels"),
    ],
    ids=["request", "cancel", "feed"],
)
def test_no_candidate_names_from_typical_panel_data(build: Callable[..., bytes]) -> None:
    # What the app holds about a panel; the invite is made the way a view would make it.
    panel = {
        "id": 42,
        "vacancy": "Recovery Worker",
        "service": "Hope Street Hostel",
        "place": "Hope Street Hostel, meeting room",
        "slots": [
            {"at": time(10), "candidate": "Alexandra Whitcombe"},
            {"at": time(11), "candidate": "Bartholomew Nakamura-Jones"},
        ],
    }
    event = make_event(
        starts_at=local(date(2026, 5, 12), 9, 30),
        ends_at=local(date(2026, 5, 12), 12),
        uid=panel_uid(panel["id"], "panelhire.example"),
        summary=panel_summary(panel["vacancy"], panel["service"]),
        location=panel["place"],
        description=f"{len(panel['slots'])} interviews. Briefing 30 minutes before the first.",
    )
    text = _unfolded(build(event))
    assert "Interview panel: Recovery Worker (Hope Street Hostel)" in text
    for slot in panel["slots"]:
        for part in slot["candidate"].split():
            assert part not in text


def test_control_characters_are_removed() -> None:
    event = make_event(
        starts_at=SEASONS["summer"][0],
        ends_at=SEASONS["summer"][1],
        summary="Panel\x00 with\x07 bell\x1b[31m and\u0085 nel",
        description="Tab\there\x0b\x0c and\r\nCRLF",
        location="Room\x7f 1",
    )
    text = build_invite(event).decode("utf-8")
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x9f]", text)
    assert "SUMMARY:Panel with bell [31m and nel\r\n" in text
    assert "LOCATION:Room 1\r\n" in text
    parsed = parse_with_vobject(text.encode())["events"][0]
    assert parsed["description"].startswith("Tabhere and\nCRLF")


def test_hybrid_panel_puts_the_place_in_location_and_the_link_in_the_text() -> None:
    event = make_event(
        starts_at=SEASONS["summer"][0],
        ends_at=SEASONS["summer"][1],
        online_link="https://meet.example/abc",
    )
    read = parse_with_vobject(build_invite(event))["events"][0]
    assert read["location"] == event.location
    assert "Join online: https://meet.example/abc" in read["description"]
    online_only = dataclasses.replace(event, location=None)
    read = parse_with_vobject(build_invite(online_only))["events"][0]
    assert read["location"] == "https://meet.example/abc"


def test_ambiguous_local_times_are_written_in_utc() -> None:
    start, end = SEASONS["second-0130"]
    text = build_invite(make_event(starts_at=start, ends_at=end)).decode()
    assert "DTSTART:20261025T013000Z\r\n" in text
    assert "DTEND;TZID=Europe/London:20261025T023000\r\n" in text


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"starts_at": datetime(2026, 7, 1, 10)}, "timezone-aware"),
        ({"ends_at": SEASONS["summer"][0]}, "after starts_at"),
        ({"tzid": "Europe/Londres"}, "Unknown time zone"),
        ({"sequence": -1}, "negative"),
        ({"uid": "panel 42"}, "UID"),
        ({"status": "POSTPONED"}, "status"),
        ({"url": "https://panelhire.example/x\r\nATTENDEE:mailto:evil@x"}, "url"),
    ],
)
def test_invalid_events_are_refused(change: dict[str, Any], message: str) -> None:
    fields = {"starts_at": SEASONS["summer"][0], "ends_at": SEASONS["summer"][1], **change}
    with pytest.raises(ValueError, match=message):
        make_event(**fields)


def test_email_addresses_cannot_inject_lines() -> None:
    with pytest.raises(ValueError, match="email"):
        Attendee(email="a@b.example\r\nATTENDEE:mailto:x@y.example", name="A", role="chair")
    with pytest.raises(ValueError, match="role"):
        Attendee(email="a@b.example", name="A", role="scorer")  # type: ignore[arg-type]


def test_method_rules() -> None:
    event = make_event(starts_at=SEASONS["summer"][0], ends_at=SEASONS["summer"][1])
    with pytest.raises(ValueError, match="recipients only apply to CANCEL"):
        build_invite(event, "REQUEST", recipients=[RESIDENT])
    with pytest.raises(ValueError, match="method='CANCEL'"):
        build_invite(dataclasses.replace(event, status="CANCELLED"))
    with pytest.raises(ValueError, match="not an attendee"):
        build_invite(event, "CANCEL", recipients=[Attendee("x@y.example", "X", "panellist")])
    with pytest.raises(ValueError, match="no email"):
        build_invite(event, "CANCEL", recipients=[NO_EMAIL])
    with pytest.raises(ValueError, match="method"):
        build_invite(event, "PUBLISH")  # type: ignore[arg-type]
    # A CANCEL is always STATUS:CANCELLED, whatever the event said.
    assert b"\r\nSTATUS:CANCELLED\r\n" in build_invite(event, "CANCEL")


def test_an_empty_feed_is_still_a_calendar() -> None:
    read = parse_with_vobject(build_feed([], LONDON, "Nothing booked yet"))
    assert read["calendar"]["name"] == "Nothing booked yet"
    assert read["events"] == []
