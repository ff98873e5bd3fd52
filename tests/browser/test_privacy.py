"""Privacy journeys: retention settings, closing a vacancy under a legal hold, subject access."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.browser.conftest import sign_in_staff

pytestmark = pytest.mark.browser


def _open_privacy(page, audit) -> None:  # noqa: ANN001
    page.get_by_role("link", name="Privacy", exact=True).first.click()
    page.wait_for_load_state("load")
    audit(page)
    assert page.get_by_role("heading", name="Privacy", exact=True).is_visible()


def test_admin_sets_retention_and_previews_the_purge(page, live_server, audit):
    sign_in_staff(page, live_server, "admin@demo.test", audit)
    audit(page)
    _open_privacy(page, audit)

    # Close the night vacancy long ago, so the purge preview has candidates to show.
    page.get_by_role("link", name="Close vacancies and place legal holds").click()
    audit(page)
    page.get_by_role("link", name="Night Concierge").click()
    audit(page)
    page.get_by_label("Date the vacancy closed").fill("2024-01-15")
    page.get_by_role("button", name="Close vacancy").click()
    page.wait_for_load_state("load")
    audit(page)
    assert page.get_by_text("Night Concierge closed.").is_visible()

    page.get_by_role("link", name="Privacy", exact=True).first.click()
    page.wait_for_load_state("load")
    audit(page)
    page.get_by_role("link", name="Retention settings and the next purge").click()
    audit(page)
    assert page.get_by_role("heading", name="Retention settings").is_visible()
    assert page.get_by_role("heading", name="What the next purge would do").is_visible()
    due = page.get_by_role("table", name="Candidates due to be anonymised")
    assert due.get_by_role("cell", name="Night Concierge").count() == 2
    # Candidates are shown by reference only, never by name.
    assert "Casey Nowak" not in due.inner_text()

    # A wrong value is explained beside the field and what was typed is kept.
    months = page.get_by_label("Unsuccessful candidates: months after the vacancy closes")
    months.fill("0")
    page.get_by_role("button", name="Save settings").click()
    page.wait_for_load_state("load")
    audit(page)
    assert page.get_by_role("link", name="Enter a number of months").first.is_visible()
    assert months.input_value() == "0"

    months.fill("9")
    page.get_by_role("button", name="Save settings").click()
    page.wait_for_load_state("load")
    audit(page)
    assert page.get_by_text("Retention settings saved.").is_visible()
    assert months.input_value() == "9"


def test_hr_closes_a_vacancy_and_places_a_legal_hold(page, live_server, audit):
    sign_in_staff(page, live_server, "hr@demo.test", audit)
    audit(page)
    _open_privacy(page, audit)
    page.get_by_role("link", name="Close vacancies and place legal holds").click()
    audit(page)
    page.get_by_role("link", name="Support Worker").click()
    audit(page)
    assert page.get_by_role("heading", name="Support Worker: retention").is_visible()

    # A hold with no reason is refused beside the reason field.
    page.get_by_label("Keep every record for this vacancy (legal hold)").check()
    page.get_by_role("button", name="Save legal hold").click()
    page.wait_for_load_state("load")
    audit(page)
    assert page.get_by_role("link", name="Say why the records must be kept").is_visible()

    page.get_by_label("Keep every record for this vacancy (legal hold)").check()
    page.get_by_label("Why the records must be kept").fill("Employment tribunal claim")
    page.get_by_role("button", name="Save legal hold").click()
    page.wait_for_load_state("load")
    audit(page)
    assert page.get_by_text("Legal hold placed.").is_visible()
    assert page.get_by_text("Under a legal hold: nothing is anonymised.").is_visible()

    page.get_by_label("Date the vacancy closed").fill("")
    page.get_by_role("button", name="Close vacancy").click()
    page.wait_for_load_state("load")
    audit(page)
    assert page.get_by_role("link", name="Enter the date the vacancy closed").is_visible()

    page.get_by_label("Date the vacancy closed").fill("2026-01-05")
    page.get_by_role("button", name="Close vacancy").click()
    page.wait_for_load_state("load")
    audit(page)
    assert page.get_by_text("Support Worker closed.").is_visible()
    page.get_by_role("button", name="Reopen vacancy").click()
    page.wait_for_load_state("load")
    audit(page)
    assert page.get_by_text("Support Worker is open again").is_visible()


def _download(page, name: str, tmp_path: Path) -> Path:  # noqa: ANN001
    with page.expect_download() as info:
        page.get_by_role("link", name=name).click()
    download = info.value
    assert download.failure() is None
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    return path


def test_hr_downloads_a_subject_access_export(page, live_server, audit, tmp_path):
    sign_in_staff(page, live_server, "hr@demo.test", audit)
    audit(page)
    _open_privacy(page, audit)
    page.get_by_label("Candidate's name").fill("Jordan")
    page.get_by_role("button", name="Find").click()
    page.wait_for_load_state("load")
    audit(page)
    assert page.get_by_role("rowheader", name="Jordan Ellis").is_visible()
    assert page.get_by_role("rowheader", name="Aisha Rahman").count() == 0

    pdf = _download(page, "PDF for Jordan Ellis", tmp_path)
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(  # noqa: S603
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Jordan Ellis" in text
    assert "Aisha Rahman" not in text and "Ben Thornton" not in text

    raw = _download(page, "JSON for Jordan Ellis", tmp_path).read_text()
    data = json.loads(raw)
    assert data["candidate"]["name"] == "Jordan Ellis"
    assert "Aisha" not in raw and "Ben Thornton" not in raw
    # Downloading is not a page visit: the search results are still on screen.
    assert page.get_by_role("rowheader", name="Jordan Ellis").is_visible()
