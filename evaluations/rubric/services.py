"""Writes of the rubric: a quality's weight, bar and anchors, always under the weight rule."""

from __future__ import annotations

from collections.abc import Mapping
from types import EllipsisType
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from evaluations import scoring
from evaluations.rubric.models import Quality, Rubric, RubricChange


def check_weight_rule(
    weights: Mapping[str, int], names: Mapping[str, str], *, field: str | None = None
) -> None:
    """The weights' rule (``scoring.check_weights``) with its one message: the admin's form, the
    dashboard's what-if form and ``quality_update`` all call this.

    Raises ValidationError naming the qualities in conflict, on ``field`` when given.
    """
    offending = scoring.check_weights(weights)
    if not offending:
        return
    message = _(
        "Empathy must weigh strictly more than every other quality, and every weight must be a whole "
        "number from 1 to %(cap)s (in conflict: %(names)s)."
    ) % {"cap": scoring.MAX_WEIGHT, "names": ", ".join(names.get(code, code) for code in offending)}
    raise ValidationError({field: message} if field else message, code="weights")


@transaction.atomic
def quality_update(
    *,
    quality: Quality,
    actor: Any,
    reason: str,
    weight: int | None = None,
    minimum: int | EllipsisType | None = ...,
    **texts: str,
) -> Quality:
    """Change a quality's weight, bar or texts, keeping empathy strictly highest, with history."""
    reason = (reason or "").strip()
    locked = {q.pk: q for q in Quality.objects.select_for_update().order_by("order")}
    current = locked[quality.pk]
    changes: list[tuple[str, Any, Any]] = []
    if weight is not None and weight != current.weight:
        weights = {q.code: q.weight for q in locked.values()}
        weights[current.code] = weight
        check_weight_rule(weights, {q.code: q.name for q in locked.values()}, field="weight")
        changes.append(("weight", current.weight, weight))
        current.weight = weight
    if not isinstance(minimum, EllipsisType) and minimum != current.minimum:
        changes.append(("minimum", current.minimum, minimum))
        current.minimum = minimum
    for name, value in texts.items():
        if getattr(current, name) != value:
            changes.append((name, getattr(current, name), value))
            setattr(current, name, value)
    if not changes:
        return current
    if any(f in {"weight", "minimum"} for f, _old, _new in changes) and not reason:
        raise ValidationError({"reason": _("Say why the weight or bar changes: it is kept in the history.")})
    current.full_clean()
    current.save()
    RubricChange.objects.bulk_create(
        RubricChange(
            quality=current,
            field=f,
            old_value="" if old is None else str(old),
            new_value="" if new is None else str(new),
            reason=reason or "—",
            changed_by=actor,
        )
        for f, old, new in changes
    )
    return current


@transaction.atomic
def rubric_update(*, actor: Any, reason: str, rationale_en: str, rationale_fr: str) -> Rubric:
    rubric, _created = Rubric.objects.select_for_update().get_or_create(pk=1)
    changes = [
        (f, getattr(rubric, f), v)
        for f, v in (("rationale_en", rationale_en), ("rationale_fr", rationale_fr))
        if getattr(rubric, f) != v
    ]
    if not changes:
        return rubric
    for f, _old, new in changes:
        setattr(rubric, f, new)
    rubric.full_clean()
    rubric.save()
    RubricChange.objects.bulk_create(
        RubricChange(
            field=f, old_value=old, new_value=new, reason=(reason or "").strip() or "—", changed_by=actor
        )
        for f, old, new in changes
    )
    return rubric
