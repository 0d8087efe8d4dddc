"""The JSON API (/api/v1/): candidates, positions, the rubric, tokens, authentication, throttling."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from evaluations.api import tokens
from evaluations.api.models import ApiToken
from evaluations.candidates.models import Candidate, Position
from evaluations.scoring import QUALITY_CODES
from tests.factories import CandidateFactory, PositionFactory, RecruiterFactory
from tests.helpers import ApiClient

pytestmark = pytest.mark.django_db

CANDIDATES = "/api/v1/candidates/"


@pytest.fixture
def api(recruiter) -> ApiClient:
    return ApiClient(recruiter)


# --- authentication ---------------------------------------------------------------------------


def test_api_without_credentials_answers_401_with_bearer_challenge(client) -> None:
    response = client.get(CANDIDATES)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["detail"]
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize(
    "header",
    [
        "Bearer",
        "Bearer a b",
        "Bearer nonsense",
        "Bearer cmq_00000000_secret",
        "Bearer cmq_zzzzzzzz_x",
        "Bearer é",
    ],
)
def test_api_bad_token_answers_401(client, header: str) -> None:
    response = client.get(CANDIDATES, headers={"Authorization": header})
    assert response.status_code == 401
    assert "detail" in response.json()


def test_api_token_works_without_a_session_and_records_its_use(recruiter, candidate) -> None:
    new = tokens.token_create(user=recruiter, name="script", days=30)
    response = Client().get(CANDIDATES, headers={"Authorization": f"Bearer {new.plain}"})
    assert response.status_code == 200
    assert response.json()["results"][0]["name"] == "Alice Martin"
    assert ApiToken.objects.get(pk=new.token.pk).last_used_at is not None


def test_api_token_stored_as_digest_only(recruiter) -> None:
    new = tokens.token_create(user=recruiter, name="script", days=30)
    row = ApiToken.objects.filter(pk=new.token.pk).values().get()
    assert new.plain not in [str(v) for v in row.values()]
    assert row["digest"] == tokens.digest(new.plain) and len(row["digest"]) == 64
    assert new.plain.startswith(f"cmq_{row['prefix']}_")


def test_api_token_expired_revoked_or_inactive_user_is_refused(recruiter) -> None:
    past = timezone.now() - datetime.timedelta(days=40)
    expired = tokens.token_create(user=recruiter, name="old", days=30, now=past)
    assert ApiClient(token=expired.plain).get(CANDIDATES).status_code == 401
    revoked = tokens.token_create(user=recruiter, name="gone", days=30)
    assert ApiClient(token=revoked.plain).get(CANDIDATES).status_code == 200
    assert tokens.token_revoke(user=recruiter, token_id=revoked.token.pk)
    assert ApiClient(token=revoked.plain).get(CANDIDATES).status_code == 401
    live = tokens.token_create(user=recruiter, name="live", days=30)
    recruiter.is_active = False
    recruiter.save()
    assert ApiClient(token=live.plain).get(CANDIDATES).status_code == 401


def test_api_token_of_the_right_prefix_with_a_wrong_secret_is_refused(recruiter) -> None:
    new = tokens.token_create(user=recruiter, name="script", days=30)
    forged = new.plain[:-4] + ("AAAA" if not new.plain.endswith("AAAA") else "BBBB")
    assert ApiClient(token=forged).get(CANDIDATES).status_code == 401


def test_api_session_works_and_needs_csrf_for_writes(recruiter, position) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(recruiter)
    assert client.get(CANDIDATES).status_code == 200
    body = {"name": "Eve", "email": "eve@example.com", "position": position.pk}
    refused = client.post(CANDIDATES, body, content_type="application/json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    client.get(reverse("api:token-list"))  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    accepted = client.post(CANDIDATES, body, content_type="application/json", headers={"X-CSRFToken": token})
    assert accepted.status_code == 201


def test_api_token_needs_no_csrf(api, position) -> None:
    api.client = Client(enforce_csrf_checks=True)
    response = api.post(CANDIDATES, {"name": "Eve", "email": "eve@example.com", "position": position.pk})
    assert response.status_code == 201


# --- throttling -------------------------------------------------------------------------------


@override_settings(API_THROTTLE_RATE="3/min")
def test_api_throttle_per_token_answers_429_with_retry_after(recruiter) -> None:
    from django.core.cache import cache

    cache.clear()
    first, second = ApiClient(recruiter), ApiClient(recruiter)
    for _ in range(3):
        assert first.get(CANDIDATES).status_code == 200
    throttled = first.get(CANDIDATES)
    assert throttled.status_code == 429
    assert int(throttled["Retry-After"]) > 0
    assert "detail" in throttled.json()
    # Another token of the same user has its own allowance.
    assert second.get(CANDIDATES).status_code == 200
    cache.clear()


def test_api_throttle_default_rate_is_120_per_minute() -> None:
    import importlib
    import os

    from cmquality import settings as base

    saved = os.environ.pop("API_THROTTLE_RATE", None)
    try:
        assert importlib.reload(base).API_THROTTLE_RATE == "120/min"
    finally:
        if saved is not None:
            os.environ["API_THROTTLE_RATE"] = saved


# --- candidates -------------------------------------------------------------------------------


def test_api_candidate_create_read_update(api, position) -> None:
    other = PositionFactory(title="Social media lead")
    created = api.post(
        CANDIDATES,
        {"name": "Zoé Durand", "email": "Zoe@Example.com", "position": position.pk, "phone": "+33 1"},
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (
        body["position"] == position.pk and body["status"] == "applied" and body["email"] == "Zoe@Example.com"
    )
    path = f"{CANDIDATES}{body['id']}/"
    assert api.get(path).json()["name"] == "Zoé Durand"
    patched = api.patch(path, {"position": other.pk, "status": "interviewing"})
    assert patched.status_code == 200
    assert patched.json()["phone"] == "+33 1"  # a PATCH keeps what it does not name
    put = api.put(path, {"name": "Zoé D.", "email": "zoe@example.com", "position": other.pk})
    assert put.status_code == 200 and put.json()["name"] == "Zoé D."
    stored = Candidate.objects.get(pk=body["id"])
    # The status is read-only here: it changes through a recorded decision.
    assert (stored.position_id, stored.status) == (other.pk, "applied")


def test_api_candidate_errors_name_each_field(api, candidate) -> None:
    response = api.post(CANDIDATES, {"email": candidate.email.upper(), "position": 999999})
    assert response.status_code == 400
    errors = response.json()
    assert set(errors) == {"name", "email", "position"}
    assert all(isinstance(m, list) and m for m in errors.values())
    assert "already" in errors["email"][0]


def test_api_candidate_put_needs_the_required_fields(api, candidate) -> None:
    response = api.put(f"{CANDIDATES}{candidate.pk}/", {"name": "X"})
    assert response.status_code == 400
    assert set(response.json()) == {"email", "position"}


def test_api_candidate_unknown_is_404(api) -> None:
    assert api.get(f"{CANDIDATES}999999/").status_code == 404
    assert api.patch(f"{CANDIDATES}999999/", {"name": "x"}).status_code == 404


def test_api_candidate_body_not_json_or_not_an_object(api, candidate) -> None:
    path = f"{CANDIDATES}{candidate.pk}/"
    bad = api.client.generic("PATCH", path, "{", content_type="application/json", headers=api._headers())
    assert bad.status_code == 400
    form = api.client.generic(
        "PATCH", path, "name=x", content_type="application/x-www-form-urlencoded", headers=api._headers()
    )
    assert form.status_code == 415
    assert api.patch(path, ["name"]).status_code == 400
    assert api.patch(path, {"name": "\ud800"}).status_code == 400


def test_api_candidate_list_filters_and_pages(api) -> None:
    cm = PositionFactory(title="CM")
    lead = PositionFactory(title="Lead")
    for n in range(30):
        CandidateFactory(name=f"Person {n:02}", position=cm if n % 2 else lead)
    CandidateFactory(name="Zed Hired", position=cm, status="hired")
    first = api.get(CANDIDATES).json()
    assert first["count"] == 31 and len(first["results"]) == 25 and first["next"]
    assert api.get(CANDIDATES, {"page": 2}).json()["results"][-1]["name"] == "Zed Hired"
    assert api.get(CANDIDATES, {"page_size": 5}).json()["next"]
    assert api.get(CANDIDATES, {"position": lead.pk}).json()["count"] == 15
    assert api.get(CANDIDATES, {"status": "hired"}).json()["count"] == 1
    assert api.get(CANDIDATES, {"q": "person 0"}).json()["count"] == 10
    Candidate.objects.filter(name="Zed Hired").update(updated_at=timezone.now() + datetime.timedelta(days=1))
    since = (timezone.now() + datetime.timedelta(hours=1)).isoformat()
    assert [c["name"] for c in api.get(CANDIDATES, {"updated_since": since}).json()["results"]] == [
        "Zed Hired"
    ]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"position": "abc"}, "position"),
        ({"position": str(2**70)}, "position"),
        ({"position": "-3"}, "position"),
        ({"status": "boss"}, "status"),
        ({"updated_since": "yesterday"}, "updated_since"),
        ({"q": "x" * 201}, "q"),
    ],
)
def test_api_candidate_list_bad_filter_answers_400_naming_it(api, params, field) -> None:
    response = api.get(CANDIDATES, params)
    assert response.status_code == 400
    assert field in response.json()


def test_api_candidate_list_page_out_of_range_is_404(api) -> None:
    assert api.get(CANDIDATES, {"page": 99}).status_code == 404


@pytest.mark.parametrize("size", [3, 30])
def test_api_candidate_list_constant_queries(api, django_assert_max_num_queries, size: int) -> None:
    position = PositionFactory()
    CandidateFactory.create_batch(size, position=position)
    api.get(CANDIDATES)  # the token's "last used" write happens once, not on every read
    # The token (with its user), the count, the page.
    with django_assert_max_num_queries(3):
        response = api.get(CANDIDATES)
    assert response.status_code == 200 and response.json()["count"] == size


# --- positions and qualities -----------------------------------------------------------------


def test_api_positions_list_create_update(api) -> None:
    created = api.post("/api/v1/positions/", {"title": "CM Lyon", "location": "Lyon"})
    assert created.status_code == 201
    pk = created.json()["id"]
    assert api.patch(f"/api/v1/positions/{pk}/", {"is_open": False}).json()["is_open"] is False
    assert Position.objects.get(pk=pk).is_open is False
    listing = api.get("/api/v1/positions/").json()
    assert [p["title"] for p in listing["results"]] == ["CM Lyon"]
    assert api.post("/api/v1/positions/", {}).json() == {"title": ["This field is required."]}


def test_api_qualities_are_the_eleven_in_order(api) -> None:
    qualities = api.get("/api/v1/qualities/").json()
    assert [q["code"] for q in qualities] == list(QUALITY_CODES)
    assert qualities[0]["weight"] == 3 and qualities[0]["minimum"] == 3
    one = api.get(f"/api/v1/qualities/{qualities[1]['id']}/").json()
    assert one["code"] == "adaptability"
    assert api.post("/api/v1/qualities/", {}).status_code == 405


def test_api_answers_in_french_when_asked(api) -> None:
    response = api.client.post(
        "/api/v1/positions/",
        "{}",
        content_type="application/json",
        headers={**api._headers(), "Accept-Language": "fr"},
    )
    assert response.json() == {"title": ["Ce champ est obligatoire."]}


# --- the token page ---------------------------------------------------------------------------


def test_token_page_creates_shows_once_lists_and_revokes(client, recruiter) -> None:
    client.force_login(recruiter)
    url = reverse("api:token-list")
    assert client.get(url).status_code == 200
    created = client.post(url, {"name": "Weekly report", "days": "30"})
    assert created.status_code == 201
    plain = created.context["new"].plain
    assert plain.encode() in created.content
    listing = client.get(url)
    assert plain.encode() not in listing.content and b"Weekly report" in listing.content
    token = ApiToken.objects.get(user=recruiter)
    assert ApiClient(token=plain).get(CANDIDATES).status_code == 200
    revoked = client.post(reverse("api:token-revoke", args=[token.pk]))
    assert revoked.status_code == 302
    assert ApiClient(token=plain).get(CANDIDATES).status_code == 401


def test_token_page_refuses_bad_input_and_others_tokens(client, recruiter) -> None:
    client.force_login(recruiter)
    url = reverse("api:token-list")
    assert client.post(url, {"name": "", "days": "30"}).status_code == 400
    assert client.post(url, {"name": "x", "days": "9999"}).status_code == 400
    theirs = tokens.token_create(user=RecruiterFactory(username="other"), name="theirs", days=30)
    assert client.post(reverse("api:token-revoke", args=[theirs.token.pk])).status_code == 404
    assert ApiToken.objects.get(pk=theirs.token.pk).revoked_at is None
    assert b"theirs" not in client.get(url).content


def test_token_page_needs_a_login(client) -> None:
    response = client.get(reverse("api:token-list"))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_api_errors_raised_before_the_views_are_json_too(api) -> None:
    nul = api.get(CANDIDATES, {"q": "a\x00b"})
    assert nul.status_code == 400 and nul.json() == {"detail": "Bad request."}
    unknown = api.get("/api/v1/no-such-thing/")
    assert unknown.status_code == 404 and unknown["Content-Type"] == "application/json"
    assert unknown["Cache-Control"] == "private, no-store"
