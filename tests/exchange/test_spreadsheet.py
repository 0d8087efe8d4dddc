"""The one spreadsheet writer: text that a spreadsheet would run as a formula is neutralised."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from evaluations.exchange import spreadsheet

HOSTILE = [
    '=HYPERLINK("http://x","y")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1)",
    "\tx",
    "\rx",
    "=1",
    "-",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_neutralise_formula_trigger_gets_leading_quote(text):
    assert spreadsheet.neutralise(text) == "'" + text


@pytest.mark.parametrize("text", ["Alice", "", " =1", "'=1", "1+1", "a=b", "é@x", "\n=1", "x\t"])
def test_neutralise_plain_text_unchanged(text):
    assert spreadsheet.neutralise(text) == text


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (-2, "-2"),
        (0, "0"),
        (12, "12"),
        (Decimal("-1.50"), "-1.50"),
        (Decimal("56.3"), "56.3"),
        (Decimal("92"), "92"),
        (Decimal("1E+2"), "100"),  # plain notation, never an exponent
        (None, ""),
    ],
)
def test_csv_cell_number_never_prefixed(value, written):
    assert spreadsheet.csv_cell(value) == written


def test_csv_cell_text_that_looks_like_a_number_is_still_text():
    # A negative number typed as text (a name, a title) could be "-2+3": the type decides, not the look.
    assert spreadsheet.csv_cell("-2") == "'-2"


@pytest.mark.parametrize("value", [True, 1.5, object()])
def test_csv_cell_untyped_value_refused(value):
    with pytest.raises(TypeError):
        spreadsheet.csv_cell(value)


def test_csv_response_round_trips_through_csv_module():
    rows = [["name", "score"], *([text, Decimal("-1.5")] for text in HOSTILE), ["Ana", None]]

    response = spreadsheet.csv_response(rows, "out.csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="out.csv"'
    parsed = list(csv.reader(io.StringIO(response.content.decode(), newline="")))
    assert parsed[0] == ["name", "score"]
    assert parsed[1:-1] == [["'" + text, "-1.5"] for text in HOSTILE]
    assert parsed[-1] == ["Ana", ""]


def test_csv_response_filename_keeps_plain_characters_only():
    response = spreadsheet.csv_response([], 'a"b\r\nc/é.csv')

    assert response["Content-Disposition"] == 'attachment; filename="a-b--c--.csv"'
