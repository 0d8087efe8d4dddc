"""Login throttling (django-axes): the username it records and locks."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

USERNAME_COLUMN = 255  # axes' AccessAttempt.username and AccessFailureLog.username


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str | None:
    """The username as axes reads it by default, cut to its column and without NUL.

    axes cuts the user agent and the path to their columns but not the username, and Django's
    login form sets the username's max_length only on the widget, so a username of any length
    reaches authentication: on PostgreSQL the failed attempt did not fit and the login page
    answered 500 instead of "wrong username or password".
    """
    field = getattr(settings, "AXES_USERNAME_FORM_FIELD", "username")
    source = credentials if credentials else getattr(request, "data", request.POST)
    username = source.get(field)
    if username is None:
        return None
    return str(username).replace("\x00", "")[:USERNAME_COLUMN]
