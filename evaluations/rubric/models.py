"""The rubric: the eleven qualities with their weights and anchors, the rubric's version and
the history of its weights.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from evaluations.scoring import EMPATHY, MAX_WEIGHT
from evaluations.scoring import MAX_SCORE as SCORE_MAX
from evaluations.scoring import MIN_SCORE as SCORE_MIN


def localized(obj: models.Model, field: str) -> str:
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
        return localized(self, "name")

    @property
    def description(self) -> str:
        return localized(self, "description")

    @property
    def anchors(self) -> list[tuple[int, str]]:
        return [(n, localized(self, f"anchor_{n}")) for n in (1, 3, 5)]

    @property
    def prompts(self) -> list[str]:
        return [line.strip() for line in localized(self, "prompts").splitlines() if line.strip()]

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
        return localized(self, "rationale")


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
