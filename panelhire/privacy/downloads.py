"""Every file download (CSV, PDF, JSON export) is rate limited and written to the audit trail.

Done in one place, by URL, so a download added later in any area is covered without
remembering to decorate it; a test walks every route to keep it that way.
"""

from __future__ import annotations

import re

from flask import Flask, Response, current_app, request
from flask_limiter.util import get_remote_address
from flask_login import current_user

from panelhire.audit.services import record
from panelhire.extensions import db, limiter

EXPORT_LIMIT = "60 per hour"
EXPORT_SUFFIXES = (".csv", ".pdf", ".json", ".ics", ".eml")
# A calendar subscription is polled by calendar servers, not downloaded by a person: limiting
# or auditing every poll would lock people out of their own diary and flood the trail.
NOT_EXPORTS = frozenset({"calendar.feed"})
_FILENAME = re.compile(r'filename="?([^";]+)"?')


def is_export_rule(rule: str, endpoint: str = "") -> bool:
    """A route whose URL ends in .csv, .pdf, .json, .ics or .eml hands out a file."""
    return rule.endswith(EXPORT_SUFFIXES) and endpoint not in NOT_EXPORTS


def _exporter() -> str:
    # Per person when signed in, so one office behind one address does not share a limit.
    if current_user.is_authenticated:
        return f"user:{current_user.get_id()}"
    return get_remote_address()


def _export_limit() -> str:
    return current_app.config.get("EXPORT_RATE_LIMIT", EXPORT_LIMIT)


def limit_exports() -> None:
    rule = request.url_rule
    if rule is None or not is_export_rule(rule.rule, rule.endpoint):
        return
    with limiter.shared_limit(_export_limit, scope="exports", key_func=_exporter):
        pass


def audit_exports(response: Response) -> Response:
    disposition = response.headers.get("Content-Disposition", "")
    if response.status_code != 200 or not disposition.startswith("attachment"):
        return response
    if request.endpoint in NOT_EXPORTS:
        return response
    found = _FILENAME.search(disposition)
    ids = ", ".join(f"{k} {v}" for k, v in sorted((request.view_args or {}).items()))
    record(
        "export",
        actor=current_user if current_user.is_authenticated else None,
        object_type="download",
        summary=f"{request.endpoint}: {found.group(1) if found else 'file'}"
        + (f" ({ids})" if ids else ""),
    )
    db.session.commit()
    return response


def register_download_guards(app: Flask) -> None:
    app.before_request(limit_exports)
    app.after_request(audit_exports)
