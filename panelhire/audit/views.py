"""Administrators read and filter the audit trail; nothing in the app can edit it."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from flask import Blueprint, render_template, request
from sqlalchemy import select

from panelhire.audit.models import AuditEvent
from panelhire.auth.access import roles_required
from panelhire.auth.models import Role, User
from panelhire.core.formatting import org_timezone
from panelhire.extensions import db

bp = Blueprint("audit", __name__, url_prefix="/audit")

PAGE_SIZE = 100


@bp.route("/")
@roles_required(Role.ADMIN)
def trail():
    action = request.args.get("action", "").strip()[:60]
    on = request.args.get("on", "").strip()[:10]
    page = max(1, min(request.args.get("page", 1, type=int) or 1, 10_000))
    stmt = select(AuditEvent, User.display_name).outerjoin(User, User.id == AuditEvent.actor_id)
    problem = None
    if action:
        stmt = stmt.where(AuditEvent.action == action)
    if on:
        try:
            day = datetime.strptime(on, "%Y-%m-%d").date()
        except ValueError:
            problem = "Enter the date as a real date, for example 2026-11-27"
        else:
            start = datetime.combine(day, time(), tzinfo=org_timezone())
            stmt = stmt.where(AuditEvent.at >= start, AuditEvent.at < start + timedelta(days=1))
    rows = db.session.execute(
        stmt.order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(PAGE_SIZE + 1)
        .offset((page - 1) * PAGE_SIZE)
    ).all()
    actions = (
        db.session.execute(select(AuditEvent.action).distinct().order_by(AuditEvent.action))
        .scalars()
        .all()
    )
    return render_template(
        "audit/trail.html",
        rows=rows[:PAGE_SIZE],
        more=len(rows) > PAGE_SIZE,
        page=page,
        actions=actions,
        action=action,
        on=on,
        problem=problem,
    ), 422 if problem else 200
