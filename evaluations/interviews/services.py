"""Writes of interviews: schedule, change and cancel, with their events; and the reminders
sent to interviewers who owe a scorecard.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from evaluations import caching
from evaluations.candidates.models import Candidate
from evaluations.interviews import selectors as interview_selectors
from evaluations.interviews.models import Interview, InterviewEvent, InterviewPanelist
from evaluations.people import names
from evaluations.rubric.models import Quality
from evaluations.scorecards.models import Scorecard
from evaluations.scorecards.services import snapshot_diff
from evaluations.scoring import EMPATHY

logger = logging.getLogger(__name__)


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
    changes = snapshot_diff(before, _interview_snapshot(interview))
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
        # The workspace of the interview the reminder is for (one card per interview).
        "scorecard_url": settings.SITE_URL + reverse("evaluations:interview-scorecard", args=[interview.pk]),
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
    for due in interview_selectors.reminders_due(now=now):
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
                state = interview_selectors.reminder_state(candidate_id=due.candidate_id, user_id=due.user_id)
                if submitted or state.sent != due.number - 1:
                    report.skipped += 1
                    continue
                if not seat.user.email:
                    report.without_email.append(names.user_display_name(seat.user))
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
