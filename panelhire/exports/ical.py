"""Calendar invites and feeds for interview panels (RFC 5545, with iTIP from RFC 5546).

Two builders, both pure (objects in, bytes out):

* ``build_invite`` makes the email attachment that puts a panel in someone's calendar
  (METHOD:REQUEST) or takes it out again (METHOD:CANCEL), for everyone or for one person.
* ``build_feed`` makes a subscription calendar a resident can add to a personal phone.

Rules the builders keep so that calendar apps behave:

* One UID for the panel's whole life; the caller raises SEQUENCE on every change it sends.
  A calendar app only replaces its copy when the UID matches and SEQUENCE has gone up.
* Start and end are written in local time with a TZID and a VTIMEZONE built from zoneinfo,
  so a 10:00 panel stays at 10:00 on both sides of a clock change (in UTC only when the local
  time falls in the hour that happens twice, where a TZID time would be ambiguous).
* These calendars end up on personal phones, so they carry no candidate names. The caller
  builds the summary (``panel_summary`` helps); the builder cleans control characters out
  of every text value and lets icalendar escape and fold the rest.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from functools import lru_cache
from typing import Literal, get_args

from icalendar import Calendar, Event, vCalAddress, vDatetime, vDuration

from panelhire.exports.vtimezone import build_vtimezone
from panelhire.timezones import get_zone

__all__ = [
    "PRODID",
    "Attendee",
    "InviteEvent",
    "Method",
    "PartStat",
    "Person",
    "Role",
    "Status",
    "build_feed",
    "build_invite",
    "build_vtimezone",
    "panel_summary",
    "panel_uid",
]

PRODID = "-//PanelHire//Interview panels//EN"

Role = Literal["chair", "panellist", "observer", "supporter"]
PartStat = Literal["NEEDS-ACTION", "ACCEPTED", "DECLINED", "TENTATIVE", "DELEGATED"]
Status = Literal["CONFIRMED", "CANCELLED", "TENTATIVE"]
Method = Literal["REQUEST", "CANCEL"]

# ROLE parameter and whether we ask for a reply. Observers and supporters come to the panel
# but never score, which is what RFC 5545's NON-PARTICIPANT ("for information") means.
_ROLE_PARAMS: dict[str, tuple[str, bool]] = {
    "chair": ("CHAIR", True),
    "panellist": ("REQ-PARTICIPANT", True),
    "observer": ("NON-PARTICIPANT", False),
    "supporter": ("NON-PARTICIPANT", False),
}

# Deliberately strict: the address goes into a mailto: URI on a content line, where spaces,
# quotes, commas, semicolons and colons would break the line for some parsers.
_EMAIL = re.compile(r"[^\s@\"<>,;:()\[\]\\]+@[^\s@\"<>,;:()\[\]\\]+\.[^\s@\"<>,;:()\[\]\\]+")
_TOKEN = re.compile(r"[!-~]+")  # visible ASCII only, for UIDs and URLs
_SPACES = re.compile(r"[ \t]+")


@dataclass(frozen=True)
class Person:
    """The organiser of a panel (usually the recruiting manager's or the team's mailbox)."""

    email: str
    name: str

    def __post_init__(self) -> None:
        _check_email(self.email)


@dataclass(frozen=True)
class Attendee:
    """Someone on the panel. Residents without email get no ATTENDEE line but still attend."""

    email: str | None
    name: str
    role: Role
    partstat: PartStat = "NEEDS-ACTION"

    def __post_init__(self) -> None:
        if self.email is not None:
            _check_email(self.email)
        _check_choice("role", self.role, Role)
        _check_choice("partstat", self.partstat, PartStat)

    @property
    def is_reachable(self) -> bool:
        """True if a calendar invite can reach this person (they have an email address)."""
        return self.email is not None


@dataclass(frozen=True)
class InviteEvent:
    """Everything a calendar needs to know about one panel sitting.

    ``summary`` and ``description`` must not name candidates: calendars sync to phones.
    """

    uid: str
    sequence: int
    dtstamp: datetime
    starts_at: datetime
    ends_at: datetime
    tzid: str
    summary: str
    location: str | None
    online_link: str | None
    url: str
    description: str
    organizer: Person
    attendees: tuple[Attendee, ...]
    status: Status = "CONFIRMED"

    def __post_init__(self) -> None:
        if not _TOKEN.fullmatch(self.uid):
            raise ValueError(f"UID must be visible ASCII with no spaces: {self.uid!r}")
        if isinstance(self.sequence, bool) or not isinstance(self.sequence, int):
            raise ValueError("sequence must be an int")
        if self.sequence < 0:
            raise ValueError("sequence must not be negative")
        for field in ("dtstamp", "starts_at", "ends_at"):
            value = getattr(self, field)
            if not isinstance(value, datetime) or value.utcoffset() is None:
                raise ValueError(f"{field} must be a timezone-aware datetime")
        if self.ends_at <= self.starts_at:
            raise ValueError("ends_at must be after starts_at")
        get_zone(self.tzid)  # raises ValueError for an unknown zone
        _check_uri("url", self.url)
        if self.online_link is not None:
            _check_uri("online_link", self.online_link)
        _check_choice("status", self.status, Status)
        # Accept any sequence of attendees but store a tuple, so the event stays hashable.
        object.__setattr__(self, "attendees", tuple(self.attendees))


def panel_uid(panel_id: int, domain: str) -> str:
    """The UID for a panel: derived from its id only, so it never changes while it exists."""
    return f"panel-{panel_id}@{domain}"


def panel_summary(vacancy_title: str, service_name: str | None = None) -> str:
    """A calendar title such as "Interview panel: Support Worker (Riverside House)".

    There is no candidate argument on purpose: titles are visible on lock screens.
    """
    title = f"Interview panel: {_clean_line(vacancy_title)}"
    if service_name:
        title += f" ({_clean_line(service_name)})"
    return title


def build_invite(
    event: InviteEvent,
    method: Method = "REQUEST",
    recipients: Sequence[Attendee] | None = None,
) -> bytes:
    """Build an iTIP message with one VEVENT for the panel.

    REQUEST: a new panel or a change to it. It lists every attendee who has an email address,
    whoever the email is sent to, because calendar apps rebuild the guest list from it.

    CANCEL: with ``recipients=None`` the whole panel is called off and every attendee is
    listed; with recipients, only those people are taken off the panel (RFC 5546 section
    2.1.5) and only they are listed. Either way STATUS is CANCELLED; the caller has already
    raised SEQUENCE.
    """
    _check_choice("method", method, Method)
    if method == "REQUEST":
        if recipients is not None:
            raise ValueError("A REQUEST lists every attendee; recipients only apply to CANCEL")
        if event.status == "CANCELLED":
            raise ValueError("A cancelled panel is sent with method='CANCEL'")
        attendees, status = event.attendees, event.status
    else:
        attendees = event.attendees if recipients is None else _pick(event, recipients)
        status = "CANCELLED"

    calendar = _calendar()
    calendar.add("method", method)
    calendar.add_component(build_vtimezone(event.tzid, event.starts_at, event.ends_at))
    calendar.add_component(_vevent(event, status, attendees=attendees))
    return calendar.to_ical()


def build_event_file(event: InviteEvent) -> bytes:
    """One panel as a file to save into your own calendar ("Add to your calendar").

    Not an invitation: no METHOD, ORGANIZER or ATTENDEE, so phone calendars add the event
    instead of showing an invitation the person is not on, and other panellists' addresses
    are not copied onto the phone. A cancelled panel shows as cancelled."""
    calendar = _calendar()
    calendar.add_component(build_vtimezone(event.tzid, event.starts_at, event.ends_at))
    calendar.add_component(_vevent(event, event.status, attendees=None))
    return calendar.to_ical()


def build_feed(
    events: Iterable[InviteEvent],
    tzid: str,
    name: str,
    refresh: timedelta = timedelta(hours=1),
) -> bytes:
    """Build a subscription calendar (no METHOD) with one VEVENT per event.

    The feed is read-only, so its events carry no ORGANIZER or ATTENDEE lines: those make some
    apps offer reply buttons that go nowhere, and would copy other panellists' addresses onto
    a resident's phone. Cancelled panels may be included; they show as cancelled.
    """
    events = list(events)
    get_zone(tzid)
    calendar = _calendar()
    calendar.add("name", _clean_line(name))
    calendar.add("x-wr-calname", _clean_line(name))
    calendar.add("x-wr-timezone", tzid)
    # REFRESH-INTERVAL is the RFC 7986 way to ask for a polling interval; X-PUBLISHED-TTL is
    # the older Microsoft/Apple spelling that Outlook still reads.
    calendar.add("refresh-interval", refresh, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(refresh))

    # One VTIMEZONE per zone used, built once and covering every year the events span.
    spans: dict[str, tuple[datetime, datetime]] = {}
    for event in events:
        first, last = spans.get(event.tzid, (event.starts_at, event.ends_at))
        spans[event.tzid] = (min(first, event.starts_at), max(last, event.ends_at))
    for zone_id, (first, last) in spans.items():
        calendar.add_component(build_vtimezone(zone_id, first, last))
    # The events are written straight to content lines (see `_feed_vevent`): a feed can hold
    # hundreds, and building each as an icalendar component costs several times as much.
    head = calendar.to_ical()
    end = b"END:VCALENDAR\r\n"
    assert head.endswith(end)
    zones: dict[str, tzinfo] = {}
    body = "".join(
        _feed_vevent(
            event, zones.get(event.tzid) or zones.setdefault(event.tzid, get_zone(event.tzid))
        )
        for event in events
    )
    return head[: -len(end)] + body.encode("utf-8") + end


def _feed_vevent(event: InviteEvent, zone: tzinfo) -> str:
    """One feed VEVENT as folded content lines: the same properties, values and order as
    icalendar writes for `_vevent(event, event.status, attendees=None)`."""
    lines = [
        "BEGIN:VEVENT",
        "SUMMARY:" + _escape_text(_clean_line(event.summary)),
        "DTSTART" + _date_time(event.starts_at, zone),
        "DTEND" + _date_time(event.ends_at, zone),
        "DTSTAMP:" + event.dtstamp.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ"),
        "UID:" + _escape_text(event.uid),
        f"SEQUENCE:{event.sequence}",
        "DESCRIPTION:" + _escape_text(_description(event)),
    ]
    location = event.location or event.online_link
    if location:
        lines.append("LOCATION:" + _escape_text(_clean_line(location)))
    lines += [f"STATUS:{event.status}", "TRANSP:OPAQUE", "URL:" + event.url, "END:VEVENT"]
    return "".join(_fold(line) + "\r\n" for line in lines)


def _date_time(instant: datetime, zone: tzinfo) -> str:
    """`;TZID=...:local` or `:...Z` (see `_wall_clock`), as a DTSTART or DTEND value."""
    local = _wall_clock(instant, zone)
    tzid = None if local.tzinfo is UTC else _tzid_parameter(zone)
    if tzid is None:
        return local.strftime(":%Y%m%dT%H%M%SZ")
    return f";TZID={tzid}" + local.strftime(":%Y%m%dT%H%M%S")


@lru_cache(maxsize=64)
def _tzid_parameter(zone: tzinfo) -> str | None:
    """The TZID icalendar gives times in this zone, or None where it writes them in UTC."""
    value = vDatetime(datetime(2026, 1, 15, 12, tzinfo=zone))
    return None if value.is_utc() else value.params.to_ical().decode().partition("=")[2]


def _escape_text(value: str) -> str:
    """A TEXT value escaped as RFC 5545 section 3.3.11 says (as icalendar does it)."""
    return (
        value.replace(r"\N", "\n")
        .replace("\\", "\\\\")
        .replace(";", r"\;")
        .replace(",", r"\,")
        .replace("\r\n", r"\n")
        .replace("\n", r"\n")
        .replace("\r", r"\n")
    )


def _fold(line: str, limit: int = 75) -> str:
    """A content line folded into lines under 75 octets (RFC 5545 section 3.1), never
    splitting a UTF-8 character or a backslash escape, exactly where icalendar folds."""
    if line.isascii():
        return line if len(line) < limit else "\r\n ".join(_ascii_parts(line, limit - 1))
    if len(line.encode("utf-8")) < limit:
        return line
    parts: list[str] = []
    current: list[str] = []
    size = 0
    for char in line:
        width = 1 if char < "\x80" else len(char.encode("utf-8"))
        if current and size + width >= limit:
            if len(current) > 1 and current[-1] in "\\^":
                carried = current.pop()
                parts.append("".join(current))
                current, size = [carried], 1
            else:
                parts.append("".join(current))
                current, size = [], 0
        current.append(char)
        size += width
    parts.append("".join(current))
    return "\r\n ".join(parts)


def _ascii_parts(line: str, most: int) -> list[str]:
    """`_fold`'s parts for a line of one-octet characters, cut by slicing rather than
    character by character (a feed folds thousands of lines): `most` characters each, one
    fewer where the part would end in a backslash or caret, which moves to the next part."""
    parts, start = [], 0
    while len(line) - start > most:
        end = start + most
        if line[end - 1] in "\\^":
            end -= 1
        parts.append(line[start:end])
        start = end
    parts.append(line[start:])
    return parts


def _calendar() -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    return calendar


def _vevent(event: InviteEvent, status: str, *, attendees: Sequence[Attendee] | None) -> Event:
    """One VEVENT. ``attendees=None`` leaves out ORGANIZER and ATTENDEE (used by the feed)."""
    zone = get_zone(event.tzid)
    vevent = Event()
    vevent.add("uid", event.uid)
    vevent.add("dtstamp", event.dtstamp.astimezone(UTC))
    vevent.add("sequence", event.sequence)
    vevent.add("dtstart", _wall_clock(event.starts_at, zone))
    vevent.add("dtend", _wall_clock(event.ends_at, zone))
    vevent.add("summary", _clean_line(event.summary))
    location = event.location or event.online_link
    if location:
        vevent.add("location", _clean_line(location))
    vevent.add("url", event.url)
    vevent.add("description", _description(event))
    vevent.add("status", status)
    # Opaque: a panel makes people busy, so free/busy lookups should see it.
    vevent.add("transp", "OPAQUE")
    if attendees is not None:
        vevent.add("organizer", _address(event.organizer.email, event.organizer.name))
        for attendee in _with_email(attendees):
            role, rsvp = _ROLE_PARAMS[attendee.role]
            address = _address(attendee.email, attendee.name)
            address.params["ROLE"] = role
            address.params["PARTSTAT"] = attendee.partstat
            if rsvp:
                address.params["RSVP"] = "TRUE"
            vevent.add("attendee", address)
    return vevent


def _wall_clock(instant: datetime, zone: tzinfo) -> datetime:
    """The instant as local time in ``zone``, or in UTC if that local time is ambiguous.

    In the hour repeated when the clocks go back, a TZID time cannot say which 01:30 it is:
    RFC 5545 means the first, ical.js reads the second. UTC says it exactly.
    """
    local = instant.astimezone(zone)
    if local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset():
        return instant.astimezone(UTC)
    return local


def _description(event: InviteEvent) -> str:
    # Links go in the text as well as in LOCATION/URL because several phone calendar apps
    # show neither URL nor a tappable LOCATION, and residents mostly read invites on phones.
    parts = [_clean_text(event.description).strip()]
    if event.online_link:
        parts.append(f"Join online: {event.online_link}")
    parts.append(f"Panel details: {event.url}")
    return "\n\n".join(part for part in parts if part)


def _address(email: str, name: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    # Straight double quotes cannot appear inside a quoted parameter; icalendar would use
    # RFC 6868 escaping, which Outlook does not read, so use a single quote instead.
    address.params["CN"] = _clean_line(name).replace('"', "'")
    return address


def _with_email(attendees: Iterable[Attendee]) -> list[Attendee]:
    """Attendees who can receive the invite, each address once (first entry wins)."""
    seen: set[str] = set()
    reachable = []
    for attendee in attendees:
        if attendee.email is None or attendee.email.lower() in seen:
            continue
        seen.add(attendee.email.lower())
        reachable.append(attendee)
    return reachable


def _pick(event: InviteEvent, recipients: Sequence[Attendee]) -> list[Attendee]:
    if not recipients:
        raise ValueError("recipients is empty; pass None to cancel the whole panel")
    on_panel = {a.email.lower() for a in event.attendees if a.email is not None}
    for recipient in recipients:
        if recipient.email is None:
            raise ValueError(f"{recipient.name} has no email address to send a cancellation to")
        if recipient.email.lower() not in on_panel:
            raise ValueError(f"{recipient.email} is not an attendee of {event.uid}")
    return list(recipients)


def _clean_text(value: str) -> str:
    """Keep line breaks but drop other control characters (they are not allowed in TEXT)."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    if value.isascii() and value.replace("\n", "").isprintable():
        return value
    return "".join(
        char for char in value if char == "\n" or unicodedata.category(char) not in ("Cc", "Cs")
    )


def _clean_line(value: str) -> str:
    """One line of text: control characters and line breaks become single spaces."""
    if value.isascii() and value.isprintable():  # nothing to replace: the usual case
        return _SPACES.sub(" ", value).strip()
    value = "".join(
        " " if unicodedata.category(char) in ("Cc", "Zl", "Zp") else char
        for char in value
        if unicodedata.category(char) != "Cs"
    )
    return _SPACES.sub(" ", value).strip()


def _check_email(email: str) -> None:
    if not _EMAIL.fullmatch(email):
        raise ValueError(f"Not a usable email address for a calendar invite: {email!r}")


def _check_uri(field: str, value: str) -> None:
    if not _TOKEN.fullmatch(value) or ":" not in value:
        raise ValueError(f"{field} must be an absolute URL without spaces: {value!r}")


def _check_choice(field: str, value: str, choices: object) -> None:
    allowed = get_args(choices)
    if value not in allowed:
        raise ValueError(f"{field} must be one of {', '.join(allowed)}: got {value!r}")
