"""Writes of scorecards: save a draft or submit, reopen, and the admin's corrections, each
with its event.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluations import caching
from evaluations.candidates.models import Candidate
from evaluations.interviews.models import Interview
from evaluations.rubric.models import Quality
from evaluations.scorecards.models import Score, Scorecard, ScorecardEvent
from evaluations.scorecards.selectors import card_target
from evaluations.scoring import EMPATHY


class OpenCard:
    """The default card of ``scorecard_save``: the interviewer's open card for the candidate."""


OPEN_CARD = OpenCard()


class ScorecardLocked(Exception):
    """The scorecard is submitted: it changes only after a hiring manager reopens it."""


class StaleScorecard(Exception):
    """The scorecard changed since the form was loaded (another tab, another device)."""

    def __init__(self, current_version: int) -> None:
        super().__init__(current_version)
        self.current_version = current_version


@dataclass(frozen=True)
class ScorecardData:
    """What the rubric form sends, already validated: scores and evidence by quality code."""

    values: Mapping[str, int | None]
    evidence: Mapping[str, str]
    recommendation: str
    notes: str

    @classmethod
    def from_fields(cls, cleaned: Mapping[str, Any], codes: Iterable[str]) -> ScorecardData:
        """From a rubric's cleaned fields (``<code>``, ``<code>_evidence``, ``recommendation``, ``notes``)."""
        codes = list(codes)
        return cls(
            values={code: cleaned.get(code) for code in codes},
            evidence={code: cleaned.get(f"{code}_evidence") or "" for code in codes},
            recommendation=cleaned.get("recommendation") or "",
            notes=cleaned.get("notes") or "",
        )


def _snapshot(scorecard: Scorecard, scores: Mapping[str, Score]) -> dict[str, Any]:
    snapshot: dict[str, Any] = {"recommendation": scorecard.recommendation, "notes": scorecard.notes}
    for code, score in scores.items():
        snapshot[code] = score.value
        snapshot[f"{code}_evidence"] = score.evidence
    return snapshot


def snapshot_diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [
        {"field": key, "old": before.get(key), "new": after.get(key)}
        for key in after
        if before.get(key) != after.get(key)
    ]


def validate_for_submit(data: ScorecardData) -> dict[str, str]:
    """The submit rule of the rubric: a recommendation and at least the empathy score."""
    errors: dict[str, str] = {}
    if not data.recommendation:
        errors["recommendation"] = _("Choose an overall recommendation before submitting.")
    if data.values.get(EMPATHY) is None:
        errors[EMPATHY] = _("Empathy must be scored before submitting: it is the quality that counts most.")
    return errors


@transaction.atomic
def scorecard_save(
    *,
    candidate: Candidate,
    interviewer: Any,
    data: ScorecardData,
    submit: bool = False,
    expected_version: int | None = None,
    interview: Interview | OpenCard | None = OPEN_CARD,
) -> Scorecard:
    """Save the interviewer's scorecard for the candidate as a draft, or submit it: their card of
    ``interview`` (an interview of this candidate), their ad hoc card with ``interview=None``, or
    by default their open card, as ``/candidates/<pk>/scorecard/`` finds it (``card_target``).

    Raises ScorecardLocked when it is already submitted, StaleScorecard when
    ``expected_version`` is given and no longer current, ValidationError when
    submitting without what a submit needs, or for an interview of another candidate.
    """
    if isinstance(interview, OpenCard):
        interview = card_target(candidate=candidate, user=interviewer).interview
    if interview is not None and interview.candidate_id != candidate.pk:
        raise ValidationError(_("This interview is not one of this candidate's."))
    if submit:
        errors = validate_for_submit(data)
        if errors:
            raise ValidationError(errors)
    # get_or_create retries the get when a concurrent first save wins the insert race.
    scorecard, _created = Scorecard.objects.select_for_update().get_or_create(
        candidate=candidate, interviewer=interviewer, interview=interview
    )
    if scorecard.is_submitted:
        raise ScorecardLocked
    if expected_version is not None and expected_version != scorecard.version:
        raise StaleScorecard(scorecard.version)

    quality_by_code = {q.code: q for q in Quality.objects.all()}
    existing = {s.quality.code: s for s in scorecard.scores.select_related("quality")}
    was_submitted_before = scorecard.events.filter(kind=ScorecardEvent.Kind.SUBMITTED).exists()
    before = _snapshot(scorecard, existing)

    scorecard.recommendation = data.recommendation or ""
    scorecard.notes = data.notes or ""
    to_create, to_update = [], []
    for code, quality in quality_by_code.items():
        value = data.values.get(code)
        evidence = (data.evidence.get(code) or "").strip()
        score = existing.get(code)
        if score is None:
            score = Score(scorecard=scorecard, quality=quality, value=value, evidence=evidence)
            score.full_clean(exclude=["scorecard"])
            to_create.append(score)
            existing[code] = score
        elif score.value != value or score.evidence != evidence:
            score.value, score.evidence = value, evidence
            score.full_clean(exclude=["scorecard"])
            to_update.append(score)
    Score.objects.bulk_create(to_create)
    Score.objects.bulk_update(to_update, ["value", "evidence"])

    if submit:
        scorecard.status = Scorecard.Status.SUBMITTED
        scorecard.submitted_at = timezone.now()
    scorecard.version += 1
    scorecard.full_clean(validate_unique=False)
    scorecard.save()

    if was_submitted_before:
        changes = snapshot_diff(before, _snapshot(scorecard, existing))
        if changes:
            ScorecardEvent.objects.create(
                scorecard=scorecard, kind=ScorecardEvent.Kind.CHANGED, actor=interviewer, changes=changes
            )
    if submit:
        ScorecardEvent.objects.create(
            scorecard=scorecard, kind=ScorecardEvent.Kind.SUBMITTED, actor=interviewer
        )
    return scorecard


