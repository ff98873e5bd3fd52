"""Training journeys: a trainer records a group session; HR reads a resident's status."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.browser.conftest import sign_in_staff

pytestmark = pytest.mark.browser


def test_trainer_records_a_group_session_and_reads_the_result(page, live_server, audit):
    sign_in_staff(page, live_server, "trainer@demo.test", audit)
    audit(page)
    page.get_by_role("link", name="Record a group session").click()
    page.wait_for_url(f"{live_server}/training/sessions/new")
    audit(page)
    # Submitting with nothing ticked explains the problem beside the list.
    page.get_by_role("button", name="Record the session").click()
    audit(page)
    assert page.get_by_text("Tick at least one resident who attended").first.is_visible()

    held = date.today() - timedelta(days=1)
    page.get_by_label("Module").select_option(label="Safeguarding basics")
    page.get_by_label("Date of the session").fill(held.strftime("%d/%m/%Y"))
    page.get_by_label("Lee Carter").check()
    page.get_by_label("Mo Hassan").check()
    page.get_by_role("button", name="Record the session").click()
    page.wait_for_url(f"{live_server}/training/residents")
    audit(page)
    assert page.get_by_text("recorded for 2 people").is_visible()

    page.get_by_role("link", name="Lee Carter").click()
    audit(page)
    history = page.get_by_role("table", name="Training completed by Lee Carter")
    assert history.get_by_role("rowheader", name="Safeguarding basics").is_visible()
    assert page.get_by_text("Not trained in Interview skills").is_visible()
    assert page.get_by_text("Cannot score yet").is_visible()


def test_hr_reads_a_residents_status_on_a_phone(phone, live_server, audit):
    sign_in_staff(phone, live_server, "hr@demo.test", audit)
    audit(phone)
    phone.goto(f"{live_server}/training/residents")
    audit(phone)
    phone.get_by_label("Status").select_option(label="Lapsed")
    phone.get_by_role("button", name="Show residents").click()
    audit(phone)
    assert phone.get_by_role("link", name="Jo Bell").is_visible()
    assert phone.get_by_role("link", name="Dee Morgan").count() == 0

    phone.goto(f"{live_server}/training/residents")
    audit(phone)
    phone.get_by_role("link", name="Dee Morgan").click()
    audit(phone)
    assert phone.get_by_text("May score on panels").is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    phone.goto(f"{live_server}/training/readiness")
    audit(phone)
    phone.get_by_label("Panel date").fill((date.today() + timedelta(days=7)).strftime("%d/%m/%Y"))
    phone.get_by_role("button", name="Show who is ready").click()
    audit(phone)
    assert phone.get_by_text("Confidentiality agreement not signed").first.is_visible()


def test_resident_reads_their_own_training_on_a_phone(phone, live_server, audit):
    from tests.browser.conftest import sign_in_resident

    sign_in_resident(phone, live_server, "mo", audit)
    audit(phone)
    phone.get_by_role("link", name="My training").click()
    audit(phone)
    assert phone.get_by_text("Watch 1 more panel before you score").is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390


def test_hr_checks_a_spreadsheet_before_importing_it(page, live_server, audit, tmp_path):
    """The preview of a wide file scrolls sideways inside its box: it must be reachable by
    keyboard (axe: scrollable-region-focusable)."""
    sheet = tmp_path / "residents.csv"
    sheet.write_text(
        "name,preferred_name,service,username,email,mobile,contact_channel\n"
        "Robin Example-Longname,Robin,Riverside House,robin.example,"
        "robin.example.long.address@example.org,07700 900555,text\n",
        encoding="utf-8",
    )
    sign_in_staff(page, live_server, "hr@demo.test", audit)
    audit(page)
    page.goto(f"{live_server}/training/import")
    audit(page)
    page.get_by_label("Residents").check()
    page.get_by_label("CSV file").set_input_files(str(sheet))
    page.get_by_role("button", name="Check the file").click()
    page.wait_for_load_state("load")
    audit(page)
    assert page.get_by_text("Robin Example-Longname").first.is_visible()
