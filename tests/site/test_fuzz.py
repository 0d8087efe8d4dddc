"""Arbitrary input to every form and filter: never a 500, and a rejected request stores nothing.

Values include 20,000-character strings, NUL characters (PostgreSQL refuses them in text),
numbers out of every range, unknown fields and repeated keys. Bodies are sent urlencoded, as a
browser sends a form. Each example runs in a savepoint rolled back afterwards, so that every
example starts from the same data.

Every generated request goes through ``send``, which counts it: a whole run of this module sends
at least ``MIN_REQUESTS`` of them (``test_fuzz_run_sends_at_least_the_minimum`` checks it, last).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import constants as message_levels
from django.contrib.messages import get_messages
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evaluations.candidates.models import Candidate, Position
from evaluations.scorecards.models import Score, Scorecard, ScorecardEvent
from evaluations.scoring import QUALITY_CODES
from evaluations.shortlists.models import Shortlist, ShortlistEntry
from tests.factories import CandidateFactory, ManagerFactory, ScorecardFactory, ShortlistFactory
from tests.people import test_permissions as matrix

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=100,
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
MIN_REQUESTS = 1_000
# Integers past what a 64-bit column holds, and near misses, as a user may type or forge them.
BIG_NUMBERS = [str(2**63), str(2**64), str(10**30), "-1", "0", "1e5", "-9223372036854775809", " 1e5 "]
# Generated requests sent, per test: see ``send`` and the last test of this module.
SENT: Counter[str] = Counter()

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
        *[str(MISSING), str(TOO_BIG), str(2**63), str(2**64), str(2**63 - 1), "-9223372036854775809"],
        *[" 1 ", "1e5", "+1", "0x1", "1_0", "١"],
    ]
)
value = st.one_of(specials, short_text, numbers, huge_text)
values = st.lists(value, min_size=1, max_size=3)  # more than one value: a repeated key


def form_data(fields: list[str]) -> st.SearchStrategy[dict[str, list[str]]]:
    """Any subset of the form's fields (missing ones too), plus unknown keys, with any values."""
    keys = st.one_of(st.sampled_from([*fields, "unknown", "id", "pk", "csrfmiddlewaretoken"]), short_text)
    return st.dictionaries(keys, values, max_size=len(fields) + 3)


@pytest.fixture
def send(client: Any, request: pytest.FixtureRequest) -> Callable[..., Any]:
    """``send(method, url, data)``: one generated request, counted. GET data is the query string;
    POST data is sent urlencoded, as a browser sends a form."""

    def go(method: str, url: str, data: dict[str, list[str]] | None = None, **extra: Any) -> Any:
        SENT[request.node.originalname] += 1
        body = urlencode(data or {}, doseq=True)
        if method == "GET":
            return client.get(f"{url}?{body}" if body else url, **extra)
        return client.generic(method, url, body, content_type="application/x-www-form-urlencoded", **extra)

    return go


def _post(send: Callable[..., Any], url: str, data: dict[str, list[str]], **extra: Any) -> Any:
    return send("POST", url, data, **extra)


def _snapshot() -> list[list[tuple[Any, ...]]]:
    """Every stored row the forms can touch, field by field (users too: the password form)."""
    models = [Candidate, Position, Scorecard, Score, ScorecardEvent, Shortlist, ShortlistEntry]
    rows = [list(model.objects.order_by("pk").values_list()) for model in models]
    users = get_user_model().objects.order_by("pk").values_list("pk", "username", "password", "is_active")
    return [*rows, list(users)]


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
    other_manager = ManagerFactory(username="mo")
    others_shortlist = ShortlistFactory(owner=other_manager, position=fresh.position)
    others_shortlist.candidates.add(submitted)
    return {
        "candidates": [fresh.pk, drafted.pk, submitted.pk],
        "position": fresh.position_id,
        "others_card": others_card.pk,
        "shortlist": shortlist.pk,
        "others_shortlist": others_shortlist.pk,
        "other_manager": other_manager,
    }


