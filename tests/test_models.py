"""Tests of evaluations/models.py: the database enforces the rules, full_clean() explains them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from evaluations.models import (
    Candidate,
    Position,
    Quality,
    Rubric,
    RubricChange,
    Score,
    Scorecard,
    ScorecardEvent,
    ShortlistEntry,
)
from tests.factories import ScorecardFactory, ShortlistFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def empathy() -> Quality:
    return Quality.objects.get(code="empathy")


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


# --- qualities -------------------------------------------------------------------------------


def test_quality_create_weight_zero_raises_integrity_error():
    with pytest.raises(IntegrityError), transaction.atomic():
        Quality.objects.create(code="humour", order=99, name_en="Humour", name_fr="Humour", weight=0)
    assert not Quality.objects.filter(code="humour").exists()


def test_quality_update_weight_zero_raises_integrity_error():
    with pytest.raises(IntegrityError), transaction.atomic():
        Quality.objects.filter(code="curiosity").update(weight=0)
    assert Quality.objects.get(code="curiosity").weight == 1


def test_quality_full_clean_weight_zero_raises_validation_error(empathy):
    empathy.weight = 0
    with pytest.raises(ValidationError) as info:
        empathy.full_clean()
    assert "weight" in info.value.message_dict


@pytest.mark.parametrize("minimum", [0, 6])
def test_quality_create_minimum_out_of_range_raises_integrity_error(minimum):
    with pytest.raises(IntegrityError), transaction.atomic():
        Quality.objects.create(code="humour", order=99, name_en="Humour", name_fr="Humour", minimum=minimum)


@pytest.mark.parametrize("minimum", [0, 6])
def test_quality_full_clean_minimum_out_of_range_raises_validation_error(empathy, minimum):
    empathy.minimum = minimum
    with pytest.raises(ValidationError) as info:
        empathy.full_clean()
    assert "minimum" in info.value.message_dict


# --- candidates ------------------------------------------------------------------------------


def test_candidate_create_email_differing_by_case_raises_integrity_error(position):
    Candidate.objects.create(name="Alice", email="alice@example.com", position=position)
    with pytest.raises(IntegrityError), transaction.atomic():
        Candidate.objects.create(name="Alice bis", email="ALICE@Example.COM", position=position)
    assert Candidate.objects.count() == 1


def test_candidate_full_clean_email_differing_by_case_raises_validation_error(position):
    Candidate.objects.create(name="Alice", email="alice@example.com", position=position)
    other = Candidate(name="Alice bis", email="Alice@Example.com", position=position)
    with pytest.raises(ValidationError) as info:
        other.full_clean()
    assert info.value.message_dict["email"] == ["Another candidate already has this email address."]


def test_candidate_full_clean_own_email_accepted(candidate):
    candidate.email = candidate.email.upper()
    candidate.full_clean()


def test_candidate_create_unknown_status_raises_integrity_error(position):
    with pytest.raises(IntegrityError), transaction.atomic():
        Candidate.objects.create(name="Alice", email="a@example.com", position=position, status="ghosted")


def test_candidate_create_default_status_is_applied(position):
    assert Candidate.objects.create(name="A", email="a@example.com", position=position).status == "applied"


# --- shortlists ------------------------------------------------------------------------------


def test_shortlist_candidates_add_works_through_entry_defaults(candidate):
    shortlist = ShortlistFactory()
    shortlist.candidates.add(candidate)
    assert list(shortlist.candidates.all()) == [candidate]


def test_shortlist_entry_create_twice_raises_integrity_error(candidate):
    shortlist = ShortlistFactory()
    ShortlistEntry.objects.create(shortlist=shortlist, candidate=candidate)
    with pytest.raises(IntegrityError), transaction.atomic():
        ShortlistEntry.objects.create(shortlist=shortlist, candidate=candidate, order=2)


# --- __str__ ---------------------------------------------------------------------------------


def test_quality_str_follows_active_language(empathy):
    with translation.override("en"):
        assert str(empathy) == "Empathy"
    with translation.override("fr"):
        assert str(empathy) == "Empathie"


def test_rubric_str_is_rubric():
    assert str(Rubric.objects.get()) == "Rubric"


def test_rubric_change_str_with_and_without_quality(empathy, manager):
    change = RubricChange(quality=empathy, field="weight", old_value="3", new_value="4", changed_by=manager)
    assert str(change) == "Empathy: weight 3 → 4"
    general = RubricChange(field="rationale_en", old_value="a", new_value="b", changed_by=manager)
    assert str(general) == "Rubric: rationale_en a → b"


def test_position_str_with_and_without_location():
    assert str(Position(title="Community manager", location="Lyon")) == "Community manager — Lyon"
    assert str(Position(title="Community manager")) == "Community manager"


def test_candidate_str_is_name(candidate):
    assert str(candidate) == "Alice Martin"


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


def test_shortlist_and_entry_str(candidate):
    shortlist = ShortlistFactory(name="Final round")
    entry = ShortlistEntry.objects.create(shortlist=shortlist, candidate=candidate)
    assert str(shortlist) == "Final round"
    assert str(entry) == "Final round · Alice Martin"


def test_get_absolute_url_points_at_contract_paths(candidate):
    shortlist = ShortlistFactory()
    card = ScorecardFactory(candidate=candidate)
    assert candidate.get_absolute_url() == f"/candidates/{candidate.pk}/"
    assert shortlist.get_absolute_url() == f"/shortlists/{shortlist.pk}/"
    assert card.get_absolute_url() == f"/scorecards/{card.pk}/"
