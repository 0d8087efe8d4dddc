"""Anonymise the candidates whose final decision is older than RETENTION_DAYS, and clear the expired
sessions: run it daily from cron.

    30 3 * * *  cd /srv/cmquality && .venv/bin/python manage.py apply_retention

Idempotent, and safe to run twice at once or on two machines at once: see
``services.retention_apply``. With ``--dry-run`` it only lists who would be anonymised (by number,
status and date: no name goes to the logs).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from evaluations.exchange import services


class Command(BaseCommand):
    help = (
        "Anonymise candidates hired or rejected more than RETENTION_DAYS days ago "
        "(idempotent; --dry-run only lists them)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="List the candidates due; change nothing.")
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"Retention period in days (default: RETENTION_DAYS, now {settings.RETENTION_DAYS}).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        days = options["days"]
        if days is not None and days < 0:
            raise CommandError("--days must be 0 or more.")
        report = services.retention_apply(days=days, dry_run=options["dry_run"])
        verbose = options.get("verbosity", 1) > 0
        cutoff = timezone.localtime(report.cutoff).strftime("%Y-%m-%d %H:%M")
        if options["dry_run"]:
            if verbose:
                for due in report.due:
                    decided = timezone.localtime(due.decided_at).strftime("%Y-%m-%d")
                    self.stdout.write(
                        f"Would anonymise candidate #{due.pk} ({due.status}, decided {decided})."
                    )
                self.stdout.write(
                    f"Dry run: {len(report.due)} candidates decided before {cutoff} would be anonymised."
                )
            return
        if verbose:
            self.stdout.write(
                f"Anonymised {report.anonymised} candidates decided before {cutoff}"
                f"; skipped {report.skipped} (taken by another run)"
                f"; cleared {report.sessions_cleared} expired sessions."
            )
