"""Organisation settings and the per-role home page."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import g, has_app_context
from sqlalchemy import select

from panelhire.auth.models import Role, User
from panelhire.core.models import Organisation
from panelhire.extensions import db
from panelhire.models.base import now_utc
from panelhire.panels.loading import with_people_and_places
from panelhire.panels.models import Panel, PanelStatus, panels_seating
from panelhire.scoring import home as scoring_home


def get_organisation() -> Organisation | None:
    """The organisation, read once per request: most pages ask for it several times."""
    cached = g.get("organisation") if has_app_context() else None
    if cached is not None and cached in db.session:
        return cached
    org = db.session.execute(
        select(Organisation).order_by(Organisation.id).limit(1)
    ).scalar_one_or_none()
    if org is not None:
        remember_organisation(org)
    return org


def remember_organisation(org: Organisation) -> None:
    """Keep the organisation for the rest of the request (the user loader reads it too)."""
    if has_app_context():
        g.organisation = org


@dataclass
class HomePage:
    """What a person should see first: their next actions."""

    my_panels: list[Panel] = field(default_factory=list)
    upcoming_panels: list[Panel] = field(default_factory=list)
    upcoming_states: list = field(default_factory=list)
    roles: set[Role] = field(default_factory=set)
    to_score: list = field(default_factory=list)
    awaiting_sign_off: list = field(default_factory=list)
    my_vacancies: list = field(default_factory=list)


def home_page_for(user: User) -> HomePage:
    page = HomePage(roles=user.role_names)
    now = now_utc()
    page.my_panels = list(
        db.session.execute(
            panels_seating(user.id)
            .where(
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
                .options(*with_people_and_places())
                .where(Panel.ends_at >= now, Panel.status != PanelStatus.CANCELLED)
                .order_by(Panel.starts_at, Panel.id)
                .limit(20)
            )
            .unique()
            .scalars()
        )
    if user.has_role(Role.HR, Role.ADMIN):
        # Red, amber or green exactly as on the panels dashboard. Imported here because the
        # panels' eligibility facts read the organisation from this module.
        from panelhire.panels import queries as panel_queries

        page.upcoming_states = panel_queries.panel_states(page.upcoming_panels, now=now)
    if user.has_role(Role.STAFF, Role.MANAGER):
        page.to_score = scoring_home.panels_to_score(user)
    if user.has_role(Role.MANAGER):
        page.awaiting_sign_off = scoring_home.awaiting_sign_off(user)
        page.my_vacancies = scoring_home.vacancies_managed_by(user)
    return page
