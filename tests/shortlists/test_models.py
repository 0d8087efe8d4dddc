"""Tests of evaluations/models.py: the database enforces the rules, full_clean() explains them."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from evaluations.shortlists.models import ShortlistEntry
from tests.factories import ShortlistFactory

pytestmark = pytest.mark.django_db


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


def test_shortlist_and_entry_str(candidate):
    shortlist = ShortlistFactory(name="Final round")
    entry = ShortlistEntry.objects.create(shortlist=shortlist, candidate=candidate)
    assert str(shortlist) == "Final round"
    assert str(entry) == "Final round · Alice Martin"
