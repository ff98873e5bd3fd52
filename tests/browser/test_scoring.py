"""The whole scoring journey for one panel: a resident scores on a phone (losing signal part-way),
the staff panellists score, the chair agrees scores and decides, the hiring manager signs off and
downloads the decision record as a PDF and a CSV, and the test reads both files back.

The demo's upcoming Support Worker panel: Marcus Webb chairs (and is the hiring manager), Sofia
Patel sits as staff, Dee Morgan as the resident; candidates Jordan Ellis, Aisha Rahman and Ben
Thornton. Scale 0 to 4, three questions of weight 1, one panel with equal weight, so a total
out of 100 is the sum of the agreed scores out of 12.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.conftest import sign_in_resident, sign_in_staff

pytestmark = pytest.mark.browser

VACANCY = "Support Worker"


def _choose(page, question: int, wording: str) -> None:  # noqa: ANN001
    page.locator("fieldset.question").nth(question).locator("label").filter(has_text=wording).tap()


def _scores_shown(page) -> list[str]:  # noqa: ANN001
    return [cell.strip() for cell in page.locator("tbody tr td:nth-child(2)").all_inner_texts()]


def _open_upcoming_panel(page, audit) -> None:  # noqa: ANN001
    page.get_by_role("link", name="Scoring", exact=True).click()
    audit(page)
    # Newest first: the upcoming panel leads, before the panels already held for this vacancy.
    page.get_by_role("link", name=re.compile(f"^{VACANCY}, ")).first.click()
    audit(page)


def _resident_scores_two_candidates_on_a_phone(phone, live_server, audit) -> None:  # noqa: ANN001
    status = phone.locator("#save-status")
    sign_in_resident(phone, live_server, "dee", audit)
    audit(phone)
    _open_upcoming_panel(phone, audit)
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
    assert phone.locator("fieldset.question").nth(2).get_by_label(
        "Note (optional)"
    ).input_value() == ("Clear steps")
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


def _pick(page, values: list[int]) -> None:  # noqa: ANN001
    """Tick a score per question on a 0-4 sheet (the scale's labels come first, in order)."""
    for question, value in enumerate(values):
        page.locator("fieldset.question").nth(question).locator("label").nth(value).click()


def _staff_scores(page, live_server, audit, email: str, scores: dict[str, list[int]]) -> None:  # noqa: ANN001
    sign_in_staff(page, live_server, email, audit)
    audit(page)
    to_score = page.locator("section", has=page.get_by_role("heading", name="Panels to score"))
    expect(to_score).to_contain_text(f"{VACANCY}, ")
    expect(to_score).to_contain_text("3 candidates still to score")
    _open_upcoming_panel(page, audit)
    panel_page = page.url
    for candidate, values in scores.items():
        page.goto(panel_page)
        page.get_by_role("link", name=candidate, exact=True).click()
        audit(page)
        _pick(page, values)
        page.get_by_role("button", name="Submit my scores").click()
        expect(
            page.get_by_role("heading", name=f"{candidate}: your scores are submitted")
        ).to_be_visible()
        audit(page)
        assert _scores_shown(page) == [str(v) for v in values]


def _sign_out(page) -> None:  # noqa: ANN001
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/sign-in**")


def _consensus(page, audit, candidate: str) -> None:  # noqa: ANN001
    """The chair's view of one candidate, reached through the links a chair would follow."""
    if "/consensus" in page.url:
        page.get_by_role("link", name=f"{VACANCY}: all candidates").click()
    else:
        _open_upcoming_panel(page, audit)
        page.get_by_role("link", name="Agree scores and decide").click()
    audit(page)
    page.get_by_role("link", name=candidate, exact=True).click()
    audit(page)


def _decide(page, audit, outcome: str, *, reasons: str = "", dbs: bool = False) -> None:  # noqa: ANN001
    form = page.locator("form", has=page.get_by_role("button", name="Record the decision"))
    form.get_by_label(outcome, exact=True).check()
    if dbs:
        form.get_by_label("DBS check").check()
    form.get_by_label("Reasons").fill(reasons)
    form.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("Decision recorded.")).to_be_visible()
    audit(page)


def _download(page, link: str, tmp_path: Path) -> Path:  # noqa: ANN001
    with page.expect_download() as info:
        page.get_by_role("link", name=link).click()
    download = info.value
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    return target


