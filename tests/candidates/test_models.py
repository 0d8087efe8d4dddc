"""Tests of evaluations/models.py: the database enforces the rules, full_clean() explains them."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from evaluations.candidates.models import Candidate, Position
from tests.factories import ScorecardFactory, ShortlistFactory

pytestmark = pytest.mark.django_db


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


def test_position_str_with_and_without_location():
    assert str(Position(title="Community manager", location="Lyon")) == "Community manager — Lyon"
    assert str(Position(title="Community manager")) == "Community manager"


def test_candidate_str_is_name(candidate):
    assert str(candidate) == "Alice Martin"


def test_get_absolute_url_points_at_contract_paths(candidate):
    shortlist = ShortlistFactory()
    card = ScorecardFactory(candidate=candidate)
    assert candidate.get_absolute_url() == f"/candidates/{candidate.pk}/"
    assert shortlist.get_absolute_url() == f"/shortlists/{shortlist.pk}/"
    assert card.get_absolute_url() == f"/scorecards/{card.pk}/"
