"""Arbitrary input to every form and filter: never a 500, and a rejected request stores nothing.

Values include 20,000-character strings, NUL characters (PostgreSQL refuses them in text),
numbers out of every range, unknown fields and repeated keys. Bodies are sent urlencoded, as a
browser sends a form. Each example runs in a savepoint rolled back afterwards, so that every
example starts from the same data.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlencode

import pytest
from django.contrib.messages import constants as message_levels
from django.contrib.messages import get_messages
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evaluations.models import (
    Candidate,
    Position,
    Score,
    Scorecard,
    ScorecardEvent,
    Shortlist,
    ShortlistEntry,
)
from evaluations.scoring import QUALITY_CODES
from tests.factories import CandidateFactory, ScorecardFactory, ShortlistFactory

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
ALLOWED = {200, 302, 400, 403, 404, 409}
CODES = list(QUALITY_CODES)
MISSING = 999_999_999
TOO_BIG = 10**30  # past every integer column

# Surrogates cannot be encoded as UTF-8, so no browser can send them; everything else can.
SENDABLE = st.characters(exclude_categories=("Cs",))
short_text = st.text(SENDABLE, max_size=40)
huge_text = st.builds(
    lambda chunk, times: (chunk * times)[:20_000],
    st.sampled_from(["a", "é", "\x00", "x\x00y", "😀", "<b>", " "]),
    st.integers(min_value=1_000, max_value=20_000),
)
numbers = st.one_of(
    st.integers(min_value=-TOO_BIG, max_value=TOO_BIG).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)
specials = st.sampled_from(
    [
        *["", " ", "\x00", "1\x00", "0", "1", "3", "5", "6", "-1", "2.5", "1e3", "NaN"],
        *["strong_yes", "yes", "maybe", "submit", "save", "applied", "garbage", "on", "a@b.example"],
        *[str(MISSING), str(TOO_BIG)],
    ]
)
value = st.one_of(specials, short_text, numbers, huge_text)
values = st.lists(value, min_size=1, max_size=3)  # more than one value: a repeated key


def form_data(fields: list[str]) -> st.SearchStrategy[dict[str, list[str]]]:
    """Any subset of the form's fields (missing ones too), plus unknown keys, with any values."""
    keys = st.one_of(st.sampled_from([*fields, "unknown", "id", "pk", "csrfmiddlewaretoken"]), short_text)
    return st.dictionaries(keys, values, max_size=len(fields) + 3)


def _post(client: Any, url: str, data: dict[str, list[str]], **extra: Any) -> Any:
    body = urlencode(data, doseq=True)
    return client.post(url, body, content_type="application/x-www-form-urlencoded", **extra)


def _snapshot() -> list[list[tuple[Any, ...]]]:
    """Every stored row the forms can touch, field by field."""
    models = [Candidate, Position, Scorecard, Score, ScorecardEvent, Shortlist, ShortlistEntry]
    return [list(model.objects.order_by("pk").values_list()) for model in models]


def _errors(response: Any) -> bool:
    return any(m.level == message_levels.ERROR for m in get_messages(response.wsgi_request))


@contextmanager
def _rolled_back() -> Iterator[None]:
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


@pytest.fixture
def world(recruiter, other_recruiter, manager) -> dict[str, Any]:
    fresh = CandidateFactory(name="Fresh Candidate")
    drafted = CandidateFactory(name="Drafted Candidate", position=fresh.position)
    submitted = CandidateFactory(name="Submitted Candidate", position=fresh.position)
    draft = ScorecardFactory(
        candidate=drafted, interviewer=recruiter, status="draft", recommendation="", values={"empathy": 3}
    )
    Scorecard.objects.filter(pk=draft.pk).update(version=3)
    ScorecardFactory(candidate=submitted, interviewer=recruiter, values={"empathy": 4})
    others_card = ScorecardFactory(candidate=fresh, interviewer=other_recruiter, values={"empathy": 2})
    shortlist = ShortlistFactory(owner=manager, position=fresh.position)
    shortlist.candidates.add(drafted)
    return {
        "candidates": [fresh.pk, drafted.pk, submitted.pk],
        "position": fresh.position_id,
        "others_card": others_card.pk,
        "shortlist": shortlist.pk,
    }