def _pk(real: list[int]) -> st.SearchStrategy[int]:
    return st.sampled_from([*real, MISSING, TOO_BIG])


# --- the rubric -------------------------------------------------------------------------------

RUBRIC_FIELDS = [*CODES, *(f"{c}_evidence" for c in CODES), "recommendation", "notes", "version", "action"]


@FUZZ
@given(data=st.data())
def test_fuzz_rubric_post_never_fails_and_rejection_stores_nothing(
    client, send, recruiter, world, data
) -> None:
    client.force_login(recruiter)
    pk = data.draw(_pk(world["candidates"]), label="candidate")
    body = data.draw(form_data([*RUBRIC_FIELDS, "autosave"]), label="body")
    # Make a submit or a well-formed score likely enough to reach the service, not only the form.
    body.setdefault("action", [data.draw(st.sampled_from(["save", "submit"]))])
    if data.draw(st.booleans()):
        body.update({"empathy": ["4"], "recommendation": ["yes"], "version": ["0"]})
    with _rolled_back():
        before = _snapshot()
        response = _post(send, reverse("evaluations:scorecard", args=[pk]), body)
        assert response.status_code in ALLOWED
        if response.status_code not in (200, 302):
            assert _snapshot() == before


# --- candidates and positions -----------------------------------------------------------------

CANDIDATE_FIELDS = ["name", "email", "phone", "position", "status", "source", "link", "notes"]


@FUZZ
@given(data=st.data())
def test_fuzz_candidate_forms_never_fail_and_rejection_stores_nothing(
    client, send, recruiter, world, data
) -> None:
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
        response = _post(send, url, body)
        assert response.status_code in ALLOWED
        if response.status_code != 302:
            assert _snapshot() == before


@FUZZ
@given(data=st.data())
def test_fuzz_position_forms_never_fail_and_rejection_stores_nothing(
    client, send, recruiter, world, data
) -> None:
    client.force_login(recruiter)
    body = data.draw(form_data(["title", "location", "is_open"]), label="body")
    edit = data.draw(st.booleans())
    url = (
        reverse("evaluations:position-edit", args=[data.draw(_pk([world["position"]]))])
        if edit
        else reverse("evaluations:position-create")
    )
    with _rolled_back():
        before = _snapshot()
        response = _post(send, url, body)
        assert response.status_code in ALLOWED
        if response.status_code != 302:
            assert _snapshot() == before


# --- shortlists and reopening (hiring managers) ------------------------------------------------

SHORTLIST_FORMS = {
    "evaluations:shortlist-create": ["name", "position"],
    "evaluations:shortlist-edit": ["name", "position"],
    "evaluations:shortlist-delete": [],
    "evaluations:shortlist-add-from-list": ["candidates", "shortlist", "new_name", "next"],
    "evaluations:shortlist-add": ["candidates"],
    "evaluations:shortlist-remove": ["candidate"],
    "evaluations:shortlist-note": ["candidate", "note"],
}


