"""The API's scorecards: the caller's own (the rubric's rules) and the candidate's submitted ones."""

from __future__ import annotations

from typing import Any

import pytest

from evaluations.scorecards.models import Scorecard
from evaluations.scoring import QUALITY_CODES
from tests.factories import ManagerFactory, ScorecardFactory, ShortlistFactory
from tests.helpers import ApiClient

pytestmark = pytest.mark.django_db


def body(values: dict[str, int | None] | None = None, **extra: Any) -> dict[str, Any]:
    """Every field of the rubric form, as JSON: numbers and null for the scores."""
    values = values or {}
    data: dict[str, Any] = {"recommendation": "", "notes": "", "version": 0, "action": "save"}
    for code in QUALITY_CODES:
        data[code] = values.get(code)
        data[f"{code}_evidence"] = ""
    data.update(extra)
    return data


def own(candidate) -> str:
    return f"/api/v1/candidates/{candidate.pk}/scorecard/"


def test_api_own_scorecard_before_any_save(recruiter, candidate) -> None:
    data = ApiClient(recruiter).get(own(candidate)).json()
    assert data["status"] is None and data["version"] == 0 and data["id"] is None
    assert all(data[code] is None and data[f"{code}_evidence"] == "" for code in QUALITY_CODES)


def test_api_own_scorecard_save_then_submit(recruiter, candidate) -> None:
    api = ApiClient(recruiter)
    saved = api.post(own(candidate), body({"empathy": 4}, empathy_evidence="Listens", notes="n"))
    assert saved.status_code == 200, saved.json()
    assert saved.json()["status"] == "draft" and saved.json()["version"] == 1
    assert saved.json()["empathy"] == 4 and saved.json()["empathy_evidence"] == "Listens"
    submitted = api.post(
        own(candidate), body({"empathy": 5}, recommendation="yes", version=1, action="submit")
    )
    assert submitted.status_code == 200, submitted.json()
    assert submitted.json()["status"] == "submitted" and submitted.json()["submitted_at"]
    card = Scorecard.objects.get(candidate=candidate, interviewer=recruiter)
    assert card.is_submitted and card.scores.get(quality__code="empathy").value == 5


def test_api_own_scorecard_submitted_answers_409_and_changes_nothing(recruiter, candidate) -> None:
    ScorecardFactory(candidate=candidate, interviewer=recruiter, values={"empathy": 3})
    response = ApiClient(recruiter).post(own(candidate), body({"empathy": 1}, version=1))
    assert response.status_code == 409 and response.json()["status"] == "submitted"
    assert Scorecard.objects.get(candidate=candidate).scores.get(quality__code="empathy").value == 3


def test_api_own_scorecard_stale_version_answers_409_with_current(recruiter, candidate) -> None:
    api = ApiClient(recruiter)
    assert api.post(own(candidate), body({"empathy": 4})).status_code == 200
    stale = api.post(own(candidate), body({"empathy": 2}, version=0))
    assert stale.status_code == 409
    assert stale.json() == {"status": "conflict", "version": 1, "detail": stale.json()["detail"]}
    assert Scorecard.objects.get(candidate=candidate).scores.get(quality__code="empathy").value == 4


@pytest.mark.parametrize("missing", ["empathy", "teamwork_evidence", "recommendation", "notes", "version"])
def test_api_own_scorecard_missing_field_answers_400_naming_it(recruiter, candidate, missing: str) -> None:
    api = ApiClient(recruiter)
    assert api.post(own(candidate), body({"empathy": 4}, notes="keep")).status_code == 200
    partial = body({"empathy": 1}, version=1)
    del partial[missing]
    response = api.post(own(candidate), partial)
    assert response.status_code == 400
    assert response.json()["missing"] == [missing]
    assert missing in response.json()["non_field_errors"][0]
    card = Scorecard.objects.get(candidate=candidate)
    assert (card.version, card.notes, card.scores.get(quality__code="empathy").value) == (1, "keep", 4)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"empathy": 6}, "empathy"),
        ({"empathy": "4.5"}, "empathy"),
        ({"empathy": True}, "empathy"),
        ({"empathy": [4]}, "empathy"),
        ({"recommendation": "maybe"}, "recommendation"),
        ({"version": -1}, "version"),
        ({"version": "x"}, "version"),
        ({"action": "publish"}, "action"),
        ({"empathy_evidence": "x" * 5001}, "empathy_evidence"),
    ],
)
def test_api_own_scorecard_bad_value_answers_400_naming_it(recruiter, candidate, change, field) -> None:
    response = ApiClient(recruiter).post(own(candidate), body(**{k: v for k, v in change.items()}))
    assert response.status_code == 400
    assert field in response.json()
    assert not Scorecard.objects.filter(candidate=candidate).exists()


