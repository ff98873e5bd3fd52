"""What to load with a list of panels, so a page costs the same for 2 panels or 200."""

from __future__ import annotations

from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.interfaces import LoaderOption

from panelhire.auth.models import User
from panelhire.panels.models import Panel, PanelMember, Vacancy


def with_people_and_places() -> tuple[LoaderOption, ...]:
    """A panel's vacancy, places, interview slots and seated people (with their roles),
    in three statements."""
    return (
        joinedload(Panel.vacancy).joinedload(Vacancy.service),
        joinedload(Panel.service),
        selectinload(Panel.slots),
        selectinload(Panel.members).joinedload(PanelMember.user).joinedload(User.roles),
    )
