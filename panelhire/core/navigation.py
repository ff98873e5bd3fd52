"""The main navigation: each entry names the roles that see it."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app, request, url_for

from panelhire.auth.models import Role
from panelhire.core.memo import remembered


@dataclass(frozen=True)
class NavItem:
    label: str
    endpoint: str
    roles: frozenset[Role]


@dataclass(frozen=True)
class NavLink:
    """An entry as the page shows it (an object, not a dict: the template reads `item.url`,
    and on a dict Jinja first tries the attribute, builds an exception and throws it away)."""

    label: str
    url: str


NAV: list[NavItem] = [
    NavItem("People", "auth.accounts", frozenset({Role.ADMIN, Role.HR, Role.TRAINER})),
    NavItem("Residents", "training.resident_list", frozenset({Role.ADMIN, Role.HR, Role.TRAINER})),
    NavItem("Training due", "training.due", frozenset({Role.ADMIN, Role.HR, Role.TRAINER})),
    NavItem("Who is ready", "training.readiness", frozenset({Role.ADMIN, Role.HR, Role.MANAGER})),
    NavItem("My training", "training.mine", frozenset({Role.RESIDENT})),
    NavItem("Panels", "panels.dashboard", frozenset({Role.ADMIN, Role.HR, Role.MANAGER})),
    NavItem("Vacancies", "panels.vacancies", frozenset({Role.ADMIN, Role.HR, Role.MANAGER})),
    NavItem("Coverage", "panels.coverage", frozenset({Role.ADMIN, Role.HR, Role.MANAGER})),
    NavItem("Audit trail", "audit.trail", frozenset({Role.ADMIN})),
    NavItem(
        "Scoring",
        "scoring.index",
        frozenset({Role.ADMIN, Role.HR, Role.MANAGER, Role.STAFF, Role.RESIDENT}),
    ),
    NavItem("Recognition", "recognition.overview", frozenset({Role.ADMIN, Role.HR})),
    NavItem("My involvement", "recognition.mine", frozenset({Role.RESIDENT})),
    NavItem("Calendar and packs", "calendar.mine", frozenset(Role)),
    NavItem("Outbox", "messaging.index", frozenset({Role.ADMIN, Role.HR})),
    NavItem("Privacy", "privacy.index", frozenset({Role.ADMIN, Role.HR})),
]


def main_nav(user) -> list[NavLink]:  # noqa: ANN001
    """The entries this person's roles open, in order.

    On every page, and the same for everyone with the same roles under the same script root,
    so each worker builds each combination's links once.
    """
    roles = frozenset(user.role_names)
    return remembered(
        current_app.extensions.setdefault("main_nav", {}),
        (roles, request.script_root),
        lambda: [
            NavLink(item.label, url_for(item.endpoint))
            for item in NAV
            if item.roles & roles and item.endpoint in current_app.view_functions
        ],
    )


def register_navigation(app: Flask) -> None:
    app.jinja_env.globals["main_nav"] = main_nav