def test_api_own_scorecard_unknown_field_or_not_an_object_answers_400(recruiter, candidate) -> None:
    api = ApiClient(recruiter)
    assert "non_field_errors" in api.post(own(candidate), body(salary=1)).json()
    assert api.post(own(candidate), [1, 2]).status_code == 400
    assert not Scorecard.objects.filter(candidate=candidate).exists()


def test_api_own_scorecard_submit_needs_empathy_and_recommendation(recruiter, candidate) -> None:
    response = ApiClient(recruiter).post(own(candidate), body(action="submit"))
    assert response.status_code == 400
    assert {"empathy", "recommendation"} <= set(response.json())
    assert not Scorecard.objects.filter(candidate=candidate).exists()


def test_api_own_scorecard_unknown_candidate_is_404(recruiter) -> None:
    api = ApiClient(recruiter)
    assert api.get("/api/v1/candidates/999999/scorecard/").status_code == 404
    assert api.post("/api/v1/candidates/999999/scorecard/", body()).status_code == 404


def test_api_scorecards_of_candidate_for_a_manager(manager, candidate, recruiter) -> None:
    ScorecardFactory(
        candidate=candidate,
        interviewer=recruiter,
        values=dict.fromkeys(QUALITY_CODES, 4),
        values__evidence={"empathy": "Calm in a crisis"},
        recommendation="strong_yes",
    )
    data = ApiClient(manager).get(f"/api/v1/candidates/{candidate.pk}/scorecards/").json()
    assert data["hidden"] is False and data["submitted_count"] == 1
    card = data["scorecards"][0]
    assert card["interviewer"] == recruiter.pk and card["recommendation"] == "strong_yes"
    assert card["scores"]["empathy"] == {"value": 4, "evidence": "Calm in a crisis"}
    assert data["result"]["weighted_score"] == 75.0 and data["result"]["coverage"] == 100
    assert data["result"]["means"]["empathy"] == 4.0
    assert data["result"]["recommendations"]["strong_yes"] == 1


def test_api_results_of_shortlist_as_numbers(manager, candidate, recruiter) -> None:
    ScorecardFactory(candidate=candidate, interviewer=recruiter, values={"empathy": 2, "curiosity": 5})
    shortlist = ShortlistFactory(owner=manager, name="Finalists")
    shortlist.candidates.add(candidate)
    data = (
        ApiClient(ManagerFactory(username="other")).get(f"/api/v1/shortlists/{shortlist.pk}/results/").json()
    )
    assert data["shortlist"] == shortlist.pk and data["name"] == "Finalists"
    (row,) = data["results"]
    # Σ w·mean = 3·2 + 5 = 11 over weights 4: 25 × (11/4 − 1) = 43.75 → 43.8; coverage 4/13 → 31 %.
    assert row["rank"] == 1 and row["candidate"] == candidate.pk and row["candidate_name"] == "Alice Martin"
    assert row["position"] == candidate.position_id
    assert row["weighted_score"] == 43.8 and row["coverage"] == 31
    assert row["empathy"] == 2.0 and row["curiosity"] == 5.0 and row["teamwork"] is None
    assert row["yes"] == 1 and row["no"] == 0 and row["below_bar"] == ["empathy"] and row["hidden"] is False


def test_api_results_unknown_shortlist_is_404(manager) -> None:
    assert ApiClient(manager).get("/api/v1/shortlists/999999/results/").status_code == 404