@FUZZ
@given(data=st.data())
def test_fuzz_shortlist_forms_never_fail_and_rejection_stores_nothing(
    client, send, manager, admin_user, world, data
) -> None:
    # The owner, another hiring manager (403 where only the owner may act) or an administrator.
    user = data.draw(st.sampled_from([manager, world["other_manager"], admin_user]), label="user")
    client.force_login(user)
    name = data.draw(st.sampled_from(sorted(SHORTLIST_FORMS)), label="form")
    body = data.draw(form_data(SHORTLIST_FORMS[name]), label="body")
    if data.draw(st.booleans()):
        body.setdefault("candidates", [str(pk) for pk in world["candidates"]])
        body.setdefault("candidate", [str(world["candidates"][1])])
    needs_pk = name not in ("evaluations:shortlist-create", "evaluations:shortlist-add-from-list")
    shortlists = [world["shortlist"], world["others_shortlist"]]
    if data.draw(st.booleans()):
        body.setdefault("shortlist", [str(data.draw(st.sampled_from(shortlists)))])
    args = [data.draw(_pk(shortlists), label="shortlist")] if needs_pk else []
    with _rolled_back():
        before = _snapshot()
        response = _post(send, reverse(name, args=args), body)
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
def test_fuzz_reopen_never_fails_and_rejection_stores_nothing(client, send, manager, world, data) -> None:
    client.force_login(manager)
    body = data.draw(form_data(["reason"]), label="body")
    pk = data.draw(_pk([world["others_card"]]), label="scorecard")
    with _rolled_back():
        before = _snapshot()
        response = _post(send, reverse("evaluations:scorecard-reopen", args=[pk]), body)
        assert response.status_code in ALLOWED
        if response.status_code != 302 or _errors(response):
            assert _snapshot() == before
        else:
            assert Scorecard.objects.get(pk=pk).status == Scorecard.Status.DRAFT


def test_fuzz_reopen_by_recruiter_is_refused_whatever_the_reason(client, send, recruiter, world) -> None:
    client.force_login(recruiter)
    before = _snapshot()
    response = _post(
        send, reverse("evaluations:scorecard-reopen", args=[world["others_card"]]), {"reason": ["x"]}
    )
    assert response.status_code == 403
    assert _snapshot() == before


# --- GET filters ------------------------------------------------------------------------------


@FUZZ
@given(data=st.data())
def test_fuzz_dashboard_what_if_params_never_fail(client, send, manager, world, data) -> None:
    client.force_login(manager)
    params = data.draw(form_data([*(f"w_{c}" for c in CODES), "adjusted"]), label="params")
    pk = data.draw(_pk([world["shortlist"]]), label="shortlist")
    with _rolled_back():
        before = _snapshot()
        response = send("GET", reverse("evaluations:shortlist-detail", args=[pk]), params)
        assert response.status_code in ALLOWED
        assert _snapshot() == before


@FUZZ
@given(params=form_data(["q", "page", "position", "status"]))
def test_fuzz_candidate_list_params_never_fail(client, send, recruiter, world, params) -> None:
    client.force_login(recruiter)
    response = send("GET", reverse("evaluations:candidate-list"), params)
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
        *({"position": big} for big in BIG_NUMBERS),
        *({"page": big} for big in BIG_NUMBERS),
    ],
)
def test_fuzz_candidate_list_known_edge_params_answer_200(client, recruiter, world, params) -> None:
    client.force_login(recruiter)
    assert client.get(reverse("evaluations:candidate-list"), params).status_code == 200


@pytest.mark.parametrize("value", BIG_NUMBERS)
def test_fuzz_big_numbers_in_get_filters_answer_200(client, manager, world, value) -> None:
    """Every integer a GET filter takes, out of every range: the page, never a 500."""
    client.force_login(manager)
    paths = [
        f"{reverse('evaluations:candidate-create')}?position={value}",
        f"{reverse('evaluations:shortlist-detail', args=[world['shortlist']])}?w_empathy={value}",
        f"{reverse('evaluations:shortlist-detail', args=[world['shortlist']])}?w_teamwork={value}&adjusted=1",
    ]
    for path in paths:
        assert client.get(path.replace(" ", "%20")).status_code == 200, path


