"""Tests of the pages through the test client, against the contract of DESIGN.md."""

from __future__ import annotations

import pytest

from evaluations.scoring import QUALITY_CODES

pytestmark = pytest.mark.django_db

CODES = list(QUALITY_CODES)


# --- the rubric page (/qualities/) -----------------------------------------------------------


def test_quality_list_shows_weights_and_shares(client_for, recruiter):
    html = client_for(recruiter).get("/qualities/").content.decode()
    # Total weight 3 + 10 × 1 = 13: empathy 3/13 = 23.08 % → 23 %, each other 1/13 = 7.69 % → 8 %.
    assert '<td class="text-end">3</td><td class="text-end">23 %</td>' in html
    assert html.count('<td class="text-end">1</td><td class="text-end">8 %</td>') == 10
    assert '<td class="text-end">13</td>' in html
    assert "Why empathy counts most" in html


def test_quality_list_shows_eleven_qualities_in_order(client_for, recruiter):
    html = client_for(recruiter).get("/qualities/").content.decode()
    positions = [html.index(f'id="q-{code}-heading"') for code in CODES]
    assert positions == sorted(positions)
