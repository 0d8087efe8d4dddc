"""How sure, and why, on the dashboard (issue 11): the scorecard count and the thin-evidence mark
beside each weighted score, the conflict flags, the why-lines, the fragility warning with counts,
and the latest decision with its form.

The first tests read the scenario of tests/test_dashboard.py, worked out by hand there:
Bruno 75.0 (3 scorecards: strong yes, yes, strong yes), Chloé 75.0 (2: yes, strong no; empathy
2.5 under the bar 3), Ana 56.3 (2: yes, no). Means per quality are listed there.
"""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from evaluations.candidates.models import Candidate
from evaluations.decisions import services as decision_services
from evaluations.decisions.models import Decision
from evaluations.interviews import services as interview_services
from evaluations.scoring import QUALITY_CODES
from evaluations.shortlists import services as shortlist_services
from tests.factories import CandidateFactory, ManagerFactory, PositionFactory, ScorecardFactory
from tests.shortlists.test_dashboard import build_scenario

pytestmark = pytest.mark.django_db


def _text(html: str) -> str:
    """What the HTML reads as: block elements apart (the table's fine print, <small>, is a line of
    its own by the stylesheet), inline ones run together."""
    spaced = re.sub(r"</?(?:div|p|li|td|th|br|small|h\d)\b[^>]*>", " ", html)
    return " ".join(unescape(re.sub(r"<[^>]+>", "", spaced)).split())


def _row(html: str, row_class: str) -> list[str]:
    """The text of each cell of the table row of that class, in column (rank) order."""
    row = re.search(rf'<tr class="{row_class}"[^>]*>(.*?)</tr>', html, re.S)
    assert row, row_class
    return [_text(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)]


def _why(html: str, candidate: Candidate) -> str:
    line = re.search(rf'<li id="why-{candidate.pk}">(.*?)</li>', html, re.S)
    assert line, candidate.name
    return _text(line.group(1))


