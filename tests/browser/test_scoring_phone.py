"""The score sheet's script on a resident's own phone: a phone whose clock is slow, the save
status kept in view beside the buttons, and a sign-in that ended while scoring.

The demo's upcoming Support Worker panel: Dee Morgan sits as the resident; the first candidate
is Jordan Ellis. Scale 0 to 4 ("Good evidence" is 3, "Some evidence" is 2).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in_resident

pytestmark = pytest.mark.browser

# The phone's clock runs behind or ahead of the server's by this many milliseconds.
SHIFTED_CLOCK = "(() => {{ const real = Date.now; Date.now = () => real() + ({}); }})();"


def _choose(page, question: int, wording: str) -> None:  # noqa: ANN001
    page.locator("fieldset.question").nth(question).locator("label").filter(has_text=wording).tap()


def _open_jordans_sheet(phone, live_server, audit) -> None:  # noqa: ANN001
    sign_in_resident(phone, live_server, "dee", audit)
    audit(phone)
    phone.get_by_role("link", name="Scoring", exact=True).click()
    audit(phone)
    phone.get_by_role("link", name="Support Worker, ").first.click()
    audit(phone)
    phone.get_by_role("link", name="Jordan Ellis").click()
    audit(phone)


@pytest.mark.parametrize(
    "shift", [-120_000, 3 * 86_400_000], ids=["two-minutes-slow", "three-days-fast"]
)
def test_a_tap_after_save_wins_whatever_the_phones_clock_says(phone, live_server, audit, shift):
    phone.context.add_init_script(SHIFTED_CLOCK.format(shift))
    _open_jordans_sheet(phone, live_server, audit)
    status = phone.locator("#save-status")
    _choose(phone, 0, "Good evidence")
    expect(status).to_contain_text("Saved")
    # Save posts the whole sheet; the server numbers that save by its own clock.
    phone.get_by_role("button", name="Save", exact=True).click()
    phone.wait_for_load_state("load")
    audit(phone)
    _choose(phone, 0, "Some evidence")
    expect(status).to_contain_text("Saved")
    phone.reload()
    audit(phone)
    checked = phone.locator("fieldset.question").nth(0).locator("input[type=radio]:checked")
    assert checked.get_attribute("value") == "2"


def test_the_save_status_stays_beside_the_buttons_and_says_when_sign_in_ended(
    phone, live_server, audit
):
    _open_jordans_sheet(phone, live_server, audit)
    status = phone.locator("#save-status")
    # At the first question, far above the buttons, the status and Submit are on screen.
    phone.locator("fieldset.question").nth(0).scroll_into_view_if_needed()
    for element in (status, phone.get_by_role("button", name="Submit my scores")):
        box = element.bounding_box()
        assert box is not None and 0 <= box["y"] and box["y"] + box["height"] <= 844
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    # Tabbing through the sheet, nothing focused is hidden under the bar (WCAG 2.4.11).
    hidden = []
    for _ in range(30):
        phone.keyboard.press("Tab")
        hidden.append(
            phone.evaluate(
                """() => {
                  const e = document.activeElement, bar = document.querySelector('.sticky-actions');
                  if (e === document.body || bar.contains(e)) return 0;
                  const a = e.getBoundingClientRect(), b = bar.getBoundingClientRect();
                  return Math.max(0, Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top));
                }"""
            )
        )
    assert max(hidden) == 0, hidden

    # Signed out in another tab: the script says so instead of retrying for ever.
    phone.context.clear_cookies()
    _choose(phone, 1, "Some evidence")
    expect(status).to_contain_text("signed out")
    assert "kept on this phone" in status.inner_text()


def test_a_reply_lost_on_a_weak_signal_does_not_stop_later_saves(phone, live_server, audit):
    """The first save's reply never comes (the signal dropped mid-request). The page gives up
    on it, keeps the answers, and saves them all on its next try."""
    phone.clock.install()
    held = []

    def api(route) -> None:  # noqa: ANN001
        if not held:
            held.append(route)  # never answered
        else:
            route.continue_()

    phone.route("**/api/scoring/**", api)
    sign_in_resident(phone, live_server, "dee", audit)
    audit(phone)
    phone.get_by_role("link", name="Scoring", exact=True).click()
    audit(phone)
    phone.get_by_role("link", name="Support Worker, ").first.click()
    audit(phone)
    phone.get_by_role("link", name="Aisha Rahman").click()
    audit(phone)
    status = phone.locator("#save-status")
    _choose(phone, 0, "Good evidence")
    expect(status).to_contain_text("Saving")
    _choose(phone, 1, "Some evidence")
    phone.clock.fast_forward("00:16")  # past the 15 seconds the page waits for a reply
    expect(status).to_contain_text("kept on this phone")
    phone.clock.fast_forward("00:06")  # the retry
    expect(status).to_contain_text("Saved")
    phone.unroute("**/api/scoring/**")
    phone.reload()
    audit(phone)
    checked = phone.locator("input[type=radio]:checked")
    assert [checked.nth(i).get_attribute("value") for i in range(2)] == ["3", "2"]
