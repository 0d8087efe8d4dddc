"""Decisions: a hiring manager's recorded change of a candidate's status."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from evaluations.candidates.models import Candidate

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
