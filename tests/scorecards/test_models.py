"""Tests of evaluations/models.py: the database enforces the rules, full_clean() explains them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from evaluations.scorecards.models import Score, Scorecard, ScorecardEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(candidate, recruiter) -> Scorecard:
    return Scorecard.objects.create(candidate=candidate, interviewer=recruiter)


# --- score range -----------------------------------------------------------------------------


@pytest.mark.parametrize("value", [0, 6])
def test_score_create_out_of_range_raises_integrity_error(draft, empathy, value):
    with pytest.raises(IntegrityError), transaction.atomic():
        Score.objects.create(scorecard=draft, quality=empathy, value=value)
    assert not Score.objects.exists()


@pytest.mark.parametrize("value", [0, 6])
def test_score_full_clean_out_of_range_raises_validation_error(draft, empathy, value):
    score = Score(scorecard=draft, quality=empathy, value=value)
    with pytest.raises(ValidationError) as info:
        score.full_clean()
    assert "value" in info.value.message_dict


@pytest.mark.parametrize("value", [1, 5, None])
def test_score_create_bounds_and_not_assessed_accepted(draft, empathy, value):
    score = Score.objects.create(scorecard=draft, quality=empathy, value=value)
    score.full_clean()
    assert Score.objects.get(pk=score.pk).value == value


def test_score_create_twice_for_one_quality_raises_integrity_error(draft, empathy):
    Score.objects.create(scorecard=draft, quality=empathy, value=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        Score.objects.create(scorecard=draft, quality=empathy, value=4)
    assert Score.objects.filter(scorecard=draft).count() == 1


def test_score_full_clean_duplicate_quality_raises_validation_error(draft, empathy):
    Score.objects.create(scorecard=draft, quality=empathy, value=3)
    with pytest.raises(ValidationError):
        Score(scorecard=draft, quality=empathy, value=4).full_clean()


# --- scorecards ------------------------------------------------------------------------------


def test_scorecard_create_twice_for_one_interviewer_raises_integrity_error(draft, candidate, recruiter):
    with pytest.raises(IntegrityError), transaction.atomic():
        Scorecard.objects.create(candidate=candidate, interviewer=recruiter)
    assert Scorecard.objects.filter(candidate=candidate).count() == 1


def test_scorecard_full_clean_duplicate_interviewer_raises_validation_error(draft, candidate, recruiter):
    with pytest.raises(ValidationError):
        Scorecard(candidate=candidate, interviewer=recruiter).full_clean()


def test_scorecard_create_other_interviewer_same_candidate_accepted(draft, candidate, other_recruiter):
    Scorecard.objects.create(candidate=candidate, interviewer=other_recruiter)
    assert Scorecard.objects.filter(candidate=candidate).count() == 2


def test_scorecard_create_submitted_without_recommendation_raises_integrity_error(candidate, recruiter):
    with pytest.raises(IntegrityError), transaction.atomic():
        Scorecard.objects.create(
            candidate=candidate,
            interviewer=recruiter,
            status=Scorecard.Status.SUBMITTED,
            submitted_at=timezone.now(),
            recommendation="",
        )
    assert not Scorecard.objects.exists()


def test_scorecard_create_submitted_without_time_raises_integrity_error(candidate, recruiter):
    with pytest.raises(IntegrityError), transaction.atomic():
        Scorecard.objects.create(
            candidate=candidate,
            interviewer=recruiter,
            status=Scorecard.Status.SUBMITTED,
            submitted_at=None,
            recommendation=Scorecard.Recommendation.YES,
        )


def test_scorecard_full_clean_submitted_without_recommendation_raises_validation_error(candidate, recruiter):
    card = Scorecard(
        candidate=candidate,
        interviewer=recruiter,
        status=Scorecard.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )
    with pytest.raises(ValidationError):
        card.full_clean()


def test_scorecard_create_submitted_complete_accepted(candidate, recruiter):
    card = Scorecard.objects.create(
        candidate=candidate,
        interviewer=recruiter,
        status=Scorecard.Status.SUBMITTED,
        submitted_at=timezone.now(),
        recommendation=Scorecard.Recommendation.STRONG_YES,
    )
    card.full_clean()
    assert card.is_submitted


def test_scorecard_create_unknown_recommendation_raises_integrity_error(candidate, recruiter):
    with pytest.raises(IntegrityError), transaction.atomic():
        Scorecard.objects.create(candidate=candidate, interviewer=recruiter, recommendation="maybe")


def test_scorecard_str_names_interviewer_and_candidate(draft):
    # The recruiter fixture's username is "rita"; a user's str() is the username.
    assert str(draft) == "rita on Alice Martin"


def test_score_str_shows_code_and_value_or_dash(draft, empathy):
    assert str(Score(scorecard=draft, quality=empathy, value=4)) == "empathy: 4"
    assert str(Score(scorecard=draft, quality=empathy, value=None)) == "empathy: —"


def test_scorecard_event_str_shows_kind_scorecard_and_time(draft, recruiter):
    event = ScorecardEvent(
        scorecard=draft,
        kind=ScorecardEvent.Kind.REOPENED,
        actor=recruiter,
        at=datetime(2025, 3, 4, 9, 5, tzinfo=UTC),
    )
    assert str(event) == f"Reopened · {draft.pk} · 2025-03-04 09:05"
