"""The dashboard's exports: the rows of the CSV, as plain values.

No rule is computed here: the numbers come from ``scoring`` through ``selectors.dashboard``.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction
from typing import Any

from evaluations import caching, scoring, selectors
from evaluations.selectors import Dashboard


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


def shortlist_rows(*, shortlist_id: int, user: Any) -> list[list[Any]]:
    """``csv_rows`` of a shortlist's dashboard as ``user`` may see it.

    Cached by the data's versions (``caching``) when the viewer is blind for no one; a panelist's
    rows are computed for them (``selectors.blind_dashboard``), never shared.
    """
    hidden = selectors.hidden_candidate_ids(user)
    if hidden:
        data = selectors.dashboard(shortlist_id=shortlist_id, with_fragility=False)
        return list(csv_rows(selectors.blind_dashboard(data, user=user, hidden=hidden, with_fragility=False)))
    return caching.cached(
        f"export-rows:{shortlist_id}",
        lambda: list(csv_rows(selectors.dashboard(shortlist_id=shortlist_id, with_fragility=False))),
        scopes=[caching.GLOBAL, caching.shortlist_scope(shortlist_id)],
    )
