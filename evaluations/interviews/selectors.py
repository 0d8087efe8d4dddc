"""Reads of interviews: the panel, the kit, what each interviewer owes (the to-do page) and
the reminders that are due.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, Max, OuterRef, Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from evaluations.candidates.models import Candidate
from evaluations.interviews import schedule
from evaluations.interviews.models import Interview, InterviewEvent, InterviewPanelist, InterviewQuestion
from evaluations.people import roles
from evaluations.people.names import user_display_name
from evaluations.rubric.models import Quality
from evaluations.rubric.selectors import qualities
from evaluations.scorecards.models import Scorecard, ScorecardEvent
from evaluations.scorecards.selectors import SUBMITTED
from evaluations.scoring import EMPATHY
from evaluations.shortlists.models import Shortlist, ShortlistEntry


def panel_roles() -> dict[int, str]:
    """The role shown beside each active user in the panel picker, by user id (two queries)."""
    User = get_user_model()
    labels = {roles.RECRUITERS: gettext("Recruiter"), roles.HIRING_MANAGERS: gettext("Hiring manager")}
    found: dict[int, str] = {}
    memberships = User.groups.through.objects.filter(user__is_active=True, group__name__in=list(labels))
    # Hiring manager wins over recruiter for someone in both groups.
    for user_id, name in memberships.order_by("-group__name").values_list("user_id", "group__name"):
        found[user_id] = labels[name]
    for pk in User.objects.filter(is_active=True, is_superuser=True).values_list("pk", flat=True):
        found[pk] = gettext("Administrator")
    return found


@dataclass(frozen=True)
class PanelSeat:
    user: Any
    state: str  # "submitted", "draft" or "" (not started): the state only, never the content

    @property
    def name(self) -> str:
        return user_display_name(self.user)


@dataclass(frozen=True)
class InterviewRow:
    interview: Interview
    seats: list[PanelSeat]


def interview_rows(candidate_id: int, states: Mapping[int, str]) -> list[InterviewRow]:
    interviews = (
        Interview.objects.filter(candidate_id=candidate_id)
        .prefetch_related(Prefetch("seats", queryset=InterviewPanelist.objects.select_related("user")))
        .order_by("starts_at", "pk")
    )
    return [
        InterviewRow(i, [PanelSeat(seat.user, states.get(seat.user_id, "")) for seat in i.seats.all()])
        for i in interviews
    ]


@dataclass(frozen=True)
class KitQuality:
    quality: Quality
    is_focus: bool
    questions: list[InterviewQuestion]


@dataclass
class InterviewKit:
    interview: Interview
    seats: list[PanelSeat]
    qualities: list[KitQuality]
    own_state: str | None  # the viewer's scorecard state; None when they are not on the panel
    without_email: list[str]
    may_download_invite: bool


def interview_kit(*, interview_id: int, user: Any) -> InterviewKit:
    """The interview kit, in a constant number of queries (six, whatever the panel's size)."""
    interview = Interview.objects.select_related("candidate__position", "created_by").get(pk=interview_id)
    seats = list(interview.seats.select_related("user"))
    # Each panelist's card for this interview (one card per interview).
    states = dict(Scorecard.objects.filter(interview=interview).values_list("interviewer_id", "status"))
    focus = set(interview.focus.values_list("pk", flat=True))
    questions: dict[int, list[InterviewQuestion]] = defaultdict(list)
    for question in InterviewQuestion.objects.order_by("quality__order", "order", "pk"):
        questions[question.quality_id].append(question)
    quality_list = qualities()
    ordered = sorted(quality_list, key=lambda q: (q.pk not in focus, q.order))
    panel = [PanelSeat(seat.user, states.get(seat.user_id, "")) for seat in seats]
    on_panel = any(seat.user_id == user.pk for seat in seats)
    return InterviewKit(
        interview=interview,
        seats=panel,
        qualities=[KitQuality(q, q.pk in focus, questions.get(q.pk, [])) for q in ordered],
        own_state=states.get(user.pk, "") if on_panel else None,
        without_email=[seat.name for seat in panel if not seat.user.email],
        may_download_invite=on_panel or roles.is_manager(user),
    )


def interview_for_invite(*, interview_id: int) -> tuple[Interview, list[Any], list[str]]:
    """The interview with its candidate, its panelists and its focus codes, for the .ics."""
    interview = Interview.objects.select_related("candidate__position", "created_by").get(pk=interview_id)
    panel = [seat.user for seat in interview.seats.select_related("user")]
    return interview, panel, list(interview.focus.values_list("code", flat=True))


def interview_focus_codes(*, interview_id: int) -> set[str]:
    """The qualities this interview probes (empathy always among them): first on its workspace."""
    return {
        EMPATHY,
        *Interview.focus.through.objects.filter(interview_id=interview_id).values_list(
            "quality__code", flat=True
        ),
    }


def focus_codes(*, candidate_id: int, user: Any) -> set[str]:
    """The qualities the user's interviews of this candidate probe: marked on the rubric."""
    return set(
        Interview.focus.through.objects.filter(
            interview__candidate_id=candidate_id,
            interview__seats__user=user,
            interview__cancelled_at__isnull=True,
        ).values_list("quality__code", flat=True)
    )


def _now(now: datetime.datetime | None) -> datetime.datetime:
    return now or timezone.now()


def _slots(interviews: Iterable[Interview]) -> list[schedule.InterviewSlot]:
    return [schedule.InterviewSlot(i.pk, i.starts_at, i.ends_at) for i in interviews]


@dataclass(frozen=True)
class OwedScorecard:
    """A scorecard the user owes: on a panel, or a draft started, and not submitted."""

    candidate: Candidate
    interview: Interview | None
    status: str  # "draft" or "" (not started)
    overdue: bool
    due_at: datetime.datetime | None
    # Every interview of it is still to come and nothing is started: it is owed later, not now.
    upcoming: bool = False
    reopened_reason: str = ""  # the card was submitted, then reopened for this reason
    seated: bool = False  # the user sits on the interview's panel: its workspace is theirs

    @property
    def url(self) -> str:
        """Where to write it: the interview's workspace, else the candidate's scorecard page."""
        if self.interview is not None and self.seated:
            return reverse("evaluations:interview-scorecard", args=[self.interview.pk])
        return reverse("evaluations:scorecard", args=[self.candidate.pk])


def standing_seats(user: Any) -> QuerySet[InterviewPanelist]:
    """The user's seats on the panels of interviews that still stand (not cancelled)."""
    return InterviewPanelist.objects.filter(user=user, interview__cancelled_at__isnull=True)


def _owed(user: Any, now: datetime.datetime) -> list[OwedScorecard]:
    """One item per card the user owes (one card per interview they sit, and their ad hoc
    drafts), in three queries: their cards, their seats on interviews that still stand, and why
    any of their drafts was reopened."""
    # A card is the user's for (candidate, interview); None: the ad hoc card.
    cards = {
        (card.candidate_id, card.interview_id): card
        for card in Scorecard.objects.filter(interviewer=user).select_related(
            "candidate__position", "interview"
        )
    }
    seats = standing_seats(user).select_related("interview__candidate__position")
    owed: dict[tuple[int, int | None], tuple[Candidate, Interview | None]] = {}
    seated: set[tuple[int, int | None]] = set()
    for seat in seats:
        key: tuple[int, int | None] = (seat.interview.candidate_id, seat.interview_id)
        seated.add(key)
        card = cards.get(key)
        if card is None or not card.is_submitted:
            owed[key] = (seat.interview.candidate, seat.interview)
    for card_key, card in cards.items():
        # A draft started is owed, whatever became of its interview's seat.
        if not card.is_submitted and card_key not in owed:
            owed[card_key] = (card.candidate, card.interview)
    # Why a draft that was submitted once is open again: the latest reopening's reason (one query).
    reopened = dict(
        ScorecardEvent.objects.filter(
            scorecard__in=[c for c in cards.values() if not c.is_submitted], kind=ScorecardEvent.Kind.REOPENED
        )
        .order_by("scorecard_id", "at", "pk")
        .values_list("scorecard_id", "reason")
    )
    due_hours = settings.SCORECARD_DUE_HOURS
    keyed = []
    for owed_key, (candidate, interview) in owed.items():
        own = [interview] if interview is not None else []
        timing = schedule.owed_timing(_slots(own), now)
        card = cards.get(owed_key)
        item = OwedScorecard(
            candidate=candidate,
            interview=interview,
            status=card.status if card is not None else "",
            overdue=schedule.is_overdue(timing, now, due_hours),
            due_at=schedule.due_at(timing, due_hours),
            upcoming=card is None and interview is not None and interview.starts_at > now,
            reopened_reason=reopened.get(card.pk, "") if card is not None else "",
            seated=owed_key in seated,
        )
        sort_key = schedule.todo_sort_key(timing, now, due_hours, candidate.name, candidate.pk)
        keyed.append(((sort_key, interview.pk if interview is not None else 0), item))
    return [item for _key, item in sorted(keyed, key=lambda pair: pair[0])]


@dataclass(frozen=True)
class Waiting:
    """On a shortlist: a candidate still waiting for scorecards, and from whom."""

    shortlist: Shortlist
    candidate: Candidate
    people: list[tuple[str, bool]]  # (name, overdue)


def _waiting(user: Any, now: datetime.datetime) -> list[Waiting]:
    """Three queries: the owned shortlists' entries, the panels of their candidates, their scorecards."""
    entries = list(
        ShortlistEntry.objects.filter(shortlist__owner=user)
        .select_related("shortlist", "candidate")
        .order_by("shortlist__name", "shortlist_id", "order", "pk")
    )
    if not entries:
        return []
    ids = {e.candidate_id for e in entries}
    seats = InterviewPanelist.objects.filter(
        interview__candidate_id__in=ids, interview__cancelled_at__isnull=True
    ).select_related("interview", "user")
    slots: dict[tuple[int, int], list[Interview]] = defaultdict(list)
    people: dict[int, Any] = {}
    for seat in seats:
        slots[(seat.interview.candidate_id, seat.user_id)].append(seat.interview)
        people[seat.user_id] = seat.user
    # One card per interview: a seat whose interview's card is submitted owes nothing more.
    submitted: set[tuple[int, int | None]] = set()
    for card in Scorecard.objects.filter(candidate_id__in=ids).select_related("interviewer"):
        if card.is_submitted:
            submitted.add((card.interviewer_id, card.interview_id))
        else:
            slots.setdefault((card.candidate_id, card.interviewer_id), [])
            people[card.interviewer_id] = card.interviewer
    due_hours = settings.SCORECARD_DUE_HOURS
    owed: dict[int, list[tuple[str, bool]]] = defaultdict(list)
    for (candidate_id, user_id), seated in sorted(slots.items()):
        interviews = [i for i in seated if (user_id, i.pk) not in submitted]
        if seated and not interviews:
            continue
        timing = schedule.owed_timing(_slots(interviews), now)
        owed[candidate_id].append(
            (user_display_name(people[user_id]), schedule.is_overdue(timing, now, due_hours))
        )
    return [
        Waiting(e.shortlist, e.candidate, sorted(owed[e.candidate_id], key=lambda p: p[0].casefold()))
        for e in entries
        if owed.get(e.candidate_id)
    ]


@dataclass
class TodoPage:
    owed: list[OwedScorecard]
    waiting: list[Waiting]
    overdue_count: int

    @property
    def owed_now(self) -> list[OwedScorecard]:
        """The cards to write now: the interview has happened, or the card is started."""
        return [item for item in self.owed if not item.upcoming]

    @property
    def upcoming(self) -> list[OwedScorecard]:
        """The interviews still to come, whose cards will be owed after them."""
        return [item for item in self.owed if item.upcoming]


def todo_page(*, user: Any, now: datetime.datetime | None = None) -> TodoPage:
    """``/todo/``: two queries for what the user owes, three more for a manager's shortlists."""
    now = _now(now)
    owed = _owed(user, now)
    return TodoPage(
        owed=owed,
        waiting=_waiting(user, now) if roles.is_manager(user) else [],
        overdue_count=sum(1 for item in owed if item.overdue),
    )


def next_owed_scorecard(user: Any, *, now: datetime.datetime | None = None) -> OwedScorecard | None:
    """The scorecard to offer after a submit: the first of ``/todo/`` owed now (an interview still
    to come has no card to write yet)."""
    return next((item for item in _owed(user, _now(now)) if not item.upcoming), None)


@dataclass(frozen=True)
class ReminderDue:
    """An owed scorecard whose next reminder is due, and the seat whose row guards it."""

    seat_id: int
    candidate_id: int
    user_id: int
    interview_id: int
    number: int  # which reminder this is: 1, 2, …


@dataclass(frozen=True)
class ReminderState:
    sent: int
    last_sent_at: datetime.datetime | None


def reminder_state(*, candidate_id: int, user_id: int) -> ReminderState:
    row = InterviewEvent.objects.filter(
        kind=InterviewEvent.Kind.REMINDED, candidate_id=candidate_id, recipient_id=user_id
    ).aggregate(sent=Count("pk"), last=Max("at"))
    return ReminderState(row["sent"], row["last"])


def reminders_due(*, now: datetime.datetime | None = None) -> list[ReminderDue]:
    """Every owed scorecard whose next reminder is due now, in two queries.

    Timed per candidate and panelist from the end of the latest interview of that candidate
    they sat (DESIGN.md). The caller re-checks each one under its seat's row lock.
    """
    now = _now(now)
    # One card per interview: a seat whose interview's card is submitted is owed nothing.
    submitted = Scorecard.objects.filter(
        interview=OuterRef("interview"), interviewer=OuterRef("user"), status=SUBMITTED
    )
    seats = (
        InterviewPanelist.objects.filter(interview__cancelled_at__isnull=True, interview__starts_at__lte=now)
        .exclude(Exists(submitted))
        .select_related("interview")
        .order_by("pk")
    )
    by_pair: dict[tuple[int, int], list[InterviewPanelist]] = defaultdict(list)
    for seat in seats:
        by_pair[(seat.interview.candidate_id, seat.user_id)].append(seat)
    if not by_pair:
        return []
    sent: dict[tuple[int, int], tuple[int, datetime.datetime]] = {
        (row["candidate_id"], row["recipient_id"]): (row["sent"], row["last"])
        for row in InterviewEvent.objects.filter(
            kind=InterviewEvent.Kind.REMINDED, candidate_id__in={c for c, _u in by_pair}
        )
        .values("candidate_id", "recipient_id")
        .annotate(sent=Count("pk"), last=Max("at"))
    }
    due = []
    for (candidate_id, user_id), pair_seats in by_pair.items():
        timing = schedule.owed_timing(_slots(s.interview for s in pair_seats), now)
        count, last = sent.get((candidate_id, user_id), (0, None))
        if not schedule.reminder_due(
            ended_at=timing.ended_at,
            now=now,
            sent=count,
            last_sent_at=last,
            after_hours=settings.REMINDER_AFTER_HOURS,
            maximum=settings.REMINDER_MAX,
        ):
            continue
        # The seat of the latest interview that ended: the same one for every concurrent run.
        ended = [s for s in pair_seats if s.interview.ends_at <= now]
        seat = max(ended, key=lambda s: (s.interview.ends_at, s.interview_id))
        due.append(ReminderDue(seat.pk, candidate_id, user_id, seat.interview_id, count + 1))
    return due
