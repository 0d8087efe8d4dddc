"""Decisions (DESIGN.md, "Decisions"): the service, the page's form, the confirmation and the history."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from evaluations.candidates.models import Candidate
from evaluations.decisions import selectors
from evaluations.decisions import services as decision_services
from evaluations.decisions.models import Decision
from evaluations.interviews import services as interview_services
from evaluations.rubric.models import Quality
from evaluations.scorecards.models import Score, Scorecard
from tests.factories import CandidateFactory, ManagerFactory, RecruiterFactory, ScorecardFactory

pytestmark = pytest.mark.django_db


def _decide(candidate, actor, decision="shortlisted", reason="Strong empathy, clear examples.", **kw):
    return decision_services.candidate_decide(
        candidate=candidate, actor=actor, decision=decision, reason=reason, **kw
    )


def _url(candidate) -> str:
    return reverse("evaluations:candidate-decision", args=[candidate.pk])


@pytest.fixture
def weak(candidate):
    """Below the empathy bar (2 < 3) with two yes: an offer contradicts the bar, not the tally."""
    ScorecardFactory(candidate=candidate, values={"empathy": 2, "teamwork": 5}, recommendation="yes")
    ScorecardFactory(candidate=candidate, values={"empathy": 2, "teamwork": 4}, recommendation="strong_yes")
    return candidate


# --- the service ------------------------------------------------------------------------------


def test_candidate_decide_sets_status_and_records_who_when_from_to_why(candidate, manager):
    record = _decide(candidate, manager, "shortlisted", "  Clear examples.  ")
    candidate.refresh_from_db()
    assert candidate.status == "shortlisted"
    assert (record.actor, record.from_status, record.to_status, record.reason) == (
        manager,
        "applied",
        "shortlisted",
        "Clear examples.",
    )
    assert record.at is not None and record.contradictions == [] and not record.flagged


def test_candidate_decide_second_decision_starts_from_the_first(candidate, manager):
    _decide(candidate, manager, "offer")
    record = _decide(candidate, manager, "hired", "Accepted the offer.")
    assert (record.from_status, record.to_status) == ("offer", "hired")
    assert Decision.objects.filter(candidate=candidate).count() == 2


def test_candidate_decide_never_changes_scores_or_scorecards(weak, manager):
    before = list(Score.objects.values_list("pk", "value", "evidence").order_by("pk"))
    cards = list(Scorecard.objects.values_list("pk", "status", "recommendation", "version").order_by("pk"))
    _decide(weak, manager, "offer", "We train empathy on the job.", confirm=True)
    assert list(Score.objects.values_list("pk", "value", "evidence").order_by("pk")) == before
    assert (
        list(Scorecard.objects.values_list("pk", "status", "recommendation", "version").order_by("pk"))
        == cards
    )


@pytest.mark.parametrize(
    ("decision", "reason", "field"),
    [
        ("offer", "", "reason"),
        ("offer", "   ", "reason"),
        ("applied", "why", "decision"),
        ("ghosted", "why", "decision"),
    ],
)
def test_candidate_decide_invalid_input_changes_nothing(candidate, manager, decision, reason, field):
    with pytest.raises(ValidationError) as error:
        _decide(candidate, manager, decision, reason)
    assert field in error.value.message_dict
    candidate.refresh_from_db()
    assert candidate.status == "applied"
    assert not Decision.objects.exists()


def test_candidate_decide_by_recruiter_is_refused(candidate, recruiter):
    with pytest.raises(PermissionDenied):
        _decide(candidate, recruiter)
    assert not Decision.objects.exists()


@pytest.mark.parametrize("decision", ["offer", "hired"])
def test_candidate_decide_offer_below_bar_needs_confirmation(weak, manager, decision):
    with pytest.raises(decision_services.DecisionNeedsConfirmation) as pending:
        _decide(weak, manager, decision)
    assert pending.value.contradictions == ("below_bar",)
    weak.refresh_from_db()
    assert weak.status == "applied" and not Decision.objects.exists()


def test_candidate_decide_confirmed_contradiction_is_recorded_flagged(weak, manager):
    record = _decide(weak, manager, "offer", "Empathy coached on the job.", confirm=True)
    assert record.contradictions == ["below_bar"] and record.flagged
    weak.refresh_from_db()
    assert weak.status == "offer"


def test_candidate_decide_more_no_than_yes_contradicts_an_offer(candidate, manager):
    # 2 no-side (no, strong_no) against 1 yes: more no. Empathy 4 is above the bar.
    for rec in ("no", "strong_no", "yes"):
        ScorecardFactory(candidate=candidate, values={"empathy": 4}, recommendation=rec)
    with pytest.raises(decision_services.DecisionNeedsConfirmation) as pending:
        _decide(candidate, manager, "hired")
    assert pending.value.contradictions == ("more_no",)


def test_candidate_decide_rejecting_a_weak_candidate_needs_no_confirmation(weak, manager):
    assert _decide(weak, manager, "rejected", "Empathy under the bar.").contradictions == []


def test_candidate_decide_reads_the_bar_at_decision_time(candidate, manager):
    ScorecardFactory(candidate=candidate, values={"empathy": 3, "analysis": 2}, recommendation="yes")
    assert _decide(candidate, manager, "offer").contradictions == []
    # An administrator raises the bar on analysis: the same evidence now falls below it.
    Quality.objects.filter(code="analysis").update(minimum=3)
    with pytest.raises(decision_services.DecisionNeedsConfirmation):
        _decide(candidate, manager, "hired")


def test_candidate_decide_drafts_do_not_count_as_evidence(candidate, manager):
    ScorecardFactory(
        candidate=candidate, values={"empathy": 1}, status=Scorecard.Status.DRAFT, recommendation="strong_no"
    )
    assert _decide(candidate, manager, "offer").contradictions == []


def test_decision_constraints_full_clean_and_create(candidate, manager):
    with pytest.raises(ValidationError):
        Decision(
            candidate=candidate, actor=manager, from_status="applied", to_status="offer", reason=""
        ).full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(
            candidate=candidate, actor=manager, from_status="applied", to_status="offer", reason=""
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(
            candidate=candidate, actor=manager, from_status="applied", to_status="applied", reason="x"
        )


# --- the selector -----------------------------------------------------------------------------


def test_latest_decisions_one_query_whatever_the_number(manager, position, django_assert_num_queries):
    candidates = [CandidateFactory(position=position) for _ in range(4)]
    for candidate in candidates[:3]:
        _decide(candidate, manager, "shortlisted", "first")
        _decide(candidate, manager, "rejected", f"last of {candidate.pk}")
    with django_assert_num_queries(1):
        latest = selectors.latest_decisions([c.pk for c in candidates])
        reasons = {pk: (d.to_status, d.reason, d.actor.username) for pk, d in latest.items()}
    assert reasons == {c.pk: ("rejected", f"last of {c.pk}", "maya") for c in candidates[:3]}
    assert selectors.latest_decisions([]) == {}


# --- the page ---------------------------------------------------------------------------------


def test_decision_post_records_and_redirects_to_the_candidate(client, candidate, manager):
    client.force_login(manager)
    response = client.post(_url(candidate), {"decision": "shortlisted", "reason": "Strong examples."})
    assert response.status_code == 302 and response["Location"] == candidate.get_absolute_url()
    candidate.refresh_from_db()
    assert candidate.status == "shortlisted"


@pytest.mark.parametrize("user_factory", [RecruiterFactory])
def test_decision_post_by_recruiter_is_403_and_changes_nothing(client, candidate, user_factory):
    client.force_login(user_factory())
    response = client.post(_url(candidate), {"decision": "rejected", "reason": "no"})
    assert response.status_code == 403
    assert not Decision.objects.exists()


def test_decision_post_contradiction_shows_form_asking_confirmation(client, weak, manager):
    client.force_login(manager)
    response = client.post(_url(weak), {"decision": "offer", "reason": "Worth the risk."})
    assert response.status_code == 200
    page = response.content.decode()
    assert "This decision goes against the evidence" in page
    assert "Below the bar on Empathy." in page
    assert 'name="confirm" value="1"' in page
    assert "Worth the risk." in page  # the typed reason is kept
    weak.refresh_from_db()
    assert weak.status == "applied" and not Decision.objects.exists()


def test_decision_post_confirmed_is_recorded_and_shown_flagged(client, weak, manager):
    client.force_login(manager)
    client.post(_url(weak), {"decision": "offer", "reason": "Worth the risk.", "confirm": "1"})
    record = Decision.objects.get()
    assert record.flagged and record.to_status == "offer"
    page = client.get(weak.get_absolute_url()).content.decode()
    assert "against the evidence" in page and "a quality below the bar" in page


def test_decision_post_missing_reason_keeps_choice_and_says_so(client, candidate, manager):
    client.force_login(manager)
    response = client.post(_url(candidate), {"decision": "rejected", "reason": ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Say why: the reason is kept with the decision." in page
    assert "Nothing was changed" in page
    assert '<option value="rejected" selected>' in page
    assert not Decision.objects.exists()


def test_decision_post_unknown_decision_keeps_typed_reason(client, candidate, manager):
    client.force_login(manager)
    response = client.post(_url(candidate), {"decision": "ghosted", "reason": "Typed with care."})
    assert response.status_code == 400
    assert "Typed with care." in response.content.decode()
    candidate.refresh_from_db()
    assert candidate.status == "applied"


def test_decision_post_by_blind_panel_manager_changes_nothing(client, candidate, manager):
    panelist = ManagerFactory(username="pam")
    interview_services.interview_schedule(
        candidate=candidate,
        actor=manager,
        title="Case study",
        starts_at=candidate.created_at,
        duration_minutes=45,
        location="",
        panel=[panelist],
    )
    client.force_login(panelist)
    response = client.post(_url(candidate), {"decision": "offer", "reason": "x"}, follow=True)
    assert "Submit your own scorecard for this candidate before deciding." in response.content.decode()
    assert not Decision.objects.exists()


def test_candidate_page_shows_latest_decision_and_history(client, candidate, manager):
    _decide(candidate, manager, "shortlisted", "First look good.")
    _decide(candidate, manager, "rejected", "Chose another candidate.")
    client.force_login(manager)
    page = client.get(candidate.get_absolute_url()).content.decode()
    latest = page.split('class="latest-decision')[1].split("</div>")[0]
    assert "Rejected" in latest and "Chose another candidate." in latest and manager.get_full_name() in latest
    history = page.split('class="list-unstyled small mb-0 decision-history"')[1]
    assert history.index("Chose another candidate.") < history.index("First look good.")
    assert f'action="/candidates/{candidate.pk}/decision/#decision"' in page


def test_candidate_page_recruiter_sees_decision_but_no_form(client, candidate, manager, recruiter):
    _decide(candidate, manager, "shortlisted", "Good examples.")
    client.force_login(recruiter)
    page = client.get(candidate.get_absolute_url()).content.decode()
    assert "Good examples." in page
    assert "decision-form" not in page


def test_candidate_page_french_decision_form(client, candidate, manager):
    client.force_login(manager)
    with translation.override("fr"):
        page = client.get(candidate.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Enregistrer la décision" in page


def test_candidate_edit_form_no_longer_changes_status(client, candidate, recruiter):
    client.force_login(recruiter)
    client.post(
        reverse("evaluations:candidate-edit", args=[candidate.pk]),
        {
            "name": candidate.name,
            "email": candidate.email,
            "position": candidate.position_id,
            "status": "hired",
        },
    )
    assert Candidate.objects.get(pk=candidate.pk).status == "applied"


def test_candidate_page_marks_thin_evidence_and_conflicts(client, candidate, manager):
    # One scorecard: thin evidence. Empathy 2 under the bar with a strong yes: a conflict.
    ScorecardFactory(candidate=candidate, values={"empathy": 2}, recommendation="strong_yes")
    client.force_login(manager)
    page = client.get(candidate.get_absolute_url()).content.decode()
    assert "thin evidence" in page and "The score stands on 1 scorecard." in page
    assert "below a bar, yet a majority of yes" in page


def test_candidate_page_no_thin_mark_on_two_scorecards(client, candidate, manager):
    ScorecardFactory(candidate=candidate, values={"empathy": 4}, recommendation="yes")
    ScorecardFactory(candidate=candidate, values={"empathy": 4}, recommendation="yes")
    client.force_login(manager)
    page = client.get(candidate.get_absolute_url()).content.decode()
    assert "thin-evidence" not in page and "conflict-flags" not in page