def _pk(real: list[int]) -> st.SearchStrategy[int]:
    return st.sampled_from([*real, MISSING, TOO_BIG])


# --- the rubric -------------------------------------------------------------------------------

RUBRIC_FIELDS = [*CODES, *(f"{c}_evidence" for c in CODES), "recommendation", "notes", "version", "action"]


@FUZZ
@given(data=st.data())
def test_fuzz_rubric_post_never_fails_and_rejection_stores_nothing(client, recruiter, world, data) -> None:
    client.force_login(recruiter)
    pk = data.draw(_pk(world["candidates"]), label="candidate")
    body = data.draw(form_data([*RUBRIC_FIELDS, "autosave"]), label="body")
    # Make a submit or a well-formed score likely enough to reach the service, not only the form.
    body.setdefault("action", [data.draw(st.sampled_from(["save", "submit"]))])
    if data.draw(st.booleans()):
        body.update({"empathy": ["4"], "recommendation": ["yes"], "version": ["0"]})
    with _rolled_back():
        before = _snapshot()
        response = _post(client, reverse("evaluations:scorecard", args=[pk]), body)
        assert response.status_code in ALLOWED
        if response.status_code not in (200, 302):
            assert _snapshot() == before


# --- candidates and positions -----------------------------------------------------------------

CANDIDATE_FIELDS = ["name", "email", "phone", "position", "status", "source", "link", "notes"]


@FUZZ
@given(data=st.data())
def test_fuzz_candidate_forms_never_fail_and_rejection_stores_nothing(client, recruiter, world, data) -> None:
    client.force_login(recruiter)
    body = data.draw(form_data(CANDIDATE_FIELDS), label="body")
    if data.draw(st.booleans()):
        # A plausible base that the fuzzed fields then break (or not).
        base = {"name": ["Zoé"], "email": [data.draw(st.emails())], "position": [str(world["position"])]}
        body = {**base, **body}
    edit = data.draw(st.booleans())
    url = (
        reverse("evaluations:candidate-edit", args=[data.draw(_pk(world["candidates"]))])
        if edit
        else reverse("evaluations:candidate-create")
    )
    with _rolled_back():
        before = _snapshot()
        response = _post(client, url, body)
        assert response.status_code in ALLOWED
        if response.status_code != 302:
            assert _snapshot() == before


@FUZZ
@given(body=form_data(["title", "location", "is_open"]))
def test_fuzz_position_form_never_fails_and_rejection_stores_nothing(client, recruiter, world, body) -> None:
    client.force_login(recruiter)
    with _rolled_back():
        before = _snapshot()
        response = _post(client, reverse("evaluations:position-create"), body)
        assert response.status_code in ALLOWED
        if response.status_code != 302:
            assert _snapshot() == before


# --- shortlists and reopening (hiring managers) ------------------------------------------------

SHORTLIST_FORMS = {
    "evaluations:shortlist-create": ["name", "position"],
    "evaluations:shortlist-add-from-list": ["candidates", "shortlist", "new_name", "next"],
    "evaluations:shortlist-add": ["candidates"],
    "evaluations:shortlist-remove": ["candidate"],
    "evaluations:shortlist-note": ["candidate", "note"],
}


@FUZZ
@given(data=st.data())
def test_fuzz_shortlist_forms_never_fail_and_rejection_stores_nothing(client, manager, world, data) -> None:
    client.force_login(manager)
    name = data.draw(st.sampled_from(sorted(SHORTLIST_FORMS)), label="form")
    body = data.draw(form_data(SHORTLIST_FORMS[name]), label="body")
    if data.draw(st.booleans()):
        body.setdefault("candidates", [str(pk) for pk in world["candidates"]])
        body.setdefault("candidate", [str(world["candidates"][1])])
    needs_pk = name not in ("evaluations:shortlist-create", "evaluations:shortlist-add-from-list")
    args = [data.draw(_pk([world["shortlist"]]), label="shortlist")] if needs_pk else []
    with _rolled_back():
        before = _snapshot()
        response = _post(client, reverse(name, args=args), body)
        assert response.status_code in ALLOWED
        if response.status_code != 302 or _errors(response):
            assert _snapshot() == before


