"""Shapes of the dashboard's data for the CSV export, the charts and the debrief list.

No rule is computed here: the numbers come from ``scoring`` through ``selectors.dashboard``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluations import scoring, spreadsheet
from evaluations.models import Scorecard
from evaluations.selectors import Dashboard, DashboardColumn, user_display_name


def fixed(value: Fraction | None, places: int) -> Decimal | None:
    """A number with ``places`` decimals, rounded half up; None for no value.

    A number, not its text: ``spreadsheet`` writes numbers as they are and neutralises text only.
    """
    if value is None:
        return None
    return scoring.round_half_up(value, places)


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
    candidate_url: str = ""


def debrief(data: Dashboard) -> list[DebriefItem]:
    """Qualities where the panel disagrees, per candidate, with the evidence side by side."""
    names = {q.code: q.name for q in data.qualities}
    candidate_url = _pk_url("evaluations:candidate-detail")
    scorecard_url = _pk_url("evaluations:scorecard-detail")
    items = []
    for column in data.columns:
        for code in column.result.disagreements:
            opinions = [
                {
                    "interviewer": score.interviewer_name,
                    "value": score.value,
                    "evidence": data.evidence.get((score.scorecard_id, code), ""),
                    "scorecard_id": score.scorecard_id,
                    "url": scorecard_url(score.scorecard_id),
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
                    candidate_url=candidate_url(column.candidate.pk),
                )
            )
    return items


# --- the dashboard table ----------------------------------------------------------------------
# The table holds qualities × candidates cells (2,200 for 200 candidates). Looking values up
# per cell in the template (filters, nested loops over qualities and scores) made rendering
# cost about a second at that size; here each cell is put together once, in plain Python.


@dataclass(frozen=True)
class DashboardCell:
    mean: Fraction | None
    best: bool
    below_bar: bool
    disagreement: bool
    scores_title: str  # "Name: 4 · Name: 3", for the tooltip
    scores_text: str  # "Name 4, Name 3", for screen readers
    adjusted: Fraction | None


@dataclass(frozen=True)
class DashboardRow:
    """One quality across the columns.

    Its cells are made as they are written out, so that the 2,200 cells of a shortlist of 200
    are never all alive at once (the garbage collector walks every live object).
    """

    quality: Any
    best: Fraction | None
    columns: list[DashboardColumn]

    @property
    def cells(self) -> Iterator[DashboardCell]:
        code = self.quality.code
        for column in self.columns:
            result = column.result
            mean = result.means.get(code)
            scores = column.scores_by_quality.get(code, ())
            yield DashboardCell(
                mean=mean,
                best=mean is not None and mean == self.best,
                below_bar=code in result.below_bar,
                disagreement=code in result.disagreements,
                scores_title=" · ".join(f"{s.interviewer_name}: {s.value}" for s in scores),
                scores_text=", ".join(f"{s.interviewer_name} {s.value}" for s in scores),
                adjusted=column.adjusted_means.get(code),
            )


def dashboard_rows(data: Dashboard) -> list[DashboardRow]:
    """One row per quality, one cell per column in rank order."""
    return [DashboardRow(quality=q, best=data.best.get(q.code), columns=data.columns) for q in data.qualities]


def _pk_url(name: str) -> Callable[[int], str]:
    """``reverse(name, args=[pk])`` for any pk, from one call to ``reverse``.

    ``reverse`` costs about 20 µs, and a dashboard of 200 candidates links to thousands of
    scorecards whose URLs differ only by the pk.
    """
    marker = 918273645546372819
    head, tail = reverse(name, args=[marker]).split(str(marker))
    return lambda pk: f"{head}{pk}{tail}"


@dataclass(frozen=True)
class ColumnView:
    column: DashboardColumn
    url: str
    scorecard_links: list[tuple[str, str]]  # (url, interviewer name)
    below_bar_names: str
    best_score: bool = False


def dashboard_columns(data: Dashboard) -> list[ColumnView]:
    """The columns in rank order with their links and the names of the qualities under the bar."""
    names = {q.code: q.name for q in data.qualities}
    candidate_url = _pk_url("evaluations:candidate-detail")
    scorecard_url = _pk_url("evaluations:scorecard-detail")
    return [
        ColumnView(
            column=column,
            url=candidate_url(column.candidate.pk),
            scorecard_links=[
                (scorecard_url(card["pk"]), card["interviewer_name"]) for card in column.scorecards
            ],
            below_bar_names=", ".join(names[code] for code in column.result.below_bar),
            best_score=(
                column.result.weighted_score is not None
                and column.result.weighted_score == data.best.get("weighted_score")
            ),
        )
        for column in data.columns
    ]


@dataclass(frozen=True)
class FragilityItem:
    quality_name: str
    delta: int
    candidate_name: str


def fragility_items(data: Dashboard) -> list[FragilityItem]:
    names = {q.code: q.name for q in data.qualities}
    candidates = {c.candidate.pk: c.candidate.name for c in data.columns}
    return [
        FragilityItem(names[change.quality], change.delta, candidates[change.top_candidate_id])
        for change in data.fragility
    ]


# --- the XLSX workbook ------------------------------------------------------------------------
# The CSV's rows and columns (``csv_rows``), then the latest decision and the thin-evidence mark;
# the header in the user's language; a second sheet with the debrief.


def _header_labels(data: Dashboard) -> dict[str, str]:
    labels = {
        "rank": _("Rank"),
        "candidate": _("Candidate"),
        "email": _("Email"),
        "position": _("Position"),
        "scorecards": _("Scorecards"),
        "weighted_score": _("Weighted score"),
        "coverage": _("Coverage (%)"),
        "below_bar": _("Below the bar"),
        **{q.code: q.name for q in data.qualities},
        **dict(Scorecard.Recommendation.choices),
    }
    return {code: str(label) for code, label in labels.items()}


def xlsx_sheets(
    data: Dashboard, *, latest: Mapping[int, Any], thin_below: int = scoring.THIN_EVIDENCE_BELOW
) -> list[spreadsheet.Sheet]:
    """The dashboard's workbook: ``latest`` maps candidate ids to their latest ``Decision``."""
    rows = csv_rows(data)
    codes = next(rows)
    labels = _header_labels(data)
    header = [
        *(labels.get(code, code) for code in codes),
        _("Latest decision"),
        _("Decided by"),
        _("Decided at"),
        _("Reason"),
        _("Thin evidence"),
    ]
    body = []
    for row, column in zip(rows, data.columns, strict=True):
        decision = latest.get(column.candidate.pk)
        body.append(
            [
                *row,
                str(decision.get_to_status_display()) if decision else None,
                user_display_name(decision.actor) if decision else None,
                timezone.localtime(decision.at) if decision else None,
                decision.reason if decision else None,
                scoring.thin_evidence(column.result.scorecard_count, thin_below),
            ]
        )
    debrief_rows = [
        [
            item.candidate_name,
            item.quality_name,
            opinion["interviewer"],
            opinion["value"],
            opinion["evidence"],
        ]
        for item in debrief(data)
        for opinion in item.opinions
    ]
    return [
        spreadsheet.Sheet(
            title="shortlist",
            header=[str(label) for label in header],
            rows=body,
            frozen_columns=2,
            widths={2: 28, 3: 28, 4: 24, len(header) - 1: 40},
        ),
        spreadsheet.Sheet(
            title="debrief",
            header=[
                str(_("Candidate")),
                str(_("Quality")),
                str(_("Interviewer")),
                str(_("Score")),
                str(_("Evidence")),
            ],
            rows=debrief_rows,
            widths={1: 28, 2: 24, 3: 24, 5: 80},
        ),
    ]
