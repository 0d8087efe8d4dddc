"""Headers, a strict CSP that the pages really obey, login throttling, error pages, passwords."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.test import Client
from django.urls import reverse

from evaluations.rubric import selectors as rubric_selectors
from tests.factories import CandidateFactory, ScorecardFactory, ShortlistFactory

pytestmark = pytest.mark.django_db

# A <script> that runs without a src, an inline style, a <style> element, an inline event handler:
# each is refused by "script-src 'self'; style-src 'self'" and would break the page silently.
INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
INLINE_STYLE_ATTRIBUTE = re.compile(rb"<[^>]*\sstyle\s*=", re.I)
STYLE_ELEMENT = re.compile(rb"<style[\s>]", re.I)
EVENT_HANDLER = re.compile(rb"<[^>]*\son[a-z]+\s*=", re.I)


@pytest.fixture
def pages(recruiter, other_recruiter, manager) -> dict[str, Any]:
    """Objects behind the main pages, with scores, so that every part of each page renders."""
    candidate = CandidateFactory(name="Alice Martin")
    other = CandidateFactory(name="Bruno Petit", position=candidate.position)
    values = {"empathy": 2, "adaptability": 5, "creativity": 1, "analysis": 4}
    card = ScorecardFactory(candidate=candidate, interviewer=recruiter, values=values)
    ScorecardFactory(candidate=candidate, interviewer=other_recruiter, values={"empathy": 5, "creativity": 4})
    ScorecardFactory(candidate=other, interviewer=recruiter, values={"empathy": 4, "adaptability": 3})
    ScorecardFactory(
        candidate=other, interviewer=manager, status="draft", recommendation="", values={"empathy": 3}
    )
    shortlist = ShortlistFactory(owner=manager, position=candidate.position)
    shortlist.candidates.add(candidate, other)
    empty = ShortlistFactory(owner=manager, name="Empty")
    return {"candidate": candidate, "other": other, "card": card, "shortlist": shortlist, "empty": empty}


def _main_paths(pages: dict[str, Any]) -> list[str]:
    c, o, card, sl = pages["candidate"].pk, pages["other"].pk, pages["card"].pk, pages["shortlist"].pk
    return [
        reverse("evaluations:candidate-list"),
        reverse("evaluations:candidate-list") + "?q=zzz",
        reverse("evaluations:candidate-create"),
        reverse("evaluations:candidate-detail", args=[c]),
        reverse("evaluations:candidate-edit", args=[c]),
        reverse("evaluations:scorecard", args=[c]),  # a fresh rubric
        reverse("evaluations:scorecard", args=[o]),  # the manager's draft
        reverse("evaluations:scorecard-detail", args=[card]),
        reverse("evaluations:quality-list"),
        reverse("evaluations:position-list"),
        reverse("evaluations:position-create"),
        reverse("evaluations:position-edit", args=[pages["candidate"].position_id]),
        reverse("evaluations:shortlist-list"),
        reverse("evaluations:shortlist-create"),
        reverse("evaluations:shortlist-detail", args=[sl]),
        reverse("evaluations:shortlist-detail", args=[sl]) + "?w_empathy=4&w_analysis=2",
        reverse("evaluations:shortlist-detail", args=[sl]) + "?adjusted=1",
        reverse("evaluations:shortlist-detail", args=[pages["empty"].pk]),
        reverse("evaluations:shortlist-edit", args=[sl]),
        reverse("evaluations:shortlist-delete", args=[sl]),
        reverse("evaluations:calibration"),
        reverse("password_change"),
        "/candidates/999999/",  # the 404 page
    ]


def _assert_no_inline_code(path: str, content: bytes) -> None:
    for name, pattern in [
        ("inline <script>", INLINE_SCRIPT),
        ("style= attribute", INLINE_STYLE_ATTRIBUTE),
        ("<style> element", STYLE_ELEMENT),
        ("inline event handler", EVENT_HANDLER),
    ]:
        found = pattern.search(content)
        assert found is None, f"{path}: {name} {found and found[0][:120]!r}"


def test_csp_header_is_strict_on_app_pages(client, manager, pages) -> None:
    client.force_login(manager)
    for path in [*_main_paths(pages), reverse("evaluations:shortlist-export", args=[pages["shortlist"].pk])]:
        policy = client.get(path)["Content-Security-Policy"]
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
        assert directives["script-src"] == "'self'", path
        assert directives["style-src"] == "'self'", path
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, path
        assert directives["frame-ancestors"] == "'none'", path


def test_csp_header_is_on_the_login_page(client) -> None:
    assert "script-src 'self'" in Client().get(reverse("login"))["Content-Security-Policy"]


@pytest.mark.parametrize("user_fixture", ["manager", "recruiter"])
def test_app_pages_render_no_inline_script_or_style(client, request, pages, user_fixture: str) -> None:
    client.force_login(request.getfixturevalue(user_fixture))
    for path in _main_paths(pages):
        response = client.get(path)
        assert response.status_code in (200, 302, 403, 404), path
        _assert_no_inline_code(path, response.content)


def test_anonymous_pages_render_no_inline_script_or_style(client) -> None:
    for path in [reverse("login")]:
        _assert_no_inline_code(path, client.get(path).content)


def test_inline_code_patterns_catch_what_they_look_for() -> None:
    """The patterns above would see a regression (and pass the JSON data island and src scripts)."""
    _assert_no_inline_code(
        "ok", b'<script src="/s.js"></script><script id="d" type="application/json">{}</script>'
    )
    for bad in [
        b"<script>alert(1)</script>",
        b'<div style="color:red">',
        b"<style>p{}</style>",
        b'<a onclick="x()">',
    ]:
        with pytest.raises(AssertionError):
            _assert_no_inline_code("bad", bad)


def test_frame_options_deny_everywhere(client, recruiter) -> None:
    assert client.get(reverse("login"))["X-Frame-Options"] == "DENY"
    client.force_login(recruiter)
    assert client.get(reverse("evaluations:candidate-list"))["X-Frame-Options"] == "DENY"


def test_login_after_five_failures_is_locked_even_with_right_password(recruiter) -> None:
    assert settings.AXES_FAILURE_LIMIT == 5
    client = Client()
    url = reverse("login")
    for attempt in range(1, 5):
        response = client.post(url, {"username": recruiter.username, "password": f"wrong-{attempt}"})
        assert response.status_code == 200, attempt  # the form again, with its error
        assert b"Too many failed login attempts" not in response.content
    fifth = client.post(url, {"username": recruiter.username, "password": "wrong-5"})
    assert fifth.status_code == 429
    sixth = client.post(url, {"username": recruiter.username, "password": "pw"})
    assert sixth.status_code == 429
    assert b"Too many failed login attempts" in sixth.content
    assert "_auth_user_id" not in client.session
    # The lock is on that username from that address: another user still logs in.
    other = Client().post(url, {"username": "nobody-locked", "password": "x"})
    assert other.status_code == 200


@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/"])
def test_login_with_overlong_username_fails_then_locks_without_error(url) -> None:
    """Django's login form lets any length through; the failure must still be recorded (axes: 255)."""
    client = Client(raise_request_exception=False)
    username = "u" * 1000
    statuses = [client.post(url, {"username": username, "password": "x"}).status_code for _ in range(6)]
    # Four failures show the form again; the fifth reaches the limit and locks, as does the sixth.
    assert statuses == [200, 200, 200, 200, 429, 429]


