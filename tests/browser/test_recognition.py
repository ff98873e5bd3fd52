"""Recognition journeys: HR records a panel's attendance and choices; a resident checks totals."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.browser.conftest import sign_in_resident, sign_in_staff

pytestmark = pytest.mark.browser


def test_hr_records_attendance_and_choices_after_a_panel(page, live_server, audit):
    sign_in_staff(page, live_server, "hr@demo.test", audit)
    audit(page)
    assert page.get_by_role("heading", name="After panels: wellbeing").is_visible()
    page.get_by_role("link", name="Attendance and payments for Support Worker").first.click()
    audit(page)
    assert page.get_by_role("heading", name="After the panel: attendance and payments").is_visible()

    dee = page.get_by_role("group", name="Payment choice for Dee Morgan")
    dee.get_by_label("Full payment").check()
    page.get_by_role("group", name="Paid by, for Dee Morgan").get_by_label("Voucher").check()
    page.get_by_role("group", name="Payment choice for Sam Reid").get_by_label("Donate it").check()
    page.get_by_role("group", name="Attendance for Alex Kim").get_by_label("Did not come").check()
    page.get_by_role("group", name="Payment choice for Alex Kim").get_by_label("No payment").check()
    page.get_by_role("button", name="Save attendance and payments").click()
    page.wait_for_load_state("load")
    audit(page)
    assert page.get_by_text("Attendance and payment choices are saved.").is_visible()

    page.get_by_role("link", name="Recognition").click()
    audit(page)
    page.get_by_role("link", name="Payments due").click()
    audit(page)
    assert page.get_by_role("cell", name="Dee Morgan").first.is_visible()


def test_hr_records_a_training_session_and_the_attendees_payments(page, live_server, audit):
    sign_in_staff(page, live_server, "hr@demo.test", audit)
    audit(page)
    page.goto(f"{live_server}/training/sessions/new")
    audit(page)
    page.get_by_label("Module").select_option(label="Safeguarding basics")
    page.get_by_label("Date of the session").fill(
        (date.today() - timedelta(days=2)).strftime("%d/%m/%Y")
    )
    page.get_by_label("Priya Shah").check()
    page.get_by_label("Jo Bell").check()
    page.get_by_role("button", name="Record the session").click()
    page.wait_for_load_state("load")
    audit(page)
    # HR is taken straight on to paying the attendees.
    assert page.get_by_role(
        "heading", name="After the training: attendance and payments"
    ).is_visible()
    assert page.get_by_text("recorded for 2 people").is_visible()
    page.get_by_role("group", name="Payment choice for Priya Shah").get_by_label(
        "Full payment"
    ).check()
    page.get_by_role("group", name="Paid by, for Priya Shah").get_by_label("Voucher").check()
    page.get_by_role("group", name="Payment choice for Jo Bell").get_by_label("Donate it").check()
    page.get_by_role("button", name="Save attendance and payments").click()
    page.wait_for_load_state("load")
    audit(page)
    assert page.get_by_text("Attendance and payment choices are saved.").is_visible()
    page.get_by_role("link", name="Back to recognition").click()
    audit(page)
    assert page.get_by_role("link", name="Safeguarding basics").first.is_visible()


def test_a_resident_sees_their_totals_on_a_phone(phone, live_server, audit):
    sign_in_resident(phone, live_server, "dee", audit)
    audit(phone)
    phone.get_by_role("link", name="Your activities, payments and statements").click()
    audit(phone)
    assert phone.get_by_role("heading", name="Your totals").is_visible()
    assert phone.get_by_text("This tax year").is_visible()
    assert phone.get_by_role("button", name="Download statement (PDF)").is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    # Whether she has been paid is on screen without scrolling the table sideways.
    for heading in ("Amount", "Status"):
        cell = phone.get_by_role("region", name="Activities, newest first").get_by_role(
            "columnheader", name=heading
        )
        box = cell.bounding_box()
        assert box is not None and box["x"] + box["width"] <= 390, heading
    phone.get_by_role("link", name="How payments and expenses work").click()
    audit(phone)
    assert phone.get_by_role("heading", name="Payment for your time").is_visible()


def test_hr_cancels_a_mistaken_expense_and_notes_a_check_in(page, live_server, audit):
    sign_in_staff(page, live_server, "hr@demo.test", audit)
    audit(page)
    # Overdue check-ins say so; a short note goes with "Check-in done".
    assert page.get_by_text("Overdue since").first.is_visible()
    dee = (
        page.get_by_role("listitem")
        .filter(has_text="Dee Morgan")
        .filter(has=page.get_by_role("button", name="Check-in done"))
    )
    dee.get_by_label("What happened (optional)").fill("Spoke by phone, fine")
    dee.get_by_role("button", name="Check-in done").click()
    page.wait_for_load_state("load")
    audit(page)
    assert page.get_by_text("Check-in marked as done.").is_visible()

    page.get_by_role("link", name="Recognition").click()
    audit(page)
    page.get_by_role("link", name="Dee Morgan").click()
    audit(page)
    assert page.get_by_text("Spoke by phone, fine").is_visible()
    page.get_by_role("link", name="Record an expense").click()
    audit(page)
    page.get_by_label("Travel").check()
    page.get_by_label("Date").fill(date.today().isoformat())
    page.get_by_label("Amount in pounds").fill("3.20")
    page.get_by_role("button", name="Save expense").click()
    page.wait_for_load_state("load")
    audit(page)
    page.get_by_role("link", name="Cancel this expense").first.click()
    audit(page)
    page.get_by_role("button", name="Cancel this expense").click()
    page.wait_for_load_state("load")
    audit(page)  # the reason is asked for, beside the field
    assert page.get_by_role("heading", name="There is a problem").is_visible()
    page.get_by_label("Why is it being cancelled?").fill("Recorded twice")
    page.get_by_role("button", name="Cancel this expense").click()
    page.wait_for_load_state("load")
    audit(page)
    assert page.get_by_text("Recorded twice").is_visible()

    page.get_by_role("link", name="Recognition").click()
    audit(page)
    page.get_by_role("link", name="Payments due").click()
    audit(page)
    assert page.get_by_text("Total due:").is_visible()
