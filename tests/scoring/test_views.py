"""The scoring pages, read as a panellist, the chair and the hiring manager see them."""

from __future__ import annotations

import csv
import io
import re
import subprocess

from pypdf import PdfReader

from panelhire.scoring import decisions, services
from panelhire.scoring.models import Score
from tests.factories import make_staff, sign_in
from tests.html import csrf_token, page_text
from tests.scoring.factories import make_scored_panel, sit_out
from tests.scoring.test_services import score_all


def sheet(scene, candidate=None):
    return f"/scoring/panels/{scene.panel.id}/candidates/{(candidate or scene.candidates[0]).id}"


def consensus(scene, candidate=None):
    return sheet(scene, candidate) + "/consensus"


def test_the_sheet_shows_guidance_scale_wording_model_and_the_reminder(client, db):
    scene = make_scored_panel()
    scene.candidates[0].email = "alex@example.org"
    scene.candidates[0].phone = "07700 900123"
    sign_in(client, scene.resident)
    page = client.get(sheet(scene))
    text = page_text(page)
    body = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "What a good answer includes: Listens first." in text
    assert "Strong evidence" in text and "No evidence" in text
    assert "One panel: every panellist's scores count equally" in text
    assert "health" in text and "protected characteristic" in text
    assert "alex@example.org" not in body and "07700" not in body
    assert 'src="/static/js/scoring.js' in body and "<script>" not in body
    assert 'id="save-status"' in body


def test_a_person_not_on_the_panel_gets_404(client, db):
    scene = make_scored_panel()
    sign_in(client, make_staff())
    assert client.get(sheet(scene)).status_code == 404
    assert client.get(f"/scoring/panels/{scene.panel.id}").status_code == 404


def test_sat_out_candidate_has_no_form(client, db):
    scene = make_scored_panel()
    sit_out(scene, scene.resident, scene.candidates[0])
    sign_in(client, scene.resident)
    listing = page_text(client.get(f"/scoring/panels/{scene.panel.id}"))
    assert "sat out" in listing
    page = client.get(sheet(scene))
    assert "sat out" in page_text(page) and 'name="q-' not in page.get_data(as_text=True)


def test_plain_form_submit_without_javascript_saves_and_locks(client, db):
    scene = make_scored_panel()
    sign_in(client, scene.staff)
    page = client.get(sheet(scene))
    q1, q2 = scene.questions
    data = {
        "csrf_token": csrf_token(page),
        f"q-{q1.id}": "3",
        f"note-{q1.id}": "Good example",
        "action": "submit",
    }
    missing = client.post(sheet(scene), data=data)
    assert missing.status_code == 422 and "1 still to do" in page_text(missing)
    assert 'value="3" checked' in missing.get_data(as_text=True)  # what was chosen is kept
    data[f"q-{q2.id}"] = "2"
    submitted = client.post(sheet(scene), data=data)
    assert submitted.status_code == 302, page_text(submitted)
    done = client.get(sheet(scene))
    assert "your scores are submitted" in page_text(done)
    again = client.post(sheet(scene), data=data)  # a double tap
    assert again.status_code == 302


def test_autosave_endpoint_saves_and_refuses_once_locked(client, db):
    scene = make_scored_panel()
    sign_in(client, scene.resident)
    token = csrf_token(client.get(sheet(scene)))
    url = f"/api/scoring/panels/{scene.panel.id}/candidates/{scene.candidates[0].id}"
    q1, q2 = scene.questions
    body = {
        "answers": [
            {"question": q1.id, "value": 4, "note": "", "revision": 1},
            {"question": q2.id, "value": 1, "note": "short", "revision": 1},
        ]
    }
    saved = client.post(url, json=body, headers={"X-CSRFToken": token})
    assert saved.status_code == 200 and len(saved.get_json()["saved"]) == 2
    assert client.post(url, json=body).status_code == 400  # no CSRF token
    bad = client.post(
        url,
        json={"answers": [{"question": q1.id, "value": 9, "revision": 2}]},
        headers={"X-CSRFToken": token},
    )
    assert bad.status_code == 422
    services.submit_scores(
        scene.resident,
        panel=scene.panel,
        candidate=scene.candidates[0],
        panellist_id=scene.resident.id,
    )
    locked = client.post(
        url,
        json={"answers": [{"question": q1.id, "value": 0, "revision": 9}]},
        headers={"X-CSRFToken": token},
    )
    assert locked.status_code == 409
    values = db.session.execute(db.select(Score.value).where(Score.question_id == q1.id))
    assert values.scalars().all() == [4]


