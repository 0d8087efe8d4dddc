"""Reads of scorecards: the submitted scores, a card for its author or for a reader, the
calibration data, and what a reader may not see yet (blind scoring).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Q

from evaluations import scoring
from evaluations.candidates.models import Candidate
from evaluations.interviews.models import Interview, InterviewPanelist
from evaluations.people import roles
from evaluations.people.names import display_name
from evaluations.rubric.models import Quality
from evaluations.rubric.selectors import qualities
from evaluations.scorecards.models import Score, Scorecard, ScorecardEvent

SUBMITTED = Scorecard.Status.SUBMITTED


def submitted_scores(
    candidate_ids: Sequence[int],
    evidence: dict[tuple[int, str], str] | None = None,
    cards: Mapping[int, tuple[int, int, str]] | None = None,
) -> dict[int, list[scoring.ScoreEntry]]:
    """Every score of every submitted scorecard of these candidates, in one or two queries.

    ``cards`` maps each submitted scorecard's id to (candidate id, interviewer id, interviewer
    name), when the caller has read them already; otherwise they are read here, without names.
    When ``evidence`` is given, it is filled with the non-empty evidence notes by (scorecard, quality).

    The scores are then read by scorecard id: selected through the scorecards' candidate,
    PostgreSQL chose to scan every score of every candidate (110,000 rows for a shortlist of 200
    among 2,000 candidates) where the index on the scorecard finds the 11,000 needed.
    """
    by_candidate: dict[int, list[scoring.ScoreEntry]] = defaultdict(list)
    if not candidate_ids:
        return by_candidate
    if cards is None:
        cards = {
            pk: (candidate_id, interviewer_id, "")
            for pk, candidate_id, interviewer_id in Scorecard.objects.filter(
                candidate_id__in=candidate_ids, status=SUBMITTED
            ).values_list("pk", "candidate_id", "interviewer_id")
        }
    if not cards:
        return by_candidate
    rows = (
        # The status again: a scorecard reopened since ``cards`` were read must not show its draft.
        Score.objects.filter(scorecard_id__in=list(cards), scorecard__status=SUBMITTED)
        .order_by("scorecard_id")
        .values_list(
            "scorecard_id", "quality__code", "value", *(["evidence"] if evidence is not None else [])
        )
    )
    entry = scoring.ScoreEntry
    if evidence is None:
        for scorecard_id, code, value in rows:
            candidate_id, interviewer_id, name = cards[scorecard_id]
            by_candidate[candidate_id].append(entry(scorecard_id, interviewer_id, code, value, name))
        return by_candidate
    for scorecard_id, code, value, note in rows:
        if note:
            evidence[(scorecard_id, code)] = note
        candidate_id, interviewer_id, name = cards[scorecard_id]
        by_candidate[candidate_id].append(entry(scorecard_id, interviewer_id, code, value, name))
    return by_candidate


# A submitted scorecard as the dashboard and calibration read it: no model instances, few columns.
_SCORECARD_ROW = (
    "pk",
    "candidate_id",
    "interviewer_id",
    "interviewer__username",
    "interviewer__first_name",
    "interviewer__last_name",
    "recommendation",
)


def _interviewer_name(row: dict[str, Any]) -> str:
    return display_name(
        row["interviewer__first_name"], row["interviewer__last_name"], row["interviewer__username"]
    )


def submitted_recommendations(candidate_ids: Sequence[int]) -> dict[int, list[dict[str, Any]]]:
    by_candidate: dict[int, list[dict[str, Any]]] = defaultdict(list)
    if not candidate_ids:
        return by_candidate
    rows = (
        Scorecard.objects.filter(candidate_id__in=candidate_ids, status=SUBMITTED)
        .order_by("submitted_at", "pk")
        .values(*_SCORECARD_ROW)
    )
    for row in rows:
        row["interviewer_name"] = _interviewer_name(row)
        by_candidate[row["candidate_id"]].append(row)
    return by_candidate


@dataclass(frozen=True)
class ScorecardView:
    """A submitted scorecard as others see it: its scores in quality order."""

    scorecard: Scorecard
    scores: dict[str, Score]  # by quality code


@dataclass
class ScorecardPage:
    candidate: Candidate
    qualities: list[Quality]
    scorecard: Scorecard | None
    scores: dict[str, Score]
    history: list[ScorecardEvent]
    reopened: ScorecardEvent | None = None
    interview: Interview | None = None  # the interview the card is for; None: the ad hoc card


@dataclass(frozen=True)
class CardTarget:
    """Which of a user's cards for a candidate ``/candidates/<pk>/scorecard/`` shows."""

    interview: Interview | None  # None: the ad hoc card
    scorecard: Scorecard | None  # None: not started yet


