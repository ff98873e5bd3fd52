"""Each demo role signs in and lands on its own home page."""

from __future__ import annotations

import pytest

from tests.browser.conftest import sign_in_resident, sign_in_staff

pytestmark = pytest.mark.browser

STAFF_HOMES = [
    ("admin@demo.test", "Administration"),
    ("hr@demo.test", "Panels coming up"),
    ("manager@demo.test", "Your vacancies"),
    ("staff@demo.test", "Your next panels"),
    ("trainer@demo.test", "Training"),
]


@pytest.mark.parametrize(("email", "section"), STAFF_HOMES)
def test_staff_sign_in_lands_on_their_home(page, live_server, audit, email, section):
    sign_in_staff(page, live_server, email, audit)
    audit(page)
    assert page.get_by_role("heading", name=section).is_visible()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{live_server}/sign-in")
    audit(page)


@pytest.mark.parametrize("username", ["dee", "sam", "priya", "jo", "lee", "mo"])
def test_resident_signs_in_on_a_phone(phone, live_server, audit, username):
    sign_in_resident(phone, live_server, username, audit)
    audit(phone)
    assert phone.get_by_role("heading", name="Your next panels").is_visible()
    # Nothing spills sideways on a 390px screen.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390


def test_wrong_pin_is_explained_beside_the_form(phone, live_server, audit):
    phone.goto(f"{live_server}/sign-in/resident")
    phone.get_by_label("Username").fill("dee")
    phone.get_by_label("PIN").fill("")
    phone.get_by_role("button", name="Sign in").click()
    audit(phone)
    assert phone.get_by_text("Enter your PIN").first.is_visible()
    assert phone.get_by_label("Username").input_value() == "dee"


def test_keyboard_only_sign_in(page, live_server, audit):
    page.goto(f"{live_server}/sign-in")
    audit(page)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    page.get_by_label("Email").focus()
    page.keyboard.type("hr@demo.test")
    page.keyboard.press("Tab")
    page.keyboard.type("panelhire-demo")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server}/home")
    audit(page)


def test_the_audit_catches_an_inaccessible_page(page):
    from tests.browser.conftest import Auditor

    page.set_content("<html lang='en'><body><main><input type='text'></main></body></html>")
    with pytest.raises(AssertionError, match="accessibility problems"):
        Auditor()(page)
