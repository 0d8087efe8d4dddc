"""Optimistic concurrency of the rubric, double submission, an expired session, and a real race."""

from __future__ import annotations

import re
import threading
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from evaluations.scorecards import services
from evaluations.scorecards.models import Score, Scorecard, ScorecardEvent
from tests.factories import CandidateFactory, RecruiterFactory
from tests.helpers import rubric_data

pytestmark = pytest.mark.django_db

SUBMIT = rubric_data({"empathy": 4}, recommendation="yes", action="submit")


def _full(fields: dict[str, str]) -> dict[str, str]:
    """A complete rubric POST with these fields changed."""
    return {**rubric_data(), **fields}


def _version_in(content: bytes) -> str:
    """The hidden ``version`` the page carries, as a browser would send it back."""
    tag = re.search(rb'<input[^>]*name="version"[^>]*>', content)
    assert tag is not None, "the rubric carries its version"
    value = re.search(rb'value="(\d+)"', tag[0])
    assert value is not None
    return value[1].decode()


def _evidence(card: Scorecard, code: str) -> str:
    return Score.objects.get(scorecard=card, quality__code=code).evidence


@pytest.fixture
def rubric(client, recruiter) -> dict[str, Any]:
    candidate = CandidateFactory(name="Chloé Candidate")
    client.force_login(recruiter)
    return {
        "client": client,
        "url": reverse("evaluations:scorecard", args=[candidate.pk]),
        "candidate": candidate,
    }


def test_rubric_save_from_stale_tab_conflicts_and_keeps_input(rubric, recruiter) -> None:
    client, url = rubric["client"], rubric["url"]
    assert client.post(url, _full({"empathy": "3", "action": "save", "version": "0"})).status_code == 302
    tab_1 = _version_in(client.get(url).content)
    tab_2 = _version_in(client.get(url).content)
    assert tab_1 == tab_2 == "1"  # one save since creation

    saved = client.post(
        url, _full({"empathy": "4", "empathy_evidence": "TAB-ONE", "action": "save", "version": tab_1})
    )
    assert saved.status_code == 302

    typed = _full(
        {"empathy": "2", "empathy_evidence": "TAB-TWO-TYPED", "notes": "tab two notes", "action": "save"}
    )
    conflict = client.post(url, {**typed, "version": tab_2})
    assert conflict.status_code == 409
    assert b"saved from another tab or device" in conflict.content
    # Tab 2's input comes back in the form, the radio it chose still checked.
    assert b"TAB-TWO-TYPED" in conflict.content
    assert b"tab two notes" in conflict.content
    assert re.search(rb'<input[^>]*name="empathy"[^>]*value="2"[^>]*checked', conflict.content)
    card = Scorecard.objects.get(interviewer=recruiter)
    assert _evidence(card, "empathy") == "TAB-ONE"
    assert card.version == 2  # creation save, then tab 1

    # Saving again from the returned form (which carries version 2) keeps tab 2's input.
    returned_version = _version_in(conflict.content)
    assert returned_version == "2"
    again = client.post(url, {**typed, "version": returned_version})
    assert again.status_code == 302
    card.refresh_from_db()
    assert _evidence(card, "empathy") == "TAB-TWO-TYPED"
    assert Score.objects.get(scorecard=card, quality__code="empathy").value == 2


def test_rubric_autosave_from_stale_tab_answers_409_json(rubric) -> None:
    client, url = rubric["client"], rubric["url"]
    client.post(url, _full({"empathy": "3", "action": "save", "version": "0"}))
    response = client.post(url, _full({"empathy": "5", "action": "save", "autosave": "1", "version": "0"}))
    assert response.status_code == 409
    assert response.json()["status"] == "conflict"
    assert response.json()["version"] == 1


def test_rubric_submit_twice_creates_one_scorecard_and_one_event(rubric, recruiter) -> None:
    client, url = rubric["client"], rubric["url"]
    first = client.post(url, {**SUBMIT, "version": "0"})
    second = client.post(url, {**SUBMIT, "version": "0"})
    assert first.status_code == 302
    assert second.status_code == 409
    assert b"already submitted" in second.content
    assert Scorecard.objects.filter(interviewer=recruiter).count() == 1
    assert ScorecardEvent.objects.filter(kind=ScorecardEvent.Kind.SUBMITTED).count() == 1


def test_rubric_submit_losing_a_race_answers_409_read_only(rubric, recruiter, monkeypatch) -> None:
    """The other request submits between this one's read of the page and its write."""
    real_save = services.scorecard_save

    def other_request_wins_first(**kwargs: Any) -> Scorecard:
        real_save(**{**kwargs, "submit": True, "expected_version": None})
        return real_save(**kwargs)

    monkeypatch.setattr(services, "scorecard_save", other_request_wins_first)
    response = rubric["client"].post(rubric["url"], {**SUBMIT, "version": "0"})
    assert response.status_code == 409
    assert response.context["read_only"] is True
    assert ScorecardEvent.objects.filter(kind=ScorecardEvent.Kind.SUBMITTED).count() == 1


def test_rubric_post_with_expired_session_redirects_to_login_then_back(rubric, recruiter) -> None:
    anonymous = Client()
    url = rubric["url"]
    response = anonymous.post(url, {**SUBMIT, "version": "0"})
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == reverse("login")
    assert parse_qs(location.query)["next"] == [url]
    assert not Scorecard.objects.exists()

    logged_in = anonymous.post(
        reverse("login"), {"username": recruiter.username, "password": "pw", "next": url}, follow=True
    )
    assert logged_in.redirect_chain == [(url, 302)]
    assert logged_in.status_code == 200
    assert b'id="rubric-form"' in logged_in.content


def _submit_at_once(clients: list[Client], url: str, version: str) -> list[int]:
    """POST the same submit from each client in its own thread, released together."""
    barrier = threading.Barrier(len(clients))
    statuses: list[int] = []

    def submit(client: Client) -> None:
        try:
            barrier.wait(timeout=10)
            statuses.append(client.post(url, {**SUBMIT, "version": version}).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return statuses


# serialized_rollback: a transactional test empties the tables afterwards, and the groups and
# qualities made by migrations must come back for the tests that follow.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("existing_draft", [False, True], ids=["first-save", "over-a-draft"])
def test_rubric_concurrent_submits_store_one_scorecard(existing_draft: bool) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's row locks; SQLite serialises every writer anyway")
    recruiter = RecruiterFactory(username="rita")
    clients = []
    for _ in range(2):
        client = Client(raise_request_exception=False)
        client.force_login(recruiter)
        clients.append(client)
    # A few rounds, each on a new candidate, so that more than one interleaving is likely met.
    for _round in range(4):
        candidate = CandidateFactory()
        url = reverse("evaluations:scorecard", args=[candidate.pk])
        version = "0"
        if existing_draft:
            assert (
                clients[0].post(url, _full({"empathy": "2", "action": "save", "version": "0"})).status_code
                == 302
            )
            version = "1"
        statuses = _submit_at_once(clients, url, version)
        # One wins; the other finds it submitted (or its version stale): 409, as for any late POST.
        assert sorted(statuses) == [302, 409]
        cards = Scorecard.objects.filter(candidate=candidate, interviewer=recruiter)
        assert cards.count() == 1
        card = cards.get()
        assert card.status == Scorecard.Status.SUBMITTED
        assert ScorecardEvent.objects.filter(scorecard=card, kind=ScorecardEvent.Kind.SUBMITTED).count() == 1
