from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

from evaluations import roles


def roles_context(request: HttpRequest) -> dict[str, bool]:
    # An error page raised before AuthenticationMiddleware ran (a bad Host header) has no user.
    user = getattr(request, "user", None) or AnonymousUser()
    return {
        "is_manager": roles.is_manager(user),
        "is_admin": roles.is_admin(user),
        "can_schedule": roles.can_schedule(user),
    }
