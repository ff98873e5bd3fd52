"""Cancelling a panel to book another date: asked first, then a booking form filled in from it."""

from __future__ import annotations

from datetime import timedelta
from html.parser import HTMLParser

from panelhire.core.formatting import format_long_date
from panelhire.panels import services
from panelhire.panels.models import Panel, PanelStatus, SeatRole
from tests.factories import make_panel, make_staff
from tests.html import csrf_token, page_text
from tests.panels.factories import NEXT_WEEK, make_appointer, make_trained_resident


class _Fields(HTMLParser):
    """What a form would send as it stands: ticked boxes, chosen options, filled-in boxes."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, list[str]] = {}
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):  # noqa: ANN001
        a = dict(attrs)
        if tag == "input" and a.get("type") == "checkbox":
            if "checked" in a:
                self.values.setdefault(a["name"], []).append(a["value"])
        elif tag == "input" and a.get("name"):
            self.values.setdefault(a["name"], []).append(a.get("value") or "")
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self.values.setdefault(self._select, []).append(a["value"])

    def handle_endtag(self, tag):  # noqa: ANN001
        if tag == "select":
            self._select = None


def _fields(response) -> dict[str, list[str]]:  # noqa: ANN001
    parser = _Fields()
    parser.feed(response.get_data(as_text=True))
    return parser.values


def _confirmed_panel(db, hr):  # noqa: ANN001
    chair = make_appointer(name="Marcus Webb")
    staff = make_staff(name="Ann Lee")
    dee = make_trained_resident(name="Dee Morgan")
    panel = make_panel(
        day=NEXT_WEEK,
        members=[(chair, "chair"), (staff, "staff"), (dee, "resident")],
        candidates=["Jordan Ellis", "Casey Nowak"],
    )
    services.confirm_panel(hr, panel)
    db.session.commit()
    return panel, chair, staff, dee


def test_the_panel_page_only_links_to_a_page_that_asks_first(client, db, hr):
    panel, *_ = _confirmed_panel(db, hr)
    body = client.get(f"/panels/{panel.id}").get_data(as_text=True)
    assert f'href="/panels/{panel.id}/cancel"' in body
    assert f'action="/panels/{panel.id}/cancel"' not in body

    page = client.get(f"/panels/{panel.id}/cancel")
    assert page.status_code == 200
    text = page_text(page)
    assert (
        f"This calls off the panel on {format_long_date(panel.starts_at)} "
        "for 3 people and 2 candidates. Everyone who was sent an invitation by email gets a "
        "cancellation."
    ) in text
    assert "Dee Morgan has no email address" in text
    db.session.refresh(panel)
    assert panel.status == PanelStatus.CONFIRMED  # looking at the page changes nothing


def test_confirming_cancels_then_opens_a_booking_form_filled_in_from_the_panel(client, db, hr):
    panel, chair, staff, dee = _confirmed_panel(db, hr)
    candidates = [s.candidate_id for s in panel.slots]
    page = client.get(f"/panels/{panel.id}/cancel")
    response = client.post(f"/panels/{panel.id}/cancel", data={"csrf_token": csrf_token(page)})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        f"/vacancies/{panel.vacancy_id}/panels/new?from_panel={panel.id}"
    )
    db.session.refresh(panel)
    assert panel.status == PanelStatus.CANCELLED

    form_page = client.get(response.headers["Location"])
    text = page_text(form_page)
    assert "Panel cancelled." in text
    assert "Choose the new date" in text
    fields = _fields(form_page)
    assert fields["day"] == [""]  # the date is HR's to choose
    assert fields["start"] == ["10:00"] and fields["end"] == ["13:00"]
    assert fields["service_id"] == [str(panel.service_id)]
    assert fields["chair_id"] == [str(chair.id)]
    assert fields["staff_ids"] == [str(staff.id)]
    assert fields["resident_ids"] == [str(dee.id)]
    assert sorted(fields["candidate_ids"]) == sorted(str(c) for c in candidates)

    # Choosing a date is all that is left to do.
    data = {name: values for name, values in fields.items()}
    data["day"] = [(NEXT_WEEK + timedelta(days=7)).isoformat()]
    booked = client.post(response.headers["Location"], data=data)
    assert booked.status_code == 302, page_text(booked)
    new = db.session.execute(
        db.select(Panel).where(Panel.vacancy_id == panel.vacancy_id, Panel.id != panel.id)
    ).scalar_one()
    assert sorted(s.candidate_id for s in new.slots) == sorted(candidates)
    assert {(m.user_id, m.role) for m in new.members} == {
        (chair.id, SeatRole.CHAIR),
        (staff.id, SeatRole.STAFF),
        (dee.id, SeatRole.RESIDENT),
    }


def test_a_panel_that_is_not_cancelled_fills_in_nothing(client, db, hr):
    panel, *_ = _confirmed_panel(db, hr)
    fields = _fields(client.get(f"/vacancies/{panel.vacancy_id}/panels/new?from_panel={panel.id}"))
    assert "candidate_ids" not in fields and "chair_id" not in fields


def test_a_draft_panel_is_called_off_without_cancellations(client, db, hr):
    panel = make_panel(day=NEXT_WEEK, members=[(make_appointer(), "chair")])
    text = page_text(client.get(f"/panels/{panel.id}/cancel"))
    assert "for 1 person and 1 candidate" in text
    assert "nobody is sent a cancellation" in text
