"""Spreadsheet downloads: cells a spreadsheet never runs as formulas, in a file Excel opens.

A pure builder (rows in, bytes out) shared by every CSV download, so the formula-injection
rule lives in one place.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

# A spreadsheet treats a cell starting with one of these as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BYTE_ORDER_MARK = "\ufeff"


def safe_cell(value: object) -> str:
    """The cell's text, with a leading quote if a spreadsheet would otherwise run it.

    Numbers are written as they are: -3 is a number to a spreadsheet, not a formula. Empty
    values (None) become empty cells.
    """
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def build_csv(header: Sequence[object], rows: Iterable[Sequence[object]]) -> bytes:
    """A CSV file as UTF-8 bytes with a byte-order mark, so Excel shows accented names right.

    Every cell goes through `safe_cell`; lines end with CRLF as RFC 4180 asks.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([safe_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return (BYTE_ORDER_MARK + out.getvalue()).encode("utf-8")
