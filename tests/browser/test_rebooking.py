"""In a real browser, with every page checked by axe: HR cancels a panel to book another date."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.browser.conftest import sign_in_staff

pytestmark = pytest.mark.browser


def test_cancel_asks_first_then_the_new_booking_needs_only_a_date(page, live_server, audit):
    sign_in_staff(page, live_server, "hr@demo.test", audit)
    audit(page)
    page.goto(f"{live_server}/panels")
    audit(page)
    page.locator("tr", has_text="Support Worker").first.get_by_role("link").click()
    audit(page)
    assert page.get_by_role("link", name="Interview packs for this panel").is_visible()
    assert page.get_by_role("link", name="Who is ready for this panel").is_visible()

    page.get_by_role("link", name="Cancel this panel and book another date").click()
    audit(page)
    assert page.get_by_text("This calls off the panel on").is_visible()
    assert page.get_by_text("Dee Morgan", exact=False).first.is_visible()
    page.get_by_role("button", name="Cancel the panel and book another date").click()
    audit(page)

    assert page.get_by_text("Panel cancelled.").is_visible()
    assert page.get_by_role("link", name="Dee Morgan").is_visible()
    assert page.get_by_label("Chair").input_value() != "0"
    assert page.get_by_label("Date", exact=True).input_value() == ""
    day = date.today() + timedelta(days=40)
    while day.weekday() != 0:
        day += timedelta(days=1)
    page.get_by_label("Date", exact=True).fill(day.isoformat())
    page.get_by_role("button", name="Book panel").click()
    audit(page)
    assert page.get_by_text("Panel booked").is_visible()
