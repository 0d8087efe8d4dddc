"""Writes: each service is one transaction, validates with full_clean() and records history."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluations import caching, importing, scoring
from evaluations.models import (
    EMPATHY,
    Candidate,
    Quality,
    Rubric,
    RubricChange,
    Score,
    Scorecard,
    ScorecardEvent,
    Shortlist,
    ShortlistEntry,
)

logger = logging.getLogger(__name__)


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


def _snapshot(scorecard: Scorecard, scores: Mapping[str, Score]) -> dict[str, Any]:
    snapshot: dict[str, Any] = {"recommendation": scorecard.recommendation, "notes": scorecard.notes}
    for code, score in scores.items():
        snapshot[code] = score.value
        snapshot[f"{code}_evidence"] = score.evidence
    return snapshot


def _diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[dict[str, Any]]:
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
) -> Scorecard:
    """Save the interviewer's scorecard for the candidate as a draft, or submit it.

    Raises ScorecardLocked when it is already submitted, StaleScorecard when
    ``expected_version`` is given and no longer current, ValidationError when
    submitting without what a submit needs.
    """
    if submit:
        errors = validate_for_submit(data)
        if errors:
            raise ValidationError(errors)
    # get_or_create retries the get when a concurrent first save wins the insert race.
    scorecard, _created = Scorecard.objects.select_for_update().get_or_create(
        candidate=candidate, interviewer=interviewer
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
        changes = _diff(before, _snapshot(scorecard, existing))
        if changes:
            ScorecardEvent.objects.create(
                scorecard=scorecard, kind=ScorecardEvent.Kind.CHANGED, actor=interviewer, changes=changes
            )
    if submit:
        ScorecardEvent.objects.create(
            scorecard=scorecard, kind=ScorecardEvent.Kind.SUBMITTED, actor=interviewer
        )
    return scorecard


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
    return _diff(before, after)


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


# --- rubric -----------------------------------------------------------------------------------


@transaction.atomic
def check_weight_rule(
    weights: Mapping[str, int], names: Mapping[str, str], *, field: str | None = None
) -> None:
    """The weights' rule (``scoring.check_weights``) with its one message: the admin's form, the
    dashboard's what-if form and ``quality_update`` all call this.

    Raises ValidationError naming the qualities in conflict, on ``field`` when given.
    """
    offending = scoring.check_weights(weights)
    if not offending:
        return
    message = _(
        "Empathy must weigh strictly more than every other quality, and every weight must be a whole "
        "number from 1 to %(cap)s (in conflict: %(names)s)."
    ) % {"cap": scoring.MAX_WEIGHT, "names": ", ".join(names.get(code, code) for code in offending)}
    raise ValidationError({field: message} if field else message, code="weights")


def quality_update(
    *,
    quality: Quality,
    actor: Any,
    reason: str,
    weight: int | None = None,
    minimum: int | object | None = ...,
    **texts: str,
) -> Quality:
    """Change a quality's weight, bar or texts, keeping empathy strictly highest, with history."""
    reason = (reason or "").strip()
    locked = {q.pk: q for q in Quality.objects.select_for_update().order_by("order")}
    current = locked[quality.pk]
    changes: list[tuple[str, Any, Any]] = []
    if weight is not None and weight != current.weight:
        weights = {q.code: q.weight for q in locked.values()}
        weights[current.code] = weight
        check_weight_rule(weights, {q.code: q.name for q in locked.values()}, field="weight")
        changes.append(("weight", current.weight, weight))
        current.weight = weight
    if minimum is not ... and minimum != current.minimum:
        changes.append(("minimum", current.minimum, minimum))
        current.minimum = minimum
    for name, value in texts.items():
        if getattr(current, name) != value:
            changes.append((name, getattr(current, name), value))
            setattr(current, name, value)
    if not changes:
        return current
    if any(f in {"weight", "minimum"} for f, _old, _new in changes) and not reason:
        raise ValidationError({"reason": _("Say why the weight or bar changes: it is kept in the history.")})
    current.full_clean()
    current.save()
    RubricChange.objects.bulk_create(
        RubricChange(
            quality=current,
            field=f,
            old_value="" if old is None else str(old),
            new_value="" if new is None else str(new),
            reason=reason or "—",
            changed_by=actor,
        )
        for f, old, new in changes
    )
    return current


@transaction.atomic
def rubric_update(*, actor: Any, reason: str, rationale_en: str, rationale_fr: str) -> Rubric:
    rubric, _created = Rubric.objects.select_for_update().get_or_create(pk=1)
    changes = [
        (f, getattr(rubric, f), v)
        for f, v in (("rationale_en", rationale_en), ("rationale_fr", rationale_fr))
        if getattr(rubric, f) != v
    ]
    if not changes:
        return rubric
    for f, _old, new in changes:
        setattr(rubric, f, new)
    rubric.full_clean()
    rubric.save()
    RubricChange.objects.bulk_create(
        RubricChange(
            field=f, old_value=old, new_value=new, reason=(reason or "").strip() or "—", changed_by=actor
        )
        for f, old, new in changes
    )
    return rubric


# --- shortlists -------------------------------------------------------------------------------


@transaction.atomic
def shortlist_create(
    *, name: str, owner: Any, position: Any = None, candidates: Iterable[Candidate] = ()
) -> Shortlist:
    shortlist = Shortlist(name=name.strip(), owner=owner, position=position)
    shortlist.full_clean()
    shortlist.save()
    shortlist_add(shortlist=shortlist, candidates=candidates)
    return shortlist


