"""Who may open a view: decorators and mixins over ``roles``."""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.contrib.auth.mixins import UserPassesTestMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from evaluations.people import roles
from evaluations.shortlists.models import Shortlist


def manager_required(view):
    """Hiring managers and administrators only; everyone else gets 403."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not roles.is_manager(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


class ManagerRequiredMixin(UserPassesTestMixin):
    raise_exception = True

    def test_func(self) -> bool:
        return roles.is_manager(self.request.user)


def require_shortlist_change(request: HttpRequest, shortlist: Shortlist) -> None:
    """403 unless the user may rename, delete or change who is on this shortlist."""
    if not roles.may_change_shortlist(request.user, shortlist):
        raise PermissionDenied


class ShortlistOwnerMixin(ManagerRequiredMixin):
    """Hiring managers past the door; then only the shortlist's owner and administrators."""

    def get_object(self, queryset: Any = None) -> Shortlist:
        shortlist = super().get_object(queryset)
        require_shortlist_change(self.request, shortlist)
        return shortlist


def schedule_required(view):
    """Recruiters, hiring managers and administrators; anyone else gets 403."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not roles.can_schedule(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped
