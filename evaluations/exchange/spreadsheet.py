"""The one way out to a spreadsheet: every export writes its rows through here.

A spreadsheet runs a cell that begins with ``=``, ``+``, ``-`` or ``@`` (and, in some
programs, a tab or a carriage return before one) as a formula: a candidate named
``=HYPERLINK("http://evil.example", "CV")`` would run when a hiring manager opens the file.
OWASP's advice, which DESIGN.md adopts: such a text cell is written with a leading ``'``.

Numbers are never prefixed: a cell's kind comes from its Python type, never from its look. A
row holds ``int`` and ``Decimal`` for numbers (written in plain notation with a dot), ``None``
for no value (an empty cell) and ``str`` for text, which is always neutralised — so that
``-2+3`` typed as a name stays text, and ``-1.5`` computed as a number stays a number.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

Cell = str | int | Decimal | None


def neutralise(text: str) -> str:
    """Text as a spreadsheet will show it, never run it: a leading ``'`` before a formula trigger."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def csv_cell(value: Cell) -> str:
    """One typed cell as CSV text: numbers as they are, text neutralised, ``None`` empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        # bool is an int: refuse it rather than write True/False as a "number".
        raise TypeError("a spreadsheet cell takes text, an int, a Decimal or None, not a bool")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, str):
        return neutralise(value)
    raise TypeError(f"a spreadsheet cell takes text, an int, a Decimal or None, not {type(value).__name__}")


def csv_response(rows: Iterable[Iterable[Any]], filename: str) -> HttpResponse:
    """A UTF-8 CSV download of typed rows (the first one is the header), every cell through ``csv_cell``."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    # Only plain characters in the header: a name taken from user text could not break out of it.
    safe_name = re.sub(r"[^A-Za-z0-9._-]", "-", filename) or "export.csv"
    response["Content-Disposition"] = f'attachment; filename="{safe_name}"'
    writer = csv.writer(response, lineterminator="\r\n")
    writer.writerows([csv_cell(value) for value in row] for row in rows)
    return response


# --- XLSX -------------------------------------------------------------------------------------
# The same typed rows, in a workbook: numbers stay numbers, and text is stored as text word for
# word. A cell's kind is set, not guessed: openpyxl would read a string that begins with ``=`` as
# a formula, so every text cell is typed as a string explicitly, and no ``'`` is needed.

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

XlsxCell = str | int | Decimal | bool | datetime.datetime | None


@dataclass(frozen=True)
class Sheet:
    title: str
    header: Sequence[str]  # shown in the user's language, frozen at the top
    rows: Iterable[Sequence[XlsxCell]]
    frozen_columns: int = 0  # columns kept in view beside the header (e.g. rank and name)
    widths: Mapping[int, int] = field(default_factory=dict)  # 1-based column → characters
    # A line under the table, after an empty row: what produced it (weights, when, by whom).
    note: str = ""


def _number_format(value: Decimal) -> str:
    """A Decimal shows as many decimals as it was rounded to: 4.00 stays "4.00" in Excel."""
    places = -value.as_tuple().exponent if isinstance(value.as_tuple().exponent, int) else 0
    return "0." + "0" * places if places > 0 else "0"


def _set(cell: Any, value: XlsxCell) -> None:
    if value is None:
        return
    if isinstance(value, str):
        # Characters XML cannot hold (control characters) cannot be stored at all: dropped.
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.data_type = "s"  # text, even when it looks like a formula or a number
        return
    if isinstance(value, bool):
        cell.value = value
        return
    if isinstance(value, Decimal):
        cell.value = value
        cell.number_format = _number_format(value)
        return
    if isinstance(value, int):
        cell.value = value
        return
    if isinstance(value, datetime.datetime):
        cell.value = value.replace(tzinfo=None)  # already in local time: Excel has no time zones
        cell.number_format = "yyyy-mm-dd hh:mm"
        return
    raise TypeError(
        f"an XLSX cell takes text, a number, a bool, a datetime or None, not {type(value).__name__}"
    )


def xlsx_bytes(sheets: Sequence[Sheet]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet in sheets:
        worksheet = workbook.create_sheet(title=sheet.title[:31])
        for column, label in enumerate(sheet.header, 1):
            cell = worksheet.cell(row=1, column=column)
            _set(cell, label)
            cell.font = Font(bold=True)
        last_row = 1
        for row_number, row in enumerate(sheet.rows, 2):
            for column, value in enumerate(row, 1):
                _set(worksheet.cell(row=row_number, column=column), value)
            last_row = row_number
        # Sorting and filtering from the header's arrows, over the table only (not the note).
        worksheet.auto_filter.ref = f"A1:{get_column_letter(max(1, len(sheet.header)))}{last_row}"
        if sheet.note:
            note = worksheet.cell(row=last_row + 2, column=1)
            _set(note, sheet.note)
            note.font = Font(italic=True)
        worksheet.freeze_panes = worksheet.cell(row=2, column=sheet.frozen_columns + 1).coordinate
        for column, width in sheet.widths.items():
            worksheet.column_dimensions[get_column_letter(column)].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(sheets: Sequence[Sheet], filename: str) -> HttpResponse:
    """An XLSX download of typed rows, one worksheet per ``Sheet``, each with its header frozen."""
    response = HttpResponse(xlsx_bytes(sheets), content_type=XLSX_CONTENT_TYPE)
    safe_name = re.sub(r"[^A-Za-z0-9._-]", "-", filename) or "export.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{safe_name}"'
    return response
