"""Why a candidate leads: the lines a hiring manager reads, and the leads a small change of
weights would turn.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from evaluations.scoring.flags import STRENGTH_MEAN, THIN_EVIDENCE_BELOW, thin_evidence
from evaluations.scoring.rules import CandidateResult, QualityRule
from evaluations.scoring.weights import ranking_fragility


@dataclass(frozen=True)
class WhyLine:
    """One candidate's strengths and concerns in a line, as quality codes in rubric order."""

    candidate_id: int
    strengths: tuple[str, ...]
    below_bar: tuple[str, ...]
    disputed: tuple[str, ...]
    thin_evidence: bool
    recommendations: Mapping[str, int]

    @property
    def has_concerns(self) -> bool:
        return bool(self.below_bar or self.disputed or self.thin_evidence)


def _leaders(results: Sequence[CandidateResult], rules: Sequence[QualityRule]) -> dict[str, int]:
    """Per quality, the one candidate whose mean is strictly above every other candidate's.

    One pass per quality (a dashboard may hold hundreds of candidates): the best mean so far, who
    holds it, and whether anyone else reached it too.
    """
    leaders = {}
    for rule in rules:
        best: Fraction | None = None
        holder, shared, rivals = 0, False, 0
        for result in results:
            mean = result.means.get(rule.code)
            if mean is None:
                continue
            rivals += 1
            if best is None or mean > best:
                best, holder, shared = mean, result.candidate_id, False
            elif mean == best:
                shared = True
        if rivals >= 2 and not shared:
            leaders[rule.code] = holder
    return leaders


def why_lines(
    results: Sequence[CandidateResult],
    rules: Sequence[QualityRule],
    *,
    thin_below: int = THIN_EVIDENCE_BELOW,
) -> list[WhyLine]:
    """Strengths (leads the shortlist on a quality, or a mean of ``STRENGTH_MEAN`` or more) and
    concerns (below a bar, disputed qualities, thin evidence) of each candidate, in input order.

    Leading needs someone to lead: alone on a quality, or level with another, is not a lead.
    """
    leaders = _leaders(results, rules)
    return [
        WhyLine(
            candidate_id=r.candidate_id,
            strengths=tuple(
                rule.code
                for rule in rules
                if rule.code in r.means
                and (leaders.get(rule.code) == r.candidate_id or r.means[rule.code] >= STRENGTH_MEAN)
            ),
            below_bar=r.below_bar,
            disputed=r.disagreements,
            thin_evidence=thin_evidence(r.interviewer_count, thin_below),
            recommendations=r.recommendations,
        )
        for r in results
    ]


@dataclass(frozen=True)
class FragileLead:
    """A one-step weight change that puts someone else first, and how many scorecards they stand on."""

    quality: str
    delta: int
    top_candidate_id: int
    scorecard_count: int
    thin_evidence: bool


def fragility_with_counts(
    results: Sequence[CandidateResult],
    rules: Sequence[QualityRule],
    *,
    thin_below: int = THIN_EVIDENCE_BELOW,
) -> tuple[FragileLead, ...]:
    """``ranking_fragility``, each change carrying the would-be leader's scorecard count.

    A candidate who could take the lead on a single scorecard is named as such, not as an
    equal contender: the warning says how little the lead would stand on.
    """
    by_id = {r.candidate_id: r for r in results}
    return tuple(
        FragileLead(
            quality=change.quality,
            delta=change.delta,
            top_candidate_id=change.top_candidate_id,
            scorecard_count=by_id[change.top_candidate_id].scorecard_count,
            thin_evidence=thin_evidence(by_id[change.top_candidate_id].interviewer_count, thin_below),
        )
        for change in ranking_fragility(results, rules)
    )