def test_nobody_sees_others_scores_before_submitting_their_own(client, db):
    scene = make_scored_panel()
    score_all(scene, scene.staff, [4, 4])
    sign_in(client, scene.resident)
    assert client.get(consensus(scene)).status_code == 404
    panel_page = page_text(client.get(f"/scoring/panels/{scene.panel.id}/consensus"))
    assert "Submit your own scores first" in panel_page
    score_all(scene, scene.resident, [1, 2])
    page = client.get(consensus(scene))
    assert page.status_code == 200 and "Staff Person" in page_text(page)


def test_only_the_chair_reopens_and_must_give_a_reason(client, db):
    scene = make_scored_panel()
    score_all(scene, scene.resident, [1, 2])
    url = sheet(scene) + f"/panellists/{scene.resident.id}/reopen"
    sign_in(client, scene.staff)
    assert client.get(url).status_code == 404
    client.post("/sign-out", data={"csrf_token": csrf_token(client.get("/home"))})
    sign_in(client, scene.chair)
    page = client.get(url)
    empty = client.post(url, data={"csrf_token": csrf_token(page), "reason": ""})
    assert empty.status_code == 422
    done = client.post(url, data={"csrf_token": csrf_token(page), "reason": "Wrong candidate"})
    assert done.status_code == 302


def test_chair_enters_paper_scores_on_behalf(client, db):
    scene = make_scored_panel()
    sign_in(client, scene.chair)
    url = sheet(scene) + f"/panellists/{scene.resident.id}/paper"
    page = client.get(url)
    q1, q2 = scene.questions
    response = client.post(
        url, data={"csrf_token": csrf_token(page), f"q-{q1.id}": "2", f"q-{q2.id}": "3"}
    )
    assert response.status_code == 302
    score_all(scene, scene.chair, [2, 3])
    text = page_text(client.get(consensus(scene)))
    assert "entered on behalf" in text


def _everyone_scores(scene, candidate, values):
    for user, vals in zip((scene.chair, scene.staff, scene.resident), values, strict=True):
        score_all(scene, user, vals, candidate)


def test_consensus_agree_decide_sign_off_and_residents_see_the_outcome(client, db):
    scene = make_scored_panel(candidates=("Alex Able",))
    alex = scene.candidates[0]
    _everyone_scores(scene, alex, [[4, 3], [2, 3], [3, 3]])
    sign_in(client, scene.chair)
    page = client.get(consensus(scene))
    text = page_text(page)
    assert "2 points apart" in text and "Average: 3.00" in text
    q1, q2 = scene.questions
    token = csrf_token(page)
    changed = client.post(
        consensus(scene), data={"csrf_token": token, f"agreed-{q1.id}": "2", f"agreed-{q2.id}": "3"}
    )
    assert changed.status_code == 422 and "Say why" in page_text(changed)
    ok = client.post(
        consensus(scene),
        data={
            "csrf_token": token,
            f"agreed-{q1.id}": "2",
            f"comment-{q1.id}": "Weak on boundaries",
            f"agreed-{q2.id}": "3",
        },
    )
    assert ok.status_code == 302
    decision = client.post(
        consensus(scene).replace("/consensus", "/decision"),
        data={"csrf_token": token, "outcome": "not_appointed", "reasons": ""},
    )
    assert decision.status_code == 422 and "reasons" in page_text(decision).lower()
    decision = client.post(
        consensus(scene).replace("/consensus", "/decision"),
        data={
            "csrf_token": token,
            "outcome": "appoint",
            "checks": ["references", "id", "right_to_work"],
        },
    )
    assert decision.status_code == 302
    overview = client.get(f"/scoring/panels/{scene.panel.id}/consensus")
    signed = client.post(
        f"/scoring/panels/{scene.panel.id}/sign-off", data={"csrf_token": csrf_token(overview)}
    )
    assert signed.status_code == 302
    client.post("/sign-out", data={"csrf_token": token})
    sign_in(client, scene.resident)
    listing = page_text(client.get(f"/scoring/panels/{scene.panel.id}"))
    assert "Appoint, subject to checks" in listing
    assert "Your scores counted equally" in listing


