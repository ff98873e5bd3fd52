"""Reading invitation emails the way a mail program does, and their calendars with two parsers."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path
from typing import Any

from tests.exports.icalcheck import parse_with_icaljs, parse_with_vobject


def invite_parts(message: EmailMessage) -> dict[str, Any]:
    """The text, the inline calendar (with its method) and the attached .ics of an invitation."""
    assert message.get_content_type() == "multipart/mixed"
    alternative = next(
        p for p in message.iter_parts() if p.get_content_type() == "multipart/alternative"
    )
    kinds = [p.get_content_type() for p in alternative.iter_parts()]
    assert kinds == ["text/plain", "text/calendar"], kinds
    text, calendar = alternative.iter_parts()
    attachments = list(message.iter_attachments())
    assert len(attachments) == 1
    attachment = attachments[0]
    assert attachment.get_content_type() == "application/ics"
    assert attachment.get_filename().endswith(".ics")
    inline = calendar.get_content().encode("utf-8")
    attached = attachment.get_content()
    assert inline.replace(b"\r\n", b"\n") == attached.replace(b"\r\n", b"\n")
    return {
        "text": text.get_content(),
        "method_param": calendar.get_param("method"),
        "ics": attached,
    }


def read_calendars(calendars: list[bytes], tmp_path: Path) -> list[dict[str, Any]]:
    """Parse each calendar with ical.js and vobject; assert they agree; return ical.js's view."""
    paths = []
    for index, data in enumerate(calendars):
        path = tmp_path / f"cal-{index}.ics"
        path.write_bytes(data)
        paths.append(path)
    by_js = parse_with_icaljs(paths)
    results = []
    for path, data in zip(paths, calendars, strict=True):
        js = by_js[str(path)]
        py = parse_with_vobject(data)
        assert js["calendar"]["method"] == py["calendar"]["method"]
        assert len(js["events"]) == len(py["events"])
        for a, b in zip(js["events"], py["events"], strict=True):
            for key in ("uid", "sequence", "status", "start", "end", "summary"):
                assert a[key] == b[key], (key, a[key], b[key])
            assert b["start"] == b["start_by_name"]
        results.append(js)
    return results
