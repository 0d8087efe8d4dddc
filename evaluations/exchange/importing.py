"""Candidates from a CSV or XLSX file: reading the file, then a preview of what an import would do.

Reading (``read_file``) turns the bytes into rows of text, or refuses the whole file with a
message (``ImportFileError``). The preview (``preview``) says, per row, whether the import
creates a candidate, updates one (same email, any case), leaves one unchanged, or cannot take
the row, and why. It runs a constant number of queries whatever the number of rows, and writes
nothing: ``services.candidate_import`` writes, after computing the preview again.

Cells are taken as text, word for word: a CSV is never interpreted beyond its quoting, and an
XLSX cell holding a formula gives the formula's text (``=HYPERLINK(…)``), never a computed
value. The candidate form's field rules (``candidates.fields``) and the model's field validation
decide what a valid value is, so that a file cannot store what the form would refuse.
"""

from __future__ import annotations

import copy
import csv
import hashlib
import io
import json
import secrets
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date, datetime, time
from importlib import import_module
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.crypto import constant_time_compare
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from evaluations.candidates import selectors
from evaluations.candidates.fields import cleaning_fields
from evaluations.candidates.models import Candidate, Position

MAX_ROWS = 5000
MAX_BYTES = 5 * 1024 * 1024
# An XLSX is a zip: 5 MB of it may unpack to far more. A real sheet of 5,000 rows unpacks to a
# few megabytes; past this the file is refused before openpyxl reads it (a "zip bomb").
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024

COLUMNS = ("name", "email", "position", "phone", "source", "link", "notes")
REQUIRED_COLUMNS = ("name", "email")
# The fields a cell sets through the candidate form's own field (its rules: lengths, the email
# and link checks, a link without scheme taken as https); ``position`` is a title, looked up.
FORM_FIELDS = ("name", "email", "phone", "source", "link", "notes")
CSV_SUFFIXES = {".csv", ".txt"}
XLSX_SUFFIXES = {".xlsx"}
ZIP_MAGIC = b"PK\x03\x04"
NAME_MAX = 200
MAX_IGNORED_SHOWN = 20


class ImportFileError(Exception):
    """The whole file is refused; the message says why in words, for the person who sent it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class Action(models.TextChoices):
    CREATE = "create", gettext_lazy("create")
    UPDATE = "update", gettext_lazy("update")
    UNCHANGED = "unchanged", gettext_lazy("unchanged")
    ERROR = "error", gettext_lazy("error")


# --- reading a file -----------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceRow:
    """One row of the file: its number as a spreadsheet shows it (the header is row 1)."""

    number: int
    cells: Mapping[str, str]
    # Text in cells past the header's last column: nobody can tell which field it was for.
    overflow: bool = False


@dataclass(frozen=True)
class ParsedFile:
    filename: str
    columns: tuple[str, ...]
    ignored_columns: tuple[str, ...]
    rows: tuple[SourceRow, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "filename": self.filename,
            "columns": list(self.columns),
            "ignored_columns": list(self.ignored_columns),
            "rows": [
                [row.number, [row.cells.get(c, "") for c in self.columns], row.overflow] for row in self.rows
            ],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ParsedFile:
        columns = tuple(data["columns"])
        return cls(
            filename=data["filename"],
            columns=columns,
            ignored_columns=tuple(data["ignored_columns"]),
            rows=tuple(
                SourceRow(number=number, cells=dict(zip(columns, cells, strict=True)), overflow=overflow)
                for number, cells, overflow in data["rows"]
            ),
        )


def read_file(*, name: str, data: bytes) -> ParsedFile:
    """The rows of a CSV (UTF-8, with or without BOM; comma or semicolon) or XLSX file.

    Raises ImportFileError, with the reason in words, for anything that is not such a file
    with a header row naming at least ``name`` and ``email``, or that is over the limits.
    """
    name = PurePath(name or "").name[:NAME_MAX]
    if not data:
        raise ImportFileError(_("The file is empty."))
    if len(data) > MAX_BYTES:
        raise ImportFileError(size_message(len(data)))
    suffix = PurePath(name).suffix.lower()
    looks_zipped = data.startswith(ZIP_MAGIC)
    if suffix in XLSX_SUFFIXES or (suffix not in CSV_SUFFIXES and looks_zipped):
        records = _xlsx_records(data)
    elif looks_zipped or b"\x00" in data:
        raise ImportFileError(
            _(
                "“%(name)s” is not a text CSV file: it holds binary data (a workbook under another "
                "name, or text saved as UTF-16?). Send a CSV saved as “CSV UTF-8”, or an .xlsx workbook."
            )
            % {"name": name}
        )
    else:
        records = _csv_records(data)
    with closing(records):
        return _parse(name, records)


def size_message(size: int) -> str:
    return _("The file is %(size)s MB: the limit is %(limit)s MB. Split it into smaller files.") % {
        "size": number_format(round(size / (1024 * 1024), 1), decimal_pos=1),
        "limit": MAX_BYTES // (1024 * 1024),
    }


def _csv_records(data: bytes) -> Iterator[tuple[int, list[str]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            _(
                "The file is not UTF-8 text (unreadable byte at position %(position)s). "
                "In your spreadsheet, save it as “CSV UTF-8”, or send an .xlsx workbook."
            )
            % {"position": error.start + 1}
        ) from error
    header_line = text.split("\n", 1)[0]
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    number = 0
    try:
        for number, record in enumerate(reader, start=1):
            yield number, record
    except csv.Error as error:
        raise ImportFileError(
            _(
                "Row %(row)s cannot be read as CSV: check its quotes (a cell that holds the "
                "separator or a line break must be in double quotes, and a quote inside it doubled)."
            )
            % {"row": number + 1}
        ) from error


def _cell_text(value: Any) -> str:
    """An XLSX cell as text: the stored text, or a formula's own text — never a computed value."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime) and value.time() == time(0, 0):
        return value.date().isoformat()
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    # Array and data-table formulas come as objects that keep their text.
    text = getattr(value, "text", None)
    if isinstance(text, str):
        return text
    return str(value)


def _xlsx_records(data: bytes) -> Iterator[tuple[int, list[str]]]:
    import openpyxl  # only the XLSX path needs it

    not_a_workbook = _(
        "The file cannot be read as an Excel workbook (.xlsx). Save it again from your spreadsheet "
        "as “Excel workbook (.xlsx)” or as “CSV UTF-8”."
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise ImportFileError(not_a_workbook) from error
    if unzipped > MAX_UNZIPPED_BYTES:
        raise ImportFileError(
            _("The workbook unpacks to more than %(limit)s MB: it cannot be a sheet of 5,000 candidates.")
            % {"limit": MAX_UNZIPPED_BYTES // (1024 * 1024)}
        )
    try:
        # data_only=False: a formula cell gives its formula's text; openpyxl never computes one.
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds on a damaged or foreign file
        raise ImportFileError(not_a_workbook) from error
    try:
        if not workbook.worksheets:
            raise ImportFileError(not_a_workbook)
        sheet = workbook.worksheets[0]
        try:
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                yield number, [_cell_text(value) for value in values]
        except ImportFileError:
            raise
        except Exception as error:  # a damaged sheet inside a valid zip
            raise ImportFileError(not_a_workbook) from error
    finally:
        workbook.close()


def _parse(name: str, records: Iterator[tuple[int, list[str]]]) -> ParsedFile:
    first = next(records, None)
    if first is None:
        raise ImportFileError(_("The file is empty."))
    header = [cell.strip().lower() for cell in first[1]]
    while header and not header[-1]:
        header.pop()
    seen: set[str] = set()
    for column in header:
        if column in COLUMNS and column in seen:
            raise ImportFileError(
                _("The column “%(column)s” appears twice in the header row: keep one.") % {"column": column}
            )
        seen.add(column)
    missing = [column for column in REQUIRED_COLUMNS if column not in seen]
    if missing:
        raise ImportFileError(
            _(
                "The first row must be the header, naming the columns. Missing: %(missing)s. "
                "The columns are: %(columns)s (name and email are required; position is needed "
                "to create a candidate)."
            )
            % {"missing": ", ".join(missing), "columns": ", ".join(COLUMNS)}
        )
    index = {column: position for position, column in enumerate(header) if column in COLUMNS}
    columns = tuple(column for column in header if column in COLUMNS)
    # Named on the preview page: a few are enough to see the file's header is not ours.
    ignored = tuple(dict.fromkeys(c[:60] for c in header if c and c not in COLUMNS))[:MAX_IGNORED_SHOWN]
    rows: list[SourceRow] = []
    for number, record in records:
        if not any(cell.strip() for cell in record):
            continue
        if len(rows) == MAX_ROWS:
            raise ImportFileError(
                _("The file has more than %(limit)s rows of candidates: split it into smaller files.")
                % {"limit": number_format(MAX_ROWS, force_grouping=True)}
            )
        cells = {column: (record[i] if i < len(record) else "") for column, i in index.items()}
        overflow = any(cell.strip() for cell in record[len(header) :])
        rows.append(SourceRow(number=number, cells=cells, overflow=overflow))
    if not rows:
        raise ImportFileError(_("The file has a header row but no candidate below it."))
    return ParsedFile(filename=name, columns=columns, ignored_columns=ignored, rows=tuple(rows))


# --- the preview --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    field: str
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class RowPreview:
    number: int
    action: str
    email: str
    name: str
    changes: tuple[Change, ...] = ()
    errors: tuple[str, ...] = ()
    # What the import writes: the existing candidate to update, and the cleaned values to set.
    candidate: Candidate | None = None
    values: Mapping[str, Any] = field(default_factory=dict)

    @property
    def action_label(self) -> str:
        return str(Action(self.action).label)


@dataclass(frozen=True)
class Preview:
    filename: str
    ignored_columns: tuple[str, ...]
    rows: tuple[RowPreview, ...]

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(Action.values, 0)
        for row in self.rows:
            counts[row.action] += 1
        return counts

    @property
    def writable(self) -> int:
        counts = self.counts
        return counts[Action.CREATE] + counts[Action.UPDATE]

    @property
    def digest(self) -> str:
        """What the import would do, as a fingerprint: it differs once the data has changed.

        Error texts are left out (they depend on the language of the request), only the fact
        that the row is refused counts: nothing is written for it either way.
        """
        summary = [
            [
                row.number,
                row.action,
                row.candidate.pk if row.candidate else None,
                [[c.field, c.old, c.new] for c in row.changes],
            ]
            for row in self.rows
        ]
        return hashlib.sha256(json.dumps(summary, ensure_ascii=False).encode()).hexdigest()


def _label(name: str) -> str:
    return str(Candidate._meta.get_field(name).verbose_name).capitalize()


def _field_error(name: str, messages: Iterable[str]) -> str:
    return _("%(field)s: %(message)s") % {"field": _label(name), "message": " ".join(messages)}


def _shown(value: Any) -> str:
    return "" if value is None else str(value)


class _Positions:
    """Positions found by title, in any case, or by "title — location" as the site shows them."""

    def __init__(self, positions: Sequence[Position]) -> None:
        self.by_title: dict[str, list[Position]] = defaultdict(list)
        self.by_label: dict[str, list[Position]] = defaultdict(list)
        for position in positions:
            self.by_title[position.title.strip().casefold()].append(position)
            self.by_label[str(position).strip().casefold()].append(position)

    def find(self, text: str) -> Position | str:
        """The position, or the reason none is taken."""
        key = text.strip().casefold()
        found = self.by_label.get(key) or self.by_title.get(key) or []
        if len(found) == 1:
            return found[0]
        if found:
            return _(
                "Several positions are titled “%(title)s”: write it as the position list shows it, "
                "with its location (for example “%(example)s”)."
            ) % {"title": text.strip(), "example": str(found[0])}
        return _(
            "There is no position titled “%(title)s”. The import does not create positions: "
            "add it on the positions page first, or correct the title."
        ) % {"title": text.strip()}


def preview(parsed: ParsedFile, *, for_update: bool = False) -> Preview:
    """What importing the file would do, row by row; writes nothing.

    Queries: the positions (one) and the candidates whose emails the file holds (one), whatever
    the number of rows. ``for_update`` locks those candidates (inside the import's transaction).
    """
    form_fields = cleaning_fields(FORM_FIELDS)
    email_field = form_fields["email"]
    emails: dict[int, str] = {}
    email_errors: dict[int, str] = {}
    for row in parsed.rows:
        raw = row.cells.get("email", "")
        if not raw.strip():
            email_errors[row.number] = _("The email is required: it is how a candidate is recognised.")
            continue
        try:
            emails[row.number] = email_field.clean(raw)
        except ValidationError as error:
            email_errors[row.number] = _field_error("email", error.messages)

    rows_by_email: dict[str, list[int]] = defaultdict(list)
    for number, email in emails.items():
        rows_by_email[email.lower()].append(number)
    for numbers in rows_by_email.values():
        if len(numbers) > 1:
            listed = ", ".join(str(n) for n in numbers)
            for number in numbers:
                email_errors[number] = _(
                    "The same email is on rows %(rows)s: keep one row per candidate in the file."
                ) % {"rows": listed}

    existing = selectors.candidates_by_email(
        (email for number, email in emails.items() if number not in email_errors), for_update=for_update
    )
    positions = _Positions(selectors.positions()) if "position" in parsed.columns else None

    results = []
    for row in parsed.rows:
        email = emails.get(row.number, row.cells.get("email", "").strip())
        candidate = existing.get(email.lower()) if row.number not in email_errors else None
        errors: list[str] = []
        if row.overflow:
            errors.append(_("This row has text in cells past the last column of the header."))
        if row.number in email_errors:
            errors.append(email_errors[row.number])
        values: dict[str, Any] = {}
        for name in FORM_FIELDS:
            raw = row.cells.get(name, "")
            if name == "email" or not raw.strip():
                continue  # an empty cell leaves the field as it is
            try:
                values[name] = form_fields[name].clean(raw)
            except ValidationError as error:
                errors.append(_field_error(name, error.messages))
        title = row.cells.get("position", "")
        if positions is not None and title.strip():
            found = positions.find(title)
            if isinstance(found, Position):
                values["position"] = found
            else:
                errors.append(found)
        if candidate is None and row.number not in email_errors:
            if "name" not in values and not row.cells.get("name", "").strip():
                errors.append(_("A new candidate needs a name."))
            if "position" not in values and not title.strip():
                errors.append(_("A new candidate needs a position (its title)."))
        if not errors:
            errors = _model_errors(candidate, email, values)
        name = str(values.get("name") or (candidate.name if candidate else row.cells.get("name", "").strip()))
        if errors:
            results.append(
                RowPreview(
                    number=row.number, action=Action.ERROR, email=email, name=name, errors=tuple(errors)
                )
            )
        elif candidate is None:
            changes = tuple(Change(f, _label(f), "", _shown(v)) for f, v in values.items())
            results.append(
                RowPreview(
                    number=row.number,
                    action=Action.CREATE,
                    email=email,
                    name=name,
                    changes=changes,
                    values=values,
                )
            )
        else:
            changed = {f: v for f, v in values.items() if getattr(candidate, f) != v}
            changes = tuple(
                Change(f, _label(f), _shown(getattr(candidate, f)), _shown(v)) for f, v in changed.items()
            )
            results.append(
                RowPreview(
                    number=row.number,
                    action=Action.UPDATE if changed else Action.UNCHANGED,
                    email=candidate.email,
                    name=name,
                    changes=changes,
                    candidate=candidate,
                    values=changed,
                )
            )
    return Preview(filename=parsed.filename, ignored_columns=parsed.ignored_columns, rows=tuple(results))


def _model_errors(candidate: Candidate | None, email: str, values: Mapping[str, Any]) -> list[str]:
    """The model's own field validation on the candidate as the row would leave it (no query:
    the position was found among the positions read, the email's uniqueness by the lookup)."""
    target = Candidate(email=email) if candidate is None else copy.copy(candidate)
    for name, value in values.items():
        setattr(target, name, value)
    try:
        target.clean_fields(exclude=["position"])
    except ValidationError as error:
        return [_field_error(name, messages) for name, messages in error.message_dict.items()]
    return []


# --- between the preview and the confirmation ----------------------------------------------------

PENDING_KEY = "candidate_import"
PENDING_SECONDS = 60 * 60


@dataclass(frozen=True)
class Pending:
    parsed: ParsedFile
    digest: str


def _store(session_key: str | None = None) -> SessionBase:
    return import_module(settings.SESSION_ENGINE).SessionStore(session_key)


def pending_save(session: SessionBase, *, parsed: ParsedFile, digest: str, user_id: int) -> str:
    """Keep the parsed upload on the server until the user confirms; returns the form's token.

    The rows go into a record of their own in the session store (shared by every process and
    machine, as sessions are), not into the user's session, which every request loads: only
    that record's key, the token and the digest of the preview shown go there. The browser
    sends back the token alone, never the rows.
    """
    pending_clear(session)
    store = _store()
    store[PENDING_KEY] = {"user": user_id, "file": parsed.to_json()}
    store.set_expiry(PENDING_SECONDS)
    store.create()
    token = secrets.token_urlsafe(24)
    session[PENDING_KEY] = {"store": store.session_key, "token": token, "digest": digest}
    return token


def pending_load(session: SessionBase, *, token: str, user_id: int) -> Pending | None:
    """The upload kept for this user and token, or None (expired, confirmed, replaced, forged)."""
    meta = session.get(PENDING_KEY)
    if not isinstance(meta, dict) or not constant_time_compare(str(meta.get("token", "")), token or ""):
        return None
    data = _store(meta.get("store")).get(PENDING_KEY)
    if not isinstance(data, dict) or data.get("user") != user_id:
        return None
    try:
        parsed = ParsedFile.from_json(data["file"])
    except (KeyError, TypeError, ValueError):
        return None
    return Pending(parsed=parsed, digest=str(meta.get("digest", "")))


def pending_token(session: SessionBase) -> str | None:
    meta = session.get(PENDING_KEY)
    return str(meta["token"]) if isinstance(meta, dict) and "token" in meta else None


def pending_set_digest(session: SessionBase, digest: str) -> None:
    """The preview shown changed (the data moved meanwhile): the next confirmation confirms it."""
    meta = dict(session.get(PENDING_KEY) or {})
    if meta:
        meta["digest"] = digest
        session[PENDING_KEY] = meta


def pending_clear(session: SessionBase) -> None:
    meta = session.pop(PENDING_KEY, None)
    if isinstance(meta, dict) and meta.get("store"):
        _store(meta["store"]).delete()
