"""Reads: one function per page, each running a constant number of queries.

Rows are turned into the plain values of ``scoring`` here; the rules themselves live there.
Blind scoring is applied here too, so that no page can forget it.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language, gettext

from evaluations import caching, presenters, roles, schedule, scoring
from evaluations.models import (
    Candidate,
    Decision,
    Interview,
    InterviewEvent,
    InterviewPanelist,
    InterviewQuestion,
    Position,
    Quality,
    Rubric,
    RubricChange,
    Score,
    Scorecard,
    ScorecardEvent,
    Shortlist,
    ShortlistEntry,
)

SUBMITTED = Scorecard.Status.SUBMITTED


def qualities() -> list[Quality]:
    return list(Quality.objects.order_by("order"))


def quality_rules(quality_list: Iterable[Quality]) -> list[scoring.QualityRule]:
    return [scoring.QualityRule(code=q.code, weight=q.weight, minimum=q.minimum) for q in quality_list]


def display_name(first_name: str, last_name: str, username: str) -> str:
    """How a person is named on every page: their full name, else their username."""
    return f"{first_name} {last_name}".strip() or username


def user_display_name(user: Any) -> str:
    return display_name(user.first_name, user.last_name, user.get_username())


def _submitted_scores(
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


def _submitted_recommendations(candidate_ids: Sequence[int]) -> dict[int, list[dict[str, Any]]]:
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


# --- candidate list ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CandidateRow:
    candidate: Candidate
    submitted_count: int
    own_status: str | None  # "draft", "submitted" or None
    result: scoring.CandidateResult | None  # None when blind scoring hides it


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
    page = Paginator(queryset, per_page).get_page(page_number)
    candidates = list(page.object_list)
    quality_list = qualities()
    rules = quality_rules(quality_list)
    hidden = hidden_candidate_ids(user, [c.pk for c in candidates])
    visible_ids = [c.pk for c in candidates if c.pk not in hidden]
    scores = _submitted_scores(visible_ids)
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
        rows.append(CandidateRow(candidate, candidate.submitted_count, own_status, result))
    return page, rows


def positions() -> list[Position]:
    return list(Position.objects.order_by("-is_open", "title"))


def position_list() -> QuerySet:
    return Position.objects.annotate(candidate_count=Count("candidates")).order_by("-is_open", "title")


# --- candidate detail -------------------------------------------------------------------------


@dataclass(frozen=True)
class ScorecardView:
    """A submitted scorecard as others see it: its scores in quality order."""

    scorecard: Scorecard
    scores: dict[str, Score]  # by quality code


@dataclass
class CandidateDetail:
    candidate: Candidate
    qualities: list[Quality]
    own_scorecard: Scorecard | None
    submitted_count: int
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
        can_see_others=can_see_others,
        interviews=_interview_rows(candidate.pk, {s.interviewer_id: s.status for s in scorecards}),
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
            ),
            quality_rules(quality_list),
        )
        detail.below_bar_names = [q.name for q in quality_list if q.code in detail.result.below_bar]
        detail.thin_evidence = scoring.thin_evidence(len(submitted), settings.THIN_EVIDENCE_BELOW)
        detail.conflicts = scoring.conflict_flags(detail.result)
    return detail


# --- the rubric form --------------------------------------------------------------------------


@dataclass
class ScorecardPage:
    candidate: Candidate
    qualities: list[Quality]
    scorecard: Scorecard | None
    scores: dict[str, Score]
    history: list[ScorecardEvent]
    reopened: ScorecardEvent | None = None


def scorecard_page(*, candidate: Candidate, interviewer: Any, with_history: bool = False) -> ScorecardPage:
    quality_list = qualities()
    scorecard = Scorecard.objects.filter(candidate=candidate, interviewer=interviewer).first()
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
    return ScorecardPage(candidate, quality_list, scorecard, scores, history, reopened)


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


# --- rubric page ------------------------------------------------------------------------------


# The fields of a RubricChange that change the ranking or the flags (the rest are texts).
RANKING_FIELDS = ("weight", "minimum")


@dataclass
class RubricPage:
    qualities: list[Quality]
    total_weight: int
    rubric: Rubric | None
    changes: list[RubricChange]
    weights_text: str = ""  # the weights in words, written from the stored weights
    # When a weight or bar changed after the rationale was last written (the seeded one counts
    # as written before any change): its figures may be out of date.
    rationale_outdated_since: datetime.datetime | None = None


def rubric_page() -> RubricPage:
    quality_list = qualities()
    last = RubricChange.objects.aggregate(
        ranking=Max("changed_at", filter=Q(field__in=RANKING_FIELDS)),
        rationale=Max("changed_at", filter=Q(field__startswith="rationale")),
    )
    ranking, rationale = last["ranking"], last["rationale"]
    outdated = ranking if ranking is not None and (rationale is None or rationale < ranking) else None
    return RubricPage(
        qualities=quality_list,
        total_weight=sum(q.weight for q in quality_list),
        rubric=Rubric.objects.first(),
        changes=list(RubricChange.objects.select_related("quality", "changed_by")[:50]),
        weights_text=presenters.weights_text([(q.name, q.weight) for q in quality_list]),
        rationale_outdated_since=outdated,
    )


def weight_history(*, shortlist: Shortlist) -> presenters.WeightHistory:
    """The changes of weights and bars since the shortlist was created, newest first: one query."""
    changes = (
        RubricChange.objects.filter(
            field__in=RANKING_FIELDS, quality__isnull=False, changed_at__gt=shortlist.created_at
        )
        .select_related("quality", "changed_by")
        .order_by("-changed_at", "-pk")
    )
    return presenters.weight_history(
        [
            {
                "changed_at": change.changed_at,
                "who": user_display_name(change.changed_by),
                "quality": change.quality.name,
                "field": change.field,
                "old": change.old_value,
                "new": change.new_value,
                "reason": change.reason,
            }
            for change in changes
        ]
    )


# --- shortlists and the dashboard -------------------------------------------------------------


def shortlist_choices(*, user: Any) -> list[Shortlist]:
    """The shortlists this user may add candidates to: their own, or all for an administrator."""
    if not roles.is_manager(user):
        return []
    return [s for s in Shortlist.objects.order_by("name") if roles.may_change_shortlist(user, s)]


def shortlist_list() -> QuerySet:
    return (
        Shortlist.objects.select_related("position", "owner")
        .annotate(candidate_count=Count("entries"))
        .order_by("-updated_at", "pk")
    )


@dataclass(frozen=True)
class ShortlistedCandidate:
    """One candidate of a shortlist with their results: a column of the dashboard."""

    result: scoring.CandidateResult
    candidate: Candidate
    entry: ShortlistEntry
    scorecards: list[dict[str, Any]]
    scores_by_quality: dict[str, list[scoring.ScoreEntry]]
    adjusted_means: dict[str, Fraction]
    hidden: bool = False  # blind for this viewer: shown as an unscored candidate


@dataclass
class Dashboard:
    shortlist: Shortlist
    qualities: list[Quality]
    rules: list[scoring.QualityRule]
    columns: list[ShortlistedCandidate]
    fragility: tuple[scoring.WeightChange, ...]
    calibration: scoring.Calibration | None
    evidence: dict[tuple[int, str], str] = field(default_factory=dict)
    best: dict[str, Fraction] = field(default_factory=dict)

    @property
    def hidden_columns(self) -> list[ShortlistedCandidate]:
        return [c for c in self.columns if c.hidden]


def _shortlist_entries(
    shortlist: Shortlist, candidate_ids: Sequence[int] | None = None
) -> list[ShortlistEntry]:
    entries = ShortlistEntry.objects.filter(shortlist=shortlist)
    if candidate_ids is not None:
        entries = entries.filter(candidate_id__in=candidate_ids)
    return list(entries.select_related("candidate__position").order_by("order", "pk"))


def _rules(quality_list: Sequence[Quality], weights: Mapping[str, int] | None) -> list[scoring.QualityRule]:
    return [
        scoring.QualityRule(code=q.code, weight=(weights or {}).get(q.code, q.weight), minimum=q.minimum)
        for q in quality_list
    ]


def _shortlisted(
    entries: Sequence[ShortlistEntry],
    rules: Sequence[scoring.QualityRule],
    evidence: dict[tuple[int, str], str],
    offsets: Mapping[int, Fraction | None] | None = None,
) -> list[ShortlistedCandidate]:
    """Each entry's candidate with their results, not ranked yet: two queries, whatever the number."""
    candidate_ids = [e.candidate_id for e in entries]
    cards = _submitted_recommendations(candidate_ids)
    scores = _submitted_scores(
        candidate_ids,
        evidence,
        {
            card["pk"]: (card["candidate_id"], card["interviewer_id"], card["interviewer_name"])
            for by_card in cards.values()
            for card in by_card
        },
    )
    columns = []
    for entry in entries:
        candidate_cards = cards.get(entry.candidate_id, [])
        candidate_scores = scores.get(entry.candidate_id, [])
        result = scoring.evaluate(
            scoring.CandidateInput(
                candidate_id=entry.candidate_id,
                name=entry.candidate.name,
                scorecard_count=len(candidate_cards),
                scores=tuple(candidate_scores),
                recommendations=tuple(c["recommendation"] for c in candidate_cards),
            ),
            rules,
        )
        grouped: dict[str, list[scoring.ScoreEntry]] = defaultdict(list)
        for score in candidate_scores:
            if score.value is not None:
                grouped[score.quality].append(score)
        columns.append(
            ShortlistedCandidate(
                result=result,
                candidate=entry.candidate,
                entry=entry,
                scorecards=candidate_cards,
                scores_by_quality=dict(grouped),
                adjusted_means=scoring.adjusted_means(candidate_scores, offsets) if offsets else {},
            )
        )
    return columns