def test_panel_scores_agrees_decides_signs_off_and_downloads(
    phone,
    page,
    live_server,
    audit,
    tmp_path,  # noqa: ANN001
):
    _resident_scores_two_candidates_on_a_phone(phone, live_server, audit)

    # The other panellists score on their own. Ben Thornton's resident scores came on paper.
    _staff_scores(
        page,
        live_server,
        audit,
        "staff@demo.test",
        {"Jordan Ellis": [3, 2, 4], "Aisha Rahman": [1, 1, 1], "Ben Thornton": [2, 3, 2]},
    )
    _sign_out(page)
    audit(page)
    _staff_scores(
        page,
        live_server,
        audit,
        "manager@demo.test",
        {"Jordan Ellis": [3, 2, 4], "Aisha Rahman": [1, 2, 1], "Ben Thornton": [2, 2, 3]},
    )

    # The chair types in Dee's paper sheet for Ben Thornton.
    _consensus(page, audit, "Ben Thornton")
    expect(page.get_by_text("Waiting for scores from: Dee Morgan")).to_be_visible()
    page.get_by_role("link", name="enter paper scores for Dee Morgan").first.click()
    audit(page)
    _pick(page, [2, 2, 2])
    page.get_by_role("button", name="Enter and submit these scores").click()
    expect(page.get_by_text("Paper scores entered on behalf of Dee Morgan.")).to_be_visible()
    audit(page)
    assert "entered on behalf" in page.locator("main").inner_text()

    # Agreeing Jordan's scores: they start at the average; a change needs a comment.
    _consensus(page, audit, "Jordan Ellis")
    recording = page.get_by_label("Agreed score", exact=True).nth(1)
    assert recording.input_value() == "2"
    recording.select_option("3")
    page.get_by_role("button", name="Save agreed scores").click()
    # Refused with a message beside the field, linked from the summary at the top.
    expect(page.get_by_role("link", name=re.compile("^Say why the agreed score"))).to_be_visible()
    expect(page.locator("p.error-message")).to_contain_text("Say why the agreed score differs")
    audit(page)
    assert (
        page.get_by_label("Agreed score", exact=True).nth(1).input_value() == "3"
    )  # kept what was chosen
    page.get_by_label(re.compile("^Comment")).nth(1).fill("Strong written example given")
    page.get_by_role("button", name="Save agreed scores").click()
    expect(page.get_by_text("Agreed scores saved.")).to_be_visible()
    audit(page)
    assert "total 83.3 out of 100" in page.locator("main").inner_text()

    # Decisions: an appointment with its checks, and not appointed only with reasons.
    _decide(page, audit, "Appoint, subject to checks", dbs=True)
    _consensus(page, audit, "Aisha Rahman")
    form = page.locator("form", has=page.get_by_role("button", name="Record the decision"))
    form.get_by_label("Not appointed", exact=True).check()
    form.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("Give the reasons for not appointing.").first).to_be_visible()
    audit(page)
    _decide(page, audit, "Not appointed", reasons="Little evidence of working with risk")
    _consensus(page, audit, "Ben Thornton")
    _decide(page, audit, "Reserve")

    # The hiring manager finds the decisions waiting on their home page, signs off, downloads.
    page.get_by_role("link", name="Home", exact=True).click()
    audit(page)
    waiting = page.locator("section", has=page.get_by_role("heading", name="Decisions waiting"))
    # (The demo's panel held last week waits there too, with its one candidate.)
    ours = waiting.locator("li", has_text="3 of 3 candidates decided; ready to sign off")
    expect(ours).to_have_count(1)
    ours.get_by_role("link", name=re.compile(f"^{VACANCY}, ")).click()
    audit(page)
    page.get_by_role("button", name="Sign off the decisions").click()
    expect(page.get_by_text("Decisions signed off.")).to_be_visible()
    audit(page)
    ranking = page.locator("tbody tr").all_inner_texts()
    assert [re.split(r"\s+", row.strip())[:3] for row in ranking] == [
        ["1", "Jordan", "Ellis"],
        ["2", "Ben", "Thornton"],
        ["3", "Aisha", "Rahman"],
    ]

    pdf = _download(page, "Decision record (PDF)", tmp_path)
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    ranking_lines = (
        "Rank Candidate Total out of 100 Decision Signed off "
        "1 Jordan Ellis 83.3 Appoint, subject to checks Marcus Webb "
        "2 Ben Thornton 55.6 Reserve Marcus Webb "
        "3 Aisha Rahman 36.1 Not appointed Marcus Webb"
    )
    for expected in (
        "Decision record: Support Worker",
        "Panellists: Marcus Webb, Sofia Patel, Dee Morgan.",
        ranking_lines,
        "could act on it? 2 2 2 2.00 3 (Strong written example given)",
        "Decision: Appoint, subject to checks. Checks: Two references, Proof of identity, "
        "Right to work in the UK, DBS check.",
        "Decision: Not appointed. Reasons: Little evidence of working with risk.",
        "Decision: Reserve.",
    ):
        assert expected in flat, (expected, flat)
    # A second reader (pypdf) finds the same names, totals, decisions and sign-off.
    pypdf_text = " ".join(" ".join(p.extract_text() for p in PdfReader(pdf).pages).split())
    assert ranking_lines in pypdf_text

    sheet = _download(page, "Every score and decision (CSV)", tmp_path)
    raw = sheet.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    by_section: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        by_section.setdefault(row["section"], []).append(row)
    totals = {r["candidate"]: r["value"] for r in by_section["total"]}
    assert totals == {"Jordan Ellis": "83.3", "Ben Thornton": "55.6", "Aisha Rahman": "36.1"}
    assert [r["detail"].split(";")[0] for r in by_section["total"]] == [
        "rank 1",
        "rank 2",
        "rank 3",
    ]
    decisions = {r["candidate"]: (r["value"], r["detail"], r["by"]) for r in by_section["decision"]}
    assert decisions["Jordan Ellis"][0] == "Appoint, subject to checks"
    assert "DBS check" in decisions["Jordan Ellis"][1]
    assert decisions["Aisha Rahman"][:2] == (
        "Not appointed",
        "Little evidence of working with risk",
    )
    assert decisions["Ben Thornton"][0] == "Reserve"
    assert {r["by"] for r in by_section["decision"]} == {"Marcus Webb"}
    assert {(r["candidate"], r["value"], r["by"]) for r in by_section["sign-off"]} == {
        (name, "signed off", "Marcus Webb") for name in totals
    }
    dee = [r for r in by_section["score"] if r["panellist"] == "Dee Morgan"]
    assert [(r["candidate"], r["value"]) for r in dee] == [
        ("Jordan Ellis", "3"),
        ("Jordan Ellis", "2"),
        ("Jordan Ellis", "4"),
        ("Ben Thornton", "2"),
        ("Ben Thornton", "2"),
        ("Ben Thornton", "2"),
        ("Aisha Rahman", "1"),
        ("Aisha Rahman", "3"),
        ("Aisha Rahman", "2"),
    ]
    changed = [r for r in by_section["agreed"] if "comment:" in r["detail"]]
    assert [(r["candidate"], r["value"], r["by"]) for r in changed] == [
        ("Jordan Ellis", "3", "Marcus Webb")
    ]
    assert "Strong written example given" in changed[0]["detail"]

    page.get_by_role("link", name="Home", exact=True).click()
    audit(page)
    # Only the demo's panel held last week still waits; this one is signed off.
    waiting = page.locator("section", has=page.get_by_role("heading", name="Decisions waiting"))
    expect(waiting.locator("li")).to_have_count(1)
    expect(waiting).to_contain_text("1 of 1 candidate decided; ready to sign off")


def test_manager_reorders_a_question_and_finds_a_scored_form_locked(page, live_server, audit):
    sign_in_staff(page, live_server, "manager@demo.test", audit)
    audit(page)
    page.get_by_role("link", name="questions and scale for Night Concierge").click()
    audit(page)
    rows = page.locator("tbody tr th[scope=row] a")
    first, second = rows.nth(0).inner_text(), rows.nth(1).inner_text()
    page.get_by_role("button", name=re.compile("move question 1 down")).click()
    expect(page.get_by_text("Question moved down.")).to_be_visible()
    audit(page)
    assert [rows.nth(0).inner_text(), rows.nth(1).inner_text()] == [second, first]

    # The journey above (run first in this module) scored the Support Worker form: locked.
    page.get_by_role("link", name="Home", exact=True).click()
    audit(page)
    page.get_by_role("link", name=f"questions and scale for {VACANCY}").click()
    audit(page)
    expect(page.get_by_text("Scoring has started, so the questions")).to_be_visible()
    assert page.get_by_role("button", name=re.compile("^Delete|move question")).count() == 0
