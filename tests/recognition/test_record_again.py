"""A panel payment cancelled by mistake can be recorded afresh from the after-panel screen."""

from __future__ import annotations

from sqlalchemy import select

from panelhire.recognition import corrections, finance
from panelhire.recognition.attendance import panel_rows, record_after_panel
from panelhire.recognition.involvement import involvement_record
from panelhire.recognition.models import Activity
from panelhire.recognition.rules import Attendance, Choice, Method
from panelhire.recognition.services import Entry
from tests.factories import sign_in
from tests.html import csrf_token, page_text
from tests.recognition.factories import make_finished_panel, make_hr, make_policy, make_rate


def _cancelled_panel(*, attendance: Attendance = Attendance.ATTENDED):  # noqa: ANN202
    """Dee's payment for a finished panel was recorded, then cancelled as a mistake."""
    make_rate(pence=2500)
    make_policy()
    hr = make_hr()
    panel, (dee,) = make_finished_panel(residents=1)
    choice = Choice.FULL if attendance is Attendance.ATTENDED else Choice.NONE
    method = Method.VOUCHER if attendance is Attendance.ATTENDED else None
    (first,) = record_after_panel(hr, panel, [Entry(dee.id, attendance, choice, method, None)])
    corrections.cancel_payment(hr, first.payment, reason="Wrong resident ticked")
    return hr, panel, dee, first


def _activities(db, dee):  # noqa: ANN001, ANN202
    return list(
        db.session.execute(
            select(Activity).where(Activity.user_id == dee.id).order_by(Activity.id)
        ).scalars()
    )


def test_a_cancelled_panel_payment_is_recorded_afresh_only_when_asked(db):
    hr, panel, dee, first = _cancelled_panel()
    entry = Entry(dee.id, Attendance.ATTENDED, Choice.FULL, Method.CASH, None)
    # Saving the screen as it stands does not bring the cancelled line back.
    record_after_panel(hr, panel, [entry])
    assert _activities(db, dee) == [first]
    (row,) = panel_rows(panel)
    assert row.locked and row.activity is None and row.cancelled == [first]

    (fresh,) = record_after_panel(hr, panel, [entry], again={dee.id})
    assert fresh is not first and fresh.panel_id == panel.id
    assert fresh.payment.amount_pence == 2500 and fresh.payment.method == "cash"
    assert first.payment.is_cancelled and first.payment.cancel_reason == "Wrong resident ticked"
    assert _activities(db, dee) == [first, fresh]
    assert [r.reference for r in finance.payments_due()] == [f"P{fresh.payment.id}"]
    (row,) = panel_rows(panel)
    assert row.activity is fresh and not row.locked and row.cancelled == [first]


def test_hr_records_again_from_the_after_panel_screen(client, db):
    hr, panel, dee, first = _cancelled_panel()
    sign_in(client, hr)
    url = f"/recognition/panels/{panel.id}/after"
    text = page_text(client.get(url))
    assert "The payment for this panel was cancelled: Wrong resident ticked" in text
    assert "This cannot be changed here" not in text
    assert f"Record attendance and payment again for {dee.display_name}" in text

    page = client.get(f"{url}?again={dee.id}")
    assert f'name="choice_{dee.id}"' in page.get_data(as_text=True)
    response = client.post(
        f"{url}?again={dee.id}",
        data={
            "csrf_token": csrf_token(page),
            f"attendance_{dee.id}": "attended",
            f"choice_{dee.id}": "full",
            f"method_{dee.id}": "transfer",
            f"lower_{dee.id}": "",
        },
    )
    assert response.status_code == 302
    first_again, fresh = _activities(db, dee)
    assert first_again is first and first.payment.is_cancelled
    assert fresh.panel_id == panel.id and fresh.payment.method == "transfer"
    assert not fresh.payment.is_cancelled and fresh.payment.amount_pence == 2500
    text = page_text(client.get(url))
    assert "A payment for this panel was cancelled: Wrong resident ticked" in text
    assert "Record attendance and payment again" not in text


def test_a_cancelled_record_does_not_decide_the_record_of_involvement(db):
    hr, panel, dee, _first = _cancelled_panel(attendance=Attendance.ATTENDED)
    record_after_panel(
        hr,
        panel,
        [Entry(dee.id, Attendance.DID_NOT_ATTEND, Choice.NONE, None, None)],
        again={dee.id},
    )
    assert involvement_record(dee).panels == []
