"""Blind scoring: a recruiter sees nothing of another's scorecard until they submit their own, and
neither does a hiring manager who sits on the candidate's interview panel.

Pages are searched as raw bytes (attributes, data-* and scripts included), in both languages.
Every needle is first shown to appear on a hiring manager's pages, so that its absence means
something.
"""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from evaluations import caching
from evaluations.interviews import services as interview_services
from evaluations.scorecards import selectors
from evaluations.scorecards import services as scorecard_services
from evaluations.scorecards.models import Scorecard
from evaluations.scoring import QUALITY_CODES
from tests.factories import (
    CandidateFactory,
    ManagerFactory,
    RecruiterFactory,
    ScorecardFactory,
    ShortlistFactory,
)
from tests.helpers import rubric_data

pytestmark = pytest.mark.django_db

CODES = list(QUALITY_CODES)
# B's scores. Weights: empathy 3, the ten others 1 (total 13). Σ w·mean = 3·4 + 37 = 49, so the
# weighted score is 25 × (49/13 − 1) = 900/13 = 69.23… → "69.2" (French "69,2").
B_SCORES = dict(zip(CODES, [4, 5, 4, 4, 4, 4, 3, 4, 4, 3, 2], strict=True))
B_WEIGHTED = (b"69.2", b"69,2")
# A scores 3 everywhere: with B, the means are the halves of B's + 3, Σ w·mean = 3·3.5 + 33.5 = 44,
# so the weighted score is 25 × (44/13 − 1) = 775/13 = 59.61… → "59.6".
A_SCORES = dict.fromkeys(CODES, 3)
EVIDENCE_B = "UNIQUE-EVIDENCE-B-7Q3Z"
NOTES_B = "UNIQUE-NOTES-B-K2W9"
NEEDLES = [
    EVIDENCE_B.encode(),
    NOTES_B.encode(),
    *B_WEIGHTED,
    # With one scorecard, the means are B's scores: 5.00 (adaptability) and 2.00 (proactivity).
    b"5.00",
    b"5,00",
    b"2.00",
    b"2,00",
    b"Zebulon",  # B's first name: who else scored is part of the scorecard
    b"score-pill",  # how a submitted score is drawn
    b"rec-strong_yes",  # B's recommendation badge
]


def _rubric_data(scores: dict[str, int], *, evidence: str, notes: str, recommendation: str) -> dict[str, str]:
    return rubric_data(
        scores,
        evidence={code: f"{evidence}-{code}" for code in scores},
        recommendation=recommendation,
        notes=notes,
    )


def _logged_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def blind() -> dict[str, Any]:
    a = RecruiterFactory(username="anna", first_name="Anna", last_name="Able")
    b = RecruiterFactory(username="zeb", first_name="Zebulon", last_name="Quillfeather")
    manager = ManagerFactory(username="maya")
    candidate = CandidateFactory(name="Chloé Candidate")
    shortlist = ShortlistFactory(owner=manager)
    shortlist.candidates.add(candidate)
    b_client = _logged_in(b)
    response = b_client.post(
        reverse("evaluations:scorecard", args=[candidate.pk]),
        {
            **_rubric_data(B_SCORES, evidence=EVIDENCE_B, notes=NOTES_B, recommendation="strong_yes"),
            "action": "submit",
            "version": "0",
        },
    )
    assert response.status_code == 302
    b_card = Scorecard.objects.get(candidate=candidate, interviewer=b, status=Scorecard.Status.SUBMITTED)
    return {
        "a": _logged_in(a),
        "manager": _logged_in(manager),
        "candidate": candidate,
        "b_card": b_card,
        "shortlist": shortlist,
    }


def _pages_of_a(blind: dict[str, Any]) -> dict[str, int]:
    """Every page recruiter A may try, with the status A gets while blind."""
    c, card, sl = blind["candidate"].pk, blind["b_card"].pk, blind["shortlist"].pk
    return {
        reverse("evaluations:candidate-list"): 200,
        reverse("evaluations:candidate-list") + "?q=Chlo": 200,
        reverse("evaluations:candidate-detail", args=[c]): 200,
        reverse("evaluations:scorecard", args=[c]): 200,
        reverse("evaluations:quality-list"): 200,
        reverse("evaluations:position-list"): 200,
        reverse("evaluations:scorecard-detail", args=[card]): 404,
        reverse("evaluations:shortlist-list"): 403,
        reverse("evaluations:shortlist-detail", args=[sl]): 403,
        reverse("evaluations:shortlist-detail", args=[sl]) + "?w_empathy=5": 403,
        reverse("evaluations:shortlist-detail", args=[sl]) + "?w_empathy=5&fragment=dashboard": 403,
        reverse("evaluations:shortlist-export", args=[sl]): 403,
        reverse("evaluations:calibration"): 403,
    }


