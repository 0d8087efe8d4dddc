"""Files for the import tests, written by the tests themselves: CSV in its dialects, and XLSX."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

import openpyxl

HEADER = ("name", "email", "position", "phone", "source", "link", "notes")


def csv_bytes(rows: Sequence[Sequence[str]], *, delimiter: str = ",", bom: bool = False) -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return ("\ufeff" if bom else "").encode() + buffer.getvalue().encode()


def xlsx_bytes(rows: Sequence[Sequence[object]], *, formulas_as_text: bool = False) -> bytes:
    """An Excel workbook as openpyxl writes it; a text beginning with "=" becomes a formula cell
    unless ``formulas_as_text``."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Candidates"
    for row in rows:
        sheet.append(list(row))
    if formulas_as_text:
        for line in sheet.iter_rows():
            for cell in line:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def many_rows(
    count: int, *, position: str = "Community manager", domain: str = "example.org"
) -> list[list[str]]:
    return [[f"Candidate {n}", f"c{n}@{domain}", position, "", "", "", ""] for n in range(count)]
