"""Tests of evaluations/forms.py: invalid input is refused with clear errors and none of it is lost."""

from __future__ import annotations

import pytest

from evaluations.candidates.forms import CandidateForm
from evaluations.candidates.models import Candidate

pytestmark = pytest.mark.django_db


# --- candidates ------------------------------------------------------------------------------


def test_candidate_form_duplicate_email_any_case_invalid(candidate, position):
    form = CandidateForm(
        data={"name": "Alice Again", "email": f"  {candidate.email.upper()} ", "position": position.pk}
    )
    assert not form.is_valid()
    assert form.errors["email"] == ["Another candidate already has this email address."]
    assert Candidate.objects.count() == 1


def test_candidate_form_edit_keeping_own_email_valid(candidate, position):
    form = CandidateForm(
        data={"name": "Alice M.", "email": candidate.email.upper(), "position": position.pk},
        instance=candidate,
    )
    assert form.is_valid(), form.errors


def test_candidate_form_minimal_fields_default_status_applied(position):
    form = CandidateForm(data={"name": "Bob", "email": "bob@example.com", "position": position.pk})
    assert form.is_valid(), form.errors
    assert form.save().status == Candidate.Status.APPLIED
