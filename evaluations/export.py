"""Shapes of the dashboard's data for the CSV export, the charts and the debrief list.

No rule is computed here: the numbers come from ``scoring`` through ``selectors.dashboard``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from evaluations import scoring
from evaluations.selectors import Dashboard


def fixed(value: Fraction | None, places: int) -> str:
    """A number with a dot and ``places`` decimals, rounded half up; empty for no value."""
    if value is None:
        return ""
    return format(scoring.round_half_up(value, places), "f")


def csv_rows(data: Dashboard) -> Iterator[list[Any]]:
    codes = [rule.code for rule in data.rules]
    yield [
        "rank",
        "candidate",
        "email",
        "position",
        "scorecards",
        "weighted_score",
        "coverage",
        *codes,
        *scoring.RECOMMENDATIONS,
        "below_bar",
    ]
    for column in data.columns:
        result = column.result
        candidate = column.candidate
        yield [
            result.rank,
            candidate.name,
            candidate.email,
            candidate.position.title,
            result.scorecard_count,
            fixed(result.weighted_score, 1),
            fixed(None if result.coverage is None else result.coverage * 100, 0),
            *(fixed(result.means.get(code), 2) for code in codes),
            *(result.recommendations.get(rec, 0) for rec in scoring.RECOMMENDATIONS),
            ";".join(result.below_bar),
        ]


def _float(value: Fraction | None, places: int = 2) -> float | None:
    return None if value is None else float(scoring.round_half_up(value, places))


def chart_payload(data: Dashboard) -> dict[str, Any]:
    return {
        "labels": [q.name for q in data.qualities],
        "candidates": [
            {
                "name": column.candidate.name,
                "means": [_float(column.result.means.get(q.code)) for q in data.qualities],
                "weighted": _float(column.result.weighted_score, 1),
            }
            for column in data.columns
        ],
    }


@dataclass(frozen=True)
class DebriefItem:
    candidate_name: str
    candidate_id: int
    quality_name: str
    quality_code: str
    spread: int
    opinions: list[dict[str, Any]]


def debrief(data: Dashboard) -> list[DebriefItem]:
    """Qualities where the panel disagrees, per candidate, with the evidence side by side."""
    names = {q.code: q.name for q in data.qualities}
    items = []
    for column in data.columns:
        for code in column.result.disagreements:
            opinions = [
                {
                    "interviewer": score.interviewer_name,
                    "value": score.value,
                    "evidence": data.evidence.get((score.scorecard_id, code), ""),
                    "scorecard_id": score.scorecard_id,
                }
                for score in sorted(column.scores_by_quality.get(code, []), key=lambda s: -(s.value or 0))
            ]
            items.append(
                DebriefItem(
                    candidate_name=column.candidate.name,
                    candidate_id=column.candidate.pk,
                    quality_name=names[code],
                    quality_code=code,
                    spread=column.result.spreads.get(code, 0),
                    opinions=opinions,
                )
            )
    return items
