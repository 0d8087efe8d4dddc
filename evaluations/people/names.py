"""How a person is named on every page: a pure function of the user's own fields, no query."""

from __future__ import annotations

from typing import Any


def display_name(first_name: str, last_name: str, username: str) -> str:
    """How a person is named on every page: their full name, else their username."""
    return f"{first_name} {last_name}".strip() or username


def user_display_name(user: Any) -> str:
    return display_name(user.first_name, user.last_name, user.get_username())