def _manager_pages(blind: dict[str, Any]) -> list[str]:
    c, card, sl = blind["candidate"].pk, blind["b_card"].pk, blind["shortlist"].pk
    return [
        reverse("evaluations:candidate-list"),
        reverse("evaluations:candidate-detail", args=[c]),
        reverse("evaluations:scorecard-detail", args=[card]),
        reverse("evaluations:shortlist-detail", args=[sl]),
        reverse("evaluations:shortlist-export", args=[sl]),
    ]


def _assert_blind(client: Client, pages: dict[str, int]) -> None:
    for language in ("en", "fr"):
        for path, status in pages.items():
            response = client.get(path, HTTP_ACCEPT_LANGUAGE=language)
            assert response.status_code == status, f"{path} ({language})"
            leaked = [needle for needle in NEEDLES if needle in response.content]
            assert leaked == [], f"{path} ({language}) shows {leaked}"


def test_blind_manager_sees_every_needle_before_any_recruiter_submits(blind) -> None:
    content = b""
    for language in ("en", "fr"):
        for path in _manager_pages(blind):
            response = blind["manager"].get(path, HTTP_ACCEPT_LANGUAGE=language)
            assert response.status_code == 200, path
            content += response.content
    assert [needle for needle in NEEDLES if needle not in content] == []


def test_blind_recruiter_without_scorecard_sees_nothing_of_others(blind) -> None:
    _assert_blind(blind["a"], _pages_of_a(blind))


def test_blind_recruiter_without_scorecard_sees_submitted_count(blind) -> None:
    response = blind["a"].get(reverse("evaluations:candidate-detail", args=[blind["candidate"].pk]))
    assert b"1 scorecard submitted." in response.content
    listing = blind["a"].get(reverse("evaluations:candidate-list"))
    assert b"hidden until you submit" in listing.content


def test_blind_recruiter_with_draft_sees_nothing_of_others(blind) -> None:
    url = reverse("evaluations:scorecard", args=[blind["candidate"].pk])
    draft = _rubric_data(A_SCORES, evidence="A-DRAFT", notes="A notes", recommendation="no")
    response = blind["a"].post(url, {**draft, "action": "save", "version": "0"})
    assert response.status_code == 302
    autosave = blind["a"].post(url, {**draft, "action": "save", "autosave": "1", "version": "1"})
    assert autosave.status_code == 200
    assert [needle for needle in NEEDLES if needle in autosave.content] == []
    _assert_blind(blind["a"], _pages_of_a(blind))


def test_blind_recruiter_after_own_submit_sees_others_scorecards(blind) -> None:
    a, candidate, b_card = blind["a"], blind["candidate"], blind["b_card"]
    response = a.post(
        reverse("evaluations:scorecard", args=[candidate.pk]),
        {
            **_rubric_data(A_SCORES, evidence="A", notes="A notes", recommendation="no"),
            "action": "submit",
            "version": "0",
        },
    )
    assert response.status_code == 302
    detail = a.get(reverse("evaluations:scorecard-detail", args=[b_card.pk]))
    assert detail.status_code == 200
    assert EVIDENCE_B.encode() in detail.content
    assert NOTES_B.encode() in detail.content
    assert b"rec-strong_yes" in detail.content
    candidate_page = a.get(reverse("evaluations:candidate-detail", args=[candidate.pk]))
    assert b"59.6" in candidate_page.content
    assert b"Zebulon" in candidate_page.content
    # Still a recruiter: the dashboard, its export and calibration stay closed.
    sl = blind["shortlist"].pk
    assert a.get(reverse("evaluations:shortlist-detail", args=[sl])).status_code == 403
    assert a.get(reverse("evaluations:shortlist-export", args=[sl])).status_code == 403
    assert a.get(reverse("evaluations:calibration")).status_code == 403


def test_blind_manager_sees_others_scorecards_while_recruiters_are_blind(blind) -> None:
    manager, candidate = blind["manager"], blind["candidate"]
    detail = manager.get(reverse("evaluations:scorecard-detail", args=[blind["b_card"].pk]))
    assert EVIDENCE_B.encode() in detail.content
    assert NOTES_B.encode() in detail.content
    assert b"69.2" in manager.get(reverse("evaluations:candidate-detail", args=[candidate.pk])).content
    export = manager.get(reverse("evaluations:shortlist-export", args=[blind["shortlist"].pk]))
    assert b",69.2," in export.content


