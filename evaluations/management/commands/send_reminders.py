"""Email each panelist whose scorecard is owed: run every 15 minutes from cron or a systemd timer.

    */15 * * * *  cd /srv/cmquality && .venv/bin/python manage.py send_reminders

Safe to run twice at once, or on two machines at once: see ``services.reminders_send``.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from evaluations.interviews import services


class Command(BaseCommand):
    help = "Send the reminders due now to panelists whose scorecards are owed (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        report = services.reminders_send()
        if options.get("verbosity", 1) > 0:
            self.stdout.write(f"Reminders sent: {report.sent}; skipped: {report.skipped}.")
        for name in report.without_email:
            # Listed, not a crash: someone must add the address for reminders to reach them.
            self.stderr.write(f"No email address for {name}: no reminder sent.")
