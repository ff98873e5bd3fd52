from __future__ import annotations

import html
import io
import re
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from pypdf import PdfReader
from sqlalchemy import select

from panelhire.audit.models import AuditEvent
from panelhire.auth.models import Role, User
from panelhire.training.models import TrainingModule, TrainingRecord, UnavailableDate
from tests.factories import (
    make_organisation,
    make_panel,
    make_resident,
    make_service,
    make_staff,
    sign_in,
)
from tests.html import csrf_token, once_key, page_text
from tests.training.factories import make_agreement, make_module, make_ready_resident, make_record


def _hr(client):
    hr = make_staff(roles={Role.HR})
    sign_in(client, hr)
    return hr


def _error_beside(response, field_id: str) -> str:
    """The message shown beside one field (GOV.UK style), or '' if it has none."""
    found = re.search(
        rf'id="{field_id}-error"><span class="visually-hidden">Error:</span> ([^<]*)<',
        response.get_data(as_text=True),
    )
    return found.group(1) if found else ""


def test_residents_list_shows_status_at_a_glance_and_filters(client, db):
    make_organisation()
    skills = make_module(name="Interview skills", valid_months=12)
    riverside, hillside = make_service(name="Riverside"), make_service(name="Hillside")
    make_ready_resident(modules=[skills], name="Rita Ready", service=riverside)
    lapsed = make_resident(name="Larry Lapsed", service=hillside)
    make_record(user=lapsed, module=skills, completed_on=date.today() - timedelta(days=400))
    make_resident(name="Nia New", service=hillside)
    _hr(client)
    text = page_text(client.get("/training/residents"))
    assert "Rita Ready Riverside Ready" in text
    assert "Larry Lapsed Hillside Lapsed" in text
    assert "Nia New Hillside Not yet trained" in text
    filtered = page_text(client.get(f"/training/residents?service={hillside.id}&status=lapsed"))
    assert "Larry Lapsed" in filtered and "Nia New" not in filtered and "Rita" not in filtered


def test_residents_list_says_ready_only_for_those_who_can_score(client, db):
    """The list, the filter, the readiness view and a resident's own page give one answer."""
    make_organisation()
    skills = make_module(name="Interview skills", valid_months=12)
    make_ready_resident(modules=[skills], name="Rita Ready")
    ed = make_resident(name="Ed Fraser")  # trained and observed, but no agreement
    make_record(user=ed, module=skills)
    make_panel(day=date.today() - timedelta(days=20), members=[(ed, "observer")])
    mo = make_resident(name="Mo Hassan")  # trained and signed, but still to observe
    make_record(user=mo, module=skills)
    make_agreement(user=mo)
    _hr(client)
    text = page_text(client.get("/training/residents"))
    assert "Rita Ready None Ready" in text
    assert "Ed Fraser None Cannot score yet" in text
    assert "Mo Hassan None Cannot score yet" in text
    ready = page_text(client.get("/training/residents?status=ready"))
    assert "Rita Ready" in ready and "Ed Fraser" not in ready and "Mo Hassan" not in ready
    blocked = page_text(client.get("/training/residents?status=cannot_score"))
    assert "Ed Fraser" in blocked and "Mo Hassan" in blocked and "Rita" not in blocked
    assert "Cannot score yet" in page_text(client.get(f"/training/residents/{ed.id}"))


def test_resident_page_shows_path_history_and_sign_in_links(client, db):
    make_organisation()
    skills = make_module(name="Interview skills")
    dee = make_resident(name="Dee Morgan")
    make_record(user=dee, module=skills)
    _hr(client)
    response = client.get(f"/training/residents/{dee.id}")
    text = page_text(response)
    assert response.status_code == 200
    assert "Cannot score yet" in text
    assert "Needs to observe 1 more panel before scoring" in text
    assert "Confidentiality agreement not signed" in text
    assert "Observed 1 panel : 0 so far" in text
    body = response.get_data(as_text=True)
    assert f"/accounts/{dee.id}/pin" in body and f"/accounts/{dee.id}/sign-in-link" in body


