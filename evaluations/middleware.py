"""Guards around every request: a strict Content-Security-Policy, no NUL in query strings, and
no copy of a page behind the login kept by a browser or a proxy."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse

POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # The admin ships inline scripts and styles of its own; it keeps Django's defaults.
        if not request.path.startswith("/admin/"):
            response.headers.setdefault("Content-Security-Policy", POLICY)
        return response


class RejectNulQueryMiddleware:
    """Answer 400 to a query string holding a NUL character.

    PostgreSQL refuses NUL in text, even as a filter value. POSTed forms already reject it
    (Django's CharField validates it away), but GET filters — ours and the admin's list filters
    and autocomplete — would reach the database with it and fail with a 500.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        for key, values in request.GET.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                raise BadRequest("NUL character in the query string")
        return self.get_response(request)


class PrivateNoStoreMiddleware:
    """``Cache-Control: private, no-store`` on every response but the static files.

    Candidate pages, scorecards, dashboards and exports hold personal data and evaluations: no
    browser cache, shared proxy or back button may keep a copy for the next person at the desk.
    One middleware rather than a decorator per view, so that every page, redirect and error
    page, the admin and any view added later are covered, whatever the view set (it replaces
    ``never_cache``'s longer header: ``no-store`` is what matters). The few public pages (login,
    ``/healthz``) lose nothing by it. Static files keep their long cache: WhiteNoise answers them
    before this middleware, and the prefix check covers a server that would not.
    """

    VALUE = "private, no-store"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.static_prefix = "/" + (settings.STATIC_URL or "").lstrip("/")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.static_prefix != "/" and request.path.startswith(self.static_prefix):
            return response
        response.headers["Cache-Control"] = self.VALUE
        return response
