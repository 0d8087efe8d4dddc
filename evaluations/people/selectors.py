"""Reads about people."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model


def users_by_id(ids: Iterable[int]) -> dict[int, Any]:
    return {u.pk: u for u in get_user_model().objects.filter(pk__in=list(ids))}