@pytest.mark.parametrize("value", BIG_NUMBERS)
def test_fuzz_big_numbers_in_every_id_field_are_refused(client, recruiter, manager, world, value) -> None:
    """Each field that takes an id, sent one no row can have: a form error, nothing stored."""
    shortlist = reverse("evaluations:shortlist-detail", args=[world["shortlist"]])
    cases = [
        (manager, f"{shortlist}candidates/", {"candidates": [value]}),
        (manager, f"{shortlist}candidates/", {"candidates": [str(world["candidates"][0]), value]}),
        (manager, reverse("evaluations:shortlist-add-from-list"), {"candidates": [value], "new_name": ["N"]}),
        (
            manager,
            reverse("evaluations:shortlist-add-from-list"),
            {"candidates": [str(world["candidates"][0])], "shortlist": [value]},
        ),
        (manager, f"{shortlist}remove/", {"candidate": [value]}),
        (manager, f"{shortlist}note/", {"candidate": [value], "note": ["n"]}),
        (manager, reverse("evaluations:shortlist-create"), {"name": ["N"], "position": [value]}),
        (manager, f"{shortlist}edit/", {"name": ["N"], "position": [value]}),
        (
            recruiter,
            reverse("evaluations:candidate-create"),
            {"name": ["N"], "email": ["n@example.com"], "position": [value]},
        ),
        (
            recruiter,
            reverse("evaluations:candidate-edit", args=[world["candidates"][0]]),
            {"name": ["N"], "email": ["n@example.com"], "position": [value]},
        ),
    ]
    for user, url, body in cases:
        client.force_login(user)
        before = _snapshot()
        response = client.post(
            url, urlencode(body, doseq=True), content_type="application/x-www-form-urlencoded"
        )
        assert response.status_code in (200, 302), (url, body)
        if response.status_code == 302:
            assert _errors(response), (url, body)
        assert _snapshot() == before, (url, body)


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
def test_fuzz_login_form_never_fails(client, send, world, body) -> None:
    with _rolled_back():
        response = _post(send, reverse("login"), body)
        assert response.status_code in ALLOWED | {429}


@FUZZ
@given(body=form_data(["language", "next"]))
def test_fuzz_language_switcher_never_fails(client, send, world, body) -> None:
    response = _post(send, reverse("set_language"), body, HTTP_ACCEPT="text/html")
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


# --- the password form, and every URL of the app with any parameters ---------------------------


# --- interviews -------------------------------------------------------------------------------

INTERVIEW_FIELDS = ["title", "starts_at", "duration_minutes", "location", "panel", "focus"]


def interview_rows() -> list[list[tuple[Any, ...]]]:
    from evaluations.interviews.models import Interview, InterviewEvent, InterviewPanelist

    return [
        list(m.objects.order_by("pk").values_list()) for m in (Interview, InterviewPanelist, InterviewEvent)
    ]


@pytest.fixture
def booked(world, recruiter) -> dict[str, Any]:
    from django.utils import timezone

    from evaluations.interviews import services

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
def test_fuzz_password_change_never_fails_and_rejection_stores_nothing(client, send, recruiter, world, data):
    client.force_login(recruiter)
    body = data.draw(form_data(["old_password", "new_password1", "new_password2"]), label="body")
    if data.draw(st.booleans()):
        body["old_password"] = ["pw"]  # the factories' password: the form goes on to the new one
    with _rolled_back():
        before = _snapshot()
        response = _post(send, reverse("password_change"), body)
        assert response.status_code in ALLOWED
        if response.status_code != 302:
            assert _snapshot() == before


def _routes() -> list[tuple[str, str | None]]:
    """(URL name, which object's pk it takes) for every pattern of the app, from the resolver.

    The JSON API takes JSON, not forms: tests/test_api_fuzz.py fuzzes it (and the token pages).
    """
    return [
        (key, matrix.TABLE[key].pk)
        for key in matrix.APP_KEYS
        if key not in matrix.API_TABLE and not matrix.TABLE[key].kwargs
    ]


EVERY_FIELD = sorted(
    {
        *RUBRIC_FIELDS,
        *CANDIDATE_FIELDS,
        *(name for fields in SHORTLIST_FORMS.values() for name in fields),
        *["title", "location", "is_open", "reason", "q", "page", "status", "adjusted", "autosave"],
        *["old_password", "new_password1", "new_password2", "language", "username", "password"],
        *(f"w_{code}" for code in CODES),
    }
)