@transaction.atomic
def shortlist_add(*, shortlist: Shortlist, candidates: Iterable[Candidate]) -> int:
    """Append candidates not yet on the shortlist, in the order given. Returns how many were added."""
    Shortlist.objects.select_for_update().filter(pk=shortlist.pk).first()
    present = set(shortlist.entries.values_list("candidate_id", flat=True))
    next_order = (shortlist.entries.aggregate(m=Max("order"))["m"] or 0) + 1
    new_entries = []
    for candidate in candidates:
        if candidate.pk in present:
            continue
        present.add(candidate.pk)
        new_entries.append(ShortlistEntry(shortlist=shortlist, candidate=candidate, order=next_order))
        next_order += 1
    ShortlistEntry.objects.bulk_create(new_entries)
    if new_entries:
        Shortlist.objects.filter(pk=shortlist.pk).update(updated_at=timezone.now())
        caching.shortlist_changed(shortlist.pk)
    return len(new_entries)


@transaction.atomic
def shortlist_remove(*, shortlist: Shortlist, candidate_ids: Iterable[int]) -> int:
    deleted, _details = ShortlistEntry.objects.filter(
        shortlist=shortlist, candidate_id__in=list(candidate_ids)
    ).delete()
    if deleted:
        Shortlist.objects.filter(pk=shortlist.pk).update(updated_at=timezone.now())
    return deleted


@transaction.atomic
def shortlist_set_note(*, shortlist: Shortlist, candidate_id: int, note: str) -> None:
    ShortlistEntry.objects.filter(shortlist=shortlist, candidate_id=candidate_id).update(note=note.strip())
    caching.shortlist_changed(shortlist.pk)


@transaction.atomic
def shortlist_resize(*, shortlist: Shortlist, candidates: list[Candidate]) -> None:
    """Make the shortlist hold exactly these candidates in this order (used by seed_demo)."""
    wanted = [c.pk for c in candidates]
    ShortlistEntry.objects.filter(shortlist=shortlist).exclude(candidate_id__in=wanted).delete()
    entries = {e.candidate_id: e for e in ShortlistEntry.objects.filter(shortlist=shortlist)}
    to_create, to_update = [], []
    for order, candidate in enumerate(candidates, start=1):
        entry = entries.get(candidate.pk)
        if entry is None:
            to_create.append(ShortlistEntry(shortlist=shortlist, candidate=candidate, order=order))
        elif entry.order != order:
            entry.order = order
            to_update.append(entry)
    ShortlistEntry.objects.bulk_create(to_create)
    ShortlistEntry.objects.bulk_update(to_update, ["order"])
    caching.shortlist_changed(shortlist.pk)


# --- import of candidates ---------------------------------------------------------------------


class ImportChanged(Exception):
    """The candidates changed since the preview: nothing was written; ``preview`` is the new one."""

    def __init__(self, preview: importing.Preview | None = None) -> None:
        super().__init__()
        self.preview = preview


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int
    errors: int


@transaction.atomic
def candidate_import(
    *, parsed: importing.ParsedFile, actor: Any = None, expected_digest: str | None = None
) -> ImportResult:
    """Write every valid row of the file in one transaction: creations, then updates.

    The preview is computed again here, on the candidates locked for the transaction; when
    ``expected_digest`` (the preview the user saw) no longer matches it, nothing is written and
    ImportChanged carries the new preview. Rows with errors are left out, as the preview said.
    """
    preview = importing.preview(parsed, for_update=True)
    if expected_digest is not None and preview.digest != expected_digest:
        raise ImportChanged(preview)
    now = timezone.now()
    to_create: list[Candidate] = []
    to_update: list[Candidate] = []
    updated_fields: set[str] = set()
    try:
        for row in preview.rows:
            if row.action == importing.Action.CREATE:
                candidate = Candidate(email=row.email, **row.values)
            elif row.action == importing.Action.UPDATE and row.candidate is not None:
                candidate = row.candidate
                for name, value in row.values.items():
                    setattr(candidate, name, value)
                candidate.updated_at = now
                updated_fields.update(row.values)
            else:
                continue
            # The model's whole validation, the case-insensitive email rule of Candidate.clean
            # included; the constraints themselves are checked by the database on the insert.
            candidate.full_clean(validate_constraints=False)
            (to_create if candidate.pk is None else to_update).append(candidate)
        with transaction.atomic():
            Candidate.objects.bulk_create(to_create, batch_size=500)
    except (ValidationError, IntegrityError) as error:
        # The preview found these rows valid a moment ago: another request wrote meanwhile.
        raise ImportChanged() from error
    if to_update:
        Candidate.objects.bulk_update(to_update, sorted({*updated_fields, "updated_at"}), batch_size=500)
    counts = preview.counts
    result = ImportResult(
        created=len(to_create),
        updated=len(to_update),
        unchanged=counts[importing.Action.UNCHANGED],
        errors=counts[importing.Action.ERROR],
    )
    logger.info(
        "Candidates imported from %s by %s: %s created, %s updated, %s unchanged, %s rows refused",
        parsed.filename,
        getattr(actor, "username", None) or "a command",
        result.created,
        result.updated,
        result.unchanged,
        result.errors,
    )
    # bulk_create and bulk_update send no signal: the dashboards show these candidates' names.
    caching.data_changed()
    return result
