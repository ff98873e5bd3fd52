"""The printed invitation letter for panellists without email."""

from __future__ import annotations

from panelhire.auth.models import User
from panelhire.calendar.links import panel_page_url
from panelhire.core.services import get_organisation
from panelhire.exports.pdf import render_pdf
from panelhire.models.base import now_utc
from panelhire.panels.models import Panel


def letter_pdf(panel: Panel, person: User) -> bytes:
    org = get_organisation()
    name = (
        person.resident.preferred_name
        if person.resident and person.resident.preferred_name
        else person.display_name
    )
    return render_pdf(
        "letter.html",
        panel=panel,
        name=name,
        org=org,
        today=now_utc(),
        panel_url=panel_page_url(panel.id),
        cancelled=panel.status == "cancelled",
    )