def dashboard(
    *,
    shortlist_id: int,
    weights: Mapping[str, int] | None = None,
    adjusted: bool = False,
    with_fragility: bool = True,
    shortlist: Shortlist | None = None,
    quality_list: Sequence[Quality] | None = None,
) -> Dashboard:
    """Everything the comparison dashboard and its CSV need, in a constant number of queries.

    ``weights`` replaces stored weights for a what-if view; it never touches the database.
    ``with_fragility=False`` skips the fragility check, which only the page shows.
    ``adjusted`` adds leniency-adjusted quality means (display only; the stored rules stay unadjusted).
    ``shortlist`` and ``quality_list``, when the caller has read them already, save their queries.
    """
    if shortlist is None:
        shortlist = Shortlist.objects.select_related("position", "owner").get(pk=shortlist_id)
    quality_list = list(quality_list) if quality_list is not None else qualities()
    rules = _rules(quality_list, weights)
    entries = _shortlist_entries(shortlist)
    calibration = None
    offsets: dict[int, Fraction | None] = {}
    if adjusted:
        # Leniency offsets come from every submitted scorecard, so they cost a scan: only on request.
        calibration = calibration_data()
        offsets = {i.interviewer_id: i.offset for i in calibration.interviewers}
    evidence: dict[tuple[int, str], str] = {}
    unranked = {c.candidate.pk: c for c in _shortlisted(entries, rules, evidence, offsets)}
    results = scoring.rank(c.result for c in unranked.values())
    columns = [replace(unranked[result.candidate_id], result=result) for result in results]
    return Dashboard(
        shortlist=shortlist,
        qualities=quality_list,
        rules=rules,
        columns=columns,
        fragility=scoring.ranking_fragility(results, rules) if with_fragility else (),
        calibration=calibration,
        evidence=evidence,
        best=scoring.best_values(results, [rule.code for rule in rules]),
    )


