"""HR books a panel, rosters a resident, and handles a withdrawal, in a real browser."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.browser.conftest import sign_in_staff

pytestmark = pytest.mark.browser


def _a_free_monday() -> date:
    day = date.today() + timedelta(days=22)
    while day.weekday() != 0:
        day += timedelta(days=1)
    return day


def test_dashboard_shows_the_demo_panel_without_a_resident_in_red(page, live_server, audit):
    sign_in_staff(page, live_server, "hr@demo.test", audit)
    audit(page)
    page.get_by_role("link", name="Panels", exact=True).click()
    audit(page)
    assert page.get_by_text("without an eligible resident").is_visible()
    assert page.locator("tr.row-red", has_text="Night Concierge").count() == 1
    page.get_by_role("link", name="Coverage").first.click()
    audit(page)
    assert page.get_by_role("heading", name="Coverage report").is_visible()


def test_book_roster_withdraw_and_substitute(page, live_server, audit):
    sign_in_staff(page, live_server, "hr@demo.test", audit)
    audit(page)
    page.get_by_role("link", name="Vacancies").click()
    audit(page)
    page.get_by_role("link", name="Support Worker").click()
    audit(page)
    page.get_by_role("link", name="Add a candidate").click()
    audit(page)
    page.get_by_label("Full name").fill("Robin Hale")
    page.get_by_role("button", name="Add candidate").click()
    audit(page)
    page.get_by_role("link", name="Book a panel").click()
    audit(page)

    # A time in the hour lost when the clocks go forward is refused beside the field.
    page.get_by_label("Date", exact=True).fill("2030-03-31")
    page.get_by_label("Start time").fill("01:30")
    page.get_by_label("End time").fill("03:00")
    page.get_by_label("Chair").select_option(label="Marcus Webb")
    page.get_by_role("button", name="Book panel").click()
    audit(page)
    assert page.get_by_text("does not exist").first.is_visible()

    page.get_by_label("Date", exact=True).fill(_a_free_monday().isoformat())
    page.get_by_label("Start time").fill("10:00")
    page.get_by_label("End time").fill("11:00")
    page.get_by_label("Robin Hale").check()
    page.get_by_role("button", name="Book panel").click()
    audit(page)
    assert page.get_by_text("needs a resident panellist").first.is_visible()

    page.get_by_role("link", name="Choose a resident").click()
    audit(page)
    suggested = page.locator("ol.choices li").first
    name = suggested.locator("strong").inner_text()
    suggested.get_by_role("button").click()
    audit(page)
    page.get_by_role("button", name="Confirm panel").click()
    audit(page)
    assert page.get_by_text("Panel confirmed").is_visible()

    page.get_by_role("button", name=f"Mark {name} withdrawn").click()
    audit(page)
    assert page.get_by_role("heading", name="Find a substitute").is_visible()
    page.get_by_role("button", name="as substitute").click()
    audit(page)
    assert page.get_by_text("added to the panel").is_visible()
    assert page.get_by_text("Ready").first.is_visible()
