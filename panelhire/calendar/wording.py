"""The short words residents without email are given: a text message HR can send by hand.

Pure: plain values in, a string out. It never names candidates or says anything about them.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

TEXT_LIMIT = 306  # two text-message parts: cheap to send and short enough to read on any phone


def panel_text_message(
    *,
    role_title: str,
    starts_at: datetime,
    ends_at: datetime,
    tzid: str,
    place: str | None,
    online_link: str | None = None,
    support_contact: str = "",
    cancelled: bool = False,
) -> str:
    """e.g. "Interview panel: Support Worker, Tue 8 Dec, 10:00 to 13:00, Riverside House ..."."""
    zone = ZoneInfo(tzid)
    start, end = starts_at.astimezone(zone), ends_at.astimezone(zone)
    when = f"{start:%a} {start.day} {start:%b}, {start:%H:%M} to {end:%H:%M}"
    where = place or (f"online: {online_link}" if online_link else "place to be confirmed")
    if cancelled:
        text = f"Interview panel CANCELLED: {role_title}, {when}. You do not need to come."
    else:
        text = f"Interview panel: {role_title}, {when}, {where}."
    if support_contact:
        text += f" Questions: {support_contact}."
    if len(text) > TEXT_LIMIT:
        text = text[: TEXT_LIMIT - 1].rstrip() + "…"
    return text