@dataclass(frozen=True)
class ShortlistPage:
    """The page at /shortlists/<pk>/: the shortlist, its dashboard as shown, the candidates to add."""

    shortlist: Shortlist
    dashboard: presenters.DashboardPage
    # The candidates to add, read only when called (the list is drawn once per version of the
    # candidates and of the shortlist, under addable_key); empty unless the viewer may change it.
    addable: Callable[[], list[Candidate]]
    may_change: bool  # roles.may_change_shortlist: owner-only controls are shown
    cache_key: str  # the page's key: what is drawn once per version of the page is kept under it
    addable_key: str
    # The changes of weights and bars since the shortlist was created (weight_history), read
    # when shown and kept under the ``global`` version, which every change of a quality replaces.
    weight_changes: presenters.WeightHistory = field(default_factory=presenters.WeightHistory)
    # The qualities in rubric order, read once when first called, by the page or the what-if form.
    qualities: Callable[[], list[Quality]] = qualities


ADDABLE_SHOWN = 100


def shortlist_page(
    *,
    shortlist_id: int,
    user: Any,
    quality_list: Sequence[Quality] | None = None,
    weights: Mapping[str, int] | None = None,
    adjusted: bool = False,
) -> ShortlistPage:
    """The dashboard page, presented in the active language and cached by the data's versions.

    Seen again, it costs the shortlist, the candidates to add and two cache reads. After a write,
    only what the write changed is computed again: each candidate's column is kept on its own,
    under the candidate's version (``caching``), so that a note, a submit or a new candidate
    recomputes one column, and the page is put together from the others as they were.
    """
    shortlists = Shortlist.objects.select_related("position", "owner")
    if roles.sees_all_scores(user):
        # Whether the viewer sits on any interview panel, asked with the shortlist rather than
        # on its own (every view asks): most managers sit on none, and are then blind for no one.
        shortlists = shortlists.annotate(viewer_seated=Exists(InterviewPanelist.objects.filter(user=user)))
    shortlist = shortlists.get(pk=shortlist_id)
    # What-if weights in a key of fixed length (memcached, for one, refuses keys over 250 characters).
    trial = hashlib.sha256(repr(sorted(weights.items())).encode()).hexdigest()[:16] if weights else "stored"
    language = get_language()
    tokens = caching.versions([caching.GLOBAL, caching.shortlist_scope(shortlist.pk), caching.ANY_CANDIDATE])
    # Per viewer and never cached: the candidates this viewer is blind for (their panels). A
    # viewer blind for no one shares the page with every other; a panelist gets a page of their
    # own, with those candidates unscored and ranked last.
    hidden = hidden_candidate_ids(user, seated=getattr(shortlist, "viewer_seated", None))
    blind = (
        "blind-" + hashlib.sha256(repr(sorted(hidden)).encode()).hexdigest()[:16] if hidden else "sees-all"
    )
    # Leniency-adjusted means compare every interviewer's scorecards: any candidate's change counts.
    key = ":".join(
        [
            f"dashboard:{shortlist.pk}:{language}:{trial}:{int(adjusted)}:{blind}",
            *tokens[: 3 if adjusted else 2],
        ]
    )

    @functools.cache
    def page_qualities() -> list[Quality]:
        return list(quality_list) if quality_list is not None else qualities()

    def compute() -> presenters.DashboardPage:
        quality_list = page_qualities()
        rules = _rules(quality_list, weights)
        if adjusted:
            data = dashboard(
                shortlist_id=shortlist.pk,
                weights=weights,
                adjusted=True,
                shortlist=shortlist,
                quality_list=quality_list,
            )
            data = blind_dashboard(data, user=user, hidden=hidden)
            context = presenters.ColumnContext.for_page(quality_list, adjusted=True, rules=rules)
            latest = latest_decisions(c.candidate.pk for c in data.columns)
            columns = [
                presenters.candidate_column(c, data.evidence, context, latest.get(c.candidate.pk))
                for c in data.columns
            ]
            notes = {c.candidate.pk: c.entry.note for c in data.columns}
        else:
            # Who is on the shortlist and their notes only: the candidates themselves are read
            # for the columns that must be drawn again.
            notes = dict(
                ShortlistEntry.objects.filter(shortlist=shortlist)
                .order_by("order", "pk")
                .values_list("candidate_id", "note")
            )
            # The ranked page depends on who is on the shortlist and their data, not on the notes:
            # kept under the candidates' versions, a note only puts the notes back in.
            variant = f"{language}:{trial}:{tokens[0]}"
            ids = list(notes)
            versions = caching.candidate_versions(ids)
            drawn_from = hashlib.sha256(repr(sorted(versions.items())).encode()).hexdigest()[:32]
            ranked = caching.cached_value(
                f"dashboard-ranked:{shortlist.pk}:{variant}:{blind}:{drawn_from}",
                lambda: presenters.ranked_page(
                    columns=_cached_columns(shortlist, ids, rules, quality_list, variant, hidden, versions),
                    quality_list=quality_list,
                    rules=rules,
                    adjusted=False,
                ),
            )
            page = presenters.with_notes(ranked, notes)
            return replace(page, editor=_editor(page.columns, shortlist.pk, language))
        page = presenters.dashboard_page(
            columns=columns, notes=notes, quality_list=quality_list, rules=rules, adjusted=adjusted
        )
        return replace(page, editor=_editor(page.columns, shortlist.pk, language))

    # Read only when the page's drawn parts are not in the cache themselves ({% cache %} under key).
    page = SimpleLazyObject(lambda: caching.cached_value(key, compute))
    may_change = roles.may_change_shortlist(user, shortlist)

    def addable() -> list[Candidate]:
        if not may_change:
            return []
        return list(shortlist_candidates_to_add(shortlist=shortlist)[:ADDABLE_SHOWN])

    return ShortlistPage(
        shortlist=shortlist,
        dashboard=page,
        addable=addable,
        may_change=may_change,
        cache_key=key,
        addable_key=":".join([f"dashboard-addable:{shortlist.pk}:{language}", *tokens]),
        qualities=page_qualities,
        weight_changes=SimpleLazyObject(
            lambda: caching.cached_value(
                f"weight-changes:{shortlist.pk}:{shortlist.created_at.timestamp()}:{language}:{tokens[0]}",
                lambda: weight_history(shortlist=shortlist),
            )
        ),
    )


