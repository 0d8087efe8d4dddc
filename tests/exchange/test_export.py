"""The dashboard as CSV (``/shortlists/<pk>/export.csv``), compared byte for byte.

The scenario is the dashboard's (tests/test_dashboard.py, where every figure is worked out
by hand), with a fourth candidate who has only a draft and therefore no score.
"""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from evaluations.candidates.models import Candidate
from evaluations.rubric.models import Quality
from evaluations.scorecards.models import Scorecard
from evaluations.scoring import QUALITY_CODES
from evaluations.shortlists import services
from tests.factories import CandidateFactory, PositionFactory, ScorecardFactory
from tests.shortlists.test_dashboard import build_scenario

pytestmark = pytest.mark.django_db

HEADER = (
    "rank,candidate,email,position,scorecards,weighted_score,coverage,"
    "empathy,adaptability,creativity,communication,technical_knowledge,curiosity,organization,"
    "problem_solving,analysis,teamwork,proactivity,strong_no,no,yes,strong_yes,below_bar"
)
# Bruno: 52/13 = 4 → 75.0, full coverage; technical 10/3 → 3.33, proactivity 11/3 → 3.67.
BRUNO = (
    "1,Bruno Petit,bruno@example.com,Community manager,3,75.0,100,"
    "4.00,4.00,4.00,4.00,3.33,5.00,4.00,4.00,4.00,4.00,3.67,0,0,1,2,"
)
# Chloé: ties Bruno at 75.0, lower empathy mean (2.5, under the bar 3).
CHLOE = (
    "2,Chloé Durand,chloe@example.com,Community manager,2,75.0,100,"
    "2.50,4.50,5.00,4.50,4.00,4.00,4.50,4.50,4.50,4.50,4.50,1,0,1,0,empathy"
)
# Ana: 25 × (39/12 − 1) = 56.25 → 56.3 half up (banker's rounding would write 56.2);
# coverage 12/13 = 92.3 % → 92; analysis not assessed → empty. Her position's title holds a
# comma, so the field is quoted.
ANA = (
    '3,Ana Moreau,ana@example.com,"Social media lead, Lyon",2,56.3,92,'
    "3.00,4.00,3.00,3.50,3.00,3.50,3.00,3.00,,4.00,3.00,0,1,1,0,"
)
# Zoé: a draft only → 0 scorecards, no score, no coverage, no means, ranked last.
ZOE = "4,Zoé Vide,zoe@example.com,Community manager,0,,,,,,,,,,,,,,0,0,0,0,"
EXPECTED = f"{HEADER}\r\n{BRUNO}\r\n{CHLOE}\r\n{ANA}\r\n{ZOE}\r\n".encode()


@pytest.fixture
def scenario():
    data = build_scenario()
    people = data["people"]
    people["Ana Moreau"].position = PositionFactory(title="Social media lead, Lyon", location="")
    people["Ana Moreau"].save()
    zoe = CandidateFactory(name="Zoé Vide", email="zoe@example.com", position=people["Bruno Petit"].position)
    ScorecardFactory(
        candidate=zoe,
        interviewer=data["users"]["dora"],
        status=Scorecard.Status.DRAFT,
        values=dict.fromkeys(QUALITY_CODES, 5),
    )
    services.shortlist_add(shortlist=data["shortlist"], candidates=[zoe])
    return data


def _export(client, scenario, **headers):
    client.force_login(scenario["manager"])
    return client.get(reverse("evaluations:shortlist-export", args=[scenario["shortlist"].pk]), **headers)


def test_export_scenario_matches_expected_bytes(client, scenario):
    response = _export(client, scenario)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content == EXPECTED


def test_export_accept_language_french_keeps_dot_decimals(client, scenario):
    response = _export(client, scenario, HTTP_ACCEPT_LANGUAGE="fr")

    assert response["Content-Language"] == "fr"
    assert response.content == EXPECTED


def test_export_french_chosen_in_switcher_keeps_dot_decimals(client, scenario):
    client.force_login(scenario["manager"])
    client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    dashboard = client.get(reverse("evaluations:shortlist-detail", args=[scenario["shortlist"].pk]))

    response = _export(client, scenario)

    # The switch took: the dashboard writes Ana's 56.25 the French way.
    assert '<span class="weighted-score">56,3</span>' in dashboard.content.decode()
    assert response["Content-Language"] == "fr"
    assert response.content == EXPECTED


def test_export_two_bars_missed_joins_codes_with_semicolon(client, scenario):
    Quality.objects.filter(code="curiosity").update(minimum=5)

    lines = _export(client, scenario).content.decode().split("\r\n")

    # Curiosity means: Bruno 5 (not under 5), Chloé 4, Ana 3.5. A bar does not move the ranking.
    assert lines[1].endswith(",0,0,1,2,")
    assert lines[2].endswith(",1,0,1,0,empathy;curiosity")
    assert lines[3].endswith(",0,1,1,0,curiosity")
    assert lines[4].endswith(",0,0,0,0,")


def test_export_empty_shortlist_is_header_only(client, manager):
    shortlist = services.shortlist_create(name="Empty", owner=manager)
    client.force_login(manager)

    response = client.get(reverse("evaluations:shortlist-export", args=[shortlist.pk]))

    assert response.content == f"{HEADER}\r\n".encode()


def test_export_recruiter_forbidden(client, scenario):
    client.force_login(scenario["users"]["rita"])

    response = client.get(reverse("evaluations:shortlist-export", args=[scenario["shortlist"].pk]))

    assert response.status_code == 403


# --- formulas: text a spreadsheet would run is written with a leading ' (DESIGN.md) -------------

HOSTILE_TEXTS = ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(1)", "\tx", "\rx"]


def _parsed_export(client, manager, shortlist):
    client.force_login(manager)
    response = client.get(reverse("evaluations:shortlist-export", args=[shortlist.pk]))
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.content.decode(), newline="")))


def test_export_formula_in_name_email_and_position_is_neutralised(client, manager):
    emails = [
        "=1+2@example.com",
        "+cmd@example.com",
        "-2+3@example.com",
        "a@example.com",
        "b@x.com",
        "c@x.com",
    ]
    shortlist = services.shortlist_create(name="Hostile", owner=manager)
    for index, text in enumerate(HOSTILE_TEXTS):
        candidate = CandidateFactory(name=text, email=emails[index], position=PositionFactory(title=text))
        if index % 2:
            ScorecardFactory(candidate=candidate, values=dict.fromkeys(QUALITY_CODES, 3))
        services.shortlist_add(shortlist=shortlist, candidates=[candidate])

    rows = _parsed_export(client, manager, shortlist)

    assert sorted(row["candidate"] for row in rows) == sorted("'" + text for text in HOSTILE_TEXTS)
    assert all(row["position"] == row["candidate"] for row in rows)
    by_name = {row["candidate"][1:]: row for row in rows}
    for index, text in enumerate(HOSTILE_TEXTS):
        email = emails[index]
        assert by_name[text]["email"] == ("'" + email if email[0] in "=+-" else email)
    for row in rows:
        # Numbers and empty cells are never prefixed.
        numbers = [
            row["rank"],
            row["scorecards"],
            *(row[rec] for rec in ("strong_no", "no", "yes", "strong_yes")),
        ]
        assert all(value.isdigit() for value in numbers), row
        means = [row["weighted_score"], row["coverage"], *(row[code] for code in QUALITY_CODES)]
        if row["scorecards"] == "0":
            assert means == [""] * len(means)
        else:
            assert means == ["50.0", "100", *["3.00"] * len(QUALITY_CODES)]
        assert not row["below_bar"]


def test_export_candidate_created_through_the_form_with_formula_name_is_neutralised(
    client, recruiter, manager, position
):
    client.force_login(recruiter)
    response = client.post(
        reverse("evaluations:candidate-create"),
        {"name": '=HYPERLINK("http://x","y")', "email": "x@example.com", "position": position.pk},
    )
    assert response.status_code == 302
    shortlist = services.shortlist_create(name="From the form", owner=manager)
    services.shortlist_add(shortlist=shortlist, candidates=list(Candidate.objects.all()))

    (row,) = _parsed_export(client, manager, shortlist)

    assert row["candidate"] == '\'=HYPERLINK("http://x","y")'
    assert row["rank"] == "1"