@pytest.mark.parametrize(
    ("next_url", "location"),
    [
        ("list", "list"),  # a bare word once went to reverse() as a view name: a 500
        ("logout", "logout"),
        ("1\x00", "1%00"),
        ("/candidates/?q=a", "/candidates/?q=a"),
        ("//evil.example/", "/candidates/"),
        ("https://evil.example/", "/candidates/"),
    ],
)
def test_fuzz_add_from_list_with_invalid_form_goes_back_safely(
    client, manager, world, next_url, location
) -> None:
    client.force_login(manager)
    response = client.post(reverse("evaluations:shortlist-add-from-list"), {"next": next_url})
    assert response.status_code == 302
    assert response["Location"] == location


@FUZZ
@given(data=st.data())
def test_fuzz_reopen_never_fails_and_rejection_stores_nothing(client, manager, world, data) -> None:
    client.force_login(manager)
    body = data.draw(form_data(["reason"]), label="body")
    pk = data.draw(_pk([world["others_card"]]), label="scorecard")
    with _rolled_back():
        before = _snapshot()
        response = _post(client, reverse("evaluations:scorecard-reopen", args=[pk]), body)
        assert response.status_code in ALLOWED
        if response.status_code != 302 or _errors(response):
            assert _snapshot() == before
        else:
            assert Scorecard.objects.get(pk=pk).status == Scorecard.Status.DRAFT


def test_fuzz_reopen_by_recruiter_is_refused_whatever_the_reason(client, recruiter, world) -> None:
    client.force_login(recruiter)
    before = _snapshot()
    response = _post(
        client, reverse("evaluations:scorecard-reopen", args=[world["others_card"]]), {"reason": ["x"]}
    )
    assert response.status_code == 403
    assert _snapshot() == before


# --- GET filters ------------------------------------------------------------------------------


@FUZZ
@given(data=st.data())
def test_fuzz_dashboard_what_if_params_never_fail(client, manager, world, data) -> None:
    client.force_login(manager)
    params = data.draw(form_data([*(f"w_{c}" for c in CODES), "adjusted"]), label="params")
    pk = data.draw(_pk([world["shortlist"]]), label="shortlist")
    with _rolled_back():
        before = _snapshot()
        response = client.get(reverse("evaluations:shortlist-detail", args=[pk]), params)
        assert response.status_code in ALLOWED
        assert _snapshot() == before


@FUZZ
@given(params=form_data(["q", "page", "position", "status"]))
def test_fuzz_candidate_list_params_never_fail(client, recruiter, world, params) -> None:
    client.force_login(recruiter)
    response = client.get(reverse("evaluations:candidate-list"), params)
    has_nul = any("\x00" in key or any("\x00" in v for v in vs) for key, vs in params.items())
    assert response.status_code == (400 if has_nul else 200)


@pytest.mark.parametrize(
    "params",
    [
        {"page": str(TOO_BIG)},
        {"page": "-1"},
        {"page": "last"},
        {"position": "-1"},
        {"position": str(TOO_BIG)},
        {"status": "garbage"},
        {"q": "é" * 20_000},
    ],
)
def test_fuzz_candidate_list_known_edge_params_answer_200(client, recruiter, world, params) -> None:
    client.force_login(recruiter)
    assert client.get(reverse("evaluations:candidate-list"), params).status_code == 200


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/candidates/", {"q": "a\x00b"}),
        ("/candidates/", {"a\x00": "1"}),
        ("/admin/evaluations/candidate/", {"status__exact": "a\x00b"}),  # the admin's list filter
        ("/admin/evaluations/candidate/", {"q": "\x00"}),
        (
            "/admin/autocomplete/",
            {
                "term": "a\x00",
                "app_label": "evaluations",
                "model_name": "candidate",
                "field_name": "position",
            },
        ),
    ],
)
def test_fuzz_nul_in_query_string_answers_400_page(client, admin_user, world, path, params) -> None:
    """PostgreSQL refuses NUL even as a filter value: GET filters, which no form guards, stop at 400."""
    client.force_login(admin_user)
    response = client.get(path, params)
    assert response.status_code == 400
    assert b"The request could not be understood" in response.content
    if not path.startswith("/admin/"):  # the admin keeps Django's own headers
        assert "script-src 'self'" in response["Content-Security-Policy"]


