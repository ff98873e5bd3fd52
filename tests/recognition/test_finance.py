"""The finance page and its download: totals, how expenses are repaid, late cancellations,
and paid-on dates that cannot be right."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from panelhire.recognition import services
from panelhire.recognition.models import Expense, Payment
from panelhire.recognition.rules import ExpenseKind, Method
from tests.factories import sign_in
from tests.html import csrf_token, page_text
from tests.recognition.factories import make_finished_panel, make_hr, make_policy, make_rate


def _csv(client):  # noqa: ANN001, ANN202
    body = client.get("/recognition/finance/payments-due.csv").data.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def _panel_recorded(client, *, late: bool = False):  # noqa: ANN001, ANN202
    """Dee took part (or cancelled late) in a finished panel; payment chosen, not yet paid."""
    make_rate(pence=2500)
    make_policy(late_rule="part", late_part_percent=50)
    hr = make_hr()
    panel, (dee,) = make_finished_panel(residents=1, days_ago=5)
    sign_in(client, hr)
    url = f"/recognition/panels/{panel.id}/after"
    response = client.post(
        url,
        data={
            "csrf_token": csrf_token(client.get(url)),
            f"attendance_{dee.id}": "late_cancelled" if late else "attended",
            f"choice_{dee.id}": "full",
            f"method_{dee.id}": "transfer",
            f"lower_{dee.id}": "",
        },
    )
    assert response.status_code == 302
    return hr, panel, dee


def _expense(hr, dee, *, pence: int, method: Method | None = None) -> Expense:  # noqa: ANN001
    return services.record_expense(
        hr,
        dee,
        kind=ExpenseKind.TRAVEL,
        incurred_on=date.today() - timedelta(days=5),
        amount_pence=pence,
        receipt_seen=True,
        paid_in_advance=False,
        method=method,
    )


def test_finance_shows_the_total_and_how_each_expense_is_repaid(client, db):
    hr, _panel, dee = _panel_recorded(client)
    plain = _expense(hr, dee, pence=450)
    agreed = _expense(hr, dee, pence=1200, method=Method.TRANSFER)
    page = client.get("/recognition/finance")
    text = page_text(page)
    assert "Total due: £41.50 across 3 items" in text
    rows = _csv(client)
    methods = {row[0]: row[4] for row in rows[1:]}
    assert methods[f"E{plain.id}"] == "Cash unless agreed"
    assert methods[f"E{agreed.id}"] == "Bank transfer"
    # Only data lines: summing the Amount column gives the page's total, not twice it.
    assert len(rows) == 4 and all(row[0] != "Total" for row in rows)
    assert sum(Decimal(row[5]) for row in rows[1:]) == Decimal("41.50")
    # The page says the same as the file.
    assert "Cash unless agreed" in text and text.count("Bank transfer") == 2


def test_an_expense_form_records_how_it_is_to_be_repaid(client, db):
    make_policy()
    hr = make_hr()
    _panel, (dee,) = make_finished_panel(residents=1)
    sign_in(client, hr)
    url = f"/recognition/residents/{dee.id}/expenses/new"
    page = client.get(url)
    response = client.post(
        url,
        data={
            "csrf_token": csrf_token(page),
            "kind": "travel",
            "incurred_on": date.today().isoformat(),
            "amount": "3.20",
            "method": "cash",
        },
    )
    assert response.status_code == 302
    assert db.session.execute(select(Expense.method)).scalar_one() == "cash"


def test_a_late_cancellation_is_labelled_with_the_share_paid(client, db):
    _hr, panel, _dee = _panel_recorded(client, late=True)
    label = f"Interview panel: {panel.vacancy.title} (late cancellation, 50%)"
    assert label in page_text(client.get("/recognition/finance"))
    assert _csv(client)[1][2] == label
    assert _csv(client)[1][5] == "12.50"


def test_a_paid_on_date_before_the_activity_is_refused_beside_the_date(client, db):
    _hr, _panel, _dee = _panel_recorded(client)
    payment = db.session.execute(select(Payment)).scalar_one()
    typed = (date.today() - timedelta(days=6)).isoformat()  # the panel was 5 days ago
    page = client.get("/recognition/finance")
    response = client.post(
        "/recognition/finance",
        data={"csrf_token": csrf_token(page), "payments": str(payment.id), "paid_on": typed},
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="paid_on-error"' in body and "after the paid-on date" in body
    assert f'value="{typed}"' in body  # what was typed is kept
    assert db.session.execute(select(Payment.paid_on)).scalar_one() is None