def _cached_columns(
    shortlist: Shortlist,
    candidate_ids: Sequence[int],
    rules: Sequence[scoring.QualityRule],
    quality_list: Sequence[Quality],
    variant: str,
    hidden: set[int] = frozenset(),
    versions: Mapping[int, str] | None = None,
) -> list[presenters.CandidateColumn]:
    """Each candidate's presented column: kept from before when the candidate's version is unchanged.

    The columns of a shortlist are kept together, in one cache entry per language, weights and
    ``global`` version (one read rather than one per candidate), each with the candidate's version
    it was made under. Those to draw again cost four queries, whatever their number. The
    columns of candidates in ``hidden`` (the viewer is blind for them) are drawn unscored for this
    viewer, and never kept.
    """
    # ``versions``: the candidates' versions, when the caller has read them already.
    tokens = versions if versions is not None else caching.candidate_versions(candidate_ids)
    key = f"dashboard-columns:{shortlist.pk}:{variant}"
    kept: dict[int, tuple[str, presenters.CandidateColumn]] = cache.get(key) or {}
    stale = [pk for pk in candidate_ids if pk not in hidden and kept.get(pk, ("",))[0] != tokens[pk]]
    blinded = [pk for pk in candidate_ids if pk in hidden]
    columns: dict[int, presenters.CandidateColumn] = {}
    if stale or blinded:
        context = presenters.ColumnContext.for_page(quality_list, adjusted=False, rules=rules)
        evidence: dict[tuple[int, str], str] = {}
        latest = latest_decisions(stale + blinded)
        for column in _shortlisted(_shortlist_entries(shortlist, stale + blinded), rules, evidence):
            pk = column.candidate.pk
            decision = latest.get(pk)
            if pk in hidden:
                columns[pk] = presenters.candidate_column(_blinded(column, rules), {}, context, decision)
            else:
                kept[pk] = (tokens[pk], presenters.candidate_column(column, evidence, context, decision))
        if stale:
            kept = {pk: kept[pk] for pk in candidate_ids if pk in kept}
            cache.set(key, kept, caching.TIMEOUT)
    columns.update((pk, kept[pk][1]) for pk in candidate_ids if pk in kept and pk not in hidden)
    # A candidate removed meanwhile (read before, gone now) has no column: the next version shows it gone.
    return [columns[pk] for pk in candidate_ids if pk in columns]