# --- the login form and the language switcher --------------------------------------------------


@FUZZ
@given(body=form_data(["username", "password", "next"]))
def test_fuzz_login_form_never_fails(client, world, body) -> None:
    with _rolled_back():
        response = _post(client, reverse("login"), body)
        assert response.status_code in ALLOWED | {429}


@FUZZ
@given(body=form_data(["language", "next"]))
def test_fuzz_language_switcher_never_fails(client, world, body) -> None:
    response = _post(client, reverse("set_language"), body, HTTP_ACCEPT="text/html")
    assert response.status_code in ALLOWED | {204}


def test_fuzz_nul_in_every_text_field_is_rejected_not_stored(client, recruiter, world) -> None:
    """PostgreSQL refuses NUL in text: each form must turn it into a form error, not a 500."""
    client.force_login(recruiter)
    nul = "A\x00B"
    cases = [
        (reverse("evaluations:scorecard", args=[world["candidates"][0]]), {"empathy_evidence": nul}),
        (reverse("evaluations:scorecard", args=[world["candidates"][0]]), {"notes": nul}),
        (reverse("evaluations:position-create"), {"title": nul}),
        (
            reverse("evaluations:candidate-create"),
            {"name": nul, "email": "nul@example.com", "position": str(world["position"])},
        ),
        (
            reverse("evaluations:candidate-create"),
            {"name": "Ok", "email": "nul@example.com", "position": str(world["position"]), "notes": nul},
        ),
    ]
    for url, body in cases:
        before = _snapshot()
        response = client.post(url, body)
        assert response.status_code in (200, 400), (url, body)
        assert b"Null characters are not allowed" in response.content, (url, body)
        assert _snapshot() == before


# --- interviews -------------------------------------------------------------------------------

INTERVIEW_FIELDS = ["title", "starts_at", "duration_minutes", "location", "panel", "focus"]


def _interview_rows() -> list[list[tuple[Any, ...]]]:
    from evaluations.models import Interview, InterviewEvent, InterviewPanelist

    return [
        list(m.objects.order_by("pk").values_list()) for m in (Interview, InterviewPanelist, InterviewEvent)
    ]


@pytest.fixture
def booked(world, recruiter) -> dict[str, Any]:
    from django.utils import timezone

    from evaluations import services

    interview = services.interview_schedule(
        candidate=Candidate.objects.get(pk=world["candidates"][0]),
        actor=recruiter,
        title="Screen",
        starts_at=timezone.now(),
        duration_minutes=30,
        location="",
        panel=[recruiter],
    )
    return {**world, "interview": interview.pk}


@FUZZ
@given(data=st.data())
def test_fuzz_interview_forms_never_500_and_invalid_stores_nothing(
    client_for, recruiter, booked, data
) -> None:
    client = client_for(recruiter)
    panel_value = st.lists(st.one_of(st.sampled_from([str(recruiter.pk)]), value), max_size=3)
    fields = data.draw(form_data(INTERVIEW_FIELDS))
    if data.draw(st.booleans()):
        fields["panel"] = data.draw(panel_value)
    target = data.draw(st.sampled_from(["create", "edit", "cancel"]))
    if target == "create":
        url = reverse("evaluations:interview-create", args=[data.draw(_pk(booked["candidates"]))])
    else:
        url = reverse(f"evaluations:interview-{target}", args=[data.draw(_pk([booked["interview"]]))])
    with _rolled_back():
        before = _interview_rows()
        response = _post(client, url, fields)
        assert response.status_code in ALLOWED, (url, fields)
        if response.status_code != 302:
            assert _interview_rows() == before


@FUZZ
@given(
    query=st.dictionaries(st.one_of(st.sampled_from(["page", "q", "next"]), short_text), value, max_size=3)
)
def test_fuzz_interview_pages_get_parameters_never_500(client_for, manager, booked, query) -> None:
    client = client_for(manager)
    for url in (
        reverse("evaluations:todo"),
        reverse("evaluations:interview-kit", args=[booked["interview"]]),
        reverse("evaluations:interview-invite", args=[booked["interview"]]),
        reverse("evaluations:interview-create", args=[booked["candidates"][0]]),
    ):
        response = client.get(url, query)
        assert response.status_code in ALLOWED, (url, query)
