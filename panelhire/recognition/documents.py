"""Statements, records of involvement and the finance export: objects in, bytes out."""

from __future__ import annotations

import csv
import io

from flask import render_template
from weasyprint import HTML

from panelhire.recognition.involvement import InvolvementRecord
from panelhire.recognition.services import PaymentDue, Statement

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _pdf(html: str) -> bytes:
    # PDF/UA-1: tagged, titled and language-marked, so screen readers can read it.
    # No base_url: the templates are self-contained, so nothing is fetched while rendering.
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")


def render_statement(statement: Statement) -> bytes:
    return _pdf(render_template("pdf/recognition_statement.html", s=statement))


def render_involvement(record: InvolvementRecord) -> bytes:
    return _pdf(render_template("pdf/involvement_record.html", r=record))


def csv_safe(value: object) -> str:
    """A spreadsheet never runs a cell as a formula: prefix risky first characters with '."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def build_finance_csv(rows: list[PaymentDue]) -> bytes:
    """Payments due as CSV for finance: one line per payment or expense, amounts in pounds."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["Reference", "Resident", "What for", "Date", "Method", "Amount (GBP)"])
    for row in rows:
        writer.writerow(
            [
                csv_safe(row.reference),
                csv_safe(row.resident),
                csv_safe(row.what),
                row.on.strftime("%d/%m/%Y"),
                csv_safe(row.method),
                f"{row.amount_pence // 100}.{row.amount_pence % 100:02d}",
            ]
        )
    # A byte-order mark so Excel opens names with accents correctly.
    return ("\ufeff" + out.getvalue()).encode("utf-8")