# --- a hiring manager on the candidate's interview panel is blind too ----------------------------


@pytest.fixture
def panel_manager(blind: dict[str, Any]) -> dict[str, Any]:
    """Pam, a hiring manager, sits on the candidate's panel and has not submitted her scorecard."""
    pam = ManagerFactory(username="pam", first_name="Pam", last_name="Panel")
    interview = interview_services.interview_schedule(
        candidate=blind["candidate"],
        actor=pam,
        title="Case study",
        starts_at=timezone.now() - timedelta(hours=2),
        duration_minutes=60,
        location="Room 3",
        panel=[pam],
    )
    return {**blind, "pam_user": pam, "pam": _logged_in(pam), "interview": interview}


def _pages_of_panel_manager(world: dict[str, Any]) -> dict[str, int]:
    c, card, sl = world["candidate"].pk, world["b_card"].pk, world["shortlist"].pk
    return {
        reverse("evaluations:todo"): 200,
        reverse("evaluations:candidate-list"): 200,
        reverse("evaluations:candidate-detail", args=[c]): 200,
        reverse("evaluations:scorecard", args=[c]): 200,
        reverse("evaluations:scorecard-detail", args=[card]): 404,
        reverse("evaluations:interview-kit", args=[world["interview"].pk]): 200,
        reverse("evaluations:shortlist-list"): 200,
        reverse("evaluations:shortlist-detail", args=[sl]): 200,
        reverse("evaluations:shortlist-detail", args=[sl]) + "?w_empathy=5&adjusted=1": 200,
        reverse("evaluations:shortlist-detail", args=[sl]) + "?w_empathy=5&fragment=dashboard": 200,
        reverse("evaluations:shortlist-export", args=[sl]): 200,
        reverse("evaluations:calibration"): 200,
    }


def test_blind_manager_on_panel_sees_nothing_of_others(panel_manager) -> None:
    _assert_blind(panel_manager["pam"], _pages_of_panel_manager(panel_manager))


def test_blind_manager_on_panel_dashboard_ranks_candidate_last_marked_hidden(panel_manager) -> None:
    other = CandidateFactory(name="Aaron Visible")
    ScorecardFactory(candidate=other, values=dict.fromkeys(CODES, 2))
    panel_manager["shortlist"].candidates.add(other)
    sl = panel_manager["shortlist"].pk
    page = panel_manager["pam"].get(reverse("evaluations:shortlist-detail", args=[sl]))
    columns = page.context["dashboard"].columns
    assert [c.candidate.name for c in columns] == ["Aaron Visible", "Chloé Candidate"]
    hidden = columns[1]
    assert hidden.hidden and hidden.result.weighted_score is None and hidden.result.scorecard_count == 1
    assert b"Hidden until you submit your scorecard" in page.content
    # The padlock is drawn (SVG), not an emoji that shows as an empty box without an emoji font.
    assert page.content.count(b'<svg class="icon-lock"') >= 3  # the notice, the column, its why-line
    assert "🔒".encode() not in page.content
    rows = list(
        csv.reader(
            io.StringIO(
                panel_manager["pam"].get(reverse("evaluations:shortlist-export", args=[sl])).content.decode()
            )
        )
    )
    chloe = next(row for row in rows if row[1] == "Chloé Candidate")
    # Ranked last; the count of scorecards stays; everything drawn from their content is empty.
    assert chloe[0] == "2" and chloe[4] == "1"
    assert chloe[5:18] == [""] * 13 and chloe[18:22] == ["0"] * 4 and chloe[22] == ""
    # Another hiring manager, not on the panel, sees the candidate ranked first.
    manager_rows = list(
        csv.reader(
            io.StringIO(
                panel_manager["manager"]
                .get(reverse("evaluations:shortlist-export", args=[sl]))
                .content.decode()
            )
        )
    )
    assert manager_rows[1][1] == "Chloé Candidate" and manager_rows[1][5] == "69.2"


def test_blind_manager_on_panel_sees_submitted_count(panel_manager) -> None:
    response = panel_manager["pam"].get(
        reverse("evaluations:candidate-detail", args=[panel_manager["candidate"].pk])
    )
    assert b"1 scorecard submitted." in response.content
    assert b"Blind scoring" in response.content


