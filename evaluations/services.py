"""Writes: each service is one transaction, validates with full_clean() and records history."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from evaluations import caching, importing, retention, roles, scoring, selectors
from evaluations.models import (
    DECISION_STATUSES,
    EMPATHY,
    Candidate,
    Decision,
    Interview,
    InterviewEvent,
    InterviewPanelist,
    Quality,
    RetentionRun,
    Rubric,
    RubricChange,
    Score,
    Scorecard,
    ScorecardEvent,
    Shortlist,
    ShortlistEntry,
    UserPreference,
    anonymised_name,
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


@transaction.atomic
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


# --- interviews -------------------------------------------------------------------------------


def _interview_snapshot(interview: Interview) -> dict[str, Any]:
    """What the history compares before and after a change, as plain text a person can read."""
    panel = sorted(interview.panel.all(), key=lambda u: (u.get_username().casefold(), u.pk))
    return {
        "title": interview.title,
        "starts_at": timezone.localtime(interview.starts_at).strftime("%Y-%m-%d %H:%M"),
        "duration_minutes": interview.duration_minutes,
        "location": interview.location,
        "panel": ", ".join(u.get_username() for u in panel),
        "focus": ", ".join(q.code for q in interview.focus.order_by("order")),
    }


def _with_empathy(focus: Iterable[Quality]) -> list[Quality]:
    """The focus qualities, empathy always among them (DESIGN.md)."""
    chosen = {q.pk: q for q in focus}
    if not any(q.code == EMPATHY for q in chosen.values()):
        empathy = Quality.objects.filter(code=EMPATHY).first()
        if empathy is not None:
            chosen[empathy.pk] = empathy
    return sorted(chosen.values(), key=lambda q: q.order)


def _check_panel(panel: Sequence[Any]) -> None:
    if not panel:
        raise ValidationError({"panel": _("Choose at least one panelist.")})
    inactive = [u.get_username() for u in panel if not u.is_active]
    if inactive:
        raise ValidationError(
            {"panel": _("These people are not active users: %(names)s.") % {"names": ", ".join(inactive)}}
        )


def _set_panel(interview: Interview, panel: Sequence[Any]) -> None:
    wanted = {u.pk for u in panel}
    interview.seats.exclude(user_id__in=wanted).delete()
    present = set(interview.seats.values_list("user_id", flat=True))
    InterviewPanelist.objects.bulk_create(
        InterviewPanelist(interview=interview, user_id=pk) for pk in sorted(wanted - present)
    )


@transaction.atomic
def interview_schedule(
    *,
    candidate: Candidate,
    actor: Any,
    title: str,
    starts_at: Any,
    duration_minutes: int,
    location: str,
    panel: Sequence[Any],
    focus: Iterable[Quality] = (),
) -> Interview:
    """Schedule an interview of the candidate with its panel; recorded in the candidate's history."""
    _check_panel(panel)
    interview = Interview(
        candidate=candidate,
        title=(title or "").strip(),
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        location=(location or "").strip(),
        created_by=actor,
    )
    interview.full_clean()
    interview.save()
    _set_panel(interview, panel)
    interview.focus.set(_with_empathy(focus))
    InterviewEvent.objects.create(
        candidate=candidate,
        interview=interview,
        kind=InterviewEvent.Kind.SCHEDULED,
        actor=actor,
        changes=[{"field": k, "old": None, "new": v} for k, v in _interview_snapshot(interview).items()],
    )
    # The panel is written in bulk (no signal): the candidate's pages and dashboards are stale.
    caching.candidates_changed([interview.candidate_id])
    return interview


@transaction.atomic
def interview_update(
    *,
    interview: Interview,
    actor: Any,
    title: str,
    starts_at: Any,
    duration_minutes: int,
    location: str,
    panel: Sequence[Any],
    focus: Iterable[Quality] = (),
) -> Interview:
    """Change an interview; its SEQUENCE goes up so calendars update, and the history keeps the diff."""
    interview = Interview.objects.select_for_update().get(pk=interview.pk)
    if interview.is_cancelled:
        raise ValidationError(_("This interview is cancelled: it can no longer be changed."))
    _check_panel(panel)
    before = _interview_snapshot(interview)
    interview.title = (title or "").strip()
    interview.starts_at = starts_at
    interview.duration_minutes = duration_minutes
    interview.location = (location or "").strip()
    interview.full_clean()
    _set_panel(interview, panel)
    interview.focus.set(_with_empathy(focus))
    changes = _diff(before, _interview_snapshot(interview))
    if not changes:
        return interview
    interview.sequence += 1
    interview.save()
    InterviewEvent.objects.create(
        candidate_id=interview.candidate_id,
        interview=interview,
        kind=InterviewEvent.Kind.CHANGED,
        actor=actor,
        changes=changes,
    )
    # The panel is written in bulk (no signal): the candidate's pages and dashboards are stale.
    caching.candidates_changed([interview.candidate_id])
    return interview


