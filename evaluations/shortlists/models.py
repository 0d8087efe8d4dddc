"""Shortlists: the candidates a hiring manager compares on the dashboard."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from evaluations.candidates.models import Candidate, Position


class Shortlist(models.Model):
    name = models.CharField(_("name"), max_length=200)
    position = models.ForeignKey(
        Position,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="shortlists",
        verbose_name=_("position"),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="shortlists", verbose_name=_("owner")
    )
    candidates = models.ManyToManyField(
        Candidate, through="ShortlistEntry", related_name="shortlists", verbose_name=_("candidates")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-updated_at", "pk"]
        verbose_name = _("shortlist")
        verbose_name_plural = _("shortlists")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("evaluations:shortlist-detail", args=[self.pk])


class ShortlistEntry(models.Model):
    shortlist = models.ForeignKey(
        Shortlist, on_delete=models.CASCADE, related_name="entries", verbose_name=_("shortlist")
    )
    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="shortlist_entries", verbose_name=_("candidate")
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    note = models.TextField(_("note"), blank=True)
    added_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("shortlist entry")
        verbose_name_plural = _("shortlist entries")
        constraints = [
            models.UniqueConstraint(fields=["shortlist", "candidate"], name="shortlist_candidate_once"),
        ]

    def __str__(self) -> str:
        return f"{self.shortlist} · {self.candidate}"