def test_recording_a_group_session_through_the_form(client, db):
    make_organisation()
    module = make_module(name="Interview skills")
    dee, sam = make_resident(name="Dee"), make_resident(name="Sam")
    trainer = make_staff(roles={Role.TRAINER})
    sign_in(client, trainer)
    page = client.get("/training/sessions/new")
    held = date.today() - timedelta(days=1)
    response = client.post(
        "/training/sessions/new",
        data={
            "csrf_token": csrf_token(page),
            "module": module.id,
            "held_on": held.strftime("%d/%m/%Y"),
            "trainer_name": "Tom Okafor",
            "attendees": [dee.id, sam.id],
        },
    )
    assert response.status_code == 302
    users = db.session.execute(
        select(TrainingRecord.user_id).where(TrainingRecord.completed_on == held)
    ).scalars()
    assert set(users) == {dee.id, sam.id}


def test_a_bad_session_form_keeps_input_and_names_each_field(client, db):
    make_organisation()
    make_module()
    make_resident()
    sign_in(client, make_staff(roles={Role.TRAINER}))
    page = client.get("/training/sessions/new")
    response = client.post(
        "/training/sessions/new",
        data={
            "csrf_token": csrf_token(page),
            "module": "0",
            "held_on": "31/02/2026",
            "trainer_name": "Typed Trainer",
        },
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Enter a real date" in body and "Tick at least one resident" in body
    assert 'value="Typed Trainer"' in body and 'value="31/02/2026"' in body


def test_a_future_session_date_is_refused_beside_the_field(client, db):
    make_organisation()
    module = make_module()
    dee = make_resident()
    sign_in(client, make_staff(roles={Role.TRAINER}))
    page = client.get("/training/sessions/new")
    response = client.post(
        "/training/sessions/new",
        data={
            "csrf_token": csrf_token(page),
            "module": module.id,
            "held_on": (date.today() + timedelta(days=3)).isoformat(),
            "trainer_name": "Tom",
            "attendees": [dee.id],
        },
    )
    assert response.status_code == 422
    assert _error_beside(response, "held_on") == "The session date cannot be in the future"
    assert db.session.execute(select(TrainingRecord)).first() is None


def test_a_record_dated_in_year_9999_or_1800_is_refused_beside_the_date(client, db):
    make_organisation()
    module = make_module(valid_months=24)
    dee = make_resident()
    sign_in(client, make_staff(roles={Role.TRAINER}))
    page = client.get(f"/training/residents/{dee.id}/records/new")
    for typed, message in (
        ("9999-01-01", "The completion date cannot be in the future"),
        ("01/01/1800", "The completion date cannot be before 1 January 2000"),
    ):
        response = client.post(
            f"/training/residents/{dee.id}/records/new",
            data={
                "csrf_token": csrf_token(page),
                "module": module.id,
                "completed_on": typed,
                "trainer_name": "Tom",
            },
        )
        assert response.status_code == 422
        assert _error_beside(response, "completed_on") == message
        assert f'value="{typed}"' in response.get_data(as_text=True)
    assert db.session.execute(select(TrainingRecord)).first() is None


def test_correcting_a_record_to_a_date_before_2000_is_refused_beside_the_date(client, db):
    make_organisation()
    row = make_record(user=make_resident(), module=make_module(), completed_on=date(2026, 1, 5))
    _hr(client)
    page = client.get(f"/training/records/{row.id}/correct")
    response = client.post(
        f"/training/records/{row.id}/correct",
        data={
            "csrf_token": csrf_token(page),
            "completed_on": "05/01/1026",
            "expires_on": "",
            "trainer_name": "Tom",
            "reason": "Typo",
        },
    )
    assert response.status_code == 422
    assert "before 1 January 2000" in _error_beside(response, "completed_on")
    db.session.refresh(row)
    assert row.completed_on == date(2026, 1, 5)


def test_correcting_needs_a_reason_and_removing_is_audited(client, db):
    make_organisation()
    row = make_record(user=make_resident(), module=make_module(), completed_on=date(2026, 1, 5))
    _hr(client)
    page = client.get(f"/training/records/{row.id}/correct")
    missing = client.post(
        f"/training/records/{row.id}/correct",
        data={
            "csrf_token": csrf_token(page),
            "completed_on": "06/01/2026",
            "expires_on": "",
            "trainer_name": "Tom",
            "reason": "",
        },
    )
    assert missing.status_code == 422 and "Say why" in page_text(missing)
    page = client.get(f"/training/records/{row.id}/remove")
    gone = client.post(
        f"/training/records/{row.id}/remove",
        data={"csrf_token": csrf_token(page), "reason": "Entered twice"},
    )
    assert gone.status_code == 302
    gone_row = select(TrainingRecord).where(TrainingRecord.id == row.id)
    assert db.session.execute(gone_row).first() is None
    actions = db.session.execute(select(AuditEvent.action)).scalars().all()
    assert "training_record_removed" in actions


def test_adding_a_resident_with_a_taken_username_is_refused(client, db):
    make_organisation()
    make_resident(username="dee")
    _hr(client)
    page = client.get("/training/residents/new")
    data = {
        "csrf_token": csrf_token(page),
        "name": "Dee Two",
        "username": "dee",
        "pin": "482915",
        "service": "0",
        "contact_channel": "keyworker",
    }
    taken = client.post("/training/residents/new", data=data)
    assert taken.status_code == 422 and "already taken" in page_text(taken)
    created = client.post("/training/residents/new", data={**data, "username": "dee2"})
    assert created.status_code == 302
    user = db.session.execute(select(User).where(User.username == "dee2")).scalar_one()
    assert user.is_resident and user.resident.contact_channel == "keyworker"


def test_text_contact_needs_a_mobile(client, db):
    make_organisation()
    _hr(client)
    page = client.get("/training/residents/new")
    response = client.post(
        "/training/residents/new",
        data={
            "csrf_token": csrf_token(page),
            "name": "Sam",
            "username": "sam",
            "pin": "482915",
            "service": "0",
            "contact_channel": "text",
        },
    )
    assert response.status_code == 422 and "Give a phone number" in page_text(response)


def test_trainers_cannot_add_residents_or_import(client, db):
    sign_in(client, make_staff(roles={Role.TRAINER}))
    assert client.get("/training/residents/new").status_code == 403
    assert client.get("/training/import").status_code == 403


def test_due_page_and_csv(client, db):
    make_organisation()
    conf = make_module(name="Confidentiality", valid_months=12)
    dee = make_resident(name="=Dee")
    make_record(user=dee, module=conf, completed_on=date.today() - timedelta(days=340))
    _hr(client)
    assert "Confidentiality" in page_text(client.get("/training/due"))
    csv_text = client.get("/training/due.csv").data.decode("utf-8-sig")  # Excel's byte-order mark
    lines = csv_text.splitlines()
    assert lines[0] == "name,username,module,expires_on,contact_channel,lapsed"
    assert lines[1].startswith("'=Dee,")  # never a spreadsheet formula


def test_due_page_and_csv_include_training_that_has_already_lapsed(client, db):
    """Lapsed training needs a refresher most: it heads the list, marked as lapsed."""
    make_organisation()
    conf = make_module(name="Confidentiality", valid_months=12)
    jo = make_resident(name="Jo Bell")
    lapsed = make_record(user=jo, module=conf, completed_on=date.today() - timedelta(days=400))
    sam = make_resident(name="Soon Sam")
    make_record(user=sam, module=conf, completed_on=date.today() - timedelta(days=340))
    renewed = make_resident(name="Renewed Ray")
    make_record(user=renewed, module=conf, completed_on=date.today() - timedelta(days=400))
    make_record(user=renewed, module=conf, completed_on=date.today() - timedelta(days=10))
    _hr(client)
    text = page_text(client.get("/training/due"))
    assert f"Jo Bell Confidentiality Lapsed on {lapsed.expires_on:%d/%m/%Y}" in text
    assert text.index("Jo Bell") < text.index("Soon Sam")
    assert "Renewed Ray" not in text
    lines = client.get("/training/due.csv").data.decode("utf-8-sig").splitlines()
    assert lines[1].startswith(f"Jo Bell,{jo.username},Confidentiality,{lapsed.expires_on}")
    assert lines[1].endswith(",yes") and lines[2].endswith(",no")


def test_readiness_page_picks_a_date(client, db):
    make_organisation()
    skills = make_module(name="Interview skills")
    make_ready_resident(modules=[skills], name="Rita Ready")
    make_resident(name="Nia New")
    _hr(client)
    day = date.today() + timedelta(days=14)
    text = page_text(client.get(f"/training/readiness?on={day:%d/%m/%Y}"))
    assert "1 of 2 residents ready" in text
    assert "Nia New Not ready Not trained in Interview skills" in text
    bad = client.get("/training/readiness?on=soon")
    assert bad.status_code == 422 and "Enter a real date" in page_text(bad)


def test_panel_readiness_page(client, db):
    make_organisation()
    skills = make_module()
    make_ready_resident(modules=[skills], name="Rita Ready")
    panel = make_panel(day=date.today() + timedelta(days=5))
    _hr(client)
    assert "Rita Ready Ready" in page_text(client.get(f"/training/panels/{panel.id}/ready"))


def test_certificate_pdf_reads_back_and_is_only_for_its_owner(client, db):
    make_organisation(name="Harbour Housing Trust")
    dee = make_resident(name="Dee Morgan")
    row = make_record(
        user=dee, module=make_module(name="Interview skills"), completed_on=date(2026, 3, 27)
    )
    sign_in(client, dee)
    response = client.get(f"/training/records/{row.id}/certificate.pdf")
    assert response.mimetype == "application/pdf"
    # Text extraction may split words where letters are kerned; compare without spaces.
    text = PdfReader(io.BytesIO(response.data)).pages[0].extract_text().replace(" ", "")
    for expected in (
        "Dee Morgan",
        "Interview skills",
        "27 March 2026",
        "Tom Okafor",
        "Harbour Housing Trust",
    ):
        assert expected.replace(" ", "") in text
    other = make_record(user=make_resident(), module=make_module())
    assert client.get(f"/training/records/{other.id}/certificate.pdf").status_code == 404


def test_availability_form_saves_the_week_and_limits(client, db):
    make_organisation()
    service = make_service(name="Riverside")
    dee = make_resident()
    _hr(client)
    page = client.get(f"/training/residents/{dee.id}/availability")
    response = client.post(
        f"/training/residents/{dee.id}/availability",
        data={
            "csrf_token": csrf_token(page),
            "weekly": ["0-am", "2-pm"],
            "travel": [service.id],
            "max_panels_per_month": "3",
            "max_interviews_per_day": "",
        },
    )
    assert response.status_code == 302
    text = page_text(client.get(f"/training/residents/{dee.id}"))
    assert "Monday morning, Wednesday afternoon" in text
    assert "Can travel to Riverside" in text and "Do not suit them" in text
    assert "Most interviews a day No limit" in text
    bad = client.post(
        f"/training/residents/{dee.id}/availability",
        data={"csrf_token": csrf_token(page), "max_panels_per_month": "0"},
    )
    assert bad.status_code == 422


def test_agreement_and_unavailable_dates(client, db):
    make_organisation()
    dee = make_resident()
    _hr(client)
    page = client.get(f"/training/residents/{dee.id}/agreement")
    signed = client.post(
        f"/training/residents/{dee.id}/agreement",
        data={"csrf_token": csrf_token(page), "version": "2026-1", "signed_on": "01/02/2026"},
    )
    assert signed.status_code == 302
    day = date.today() + timedelta(days=3)
    client.post(
        f"/training/residents/{dee.id}/unavailable",
        data={"csrf_token": csrf_token(page), "on": day.strftime("%d/%m/%Y")},
    )
    text = page_text(client.get(f"/training/residents/{dee.id}"))
    assert "version 2026-1, signed 01/02/2026" in text
    assert f"{day.day} {day:%B %Y}" in text


def test_a_past_or_impossible_unavailable_date_is_refused_beside_the_box(client, db):
    make_organisation()
    dee = make_resident()
    _hr(client)
    page = client.get(f"/training/residents/{dee.id}")
    for typed, message in (
        ("01/01/2020", "The date cannot be in the past"),
        ("31/02/2027", "Enter a real date, for example 27/03/2026 (you entered '31/02/2027')"),
    ):
        response = client.post(
            f"/training/residents/{dee.id}/unavailable",
            data={"csrf_token": csrf_token(page), "on": typed},
        )
        assert response.status_code == 422
        assert html.unescape(_error_beside(response, "on")) == message
        assert f'value="{typed}"' in response.get_data(as_text=True)
        assert "Unavailable on" not in page_text(response)
    assert db.session.execute(select(UnavailableDate)).first() is None


def test_upload_preview_then_confirm(client, db):
    make_organisation()
    make_service(name="Riverside House")
    _hr(client)
    page = client.get("/training/import")
    content = (
        b"name,preferred_name,service,username,email,mobile,contact_channel\n"
        b"Dee Morgan,Dee,Riverside House,dee,,,keyworker\n"
    )
    preview = client.post(
        "/training/import",
        data={
            "csrf_token": csrf_token(page),
            "kind": "residents",
            "file": (io.BytesIO(content), "residents.csv"),
        },
        content_type="multipart/form-data",
    )
    assert preview.status_code == 200 and "1 to add" in page_text(preview)
    assert db.session.execute(select(User).where(User.username == "dee")).first() is None
    token = csrf_token(preview)
    encoded = re.search(r'name="content"[^>]*value="([^"]+)"', preview.get_data(as_text=True))
    encoded = encoded or re.search(
        r'value="([^"]+)"[^>]*name="content"', preview.get_data(as_text=True)
    )
    done = client.post(
        "/training/import/confirm",
        data={"csrf_token": token, "kind": "residents", "content": encoded.group(1)},
    )
    assert done.status_code == 302
    assert db.session.execute(select(User).where(User.username == "dee")).first() is not None


def test_upload_with_bad_rows_shows_reasons_and_no_import_button(client, db):
    make_organisation()
    _hr(client)
    page = client.get("/training/import")
    content = b"username,module,completed_on,trainer\nghost,Nothing,2026-01-01,Tom\n"
    response = client.post(
        "/training/import",
        data={
            "csrf_token": csrf_token(page),
            "kind": "training",
            "file": (io.BytesIO(content), "t.csv"),
        },
        content_type="multipart/form-data",
    )
    text = page_text(response)
    assert response.status_code == 422
    assert "Row 2: unknown resident 'ghost'; unknown module 'Nothing'" in text
    assert "Import 1" not in text


def _upload(client, kind: str, content: bytes):
    page = client.get("/training/import")
    return client.post(
        "/training/import",
        data={
            "csrf_token": csrf_token(page),
            "kind": kind,
            "file": (io.BytesIO(content), f"{kind}.csv"),
        },
        content_type="multipart/form-data",
    )


def test_a_file_with_a_huge_cell_is_refused_with_a_reason_not_an_error_page(client, db):
    make_organisation()
    make_module(name="Interview skills")
    make_resident(username="lee")
    _hr(client)
    huge = "x" * 200_000
    row = f'lee,Interview skills,2026-01-01,"{huge}"\n'
    training = _upload(client, "training", f"username,module,completed_on,trainer\n{row}".encode())
    assert training.status_code == 422
    assert "Row 2: a cell is too long to read" in page_text(training)
    residents = _upload(
        client,
        "residents",
        (
            "name,preferred_name,service,username,email,mobile,contact_channel\n"
            + "y" * 140_000
            + ",,,lee2,,,keyworker\n"
        ).encode(),
    )
    assert residents.status_code == 422
    assert "Row 2: a cell is too long to read" in page_text(residents)


def test_confirming_an_import_checks_lengths_and_hidden_characters_again(client, db):
    """The confirm step re-reads the file; what a form would refuse must never reach the table."""
    import base64

    make_organisation()
    make_module(name="Interview skills")
    make_resident(username="lee")
    _hr(client)
    page = client.get("/training/import")
    content = (
        "username,module,completed_on,trainer\n"
        "lee,Interview skills,2026-01-01,Tom\x00Okafor\n"
        f"lee,Interview skills,2026-01-02,{'t' * 10_000}\n"
    ).encode()
    response = client.post(
        "/training/import/confirm",
        data={
            "csrf_token": csrf_token(page),
            "kind": "training",
            "content": base64.b64encode(content).decode(),
        },
    )
    text = page_text(response)
    assert response.status_code == 422
    assert "Row 2: trainer has a hidden character in it" in text
    assert "Row 3: trainer is longer than 120 characters" in text
    assert db.session.execute(select(TrainingRecord)).first() is None


def test_modules_can_be_added_with_or_without_expiry(client, db):
    make_organisation()
    sign_in(client, make_staff(roles={Role.TRAINER}))
    page = client.get("/training/modules/new")
    response = client.post(
        "/training/modules/new",
        data={
            "csrf_token": csrf_token(page),
            "name": "Chairing",
            "description": "x",
            "valid_months": "",
        },
    )
    assert response.status_code == 302
    assert "Chairing x No Never expires" in page_text(client.get("/training/modules"))
    dup = client.post(
        "/training/modules/new",
        data={"csrf_token": csrf_token(page), "name": "Chairing", "required": "y"},
    )
    assert dup.status_code == 422 and "already a module" in page_text(dup)


def test_a_module_name_differing_only_in_capitals_or_spaces_is_refused_beside_it(client, db):
    make_organisation()
    make_module(name="Interview skills")
    chairing = make_module(name="Chairing")
    sign_in(client, make_staff(roles={Role.TRAINER}))
    page = client.get("/training/modules/new")
    for url, typed in (
        ("/training/modules/new", " interview skills "),
        (f"/training/modules/{chairing.id}", "INTERVIEW SKILLS"),
    ):
        response = client.post(
            url, data={"csrf_token": csrf_token(page), "name": typed, "required": "y"}
        )
        assert response.status_code == 422
        assert _error_beside(response, "name") == "There is already a module with that name"
        assert f'value="{typed}"' in response.get_data(as_text=True)
    names = db.session.execute(select(TrainingModule.name).order_by(TrainingModule.id))
    assert names.scalars().all() == ["Interview skills", "Chairing"]


def test_adding_a_required_module_says_how_many_can_no_longer_score(client, db):
    """A new module has nobody trained in it: requiring it stops every resident scoring, so the
    form does not tick "Required" for you, and saving one says who it stopped."""
    make_organisation()
    skills = make_module(name="Interview skills")
    make_ready_resident(modules=[skills], name="Rita Ready")
    make_ready_resident(modules=[skills], name="Ravi Ready")
    make_resident(name="Nia New")
    sign_in(client, make_staff(roles={Role.TRAINER}))
    page = client.get("/training/modules/new")
    required_box = re.search(r'<input[^>]*name="required"[^>]*>', page.get_data(as_text=True))
    assert "checked" not in required_box.group(0)
    data = {"csrf_token": csrf_token(page), "name": "Safeguarding", "required": "y"}
    asked = client.post("/training/modules/new", data=data)
    # Asked first, naming who it stops, with what was typed kept; nothing saved yet.
    assert asked.status_code == 422
    assert "stops 2 residents who can score today" in page_text(asked)
    assert "Ravi Ready, Rita Ready" in page_text(asked)
    assert 'value="Safeguarding"' in asked.get_data(as_text=True)
    assert db.session.execute(select(TrainingModule).filter_by(name="Safeguarding")).first() is None
    response = client.post(
        "/training/modules/new",
        data={**data, "once": once_key(asked), "confirm_required": "y"},
        follow_redirects=True,
    )
    assert (
        "Safeguarding is now required: 2 residents who could score today cannot until this "
        "training is recorded for them." in page_text(response)
    )
    quiet = client.post(
        "/training/modules/new",
        data={"csrf_token": csrf_token(page), "name": "Chairing"},
        follow_redirects=True,
    )
    assert "Chairing saved." in page_text(quiet) and "is now required" not in page_text(quiet)


def test_competencies_for_staff(client, db):
    make_organisation()
    staff = make_staff(name="Sofia Patel")
    _hr(client)
    page = client.get(f"/training/people/{staff.id}/competencies")
    response = client.post(
        f"/training/people/{staff.id}/competencies",
        data={
            "csrf_token": csrf_token(page),
            "chair_competent_on": "",
            "safer_recruitment_on": "02/03/2026",
        },
    )
    assert response.status_code == 302
    db.session.refresh(staff)
    assert staff.safer_recruitment_on == date(2026, 3, 2)
    assert "Sofia Patel No 02/03/2026" in page_text(client.get("/training/staff"))
    make_agreement(user=make_resident())
    # A slip of the century is refused beside the date, as on training records.
    slip = client.post(
        f"/training/people/{staff.id}/competencies",
        data={
            "csrf_token": csrf_token(page),
            "chair_competent_on": "",
            "safer_recruitment_on": "02/03/1926",
        },
    )
    assert slip.status_code == 422
    assert "The date cannot be before 1 January 2000" in page_text(slip)


def test_training_pages_declare_who_may_use_them(app):
    from panelhire.auth.access import SIGNED_IN, access_of

    expected = {
        "training.add_resident": {Role.ADMIN, Role.HR},
        "training.import_file": {Role.ADMIN, Role.HR},
        "training.confirm_import": {Role.ADMIN, Role.HR},
        "training.record_session": {Role.ADMIN, Role.HR, Role.TRAINER},
        "training.resident": {Role.ADMIN, Role.HR, Role.TRAINER},
        "training.readiness": {Role.ADMIN, Role.HR, Role.MANAGER},
        "training.certificate": SIGNED_IN,
    }
    with app.test_request_context():
        for endpoint, audience in expected.items():
            declared = access_of(endpoint)
            assert (set(declared) if isinstance(audience, set) else declared) == audience


def test_pausing_a_resident_shows_on_the_list(client, db):
    make_organisation()
    dee = make_resident(name="Dee Morgan")
    _hr(client)
    page = client.get(f"/training/residents/{dee.id}/status")
    response = client.post(
        f"/training/residents/{dee.id}/status",
        data={"csrf_token": csrf_token(page), "status": "paused"},
    )
    assert response.status_code == 302
    assert "Dee Morgan None Paused" in page_text(client.get("/training/residents"))
    bogus = client.post(
        f"/training/residents/{dee.id}/status",
        data={"csrf_token": csrf_token(page), "status": "deleted"},
    )
    assert bogus.status_code == 422


def test_residents_cannot_see_training_pages(client, db):
    sign_in(client, make_resident())
    assert client.get("/training/residents").status_code == 403
    assert client.get("/training/due.csv").status_code == 403


def test_a_panel_observed_earlier_today_counts_on_a_residents_own_page(client, db):
    """ "May I score?" is judged on the same facts as the panels observed that HR's view of
    the resident shows beside it: as of now, so a panel observed this morning opens scoring
    from now on (as it does on that afternoon's roster). Judged as of midnight, the answer
    was "needs to observe 1 more panel" while HR saw "1 so far". (Right after midnight both
    readings agree.)"""
    from panelhire.models.base import now_utc

    make_organisation()
    dee = make_resident(name="Dee Morgan")
    make_record(user=dee, module=make_module(name="Interview skills"))
    make_agreement(user=dee)
    panel = make_panel(members=[(dee, "observer")])
    panel.ends_at = now_utc() - timedelta(minutes=1)
    panel.starts_at = panel.ends_at - timedelta(minutes=30)
    db.session.flush()
    sign_in(client, dee)
    text = page_text(client.get("/training/mine"))
    assert "You can score on panels" in text
    assert "observe" not in text


def test_a_resident_sees_their_own_training_and_certificates(client, db):
    make_organisation()
    dee = make_resident(name="Dee Morgan")
    row = make_record(user=dee, module=make_module(name="Interview skills"))
    sign_in(client, dee)
    response = client.get("/training/mine")
    text = page_text(response)
    assert "Interview skills" in text and "Watch 1 more panel before you score" in text
    assert f"/training/records/{row.id}/certificate.pdf" in response.get_data(as_text=True)


def test_a_residents_own_page_speaks_to_them_and_warns_before_training_runs_out(client, db):
    make_organisation()
    jo = make_resident(name="Jo Bell")
    skills = make_module(name="Interview skills", valid_months=12)
    lapsed = make_module(name="Confidentiality", valid_months=12)
    # Interview skills runs out in about three weeks; Confidentiality ran out last month.
    make_record(user=jo, module=skills, completed_on=date.today() - timedelta(days=345))
    make_record(user=jo, module=lapsed, completed_on=date.today() - timedelta(days=400))
    sign_in(client, jo)
    text = page_text(client.get("/training/mine"))
    ran_out = date.today() - timedelta(days=400) + relativedelta(months=12)
    assert f"Your Confidentiality training ran out on {ran_out:%A} {ran_out.day} " in text
    assert "refresher" in text
    assert "Sign the confidentiality agreement" in text
    assert "Your Interview skills training runs out on" in text
    for said_about_them in ("Not trained in", "expired on", "agreement not signed"):
        assert said_about_them not in text


def test_a_refresher_already_done_is_not_announced_as_running_out(client, db):
    make_organisation()
    jo = make_resident(name="Jo Bell")
    skills = make_module(name="Interview skills", valid_months=12)
    make_record(user=jo, module=skills, completed_on=date.today() - timedelta(days=345))
    make_record(user=jo, module=skills, completed_on=date.today() - timedelta(days=5))
    sign_in(client, jo)
    assert "runs out on" not in page_text(client.get("/training/mine"))


def test_the_residents_list_gives_each_ready_residents_next_expiry(client, db):
    make_organisation()
    module = make_module(name="Interview skills", valid_months=24)
    make_ready_resident(name="Dee Morgan", modules=[module])
    # Trained 30 days ago for 24 months: far from expiring, but the column still says when.
    expiry = date.today() - timedelta(days=30) + relativedelta(months=24)
    _hr(client)
    text = page_text(client.get("/training/residents"))
    assert "Dee Morgan" in text and expiry.strftime("%d/%m/%Y") in text