def _blinded(column: ShortlistedCandidate, rules: Sequence[scoring.QualityRule]) -> ShortlistedCandidate:
    """The column as a viewer blind for this candidate sees it: unscored; the count of cards stays."""
    result = column.result
    unscored = scoring.evaluate(
        scoring.CandidateInput(
            candidate_id=result.candidate_id, name=result.name, scorecard_count=result.scorecard_count
        ),
        rules,
    )
    return replace(
        column, result=unscored, scorecards=[], scores_by_quality={}, adjusted_means={}, hidden=True
    )


def _editor(columns: Sequence[presenters.PageColumn], shortlist_id: int, language: str) -> str:
    """The note and decision fields, drawn again only when the candidates or their order change.

    A select of a few hundred options costs tens of milliseconds to draw through the widget's
    templates; kept by what it is drawn from, a kept one is never stale.
    """
    drawn_from = hashlib.sha256(repr([(c.pk, c.name) for c in columns]).encode()).hexdigest()
    return caching.cached_value(
        f"dashboard-editor:{shortlist_id}:{language}:{drawn_from}",
        lambda: presenters.editors(columns, shortlist_id),
    )


def shortlist_candidates_to_add(*, shortlist: Shortlist) -> QuerySet:
    return (
        Candidate.objects.select_related("position")
        .exclude(shortlist_entries__shortlist=shortlist)
        .order_by("name", "pk")
    )