def _page(client, shortlist, user, **params) -> str:
    client.force_login(user)
    response = client.get(reverse("evaluations:shortlist-detail", args=[shortlist.pk]), params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def scenario():
    return build_scenario()


# --- how many scorecards, and thin evidence ---------------------------------------------------


def test_dashboard_score_cell_counts_scorecards_without_thin_mark_at_two(client, scenario):
    html = _page(client, scenario["shortlist"], scenario["manager"])

    # Rank order: Bruno, Chloé, Ana; each stands on two or more scorecards: no mark.
    cells = _row(html, "score-row")
    assert "on 3 scorecards" in cells[0] and "on 2 scorecards" in cells[1] and "on 2 scorecards" in cells[2]
    assert "thin evidence" not in " ".join(cells)


def test_dashboard_thin_evidence_threshold_from_settings(client, scenario, settings):
    settings.THIN_EVIDENCE_BELOW = 3

    html = _page(client, scenario["shortlist"], scenario["manager"])

    bruno, chloe, ana = _row(html, "score-row")
    assert "thin evidence" not in bruno
    assert "on 2 scorecards · thin evidence" in chloe
    assert "on 2 scorecards · thin evidence" in ana
    people = scenario["people"]
    assert "thin evidence (2 interviewers)" in _why(html, people["Ana Moreau"])
    assert "thin evidence" not in _why(html, people["Bruno Petit"])


EVERY = QUALITY_CODES  # empathy first, then the ten others
OTHERS = QUALITY_CODES[1:]


def test_dashboard_one_scorecard_is_thin_and_the_fragility_warning_says_so(client):
    """Lea leads on three scorecards; Theo, on one, takes the lead if empathy weighs one more.

    Weighted = 25 × (Σ w·mean / Σ w − 1). Lea: 4 everywhere → 75.0 whatever the weights.
    Theo: empathy 5, analysis 1, proactivity 3, the eight others 4 → others Σ 32 + 1 + 3 = 36.
    Stored weights (empathy 3, others 1; Σ 13): 15 + 36 = 51 → 25 × (51/13 − 1) = 73.08: Lea first.
    Empathy +1 (Σ 14): 20 + 36 = 56 → 25 × (56/14 − 1) = 75.0, level with Lea, and the tie
    goes to the higher empathy mean (5 > 4): Theo first. Empathy −1 (Σ 12): 10 + 36 = 46 → 70.8;
    any other +1 adds at most a 4 (55/14 → 73.2): Lea stays first. A −1 on a weight of 1 is no
    weight an administrator could set.
    """
    position = PositionFactory()
    lea = CandidateFactory(name="Lea Strong", position=position)
    theo = CandidateFactory(name="Theo Single", position=position)
    for _ in range(3):
        ScorecardFactory(candidate=lea, values=dict.fromkeys(EVERY, 4))
    ScorecardFactory(
        candidate=theo,
        values={"empathy": 5, **dict.fromkeys(OTHERS, 4), "analysis": 1, "proactivity": 3},
    )
    manager = ManagerFactory()
    shortlist = shortlist_services.shortlist_create(name="Two", owner=manager, candidates=[lea, theo])

    html = _page(client, shortlist, manager)

    assert _row(html, "score-row")[0].startswith("75.0")
    found = re.search(r'<div class="alert alert-warning" role="status">(.*?)</div>', html, re.S)
    warning = _text(found.group(1))
    assert "Empathy +1 → Theo Single (a lead that would stand on 1 scorecard: thin evidence)" in warning
    theo_cell = _row(html, "score-row")[1]
    assert "on 1 scorecard · thin evidence" in theo_cell
    assert "thin evidence (1 interviewer)" in _why(html, theo)


# --- conflicts --------------------------------------------------------------------------------


def test_dashboard_conflict_flags_beside_the_score(client):
    """Three candidates, default rubric (empathy 3 with a bar at 3, others 1; Σ 13).

    Top: every quality 5 on two cards → 100.0, recommendations no, no: top score, yet a
    majority of no. Low: empathy 2 (under the bar), others 3 → Σ 6 + 30 = 36 → 25 × (36/13 − 1)
    = 44.23…, recommendations yes, strong yes: below a bar, yet a majority of yes. Split: every
    quality 4 → 75.0, strong yes and strong no: both a strong yes and a strong no (one yes of
    two is no majority, nor one no).
    """
    position = PositionFactory()
    top = CandidateFactory(name="Top Scorer", position=position)
    low = CandidateFactory(name="Low Empathy", position=position)
    split = CandidateFactory(name="Split Panel", position=position)
    codes = EVERY
    for recommendation in ("no", "no"):
        ScorecardFactory(candidate=top, values=dict.fromkeys(codes, 5), recommendation=recommendation)
    for recommendation in ("yes", "strong_yes"):
        ScorecardFactory(
            candidate=low, values={**dict.fromkeys(codes, 3), "empathy": 2}, recommendation=recommendation
        )
    for recommendation in ("strong_yes", "strong_no"):
        ScorecardFactory(candidate=split, values=dict.fromkeys(codes, 4), recommendation=recommendation)
    manager = ManagerFactory()
    shortlist = shortlist_services.shortlist_create(name="Flags", owner=manager, candidates=[low, split, top])

    html = _page(client, shortlist, manager)

    top_cell, split_cell, low_cell = _row(html, "score-row")
    assert top_cell.startswith("100.0") and "top score, yet a majority of no" in top_cell
    assert split_cell.startswith("75.0") and "both a strong yes and a strong no" in split_cell
    assert low_cell.startswith("44.2") and "below a bar, yet a majority of yes" in low_cell
    assert "majority of no" not in split_cell + low_cell
    assert "majority of yes" not in top_cell + split_cell


def test_dashboard_no_conflict_in_the_scenario(client, scenario):
    # Chloé: under the bar but one yes of two (no majority); top score shared with Bruno, one no
    # of two; a strong no without a strong yes. Nobody else has a conflict either.
    html = _page(client, scenario["shortlist"], scenario["manager"])
    assert 'class="conflict-flag"' not in re.search(r'<tr class="score-row">.*?</tr>', html, re.S)[0]


# --- why, in one line -------------------------------------------------------------------------


def test_dashboard_why_lines_strengths_concerns_and_tally(client, scenario):
    html = _page(client, scenario["shortlist"], scenario["manager"])
    people = scenario["people"]

    # Ana: 4 on adaptability and teamwork, leads nowhere; empathy and problem solving disputed.
    assert _why(html, people["Ana Moreau"]) == (
        "3. Ana Moreau · Strengths: Adaptability, Teamwork · Concerns: disputed: Empathy, "
        "Problem solving · 1 Yes, 1 No"
    )
    # Bruno leads empathy (4 > 3 > 2.5) and curiosity (5); 4 on seven more; technical 3.33 and
    # proactivity 3.67 are not strengths: nine of eleven, said by the two that are not.
    assert _why(html, people["Bruno Petit"]) == (
        "1. Bruno Petit · Strengths: every assessed quality but Technical knowledge, Proactivity · "
        "Concerns: disputed: Adaptability · 2 Strong yes, 1 Yes"
    )
    # Chloé leads or reaches 4 everywhere but empathy (2.5, under the bar); curiosity disputed.
    assert _why(html, people["Chloé Durand"]) == (
        "2. Chloé Durand · Strengths: every assessed quality but Empathy · "
        "Concerns: below the bar on Empathy; disputed: Curiosity · 1 Yes, 1 Strong no"
    )
    # In rank order, and the disputed qualities link to the candidate's rows of the debrief.
    order = [
        m.start()
        for m in (
            re.search(rf'id="why-{people[n].pk}"', html)
            for n in ("Bruno Petit", "Chloé Durand", "Ana Moreau")
        )
    ]
    assert order == sorted(order)
    ana = people["Ana Moreau"].pk
    assert f'<a href="#debrief-{ana}">' in html
    assert f'<article class="debrief-item" id="debrief-{ana}">' in html


def test_dashboard_why_lines_in_french(client, scenario):
    client.force_login(scenario["manager"])
    with translation.override("fr"):
        response = client.get(
            reverse("evaluations:shortlist-detail", args=[scenario["shortlist"].pk]),
            HTTP_ACCEPT_LANGUAGE="fr",
        )
    html = response.content.decode()
    line = _why(html, scenario["people"]["Chloé Durand"])
    assert "Points forts :" in line and "Réserves :" in line and "sous le seuil" in line


def test_dashboard_why_line_hidden_for_a_blind_panelist(client, scenario):
    manager = scenario["manager"]
    ana = scenario["people"]["Ana Moreau"]
    interview_services.interview_schedule(
        candidate=ana,
        actor=manager,
        title="Panel",
        starts_at=timezone.now(),
        duration_minutes=45,
        location="Room 1",
        panel=[manager],
    )

    html = _page(client, scenario["shortlist"], manager)

    line = _why(html, ana)
    assert "hidden until you submit your scorecard" in line
    assert "Strengths" not in line and "disputed" not in line


# --- the latest decision, and deciding from the dashboard --------------------------------------


def test_dashboard_shows_latest_decision_with_who_and_why(client, scenario):
    manager = scenario["manager"]
    bruno = scenario["people"]["Bruno Petit"]
    decision_services.candidate_decide(
        candidate=bruno, actor=manager, decision="shortlisted", reason="Panel agrees"
    )
    decision_services.candidate_decide(
        candidate=bruno, actor=manager, decision="offer", reason="Best empathy evidence"
    )

    html = _page(client, scenario["shortlist"], manager)

    bruno_cell, chloe_cell, ana_cell = _row(html, "decision-row")
    assert bruno_cell.startswith("Offer by Maya Lead")
    assert "Best empathy evidence" in bruno_cell and "Panel agrees" not in bruno_cell
    assert chloe_cell == "—" and ana_cell == "—"


def _decide_url(shortlist) -> str:
    return reverse("evaluations:shortlist-decision", args=[shortlist.pk])


def test_dashboard_decision_recorded_and_back_to_the_dashboard(client, scenario):
    manager, shortlist = scenario["manager"], scenario["shortlist"]
    bruno = scenario["people"]["Bruno Petit"]
    client.force_login(manager)

    response = client.post(
        _decide_url(shortlist), {"candidate": bruno.pk, "decision": "offer", "reason": "Clear lead"}
    )

    assert response.status_code == 302 and response.url == shortlist.get_absolute_url()
    decision = Decision.objects.get(candidate=bruno)
    assert (decision.to_status, decision.reason, decision.actor, decision.contradictions) == (
        "offer",
        "Clear lead",
        manager,
        [],
    )
    page = client.get(response.url).content.decode()
    assert "Decision recorded: Bruno Petit is now “Offer”." in unescape(page)
    assert _row(page, "decision-row")[0].startswith("Offer by Maya Lead")


def test_dashboard_decision_against_the_evidence_is_confirmed_on_the_candidate_page(client, scenario):
    manager, shortlist = scenario["manager"], scenario["shortlist"]
    chloe = scenario["people"]["Chloé Durand"]  # under the empathy bar
    client.force_login(manager)

    response = client.post(
        _decide_url(shortlist), {"candidate": chloe.pk, "decision": "offer", "reason": "Gut feeling"}
    )

    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert "This decision goes against the evidence:" in html and "Below the bar on Empathy." in html
    assert "Gut feeling" in html  # what was typed is kept
    assert f'<input type="hidden" name="next" value="{shortlist.get_absolute_url()}">' in html
    assert not Decision.objects.exists()

    confirmed = client.post(
        reverse("evaluations:candidate-decision", args=[chloe.pk]),
        {"decision": "offer", "reason": "Gut feeling", "confirm": "1", "next": shortlist.get_absolute_url()},
    )

    assert confirmed.status_code == 302 and confirmed.url == shortlist.get_absolute_url()
    assert Decision.objects.get(candidate=chloe).contradictions == ["below_bar"]
    page = client.get(confirmed.url).content.decode()
    assert "against the evidence" in _row(page, "decision-row")[1]


def test_dashboard_decision_missing_reason_keeps_the_choice(client, scenario):
    manager, shortlist = scenario["manager"], scenario["shortlist"]
    bruno = scenario["people"]["Bruno Petit"]
    client.force_login(manager)

    response = client.post(_decide_url(shortlist), {"candidate": bruno.pk, "decision": "hired", "reason": ""})

    assert response.status_code == 400
    html = response.content.decode()
    assert '<option value="hired" selected>' in html
    assert "Say why: the reason is kept with the decision." in unescape(html)
    assert not Decision.objects.exists()


@pytest.mark.parametrize("candidate", ["", "abc", "-1", "99999999999999999999", "off"])
def test_dashboard_decision_for_no_candidate_of_the_shortlist_changes_nothing(client, scenario, candidate):
    manager, shortlist = scenario["manager"], scenario["shortlist"]
    outsider = CandidateFactory(name="Not On The List")
    client.force_login(manager)
    value = str(outsider.pk) if candidate == "off" else candidate

    response = client.post(
        _decide_url(shortlist), {"candidate": value, "decision": "rejected", "reason": "No"}
    )

    assert response.status_code == 302 and response.url == shortlist.get_absolute_url()
    assert not Decision.objects.exists()
    assert Candidate.objects.get(pk=outsider.pk).status == outsider.status


def test_dashboard_decision_next_never_leaves_the_site(client, scenario):
    manager = scenario["manager"]
    bruno = scenario["people"]["Bruno Petit"]
    client.force_login(manager)

    for target in ("https://evil.example/", "//evil.example/", "javascript:alert(1)"):
        response = client.post(
            reverse("evaluations:candidate-decision", args=[bruno.pk]),
            {"decision": "shortlisted", "reason": "Fine", "next": target},
        )
        assert response.status_code == 302 and response.url == bruno.get_absolute_url(), target


def test_dashboard_editor_one_candidate_for_the_note_or_the_decision(client, scenario):
    shortlist = scenario["shortlist"]
    html = _page(client, shortlist, scenario["manager"])

    editor = re.search(r'<section class="note-editor.*?</section>', html, re.S)[0]
    select = re.search(r'<select name="candidate"[^>]*>(.*?)</select>', editor, re.S)
    names = re.findall(r"<option value=\"\d+\"[^>]*>([^<]+)</option>", select[1])
    assert names == ["Bruno Petit", "Chloé Durand", "Ana Moreau"]  # rank order
    # Every field belongs to the one per-request form; the decision's button sends it elsewhere.
    fields = re.findall(r'<(?:select|textarea)[^>]*name="(\w+)"[^>]*>', editor)
    assert sorted(fields) == ["candidate", "decision", "note", "reason"]
    assert editor.count('form="note-form"') == 6  # four fields, two buttons
    decision_url = reverse("evaluations:shortlist-decision", args=[shortlist.pk])
    assert f'formaction="{decision_url}"' in editor
    assert re.search(r'<form id="note-form" class="note-form" method="post" action="[^"]+/note/">', html)
