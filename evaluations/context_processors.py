from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

from evaluations.people import roles
from evaluations.scorecards import drafts


def roles_context(request: HttpRequest) -> dict[str, bool]:
    # An error page raised before AuthenticationMiddleware ran (a bad Host header) has no user.
    user = getattr(request, "user", None) or AnonymousUser()
    return {
        "is_manager": roles.is_manager(user),
        "is_admin": roles.is_admin(user),
        "can_schedule": roles.can_schedule(user),
    }


def drafts_context(request: HttpRequest) -> dict[str, object]:
    """What a page's script needs to look after the rubric copies kept in the browser."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"draft_storage_prefix": "", "drafts_to_forget": []}
    return {
        "draft_storage_prefix": drafts.storage_prefix(user),
        "drafts_to_forget": drafts.pop_saved(request),
    }
