"""Positions and the candidates who apply for them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Position(models.Model):
    title = models.CharField(_("title"), max_length=200)
    location = models.CharField(_("location"), max_length=200, blank=True)
    is_open = models.BooleanField(_("open"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-is_open", "title"]
        verbose_name = _("position")
        verbose_name_plural = _("positions")

    def __str__(self) -> str:
        return f"{self.title} — {self.location}" if self.location else self.title

    def get_absolute_url(self) -> str:
        return reverse("evaluations:position-edit", args=[self.pk])


def anonymised_name(pk: int) -> str:
    return _("Anonymised candidate #%(pk)d") % {"pk": pk}


class Candidate(models.Model):
    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied")
        INTERVIEWING = "interviewing", _("Interviewing")
        SHORTLISTED = "shortlisted", _("Shortlisted")
        OFFER = "offer", _("Offer")
        HIRED = "hired", _("Hired")
        REJECTED = "rejected", _("Rejected")

    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"), max_length=254)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    position = models.ForeignKey(
        Position, on_delete=models.PROTECT, related_name="candidates", verbose_name=_("position")
    )
    source = models.CharField(
        _("source"),
        max_length=120,
        blank=True,
        help_text=_("Where the candidate came from: referral, job board…"),
    )
    link = models.URLField(_("portfolio or CV link"), max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.APPLIED)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Set once, by services.candidates_anonymise: the personal texts are gone (DESIGN.md, "Retention").
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True, editable=False)
    anonymised_in = models.ForeignKey(
        "RetentionRun",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="candidates",
        verbose_name=_("anonymised in"),
    )

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="candidate_email_unique_ci"),
            models.CheckConstraint(
                condition=models.Q(
                    status__in=["applied", "interviewing", "shortlisted", "offer", "hired", "rejected"]
                ),
                name="candidate_status_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["position", "status"], name="candidate_position_status"),
            models.Index(Lower("name"), name="candidate_name_lower"),
            # The list's order: a page is read off the index instead of sorting every candidate.
            models.Index(fields=["name", "id"], name="candidate_name_id"),
        ]

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse("evaluations:candidate-detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        if self.email:
            clash = Candidate.objects.filter(email__iexact=self.email).exclude(pk=self.pk)
            if clash.exists():
                raise ValidationError({"email": _("Another candidate already has this email address.")})

    @property
    def display_name(self) -> str:
        """The name to show: "Anonymised candidate #<pk>", in the reader's language, once anonymised."""
        if self.anonymised_at is not None:
            return anonymised_name(self.pk)
        return self.name

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None
