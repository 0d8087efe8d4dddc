"""Reads of the rubric: the qualities in order, their rules, the rubric page and the history
of the weights.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Max, Q

from evaluations import scoring
from evaluations.people.names import user_display_name
from evaluations.rubric.models import Quality, Rubric, RubricChange
from evaluations.shortlists.models import Shortlist


def qualities() -> list[Quality]:
    return list(Quality.objects.order_by("order"))


def quality_rules(
    quality_list: Iterable[Quality], weights: Mapping[str, int] | None = None
) -> list[scoring.QualityRule]:
    """The qualities' rules; ``weights`` tries other weights in place of the stored ones (what-if)."""
    tried = weights or {}
    return [
        scoring.QualityRule(code=q.code, weight=tried.get(q.code, q.weight), minimum=q.minimum)
        for q in quality_list
    ]


# The fields of a RubricChange that change the ranking or the flags (the rest are texts).
RANKING_FIELDS = ("weight", "minimum")


@dataclass
class RubricPage:
    qualities: list[Quality]
    total_weight: int
    rubric: Rubric | None
    changes: list[RubricChange]
    # When a weight or bar changed after the rationale was last written (the seeded one counts
    # as written before any change): its figures may be out of date.
    rationale_outdated_since: datetime.datetime | None = None


def rubric_page() -> RubricPage:
    quality_list = qualities()
    last = RubricChange.objects.aggregate(
        ranking=Max("changed_at", filter=Q(field__in=RANKING_FIELDS)),
        rationale=Max("changed_at", filter=Q(field__startswith="rationale")),
    )
    ranking, rationale = last["ranking"], last["rationale"]
    outdated = ranking if ranking is not None and (rationale is None or rationale < ranking) else None
    return RubricPage(
        qualities=quality_list,
        total_weight=sum(q.weight for q in quality_list),
        rubric=Rubric.objects.first(),
        changes=list(RubricChange.objects.select_related("quality", "changed_by")[:50]),
        rationale_outdated_since=outdated,
    )


def weight_history(*, shortlist: Shortlist) -> list[dict[str, Any]]:
    """The changes of weights and bars since the shortlist was created, newest first: one query.

    Plain rows, for ``rubric.presenters.weight_history`` to turn into what the dashboard shows.
    """
    changes = (
        RubricChange.objects.filter(
            field__in=RANKING_FIELDS, quality__isnull=False, changed_at__gt=shortlist.created_at
        )
        .select_related("quality", "changed_by")
        .order_by("-changed_at", "-pk")
    )
    return [
        {
            "changed_at": change.changed_at,
            "who": user_display_name(change.changed_by),
            "quality": change.quality.name if change.quality else "",
            "field": change.field,
            "old": change.old_value,
            "new": change.new_value,
            "reason": change.reason,
        }
        for change in changes
    ]
