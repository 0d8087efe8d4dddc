"""The dashboard's flags: thin evidence, conflicts between scores and recommendations, and a
decision that contradicts the scores.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from evaluations.scoring.rules import RECOMMENDATIONS, CandidateResult

# --- how sure, and why (issue 11) -------------------------------------------------------------
# Display-only rules: none of them changes a score or the ranking.

# Fewer submitted scorecards than this and a score stands on thin evidence. The setting of the
# same name passes another threshold in; this is its default.
THIN_EVIDENCE_BELOW = 2


# A quality mean at or above this is a strength whatever the rest of the shortlist scored.
STRENGTH_MEAN = 4


CONFLICT_BELOW_BAR_YET_YES = "below_bar_yet_yes"


CONFLICT_TOP_YET_NO = "top_yet_no"


CONFLICT_STRONG_SPLIT = "strong_split"


CONFLICTS: tuple[str, ...] = (CONFLICT_BELOW_BAR_YET_YES, CONFLICT_TOP_YET_NO, CONFLICT_STRONG_SPLIT)


# The decisions a hiring manager must confirm when the evidence says otherwise (DESIGN.md, "Decisions").
POSITIVE_DECISIONS: tuple[str, ...] = ("offer", "hired")


CONTRADICTION_BELOW_BAR = "below_bar"


CONTRADICTION_MORE_NO = "more_no"


def thin_evidence(interviewer_count: int, below: int = THIN_EVIDENCE_BELOW) -> bool:
    """Whether a score stands on fewer than ``below`` interviewers (independent raters: two cards
    by one interviewer are one voice), none at all included."""
    return interviewer_count < below


def _yes_no(tally: Mapping[str, int]) -> tuple[int, int]:
    return tally.get("yes", 0) + tally.get("strong_yes", 0), tally.get("no", 0) + tally.get("strong_no", 0)


def _majority(count: int, tally: Mapping[str, int]) -> bool:
    """More than half of the recommendations given (a tie is no majority)."""
    return 2 * count > sum(tally.get(rec, 0) for rec in RECOMMENDATIONS)


def conflict_flags(result: CandidateResult, *, top: bool = False) -> tuple[str, ...]:
    """Where the recommendations and the numbers disagree, in ``CONFLICTS`` order.

    ``top``: the candidate holds the shortlist's best weighted score (``conflicts`` decides it).
    A yes or a no is a majority when it is more than half of the recommendations.
    """
    tally = result.recommendations
    yes, no = _yes_no(tally)
    flags = []
    if result.below_bar and _majority(yes, tally):
        flags.append(CONFLICT_BELOW_BAR_YET_YES)
    if top and result.weighted_score is not None and _majority(no, tally):
        flags.append(CONFLICT_TOP_YET_NO)
    if tally.get("strong_yes", 0) and tally.get("strong_no", 0):
        flags.append(CONFLICT_STRONG_SPLIT)
    return tuple(flags)


def conflicts(results: Sequence[CandidateResult]) -> dict[int, tuple[str, ...]]:
    """``conflict_flags`` of every candidate, by id; the top score is the shortlist's best (ties share it)."""
    scored = [r.weighted_score for r in results if r.weighted_score is not None]
    best = max(scored) if scored else None
    return {
        r.candidate_id: conflict_flags(r, top=best is not None and r.weighted_score == best) for r in results
    }


def decision_contradictions(decision: str, result: CandidateResult | None) -> tuple[str, ...]:
    """Why ``decision`` goes against the evidence, if it does: what a hiring manager must confirm.

    Only an offer or a hire is checked: for a candidate below a bar, or with more no and strong
    no than yes and strong yes. No submitted scorecard (``result`` None) contradicts nothing.
    """
    if decision not in POSITIVE_DECISIONS or result is None:
        return ()
    yes, no = _yes_no(result.recommendations)
    found = []
    if result.below_bar:
        found.append(CONTRADICTION_BELOW_BAR)
    if no > yes:
        found.append(CONTRADICTION_MORE_NO)
    return tuple(found)
