"""Every GET route as every role, on the demo data: no 500, and no page for a resident or
staff panellist shows what it should not. Every download is audited, limited and safe."""

from __future__ import annotations

import csv
import io
import re
import subprocess
from datetime import date

import pytest
from sqlalchemy import func, select

from panelhire.audit.models import AuditEvent
from panelhire.auth.models import User
from panelhire.core.demo import RESIDENT_PIN, STAFF_PASSWORD, load_demo
from panelhire.core.models import Service
from panelhire.panels.models import Candidate, ConflictDeclaration, InterviewSlot, Panel
from panelhire.privacy.downloads import NOT_EXPORTS, is_export_rule
from panelhire.recognition.models import Expense
from panelhire.scoring.models import Question
from panelhire.training.models import TrainingModule, TrainingRecord
from tests.html import csrf_token

PHONE = "07700 911222"
EQUALITY = "EQUALITY-ANSWERS-MARKER"
OTHER_PAYMENT = "£987.65"
OTHER_NOTE = "OTHER-RESIDENT-EXPENSE-MARKER"
FORMULA = '=HYPERLINK("http://evil.example","x")'

STAFF_LOGINS = [
    "admin@demo.test",
    "hr@demo.test",
    "manager@demo.test",
    "staff@demo.test",
    "trainer@demo.test",
]
RESIDENT_LOGINS = ["dee", "sam"]
# People whose pages must never show candidates' contact or equality details.
PANELLISTS = {"staff@demo.test", "dee", "sam"}


def _one(db, stmt):  # noqa: ANN001, ANN202
    return db.session.execute(stmt).scalars().first()


def _prepare(db) -> dict:  # noqa: ANN001
    load_demo(date.today())
    db.session.flush()
    candidates = list(db.session.execute(select(Candidate)).scalars())
    for index, c in enumerate(candidates):
        c.phone = PHONE
        c.equality_monitoring = EQUALITY
        c.guaranteed_interview = index % 2 == 0
    # Hostile text that a spreadsheet would run, in every kind of thing a CSV holds.
    candidates[0].name = FORMULA
    _one(db, select(Service)).name = "+Service formula"
    _one(db, select(TrainingModule)).name = "@Module formula"
    priya = _one(db, select(User).where(User.username == "priya"))
    priya.display_name = "-Priya formula"
    db.session.add(
        Expense(
            user_id=priya.id,
            kind="travel",
            incurred_on=date.today(),
            amount_pence=98765,
            note=OTHER_NOTE,
        )
    )
    panel = _one(db, select(Panel).where(Panel.slots.any()).order_by(Panel.id))
    slot = _one(db, select(InterviewSlot).where(InterviewSlot.panel_id == panel.id))
    staff = _one(db, select(User).where(User.email == "staff@demo.test"))
    db.session.add(
        ConflictDeclaration(panel_id=panel.id, user_id=staff.id, candidate_id=slot.candidate_id)
    )
    db.session.commit()
    users = list(db.session.execute(select(User)).scalars())
    return {
        "emails": [c.email for c in candidates if c.email],
        "hashes": [h for u in users for h in (u.password_hash, u.pin_hash) if h],
        "priya": priya.id,
    }


def _first_ids(db) -> dict[str, int]:  # noqa: ANN001
    """For any other <thing_id>, the first row of a table named after it (outbox_message...)."""
    from panelhire.extensions import db as _db

    found = {}
    for name, table in _db.metadata.tables.items():
        if "id" in table.c:
            first = db.session.execute(select(table.c.id).order_by(table.c.id)).scalars().first()
            if first is not None:
                found[name.split("_")[-1] + "_id"] = first
                found[name + "_id"] = first
    return found


def _contexts(db, me: User, other_resident: int) -> list[dict[str, int | str]]:  # noqa: ANN001
    """One set of real ids per panel (its first candidate, vacancy, question...)."""
    out = []
    first = _first_ids(db)
    panels = list(db.session.execute(select(Panel).order_by(Panel.id)).scalars())
    for index, panel in enumerate(panels):
        candidate = _one(
            db, select(InterviewSlot.candidate_id).where(InterviewSlot.panel_id == panel.id)
        ) or _one(db, select(Candidate.id).where(Candidate.vacancy_id == panel.vacancy_id))
        out.append(
            first
            | {
                "panel_id": panel.id,
                "vacancy_id": panel.vacancy_id,
                "candidate_id": candidate or 1,
                "user_id": me.id if index % 2 == 0 else other_resident,
                "question_id": _one(
                    db, select(Question.id).where(Question.vacancy_id == panel.vacancy_id)
                )
                or 1,
                "declaration_id": _one(db, select(ConflictDeclaration.id)) or 1,
                "module_id": _one(db, select(TrainingModule.id)) or 1,
                "record_id": _one(
                    db,
                    select(TrainingRecord.id).where(
                        TrainingRecord.user_id == (me.id if index % 2 else other_resident)
                    ),
                )
                or 1,
                "token": "not-a-real-token",
            }
        )
    return out


