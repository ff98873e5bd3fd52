"""Calendar files, letters and packs downloaded through the pages, as people really do."""

from __future__ import annotations

import re
import subprocess

import pytest
import vobject

from tests.browser.conftest import sign_in_resident, sign_in_staff

pytestmark = pytest.mark.browser

CANDIDATES = ("Jordan Ellis", "Aisha Rahman", "Ben Thornton")


def _pdf_text(path) -> str:  # noqa: ANN001
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True)
    return " ".join(out.stdout.split())


def test_a_resident_downloads_their_invite_and_large_print_pack_on_a_phone(
    phone, live_server, audit, tmp_path
):
    sign_in_resident(phone, live_server, "dee", audit)
    audit(phone)
    phone.get_by_role("link", name="Calendar and packs").click()
    phone.wait_for_url(f"{live_server}/calendar/")
    audit(phone)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    with phone.expect_download() as download:
        phone.get_by_role("link", name="Add to your calendar").first.click()
    ics = tmp_path / "panel.ics"
    download.value.save_as(ics)
    data = ics.read_text(encoding="utf-8")
    event = vobject.readOne(data).vevent
    assert event.summary.value.startswith("Interview panel: Support Worker")
    assert not any(name.split()[0] in data for name in CANDIDATES)

    phone.get_by_label("Large print").first.check()
    with phone.expect_download() as download:
        phone.get_by_role("button", name="Print your pack").first.click()
    pdf = tmp_path / "pack.pdf"
    download.value.save_as(pdf)
    text = _pdf_text(pdf)
    assert "for Dee Morgan" in text and "Confidential: return or shred after the panel" in text
    assert "Jordan Ellis" in text and "jordan@example.org" not in text


def test_hr_prints_a_numbered_copy_and_records_it_back(page, live_server, audit, tmp_path):
    sign_in_staff(page, live_server, "hr@demo.test", audit)
    audit(page)
    page.goto(f"{live_server}/calendar/")
    audit(page)
    page.get_by_role("link", name="packs for Support Worker").first.click()
    audit(page)
    page.get_by_label("Who is this copy for?").select_option(label="Sofia Patel")
    page.get_by_label("Full pack").check()
    with page.expect_download() as download:
        page.get_by_role("button", name="Print the copy (PDF)").click()
    pdf = tmp_path / "copy.pdf"
    download.value.save_as(pdf)
    assert re.search(r"Copy \d+ for Sofia Patel", _pdf_text(pdf))

    page.reload()
    audit(page)
    page.get_by_role("button", name="Record as returned or shredded").first.click()
    audit(page)
    assert page.get_by_text("recorded by Harriet Hughes").is_visible()


def test_hr_gets_a_letter_and_a_text_for_a_resident_without_email(
    page, live_server, audit, tmp_path
):
    sign_in_staff(page, live_server, "hr@demo.test", audit)
    audit(page)
    page.goto(f"{live_server}/calendar/")
    audit(page)
    page.get_by_role("link", name="Dee Morgan").click()
    audit(page)
    assert page.get_by_text("Interview panel: Support Worker").first.is_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Invitation letter").first.click()
    letter = tmp_path / "letter.pdf"
    download.value.save_as(letter)
    assert "Dear Dee" in _pdf_text(letter)
    page.get_by_role("button", name="Send this text").first.click()
    audit(page)
    assert page.get_by_text("Text message sent to Dee Morgan").is_visible()
    page.get_by_role("link", name="Outbox").click()
    audit(page)