def test_login_with_right_password_before_the_limit_succeeds(recruiter) -> None:
    client = Client()
    for attempt in range(4):
        client.post(reverse("login"), {"username": recruiter.username, "password": f"wrong-{attempt}"})
    response = client.post(reverse("login"), {"username": recruiter.username, "password": "pw"})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(recruiter.pk)


def _assert_in_layout(content: bytes) -> None:
    assert b'aria-label="Main navigation"' in content
    assert b'href="/candidates/"' in content  # the logged-in navigation, not only the brand


def test_error_404_renders_in_layout(client, recruiter, settings) -> None:
    settings.DEBUG = False
    client.force_login(recruiter)
    response = client.get("/candidates/999999/")
    assert response.status_code == 404
    assert b"Page not found" in response.content
    _assert_in_layout(response.content)


def test_error_403_renders_in_layout(client, recruiter, settings) -> None:
    settings.DEBUG = False
    client.force_login(recruiter)
    response = client.get(reverse("evaluations:calibration"))
    assert response.status_code == 403
    assert b"Your role does not give access to this page" in response.content
    _assert_in_layout(response.content)


def test_error_400_renders_our_page(client, recruiter, settings, monkeypatch) -> None:
    settings.DEBUG = False

    def suspicious() -> None:
        raise SuspiciousOperation("tampered")

    monkeypatch.setattr(rubric_selectors, "rubric_page", suspicious)
    client.force_login(recruiter)
    response = client.get(reverse("evaluations:quality-list"))
    assert response.status_code == 400
    assert b"The request could not be understood" in response.content
    _assert_in_layout(response.content)


def test_error_500_renders_our_page(client, recruiter, settings, monkeypatch) -> None:
    settings.DEBUG = False

    def broken() -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(rubric_selectors, "rubric_page", broken)
    client.force_login(recruiter)
    client.raise_request_exception = False
    response = client.get(reverse("evaluations:quality-list"))
    assert response.status_code == 500
    assert b"Something went wrong on our side" in response.content
    assert b"boom" not in response.content and b"Traceback" not in response.content
    assert "script-src 'self'" in response["Content-Security-Policy"]
    _assert_no_inline_code("500", response.content)


def test_password_validators_refuse_the_demo_password() -> None:
    assert settings.AUTH_PASSWORD_VALIDATORS
    with pytest.raises(ValidationError):
        validate_password("demo")
