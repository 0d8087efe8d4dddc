"""Tests of evaluations/services.py: every write, its validation and the history it keeps."""

from __future__ import annotations

import pytest

from evaluations.shortlists import services as shortlist_services
from evaluations.shortlists.models import ShortlistEntry
from tests.factories import CandidateFactory, ShortlistFactory

pytestmark = pytest.mark.django_db


# --- shortlists ------------------------------------------------------------------------------


def _order(shortlist) -> list[tuple[str, int]]:
    return list(shortlist.entries.order_by("order").values_list("candidate__name", "order"))


def test_shortlist_add_appends_in_order_and_ignores_duplicates(manager, position):
    a, b, c = (CandidateFactory(name=name, position=position) for name in ("Ann", "Ben", "Cleo"))
    shortlist = ShortlistFactory(owner=manager)
    assert shortlist_services.shortlist_add(shortlist=shortlist, candidates=[b, a]) == 2
    assert shortlist_services.shortlist_add(shortlist=shortlist, candidates=[a, c, c, b]) == 1
    assert _order(shortlist) == [("Ben", 1), ("Ann", 2), ("Cleo", 3)]


def test_shortlist_create_with_candidates_keeps_given_order(manager, position):
    a, b = CandidateFactory(name="Ann", position=position), CandidateFactory(name="Ben", position=position)
    shortlist = shortlist_services.shortlist_create(name="  Final  ", owner=manager, candidates=[b, a])
    assert shortlist.name == "Final"
    assert _order(shortlist) == [("Ben", 1), ("Ann", 2)]


def test_shortlist_resize_keeps_exactly_given_candidates_in_order(manager, position):
    a, b, c, d = (CandidateFactory(name=n, position=position) for n in ("Ann", "Ben", "Cleo", "Dan"))
    shortlist = ShortlistFactory(owner=manager)
    shortlist_services.shortlist_add(shortlist=shortlist, candidates=[a, b, c])
    shortlist_services.shortlist_resize(shortlist=shortlist, candidates=[c, a])
    assert _order(shortlist) == [("Cleo", 1), ("Ann", 2)]
    shortlist_services.shortlist_resize(shortlist=shortlist, candidates=[c, a, d, b])
    assert _order(shortlist) == [("Cleo", 1), ("Ann", 2), ("Dan", 3), ("Ben", 4)]
    assert ShortlistEntry.objects.filter(shortlist=shortlist).count() == 4


def test_shortlist_resize_keeps_notes_of_remaining_entries(manager, position):
    a, b = CandidateFactory(name="Ann", position=position), CandidateFactory(name="Ben", position=position)
    shortlist = ShortlistFactory(owner=manager)
    shortlist_services.shortlist_add(shortlist=shortlist, candidates=[a, b])
    shortlist_services.shortlist_set_note(shortlist=shortlist, candidate_id=b.pk, note=" strong portfolio ")
    shortlist_services.shortlist_resize(shortlist=shortlist, candidates=[b])
    assert list(shortlist.entries.values_list("candidate__name", "order", "note")) == [
        ("Ben", 1, "strong portfolio")
    ]


def test_shortlist_remove_deletes_only_named_entries(manager, position):
    a, b = CandidateFactory(name="Ann", position=position), CandidateFactory(name="Ben", position=position)
    shortlist = ShortlistFactory(owner=manager)
    shortlist_services.shortlist_add(shortlist=shortlist, candidates=[a, b])
    assert shortlist_services.shortlist_remove(shortlist=shortlist, candidate_ids=[a.pk]) == 1
    assert _order(shortlist) == [("Ben", 2)]
