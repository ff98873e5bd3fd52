"""Statements, records of involvement and the finance export: objects in, bytes out."""

from __future__ import annotations

from panelhire.exports.csv import build_csv
from panelhire.exports.pdf import render_pdf
from panelhire.recognition.finance import PaymentDue
from panelhire.recognition.involvement import InvolvementRecord
from panelhire.recognition.statements import Statement


def render_statement(statement: Statement) -> bytes:
    return render_pdf("recognition_statement.html", s=statement)


def render_involvement(record: InvolvementRecord) -> bytes:
    return render_pdf("involvement_record.html", r=record)


def _gbp(pence: int) -> str:
    return f"{pence // 100}.{pence % 100:02d}"


def build_finance_csv(rows: list[PaymentDue]) -> bytes:
    """Payments due as CSV for finance: one line per payment or expense, amounts in pounds.

    Only data lines, no total line: summing the Amount column in a spreadsheet would
    otherwise count everything twice. The finance page shows the total to check against.
    """
    return build_csv(
        ["Reference", "Resident", "What for", "Date", "Method", "Amount (GBP)"],
        [
            [
                row.reference,
                row.resident,
                row.what,
                row.on.strftime("%d/%m/%Y"),
                row.method,
                _gbp(row.amount_pence),
            ]
            for row in rows
        ],
    )
