"""Organisation settings and the per-role home page."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import g, has_app_context
from sqlalchemy import select

from panelhire.auth.models import Role, User
from panelhire.core.models import Organisation
from panelhire.extensions import db
from panelhire.models.base import now_utc
from panelhire.panels.models import Panel, PanelMember, PanelStatus


def get_organisation() -> Organisation | None:
    """The organisation, read once per request: most pages ask for it several times."""
    cached = g.get("organisation") if has_app_context() else None
    if cached is not None and cached in db.session:
        return cached
    org = db.session.execute(select(Organisation).limit(1)).scalar_one_or_none()
    if org is not None and has_app_context():
        g.organisation = org
    return org


@dataclass
class HomePage:
    """What a person should see first: their next actions."""

    my_panels: list[Panel] = field(default_factory=list)
    upcoming_panels: list[Panel] = field(default_factory=list)
    roles: set[Role] = field(default_factory=set)


def home_page_for(user: User) -> HomePage:
    page = HomePage(roles=user.role_names)
    now = now_utc()
    page.my_panels = list(
        db.session.execute(
            select(Panel)
            .join(PanelMember, PanelMember.panel_id == Panel.id)
            .where(
                PanelMember.user_id == user.id,
                PanelMember.withdrawn_at.is_(None),
                Panel.ends_at >= now,
                Panel.status != PanelStatus.CANCELLED,
            )
            .order_by(Panel.starts_at)
            .limit(10)
        ).scalars()
    )
    if user.has_role(Role.HR, Role.ADMIN, Role.MANAGER):
        page.upcoming_panels = list(
            db.session.execute(
                select(Panel)
                .where(Panel.ends_at >= now, Panel.status != PanelStatus.CANCELLED)
                .order_by(Panel.starts_at)
                .limit(20)
            ).scalars()
        )
    return page
