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
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.http import HttpResponse

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
