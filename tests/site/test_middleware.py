"""Request guards: what every response behind the login says to caches."""

from __future__ import annotations

import gzip
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from evaluations.rubric import selectors as rubric_selectors
from tests.factories import ShortlistFactory
from tests.people import test_permissions as matrix

pytestmark = pytest.mark.django_db

NO_STORE = "private, no-store"
# Outside the login: they may keep their own headers.
PUBLIC = {"healthz", "login", "set_language"}
LOGGED_IN = ("recruiter", "manager", "admin")

# The permission matrix's data: a submitted scorecard, a shortlist, a row for each admin page.
world = matrix.world


def _app_path(key: str, world: dict[str, Any]) -> str:
    row = matrix.TABLE[key]
    kwargs = dict(row.kwargs)
    if row.pk:
        kwargs["pk"] = world["pks"][row.pk]
    return reverse(key, kwargs=kwargs or None)


def _every_path(world: dict[str, Any]) -> list[str]:
    paths = [_app_path(key, world) for key in matrix.APP_KEYS if key not in PUBLIC]
    paths += [
        matrix._admin_path(route, world) for key, route in matrix.ADMIN_PATTERNS if key != "admin:login"
    ]
    assert len(paths) > 50
    return paths


@pytest.mark.parametrize("role", LOGGED_IN)
def test_private_no_store_on_every_url_pattern_for_logged_in_users(world, role) -> None:
    """Every URL of the resolver, GET then POST, as each role: 200s, redirects, 403s, 404s, 405s."""
    user = world["users"][role]
    paths = _every_path(world)
    statuses = set()
    # GETs first: a POST may delete the shortlist or log out.
    for method in ("GET", "POST"):
        for path in paths:
            client = Client()
            client.force_login(user)
            response = client.generic(method, path)
            statuses.add(response.status_code)
            assert response["Cache-Control"] == NO_STORE, f"{method} {path} as {role}: {response.status_code}"
    assert {200, 302, 405} <= statuses
    if role != "admin":
        assert 403 in statuses or 302 in statuses


@pytest.mark.parametrize(
    ("role", "path", "status"),
    [
        ("manager", "/candidates/{candidate}/", 200),
        ("manager", "/shortlists/{shortlist}/", 200),
        ("manager", "/shortlists/{shortlist}/export.csv", 200),
        ("recruiter", "/candidates/{candidate}/scorecard/", 200),
        ("admin", "/scorecards/{scorecard}/", 200),
        ("manager", "/", 302),
        ("recruiter", "/shortlists/{shortlist}/", 403),
        ("recruiter", "/candidates/999999999/", 404),
        ("recruiter", "/no-such-page/", 404),
        ("admin", "/admin/evaluations/candidate/{candidate}/change/", 200),
        ("admin", "/admin/", 200),
    ],
)
def test_private_no_store_on_pages_exports_redirects_and_errors(
    client,
    world,
    settings,
    role,
    path,
    status,
) -> None:
    settings.DEBUG = False
    client.force_login(world["users"][role])
    response = client.get(path.format(**world["pks"]))
    assert response.status_code == status
    assert response["Cache-Control"] == NO_STORE


def test_private_no_store_on_the_500_page(client, recruiter, settings, monkeypatch) -> None:
    settings.DEBUG = False

    def broken() -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(rubric_selectors, "rubric_page", broken)
    client.force_login(recruiter)
    client.raise_request_exception = False
    response = client.get(reverse("evaluations:quality-list"))
    assert response.status_code == 500
    assert response["Cache-Control"] == NO_STORE


def test_private_no_store_on_the_anonymous_redirect_to_login(client, world) -> None:
    response = client.get(f"/candidates/{world['pks']['candidate']}/")
    assert response.status_code == 302
    assert response["Cache-Control"] == NO_STORE


def test_static_files_keep_their_cache(recruiter, settings) -> None:
    # Served from the finders as in development; in production the manifest's hashed names are
    # cached for years. Either way, the middleware leaves static files alone.
    settings.WHITENOISE_USE_FINDERS = True
    client = Client()
    client.force_login(recruiter)
    response = client.get("/static/css/app.css")
    assert response.status_code == 200
    assert "no-store" not in response["Cache-Control"]
    assert "max-age=" in response["Cache-Control"]
    assert "public" in response["Cache-Control"]


def test_pages_leave_gzipped_to_a_browser_that_accepts_it_and_plain_otherwise(client, manager):
    shortlist = ShortlistFactory(owner=manager)
    client.force_login(manager)
    url = reverse("evaluations:shortlist-detail", args=[shortlist.pk])

    plain = client.get(url)
    packed = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")

    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    unpacked = gzip.decompress(packed.content).decode()
    # The same page (each carries its own masked CSRF token), in a fraction of the bytes.
    assert re.sub(r'value="[^"]{64}"', "", unpacked) == re.sub(
        r'value="[^"]{64}"', "", plain.content.decode()
    )
    assert len(packed.content) < len(plain.content) / 2
