"""Reads of decisions: a candidate's evaluated result and the decisions recorded about them."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import OuterRef, Subquery

from evaluations import scoring
from evaluations.candidates.models import Candidate
from evaluations.decisions.models import Decision
from evaluations.rubric.selectors import qualities, quality_rules
from evaluations.scorecards.selectors import submitted_recommendations, submitted_scores


def candidate_result(*, candidate_id: int) -> scoring.CandidateResult | None:
    """The candidate's evidence as ``scoring`` sees it now (stored weights and bars), in three queries.

    None when no scorecard is submitted. For the decision's check, not for display: no blind rule
    applies here, the caller decides what may be shown.
    """
    cards = submitted_recommendations([candidate_id]).get(candidate_id, [])
    if not cards:
        return None
    scores = submitted_scores(
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
            interviewer_count=len({c["interviewer_id"] for c in cards}),
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
