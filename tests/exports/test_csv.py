"""The shared CSV builder: formula-safe cells, a byte-order mark for Excel, readable rows."""

from __future__ import annotations

import csv
import io
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from panelhire.exports.csv import build_csv, safe_cell


def _read(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_safe_cell_quotes_every_formula_start():
    risky = ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("http://evil")']
    assert [safe_cell(v) for v in risky] == ["'" + v for v in risky]


def test_safe_cell_leaves_plain_text_numbers_and_empty_values_alone():
    assert safe_cell("Dee Morgan") == "Dee Morgan"
    assert safe_cell("a=b") == "a=b"
    assert safe_cell(3) == "3"
    assert safe_cell(-3) == "-3"  # a number, not a formula
    assert safe_cell(2.5) == "2.5"
    assert safe_cell(None) == ""
    assert safe_cell("") == ""
    assert safe_cell(date(2026, 3, 29)) == "2026-03-29"


def test_build_csv_starts_with_a_byte_order_mark_and_uses_crlf():
    data = build_csv(["Name", "Total"], [["Zoë", 71.5]])
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig") == "Name,Total\r\nZoë,71.5\r\n"


def test_build_csv_quotes_commas_quotes_and_line_breaks():
    rows = [['Said "no", then left', "two\nlines"]]
    assert _read(build_csv(["a", "b"], rows))[1] == ['Said "no", then left', "two\nlines"]


def test_build_csv_makes_header_cells_safe_too():
    assert _read(build_csv(["=cmd"], []))[0] == ["'=cmd"]


@given(st.lists(st.lists(st.text(), min_size=2, max_size=2), max_size=5))
def test_every_cell_reads_back_and_none_starts_a_formula(rows):
    back = _read(build_csv(["a", "b"], rows))
    assert len(back) == len(rows) + 1
    for original, read in zip(rows, back[1:], strict=True):
        for cell, text in zip(original, read, strict=True):
            assert not text.startswith(("=", "+", "-", "@", "\t", "\r"))
            assert text == cell or text == "'" + cell