@transaction.atomic
def interview_cancel(*, interview: Interview, actor: Any, reason: str = "") -> Interview:
    """Cancel an interview. Panelists who had not started a scorecard owe nothing for it any more."""
    interview = Interview.objects.select_for_update().get(pk=interview.pk)
    if interview.is_cancelled:
        raise ValidationError(_("This interview is already cancelled."))
    interview.cancelled_at = timezone.now()
    interview.sequence += 1
    interview.save(update_fields=["cancelled_at", "sequence", "updated_at"])
    InterviewEvent.objects.create(
        candidate_id=interview.candidate_id,
        interview=interview,
        kind=InterviewEvent.Kind.CANCELLED,
        actor=actor,
        reason=(reason or "").strip(),
    )
    return interview


@transaction.atomic
def user_set_language(*, user: Any, language: str) -> None:
    """Remember the user's language for what the app sends them (reminders)."""
    UserPreference.objects.update_or_create(user=user, defaults={"language": language})


# --- reminders --------------------------------------------------------------------------------


@dataclass
class ReminderReport:
    sent: int = 0
    skipped: int = 0  # taken by another run, or no longer due when locked
    without_email: list[str] = field(default_factory=list)


def _reminder_message(*, user: Any, interview: Interview, number: int) -> EmailMessage:
    """The reminder in the panelist's language (their preference, else the site's default)."""
    # A missing preference raises RelatedObjectDoesNotExist, an AttributeError: getattr's default.
    preference = getattr(user, "preference", None)
    language = (preference.language if preference else "") or settings.LANGUAGE_CODE
    candidate = interview.candidate
    context = {
        "user": user,
        "candidate": candidate,
        "interview": interview,
        "number": number,
        "maximum": settings.REMINDER_MAX,
        "scorecard_url": settings.SITE_URL + reverse("evaluations:scorecard", args=[candidate.pk]),
        "kit_url": settings.SITE_URL + reverse("evaluations:interview-kit", args=[interview.pk]),
        "todo_url": settings.SITE_URL + reverse("evaluations:todo"),
    }
    with translation.override(language), timezone.override(settings.TIME_ZONE):
        subject = render_to_string("evaluations/email/reminder_subject.txt", context).strip()
        body = render_to_string("evaluations/email/reminder_body.txt", context)
    return EmailMessage(subject=" ".join(subject.split()), body=body, to=[user.email])


def reminders_send(*, now: Any = None, connection: Any = None) -> ReminderReport:
    """Send every reminder due now; safe to run twice at once, or on two machines at once.

    Each owed scorecard is handled in its own transaction holding its seat's row lock
    (``SELECT … FOR UPDATE SKIP LOCKED``): a concurrent run skips the seats this one holds,
    then finds the reminder recorded once the lock is released. The record is written before
    the email goes, and the unique (candidate, recipient, number) constraint refuses a second
    one, so no email is sent twice; an email that fails to go rolls its record back and is
    retried at the next run.
    """
    now = now or timezone.now()
    report = ReminderReport()
    for due in selectors.reminders_due(now=now):
        try:
            with transaction.atomic():
                seat = (
                    InterviewPanelist.objects.select_for_update(skip_locked=True, of=("self",))
                    .select_related("user__preference", "interview__candidate__position")
                    .filter(pk=due.seat_id, interview__cancelled_at__isnull=True)
                    .first()
                )
                if seat is None:
                    report.skipped += 1
                    continue
                submitted = Scorecard.objects.filter(
                    candidate_id=due.candidate_id,
                    interviewer_id=due.user_id,
                    status=Scorecard.Status.SUBMITTED,
                ).exists()
                state = selectors.reminder_state(candidate_id=due.candidate_id, user_id=due.user_id)
                if submitted or state.sent != due.number - 1:
                    report.skipped += 1
                    continue
                if not seat.user.email:
                    report.without_email.append(selectors.user_display_name(seat.user))
                    continue
                InterviewEvent.objects.create(
                    candidate_id=due.candidate_id,
                    interview=seat.interview,
                    kind=InterviewEvent.Kind.REMINDED,
                    recipient=seat.user,
                    number=due.number,
                    at=now,
                )
                message = _reminder_message(user=seat.user, interview=seat.interview, number=due.number)
                message.connection = connection
                message.send()
                report.sent += 1
        except IntegrityError:
            # Another machine recorded this very reminder first: it sends it, not us.
            report.skipped += 1
    return report


