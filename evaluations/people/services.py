"""Writes about people: their preferences."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from evaluations.people.models import UserPreference


@transaction.atomic
def user_set_language(*, user: Any, language: str) -> None:
    """Remember the user's language for what the app sends them (reminders)."""
    UserPreference.objects.update_or_create(user=user, defaults={"language": language})