# --- calibration ------------------------------------------------------------------------------


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


def users_by_id(ids: Iterable[int]) -> dict[int, Any]:
    return {u.pk: u for u in get_user_model().objects.filter(pk__in=list(ids))}


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


# --- blind scoring ----------------------------------------------------------------------------


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
        submitted = Scorecard.objects.filter(interviewer=user, status=SUBMITTED)
        if ids is None:
            candidates = Candidate.objects.exclude(pk__in=submitted.values("candidate_id"))
            return set(candidates.values_list("pk", flat=True))
        return set(ids) - set(submitted.filter(candidate_id__in=ids).values_list("candidate_id", flat=True))
    if seated is False:
        return set()
    seats_held = InterviewPanelist.objects.filter(user=user)
    if ids is not None:
        seats_held = seats_held.filter(interview__candidate_id__in=ids)
    if seated is None and not seats_held.exists():
        # Most managers sit on no panel: a plain lookup answers for them (every dashboard view asks)
        # without building the subqueries below.
        return set()
    own = Scorecard.objects.filter(interviewer=user, candidate=OuterRef("interview__candidate"))
    seats = seats_held.filter(Q(interview__cancelled_at__isnull=True) | Exists(own)).exclude(
        Exists(own.filter(status=SUBMITTED))
    )
    return set(seats.values_list("interview__candidate_id", flat=True).distinct())


def blind_dashboard(
    data: Dashboard, *, user: Any, hidden: Iterable[int] | None = None, with_fragility: bool = True
) -> Dashboard:
    """The dashboard as ``user`` may see it: a candidate they are blind for becomes unscored.

    Applied per viewer on top of the dashboard's data (which may be shared or cached per
    shortlist): the number of submitted scorecards stays; scores, means, recommendations,
    coverage, flags, evidence, who scored and the charts drawn from them go, and the candidate
    ranks as an unscored one, marked ``hidden``.
    """
    on_board = [c.candidate.pk for c in data.columns]
    # ``hidden``: the viewer's hidden_candidate_ids when the caller has them already.
    hidden = set(on_board) & set(hidden) if hidden is not None else hidden_candidate_ids(user, on_board)
    if not hidden:
        return data
    hidden_cards = {
        card["pk"] for c in data.columns if c.result.candidate_id in hidden for card in c.scorecards
    }
    blinded = [_blinded(c, data.rules) if c.result.candidate_id in hidden else c for c in data.columns]
    by_id = {c.result.candidate_id: c for c in blinded}
    columns = [replace(by_id[r.candidate_id], result=r) for r in scoring.rank(c.result for c in blinded)]
    return replace(
        data,
        columns=columns,
        fragility=scoring.ranking_fragility([c.result for c in columns], data.rules)
        if with_fragility
        else (),
        evidence={key: note for key, note in data.evidence.items() if key[0] not in hidden_cards},
        best=scoring.best_values([c.result for c in columns], [rule.code for rule in data.rules]),
    )


# --- interviews -------------------------------------------------------------------------------


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


def _interview_rows(candidate_id: int, states: Mapping[int, str]) -> list[InterviewRow]:
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
    states = dict(
        Scorecard.objects.filter(candidate_id=interview.candidate_id).values_list("interviewer_id", "status")
    )
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


def focus_codes(*, candidate_id: int, user: Any) -> set[str]:
    """The qualities the user's interviews of this candidate probe: marked on the rubric."""
    return set(
        Interview.focus.through.objects.filter(
            interview__candidate_id=candidate_id,
            interview__seats__user=user,
            interview__cancelled_at__isnull=True,
        ).values_list("quality__code", flat=True)
    )


# --- what each person owes --------------------------------------------------------------------


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