# --- retention --------------------------------------------------------------------------------


@dataclass
class RetentionReport:
    cutoff: Any
    due: list[retention.Due] = field(default_factory=list)  # found due (all that a dry run does)
    anonymised: int = 0
    skipped: int = 0  # held by another run, or no longer due once locked
    run: RetentionRun | None = None


def _anonymise(candidates: Sequence[Candidate], *, run: RetentionRun, now: Any) -> None:
    """Erase every personal text of these locked candidates and of their rows (``retention``'s rules).

    A constant number of queries for the whole batch. Scores, recommendations and dates stay.
    """
    ids = [c.pk for c in candidates]
    personal = {c.pk: retention.personal_texts(c) for c in candidates}
    everyone_personal = [text for texts in personal.values() for text in texts]
    interviews = list(Interview.objects.filter(candidate_id__in=ids))
    event_rows = [
        (history, list(history.model.objects.filter(**{f"{history.to_candidate}__in": ids})))
        for history in retention.histories()
    ]
    titles = [i.title for i in interviews] + [
        change.get("new") or change.get("old") or ""
        for _history, rows in event_rows
        for row in rows
        for change in getattr(row, "changes", None) or []
        if isinstance(change, Mapping) and change.get("field") == "title"
    ]
    generic = retention.generic_titles(titles=[t for t in titles if isinstance(t, str)], candidate_ids=ids)

    for interview in interviews:
        interview.title = retention.kept_title(
            interview.title, generic=generic, personal=personal[interview.candidate_id]
        )
    Interview.objects.bulk_update(interviews, ["title"])
    for erase in retention.ERASED_TEXTS:
        erase.model.objects.filter(**{f"{erase.to_candidate}__in": ids}).update(**{erase.field: erase.blank})
    for history, rows in event_rows:
        for row in rows:
            owner = getattr(row, "candidate_id", None)
            setattr(
                row,
                history.field,
                retention.scrub_changes(
                    getattr(row, history.field),
                    kept=history.kept,
                    generic=generic,
                    personal=personal.get(owner, everyone_personal),
                ),
            )
        history.model.objects.bulk_update(rows, [history.field])

    for candidate in candidates:
        for name in retention.CANDIDATE_ERASED_FIELDS:
            setattr(candidate, name, "")
        candidate.name = retention.stored_text(anonymised_name, candidate.pk)
        candidate.email = retention.anonymised_email(candidate.pk)
        candidate.anonymised_at = now
        candidate.anonymised_in = run
        candidate.updated_at = now
        # "@invalid" has no dot, which Django's email validator wants; the address is meant to be
        # undeliverable (DESIGN.md fixes its form), so the other fields are validated without it.
        # The email's uniqueness is the database's constraint; the clash query of clean() per row
        # would make the batch cost a query per candidate.
        candidate.clean_fields(exclude=["email"])
    Candidate.objects.bulk_update(
        candidates,
        ["name", "email", *retention.CANDIDATE_ERASED_FIELDS, "anonymised_at", "anonymised_in", "updated_at"],
    )

    # The admin's history names what it logged: rename it after the anonymised rows, drop the messages.
    objects: dict[type, list[Any]] = {
        model: list(
            model.objects.filter(**{f"{path}__in": ids}).select_related(*related)
            if path != "pk"
            else candidates
        )
        for model, path, related in retention.LOGGED
    }
    entries = retention.log_entries(objects)
    for entry, obj in entries:
        entry.object_repr = retention.stored_text(str, obj)[:200]
        entry.change_message = ""
    LogEntry.objects.bulk_update([entry for entry, _obj in entries], ["object_repr", "change_message"])
    # Written in bulk (no signal): every cached page showing these candidates is stale.
    caching.candidates_changed(ids)


