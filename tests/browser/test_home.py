"""HR's home page: each upcoming panel's state, and the way through to that panel."""

from __future__ import annotations

import pytest

from tests.browser.conftest import sign_in_staff

pytestmark = pytest.mark.browser

STATE_WORDS = ("No eligible resident", "Needs attention", "Ready", "Exception recorded")


def test_hr_sees_each_panels_state_and_opens_the_panel(page, live_server, audit):
    sign_in_staff(page, live_server, "hr@demo.test", audit)
    audit(page)
    section = page.get_by_role("region", name="Panels coming up")
    cards = section.get_by_role("listitem")
    assert cards.count() >= 2
    for i in range(cards.count()):
        assert any(word in cards.nth(i).inner_text() for word in STATE_WORDS)
    section.get_by_role("link", name="Night Concierge").first.click()
    page.wait_for_load_state("load")
    audit(page)
    assert "/panels/" in page.url
    assert page.get_by_role("heading", level=1).first.is_visible()