def attach_cards(*, interview: Interview, interviewers: Iterable[Any]) -> int:
    """Make these interviewers' ad hoc cards of the interview's candidate their cards of this
    interview (the demo data, which writes its cards before it schedules the interviews behind
    them). A card already attached to an interview stays where it is."""
    attached = Scorecard.objects.filter(
        candidate_id=interview.candidate_id, interviewer__in=list(interviewers), interview__isnull=True
    ).update(interview=interview)
    if attached:
        caching.candidates_changed([interview.candidate_id])
    return attached


@transaction.atomic
def scorecard_reopen(*, scorecard: Scorecard, actor: Any, reason: str) -> Scorecard:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the scorecard is reopened.")})
    scorecard = Scorecard.objects.select_for_update().get(pk=scorecard.pk)
    if not scorecard.is_submitted:
        raise ValidationError(_("This scorecard is already a draft."))
    scorecard.status = Scorecard.Status.DRAFT
    scorecard.submitted_at = None
    scorecard.version += 1
    scorecard.save(update_fields=["status", "submitted_at", "version", "updated_at"])
    ScorecardEvent.objects.create(
        scorecard=scorecard, kind=ScorecardEvent.Kind.REOPENED, actor=actor, reason=reason
    )
    return scorecard


def scorecard_changes(*, scorecard: Scorecard, data: ScorecardData) -> list[dict[str, Any]]:
    """What writing ``data`` over the stored scorecard would change, field by field, old and new.

    Nothing is written. A quality with no stored score counts as not assessed, with no evidence.
    """
    existing = {s.quality.code: s for s in scorecard.scores.select_related("quality")}
    before: dict[str, Any] = {"recommendation": scorecard.recommendation, "notes": scorecard.notes}
    after: dict[str, Any] = {"recommendation": data.recommendation or "", "notes": data.notes or ""}
    for code in Quality.objects.values_list("code", flat=True):
        score = existing.get(code)
        before[code] = score.value if score else None
        before[f"{code}_evidence"] = score.evidence if score else ""
        after[code] = data.values.get(code)
        after[f"{code}_evidence"] = (data.evidence.get(code) or "").strip()
    return snapshot_diff(before, after)


def validate_admin_update(
    *, scorecard: Scorecard, data: ScorecardData, reason: str, changes: list[dict[str, Any]]
) -> dict[str, str]:
    """An administrator's correction needs a reason for any change; a submitted card stays complete."""
    errors = validate_for_submit(data) if scorecard.is_submitted else {}
    if changes and not (reason or "").strip():
        errors["reason"] = _("Say why this scorecard changes: the reason is kept in its history.")
    return errors


@transaction.atomic
def scorecard_admin_update(
    *,
    scorecard: Scorecard,
    actor: Any,
    reason: str,
    data: ScorecardData,
    expected_version: int | None = None,
) -> Scorecard:
    """An administrator's correction of a scorecard's content, draft or submitted, kept in its history.

    Only the content changes here (scores, evidence, recommendation, notes): who scored whom and
    the status never do; reopening is ``scorecard_reopen``. Any change leaves a CHANGED event
    with the reason and every field's old and new value. Raises StaleScorecard when
    ``expected_version`` is no longer current, ValidationError when ``validate_admin_update`` refuses.
    """
    scorecard = Scorecard.objects.select_for_update().get(pk=scorecard.pk)
    if expected_version is not None and expected_version != scorecard.version:
        raise StaleScorecard(scorecard.version)
    changes = scorecard_changes(scorecard=scorecard, data=data)
    errors = validate_admin_update(scorecard=scorecard, data=data, reason=reason, changes=changes)
    if errors:
        raise ValidationError(errors)
    if not changes:
        return scorecard

    existing = {s.quality.code: s for s in scorecard.scores.select_related("quality")}
    to_create, to_update = [], []
    for quality in Quality.objects.all():
        value = data.values.get(quality.code)
        evidence = (data.evidence.get(quality.code) or "").strip()
        score = existing.get(quality.code)
        if score is None:
            score = Score(scorecard=scorecard, quality=quality, value=value, evidence=evidence)
            to_create.append(score)
        elif score.value != value or score.evidence != evidence:
            score.value, score.evidence = value, evidence
            to_update.append(score)
        else:
            continue
        score.full_clean(exclude=["scorecard"])
    Score.objects.bulk_create(to_create)
    Score.objects.bulk_update(to_update, ["value", "evidence"])
    scorecard.recommendation = data.recommendation or ""
    scorecard.notes = data.notes or ""
    scorecard.version += 1
    scorecard.full_clean(validate_unique=False)
    scorecard.save(update_fields=["recommendation", "notes", "version", "updated_at"])
    ScorecardEvent.objects.create(
        scorecard=scorecard,
        kind=ScorecardEvent.Kind.CHANGED,
        actor=actor,
        reason=reason.strip(),
        changes=changes,
    )
    return scorecard
