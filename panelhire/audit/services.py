"""Writing to the audit trail. Every write goes through `record` in the caller's transaction."""

from __future__ import annotations

from flask import has_request_context, request

from panelhire.audit.models import AuditEvent
from panelhire.extensions import db


def record(
    action: str,
    *,
    actor=None,  # noqa: ANN001 - a User or None for the system
    object_type: str = "",
    object_id: int | None = None,
    summary: str = "",
) -> AuditEvent:
    """Add one audit event to the current transaction; it commits with the change it records."""
    client = (request.remote_addr or "") if has_request_context() else "command line"
    event = AuditEvent(
        actor_id=getattr(actor, "id", None),
        action=action,
        object_type=object_type,
        object_id=object_id,
        summary=summary[:2000],
        client=client[:64],
    )
    db.session.add(event)
    return event
