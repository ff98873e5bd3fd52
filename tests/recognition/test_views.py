"""Recognition pages: the one after-panel screen, bad input, and residents seeing only their own."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

from pypdf import PdfReader
from sqlalchemy import select

from panelhire.recognition.models import Activity, Expense, Payment, Rate, SupportRequest
from panelhire.recognition.services import local_today
from tests.factories import sign_in
from tests.html import csrf_token, page_text
from tests.recognition.factories import (
    attendance_data,
    make_finished_panel,
    make_hr,
    make_policy,
    make_rate,
)


def test_hr_records_attendance_and_choices_in_one_screen(client, db):
    make_rate(pence=2500)
    make_policy()
    hr = make_hr()
    panel, (dee, sam) = make_finished_panel(residents=2)
    sign_in(client, hr)
    url = f"/recognition/panels/{panel.id}/after"
    page = client.get(url)
    assert page.status_code == 200
    assert dee.display_name in page_text(page) and "£25.00" in page_text(page)
    response = client.post(
        url,
        data=attendance_data(
            csrf_token(page),
            [dee, sam],
            **{f"choice_{sam.id}": "lower", f"lower_{sam.id}": "10", f"method_{sam.id}": "cash"},
        ),
    )
    assert response.status_code == 302
    amounts = {
        p.activity.user_id: p.amount_pence for p in db.session.execute(select(Payment)).scalars()
    }
    assert amounts == {dee.id: 2500, sam.id: 1000}


def test_bad_lines_are_refused_beside_the_field_and_nothing_is_saved(client, db):
    make_rate(pence=2500)
    hr = make_hr()
    panel, (dee, sam) = make_finished_panel(residents=2)
    sign_in(client, hr)
    url = f"/recognition/panels/{panel.id}/after"
    token = csrf_token(client.get(url))
    response = client.post(
        url,
        data=attendance_data(
            token,
            [dee, sam],
            **{
                f"attendance_{sam.id}": "did_not_attend",
                f"choice_{dee.id}": "lower",
                f"lower_{dee.id}": "-5",
            },
        ),
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'id="lower_{dee.id}-error"' in body and "cannot be negative" in body
    assert 'value="-5"' in body  # what was typed is kept
    # The service is not reached while a field is invalid; fix it and the next refusal shows.
    response = client.post(
        url,
        data=attendance_data(token, [dee, sam], **{f"attendance_{sam.id}": "did_not_attend"}),
    )
    assert response.status_code == 422
    assert f'id="choice_{sam.id}-error"' in response.get_data(as_text=True)
    assert "did not come" in page_text(response)
    assert db.session.execute(select(Activity)).first() is None


def test_amounts_over_the_maximum_are_refused(client, db):
    make_rate(pence=2500)
    panel, (dee,) = make_finished_panel(residents=1)
    sign_in(client, make_hr())
    url = f"/recognition/panels/{panel.id}/after"
    data = attendance_data(
        csrf_token(client.get(url)),
        [dee],
        **{f"choice_{dee.id}": "lower", f"lower_{dee.id}": "9999"},
    )
    response = client.post(url, data=data)
    assert response.status_code == 422
    assert "cannot be more than £500.00" in page_text(response)


def test_a_future_panel_cannot_be_recorded(client, db):
    make_rate()
    panel, (dee,) = make_finished_panel(residents=1, days_ago=-3)
    sign_in(client, make_hr())
    url = f"/recognition/panels/{panel.id}/after"
    page = client.get(url)
    assert "has not happened yet" in page_text(page)
    response = client.post(url, data=attendance_data(csrf_token(page), [dee]))
    assert response.status_code == 422
    assert db.session.execute(select(Activity)).first() is None


def test_a_retroactive_rate_is_refused_beside_the_date(client, db):
    make_rate(pence=2500, start=date(2020, 1, 1))
    hr = make_hr()
    panel, (dee,) = make_finished_panel(residents=1, days_ago=10)
    sign_in(client, hr)
    url = f"/recognition/panels/{panel.id}/after"
    client.post(url, data=attendance_data(csrf_token(client.get(url)), [dee]))
    payment = db.session.execute(select(Payment)).scalar_one()
    finance = client.get("/recognition/finance")
    assert (
        client.post(
            "/recognition/finance",
            data={
                "csrf_token": csrf_token(finance),
                "payments": str(payment.id),
                "paid_on": date.today().isoformat(),
            },
        ).status_code
        == 302
    )
    form = client.get("/recognition/rates/new")
    response = client.post(
        "/recognition/rates/new",
        data={
            "csrf_token": csrf_token(form),
            "kind": "panel",
            "amount": "30",
            "effective_from": (date.today() - timedelta(days=20)).isoformat(),
        },
    )
    assert response.status_code == 422
    assert 'id="effective_from-error"' in response.get_data(as_text=True)
    assert "already been paid" in page_text(response)
    assert len(db.session.execute(select(Rate)).scalars().all()) == 1


def test_a_negative_rate_is_refused_beside_the_amount(client, db):
    sign_in(client, make_hr())
    form = client.get("/recognition/rates/new")
    response = client.post(
        "/recognition/rates/new",
        data={
            "csrf_token": csrf_token(form),
            "kind": "panel",
            "amount": "-10",
            "effective_from": "2026-05-01",
        },
    )
    assert response.status_code == 422
    assert 'id="amount-error"' in response.get_data(as_text=True)
    assert 'value="-10"' in response.get_data(as_text=True)


def _recorded_panel(client, db):  # noqa: ANN001
    make_rate(pence=2500)
    make_policy()
    hr = make_hr()
    panel, (dee, sam) = make_finished_panel(residents=2)
    sign_in(client, hr)
    url = f"/recognition/panels/{panel.id}/after"
    client.post(url, data=attendance_data(csrf_token(client.get(url)), [dee, sam]))
    client.post("/sign-out", data={"csrf_token": csrf_token(client.get("/home"))})
    return panel, dee, sam


def test_a_resident_sees_their_own_totals_and_nobody_elses(client, db):
    _panel, dee, sam = _recorded_panel(client, db)
    sam.display_name = "Samira Unique"
    db.session.flush()
    sign_in(client, dee)
    page = client.get("/recognition/mine")
    text = page_text(page)
    assert page.status_code == 200
    assert "This tax year" in text and "£25.00" in text
    assert "Samira Unique" not in text
    assert client.get(f"/recognition/residents/{sam.id}").status_code == 403
    assert client.get(f"/recognition/residents/{sam.id}/statement.pdf").status_code == 403
    assert client.get("/recognition/finance/payments-due.csv").status_code == 403


def test_the_resident_statement_is_a_tagged_pdf_of_their_own_record(client, db):
    _panel, dee, sam = _recorded_panel(client, db)
    sam.display_name = "Samira Unique"
    db.session.flush()
    sign_in(client, dee)
    start = (date.today() - timedelta(days=30)).isoformat()
    response = client.get(
        f"/recognition/mine/statement.pdf?start={start}&end={date.today().isoformat()}"
    )
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    text = "".join(page.extract_text() for page in reader.pages)
    assert dee.display_name in text and "£25.00" in text
    assert "Samira Unique" not in text
    assert reader.metadata.title.startswith("Statement of involvement payments")
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] and root["/Lang"] == "en-GB"


def test_the_statement_shows_money_not_yet_paid_apart_from_money_received(client, db):
    _panel, dee, _sam = _recorded_panel(client, db)
    sign_in(client, make_hr())
    url = (
        f"/recognition/residents/{dee.id}/statement.pdf"
        f"?start={(date.today() - timedelta(days=30)).isoformat()}&end={date.today().isoformat()}"
    )

    def summary():  # noqa: ANN202
        reader = PdfReader(io.BytesIO(client.get(url).data))
        return " ".join(reader.pages[0].extract_text().split())

    unpaid = summary()
    assert "Received for time (income, paid) £0.00" in unpaid
    assert "of which by voucher £0.00" in unpaid
    assert "Not yet paid for time (not received) £25.00" in unpaid
    payment = db.session.execute(
        select(Payment).join(Activity).where(Activity.user_id == dee.id)
    ).scalar_one()
    finance = client.get("/recognition/finance")
    client.post(
        "/recognition/finance",
        data={
            "csrf_token": csrf_token(finance),
            "payments": [payment.id],
            "paid_on": date.today().isoformat(),
        },
    )
    paid = summary()
    assert "Received for time (income, paid) £25.00" in paid
    assert "of which by voucher £25.00" in paid
    assert "Not yet paid for time (not received) £0.00" in paid


def test_a_statement_range_the_wrong_way_round_is_refused(client, db):
    _panel, dee, _sam = _recorded_panel(client, db)
    sign_in(client, dee)
    response = client.get("/recognition/mine/statement.pdf?start=2026-05-01&end=2026-04-01")
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert 'id="end-error"' in body
    # The form is far down a phone's page: the summary that links to it comes first.
    assert body.index('class="error-summary"') < body.index("<h1>") < body.index('id="end-error"')


def test_the_record_of_involvement_is_one_page(client, db):
    _panel, dee, _sam = _recorded_panel(client, db)
    sign_in(client, dee)
    response = client.get("/recognition/mine/record.pdf")
    reader = PdfReader(io.BytesIO(response.data))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Record of involvement" in text and "Interview panels (1)" in text


def test_a_panel_missed_is_not_on_the_record_of_involvement(client, db):
    make_rate(pence=2500)
    make_policy()
    hr = make_hr()
    panel, (dee, sam) = make_finished_panel(residents=2)
    sign_in(client, hr)
    url = f"/recognition/panels/{panel.id}/after"
    data = attendance_data(
        csrf_token(client.get(url)),
        [dee, sam],
        **{f"attendance_{sam.id}": "late_cancelled", f"choice_{sam.id}": "none"},
    )
    assert client.post(url, data=data).status_code == 302

    def record_text(user):  # noqa: ANN001, ANN202
        response = client.get(f"/recognition/residents/{user.id}/record.pdf")
        assert response.status_code == 200
        return "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)

    assert "Interview panels (1)" in record_text(dee)
    missed = record_text(sam)
    assert "Interview panels (0)" in missed and "No panels yet" in missed
    assert panel.vacancy.title not in missed


def test_the_finance_csv_lists_payments_due_safely(client, db):
    _panel, dee, sam = _recorded_panel(client, db)
    dee.display_name = '=HYPERLINK("http://evil")'
    sam.display_name = "@Sam"
    db.session.flush()
    sign_in(client, make_hr())
    response = client.get("/recognition/finance/payments-due.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0][0] == "Reference"
    names = {row[1] for row in rows[1:]}
    assert names == {'\'=HYPERLINK("http://evil")', "'@Sam"}
    assert [row[5] for row in rows[1:]] == ["25.00", "25.00"]  # no total line to double-count


def test_marking_nothing_as_paid_is_refused_beside_the_list(client, db):
    _recorded_panel(client, db)
    sign_in(client, make_hr())
    typed = (date.today() - timedelta(days=3)).isoformat()
    response = client.post(
        "/recognition/finance",
        data={"csrf_token": csrf_token(client.get("/recognition/finance")), "paid_on": typed},
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="payments-error"' in body and "Tick at least one payment" in body
    assert 'href="#payments"' in body  # the error summary links to the list
    assert f'value="{typed}"' in body  # the date typed is kept
    assert "marked as paid." not in page_text(response)
    assert all(p.paid_on is None for p in db.session.execute(select(Payment)).scalars())


def test_hr_home_shows_check_ins_and_requests_to_talk_until_done(client, db):
    panel, dee, _sam = _recorded_panel(client, db)
    sign_in(client, dee)
    mine = client.get("/recognition/mine")
    assert "I'd like to talk to someone" in page_text(mine)
    client.post(f"/recognition/mine/talk/{panel.id}", data={"csrf_token": csrf_token(mine)})
    assert "Someone will be in touch" in page_text(client.get("/recognition/mine"))
    client.post("/sign-out", data={"csrf_token": csrf_token(client.get("/home"))})
    sign_in(client, make_hr())
    home = client.get("/home")
    text = page_text(home)
    assert f"{dee.display_name} would like to talk to someone" in text
    assert "Hana, 0161 000 0000" in text
    assert "Next-day check-ins" in text and "Debriefs to record" in text
    request = db.session.execute(select(SupportRequest)).scalar_one()
    client.post(f"/recognition/support/{request.id}/handled", data={"csrf_token": csrf_token(home)})
    for member in panel.active_members("resident"):
        client.post(
            f"/recognition/panels/{panel.id}/check-ins/{member.user_id}",
            data={"csrf_token": csrf_token(home)},
        )
    text = page_text(client.get("/home"))
    assert "would like to talk" not in text and "Next-day check-ins" not in text


def test_the_policy_is_shown_to_residents(client, db):
    make_rate(pence=2500)
    make_policy(covers_meals=False, late_rule="none")
    panel, (dee,) = make_finished_panel(residents=1)
    sign_in(client, dee)
    assert "/recognition/policy" in client.get("/home").get_data(as_text=True)
    text = page_text(client.get("/recognition/policy"))
    assert "Interview panel £25.00" in text
    assert "travel and childcare or care costs" in text
    assert "there is no payment" in text


def test_debrief_is_recorded_with_who_came_and_long_notes_are_refused(client, db):
    panel, (dee,) = make_finished_panel(residents=1)
    sign_in(client, make_hr())
    url = f"/recognition/panels/{panel.id}/debrief"
    token = csrf_token(client.get(url))
    too_long = client.post(
        url, data={"csrf_token": token, "held": "yes", "attendees": dee.id, "notes": "x" * 501}
    )
    assert too_long.status_code == 422
    assert 'id="notes-error"' in too_long.get_data(as_text=True)
    saved = client.post(url, data={"csrf_token": token, "held": "yes", "attendees": dee.id})
    assert saved.status_code == 302
    assert "Debriefs to record" not in page_text(client.get("/home"))


def test_expenses_and_activities_refuse_bad_amounts_beside_the_field(client, db):
    make_policy(covers_meals=False)
    make_rate(kind="training", pence=1000)
    _panel, (dee,) = make_finished_panel(residents=1)
    sign_in(client, make_hr())
    url = f"/recognition/residents/{dee.id}/expenses/new"
    page = client.get(url)
    assert "Meals" not in page_text(page)
    response = client.post(
        url,
        data={
            "csrf_token": csrf_token(page),
            "kind": "travel",
            "incurred_on": date.today().isoformat(),
            "amount": "-4.50",
        },
    )
    assert response.status_code == 422
    assert 'id="amount-error"' in response.get_data(as_text=True)
    url = f"/recognition/residents/{dee.id}/activities/new"
    response = client.post(
        url,
        data={
            "csrf_token": csrf_token(client.get(url)),
            "kind": "training",
            # Tomorrow in London, as the check uses (date.today() is UTC: a day behind at 23:30).
            "happened_on": (local_today() + timedelta(days=1)).isoformat(),
            "attendance": "attended",
            "choice": "full",
            "method": "cash",
        },
    )
    assert response.status_code == 422
    assert 'id="happened_on-error"' in response.get_data(as_text=True)
    assert db.session.execute(select(Activity)).first() is None


def test_an_expense_typed_with_a_comma_is_refused_not_multiplied(client, db):
    make_policy()
    _panel, (dee,) = make_finished_panel(residents=1)
    sign_in(client, make_hr())
    url = f"/recognition/residents/{dee.id}/expenses/new"
    token = csrf_token(client.get(url))
    data = {"csrf_token": token, "kind": "travel", "incurred_on": date.today().isoformat()}
    response = client.post(url, data={**data, "amount": "4,50"})
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="amount-error"' in body and "Write pence after a full stop" in body
    assert 'value="4,50"' in body  # what was typed is kept
    assert db.session.execute(select(Expense)).first() is None
    saved = client.post(url, data={**data, "amount": "4.50"})
    assert saved.status_code == 302
    assert db.session.execute(select(Expense.amount_pence)).scalar_one() == 450


def test_hr_sets_the_late_cancellation_rule(client, db):
    sign_in(client, make_hr())
    page = client.get("/recognition/policy/edit")
    response = client.post(
        "/recognition/policy/edit",
        data={
            "csrf_token": csrf_token(page),
            "covers": ["travel", "care"],
            "expenses_note": "Bus fares",
            "late_rule": "pay",
            "late_part_percent": "50",
            "late_hours": "48",
            "threshold_period": "week",
        },
    )
    assert response.status_code == 302
    text = page_text(client.get("/recognition/policy"))
    assert "less than 48 hours" in text and "we still pay you in full" in text


def test_hr_sets_the_threshold_for_warnings_in_the_policy(client, db):
    from panelhire.audit.models import AuditEvent
    from panelhire.core.models import Organisation
    from tests.factories import make_organisation

    make_organisation()
    sign_in(client, make_hr())
    url = "/recognition/policy/edit"
    data = {
        "csrf_token": csrf_token(client.get(url)),
        "covers": ["travel"],
        "late_rule": "none",
        "late_part_percent": "50",
        "late_hours": "24",
        "threshold_period": "month",
    }
    refused = client.post(url, data={**data, "voucher_threshold": "99,50"})
    body = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert 'id="voucher_threshold-error"' in body and "full stop" in body
    assert 'value="99,50"' in body
    assert client.post(url, data={**data, "voucher_threshold": "1,250"}).status_code == 302
    org = db.session.execute(select(Organisation)).scalar_one()
    assert org.voucher_threshold_pence == 125_000
    audit = db.session.execute(
        select(AuditEvent).where(AuditEvent.action == "recognition.policy_updated")
    ).scalar_one()
    assert "threshold: £1,250.00" in audit.summary
    assert "threshold of £1,250.00 over a calendar month" in page_text(client.get("/recognition/"))
    assert 'value="1250.00"' in client.get(url).get_data(as_text=True)
    assert client.post(url, data={**data, "voucher_threshold": ""}).status_code == 302
    db.session.refresh(org)
    assert org.voucher_threshold_pence == 0  # blank means no warning


def test_panels_pages_can_include_the_policy(app, db):
    from flask import render_template_string

    make_rate(pence=2500)
    panel, _ = make_finished_panel(residents=1)
    with app.test_request_context():
        html = render_template_string(
            "{% with policy = recognition_policy(panel.starts_at) %}"
            '{% include "recognition/_policy.html" %}{% endwith %}',
            panel=panel,
        )
    assert "Payment for your time" in html and "£25.00" in html


def test_asking_to_talk_emails_hr_straight_away(client, db):
    from panelhire.auth.models import User, UserRole
    from panelhire.messaging.models import OutboxMessage

    panel, dee, _sam = _recorded_panel(client, db)
    hr = make_hr()
    db.session.commit()
    sign_in(client, dee)
    mine = client.get("/recognition/mine")
    client.post(f"/recognition/mine/talk/{panel.id}", data={"csrf_token": csrf_token(mine)})
    client.post(f"/recognition/mine/talk/{panel.id}", data={"csrf_token": csrf_token(mine)})
    alerts = (
        db.session.execute(select(OutboxMessage).where(OutboxMessage.kind == "support_request"))
        .scalars()
        .all()
    )
    hr_addresses = (
        db.session.execute(
            select(User.email)
            .join(UserRole, UserRole.user_id == User.id)
            .where(UserRole.role == "hr")
        )
        .scalars()
        .all()
    )
    assert hr.email in hr_addresses
    # Each HR coordinator is told once, however often the button is pressed.
    assert sorted(a.to_address for a in alerts) == sorted(hr_addresses)
    assert dee.display_name in alerts[0].body_text
    assert "Hana, 0161 000 0000" in alerts[0].body_text


def test_the_threshold_warning_speaks_of_this_period(client, db):
    from panelhire.recognition import services
    from panelhire.recognition.rules import ActivityKind, Attendance, Choice, Method

    make_policy(threshold_period="tax_year")
    make_rate(kind=ActivityKind.TRAINING, pence=45_000)
    _panel, (dee,) = make_finished_panel(residents=1)  # threshold £100
    entry = services.Entry(dee.id, Attendance.ATTENDED, Choice.FULL, Method.VOUCHER, None)
    services.record_activity(
        make_hr(), dee, kind=ActivityKind.TRAINING, happened_on=date.today(), entry=entry
    )
    db.session.commit()
    sign_in(client, dee)
    text = page_text(client.get("/recognition/mine"))
    assert "Your total this tax year has reached £100.00" in text
