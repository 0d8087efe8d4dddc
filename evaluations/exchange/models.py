"""A record of each retention run: what the anonymisation did and when."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RetentionRun(models.Model):
    """One anonymisation: a run of ``apply_retention``, or an administrator's request for one candidate."""

    class Kind(models.TextChoices):
        RETENTION = "retention", _("Retention period elapsed")
        REQUEST = "request", _("Administrator's request")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    started_at = models.DateTimeField(_("started at"), default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # For a retention run: candidates whose final decision is older than this were due.
    cutoff = models.DateTimeField(_("decided before"), null=True, blank=True)
    retention_days = models.PositiveIntegerField(_("retention (days)"), null=True, blank=True)
    anonymised = models.PositiveIntegerField(_("candidates anonymised"), default=0)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["retention", "request"]), name="retention_run_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.started_at:%Y-%m-%d %H:%M} · {self.anonymised}"
