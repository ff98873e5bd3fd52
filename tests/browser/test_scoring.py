"""A resident scores two candidates on a phone, losing signal part-way through."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in_resident

pytestmark = pytest.mark.browser


def _choose(page, question: int, wording: str) -> None:  # noqa: ANN001
    page.locator("fieldset.question").nth(question).locator("label").filter(has_text=wording).tap()


def _scores_shown(page) -> list[str]:  # noqa: ANN001
    return [cell.strip() for cell in page.locator("tbody tr td:nth-child(2)").all_inner_texts()]


def test_resident_scores_two_candidates_offline_part_way_and_submits(phone, live_server, audit):
    status = phone.locator("#save-status")
    sign_in_resident(phone, live_server, "dee", audit)
    audit(phone)
    phone.get_by_role("link", name="Scoring").click()
    audit(phone)
    phone.get_by_role("link", name="Support Worker").click()
    audit(phone)
    phone.get_by_role("link", name="Jordan Ellis").click()
    audit(phone)
    assert "health" in phone.locator("main").inner_text()

    _choose(phone, 0, "Good evidence")
    expect(status).to_contain_text("Saved")

    phone.context.set_offline(True)
    _choose(phone, 1, "Some evidence")
    _choose(phone, 2, "Strong, clear evidence")
    phone.locator("fieldset.question").nth(2).get_by_label("Note (optional)").fill("Clear steps")
    expect(status).to_contain_text("offline")
    assert "kept on this phone" in status.inner_text()
    audit(phone)
    # Submitting while offline is held back rather than lost.
    phone.get_by_role("button", name="Submit my scores").click()
    assert "offline" in status.inner_text()

    phone.context.set_offline(False)
    expect(status).to_contain_text("Saved", timeout=15_000)
    phone.reload()  # what the server holds now, not what the page remembers
    audit(phone)
    checked = phone.locator("input[type=radio]:checked")
    assert [checked.nth(i).get_attribute("value") for i in range(3)] == ["3", "2", "4"]
    phone.get_by_role("button", name="Submit my scores").click()
    phone.wait_for_url("**/candidates/*")
    audit(phone)
    assert phone.get_by_role("heading", name="Jordan Ellis: your scores are submitted").is_visible()
    assert _scores_shown(phone) == ["3", "2", "4"]

    phone.goto(phone.url.rsplit("/", 1)[0] + "/" + str(int(phone.url.rsplit("/", 1)[1]) + 1))
    audit(phone)
    assert phone.get_by_role("heading", name="Score Aisha Rahman").is_visible()
    for question, wording in enumerate(["Limited evidence", "Good evidence", "Some evidence"]):
        _choose(phone, question, wording)
    expect(status).to_contain_text("Saved")
    phone.get_by_role("button", name="Submit my scores").click()
    phone.wait_for_url("**/candidates/*")
    audit(phone)
    assert _scores_shown(phone) == ["1", "3", "2"]
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