def test_blind_manager_on_panel_sees_all_after_own_submit(panel_manager) -> None:
    pam, candidate = panel_manager["pam"], panel_manager["candidate"]
    response = pam.post(
        reverse("evaluations:scorecard", args=[candidate.pk]),
        {
            **_rubric_data(A_SCORES, evidence="P", notes="P notes", recommendation="yes"),
            "action": "submit",
            "version": "0",
        },
    )
    assert response.status_code == 302
    detail = pam.get(reverse("evaluations:scorecard-detail", args=[panel_manager["b_card"].pk]))
    assert EVIDENCE_B.encode() in detail.content
    export = pam.get(reverse("evaluations:shortlist-export", args=[panel_manager["shortlist"].pk]))
    assert b",59.6," in export.content


def test_blind_manager_reopened_card_is_blind_again(panel_manager) -> None:
    pam_user, candidate = panel_manager["pam_user"], panel_manager["candidate"]
    ScorecardFactory(candidate=candidate, interviewer=pam_user, values=A_SCORES)
    assert selectors.hidden_candidate_ids(pam_user, [candidate.pk]) == set()
    card = Scorecard.objects.get(candidate=candidate, interviewer=pam_user)
    scorecard_services.scorecard_reopen(
        scorecard=card, actor=ManagerFactory(username="boss"), reason="Check empathy"
    )
    assert selectors.hidden_candidate_ids(pam_user, [candidate.pk]) == {candidate.pk}


def test_blind_manager_leaving_panel_or_cancellation_before_a_card_ends_blindness(panel_manager) -> None:
    pam_user, candidate, interview = (
        panel_manager["pam_user"],
        panel_manager["candidate"],
        panel_manager["interview"],
    )
    interview_services.interview_cancel(interview=interview, actor=pam_user)
    assert selectors.hidden_candidate_ids(pam_user, [candidate.pk]) == set()
    second = interview_services.interview_schedule(
        candidate=candidate,
        actor=pam_user,
        title="Final",
        starts_at=timezone.now(),
        duration_minutes=30,
        location="",
        panel=[pam_user],
    )
    assert selectors.hidden_candidate_ids(pam_user, [candidate.pk]) == {candidate.pk}
    other = ManagerFactory(username="other")
    interview_services.interview_update(
        interview=second,
        actor=other,
        title="Final",
        starts_at=second.starts_at,
        duration_minutes=30,
        location="",
        panel=[other],
    )
    assert selectors.hidden_candidate_ids(pam_user, [candidate.pk]) == set()


def test_blind_manager_cancelled_interview_with_a_started_card_stays_blind(panel_manager) -> None:
    pam_user, candidate = panel_manager["pam_user"], panel_manager["candidate"]
    ScorecardFactory(candidate=candidate, interviewer=pam_user, status="draft", recommendation="")
    interview_services.interview_cancel(interview=panel_manager["interview"], actor=pam_user)
    assert selectors.hidden_candidate_ids(pam_user, [candidate.pk]) == {candidate.pk}
    assert selectors.hidden_candidate_ids(pam_user) == {candidate.pk}


def test_blind_seated_hint_gives_the_same_answer_and_saves_the_lookup(
    panel_manager, django_assert_num_queries
) -> None:
    """The dashboard asks whether the viewer sits on any panel with the shortlist itself
    (``seated=``): told so, the selector answers as if it had looked, without the lookup."""
    pam_user, candidate = panel_manager["pam_user"], panel_manager["candidate"]
    manager = ManagerFactory()  # on no panel
    assert selectors.hidden_candidate_ids(pam_user) == {candidate.pk}
    with django_assert_num_queries(1):
        assert selectors.hidden_candidate_ids(pam_user, seated=True) == {candidate.pk}
    assert selectors.hidden_candidate_ids(manager) == set()
    with django_assert_num_queries(0):
        assert selectors.hidden_candidate_ids(manager, seated=False) == set()


# --- the API: a blind reader's JSON holds nothing the pages would not show ----------------------


def _api_needles(world: dict[str, Any]) -> list[bytes]:
    """B's scorecard as JSON shows it: every needle is first seen in a hiring manager's reads."""
    return [
        EVIDENCE_B.encode(),
        NOTES_B.encode(),
        b"69.2",
        b"Zebulon",
        b'"recommendation":"strong_yes"',
        b'"strong_yes":1',
        b'"adaptability":5.0',
        b'"proactivity":2.0',
        f'"interviewer":{world["b_card"].interviewer_id}'.encode(),
    ]


def _api_reads(world: dict[str, Any], *, results: int) -> dict[str, int]:
    c, sl = world["candidate"].pk, world["shortlist"].pk
    return {
        "/api/v1/candidates/": 200,
        "/api/v1/candidates/?q=Chlo": 200,
        f"/api/v1/candidates/{c}/": 200,
        f"/api/v1/candidates/{c}/scorecards/": 200,
        f"/api/v1/candidates/{c}/scorecard/": 200,
        "/api/v1/interviews/": 200,
        f"/api/v1/interviews/?candidate={c}": 200,
        "/api/v1/qualities/": 200,
        f"/api/v1/shortlists/{sl}/results/": results,
    }


