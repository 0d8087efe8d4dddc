"""The pages that list many candidates run a constant number of queries, whatever their size.

Each page is requested at a small and a large size under one bound: a query per candidate
(an N+1) would blow the bound at the large size. The bounds are the counts measured on
SQLite and PostgreSQL (see the comment by each); a new query on a page means raising its
bound on purpose.
"""

from __future__ import annotations

import itertools

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations.candidates.models import Candidate, Position
from evaluations.rubric.models import Quality
from evaluations.scorecards.models import Score, Scorecard
from evaluations.shortlists import services
from tests.factories import ManagerFactory, RecruiterFactory

pytestmark = pytest.mark.django_db

INTERVIEWERS = 4
RECOMMENDATIONS = ("strong_no", "no", "yes", "strong_yes")
# session, user, the user's groups; the shortlist with its position and owner, and in the same
# query whether the viewer sits on an interview panel (blindness, read on every view); then, on a
# first view, the qualities (once, for the page and the what-if form), the notes, the latest
# decisions, the entries with their candidates and positions, the submitted scorecards, their
# scores, the names of the interviewers and deciders the cells mark (put in when the page is put
# together, so that a rename draws no cell again), the changes of weights since the shortlist was
# made, and the candidates to add.
DASHBOARD_QUERIES = 13
# The same selector without the what-if form and the addable candidates.
EXPORT_QUERIES = 10
# session, user, groups, count for the paginator, the page of candidates with their counts,
# qualities, the candidates the user is blind for, submitted scorecards and their scores for
# the others, positions for the filter, shortlists (managers only).
CANDIDATE_LIST_QUERIES = 11


def build(size: int, *, recruiter=None) -> list[Candidate]:
    """``size`` candidates, each with INTERVIEWERS submitted scorecards of eleven scores.

    With ``recruiter``, that recruiter submits on every other candidate and drafts on every
    third, so that the list shows both what blind scoring hides and what it reveals.
    """
    position = Position.objects.create(title="Community manager", location="Lyon")
    candidates = Candidate.objects.bulk_create(
        Candidate(name=f"Candidate {i:04}", email=f"c{i}@example.com", position=position) for i in range(size)
    )
    interviewers = [RecruiterFactory(username=f"interviewer{i}") for i in range(INTERVIEWERS)]
    now = timezone.now()
    cards = [
        Scorecard(
            candidate=candidate,
            interviewer=interviewer,
            status=Scorecard.Status.SUBMITTED,
            submitted_at=now,
            recommendation=RECOMMENDATIONS[(i + j) % 4],
        )
        for i, candidate in enumerate(candidates)
        for j, interviewer in enumerate(interviewers)
    ]
    if recruiter is not None:
        for i, candidate in enumerate(candidates):
            if i % 2 == 0:
                cards.append(
                    Scorecard(
                        candidate=candidate,
                        interviewer=recruiter,
                        status=Scorecard.Status.SUBMITTED,
                        submitted_at=now,
                        recommendation="yes",
                    )
                )
            elif i % 3 == 0:
                cards.append(Scorecard(candidate=candidate, interviewer=recruiter))
    cards = Scorecard.objects.bulk_create(cards)
    values = itertools.cycle([1, 2, 3, 4, 5, None, 3, 4])
    qualities = list(Quality.objects.all())
    Score.objects.bulk_create(
        Score(scorecard=card, quality=quality, value=next(values), evidence="Seen in the role play")
        for card in cards
        for quality in qualities
    )
    return candidates


def _get_within(client, url: str, bound: int, assert_max) -> None:
    with assert_max(bound):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("size", [3, 60])
def test_queries_dashboard_constant_in_shortlist_size(client, django_assert_max_num_queries, size):
    manager = ManagerFactory(username="maya")
    shortlist = services.shortlist_create(name="Big", owner=manager, candidates=build(size))
    client.force_login(manager)

    _get_within(
        client,
        reverse("evaluations:shortlist-detail", args=[shortlist.pk]),
        DASHBOARD_QUERIES,
        django_assert_max_num_queries,
    )


@pytest.mark.parametrize("size", [3, 60])
def test_queries_dashboard_what_if_and_adjusted_constant_in_size(client, django_assert_max_num_queries, size):
    manager = ManagerFactory(username="maya")
    shortlist = services.shortlist_create(name="Big", owner=manager, candidates=build(size))
    client.force_login(manager)

    # Adjusted means add the calibration's two queries over every submitted scorecard.
    _get_within(
        client,
        reverse("evaluations:shortlist-detail", args=[shortlist.pk]) + "?w_empathy=5&adjusted=1",
        DASHBOARD_QUERIES + 2,
        django_assert_max_num_queries,
    )


@pytest.mark.parametrize("size", [3, 60])
def test_queries_export_constant_in_shortlist_size(client, django_assert_max_num_queries, size):
    manager = ManagerFactory(username="maya")
    shortlist = services.shortlist_create(name="Big", owner=manager, candidates=build(size))
    client.force_login(manager)

    _get_within(
        client,
        reverse("evaluations:shortlist-export", args=[shortlist.pk]),
        EXPORT_QUERIES,
        django_assert_max_num_queries,
    )


@pytest.mark.parametrize("size", [5, 100])
@pytest.mark.parametrize("role", ["manager", "recruiter"])
def test_queries_candidate_list_constant_in_candidate_count(
    client, django_assert_max_num_queries, size, role
):
    user = ManagerFactory(username="maya") if role == "manager" else RecruiterFactory(username="rita")
    build(size, recruiter=user if role == "recruiter" else None)
    client.force_login(user)

    _get_within(
        client, reverse("evaluations:candidate-list"), CANDIDATE_LIST_QUERIES, django_assert_max_num_queries
    )


def test_queries_candidate_list_counts_submitted_scorecards_only(client):
    rita = RecruiterFactory(username="rita")
    candidates = build(5, recruiter=rita)
    lonely = Candidate.objects.create(
        name="Zoe Nobody", email="zoe@example.com", position=candidates[0].position
    )
    client.force_login(rita)

    rows = client.get(reverse("evaluations:candidate-list")).context["rows"]

    # Four interviewers submit on everyone; Rita submits on candidates 0, 2 and 4 and keeps a
    # draft on 3, which does not count. Nobody scored Zoe: 0, not a missing value.
    assert [(row.candidate.name, row.submitted_count, row.own_status) for row in rows] == [
        ("Candidate 0000", 5, "submitted"),
        ("Candidate 0001", 4, None),
        ("Candidate 0002", 5, "submitted"),
        ("Candidate 0003", 4, "draft"),
        ("Candidate 0004", 5, "submitted"),
        (lonely.name, 0, None),
    ]
