"""Arbitrary requests to every API route and method: never a 500, always JSON, and a refused
request stores nothing.

Bodies are any JSON (nested, lone surrogates, NaN, numbers past every column, wrong types), raw
bytes that are not JSON, and well-formed bodies with one field broken; query strings carry the
filters with any text. Each example runs in a savepoint rolled back afterwards. The requests
sent are counted; the last test checks that the run sent at least ``MIN_REQUESTS``.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evaluations.api import tokens
from evaluations.api.models import ApiToken
from evaluations.candidates.models import Candidate, Position
from evaluations.interviews import services
from evaluations.interviews.models import Interview, InterviewPanelist
from evaluations.rubric.models import Quality
from evaluations.scorecards.models import Score, Scorecard, ScorecardEvent
from evaluations.scoring import QUALITY_CODES
from tests.factories import (
    AdminFactory,
    CandidateFactory,
    ManagerFactory,
    RecruiterFactory,
    ScorecardFactory,
    ShortlistFactory,
)
from tests.people.test_permissions import API_METHODS, API_TABLE

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
ALLOWED = {200, 201, 400, 401, 403, 404, 405, 409, 415}
MIN_REQUESTS = 900
SENT: Counter[str] = Counter()
FOUND: Counter[int] = Counter()

FIELDS = sorted(
    {
        *["id", "name", "email", "phone", "position", "status", "source", "link", "notes", "created_at"],
        *["title", "location", "is_open"],
        *QUALITY_CODES,
        *(f"{code}_evidence" for code in QUALITY_CODES),
        *["recommendation", "version", "action"],
        *["candidate", "starts_at", "duration_minutes", "panel", "focus"],
    }
)
FILTERS = ["q", "position", "status", "updated_since", "page", "page_size", "candidate", "format"]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.sampled_from([0, 1, 3, 5, 6, -1, 2**31, 2**63, 2**63 - 1, 2**64]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),  # surrogates included: JSON escapes them
    st.sampled_from(
        ["", "\x00", "yes", "strong_yes", "submit", "save", "applied", "hired", "empathy", "a@b.example"]
    ),
    st.sampled_from(["2025-03-14T09:30", "2025-03-14T09:30:00+01:00", "9999-12-31T23:59:59Z", "x" * 600]),
    st.builds(lambda c, n: c * n, st.sampled_from(["a", "é", "😀"]), st.integers(1, 12_000)),
)
json_values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)
objects = st.dictionaries(st.one_of(st.sampled_from(FIELDS), st.text(max_size=15)), json_values, max_size=12)
query = st.dictionaries(
    st.one_of(st.sampled_from(FILTERS), st.text(max_size=10)),
    st.one_of(
        st.text(max_size=40).map(lambda t: t.encode("utf-8", "replace").decode("utf-8", "replace")),
        st.integers(-(10**25), 10**25).map(str),
        st.sampled_from(["", "1", "applied", "2025-01-01T00:00:00", "2025-01-01", "-1", "0", "abc"]),
    ),
    max_size=4,
)


def _dumps(value: Any) -> str:
    return json.dumps(value)  # NaN and Infinity are written as such: not JSON, refused with 400


def _snapshot() -> list[list[tuple[Any, ...]]]:
    models = [Candidate, Position, Quality, Scorecard, Score, ScorecardEvent, Interview, InterviewPanelist]
    rows = [list(model.objects.order_by("pk").values_list()) for model in models]
    # The tokens but their "last used" time, which a successful read may refresh.
    rows.append(list(ApiToken.objects.order_by("pk").values_list("pk", "digest", "revoked_at")))
    return [*rows, list(get_user_model().objects.order_by("pk").values_list("pk", "username", "password"))]


@pytest.fixture
def world() -> dict[str, Any]:
    recruiter = RecruiterFactory(username="rita")
    manager = ManagerFactory(username="maya")
    fresh = CandidateFactory(name="Fresh")
    scored = CandidateFactory(name="Scored", position=fresh.position)
    card = ScorecardFactory(candidate=scored, interviewer=recruiter, values={"empathy": 4})
    ScorecardFactory(candidate=fresh, interviewer=manager, status="draft", recommendation="", values={})
    shortlist = ShortlistFactory(owner=manager)
    shortlist.candidates.add(fresh, scored)
    interview = services.interview_schedule(
        candidate=fresh,
        actor=manager,
        title="Screen",
        starts_at=timezone.now() - timedelta(hours=3),
        duration_minutes=30,
        location="",
        panel=[recruiter, manager],
    )
    users = [recruiter, manager, AdminFactory(username="root"), RecruiterFactory(username="oscar")]
    return {
        "users": users,
        "tokens": {u.pk: tokens.token_create(user=u, name="fuzz", days=30).plain for u in users},
        "pks": {
            "candidate": [fresh.pk, scored.pk],
            "position": [fresh.position_id],
            "shortlist": [shortlist.pk],
            "interview": [interview.pk],
            "quality": [Quality.objects.order_by("order").first().pk],
            "scorecard": [card.pk],
        },
        "recruiter": recruiter,
    }


def _request(data: st.DataObject, world: dict[str, Any], name: str) -> tuple[str, str, dict[str, str]]:
    key = data.draw(st.sampled_from(sorted(API_TABLE)), label="route")
    kind, _methods = API_TABLE[key]
    kwargs = None
    if kind:
        pk = data.draw(
            st.one_of(st.sampled_from(world["pks"][kind]), st.integers(min_value=0, max_value=10**25)),
            label="pk",
        )
        kwargs = {"pk": pk}
    method = data.draw(st.sampled_from(API_METHODS), label="method")
    who = data.draw(st.sampled_from(["token", "token", "session", "nobody", "bad token"]), label="auth")
    user = data.draw(st.sampled_from(world["users"]), label="user")
    headers = {}
    client = Client()
    if who == "token":
        headers["Authorization"] = f"Bearer {world['tokens'][user.pk]}"
    elif who == "bad token":
        headers["Authorization"] = "Bearer " + data.draw(
            st.text(max_size=60).map(lambda t: t.encode("ascii", "ignore").decode())
        )
    elif who == "session":
        client.force_login(user)
    SENT[name] += 1
    path = reverse(key, kwargs=kwargs)
    params = data.draw(query, label="query")
    if params:
        path += "?" + urlencode(params)
    return method, path, {"client": client, "headers": headers}


def _check(response: Any, before: Any, what: Any) -> None:
    FOUND[response.status_code] += 1
    assert response.status_code in ALLOWED, what
    assert response["Content-Type"].startswith("application/"), what
    assert response["Cache-Control"] == "private, no-store", what
    if response["Content-Type"].startswith("application/json"):
        json.loads(response.content or b"null")
    if response.status_code >= 400:
        assert _snapshot() == before, what


@FUZZ
@given(data=st.data())
def test_api_fuzz_any_json_to_any_route_never_500(world, data) -> None:
    method, path, how = _request(data, world, "json")
    body = data.draw(st.one_of(objects, json_values), label="body")
    with transaction.atomic():
        before = _snapshot()
        response = how["client"].generic(
            method, path, _dumps(body), content_type="application/json", headers=how["headers"]
        )
        _check(response, before, (method, path, body))
        transaction.set_rollback(True)


@FUZZ
@given(data=st.data())
def test_api_fuzz_raw_bytes_and_other_media_types_never_500(world, data) -> None:
    method, path, how = _request(data, world, "raw")
    raw = data.draw(
        st.one_of(st.binary(max_size=200), st.sampled_from([b"{", b'{"a":', b"[" * 5000, b"\xff"]))
    )
    media = data.draw(
        st.sampled_from(
            ["application/json", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data"]
        )
    )
    with transaction.atomic():
        before = _snapshot()
        response = how["client"].generic(method, path, raw, content_type=media, headers=how["headers"])
        _check(response, before, (method, path, raw, media))
        transaction.set_rollback(True)


def _rubric(values: dict[str, Any]) -> dict[str, Any]:
    body: dict[str, Any] = {"recommendation": "yes", "notes": "", "version": 0, "action": "submit"}
    for code in QUALITY_CODES:
        body[code] = values.get(code, 3)
        body[f"{code}_evidence"] = ""
    return body


@FUZZ
@given(data=st.data())
def test_api_fuzz_well_formed_bodies_with_one_field_broken(world, data) -> None:
    """Near-valid bodies reach the services, where a fuzzed body stops at the first check."""
    recruiter = world["recruiter"]
    client = Client()
    headers = {"Authorization": f"Bearer {world['tokens'][recruiter.pk]}"}
    candidate, position, interview = world["pks"]["candidate"][0], world["pks"]["position"][0], None
    target = data.draw(
        st.sampled_from(["candidate", "patch", "scorecard", "interview", "position"]), label="target"
    )
    bodies = {
        "candidate": (
            "POST",
            "/api/v1/candidates/",
            {"name": "Zoé", "email": "zoe@example.com", "position": position},
        ),
        "patch": ("PATCH", f"/api/v1/candidates/{candidate}/", {"name": "Zoé", "link": "https://x.example"}),
        "scorecard": ("POST", f"/api/v1/candidates/{candidate}/scorecard/", _rubric({})),
        "interview": (
            "POST",
            "/api/v1/interviews/",
            {
                "candidate": candidate,
                "title": "Case",
                "starts_at": "2025-03-14T09:30:00Z",
                "panel": [recruiter.pk],
                "focus": ["empathy"],
            },
        ),
        "position": ("POST", "/api/v1/positions/", {"title": "CM", "location": "Lyon", "is_open": True}),
    }
    method, path, body = bodies[target]
    del interview
    field = data.draw(st.sampled_from(sorted(body)), label="field")
    body = {**body, field: data.draw(json_values, label="value")}
    SENT["broken"] += 1
    with transaction.atomic():
        before = _snapshot()
        response = client.generic(
            method, path, _dumps(body), content_type="application/json", headers=headers
        )
        _check(response, before, (method, path, body))
        transaction.set_rollback(True)


def test_api_fuzz_run_sends_at_least_the_minimum() -> None:
    """Last in this module: the fuzzing above really ran (and what it met, for the record)."""
    if not SENT:
        pytest.skip("run with the fuzz tests above")
    assert sum(SENT.values()) >= MIN_REQUESTS, SENT
    print(f"API fuzz: {dict(SENT)} requests; statuses {dict(sorted(FOUND.items()))}")
