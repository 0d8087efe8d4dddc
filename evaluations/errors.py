"""Error pages in the site's layout, in the user's language."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

API_PREFIX = "/api/v1/"


def _api_error(request: HttpRequest, status: int, message: str) -> HttpResponse | None:
    """The JSON API answers its errors in JSON, even those raised before its views (a NUL in the
    query string, an unknown path under /api/v1/); its documentation page is a page."""
    if request.path.startswith(API_PREFIX) and request.path != API_PREFIX:
        return JsonResponse({"detail": message}, status=status)
    return None


@requires_csrf_token
def bad_request(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return _api_error(request, 400, _("Bad request.")) or render(request, "400.html", status=400)


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return _api_error(request, 403, _("Permission denied.")) or render(request, "403.html", status=403)


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return _api_error(request, 404, _("Not found.")) or render(request, "404.html", status=404)


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    api = _api_error(request, 500, _("Server error."))
    if api is not None:
        return api
    # No context processors: the database may be what failed.
    return HttpResponse(loader.get_template("500.html").render({}), status=500)
