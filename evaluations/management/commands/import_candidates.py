"""``python manage.py import_candidates FILE [--dry-run]``: the import of the candidate page, from a shell.

It prints the preview (one line per row: create, update, unchanged or error, with the changes or
the reasons), then writes every valid row in one transaction — or, with ``--dry-run``, writes
nothing. It never asks a question, so that it runs from a script. A file refused as a whole
(too big, too many rows, not CSV or XLSX, no header…) ends the command with status 1.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from evaluations.exchange import importing, services

CELL = 60


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= CELL else text[: CELL - 1] + "…"


class Command(BaseCommand):
    help = (
        "Import candidates from a CSV (UTF-8, comma or semicolon) or XLSX file with a header row: "
        "prints the preview, then writes every valid row (nothing with --dry-run)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the CSV or XLSX file")
        parser.add_argument("--dry-run", action="store_true", help="print the preview only; write nothing")

    def handle(self, *args: Any, file: str, dry_run: bool, **options: Any) -> None:
        path = Path(file)
        try:
            with path.open("rb") as handle:
                data = handle.read(importing.MAX_BYTES + 1)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror or error}") from error
        try:
            parsed = importing.read_file(name=path.name, data=data)
        except importing.ImportFileError as error:
            raise CommandError(f"{file}: {error.message}") from error

        preview = importing.preview(parsed)
        self._print_preview(preview)
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")
            return
        if not preview.writable:
            self.stdout.write("Nothing to write: every row is unchanged or has an error.")
            return
        try:
            result = services.candidate_import(parsed=parsed, expected_digest=preview.digest)
        except services.ImportChanged as error:
            raise CommandError(
                "The candidates changed while the file was read (another user or process wrote "
                "meanwhile): nothing was written. Run the command again."
            ) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Written: {result.created} created, {result.updated} updated "
                f"({result.unchanged} unchanged, {result.errors} row(s) with errors left out)."
            )
        )

    def _print_preview(self, preview: importing.Preview) -> None:
        if preview.ignored_columns:
            self.stdout.write(f"Columns not imported: {', '.join(preview.ignored_columns)}")
        for row in preview.rows:
            line = f"row {row.number:>5}  {row.action:<9}  {_short(row.email) or '—'}"
            if row.name:
                line += f"  ({_short(row.name)})"
            style = self.style.ERROR if row.action == importing.Action.ERROR else (lambda text: text)
            self.stdout.write(style(line))
            for error in row.errors:
                self.stdout.write(style(f"             {error}"))
            if row.action == importing.Action.UPDATE:
                for change in row.changes:
                    old = _short(change.old) or "—"
                    self.stdout.write(f"             {change.label}: {old} → {_short(change.new)}")
        counts = preview.counts
        self.stdout.write(
            f"Preview of {preview.filename}: {counts['create']} to create, {counts['update']} to update, "
            f"{counts['unchanged']} unchanged, {counts['error']} with errors."
        )