def test_manager_downloads_a_tagged_pdf_and_a_formula_safe_csv(client, db, tmp_path):
    scene = make_scored_panel(candidates=('=HYPERLINK("x")', "Bo Brown", "Cy Unscored"))
    first, second, _unscored = scene.candidates
    _everyone_scores(scene, first, [[4, 3], [2, 3], [3, 3]])
    _everyone_scores(scene, second, [[1, 1], [1, 2], [2, 1]])
    concern = decisions.raise_concern(
        scene.resident, panel=scene.panel, candidate=second, text="Did not listen"
    )
    decisions.answer_concern(scene.chair, concern=concern, answer="Noted and weighed")
    d = decisions.record_decision(
        scene.chair,
        panel=scene.panel,
        candidate=second,
        outcome="not_appointed",
        reasons="-Below the bar.",
        checks=[],
    )
    decisions.record_dissent(scene.staff, panel=scene.panel, decision=d, text="Would reserve")
    sign_in(client, scene.chair)
    pdf = client.get(f"/scoring/panels/{scene.panel.id}/decision.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.data))
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged for screen readers
    path = tmp_path / "decision.pdf"
    path.write_bytes(pdf.data)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Bo Brown" in text and "Not appointed" in text and "Would reserve" in text
    assert "Below the bar." in text and ".." not in text
    assert re.search(r"–\s+Cy Unscored\s+No scores", text)  # no rank without scores
    assert "Noted and weighed" in text
    response = client.get(f"/scoring/vacancies/{scene.panel.vacancy_id}/decision.csv")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    sections = {row[0] for row in rows[1:]}
    assert {
        "score",
        "agreed",
        "total",
        "decision",
        "dissent",
        "concern",
        "concern answer",
    } <= sections
    cells = [cell for row in rows for cell in row]
    assert '\'=HYPERLINK("x")' in cells and '=HYPERLINK("x")' not in cells
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    # Moments in UK time to the minute, as a spreadsheet reads dates; means as on the PDF.
    (decided,) = [row for row in rows if row[0] == "decision"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", decided[-1]), decided[-1]
    agreed = [row[6] for row in rows if row[0] == "agreed" and row[2] != "Cy Unscored"]
    assert all(re.match(r"mean \d\.\d\d;", detail) for detail in agreed), agreed
    assert any(cell.startswith("'-Below the bar") for cell in cells)
    # A panellist who does not manage the vacancy cannot download.
    client.post("/sign-out", data={"csrf_token": csrf_token(client.get("/home"))})
    sign_in(client, scene.staff)
    assert client.get(f"/scoring/panels/{scene.panel.id}/decision.csv").status_code == 404


def test_question_set_is_edited_then_locked_once_scoring_starts(client, db):
    scene = make_scored_panel()
    vacancy_id = scene.panel.vacancy_id
    sign_in(client, scene.chair)
    page = client.get(f"/scoring/vacancies/{vacancy_id}/questions")
    token = csrf_token(page)
    added = client.post(
        f"/scoring/vacancies/{vacancy_id}/questions/new",
        data={
            "csrf_token": token,
            "text": "Why this role?",
            "guidance": "Motivation",
            "asked_by": "resident",
            "weight": "1",
            "criterion_id": "0",
        },
    )
    assert added.status_code == 302
    bad_scale = client.post(
        f"/scoring/vacancies/{vacancy_id}/scale",
        data={
            "csrf_token": token,
            "scale": "0-2",
            "label-0": "None",
            "label-1": "",
            "label-2": "Clear",
        },
    )
    assert bad_scale.status_code == 422 and "wording for score 1" in page_text(bad_scale)
    score_all(scene, scene.staff, [1, 1, None][:2], submit=False)
    locked = client.post(
        f"/scoring/vacancies/{vacancy_id}/questions/new",
        data={
            "csrf_token": token,
            "text": "Late question",
            "asked_by": "staff",
            "weight": "1",
            "criterion_id": "0",
        },
    )
    assert locked.status_code == 422 and "locked" in page_text(locked)
    assert re.search("locked", page_text(client.get(f"/scoring/vacancies/{vacancy_id}/questions")))


def test_no_field_asks_about_health_or_protected_characteristics(client, db):
    scene = make_scored_panel()
    sign_in(client, scene.chair)
    for url in (sheet(scene), f"/scoring/vacancies/{scene.panel.vacancy_id}/questions"):
        names = re.findall(r'name="([^"]+)"', client.get(url).get_data(as_text=True))
        assert not [n for n in names if re.search(r"health|disab|ethnic|gender|religio|age\b", n)]
