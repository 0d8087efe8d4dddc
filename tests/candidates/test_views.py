"""Tests of the pages through the test client, against the contract of DESIGN.md."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations.candidates.models import Candidate
from evaluations.interviews import services as interview_services
from evaluations.rubric.models import Quality
from evaluations.scoring import QUALITY_CODES
from tests.factories import CandidateFactory, PositionFactory, ScorecardFactory, ShortlistFactory
from tests.helpers import rubric_post, scorecard_url

pytestmark = pytest.mark.django_db

CODES = list(QUALITY_CODES)


# --- candidate list --------------------------------------------------------------------------


def test_candidate_list_manager_sees_weighted_score(client_for, manager, candidate, other_recruiter):
    # Every quality 4 → weighted mean 4 → 25 × (4 − 1) = 75.0.
    ScorecardFactory(candidate=candidate, interviewer=other_recruiter, values=dict.fromkeys(CODES, 4))
    html = client_for(manager).get("/candidates/").content.decode()
    assert "75.0" in html


def test_candidate_list_recruiter_sees_score_only_after_own_submit(
    client_for, recruiter, other_recruiter, candidate
):
    ScorecardFactory(candidate=candidate, interviewer=other_recruiter, values=dict.fromkeys(CODES, 4))
    client = client_for(recruiter)
    before = client.get("/candidates/").content.decode()
    assert "75.0" not in before
    assert "hidden until you submit" in before
    assert client.post(scorecard_url(candidate), rubric_post(**dict.fromkeys(CODES, "2"))).status_code == 302
    after = client.get("/candidates/").content.decode()
    # Means are (4 + 2) / 2 = 3 on every quality → 25 × (3 − 1) = 50.0.
    assert "50.0" in after
    assert "hidden until you submit" not in after


def test_candidate_list_recruiter_own_draft_reveals_nothing(
    client_for, recruiter, other_recruiter, candidate
):
    ScorecardFactory(candidate=candidate, interviewer=other_recruiter, values=dict.fromkeys(CODES, 4))
    client = client_for(recruiter)
    client.post(scorecard_url(candidate), rubric_post(action="save"))
    html = client.get("/candidates/").content.decode()
    assert "75.0" not in html
    assert "hidden until you submit" in html


def test_candidate_list_search_and_filters_narrow_rows(client_for, recruiter):
    paris, lyon = PositionFactory(title="CM Paris"), PositionFactory(title="CM Lyon")
    CandidateFactory(name="Alice Martin", email="alice@example.com", position=paris)
    CandidateFactory(name="Bruno Stone", email="bruno@example.com", position=lyon, status="interviewing")
    client = client_for(recruiter)

    def names(query: str) -> list[str]:
        response = client.get(f"/candidates/?{query}")
        assert response.status_code == 200
        return [row.candidate.name for row in response.context["rows"]]

    assert names("") == ["Alice Martin", "Bruno Stone"]
    assert names("q=ALICE") == ["Alice Martin"]
    assert names("q=bruno%40example") == ["Bruno Stone"]
    assert names(f"position={lyon.pk}") == ["Bruno Stone"]
    assert names("status=interviewing") == ["Bruno Stone"]
    assert names(f"position={paris.pk}&status=interviewing") == []
    # Nonsense filters are ignored rather than failing.
    assert names("position=abc&status=bogus") == ["Alice Martin", "Bruno Stone"]


def test_candidate_list_paginates_by_twenty_five(client_for, recruiter, position):
    for index in range(30):
        CandidateFactory(name=f"Candidate {index:02d}", position=position)
    client = client_for(recruiter)
    first = client.get("/candidates/")
    second = client.get("/candidates/?page=2")
    # 30 candidates at 25 per page: 25 then 5.
    assert len(first.context["rows"]) == 25
    assert len(second.context["rows"]) == 5
    assert "Page 1 of 2" in first.content.decode()
    assert second.context["rows"][0].candidate.name == "Candidate 25"
    assert len(client.get("/candidates/?page=99").context["rows"]) == 5


# --- candidate create and edit ---------------------------------------------------------------


def test_candidate_create_post_contract_fields_redirects_to_detail(client_for, recruiter, position):
    response = client_for(recruiter).post(
        "/candidates/new/", {"name": "Zoé Petit", "email": "zoe@example.com", "position": position.pk}
    )
    candidate = Candidate.objects.get(email="zoe@example.com")
    assert response.status_code == 302
    assert response["Location"] == f"/candidates/{candidate.pk}/"
    assert (candidate.name, candidate.position, candidate.status) == ("Zoé Petit", position, "applied")


def test_candidate_create_duplicate_email_shows_error(client_for, recruiter, candidate, position):
    response = client_for(recruiter).post(
        "/candidates/new/", {"name": "Twin", "email": candidate.email.upper(), "position": position.pk}
    )
    assert response.status_code == 200
    assert "Another candidate already has this email address." in response.content.decode()
    assert Candidate.objects.count() == 1


def test_candidate_edit_post_saves_and_redirects(client_for, recruiter, candidate, position):
    client = client_for(recruiter)
    assert client.get(f"/candidates/{candidate.pk}/edit/").status_code == 200
    response = client.post(
        f"/candidates/{candidate.pk}/edit/",
        {"name": "Alice Martin-Roux", "email": candidate.email, "position": position.pk, "status": "offer"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/candidates/{candidate.pk}/"
    candidate.refresh_from_db()
    # The status is not the edit form's: it changes only through a recorded decision.
    assert (candidate.name, candidate.status) == ("Alice Martin-Roux", "applied")


def test_candidate_detail_unknown_pk_404(client_for, recruiter):
    assert client_for(recruiter).get("/candidates/999999/").status_code == 404


def test_candidate_detail_two_qualities_below_bar_listed_with_comma(client, manager, candidate):
    # Empathy 2 < bar 3 and (with a bar of 3 set for the test) creativity 2 < 3; teamwork 2 has no bar.
    Quality.objects.filter(code="creativity").update(minimum=3)
    ScorecardFactory(candidate=candidate, values={"empathy": 2, "creativity": 2, "teamwork": 2})
    client.force_login(manager)

    html = client.get(f"/candidates/{candidate.pk}/").content.decode()

    assert "Below the bar on: Empathy, Creativity</p>" in html


def test_candidate_detail_manager_offers_only_shortlists_not_joined(client, manager, candidate):
    joined = ShortlistFactory(name="Joined list", owner=manager)
    joined.candidates.add(candidate)
    ShortlistFactory(name="Other list", owner=manager)
    client.force_login(manager)

    html = client.get(f"/candidates/{candidate.pk}/").content.decode()
    options = re.findall(r'<option value="\d+">([^<]+)</option>', html)

    assert options == ["Other list"]
    assert f'href="/shortlists/{joined.pk}/">Joined list</a>' in html


# --- a partial edit keeps what it does not carry -------------------------------------------------


def test_candidate_edit_partial_post_keeps_omitted_fields(client_for, recruiter, position):
    candidate = CandidateFactory(
        position=position, phone="+33 6 12 34 56 78", notes="Met at the meetup", source="Referral"
    )
    response = client_for(recruiter).post(f"/candidates/{candidate.pk}/edit/", {"name": "Alice Renamed"})
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert candidate.name == "Alice Renamed"
    assert (candidate.phone, candidate.notes, candidate.source, candidate.position) == (
        "+33 6 12 34 56 78",
        "Met at the meetup",
        "Referral",
        position,
    )


def test_candidate_edit_explicit_empty_field_still_clears_it(client_for, recruiter, position):
    candidate = CandidateFactory(position=position, notes="Old note")
    client_for(recruiter).post(f"/candidates/{candidate.pk}/edit/", {"notes": ""})
    candidate.refresh_from_db()
    assert candidate.notes == ""


def test_position_edit_title_only_keeps_location(client_for, recruiter):
    position = PositionFactory(title="CM", location="Lyon", is_open=True)
    client_for(recruiter).post(f"/positions/{position.pk}/edit/", {"title": "Senior CM", "is_open": "on"})
    position.refresh_from_db()
    assert (position.title, position.location, position.is_open) == ("Senior CM", "Lyon", True)


def test_candidate_pages_offer_scoring_to_whom_it_falls_and_managers_the_decision(client, manager, recruiter):
    met = CandidateFactory(name="Met Maria")
    unmet = CandidateFactory(name="Unmet Ulla")
    interview_services.interview_schedule(
        candidate=met,
        actor=manager,
        title="Case study",
        starts_at=timezone.now(),
        duration_minutes=45,
        location="",
        panel=[manager],
    )
    score = f'href="/candidates/{unmet.pk}/scorecard/"'

    client.force_login(manager)
    listing = client.get(reverse("evaluations:candidate-list")).content.decode()
    assert score not in listing  # never met: no "Score" on their row
    assert f'href="/candidates/{met.pk}/scorecard/"' in listing  # on their panel
    page = client.get(reverse("evaluations:candidate-detail", args=[unmet.pk])).content.decode()
    assert 'class="btn btn-primary" href="#decision">Record a decision' in page
    assert "Score this candidate" not in page
    seated = client.get(reverse("evaluations:candidate-detail", args=[met.pk])).content.decode()
    assert 'class="btn btn-outline-primary" href="/candidates/' in seated and "Score this candidate" in seated

    client.force_login(recruiter)
    assert score in client.get(reverse("evaluations:candidate-list")).content.decode()
    page = client.get(reverse("evaluations:candidate-detail", args=[unmet.pk])).content.decode()
    assert 'class="btn btn-primary" href="/candidates/' in page and "Record a decision" not in page
