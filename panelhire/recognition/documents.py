"""Statements, records of involvement and the finance export: objects in, bytes out."""

from __future__ import annotations

from flask import render_template
from weasyprint import HTML

from panelhire.exports.csv import build_csv
from panelhire.recognition.involvement import InvolvementRecord
from panelhire.recognition.services import PaymentDue, Statement


def _pdf(html: str) -> bytes:
    # PDF/UA-1: tagged, titled and language-marked, so screen readers can read it.
    # No base_url: the templates are self-contained, so nothing is fetched while rendering.
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")


def render_statement(statement: Statement) -> bytes:
    return _pdf(render_template("pdf/recognition_statement.html", s=statement))


def render_involvement(record: InvolvementRecord) -> bytes:
    return _pdf(render_template("pdf/involvement_record.html", r=record))


def build_finance_csv(rows: list[PaymentDue]) -> bytes:
    """Payments due as CSV for finance: one line per payment or expense, amounts in pounds."""
    return build_csv(
        ["Reference", "Resident", "What for", "Date", "Method", "Amount (GBP)"],
        [
            [
                row.reference,
                row.resident,
                row.what,
                row.on.strftime("%d/%m/%Y"),
                row.method,
                f"{row.amount_pence // 100}.{row.amount_pence % 100:02d}",
            ]
            for row in rows
        ],
    )
