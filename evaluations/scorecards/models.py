"""Scorecards: one interviewer's scores, evidence and recommendation for a candidate, with
the events that record each change.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from evaluations.candidates.models import Candidate
from evaluations.interviews.models import Interview
from evaluations.rubric.models import Quality
from evaluations.scoring import MAX_SCORE as SCORE_MAX
from evaluations.scoring import MIN_SCORE as SCORE_MIN
from evaluations.scoring import RECOMMENDATIONS


class Scorecard(models.Model):
    # The codes are scoring's (the CSV's column order too); their labels live here only.
    Recommendation = models.TextChoices(
        "Recommendation",
        [
            (code.upper(), (code, label))
            for code, label in zip(
                RECOMMENDATIONS, (_("Strong no"), _("No"), _("Yes"), _("Strong yes")), strict=True
            )
        ],
    )

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="scorecards", verbose_name=_("candidate")
    )
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="scorecards",
        verbose_name=_("interviewer"),
    )
    # The interview this card is the panelist's evaluation of; empty for the interviewer's one
    # ad hoc card of the candidate (evidence gathered outside any scheduled interview).
    interview = models.ForeignKey(
        Interview,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="scorecards",
        verbose_name=_("interview"),
    )
    recommendation = models.CharField(
        _("overall recommendation"), max_length=20, choices=Recommendation.choices, blank=True
    )
    notes = models.TextField(_("notes"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("scorecard")
        verbose_name_plural = _("scorecards")
        constraints = [
            # One card per interview and panelist, and one ad hoc card per candidate and interviewer.
            models.UniqueConstraint(
                fields=["interview", "interviewer"],
                condition=models.Q(interview__isnull=False),
                name="scorecard_one_per_interview",
            ),
            models.UniqueConstraint(
                fields=["candidate", "interviewer"],
                condition=models.Q(interview__isnull=True),
                name="scorecard_one_ad_hoc",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["draft", "submitted"]), name="scorecard_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(recommendation__in=["", *RECOMMENDATIONS]),
                name="scorecard_recommendation_valid",
            ),
            # A submitted scorecard always has its submission time and a recommendation.
            models.CheckConstraint(
                condition=models.Q(status="draft")
                | (models.Q(submitted_at__isnull=False) & ~models.Q(recommendation="")),
                name="scorecard_submitted_complete",
            ),
        ]
        indexes = [
            models.Index(fields=["candidate", "status"], name="scorecard_candidate_status"),
            models.Index(fields=["interviewer", "status"], name="scorecard_interviewer_status"),
        ]

    def __str__(self) -> str:
        return _("%(interviewer)s on %(candidate)s") % {
            "interviewer": self.interviewer,
            "candidate": self.candidate,
        }

    def get_absolute_url(self) -> str:
        return reverse("evaluations:scorecard-detail", args=[self.pk])

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED


class Score(models.Model):
    scorecard = models.ForeignKey(
        Scorecard, on_delete=models.CASCADE, related_name="scores", verbose_name=_("scorecard")
    )
    quality = models.ForeignKey(
        Quality, on_delete=models.PROTECT, related_name="scores", verbose_name=_("quality")
    )
    value = models.PositiveSmallIntegerField(
        _("score"),
        null=True,
        blank=True,
        validators=[MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)],
    )
    evidence = models.TextField(_("evidence"), blank=True)

    class Meta:
        ordering = ["quality__order"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["scorecard", "quality"], name="score_one_per_quality"),
            models.CheckConstraint(
                condition=models.Q(value__isnull=True) | models.Q(value__gte=SCORE_MIN, value__lte=SCORE_MAX),
                name="score_value_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quality.code}: {self.value if self.value is not None else '—'}"


class ScorecardEvent(models.Model):
    """The history of a scorecard after its first submit: submits, reopenings and changes."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        REOPENED = "reopened", _("Reopened")
        CHANGED = "changed", _("Changed")

    scorecard = models.ForeignKey(
        Scorecard, on_delete=models.CASCADE, related_name="events", verbose_name=_("scorecard")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    reason = models.TextField(_("reason"), blank=True)
    changes = models.JSONField(_("changes"), default=list, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("scorecard event")
        verbose_name_plural = _("scorecard history")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.scorecard_id} · {self.at:%Y-%m-%d %H:%M}"