def card_target(*, candidate: Candidate, user: Any) -> CardTarget:
    """The user's open card for the candidate (DESIGN.md contract): the card of the earliest
    interview of that candidate they sit (or hold a started card for) whose card is not
    submitted; else their ad hoc card, if started and not submitted, or if they sit on no
    interview of the candidate; else nothing is open: their latest card (read-only). Two queries.
    """
    cards = list(
        Scorecard.objects.filter(candidate=candidate, interviewer=user).order_by("-submitted_at", "-pk")
    )
    by_interview = {card.interview_id: card for card in cards}
    carded = [card.interview_id for card in cards if card.interview_id is not None]
    interviews = Interview.objects.filter(candidate=candidate).filter(
        Q(seats__user=user, cancelled_at__isnull=True) | Q(pk__in=carded)
    )
    listed = list(interviews.distinct().order_by("starts_at", "pk"))
    for interview in listed:
        card = by_interview.get(interview.pk)
        if card is None or not card.is_submitted:
            return CardTarget(interview, card)
    ad_hoc = by_interview.get(None)
    if (ad_hoc is not None and not ad_hoc.is_submitted) or not listed:
        return CardTarget(None, ad_hoc)
    latest = cards[0] if cards else None  # submitted latest first
    return CardTarget(latest.interview if latest is not None else None, latest)


def seated_interview(*, interview_id: int, user: Any) -> Interview | None:
    """The interview, with its candidate and position, if ``user`` sits on its panel."""
    return (
        Interview.objects.filter(pk=interview_id, seats__user=user)
        .select_related("candidate__position")
        .first()
    )


def own_interview(*, candidate: Candidate, user: Any, interview_id: Any) -> Interview | None:
    """One of the candidate's interviews that ``user`` sits or holds a card for; None otherwise
    (or for a pk that is not one)."""
    try:
        pk = int(interview_id)
    except (TypeError, ValueError):
        return None
    return (
        Interview.objects.filter(candidate=candidate, pk=pk)
        .filter(Q(seats__user=user) | Q(scorecards__interviewer=user))
        .distinct()
        .first()
    )


def scorecard_page(
    *,
    candidate: Candidate,
    interviewer: Any,
    with_history: bool = False,
    interview: Interview | None = None,
) -> ScorecardPage:
    """The rubric page of the interviewer's card of ``interview`` (None: their ad hoc card)."""
    quality_list = qualities()
    scorecard = Scorecard.objects.filter(
        candidate=candidate, interviewer=interviewer, interview=interview
    ).first()
    scores: dict[str, Score] = {}
    history: list[ScorecardEvent] = []
    if scorecard is not None:
        scores = {s.quality.code: s for s in scorecard.scores.select_related("quality")}
        if with_history:
            history = list(scorecard.events.select_related("actor"))
    reopened = None
    if scorecard is not None and not scorecard.is_submitted:
        # The author of a reopened scorecard is told who reopened it and why.
        reopened = (
            scorecard.events.filter(kind=ScorecardEvent.Kind.REOPENED)
            .select_related("actor")
            .order_by("-at")
            .first()
        )
    return ScorecardPage(candidate, quality_list, scorecard, scores, history, reopened, interview)


@dataclass(frozen=True)
class ScorecardDetail:
    """The page at /scorecards/<pk>/, as this viewer may see it."""

    scorecard: Scorecard
    own: bool  # the viewer's own card: its page is the rubric, not this one
    rows: list[tuple[Quality, Score | None]] = field(default_factory=list)
    history: list[ScorecardEvent] = field(default_factory=list)  # for hiring managers only