def _urls(app, contexts) -> list[tuple[object, str]]:  # noqa: ANN001
    seen, out = set(), []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if rule.endpoint in {"static", "auth.sign_out"} or "GET" not in rule.methods:
            continue
        for context in contexts if rule.arguments - set(rule.defaults or {}) else contexts[:1]:
            url = re.sub(
                r"<(?:\w+:)?(\w+)>", lambda m, c=context: str(c.get(m.group(1), 1)), rule.rule
            )
            if url not in seen:
                seen.add(url)
                out.append((rule, url))
            if is_export_rule(rule.rule, rule.endpoint):
                break  # one of each download is enough: PDFs are slow to build
    return out


def _sign_in(client, login: str) -> None:  # noqa: ANN001
    if "@" in login:
        page = client.get("/sign-in")
        data = {"csrf_token": csrf_token(page), "email": login, "password": STAFF_PASSWORD}
        response = client.post("/sign-in", data=data)
    else:
        page = client.get("/sign-in/resident")
        data = {"csrf_token": csrf_token(page), "username": login, "pin": RESIDENT_PIN}
        response = client.post("/sign-in/resident", data=data)
    assert response.status_code == 302, login


def _pdf_text(body: bytes) -> str:
    return subprocess.run(  # noqa: S603
        ["pdftotext", "-", "-"],
        input=body,
        capture_output=True,
        check=True,  # noqa: S607
    ).stdout.decode()


def _exports(db) -> int:  # noqa: ANN001
    return db.session.execute(
        select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "export")
    ).scalar_one()


@pytest.mark.parametrize("login", STAFF_LOGINS + RESIDENT_LOGINS)
def test_crawl_every_page_as_every_role(app, client, db, login):
    secrets = _prepare(db)
    me = db.session.execute(
        select(User).where((User.email == login) | (User.username == login))
    ).scalar_one()
    other = secrets["priya"]
    _sign_in(client, login)
    downloads, pages = 0, 0
    for rule, url in _urls(app, _contexts(db, me, other)):
        response = client.get(url)
        assert response.status_code < 500, (login, url, response.status_code)
        body = response.data
        pages += response.status_code == 200
        attachment = response.headers.get("Content-Disposition", "").startswith("attachment")
        if attachment and response.status_code == 200:
            downloads += rule.endpoint not in NOT_EXPORTS
            if rule.endpoint not in NOT_EXPORTS:
                assert is_export_rule(rule.rule, rule.endpoint), f"{url}: the guards miss it"
                assert _exports(db) == downloads, f"{url} was not audited"
            text = _pdf_text(body) if response.mimetype == "application/pdf" else body.decode()
            if response.mimetype.startswith("text/csv"):
                for row in csv.reader(io.StringIO(text)):
                    for cell in row:
                        assert cell[:1] not in {"=", "+", "-", "@"}, (url, cell)
        else:
            text = body.decode("utf-8", "replace")
        for secret in secrets["hashes"]:
            assert secret not in text, (login, url, "a password or PIN hash")
        assert "pbkdf2:" not in text and "scrypt:" not in text, (login, url)
        if login in PANELLISTS:
            for email in secrets["emails"]:
                assert email not in text, (login, url, "a candidate's email")
            assert PHONE not in text, (login, url, "a candidate's phone")
            assert EQUALITY not in text, (login, url, "equality-monitoring answers")
            assert "guaranteed" not in text.lower(), (login, url, "a guaranteed-interview flag")
        if login in RESIDENT_LOGINS:
            assert OTHER_PAYMENT not in text and OTHER_NOTE not in text, (
                login,
                url,
                "another resident's payments",
            )
    assert pages >= 10, f"{login} saw only {pages} pages: the crawl is not reaching them"
    if "@" in login and login != "staff@demo.test":
        assert downloads >= 1


def test_the_markers_do_show_where_they_belong(client, db):
    """A control: HR sees what panellists must not, so the crawl's checks can fail."""
    secrets = _prepare(db)
    _sign_in(client, "hr@demo.test")
    vacancy = _one(db, select(Candidate.vacancy_id).where(Candidate.phone == PHONE))
    text = client.get(f"/vacancies/{vacancy}").get_data(as_text=True)
    assert PHONE in text and EQUALITY in text and "Guaranteed interview" in text
    assert any(email in text for email in secrets["emails"])
    client.post("/sign-out", data={"csrf_token": csrf_token(client.get("/home"))})
    _sign_in(client, "hr@demo.test")
    finance = client.get(f"/recognition/residents/{secrets['priya']}").get_data(as_text=True)
    assert OTHER_PAYMENT in finance or OTHER_NOTE in finance
