"""Privacy pages: retention settings, closing vacancies, legal holds, subject access exports."""

from __future__ import annotations

import json
import subprocess
from datetime import date, timedelta

from pypdf import PdfReader
from sqlalchemy import select

from panelhire.audit.models import AuditEvent
from panelhire.auth.access import access_of
from panelhire.auth.models import Role
from tests.factories import make_staff, sign_in
from tests.html import csrf_token, page_text
from tests.privacy.factories import make_held_vacancy


def _actions(db):  # noqa: ANN001
    return [e.action for e in db.session.execute(select(AuditEvent)).scalars()]


def test_privacy_pages_are_for_hr_and_admins_and_settings_for_admins(app):
    with app.test_request_context():
        assert set(access_of("privacy.export")) == {Role.ADMIN, Role.HR}
        assert set(access_of("privacy.legal_hold")) == {Role.ADMIN, Role.HR}
        assert set(access_of("privacy.retention")) == {Role.ADMIN}


def test_admin_sees_settings_and_what_the_next_purge_would_do(client, db):
    held = make_held_vacancy(closed_days_ago=200)
    sign_in(client, make_staff(roles={Role.ADMIN}))
    page = client.get("/privacy/retention")
    text = page_text(page)
    assert page.status_code == 200
    assert 'value="6"' in page.get_data(as_text=True)
    assert "1 candidate(s) would be anonymised (1 unsuccessful, 0 appointed)" in text
    assert held.vacancy.title in text
    assert "Bo Brown" not in text  # references, not names
    saved = client.post(
        "/privacy/retention",
        data={"csrf_token": csrf_token(page), "unsuccessful_months": "9", "appointed_months": "24"},
    )
    assert saved.status_code == 302
    text = page_text(client.get("/privacy/retention"))
    assert "0 candidate(s) would be anonymised" in text
    assert "retention.updated" in _actions(db)


def test_bad_retention_months_are_explained_beside_the_field(client, db):
    sign_in(client, make_staff(roles={Role.ADMIN}))
    page = client.get("/privacy/retention")
    refused = client.post(
        "/privacy/retention",
        data={"csrf_token": csrf_token(page), "unsuccessful_months": "0", "appointed_months": "x"},
    )
    assert refused.status_code == 422
    assert "from 1 to 120" in page_text(refused)


def test_hr_closes_a_vacancy_and_places_a_legal_hold(client, db):
    held = make_held_vacancy(closed_days_ago=None)
    sign_in(client, make_staff(roles={Role.HR}))
    url = f"/privacy/vacancies/{held.vacancy.id}"
    page = client.get(url)
    assert "Open: nothing is anonymised" in page_text(page)
    token = csrf_token(page)
    day = date.today() - timedelta(days=3)
    closed = client.post(f"{url}/close", data={"csrf_token": token, "closed_on": day.isoformat()})
    assert closed.status_code == 302
    db.session.refresh(held.vacancy)
    assert held.vacancy.closed_on == day
    future = client.post(
        f"{url}/close",
        data={"csrf_token": token, "closed_on": (date.today() + timedelta(days=2)).isoformat()},
    )
    assert future.status_code == 422 and "cannot be in the future" in page_text(future)
    no_reason = client.post(f"{url}/hold", data={"csrf_token": token, "hold": "y", "reason": ""})
    assert no_reason.status_code == 422 and "Say why" in page_text(no_reason)
    db.session.refresh(held.vacancy)
    assert held.vacancy.legal_hold is False
    hold = client.post(
        f"{url}/hold", data={"csrf_token": token, "hold": "y", "reason": "Tribunal claim"}
    )
    db.session.refresh(held.vacancy)
    assert hold.status_code == 302 and held.vacancy.legal_hold is True
    assert "Under a legal hold" in page_text(client.get(url))
    assert {"vacancy.closed", "vacancy.legal_hold"} <= set(_actions(db))


def test_subject_access_json_has_everything_about_one_candidate_and_nobody_else(client, db):
    held = make_held_vacancy(closed_days_ago=10)
    bo = held.unsuccessful
    sign_in(client, make_staff(roles={Role.HR}))
    response = client.get(f"/privacy/candidates/{bo.id}/export.json")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    raw = response.get_data(as_text=True)
    data = json.loads(raw)
    assert data["candidate"]["name"] == "Bo Brown"
    assert data["candidate"]["equality_monitoring"] == "Bo's equality answers"
    assert len(data["scores"]) == 2 and data["concerns"][0]["concern"] == "Bo talked over me"
    assert data["decisions"][0]["outcome"] == "not_appointed"
    assert data["decisions"][0]["dissents"][0]["text"] == "I preferred Bo"
    # Another candidate's name, email and phone never appear, even inside Bo's notes.
    for other in ("Alex", "alex@example.org", "07700 900001"):
        assert other not in raw
    assert "[another candidate]" in data["decisions"][0]["reasons"]
    # Panellists are named by seat, not by name.
    assert "Resident Person" not in raw and "Resident panellist 1" in raw
    assert "subject_access.export" in _actions(db)


def test_subject_access_pdf_is_tagged_and_leaves_others_out(client, db, tmp_path):
    held = make_held_vacancy(closed_days_ago=10)
    sign_in(client, make_staff(roles={Role.ADMIN}))
    response = client.get(f"/privacy/candidates/{held.unsuccessful.id}/export.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    path = tmp_path / "sar.pdf"
    path.write_bytes(response.data)
    text = subprocess.run(  # noqa: S603
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Bo Brown" in text and "Bo talked over me" in text
    assert "Alex" not in text
    reader = PdfReader(path)
    assert bool(reader.trailer["/Root"]["/MarkInfo"]["/Marked"])
    assert "subject_access.export" in _actions(db)


def test_candidate_search_lists_export_links(client, db):
    held = make_held_vacancy(closed_days_ago=10)
    sign_in(client, make_staff(roles={Role.HR}))
    text = page_text(client.get("/privacy/?q=bo"))
    assert "Bo Brown" in text and "Alex Able" not in text
    assert f"/privacy/candidates/{held.unsuccessful.id}/export.pdf" in client.get(
        "/privacy/?q=bo"
    ).get_data(as_text=True)
