"""Writes of the API that the pages make through model forms: candidates and positions.

Each is one transaction and validates with ``full_clean()``, whose messages (the model's
``clean()`` included: one email per candidate, in any case) become the API's per-field errors.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from evaluations.candidates.models import Candidate, Position


def _save(instance: Any, fields: Mapping[str, Any]) -> Any:
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.full_clean()
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as exc:
        # Another request took the same email between the check and the write.
        raise ValidationError({"email": _("Another candidate already has this email address.")}) from exc
    return instance


@transaction.atomic
def candidate_create(*, fields: Mapping[str, Any]) -> Candidate:
    return _save(Candidate(), fields)


@transaction.atomic
def candidate_update(*, candidate: Candidate, fields: Mapping[str, Any]) -> Candidate:
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    return _save(candidate, fields)


@transaction.atomic
def position_create(*, fields: Mapping[str, Any]) -> Position:
    return _save(Position(), fields)


@transaction.atomic
def position_update(*, position: Position, fields: Mapping[str, Any]) -> Position:
    position = Position.objects.select_for_update().get(pk=position.pk)
    return _save(position, fields)
