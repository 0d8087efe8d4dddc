"""The dashboard's exports: the rows of the CSV, as plain values.

No rule is computed here: the numbers come from ``scoring`` through ``selectors.dashboard``.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from evaluations import scoring
from evaluations.exchange import spreadsheet
from evaluations.people.names import user_display_name
from evaluations.scorecards.models import Scorecard
from evaluations.shortlists.selectors import Dashboard


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


# --- the XLSX workbook ------------------------------------------------------------------------

# The CSV's rows and columns (``csv_rows``), then the latest decision and the thin-evidence mark;
# the header in the user's language; a second sheet with the debrief.


def _debrief_rows(data: Dashboard) -> Iterator[list[Any]]:
    """One row per score on a quality in disagreement: candidate, quality, interviewer, score, evidence."""
    names = {q.code: q.name for q in data.qualities}
    for column in data.columns:
        for code in column.result.disagreements:
            for score in sorted(column.scores_by_quality.get(code, ()), key=lambda s: -(s.value or 0)):
                yield [
                    column.candidate.name,
                    names[code],
                    score.interviewer_name,
                    score.value,
                    data.evidence.get((score.scorecard_id, code), ""),
                ]


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


def provenance(data: Dashboard, *, exported_at: datetime.datetime, exported_by: str) -> str:
    """Which weights ranked the file's candidates, and when and by whom it was taken: a file
    outlives the page, and the weights may have changed since."""
    names = {q.code: q.name for q in data.qualities}
    weights = ", ".join(f"{names.get(rule.code, rule.code)} {rule.weight}" for rule in data.rules)
    return _("Ranked with the weights %(weights)s. Exported on %(when)s by %(who)s.") % {
        "weights": weights,
        "when": date_format(timezone.localtime(exported_at), "SHORT_DATETIME_FORMAT"),
        "who": exported_by,
    }


def xlsx_sheets(
    data: Dashboard,
    *,
    latest: Mapping[int, Any],
    thin_below: int = scoring.THIN_EVIDENCE_BELOW,
    note: str = "",
) -> list[spreadsheet.Sheet]:
    """The dashboard's workbook: ``latest`` maps candidate ids to their latest ``Decision``;
    ``note`` is written under the table (``provenance``)."""
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
                scoring.thin_evidence(column.result.interviewer_count, thin_below),
            ]
        )
    debrief_rows = list(_debrief_rows(data))
    return [
        spreadsheet.Sheet(
            title="shortlist",
            header=[str(label) for label in header],
            rows=body,
            frozen_columns=2,
            widths={2: 28, 3: 28, 4: 24, len(header) - 1: 40},
            note=note,
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