def scorecard_detail(*, scorecard_id: int, user: Any) -> ScorecardDetail:
    """One scorecard read-only, under blind scoring: Scorecard.DoesNotExist when this viewer may
    not see it, since whether someone else scored this candidate is itself private to them."""
    scorecard = Scorecard.objects.select_related("candidate__position", "interviewer").get(pk=scorecard_id)
    if scorecard.interviewer_id == user.pk:
        return ScorecardDetail(scorecard=scorecard, own=True)
    visible = scorecard.is_submitted and not hidden_candidate_ids(user, [scorecard.candidate_id])
    if not visible:
        raise Scorecard.DoesNotExist
    scores = {s.quality.code: s for s in scorecard.scores.select_related("quality")}
    return ScorecardDetail(
        scorecard=scorecard,
        own=False,
        rows=[(q, scores.get(q.code)) for q in qualities()],
        history=list(scorecard.events.select_related("actor")) if roles.is_manager(user) else [],
    )


def calibration_data(*, hidden: Iterable[int] = ()) -> scoring.Calibration:
    """Per-interviewer leniency over every submitted scorecard, in two queries.

    ``hidden``: candidates whose scorecards the viewer may not see yet (``hidden_candidate_ids``),
    left out so that no figure is drawn from them.
    """
    hidden = list(hidden)
    submitted = Scorecard.objects.filter(status=SUBMITTED).exclude(candidate_id__in=hidden)
    cards = {row["pk"]: row for row in submitted.values(*_SCORECARD_ROW)}
    values: dict[int, dict[str, int | None]] = defaultdict(dict)
    scores = Score.objects.filter(scorecard__status=SUBMITTED).exclude(scorecard__candidate_id__in=hidden)
    for scorecard_id, code, value in scores.values_list("scorecard_id", "quality__code", "value"):
        values[scorecard_id][code] = value
    inputs = [
        scoring.ScorecardInput(
            scorecard_id=pk,
            candidate_id=row["candidate_id"],
            interviewer_id=row["interviewer_id"],
            interviewer_name=_interviewer_name(row),
            recommendation=row["recommendation"],
            values=values.get(pk, {}),
        )
        for pk, row in cards.items()
    ]
    return scoring.calibration(inputs)


def hidden_candidate_ids(
    user: Any, candidate_ids: Iterable[int] | None = None, *, seated: bool | None = None
) -> set[int]:
    """The candidates (among ``candidate_ids``, or all) whose scorecards ``user`` may not see yet.

    ``seated``: whether ``user`` sits on any interview panel, when the caller read it already in
    a query of its own (None: read here).

    The one home of the blind-scoring rule (DESIGN.md), in one query. A recruiter is blind for a
    candidate until their own scorecard for them is submitted. Hiring managers and administrators
    see everything — except where they sit on the candidate's panel: a panelist, whatever their
    role, is blind until their own scorecard is submitted. A reopened card counts as not
    submitted; leaving the panel, or the interview's cancellation before a card was started,
    ends the obligation (and so the blindness).
    """
    ids = None if candidate_ids is None else list(candidate_ids)
    if ids == []:
        return set()
    if not roles.sees_all_scores(user):
        # Blind until a card of theirs is submitted, and again while they owe one (a seat whose
        # interview's card is not submitted): one query.
        submitted = Scorecard.objects.filter(interviewer=user, status=SUBMITTED, candidate=OuterRef("pk"))
        candidates = Candidate.objects.filter(
            ~Exists(submitted) | Exists(_owing_seats(user).filter(interview__candidate=OuterRef("pk")))
        )
        if ids is not None:
            candidates = candidates.filter(pk__in=ids)
        return set(candidates.values_list("pk", flat=True))
    if seated is False:
        return set()
    seats_held = InterviewPanelist.objects.filter(user=user)
    if ids is not None:
        seats_held = seats_held.filter(interview__candidate_id__in=ids)
    if seated is None and not seats_held.exists():
        # Most managers sit on no panel: a plain lookup answers for them (every dashboard view asks)
        # without building the subqueries below.
        return set()
    seats = _owing_seats(user)
    if ids is not None:
        seats = seats.filter(interview__candidate_id__in=ids)
    return set(seats.values_list("interview__candidate_id", flat=True).distinct())


def _owing_seats(user: Any) -> Any:
    """The user's seats whose interview's card they owe: the interview stands (or their card
    for it is started), and that card is not submitted. One card per interview."""
    own = Scorecard.objects.filter(interviewer=user, interview=OuterRef("interview"))
    return (
        InterviewPanelist.objects.filter(user=user)
        .filter(Q(interview__cancelled_at__isnull=True) | Exists(own))
        .exclude(Exists(own.filter(status=SUBMITTED)))
    )
