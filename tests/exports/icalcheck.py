"""Read built .ics files back with two parsers that share no code with the builder.

* ical.js (Mozilla's parser, in Node) through ``tests/js/parse_ics.mjs``. Install it once with
  ``npm ci --prefix tests/js``; we fail loudly rather than skip when it is missing, because a
  skipped cross-check looks exactly like a passing one.
* vobject (Python). vobject resolves a TZID by name through pytz and ignores the file's
  VTIMEZONE, so we also read each time through the file's own VTIMEZONE with vobject's
  ``gettzinfo()`` (dateutil's tzical) and report both readings.

Both return the same plain shape: ``{"calendar": {...}, "events": [{...}, ...]}`` with start and
end as ISO UTC strings, so tests can compare parsers with ``==``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import vobject

JS_DIR = Path(__file__).resolve().parents[1] / "js"
SCRIPT = JS_DIR / "parse_ics.mjs"


class CheckerMissing(RuntimeError):
    """The Node checker cannot run on this machine."""


def parse_with_icaljs(paths: Sequence[Path]) -> dict[str, dict[str, Any]]:
    """Parse several .ics files in one Node process; return results keyed by path."""
    node = shutil.which("node")
    if node is None:
        raise CheckerMissing("node is not on PATH; the ical.js cross-check needs Node.js")
    if not (JS_DIR / "node_modules" / "ical.js").is_dir():
        raise CheckerMissing(
            f"ical.js is not installed in {JS_DIR}: run `npm ci --prefix tests/js` first"
        )
    result = subprocess.run(
        [node, str(SCRIPT), *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if result.returncode != 0:
        raise AssertionError(f"ical.js could not parse the calendars:\n{result.stderr}")
    parsed = json.loads(result.stdout)
    for entry in parsed:
        for event in entry["events"]:
            for key in ("start", "end", "dtstamp"):
                event[key] = _js_utc(event[key]["utc"])
    return {entry["path"]: entry for entry in parsed}


def parse_with_vobject(data: bytes) -> dict[str, Any]:
    """Parse one calendar with vobject, in the same shape as ``parse_with_icaljs``."""
    calendar = vobject.readOne(data.decode("utf-8"))
    zones = {vtz.tzid.value: vtz.gettzinfo() for vtz in calendar.contents.get("vtimezone", [])}
    events = []
    for vevent in calendar.contents.get("vevent", []):
        start_by_file, start_by_name = _instants(vevent.dtstart, zones)
        end_by_file, end_by_name = _instants(vevent.dtend, zones)
        events.append(
            {
                "uid": _value(vevent, "uid"),
                "sequence": int(_value(vevent, "sequence")),
                "status": _value(vevent, "status"),
                "summary": _value(vevent, "summary"),
                "location": _value(vevent, "location"),
                "description": _value(vevent, "description"),
                "url": _value(vevent, "url"),
                "dtstamp": _iso(vevent.dtstamp.value.astimezone(UTC)),
                "start": start_by_file,
                "end": end_by_file,
                "start_by_name": start_by_name,
                "end_by_name": end_by_name,
                "attendees": [_person(line) for line in vevent.contents.get("attendee", [])],
                "organizer": _person(vevent.organizer) if "organizer" in vevent.contents else None,
            }
        )
    return {
        "calendar": {
            "method": _value(calendar, "method"),
            "version": _value(calendar, "version"),
            "calscale": _value(calendar, "calscale"),
            "prodid": _value(calendar, "prodid"),
            "name": _value(calendar, "x-wr-calname"),
            "timezone": _value(calendar, "x-wr-timezone"),
            "timezones": list(zones),
        },
        "events": events,
    }


def _instants(line: Any, zones: dict[str, Any]) -> tuple[str, str]:
    """(UTC by the file's VTIMEZONE, UTC by the zone's name) for a DTSTART/DTEND line."""
    value: datetime = line.value
    tzid = line.params.get("X-VOBJ-ORIGINAL-TZID", [None])[0]
    by_name = _iso(value.astimezone(UTC))
    if tzid is None:
        return by_name, by_name
    if tzid not in zones:
        raise AssertionError(f"TZID {tzid} has no VTIMEZONE in the file")
    by_file = value.replace(tzinfo=zones[tzid]).astimezone(UTC)
    return _iso(by_file), by_name


def _person(line: Any) -> dict[str, str | None]:
    def param(name: str) -> str | None:
        values = line.params.get(name)
        return values[0] if values else None

    email = line.value
    if email.lower().startswith("mailto:"):
        email = email[len("mailto:") :]
    return {
        "email": email,
        "cn": param("CN"),
        "role": param("ROLE"),
        "partstat": param("PARTSTAT"),
        "rsvp": param("RSVP"),
    }


def _value(component: Any, name: str) -> Any:
    lines = component.contents.get(name)
    return lines[0].value if lines else None


def _iso(instant: datetime) -> str:
    return instant.astimezone(UTC).isoformat()


def _js_utc(value: str) -> str:
    # ical.js gives "2026-07-01T09:00:00.000Z"; normalise to Python's isoformat for ==.
    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC).isoformat()
