"""Showing stored UTC instants in the organisation's time zone, in plain British formats."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import Flask, current_app, g

from panelhire.models.base import now_utc

DEFAULT_TIMEZONE = "Europe/London"


def org_timezone() -> ZoneInfo:
    """The organisation's zone, read once per request."""
    if "org_tz" not in g:
        from panelhire.core.services import get_organisation

        org = get_organisation()
        g.org_tz = ZoneInfo(
            org.timezone if org else current_app.config.get("ORG_TIMEZONE", DEFAULT_TIMEZONE)
        )
    return g.org_tz


def local_today() -> date:
    """Today in the organisation's time zone, not the server's: from midnight to 1 a.m. in
    summer, London is already on the next day while the server's clock (UTC) is not."""
    return now_utc().astimezone(org_timezone()).date()


def to_local(value: datetime) -> datetime:
    return value.astimezone(org_timezone())


def format_datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    local = to_local(value)
    return local.strftime("%a %d %b %Y, %H:%M").replace(" 0", " ", 1)


def format_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = to_local(value).date()
    return value.strftime("%d/%m/%Y")


def format_long_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = to_local(value).date()
    return f"{value:%A} {value.day} {value:%B %Y}"


def format_time(value: datetime | None) -> str:
    return to_local(value).strftime("%H:%M") if value else ""


def format_pence(value: int | None) -> str:
    if value is None:
        return ""
    sign = "-" if value < 0 else ""
    return f"{sign}£{abs(value) // 100:,}.{abs(value) % 100:02d}"


def register_filters(app: Flask) -> None:
    app.add_template_filter(format_datetime, "datetime")
    app.add_template_filter(format_date, "date")
    app.add_template_filter(format_long_date, "long_date")
    app.add_template_filter(format_time, "time")
    app.add_template_filter(format_pence, "pence")