def _owed(user: Any, now: datetime.datetime) -> list[OwedScorecard]:
    """Two queries: the user's scorecards, and their seats on interviews that still stand."""
    cards = {
        card.candidate_id: card
        for card in Scorecard.objects.filter(interviewer=user).select_related("candidate__position")
    }
    seats = InterviewPanelist.objects.filter(user=user, interview__cancelled_at__isnull=True).select_related(
        "interview__candidate__position"
    )
    interviews: dict[int, list[Interview]] = defaultdict(list)
    candidates: dict[int, Candidate] = {}
    for seat in seats:
        card = cards.get(seat.interview.candidate_id)
        if card is not None and card.is_submitted:
            continue
        interviews[seat.interview.candidate_id].append(seat.interview)
        candidates[seat.interview.candidate_id] = seat.interview.candidate
    for card in cards.values():
        if not card.is_submitted and card.candidate_id not in candidates:
            candidates[card.candidate_id] = card.candidate
    due_hours = settings.SCORECARD_DUE_HOURS
    keyed = []
    for candidate_id, candidate in candidates.items():
        own = interviews.get(candidate_id, [])
        timing = schedule.owed_timing(_slots(own), now)
        reference = next((i for i in own if timing.reference and i.pk == timing.reference.interview_id), None)
        card = cards.get(candidate_id)
        item = OwedScorecard(
            candidate=candidate,
            interview=reference,
            status=card.status if card is not None else "",
            overdue=schedule.is_overdue(timing, now, due_hours),
            due_at=schedule.due_at(timing, due_hours),
        )
        keyed.append((schedule.todo_sort_key(timing, now, due_hours, candidate.name, candidate_id), item))
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
    submitted: set[tuple[int, int]] = set()
    for card in Scorecard.objects.filter(candidate_id__in=ids).select_related("interviewer"):
        if card.is_submitted:
            submitted.add((card.candidate_id, card.interviewer_id))
        else:
            slots.setdefault((card.candidate_id, card.interviewer_id), [])
            people[card.interviewer_id] = card.interviewer
    due_hours = settings.SCORECARD_DUE_HOURS
    owed: dict[int, list[tuple[str, bool]]] = defaultdict(list)
    for (candidate_id, user_id), interviews in sorted(slots.items()):
        if (candidate_id, user_id) in submitted:
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
    """The scorecard to offer after a submit: the first of ``/todo/``."""
    owed = _owed(user, _now(now))
    return owed[0] if owed else None


# --- reminders --------------------------------------------------------------------------------


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
    submitted = Scorecard.objects.filter(
        candidate=OuterRef("interview__candidate"), interviewer=OuterRef("user"), status=SUBMITTED
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


# --- decisions --------------------------------------------------------------------------------


def candidate_result(*, candidate_id: int) -> scoring.CandidateResult | None:
    """The candidate's evidence as ``scoring`` sees it now (stored weights and bars), in three queries.

    None when no scorecard is submitted. For the decision's check, not for display: no blind rule
    applies here, the caller decides what may be shown.
    """
    cards = _submitted_recommendations([candidate_id]).get(candidate_id, [])
    if not cards:
        return None
    scores = _submitted_scores(
        [candidate_id],
        cards={c["pk"]: (candidate_id, c["interviewer_id"], c["interviewer_name"]) for c in cards},
    )
    name = Candidate.objects.values_list("name", flat=True).get(pk=candidate_id)
    return scoring.evaluate(
        scoring.CandidateInput(
            candidate_id=candidate_id,
            name=name,
            scorecard_count=len(cards),
            scores=tuple(scores.get(candidate_id, ())),
            recommendations=tuple(c["recommendation"] for c in cards),
        ),
        quality_rules(qualities()),
    )


def candidate_decisions(*, candidate_id: int) -> list[Decision]:
    """Every decision on the candidate, latest first, with who made it (one query)."""
    return list(Decision.objects.filter(candidate_id=candidate_id).select_related("actor"))


def latest_decisions(candidate_ids: Iterable[int]) -> dict[int, Decision]:
    """The latest decision of each of these candidates, by candidate id, in one query.

    For the dashboard and the exports: a correlated subquery picks each candidate's latest row
    through the index on (candidate, -at, -id), whatever the number of candidates.
    """
    ids = list(candidate_ids)
    if not ids:
        return {}
    latest = (
        Decision.objects.filter(candidate_id=OuterRef("candidate_id")).order_by("-at", "-pk").values("pk")[:1]
    )
    rows = Decision.objects.filter(candidate_id__in=ids, pk=Subquery(latest)).select_related("actor")
    return {decision.candidate_id: decision for decision in rows}
