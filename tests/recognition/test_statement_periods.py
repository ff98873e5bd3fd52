"""Consecutive statements: every line is in one summary total, and nothing is received twice.

The reviewer's case: panels on 21/10 and 23/10 paid on 30/10 were listed on a statement to
25/10 in no summary line, then listed again and counted as received on the next statement.
"""

from __future__ import annotations

import io
from datetime import date

from pypdf import PdfReader

from panelhire.recognition import finance, services, statements
from panelhire.recognition.rules import ActivityKind, Attendance, Choice, ExpenseKind, Method
from panelhire.recognition.services import Entry
from tests.factories import make_resident, sign_in
from tests.recognition.factories import make_hr, make_policy, make_rate

OCTOBER = (date(2026, 10, 1), date(2026, 10, 25))
NOVEMBER = (date(2026, 10, 26), date(2026, 11, 29))


def _panel(hr, dee, day, choice=Choice.FULL, method=Method.VOUCHER):  # noqa: ANN001, ANN202
    return services.record_activity(
        hr,
        dee,
        kind=ActivityKind.PANEL,
        happened_on=day,
        entry=Entry(dee.id, Attendance.ATTENDED, choice, method, None),
        today=date(2026, 11, 29),
        again=True,
    )


def _resident_with_october_payments():  # noqa: ANN202
    make_rate(pence=2000)
    make_policy()
    hr = make_hr()
    dee = make_resident(name="Dee Morgan")
    early = _panel(hr, dee, date(2026, 10, 5))  # paid within October's dates
    edge = [_panel(hr, dee, date(2026, 10, 21)), _panel(hr, dee, date(2026, 10, 23))]
    donated = _panel(hr, dee, date(2026, 10, 24), choice=Choice.DONATE, method=None)
    later = _panel(hr, dee, date(2026, 11, 5))  # never paid
    travel = services.record_expense(
        hr,
        dee,
        kind=ExpenseKind.TRAVEL,
        incurred_on=date(2026, 10, 22),
        amount_pence=450,
        receipt_seen=True,
        paid_in_advance=False,
        today=date(2026, 10, 22),
    )
    finance.mark_paid(
        hr, payment_ids=[early.payment.id], expense_ids=[], paid_on=date(2026, 10, 10)
    )
    finance.mark_paid(
        hr,
        payment_ids=[a.payment.id for a in edge],
        expense_ids=[travel.id],
        paid_on=date(2026, 10, 30),
    )
    return hr, dee, early, edge, donated, later


def _counted(statement):  # noqa: ANN001, ANN202
    """Each listed activity's id against the summary line its amount is counted in."""
    lines = {}
    for a in statement.activities:
        p = a.payment
        if p.amount_pence == 0:
            lines[a.id] = "nothing to receive"
        elif p.paid_on is not None and statement.start <= p.paid_on <= statement.end:
            lines[a.id] = "received"
        else:
            lines[a.id] = "due"
    return lines


def _each_summary_equals_its_rows(statement) -> None:  # noqa: ANN001
    rows = {a.id: a for a in statement.activities}
    counted = _counted(statement)
    received = sum(
        rows[i].payment.amount_pence for i, line in counted.items() if line == "received"
    )
    due = sum(rows[i].payment.amount_pence for i, line in counted.items() if line == "due")
    assert statement.received_pence == received
    assert statement.due_pence == due
    assert sum(statement.by_method.values()) == received
    assert statement.donated_pence == sum(a.payment.donated_pence for a in statement.activities)
    assert statement.expenses_repaid_pence + statement.expenses_due_pence == sum(
        e.amount_pence for e in statement.expenses
    )


def test_consecutive_statements_count_each_payment_once_and_add_up(db):
    _hr, dee, early, edge, donated, later = _resident_with_october_payments()
    october = statements.statement_for(dee, *OCTOBER, today=date(2026, 11, 30))
    november = statements.statement_for(dee, *NOVEMBER, today=date(2026, 11, 30))
    for statement in (october, november):
        _each_summary_equals_its_rows(statement)
        assert len({a.id for a in statement.activities}) == len(statement.activities)

    # October: the 5/10 panel was received; 21/10 and 23/10 were still owed on 25/10.
    assert _counted(october) == {
        early.id: "received",
        edge[0].id: "due",
        edge[1].id: "due",
        donated.id: "nothing to receive",
    }
    assert (october.received_pence, october.due_pence, october.donated_pence) == (2000, 4000, 2000)
    assert (october.expenses_repaid_pence, october.expenses_due_pence) == (0, 450)
    # November: the same two payments received on 30/10, and 5/11 still owed.
    assert _counted(november) == {edge[0].id: "received", edge[1].id: "received", later.id: "due"}
    assert (november.received_pence, november.due_pence, november.donated_pence) == (4000, 2000, 0)
    assert (november.expenses_repaid_pence, november.expenses_due_pence) == (450, 0)

    # Across the two, each payment is counted as received at most once and as due at most
    # once; a line shows in both only when owed at the end of one and received in the next.
    for line in ("received", "due", "nothing to receive"):
        ids = [i for s in (october, november) for i, got in _counted(s).items() if got == line]
        assert len(ids) == len(set(ids)), line
    in_both = {a.id for a in october.activities} & {a.id for a in november.activities}
    assert in_both == {edge[0].id, edge[1].id}
    assert october.received_pence + november.received_pence == 6000  # all that was paid


def _pdf_text(client, dee, start, end) -> str:  # noqa: ANN001
    url = f"/recognition/residents/{dee.id}/statement.pdf?start={start}&end={end}"
    reader = PdfReader(io.BytesIO(client.get(url).data))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_the_statement_pdf_puts_late_paid_lines_in_its_summary(client, db):
    hr, dee, *_ = _resident_with_october_payments()
    sign_in(client, hr)
    october = _pdf_text(client, dee, *OCTOBER)
    assert "Received for time (income, paid) £20.00" in october
    assert "Not yet paid for time (not received) £40.00" in october
    assert october.count("Not paid by 25/10/2026") == 2
    assert "30/10/2026" not in october  # as it stood on the last day of the period
    assert "had not been paid by 25/10/2026" in october  # the rule, stated on the page
    november = _pdf_text(client, dee, *NOVEMBER)
    assert "Received for time (income, paid) £40.00" in november
    assert "Not yet paid for time (not received) £20.00" in november
