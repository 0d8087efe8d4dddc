"""Site-wide views: the health check, the home page, logging out and the language."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views import i18n as i18n_views
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from evaluations.people import services
from evaluations.scorecards import drafts


@login_not_required
@require_GET
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


def home(request: HttpRequest) -> HttpResponse:
    return redirect("evaluations:todo")


class LogoutView(auth_views.LogoutView):
    """Django's logout, which also leaves nothing of a scorecard behind in the browser.

    The page's script deletes this user's rubric copies as the logout form is sent; the cookie
    set here does it on the next page for a logout sent any other way (the admin's button, a
    page whose script did not run). ``Clear-Site-Data`` empties the browser's HTTP cache, so
    that no evaluation page comes back from it for the next person on this browser.
    """

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        prefix = drafts.storage_prefix(request.user) if request.user.is_authenticated else ""
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"cache"'
        if prefix:
            response.set_cookie(
                drafts.FORGET_COOKIE,
                prefix,
                max_age=60 * 60 * 24 * 30,
                samesite="Lax",
                secure=request.is_secure(),
                httponly=False,  # read and deleted by the page's script
            )
        return response


@login_not_required
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switcher, which also keeps the choice as the user's preference (emails)."""
    response = i18n_views.set_language(request)
    language = request.POST.get("language", "") if request.method == "POST" else ""
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        services.user_set_language(user=request.user, language=language)
    return response
