"""Presenters: what the comparison dashboard shows, made from ``selectors.dashboard``'s results.

Between the selector (numbers, exact) and the templates (markup): every value the page
shows is put together here once, as text formatted for the active language, in small
frozen objects made of plain values. The templates in ``templates/includes/dashboard_*.html``
only lay them out. Being plain values, a presented page can be kept in the cache as it is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils.formats import get_format, number_format

from evaluations import scoring
from evaluations.models import Candidate, Scorecard

if TYPE_CHECKING:
    from evaluations.selectors import Dashboard

DASH = "—"


# --- numbers, rounded half up (DESIGN.md) and written for the user's language -------------------


def decimal(value: Fraction | int | None, places: int, separator: str | None = None) -> str:
    """``value`` with ``places`` decimals, rounded half up, in the user's language; a dash for none."""
    if value is None:
        return DASH
    rounded = scoring.round_half_up(value, places)
    if -1000 < rounded < 1000:
        # Under a thousand there is nothing to group, so number_format would only swap the
        # decimal separator: doing just that costs a third, for thousands of cells a page.
        text = format(rounded, "f")
        return text.replace(".", separator or get_format("DECIMAL_SEPARATOR")) if places else text
    return number_format(rounded, places, use_l10n=True)


def percent(share: Fraction | None) -> str:
    """A share (0–1) as a whole percentage, without the sign."""
    return DASH if share is None else decimal(Fraction(share) * 100, 0)


def url_for_pk(name: str) -> Callable[[int], str]:
    """``reverse(name, args=[pk])`` for any pk, from one call to ``reverse``.

    ``reverse`` costs about 20 µs, and a dashboard of 200 candidates links to a thousand
    scorecards whose URLs differ only by the pk.
    """
    marker = 918273645546372819
    head, tail = reverse(name, args=[marker]).split(str(marker))
    return lambda pk: f"{head}{pk}{tail}"


# --- the page ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Recommendation:
    code: str  # one of scoring.RECOMMENDATIONS, also the cell's CSS class rec-<code>
    label: str
    count: int


@dataclass(frozen=True)
class CandidateColumn:
    """One shortlisted candidate: the head of a column and the cells that are about them as a whole."""

    pk: int
    name: str
    url: str
    rank: int
    position: str
    status: str
    score: str  # weighted score, one decimal, or a dash
    best_score: bool
    coverage: str  # whole percent when under 100, else empty
    below_bar_names: str  # "Empathy, Analysis", or empty
    scorecard_count: int
    scorecard_links: tuple[tuple[str, str], ...]  # (url, interviewer) in submission order
    recommendations: tuple[Recommendation, ...]  # strongest first, only those given
    note: str


@dataclass(frozen=True)
class MeanCell:
    """One quality of one candidate."""

    mean: str  # two decimals; empty when nobody assessed it
    best: bool
    below_bar: bool
    disagreement: bool
    # Each scorecard's score, in the order of the column's scorecard links ("4,-,2": "-" for not
    # assessed): the tooltip script names them from those links, instead of every cell
    # repeating every interviewer's name (a third of the page's weight).
    scores: str
    adjusted: str  # leniency-adjusted mean when asked for, else empty


@dataclass(frozen=True)
class QualityRow:
    code: str
    name: str
    weight: int
    is_empathy: bool
    cells: tuple[MeanCell, ...]


@dataclass(frozen=True)
class Opinion:
    interviewer: str
    url: str
    value: int
    evidence: str


@dataclass(frozen=True)
class DebriefItem:
    """A quality on which the panel disagrees about one candidate, with the evidence side by side."""

    candidate_name: str
    candidate_url: str
    quality_name: str
    spread: int
    opinions: tuple[Opinion, ...]


@dataclass(frozen=True)
class FragilityItem:
    quality_name: str
    delta: int
    candidate_name: str


@dataclass(frozen=True)
class DashboardPage:
    columns: tuple[CandidateColumn, ...]
    rows: tuple[QualityRow, ...]
    fragility: tuple[FragilityItem, ...]
    debrief: tuple[DebriefItem, ...]
    chart: dict[str, Any]  # for json_script: labels, and per candidate the means and the score
    adjusted: bool


def _float(value: Fraction | None, places: int = 2) -> float | None:
    return None if value is None else float(scoring.round_half_up(value, places))


def dashboard_page(data: Dashboard) -> DashboardPage:
    """The dashboard of ``data`` as the page shows it, in the active language."""
    separator = get_format("DECIMAL_SEPARATOR")
    names = {q.code: q.name for q in data.qualities}
    candidate_url = url_for_pk("evaluations:candidate-detail")
    scorecard_url = url_for_pk("evaluations:scorecard-detail")
    statuses = dict(Candidate.Status.choices)
    labels = {code: str(label) for code, label in Scorecard.Recommendation.choices}
    adjusted = data.calibration is not None
    best_score = data.best.get("weighted_score")

    columns = []
    for column in data.columns:
        result, candidate = column.result, column.candidate
        tally = result.recommendations
        columns.append(
            CandidateColumn(
                pk=candidate.pk,
                name=candidate.name,
                url=candidate_url(candidate.pk),
                rank=result.rank or 0,
                position=candidate.position.title,
                status=str(statuses.get(candidate.status, candidate.status)),
                score=decimal(result.weighted_score, 1, separator),
                best_score=result.weighted_score is not None and result.weighted_score == best_score,
                coverage=(
                    percent(result.coverage) if result.coverage is not None and result.coverage < 1 else ""
                ),
                below_bar_names=", ".join(names[code] for code in result.below_bar),
                scorecard_count=result.scorecard_count,
                scorecard_links=tuple(
                    (scorecard_url(card["pk"]), card["interviewer_name"]) for card in column.scorecards
                ),
                recommendations=tuple(
                    Recommendation(code, labels[code], tally[code])
                    for code in reversed(scoring.RECOMMENDATIONS)
                    if tally.get(code)
                ),
                note=column.entry.note,
            )
        )

    weights = {rule.code: rule.weight for rule in data.rules}  # what-if weights included
    rows = []
    for quality in data.qualities:
        code, best = quality.code, data.best.get(quality.code)
        cells = []
        for column in data.columns:
            result = column.result
            mean = result.means.get(code)
            cells.append(
                MeanCell(
                    mean="" if mean is None else decimal(mean, 2, separator),
                    best=mean is not None and mean == best,
                    below_bar=code in result.below_bar,
                    disagreement=code in result.disagreements,
                    scores=_scores_by_card(column, code),
                    adjusted=decimal(column.adjusted_means.get(code), 2, separator) if adjusted else "",
                )
            )
        rows.append(QualityRow(code, quality.name, weights[code], quality.is_empathy, tuple(cells)))

    by_pk = {c.candidate.pk: c.candidate.name for c in data.columns}
    return DashboardPage(
        columns=tuple(columns),
        rows=tuple(rows),
        fragility=tuple(
            FragilityItem(names[change.quality], change.delta, by_pk[change.top_candidate_id])
            for change in data.fragility
        ),
        debrief=_debrief(data, names, candidate_url, scorecard_url),
        chart={
            "labels": [q.name for q in data.qualities],
            "candidates": [
                {
                    "name": column.candidate.name,
                    "means": [_float(column.result.means.get(q.code)) for q in data.qualities],
                    "weighted": _float(column.result.weighted_score, 1),
                }
                for column in data.columns
            ],
        },
        adjusted=adjusted,
    )


def _scores_by_card(column: Any, code: str) -> str:
    values = {s.scorecard_id: s.value for s in column.scores_by_quality.get(code, ())}
    return ",".join(str(values.get(card["pk"]) or "-") for card in column.scorecards)


def _debrief(
    data: Dashboard,
    names: dict[str, str],
    candidate_url: Callable[[int], str],
    scorecard_url: Callable[[int], str],
) -> tuple[DebriefItem, ...]:
    items = []
    for column in data.columns:
        for code in column.result.disagreements:
            scores = sorted(column.scores_by_quality.get(code, ()), key=lambda s: -(s.value or 0))
            items.append(
                DebriefItem(
                    candidate_name=column.candidate.name,
                    candidate_url=candidate_url(column.candidate.pk),
                    quality_name=names[code],
                    spread=column.result.spreads.get(code, 0),
                    opinions=tuple(
                        Opinion(
                            interviewer=score.interviewer_name,
                            url=scorecard_url(score.scorecard_id),
                            value=score.value or 0,
                            evidence=data.evidence.get((score.scorecard_id, code), ""),
                        )
                        for score in scores
                    ),
                )
            )
    return tuple(items)
