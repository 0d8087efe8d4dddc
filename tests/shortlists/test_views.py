"""Tests of the pages through the test client, against the contract of DESIGN.md."""

from __future__ import annotations

import pytest

from tests.factories import ShortlistFactory

pytestmark = pytest.mark.django_db


def test_shortlist_rename_with_name_only_keeps_position(client_for, manager, position):
    shortlist = ShortlistFactory(owner=manager, position=position, name="Old")
    response = client_for(manager).post(f"/shortlists/{shortlist.pk}/edit/", {"name": "Finalists"})
    assert response.status_code == 302
    shortlist.refresh_from_db()
    assert (shortlist.name, shortlist.position) == ("Finalists", position)
