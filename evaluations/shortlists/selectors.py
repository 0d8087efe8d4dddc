"""Reads of shortlists: the lists, and the dashboard's evaluated candidates."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any

from django.db.models import Count, QuerySet

from evaluations import scoring
from evaluations.candidates.models import Candidate
from evaluations.people import roles
from evaluations.rubric.models import Quality
from evaluations.rubric.selectors import qualities, quality_rules
from evaluations.scorecards.selectors import (
    calibration_data,
    hidden_candidate_ids,
    submitted_recommendations,
    submitted_scores,
)
from evaluations.shortlists.models import Shortlist, ShortlistEntry


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


def shortlist_entries(
    shortlist: Shortlist, candidate_ids: Sequence[int] | None = None
) -> list[ShortlistEntry]:
    entries = ShortlistEntry.objects.filter(shortlist=shortlist)
    if candidate_ids is not None:
        entries = entries.filter(candidate_id__in=candidate_ids)
    return list(entries.select_related("candidate__position").order_by("order", "pk"))


def shortlisted_candidates(
    entries: Sequence[ShortlistEntry],
    rules: Sequence[scoring.QualityRule],
    evidence: dict[tuple[int, str], str],
    offsets: Mapping[int, Fraction | None] | None = None,
) -> list[ShortlistedCandidate]:
    """Each entry's candidate with their results, not ranked yet: two queries, whatever the number."""
    candidate_ids = [e.candidate_id for e in entries]
    cards = submitted_recommendations(candidate_ids)
    scores = submitted_scores(
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
                interviewer_count=len({c["interviewer_id"] for c in candidate_cards}),
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
    rules = quality_rules(quality_list, weights)
    entries = shortlist_entries(shortlist)
    calibration = None
    offsets: dict[int, Fraction | None] = {}
    if adjusted:
        # Leniency offsets come from every submitted scorecard, so they cost a scan: only on request.
        calibration = calibration_data()
        offsets = {i.interviewer_id: i.offset for i in calibration.interviewers}
    evidence: dict[tuple[int, str], str] = {}
    unranked = {c.candidate.pk: c for c in shortlisted_candidates(entries, rules, evidence, offsets)}
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


def shortlist_candidates_to_add(*, shortlist: Shortlist) -> QuerySet:
    return (
        Candidate.objects.select_related("position")
        .exclude(shortlist_entries__shortlist=shortlist)
        .order_by("name", "pk")
    )


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
    blinded = [blinded_column(c, data.rules) if c.result.candidate_id in hidden else c for c in data.columns]
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


def blinded_column(
    column: ShortlistedCandidate, rules: Sequence[scoring.QualityRule]
) -> ShortlistedCandidate:
    """The column as a viewer blind for this candidate sees it: unscored; the count of cards stays."""
    result = column.result
    unscored = scoring.evaluate(
        scoring.CandidateInput(
            candidate_id=result.candidate_id,
            name=result.name,
            scorecard_count=result.scorecard_count,
            interviewer_count=result.interviewer_count,
        ),
        rules,
    )
    return replace(
        column, result=unscored, scorecards=[], scores_by_quality={}, adjusted_means={}, hidden=True
    )
