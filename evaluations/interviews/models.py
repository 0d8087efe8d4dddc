"""Interviews: when a candidate meets a panel, the questions of the kit, and what happened."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from evaluations.candidates.models import Candidate
from evaluations.rubric.models import Quality, localized

INTERVIEW_MIN_MINUTES = 1


INTERVIEW_MAX_MINUTES = 8 * 60


class Interview(models.Model):
    """When evidence is gathered: each panelist owes a scorecard for the candidate."""

    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="interviews", verbose_name=_("candidate")
    )
    title = models.CharField(_("title"), max_length=200, help_text=_("“Phone screen”, “Case study”…"))
    starts_at = models.DateTimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"),
        default=45,
        validators=[MinValueValidator(INTERVIEW_MIN_MINUTES), MaxValueValidator(INTERVIEW_MAX_MINUTES)],
    )
    location = models.CharField(
        _("location"), max_length=500, blank=True, help_text=_("A room or a video link.")
    )
    panel = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="InterviewPanelist",
        related_name="panel_interviews",
        verbose_name=_("panel"),
    )
    focus = models.ManyToManyField(Quality, related_name="+", blank=True, verbose_name=_("focus qualities"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Raised on every change, so that calendars replace the event they hold (RFC 5545 SEQUENCE).
    sequence = models.PositiveIntegerField(_("sequence"), default=0)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    duration_minutes__gte=INTERVIEW_MIN_MINUTES, duration_minutes__lte=INTERVIEW_MAX_MINUTES
                ),
                name="interview_duration_range",
            ),
        ]
        indexes = [models.Index(fields=["candidate", "starts_at"], name="interview_candidate_start")]

    def __str__(self) -> str:
        return f"{self.title} · {self.candidate}"

    def get_absolute_url(self) -> str:
        return reverse("evaluations:interview-kit", args=[self.pk])

    @property
    def ends_at(self) -> datetime.datetime:
        return self.starts_at + datetime.timedelta(minutes=self.duration_minutes)

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None


class InterviewPanelist(models.Model):
    """A seat on a panel. Its row is what ``send_reminders`` locks, so two runs never both remind."""

    interview = models.ForeignKey(
        Interview, on_delete=models.CASCADE, related_name="seats", verbose_name=_("interview")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="panel_seats",
        verbose_name=_("panelist"),
    )
    added_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("panelist")
        verbose_name_plural = _("panelists")
        constraints = [
            models.UniqueConstraint(fields=["interview", "user"], name="panelist_once_per_interview"),
        ]
        indexes = [models.Index(fields=["user", "interview"], name="panelist_user_interview")]

    def __str__(self) -> str:
        return f"{self.user} · {self.interview}"


class InterviewQuestion(models.Model):
    """A suggested question for a quality, aimed at evidence for its anchors."""

    quality = models.ForeignKey(
        Quality, on_delete=models.CASCADE, related_name="questions", verbose_name=_("quality")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    facet_en = models.CharField(_("facet (English)"), max_length=120, blank=True)
    facet_fr = models.CharField(_("facet (French)"), max_length=120, blank=True)
    text_en = models.TextField(_("question (English)"))
    text_fr = models.TextField(_("question (French)"))
    listen_for_en = models.TextField(_("what to listen for (English)"), blank=True)
    listen_for_fr = models.TextField(_("what to listen for (French)"), blank=True)

    class Meta:
        ordering = ["quality__order", "order", "pk"]
        verbose_name = _("interview question")
        verbose_name_plural = _("interview questions")
        constraints = [
            models.UniqueConstraint(fields=["quality", "order"], name="question_order_per_quality"),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return localized(self, "text")

    @property
    def facet(self) -> str:
        return localized(self, "facet")

    @property
    def listen_for(self) -> str:
        return localized(self, "listen_for")


class InterviewEvent(models.Model):
    """The candidate's history of interviews: scheduled, changed, cancelled, and each reminder sent."""

    class Kind(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CHANGED = "changed", _("Changed")
        CANCELLED = "cancelled", _("Cancelled")
        REMINDED = "reminded", _("Reminder sent")

    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="interview_events", verbose_name=_("candidate")
    )
    interview = models.ForeignKey(
        Interview, on_delete=models.CASCADE, related_name="events", verbose_name=_("interview")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    # For reminders: to whom, and which one of the owed scorecard's reminders it was (1, 2, …).
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recipient"),
    )
    number = models.PositiveSmallIntegerField(_("number"), null=True, blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    reason = models.TextField(_("reason"), blank=True)
    changes = models.JSONField(_("changes"), default=list, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("interview event")
        verbose_name_plural = _("interview history")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["scheduled", "changed", "cancelled", "reminded"]),
                name="interview_event_kind_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="reminded")
                | models.Q(recipient__isnull=False, number__isnull=False),
                name="interview_event_reminder_complete",
            ),
            # The n-th reminder of an owed scorecard exists once: a second sender's insert fails.
            models.UniqueConstraint(
                fields=["candidate", "recipient", "number"],
                condition=models.Q(kind="reminded"),
                name="interview_reminder_once",
            ),
        ]
        indexes = [
            models.Index(fields=["candidate", "recipient", "kind"], name="interview_event_reminders"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.interview_id} · {self.at:%Y-%m-%d %H:%M}"