def _assert_api_blind(client: Client, world: dict[str, Any], reads: dict[str, int]) -> None:
    needles = _api_needles(world)
    for language in ("en", "fr"):
        for path, status in reads.items():
            response = client.get(path, HTTP_ACCEPT_LANGUAGE=language)
            assert response.status_code == status, f"{path} ({language})"
            leaked = [needle for needle in needles if needle in response.content]
            assert leaked == [], f"{path} ({language}) shows {leaked}"


def test_blind_api_manager_reads_show_every_needle(blind) -> None:
    content = b"".join(blind["manager"].get(path).content for path in _api_reads(blind, results=200))
    assert [needle for needle in _api_needles(blind) if needle not in content] == []


def test_blind_api_recruiter_without_scorecard_reads_nothing_of_others(blind) -> None:
    _assert_api_blind(blind["a"], blind, _api_reads(blind, results=403))
    data = blind["a"].get(f"/api/v1/candidates/{blind['candidate'].pk}/scorecards/").json()
    assert data == {
        "candidate": blind["candidate"].pk,
        "submitted_count": 1,
        "hidden": True,
        "scorecards": [],
        "result": None,
    }


def test_blind_api_recruiter_with_draft_reads_nothing_of_others(blind) -> None:
    url = reverse("evaluations:scorecard", args=[blind["candidate"].pk])
    draft = _rubric_data(A_SCORES, evidence="A-DRAFT", notes="A notes", recommendation="no")
    assert blind["a"].post(url, {**draft, "action": "save", "version": "0"}).status_code == 302
    _assert_api_blind(blind["a"], blind, _api_reads(blind, results=403))


def test_blind_api_recruiter_after_own_submit_reads_others(blind) -> None:
    a, candidate = blind["a"], blind["candidate"]
    body = _rubric_data(A_SCORES, evidence="A", notes="n", recommendation="no")
    response = a.post(
        f"/api/v1/candidates/{candidate.pk}/scorecard/",
        {**body, "action": "submit", "version": 0},
        content_type="application/json",
    )
    assert response.status_code == 200, response.json()
    data = a.get(f"/api/v1/candidates/{candidate.pk}/scorecards/").json()
    assert data["hidden"] is False and data["submitted_count"] == 2
    assert data["result"]["weighted_score"] == 59.6
    assert EVIDENCE_B.encode() in a.get(f"/api/v1/candidates/{candidate.pk}/scorecards/").content
    assert a.get(f"/api/v1/shortlists/{blind['shortlist'].pk}/results/").status_code == 403


def test_blind_api_manager_on_panel_reads_nothing_of_others(panel_manager) -> None:
    _assert_api_blind(panel_manager["pam"], panel_manager, _api_reads(panel_manager, results=200))
    rows = panel_manager["pam"].get(f"/api/v1/shortlists/{panel_manager['shortlist'].pk}/results/").json()
    (row,) = rows["results"]
    assert row["hidden"] is True and row["scorecards"] == 1
    assert row["weighted_score"] is None and row["coverage"] is None and row["empathy"] is None
    assert row["strong_yes"] == 0 and row["below_bar"] == []
    # Another hiring manager, not on the panel, reads the numbers.
    other = panel_manager["manager"].get(f"/api/v1/shortlists/{panel_manager['shortlist'].pk}/results/")
    assert other.json()["results"][0]["weighted_score"] == 69.2


def test_blind_dashboard_cached_for_one_viewer_never_shown_to_the_other(panel_manager) -> None:
    # The dashboard is cached per shortlist: whoever fills the cache first, a panelist's blindness
    # must not reach another manager, nor the other manager's scores reach the panelist.
    sl = reverse("evaluations:shortlist-detail", args=[panel_manager["shortlist"].pk])
    for first, second in (
        (panel_manager["manager"], panel_manager["pam"]),
        (panel_manager["pam"], panel_manager["manager"]),
    ):
        caching.data_changed()
        first.get(sl)
        second.get(sl)
        pam_page, manager_page = (
            panel_manager["pam"].get(sl).content,
            panel_manager["manager"].get(sl).content,
        )

        assert b"Hidden until you submit your scorecard" in pam_page and b"69.2" not in pam_page
        assert b"Hidden until you submit your scorecard" not in manager_page and b"69.2" in manager_page
