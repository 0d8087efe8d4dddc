"""One scorecard per interview (DESIGN.md): a panelist owes a card for each interview they sit,
the two pages that take a card, the database's constraints, blindness and what is owed."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from evaluations.interviews import selectors as interview_selectors
from evaluations.interviews import services as interview_services
from evaluations.scorecards import services as scorecard_services
from evaluations.scorecards.models import Scorecard
from evaluations.scorecards.selectors import hidden_candidate_ids
from evaluations.scoring import QUALITY_CODES
from evaluations.shortlists import services as shortlist_services
from tests.factories import CandidateFactory, RecruiterFactory

pytestmark = pytest.mark.django_db


def schedule(candidate: Any, panel: list[Any], days_ago: float, title: str):
    return interview_services.interview_schedule(
        candidate=candidate,
        actor=panel[0],
        title=title,
        starts_at=timezone.now() - datetime.timedelta(days=days_ago),
        duration_minutes=45,
        location="",
        panel=panel,
    )


def form(
    value: int = 4, *, version: int = 0, action: str = "submit", interview: Any = None
) -> dict[str, str]:
    data = {code: str(value) for code in QUALITY_CODES}
    data.update({f"{code}_evidence": f"Heard at {value}" for code in QUALITY_CODES})
    data.update({"recommendation": "yes", "notes": "", "version": str(version), "action": action})
    if interview is not None:
        data["interview"] = "" if interview == "" else str(interview.pk)
    return data


@pytest.fixture
def two_interviews(candidate, recruiter):
    screen = schedule(candidate, [recruiter], 5, "Phone screen")
    case = schedule(candidate, [recruiter], 2, "Case study")
    return screen, case


def logged(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_each_interview_has_its_own_card(candidate, recruiter, two_interviews):
    screen, case = two_interviews
    client = logged(recruiter)

    assert (
        client.post(reverse("evaluations:interview-scorecard", args=[screen.pk]), form(3)).status_code == 302
    )
    assert client.post(reverse("evaluations:interview-scorecard", args=[case.pk]), form(5)).status_code == 302

    cards = {c.interview_id: c for c in Scorecard.objects.filter(candidate=candidate, interviewer=recruiter)}
    assert set(cards) == {screen.pk, case.pk}
    assert all(c.is_submitted for c in cards.values())
    assert cards[screen.pk].scores.get(quality__code="empathy").evidence == "Heard at 3"
    assert cards[case.pk].scores.get(quality__code="empathy").value == 5


def test_candidate_page_opens_the_earliest_open_card_then_the_next_then_read_only(
    candidate, recruiter, two_interviews
):
    screen, case = two_interviews
    client = logged(recruiter)
    url = reverse("evaluations:scorecard", args=[candidate.pk])

    assert client.get(url).context["page"].interview == screen
    client.post(url, form(3))
    assert client.get(url).context["page"].interview == case
    client.post(url, form(5))
    # Nothing open: the latest card, read-only; a POST changes nothing.
    response = client.get(url)
    assert response.context["read_only"] is True
    assert client.post(url, form(1)).status_code == 409
    assert sorted(
        Scorecard.objects.filter(candidate=candidate).values_list("scores__value", flat=True).distinct()
    ) == [3, 5]


def test_a_page_opened_on_one_card_never_writes_into_the_next(candidate, recruiter, two_interviews):
    screen, case = two_interviews
    client = logged(recruiter)
    url = reverse("evaluations:scorecard", args=[candidate.pk])
    # Tab A opened the candidate's page on the phone screen's card; tab B submits that card.
    assert client.get(url).context["page"].interview == screen
    client.post(reverse("evaluations:interview-scorecard", args=[screen.pk]), form(3))

    # Tab A autosaves what it holds: it names its card, which is submitted: nothing changes.
    response = client.post(url, {**form(1, action="save", interview=screen), "autosave": "1"})

    assert response.status_code == 409
    assert not Scorecard.objects.filter(interview=case).exists()


def test_workspace_is_for_its_panel_only(candidate, recruiter, manager, two_interviews):
    screen, _case = two_interviews
    url = reverse("evaluations:interview-scorecard", args=[screen.pk])

    assert logged(RecruiterFactory()).get(url).status_code == 404
    assert logged(manager).get(url).status_code == 404
    assert logged(recruiter).get(url).status_code == 200
    assert logged(recruiter).get(reverse("evaluations:interview-scorecard", args=[999999])).status_code == 404


def test_database_keeps_one_card_per_interview_and_one_ad_hoc_card(candidate, recruiter, two_interviews):
    screen, _case = two_interviews
    Scorecard.objects.create(candidate=candidate, interviewer=recruiter, interview=screen)
    Scorecard.objects.create(candidate=candidate, interviewer=recruiter, interview=None)

    with pytest.raises(IntegrityError), transaction.atomic():
        Scorecard.objects.create(candidate=candidate, interviewer=recruiter, interview=screen)
    with pytest.raises(IntegrityError), transaction.atomic():
        Scorecard.objects.create(candidate=candidate, interviewer=recruiter, interview=None)


def test_a_card_for_another_candidates_interview_is_refused(candidate, recruiter, position, two_interviews):
    other = CandidateFactory(position=position)
    screen, _case = two_interviews
    with pytest.raises(ValidationError, match="not one of this candidate"):
        scorecard_services.scorecard_save(
            candidate=other,
            interviewer=recruiter,
            data=scorecard_services.ScorecardData(
                values={"empathy": 3}, evidence={}, recommendation="", notes=""
            ),
            interview=screen,
        )


def test_todo_owes_one_card_per_interview(candidate, recruiter, two_interviews):
    screen, case = two_interviews
    owed = interview_selectors.todo_page(user=recruiter).owed_now
    # Both overdue: the longest overdue (the phone screen's) first.
    assert [(item.candidate, item.interview, item.overdue) for item in owed] == [
        (candidate, screen, True),
        (candidate, case, True),
    ]
    assert {item.url for item in owed} == {
        reverse("evaluations:interview-scorecard", args=[screen.pk]),
        reverse("evaluations:interview-scorecard", args=[case.pk]),
    }

    logged(recruiter).post(reverse("evaluations:interview-scorecard", args=[screen.pk]), form(3))

    assert [item.interview for item in interview_selectors.todo_page(user=recruiter).owed_now] == [case]


def test_blind_again_while_a_later_interviews_card_is_owed(
    candidate, recruiter, other_recruiter, two_interviews
):
    screen, case = two_interviews
    scorecard_services.scorecard_save(
        candidate=candidate,
        interviewer=other_recruiter,
        data=scorecard_services.ScorecardData(
            values=dict.fromkeys(QUALITY_CODES, 2), evidence={}, recommendation="no", notes=""
        ),
        submit=True,
        interview=None,
    )
    client = logged(recruiter)
    client.post(reverse("evaluations:interview-scorecard", args=[screen.pk]), form(3))
    # The phone screen's card is in, the case study's is owed: blind for this candidate.
    assert hidden_candidate_ids(recruiter, [candidate.pk]) == {candidate.pk}

    client.post(reverse("evaluations:interview-scorecard", args=[case.pk]), form(5))

    assert hidden_candidate_ids(recruiter, [candidate.pk]) == set()


def test_kit_shows_each_panelists_state_for_this_interview(candidate, recruiter, two_interviews):
    screen, case = two_interviews
    logged(recruiter).post(reverse("evaluations:interview-scorecard", args=[screen.pk]), form(3))

    assert interview_selectors.interview_kit(interview_id=screen.pk, user=recruiter).own_state == "submitted"
    assert interview_selectors.interview_kit(interview_id=case.pk, user=recruiter).own_state == ""


def test_dashboard_counts_each_interviewer_once_in_a_mean(
    client_for, candidate, recruiter, other_recruiter, manager
):
    # Rita: 4 at the phone screen, 5 at the case study; Oscar: 3 once. Empathy (3.75, not 4.00).
    screen = schedule(candidate, [recruiter], 5, "Phone screen")
    case = schedule(candidate, [recruiter, other_recruiter], 2, "Case study")
    logged(recruiter).post(reverse("evaluations:interview-scorecard", args=[screen.pk]), form(4))
    logged(recruiter).post(reverse("evaluations:interview-scorecard", args=[case.pk]), form(5))
    logged(other_recruiter).post(reverse("evaluations:interview-scorecard", args=[case.pk]), form(3))
    shortlist = shortlist_services.shortlist_create(name="Final", owner=manager, candidates=[candidate])

    content = (
        client_for(manager).get(reverse("evaluations:shortlist-detail", args=[shortlist.pk])).content.decode()
    )
    rows = (
        client_for(manager).get(reverse("evaluations:shortlist-export", args=[shortlist.pk])).content.decode()
    )

    assert "3.75" in content and "on 3 scorecards" in content
    header, row = rows.splitlines()[:2]
    values = dict(zip(header.split(","), row.split(","), strict=True))
    assert values["empathy"] == "3.75"
    assert values["scorecards"] == "3"
    assert Decimal(values["weighted_score"]) == Decimal("68.8")  # 25 × (3.75 − 1) = 68.75, half up
