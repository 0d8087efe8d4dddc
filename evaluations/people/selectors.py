"""Reads about people."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model

from evaluations.people.names import display_name


def users_by_id(ids: Iterable[int]) -> dict[int, Any]:
    return {u.pk: u for u in get_user_model().objects.filter(pk__in=list(ids))}


def display_names(ids: Iterable[int]) -> dict[int, str]:
    """How each of these people is named on every page, by pk (one query)."""
    wanted = list(ids)
    if not wanted:
        return {}
    model = get_user_model()
    rows = model.objects.filter(pk__in=wanted).values_list(
        "pk", "first_name", "last_name", model.USERNAME_FIELD
    )
    return {pk: display_name(first, last, username) for pk, first, last, username in rows}
