"""Reads of candidates and positions: the list with its filters and a candidate's page."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Lower

from evaluations import scoring
from evaluations.candidates.models import Candidate, Position
from evaluations.interviews.models import InterviewEvent
from evaluations.interviews.selectors import InterviewRow, interview_rows, standing_seats
from evaluations.people import roles
from evaluations.people.names import user_display_name
from evaluations.rubric.models import Quality
from evaluations.rubric.selectors import qualities, quality_rules
from evaluations.scorecards.models import Score, Scorecard
from evaluations.scorecards.selectors import SUBMITTED, ScorecardView, hidden_candidate_ids, submitted_scores
from evaluations.shortlists.models import Shortlist


@dataclass(frozen=True)
class CandidateRow:
    candidate: Candidate
    submitted_count: int
    own_status: str | None  # "draft", "submitted" or None
    result: scoring.CandidateResult | None  # None when blind scoring hides it
    may_score: bool = True  # roles.offers_scoring: the row offers "Score"


def candidate_queryset(*, search: str = "", position_id: int | None = None, status: str = "") -> QuerySet:
    queryset = Candidate.objects.select_related("position")
    if search:
        queryset = queryset.filter(Q(name__icontains=search) | Q(email__icontains=search))
    if position_id:
        queryset = queryset.filter(position_id=position_id)
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("name", "pk")


def candidate_list(
    *,
    user: Any,
    search: str = "",
    position_id: int | None = None,
    status: str = "",
    page_number: Any = 1,
    per_page: int = 25,
) -> tuple[Page, list[CandidateRow]]:
    own = Scorecard.objects.filter(candidate=OuterRef("pk"), interviewer=user)
    # A subquery per candidate shown, not a join and GROUP BY over every candidate: the database
    # can then sort and cut the page first (by the candidate_name_id index), so the page costs
    # the same with 2,000 candidates as with 20, and the paginator's count stays a plain count.
    submitted = (
        Scorecard.objects.filter(candidate=OuterRef("pk"), status=SUBMITTED)
        .order_by()
        .values("candidate")
        .annotate(count=Count("pk"))
        .values("count")
    )
    queryset = candidate_queryset(search=search, position_id=position_id, status=status).annotate(
        submitted_count=Coalesce(Subquery(submitted), 0),
        own_submitted=Exists(own.filter(status=SUBMITTED)),
        own_draft=Exists(own.filter(status=Scorecard.Status.DRAFT)),
    )
    recruiter = roles.is_recruiter(user)
    if not recruiter:
        queryset = queryset.annotate(
            seated=Exists(standing_seats(user).filter(interview__candidate=OuterRef("pk")))
        )
    page = Paginator(queryset, per_page).get_page(page_number)
    candidates = list(page.object_list)
    quality_list = qualities()
    rules = quality_rules(quality_list)
    hidden = hidden_candidate_ids(user, [c.pk for c in candidates])
    visible_ids = [c.pk for c in candidates if c.pk not in hidden]
    scores = submitted_scores(visible_ids)
    rows = []
    for candidate in candidates:
        result = None
        if candidate.pk in visible_ids and candidate.submitted_count:
            result = scoring.evaluate(
                scoring.CandidateInput(
                    candidate_id=candidate.pk,
                    name=candidate.name,
                    scorecard_count=candidate.submitted_count,
                    scores=tuple(scores.get(candidate.pk, ())),
                ),
                rules,
            )
        own_status = "submitted" if candidate.own_submitted else "draft" if candidate.own_draft else None
        may_score = roles.offers_scoring(
            user, seated=recruiter or candidate.seated, has_card=own_status is not None
        )
        rows.append(CandidateRow(candidate, candidate.submitted_count, own_status, result, may_score))
    return page, rows


def positions() -> list[Position]:
    return list(Position.objects.order_by("-is_open", "title"))


def position_list() -> QuerySet:
    return Position.objects.annotate(candidate_count=Count("candidates")).order_by("-is_open", "title")


@dataclass
class CandidateDetail:
    candidate: Candidate
    qualities: list[Quality]
    own_scorecard: Scorecard | None
    submitted_count: int
    may_score: bool
    can_see_others: bool
    visible_scorecards: list[ScorecardView] = field(default_factory=list)
    result: scoring.CandidateResult | None = None
    shortlists: list[Shortlist] = field(default_factory=list)
    shortlists_to_join: list[Shortlist] = field(default_factory=list)
    below_bar_names: list[str] = field(default_factory=list)
    interviews: list[InterviewRow] = field(default_factory=list)
    history: list[InterviewEvent] = field(default_factory=list)
    thin_evidence: bool = False
    conflicts: tuple[str, ...] = ()


def candidate_detail(*, user: Any, candidate_id: int) -> CandidateDetail:
    candidate = Candidate.objects.select_related("position").get(pk=candidate_id)
    quality_list = qualities()
    scorecards = list(
        Scorecard.objects.filter(candidate=candidate)
        .select_related("interviewer")
        .order_by("submitted_at", "pk")
    )
    own = next((s for s in scorecards if s.interviewer_id == user.pk), None)
    submitted = [s for s in scorecards if s.status == SUBMITTED]
    can_see_others = candidate.pk not in hidden_candidate_ids(user, [candidate.pk])
    detail = CandidateDetail(
        candidate=candidate,
        qualities=quality_list,
        own_scorecard=own,
        submitted_count=len(submitted),
        may_score=roles.offers_scoring(
            user,
            seated=roles.is_recruiter(user)
            or standing_seats(user).filter(interview__candidate=candidate).exists(),
            has_card=own is not None,
        ),
        can_see_others=can_see_others,
        interviews=interview_rows(candidate.pk, {s.interviewer_id: s.status for s in scorecards}),
        history=list(
            InterviewEvent.objects.filter(candidate=candidate).select_related(
                "interview", "actor", "recipient"
            )
        ),
    )
    if roles.is_manager(user):
        shortlists = list(Shortlist.objects.order_by("name"))
        joined = set(candidate.shortlist_entries.values_list("shortlist_id", flat=True))
        detail.shortlists = [s for s in shortlists if s.pk in joined]
        detail.shortlists_to_join = [
            s for s in shortlists if s.pk not in joined and roles.may_change_shortlist(user, s)
        ]
    if not can_see_others:
        return detail
    scores_by_card: dict[int, dict[str, Score]] = defaultdict(dict)
    for score in Score.objects.filter(scorecard__in=submitted).select_related("quality"):
        scores_by_card[score.scorecard_id][score.quality.code] = score
    detail.visible_scorecards = [ScorecardView(s, scores_by_card.get(s.pk, {})) for s in submitted]
    if submitted:
        entries = tuple(
            scoring.ScoreEntry(
                scorecard_id=s.pk,
                interviewer_id=s.interviewer_id,
                quality=code,
                value=score.value,
                interviewer_name=user_display_name(s.interviewer),
            )
            for s in submitted
            for code, score in scores_by_card.get(s.pk, {}).items()
        )
        detail.result = scoring.evaluate(
            scoring.CandidateInput(
                candidate_id=candidate.pk,
                name=candidate.name,
                scorecard_count=len(submitted),
                scores=entries,
                recommendations=tuple(s.recommendation for s in submitted),
                interviewer_count=len({s.interviewer_id for s in submitted}),
            ),
            quality_rules(quality_list),
        )
        detail.below_bar_names = [q.name for q in quality_list if q.code in detail.result.below_bar]
        detail.thin_evidence = scoring.thin_evidence(
            detail.result.interviewer_count, settings.THIN_EVIDENCE_BELOW
        )
        detail.conflicts = scoring.conflict_flags(detail.result)
    return detail


def candidates_by_email(emails: Iterable[str], *, for_update: bool = False) -> dict[str, Candidate]:
    """The candidates holding these emails, in any case, keyed by the lowercased email.

    One query, whatever the number of emails: ``Lower("email")`` is what the unique constraint
    ``candidate_email_unique_ci`` indexes, so the lookup uses that index.
    """
    keys = sorted({email.lower() for email in emails})
    if not keys:
        return {}
    queryset = Candidate.objects.annotate(email_lower=Lower("email")).filter(email_lower__in=keys)
    if for_update:
        queryset = queryset.select_for_update(of=("self",))
    return {candidate.email.lower(): candidate for candidate in queryset.select_related("position")}