def _users(world: dict[str, Any], recruiter: Any, manager: Any, admin_user: Any) -> list[Any]:
    return [recruiter, manager, world["other_manager"], admin_user]


def _path(data: st.DataObject, world: dict[str, Any]) -> str:
    key, kind = data.draw(st.sampled_from(_routes()), label="route")
    pks = {
        "candidate": world["candidates"],
        "scorecard": [world["others_card"]],
        "position": [world["position"]],
        "shortlist": [world["shortlist"], world["others_shortlist"]],
        "interview": [world["interview"]],
    }
    try:
        return reverse(key, kwargs={"pk": data.draw(_pk(pks[kind]), label="pk")} if kind else None)
    except NoReverseMatch:  # a route with other arguments: none today, and it would be noticed here
        pytest.fail(f"no path built for {key}")


@FUZZ
@given(data=st.data())
def test_fuzz_every_url_get_with_any_parameters_never_fails_nor_stores(
    client, send, recruiter, manager, admin_user, booked, data
) -> None:
    client.force_login(
        data.draw(st.sampled_from(_users(booked, recruiter, manager, admin_user)), label="user")
    )
    path = _path(data, booked)
    params = data.draw(form_data(EVERY_FIELD), label="params")
    with _rolled_back():
        before = _snapshot()
        response = send("GET", path, params)
        assert response.status_code in ALLOWED | {405}, path
        assert _snapshot() == before


@FUZZ
@given(data=st.data())
def test_fuzz_every_url_post_with_any_body_never_fails_and_rejection_stores_nothing(
    client, send, recruiter, manager, admin_user, booked, data
) -> None:
    client.force_login(
        data.draw(st.sampled_from(_users(booked, recruiter, manager, admin_user)), label="user")
    )
    path = _path(data, booked)
    body = data.draw(form_data(EVERY_FIELD), label="body")
    with _rolled_back():
        before = _snapshot()
        response = _post(send, path, body)
        assert response.status_code in ALLOWED | {405, 429}, path
        if response.status_code >= 400 or _errors(response):
            assert _snapshot() == before, path


@FUZZ
@given(data=st.data())
def test_fuzz_interview_forms_never_500_and_invalid_stores_nothing(
    client_for, send, recruiter, booked, data
) -> None:
    client_for(recruiter)
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
        before = interview_rows()
        response = _post(send, url, fields)
        assert response.status_code in ALLOWED, (url, fields)
        if response.status_code != 302:
            assert interview_rows() == before


@FUZZ
@given(
    query=st.dictionaries(st.one_of(st.sampled_from(["page", "q", "next"]), short_text), value, max_size=3)
)
def test_fuzz_interview_pages_get_parameters_never_500(client_for, send, manager, booked, query) -> None:
    client_for(manager)
    for url in (
        reverse("evaluations:todo"),
        reverse("evaluations:interview-kit", args=[booked["interview"]]),
        reverse("evaluations:interview-invite", args=[booked["interview"]]),
        reverse("evaluations:interview-create", args=[booked["candidates"][0]]),
    ):
        response = send("GET", url, query)
        assert response.status_code in ALLOWED, (url, query)


def test_fuzz_run_sends_at_least_the_minimum(capsys) -> None:
    """Last in the module: the generated requests of a whole run, counted by ``send``."""
    generated = {
        name for name, test in globals().items() if name.startswith("test_") and hasattr(test, "hypothesis")
    }
    if generated - set(SENT):
        pytest.skip("only a run of the whole module counts every generated test")
    counts = {name: SENT[name] for name in sorted(generated)}
    total = sum(counts.values())
    with capsys.disabled():
        print(f"\nfuzz: {total} generated requests over {len(counts)} tests: {counts}")
    assert total >= MIN_REQUESTS
