"""The feed writes its events as content lines itself (hundreds of icalendar components are
slow); it must write exactly what icalendar would: same properties, escaping and folding."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from panelhire.exports import ical
from panelhire.exports.ical import InviteEvent, Person, build_feed

ORGANIZER = Person(email="panels@example.org", name="PanelHire")
# Commas, semicolons, backslashes, line breaks, control characters, accents, emoji and the
# line separator: everything escaping, cleaning and folding treat specially.
TRICKY = st.text(
    alphabet=st.sampled_from(list("ab ,;:\\\n\r\t^\"'N") + ["é", "€", "😀", "\u2028", "\x07"]),
    max_size=160,
)
ZONES = st.sampled_from(["Europe/London", "America/New_York", "Australia/Lord_Howe", "UTC"])


def _by_icalendar(events: list[InviteEvent], tzid: str, name: str) -> bytes:
    """The feed as icalendar serialises it, one component per event (the old way)."""
    calendar = ical._calendar()  # noqa: SLF001
    calendar.add("name", ical._clean_line(name))  # noqa: SLF001
    calendar.add("x-wr-calname", ical._clean_line(name))  # noqa: SLF001
    calendar.add("x-wr-timezone", tzid)
    calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", ical.vDuration(timedelta(hours=1)))
    spans: dict[str, tuple[datetime, datetime]] = {}
    for event in events:
        first, last = spans.get(event.tzid, (event.starts_at, event.ends_at))
        spans[event.tzid] = (min(first, event.starts_at), max(last, event.ends_at))
    for zone_id, (first, last) in spans.items():
        calendar.add_component(ical.build_vtimezone(zone_id, first, last))
    for event in events:
        calendar.add_component(ical._vevent(event, event.status, attendees=None))  # noqa: SLF001
    return calendar.to_ical()


@st.composite
def events(draw, text=TRICKY) -> InviteEvent:  # noqa: ANN001
    # Any quarter hour in 2026-2027, clock-change nights included.
    start = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=15 * draw(st.integers(0, 70000)))
    summary = draw(text)
    return InviteEvent(
        uid=draw(st.from_regex(r"panel-[0-9]{1,6}@[a-z.]{1,20}", fullmatch=True)),
        sequence=draw(st.integers(0, 10**6)),
        dtstamp=start - timedelta(days=3, seconds=draw(st.integers(0, 86400))),
        starts_at=start,
        ends_at=start + timedelta(minutes=15 * draw(st.integers(1, 40))),
        tzid=draw(ZONES),
        summary=summary if summary.strip() else "Panel",
        location=draw(st.none() | text),
        online_link=draw(st.none() | st.just("https://meet.example/abc?x=1;y=2,z")),
        url=f"https://panelhire.example/panels/{draw(st.integers(1, 99999))}",
        description=draw(text),
        organizer=ORGANIZER,
        attendees=(),
        status=draw(st.sampled_from(["CONFIRMED", "CANCELLED", "TENTATIVE"])),
    )


@settings(max_examples=150, deadline=None)
@given(st.lists(events(), min_size=1, max_size=5), ZONES, TRICKY)
def test_the_feed_matches_icalendar_byte_for_byte(found, tzid, name) -> None:  # noqa: ANN001
    assert build_feed(found, tzid, name) == _by_icalendar(found, tzid, name)


def test_long_lines_fold_under_75_octets_without_splitting_characters() -> None:
    line = "DESCRIPTION:" + "é😀\\,ab" * 40
    folded = ical._fold(line)  # noqa: SLF001
    assert folded.replace("\r\n ", "") == line
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))


# One-octet text only, with escapes and carets: the quick folding path for ASCII lines, with a
# backslash or caret landing on every fold boundary sooner or later.
PLAIN = st.text(alphabet=st.sampled_from(list("ab ,;:\\^N")), min_size=60, max_size=400)


@settings(max_examples=150, deadline=None)
@given(st.lists(events(PLAIN), min_size=1, max_size=3), PLAIN)
def test_plain_ascii_lines_fold_exactly_where_icalendar_folds(found, name) -> None:  # noqa: ANN001
    assert build_feed(found, "Europe/London", name) == _by_icalendar(found, "Europe/London", name)
