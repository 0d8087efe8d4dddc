"""Helpers the tests share: an API client, a scorecard's form data, files to import."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from typing import Any

import openpyxl
from django.test import Client

from evaluations.api import tokens
from evaluations.scoring import QUALITY_CODES


# --- The API's client --------------------------------------------------------------------------
class ApiClient:
    """JSON in and out, authenticated by a personal token (or by nothing)."""

    def __init__(self, user: Any = None, *, token: str | None = None) -> None:
        self.client = Client()
        self.token = token
        if user is not None and token is None:
            self.token = tokens.token_create(user=user, name="tests", days=30).plain

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        return self.client.get(path, params or {}, headers=self._headers())

    def send(self, method: str, path: str, body: Any = None) -> Any:
        data = "" if body is None else json.dumps(body)
        return self.client.generic(
            method, path, data, content_type="application/json", headers=self._headers()
        )

    def post(self, path: str, body: Any = None) -> Any:
        return self.send("POST", path, body)

    def put(self, path: str, body: Any = None) -> Any:
        return self.send("PUT", path, body)

    def patch(self, path: str, body: Any = None) -> Any:
        return self.send("PATCH", path, body)


# --- A scorecard's form data -------------------------------------------------------------------
def rubric_data(
    values: Mapping[str, int | None] | None = None,
    *,
    evidence: Mapping[str, str] | None = None,
    recommendation: str = "",
    notes: str = "",
    version: int | str = 0,
    action: str = "save",
    **extra: str,
) -> dict[str, str]:
    """The eleven scores (empty for "not assessed"), evidence notes, recommendation, notes, version."""
    values = values or {}
    evidence = evidence or {}
    data = {"action": action, "recommendation": recommendation, "notes": notes, "version": str(version)}
    for code in QUALITY_CODES:
        value = values.get(code)
        data[code] = "" if value is None else str(value)
        data[f"{code}_evidence"] = evidence.get(code, "")
    data.update(extra)
    return data


# --- Files to import ---------------------------------------------------------------------------
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


def rubric_post(**overrides: str) -> dict[str, str]:
    """A complete rubric POST: every quality scored 4, an evidence note per quality, a recommendation."""
    data = {
        "action": "submit",
        "recommendation": "yes",
        "notes": "Second interview next week",
        "version": "0",
    }
    for index, code in enumerate(QUALITY_CODES):
        data[code] = "4"
        data[f"{code}_evidence"] = f"Evidence note {index} about {code}"
    data.update(overrides)
    return data


def scorecard_url(candidate: Any) -> str:
    return f"/candidates/{candidate.pk}/scorecard/"