def retention_apply(
    *, now: Any = None, days: int | None = None, dry_run: bool = False, batch_size: int = 100
) -> RetentionReport:
    """Anonymise every candidate whose final decision is older than the retention period.

    Safe to run twice, or in two processes at once: each batch is one transaction holding its
    candidates' row locks (``SELECT … FOR UPDATE SKIP LOCKED``), re-checked as still due once
    locked, so a candidate another run holds or has anonymised is skipped. The run is recorded
    (when, the cutoff, how many), and each candidate points at the run that anonymised it.
    """
    now = now or timezone.now()
    days = settings.RETENTION_DAYS if days is None else days
    cutoff = retention.cutoff(now=now, days=days)
    report = RetentionReport(cutoff=cutoff, due=retention.due_list(before=cutoff))
    if dry_run:
        return report
    run = RetentionRun(kind=RetentionRun.Kind.RETENTION, started_at=now, cutoff=cutoff, retention_days=days)
    run.full_clean()
    run.save()
    for start in range(0, len(report.due), batch_size):
        batch = [due.pk for due in report.due[start : start + batch_size]]
        with transaction.atomic():
            locked = list(
                retention.due(before=cutoff)
                .select_for_update(skip_locked=True, of=("self",))
                .filter(pk__in=batch)
            )
            _anonymise(locked, run=run, now=now)
        report.anonymised += len(locked)
        report.skipped += len(batch) - len(locked)
    run.anonymised = report.anonymised
    run.finished_at = timezone.now()
    run.save(update_fields=["anonymised", "finished_at"])
    report.run = run
    logger.info("Retention: %s candidates anonymised, decided before %s", report.anonymised, cutoff)
    return report


@transaction.atomic
def candidates_anonymise(*, candidate_ids: Iterable[int], actor: Any) -> int:
    """Anonymise these candidates now, whatever their status: an administrator's request.

    Recorded as one run of kind "request" naming the administrator. Candidates already
    anonymised are left as they are. Returns how many were anonymised.
    """
    now = timezone.now()
    locked = list(
        Candidate.objects.select_for_update(of=("self",))
        .filter(pk__in=list(candidate_ids), anonymised_at__isnull=True)
        .order_by("pk")
    )
    if not locked:
        return 0
    run = RetentionRun(
        kind=RetentionRun.Kind.REQUEST, actor=actor, started_at=now, finished_at=now, anonymised=len(locked)
    )
    run.full_clean()
    run.save()
    _anonymise(locked, run=run, now=now)
    logger.info("%s candidates anonymised at the request of %s", len(locked), actor.get_username())
    return len(locked)


# --- decisions --------------------------------------------------------------------------------


class DecisionNeedsConfirmation(Exception):
    """The decision goes against the evidence: it is recorded only once confirmed.

    ``contradictions`` are ``scoring.decision_contradictions`` codes; ``result`` the evidence
    they were read from, so that the page can say what contradicts in words.
    """

    def __init__(self, contradictions: tuple[str, ...], result: scoring.CandidateResult | None) -> None:
        super().__init__(contradictions)
        self.contradictions = contradictions
        self.result = result


@transaction.atomic
def candidate_decide(
    *, candidate: Candidate, actor: Any, decision: str, reason: str, confirm: bool = False
) -> Decision:
    """Set the candidate's status to ``decision`` and record who, when, from, to and why.

    The evidence is read inside the transaction, with the weights and bars stored now: an offer
    or a hire that contradicts it raises DecisionNeedsConfirmation unless ``confirm``, and a
    confirmed one is kept flagged with what it contradicted. Scores and scorecards are never
    touched. ValidationError for an unknown decision or a missing reason, PermissionDenied for
    anyone but a hiring manager or an administrator.
    """
    if not roles.is_manager(actor):
        raise PermissionDenied
    reason = (reason or "").strip()
    errors: dict[str, str] = {}
    if decision not in DECISION_STATUSES:
        errors["decision"] = _("Choose a decision: interviewing, shortlisted, offer, hired or rejected.")
    if not reason:
        errors["reason"] = _("Say why: the reason is kept with the decision.")
    if errors:
        raise ValidationError(errors)
    # Locked, so that two managers deciding at once record two decisions from the right status.
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    result = selectors.candidate_result(candidate_id=candidate.pk)
    contradictions = scoring.decision_contradictions(decision, result)
    if contradictions and not confirm:
        raise DecisionNeedsConfirmation(contradictions, result)
    record = Decision(
        candidate=candidate,
        actor=actor,
        from_status=candidate.status,
        to_status=decision,
        reason=reason,
        contradictions=list(contradictions),
    )
    record.full_clean()
    record.save()
    candidate.status = decision
    # Only the status changes: other fields, valid when stored, are not this service's to judge.
    candidate.clean_fields(exclude=[f.name for f in Candidate._meta.concrete_fields if f.name != "status"])
    candidate.save(update_fields=["status", "updated_at"])
    return record
