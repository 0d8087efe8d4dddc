"""The data of cmquality: qualities, positions, candidates, scorecards, shortlists and their histories.

Models stay thin: rules that must always hold are database constraints; calculations
across rows live in ``scoring`` (pure) and ``selectors`` (reads).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from evaluations.scoring import EMPATHY, MAX_WEIGHT, RECOMMENDATIONS
from evaluations.scoring import MAX_SCORE as SCORE_MAX
from evaluations.scoring import MIN_SCORE as SCORE_MIN


def _localized(obj: models.Model, field: str) -> str:
    """The French text when the active language is French and it exists, else English."""
    language = (get_language() or "en")[:2]
    if language == "fr":
        value = getattr(obj, f"{field}_fr", "")
        if value:
            return value
    return getattr(obj, f"{field}_en", "")


class Quality(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), unique=True)
    name_en = models.CharField(_("English name"), max_length=80)
    name_fr = models.CharField(_("French name"), max_length=80)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    anchor_1_en = models.TextField(_("what a 1 looks like (English)"), blank=True)
    anchor_1_fr = models.TextField(_("what a 1 looks like (French)"), blank=True)
    anchor_3_en = models.TextField(_("what a 3 looks like (English)"), blank=True)
    anchor_3_fr = models.TextField(_("what a 3 looks like (French)"), blank=True)
    anchor_5_en = models.TextField(_("what a 5 looks like (English)"), blank=True)
    anchor_5_fr = models.TextField(_("what a 5 looks like (French)"), blank=True)
    prompts_en = models.TextField(
        _("interview prompts (English)"), blank=True, help_text=_("One prompt per line.")
    )
    prompts_fr = models.TextField(
        _("interview prompts (French)"), blank=True, help_text=_("One prompt per line.")
    )
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, validators=[MinValueValidator(1), MaxValueValidator(MAX_WEIGHT)]
    )
    minimum = models.PositiveSmallIntegerField(
        _("minimum bar"),
        null=True,
        blank=True,
        validators=[MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)],
        help_text=_("A candidate whose mean on this quality is under the bar is flagged."),
    )

    class Meta:
        ordering = ["order"]
        verbose_name = _("quality")
        verbose_name_plural = _("qualities")
        constraints = [
            models.CheckConstraint(condition=models.Q(weight__gte=1), name="quality_weight_positive"),
            models.CheckConstraint(
                condition=models.Q(minimum__isnull=True)
                | models.Q(minimum__gte=SCORE_MIN, minimum__lte=SCORE_MAX),
                name="quality_minimum_in_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return _localized(self, "name")

    @property
    def description(self) -> str:
        return _localized(self, "description")

    @property
    def anchors(self) -> list[tuple[int, str]]:
        return [(n, _localized(self, f"anchor_{n}")) for n in (1, 3, 5)]

    @property
    def prompts(self) -> list[str]:
        return [line.strip() for line in _localized(self, "prompts").splitlines() if line.strip()]

    @property
    def is_empathy(self) -> bool:
        return self.code == EMPATHY


class Rubric(models.Model):
    """The one row holding the written rationale of the weights."""

    rationale_en = models.TextField(_("weights rationale (English)"), blank=True)
    rationale_fr = models.TextField(_("weights rationale (French)"), blank=True)

    class Meta:
        verbose_name = _("rubric")
        verbose_name_plural = _("rubric")

    def __str__(self) -> str:
        return str(_("Rubric"))

    @property
    def rationale(self) -> str:
        return _localized(self, "rationale")


class RubricChange(models.Model):
    """Every change of a weight, a bar or the rationale: who, when, old and new value, why."""

    quality = models.ForeignKey(
        Quality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="changes",
        verbose_name=_("quality"),
    )
    field = models.CharField(_("field"), max_length=40)
    old_value = models.TextField(_("old value"), blank=True)
    new_value = models.TextField(_("new value"), blank=True)
    reason = models.TextField(_("reason"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("changed by")
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("rubric change")
        verbose_name_plural = _("rubric changes")

    def __str__(self) -> str:
        return f"{self.quality or _('Rubric')}: {self.field} {self.old_value} → {self.new_value}"


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
            models.UniqueConstraint(
                fields=["candidate", "interviewer"], name="scorecard_one_per_interviewer"
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


# --- interviews -------------------------------------------------------------------------------

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
        return _localized(self, "text")

    @property
    def facet(self) -> str:
        return _localized(self, "facet")

    @property
    def listen_for(self) -> str:
        return _localized(self, "listen_for")


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


class UserPreference(models.Model):
    """Per-user settings: the language of emails, which the language switcher also sets."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="preference", verbose_name=_("user")
    )
    language = models.CharField(_("language"), max_length=10, blank=True)

    class Meta:
        verbose_name = _("user preference")
        verbose_name_plural = _("user preferences")

    def __str__(self) -> str:
        return f"{self.user} · {self.language or '—'}"


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


# --- personal API tokens ----------------------------------------------------------------------


class ApiToken(models.Model):
    """A personal token for the JSON API, created by a user for themselves.

    Only a SHA-256 digest of the token is stored, beside a short public prefix by which it is
    found: whoever reads the database cannot use a token, and the token is shown once only.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=16)
    digest = models.CharField(_("digest"), max_length=64)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        constraints = [
            models.UniqueConstraint(fields=["prefix"], name="api_token_prefix_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def is_usable(self, now: datetime.datetime | None = None) -> bool:
        return self.revoked_at is None and self.expires_at > (now or timezone.now())


# --- decisions --------------------------------------------------------------------------------

_STATUSES = ["applied", "interviewing", "shortlisted", "offer", "hired", "rejected"]
# What a decision may set: every status but "applied", where a candidate starts.
DECISION_STATUSES: tuple[str, ...] = tuple(_STATUSES[1:])


class Decision(models.Model):
    """A hiring manager's decision on a candidate: the status it set, from what, by whom, when and why.

    Written only by ``services.candidate_decide``; never edited. ``contradictions`` keeps what the
    evidence said against it at that moment (``scoring.decision_contradictions``): a decision
    that has any was confirmed knowingly, and stays flagged.
    """

    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("candidate")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("decided by")
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    from_status = models.CharField(_("from"), max_length=20, choices=Candidate.Status.choices)
    to_status = models.CharField(_("decision"), max_length=20, choices=Candidate.Status.choices)
    reason = models.TextField(_("reason"))
    contradictions = models.JSONField(_("contradicts the evidence on"), default=list, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.CheckConstraint(condition=models.Q(from_status__in=_STATUSES), name="decision_from_valid"),
            # "applied" is where a candidate starts, never what a manager decides.
            models.CheckConstraint(
                condition=models.Q(to_status__in=DECISION_STATUSES), name="decision_to_valid"
            ),
            models.CheckConstraint(condition=~models.Q(reason=""), name="decision_reason_required"),
        ]
        indexes = [models.Index(fields=["candidate", "-at", "-id"], name="decision_candidate_latest")]

    def __str__(self) -> str:
        return f"{self.candidate} · {self.get_to_status_display()} · {self.at:%Y-%m-%d %H:%M}"

    @property
    def flagged(self) -> bool:
        return bool(self.contradictions)
