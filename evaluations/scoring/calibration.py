"""Interviewer calibration: each interviewer's tendency against the panel, and the means
adjusted for it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction

from evaluations.scoring.rules import (
    MAX_SCORE,
    MIN_SCORE,
    ScorecardInput,
    ScoreEntry,
    _code_order,
    _folded,
    _mean,
    recommendation_tally,
)

# An interviewer whose scores sit this far (or more) above their colleagues' on the same
# candidates and qualities is called lenient; as far below, harsh (calibration page).
LENIENCY_THRESHOLD = Fraction(1, 2)


@dataclass(frozen=True)
class InterviewerCalibration:
    interviewer_id: int
    name: str
    scorecard_count: int
    mean_score: Fraction | None
    own_mean: Fraction | None
    others_mean: Fraction | None
    offset: Fraction | None
    shared_cells: int
    recommendations: Mapping[str, int]

    @property
    def tendency(self) -> str | None:
        return tendency(self.offset)


@dataclass(frozen=True)
class Calibration:
    interviewers: tuple[InterviewerCalibration, ...]
    quality_spread: Mapping[str, Fraction]


def _interviewer_order(item: InterviewerCalibration) -> tuple[str, str, str, int]:
    return (_folded(item.name), item.name.casefold(), item.name, item.interviewer_id)


def tendency(offset: Fraction | None) -> str | None:
    """ "lenient", "harsh" or "in_line" for an interviewer's offset; None without shared cells."""
    if offset is None:
        return None
    if offset >= LENIENCY_THRESHOLD:
        return "lenient"
    if offset <= -LENIENCY_THRESHOLD:
        return "harsh"
    return "in_line"


def calibration(scorecards: Iterable[ScorecardInput]) -> Calibration:
    """How lenient or harsh each interviewer is compared with their colleagues.

    An interviewer is compared only on cells (candidate, quality) that someone
    else also scored: comparing raw means would blame an interviewer for having
    met weaker candidates.
    """
    names: dict[int, str] = {}
    scorecard_counts: dict[int, int] = defaultdict(int)
    recommendations: dict[int, list[str]] = defaultdict(list)
    all_values: dict[int, list[int]] = defaultdict(list)
    # cell -> interviewer -> values; normally one value, but a list keeps
    # duplicated input from silently overwriting a score.
    cells: dict[tuple[int, str], dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))

    for card in scorecards:
        names.setdefault(card.interviewer_id, card.interviewer_name)
        scorecard_counts[card.interviewer_id] += 1
        recommendations[card.interviewer_id].append(card.recommendation)
        for code, value in card.values.items():
            if value is None:
                continue
            all_values[card.interviewer_id].append(value)
            cells[(card.candidate_id, code)][card.interviewer_id].append(value)

    # Each interviewer counts once per cell, whatever the number of values.
    cell_means: dict[tuple[int, str], dict[int, Fraction]] = {
        cell: {who: Fraction(sum(vals), len(vals)) for who, vals in by_who.items()}
        for cell, by_who in cells.items()
    }

    own: dict[int, list[Fraction]] = defaultdict(list)
    others: dict[int, list[Fraction]] = defaultdict(list)
    for by_who in cell_means.values():
        if len(by_who) < 2:
            continue
        for who, mean in by_who.items():
            own[who].append(mean)
            rest = [m for other, m in by_who.items() if other != who]
            others[who].append(sum(rest, Fraction(0)) / len(rest))

    interviewers = []
    for who, name in names.items():
        own_mean = _mean(own[who])
        others_mean = _mean(others[who])
        interviewers.append(
            InterviewerCalibration(
                interviewer_id=who,
                name=name,
                scorecard_count=scorecard_counts[who],
                mean_score=_mean(all_values[who]),
                own_mean=own_mean,
                others_mean=others_mean,
                offset=(own_mean - others_mean if own_mean is not None and others_mean is not None else None),
                shared_cells=len(own[who]),
                recommendations=recommendation_tally(recommendations[who]),
            )
        )

    # Spread uses every value of a cell (not per-interviewer means), as the
    # dashboard's disagreement flag does.
    per_quality: dict[str, list[int]] = defaultdict(list)
    for (_candidate, code), values_by_who in cells.items():
        values = [value for vals in values_by_who.values() for value in vals]
        if len(values) >= 2:
            per_quality[code].append(max(values) - min(values))
    quality_spread = {
        code: Fraction(sum(values), len(values))
        for code, values in sorted(per_quality.items(), key=lambda item: _code_order(item[0]))
    }

    return Calibration(
        interviewers=tuple(sorted(interviewers, key=_interviewer_order)),
        quality_spread=quality_spread,
    )


def adjusted_means(
    scores: Iterable[ScoreEntry], offsets: Mapping[int, Fraction | None]
) -> dict[str, Fraction]:
    """Quality means after taking each interviewer's offset out of their scores.

    Each adjusted value is clamped to the 1–5 scale so that correcting a lenient
    interviewer's 1 cannot produce a score the rubric does not have. As for the plain means,
    each interviewer is one voice: the mean of their own adjusted values.
    """
    # quality -> interviewer -> adjusted values: each interviewer is one voice, as in quality_means.
    grouped: dict[str, dict[int, list[Fraction]]] = defaultdict(lambda: defaultdict(list))
    for entry in scores:
        if entry.value is None:
            continue
        offset = offsets.get(entry.interviewer_id) or Fraction(0)
        adjusted = min(max(entry.value - offset, Fraction(MIN_SCORE)), Fraction(MAX_SCORE))
        grouped[entry.quality][entry.interviewer_id].append(adjusted)
    return {
        code: sum((sum(values, Fraction(0)) / len(values) for values in by_who.values()), Fraction(0))
        / len(by_who)
        for code, by_who in sorted(grouped.items(), key=lambda item: _code_order(item[0]))
    }
