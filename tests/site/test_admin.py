"""The administrator's side: weights through the Django admin keep empathy highest, with history."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from evaluations.rubric.forms import QualityAdminForm
from evaluations.rubric.models import Quality, RubricChange
from evaluations.scorecards.models import Scorecard, ScorecardEvent
from tests.factories import CandidateFactory, ScorecardFactory

pytestmark = pytest.mark.django_db


def _quality_post(quality: Quality, **changes: object) -> dict[str, object]:
    data = {field: getattr(quality, field) for field in QualityAdminForm.Meta.fields if field != "code"}
    data["minimum"] = quality.minimum or ""
    data["reason"] = ""
    data.update(changes)
    return data


def test_admin_weight_equal_to_empathy_refused_with_message(client, admin_user):
    client.force_login(admin_user)
    communication = Quality.objects.get(code="communication")
    url = reverse("admin:evaluations_quality_change", args=[communication.pk])

    response = client.post(url, _quality_post(communication, weight=3, reason="Try it"))

    assert response.status_code == 200
    assert "Empathy must weigh strictly more than every other quality" in response.content.decode()
    communication.refresh_from_db()
    assert communication.weight == 1
    assert not RubricChange.objects.exists()


def test_admin_weight_change_without_reason_refused(client, admin_user):
    client.force_login(admin_user)
    creativity = Quality.objects.get(code="creativity")
    url = reverse("admin:evaluations_quality_change", args=[creativity.pk])

    response = client.post(url, _quality_post(creativity, weight=2))

    assert response.status_code == 200
    assert "Say why the weight or bar changes" in response.content.decode()
    creativity.refresh_from_db()
    assert creativity.weight == 1


def test_admin_weight_change_recorded_and_shown_on_rubric(client, admin_user):
    client.force_login(admin_user)
    creativity = Quality.objects.get(code="creativity")
    url = reverse("admin:evaluations_quality_change", args=[creativity.pk])

    response = client.post(url, _quality_post(creativity, weight=2, reason="Content is half the job here"))

    assert response.status_code == 302
    creativity.refresh_from_db()
    assert creativity.weight == 2
    change = RubricChange.objects.get()
    assert (change.field, change.old_value, change.new_value) == ("weight", "1", "2")
    assert change.changed_by == admin_user
    assert change.reason == "Content is half the job here"
    page = client.get(reverse("evaluations:quality-list")).content.decode()
    assert "Content is half the job here" in page
    # Shares follow the new total: 3 + 2 + 9 × 1 = 14; creativity 2/14 = 14.29 % → 14 %.
    assert "14 %" in page


def test_admin_cannot_add_or_delete_qualities(client, admin_user):
    client.force_login(admin_user)
    assert client.get(reverse("admin:evaluations_quality_add")).status_code == 403
    empathy = Quality.objects.get(code="empathy")
    assert client.get(reverse("admin:evaluations_quality_delete", args=[empathy.pk])).status_code == 403


# --- scorecards: who scored whom and the status never move; every change is in the history ------


def _change_form_data(response: Any) -> dict[str, Any]:
    """What the admin's change form would post back untouched: its fields and the inlines' forms."""
    form = response.context["adminform"].form
    data: dict[str, Any] = {}
    for name in form.fields:
        value = form[name].value()
        data[name] = "" if value is None else value
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for bound in [formset.management_form, *formset.forms]:
            for name in bound.fields:
                value = bound[name].value()
                data[bound.add_prefix(name)] = "" if value is None else value
    return data


def _change_url(card: Scorecard) -> str:
    return reverse("admin:evaluations_scorecard_change", args=[card.pk])


def _state(card: Scorecard) -> tuple[Any, ...]:
    card.refresh_from_db()
    return (card.candidate_id, card.interviewer_id, card.status, card.submitted_at, card.version)


def test_admin_scorecard_change_form_shows_who_and_status_read_only(client, admin_user, candidate):
    card = ScorecardFactory(candidate=candidate, values={"empathy": 4})
    client.force_login(admin_user)

    response = client.get(_change_url(card))

    assert response.status_code == 200
    form = response.context["adminform"].form
    for name in ("candidate", "interviewer", "status", "submitted_at", "version"):
        assert name not in form.fields
    page = response.content.decode()
    for name in ("candidate", "interviewer", "status", "submitted_at_0", "version"):
        assert f'name="{name}"' not in page
    assert candidate.name in page
    assert card.interviewer.username in page or str(card.interviewer) in page


def test_admin_scorecard_post_cannot_move_status_author_or_candidate(
    client, admin_user, candidate, other_recruiter
):
    card = ScorecardFactory(candidate=candidate, values={"empathy": 4}, recommendation="yes")
    other_candidate = CandidateFactory(position=candidate.position)
    before = _state(card)
    client.force_login(admin_user)
    data = _change_form_data(client.get(_change_url(card)))
    data.update(
        {
            "status": "draft",
            "interviewer": other_recruiter.pk,
            "candidate": other_candidate.pk,
            "submitted_at_0": "",
            "submitted_at_1": "",
            "version": 99,
        }
    )

    response = client.post(_change_url(card), data)

    assert response.status_code == 302
    assert _state(card) == before
    assert not ScorecardEvent.objects.filter(scorecard=card).exists()


def test_admin_scorecard_content_change_recorded_with_reason(client, admin_user, candidate, other_recruiter):
    card = ScorecardFactory(
        candidate=candidate,
        values={"empathy": 4},
        values__evidence={"teamwork": "Led the retro"},
        recommendation="yes",
    )
    candidate_id, interviewer_id, status, submitted_at, version = _state(card)
    client.force_login(admin_user)
    data = _change_form_data(client.get(_change_url(card)))
    data.update(
        {
            "empathy": "5",
            "teamwork_evidence": "Led the retro and the crisis call",
            "recommendation": "strong_yes",
            "reason": "The interviewer mistyped empathy",
            "status": "draft",
            "interviewer": other_recruiter.pk,
        }
    )

    response = client.post(_change_url(card), data)

    assert response.status_code == 302, response.content.decode()[:3000]
    assert _state(card) == (candidate_id, interviewer_id, status, submitted_at, version + 1)
    assert card.recommendation == Scorecard.Recommendation.STRONG_YES
    assert card.scores.get(quality__code="empathy").value == 5
    event = ScorecardEvent.objects.get(scorecard=card)
    assert (event.kind, event.actor, event.reason) == (
        ScorecardEvent.Kind.CHANGED,
        admin_user,
        "The interviewer mistyped empathy",
    )
    assert sorted(event.changes, key=lambda c: c["field"]) == [
        {"field": "empathy", "old": 4, "new": 5},
        {"field": "recommendation", "old": "yes", "new": "strong_yes"},
        {"field": "teamwork_evidence", "old": "Led the retro", "new": "Led the retro and the crisis call"},
    ]


def test_admin_scorecard_change_without_reason_refused(client, admin_user, candidate):
    card = ScorecardFactory(candidate=candidate, values={"empathy": 4}, recommendation="yes")
    before = _state(card)
    client.force_login(admin_user)
    data = _change_form_data(client.get(_change_url(card)))
    data.update({"empathy": "2", "reason": "   "})

    response = client.post(_change_url(card), data)

    assert response.status_code == 200
    assert "Say why this scorecard changes" in response.content.decode()
    assert _state(card) == before
    assert card.scores.get(quality__code="empathy").value == 4
    assert not ScorecardEvent.objects.exists()


def test_admin_draft_scorecard_change_recorded_too(client, admin_user, candidate):
    card = ScorecardFactory(candidate=candidate, status=Scorecard.Status.DRAFT, recommendation="", values={})
    client.force_login(admin_user)
    data = _change_form_data(client.get(_change_url(card)))
    data.update({"notes": "Merged from a paper form", "curiosity": "3", "reason": "Paper notes typed in"})

    response = client.post(_change_url(card), data)

    assert response.status_code == 302, response.content.decode()[:3000]
    card.refresh_from_db()
    assert card.status == Scorecard.Status.DRAFT
    event = ScorecardEvent.objects.get(scorecard=card)
    assert event.reason == "Paper notes typed in"
    assert {"field": "notes", "old": "", "new": "Merged from a paper form"} in event.changes
    assert {"field": "curiosity", "old": None, "new": 3} in event.changes


def test_admin_submitted_scorecard_keeps_what_a_submit_needs(client, admin_user, candidate):
    card = ScorecardFactory(candidate=candidate, values={"empathy": 4}, recommendation="yes")
    before = _state(card)
    client.force_login(admin_user)
    data = _change_form_data(client.get(_change_url(card)))
    data.update({"empathy": "", "recommendation": "", "reason": "Try to blank it"})

    response = client.post(_change_url(card), data)

    assert response.status_code == 200
    assert _state(card) == before
    assert card.recommendation == "yes"
    assert not ScorecardEvent.objects.exists()


def test_admin_scorecard_stale_version_changes_nothing(client, admin_user, candidate):
    card = ScorecardFactory(candidate=candidate, status=Scorecard.Status.DRAFT, recommendation="", values={})
    client.force_login(admin_user)
    data = _change_form_data(client.get(_change_url(card)))
    # The author saves the draft from the rubric while the administrator has the form open.
    Scorecard.objects.filter(pk=card.pk).update(version=card.version + 1, notes="Newer")
    data.update({"notes": "Older", "reason": "Fix"})

    response = client.post(_change_url(card), data)

    assert response.status_code == 200
    assert "changed since this page was loaded" in response.content.decode()
    card.refresh_from_db()
    assert card.notes == "Newer"
    assert not ScorecardEvent.objects.exists()


def test_admin_cannot_add_scorecards(client, admin_user, candidate, recruiter):
    client.force_login(admin_user)
    url = reverse("admin:evaluations_scorecard_add")

    assert client.get(url).status_code == 403
    response = client.post(
        url,
        {
            "candidate": candidate.pk,
            "interviewer": recruiter.pk,
            "status": "submitted",
            "recommendation": "yes",
        },
    )
    assert response.status_code == 403
    assert not Scorecard.objects.exists()


def test_admin_scorecard_history_is_read_only(client, admin_user, candidate, manager):
    card = ScorecardFactory(candidate=candidate, values={"empathy": 4})
    event = ScorecardEvent.objects.create(
        scorecard=card, kind=ScorecardEvent.Kind.SUBMITTED, actor=card.interviewer, reason="first"
    )
    client.force_login(admin_user)
    data = _change_form_data(client.get(_change_url(card)))
    data.update({"events-0-reason": "rewritten", "events-0-kind": "reopened", "events-0-DELETE": "on"})

    client.post(_change_url(card), data)

    event.refresh_from_db()
    assert (event.kind, event.reason) == (ScorecardEvent.Kind.SUBMITTED, "first")


# --- reopening: the same service as a hiring manager's, with a reason ---------------------------


def _reopen_action(client: Any, cards: list[Scorecard], **extra: str) -> Any:
    data = {"action": "reopen_selected", "_selected_action": [c.pk for c in cards], **extra}
    return client.post(reverse("admin:evaluations_scorecard_changelist"), data)


def test_admin_reopen_action_asks_for_a_reason_first(client, admin_user, candidate):
    card = ScorecardFactory(candidate=candidate, values={"empathy": 4})
    client.force_login(admin_user)

    response = _reopen_action(client, [card])

    assert response.status_code == 200
    page = response.content.decode()
    assert "csrfmiddlewaretoken" in page
    assert 'name="reason"' in page
    assert str(card) in page
    card.refresh_from_db()
    assert card.is_submitted
    assert not ScorecardEvent.objects.exists()


def test_admin_reopen_action_without_reason_refused_with_message(client, admin_user, candidate):
    card = ScorecardFactory(candidate=candidate, values={"empathy": 4})
    client.force_login(admin_user)

    response = _reopen_action(client, [card], post="yes", reason="  ")

    assert response.status_code == 200
    assert "Say why the scorecard is reopened." in response.content.decode()
    card.refresh_from_db()
    assert card.is_submitted
    assert not ScorecardEvent.objects.exists()


def test_admin_reopen_action_reopens_through_the_service(client, admin_user, candidate, other_recruiter):
    card = ScorecardFactory(candidate=candidate, values={"empathy": 4})
    draft = ScorecardFactory(
        candidate=candidate, interviewer=other_recruiter, status=Scorecard.Status.DRAFT, recommendation=""
    )
    version = card.version
    client.force_login(admin_user)

    response = _reopen_action(client, [card, draft], post="yes", reason="Scored the wrong candidate")

    assert response.status_code == 302
    card.refresh_from_db()
    assert (card.status, card.submitted_at, card.version) == (Scorecard.Status.DRAFT, None, version + 1)
    event = ScorecardEvent.objects.get(scorecard=card)
    assert (event.kind, event.actor, event.reason) == (
        ScorecardEvent.Kind.REOPENED,
        admin_user,
        "Scored the wrong candidate",
    )
    assert not ScorecardEvent.objects.filter(scorecard=draft).exists()
    messages = [str(m) for m in get_messages(client.get(response["Location"]).wsgi_request)]
    assert any("1 scorecard reopened" in m for m in messages)


def test_admin_reopen_button_on_change_page(client, admin_user, candidate):
    card = ScorecardFactory(candidate=candidate, values={"empathy": 4})
    client.force_login(admin_user)
    url = reverse("admin:evaluations_scorecard_reopen", args=[card.pk])

    assert url in client.get(_change_url(card)).content.decode()
    assert client.get(url).status_code == 200
    assert client.post(url, {"post": "yes", "reason": ""}).status_code == 200
    card.refresh_from_db()
    assert card.is_submitted

    response = client.post(url, {"post": "yes", "reason": "Evidence belongs to another candidate"})

    assert response.status_code == 302
    assert response["Location"] == _change_url(card)
    card.refresh_from_db()
    assert not card.is_submitted
    assert ScorecardEvent.objects.get(scorecard=card).reason == "Evidence belongs to another candidate"
    assert url not in client.get(_change_url(card)).content.decode()


def test_admin_reopen_of_drafts_only_changes_nothing(client, admin_user, candidate):
    draft = ScorecardFactory(candidate=candidate, status=Scorecard.Status.DRAFT, recommendation="")
    client.force_login(admin_user)

    response = _reopen_action(client, [draft], post="yes", reason="why not")

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.version == 0
    assert not ScorecardEvent.objects.exists()


# --- the other histories ------------------------------------------------------------------------


def test_admin_rubric_changes_are_read_only(client, admin_user):
    empathy = Quality.objects.get(code="empathy")
    change = RubricChange.objects.create(
        quality=empathy, field="weight", old_value="3", new_value="4", reason="why", changed_by=admin_user
    )
    client.force_login(admin_user)
    url = reverse("admin:evaluations_rubricchange_change", args=[change.pk])

    assert client.get(url).status_code == 200
    assert client.post(url, {"reason": "rewritten", "new_value": "9"}).status_code == 403
    assert client.post(reverse("admin:evaluations_rubricchange_delete", args=[change.pk])).status_code == 403
    response = client.post(
        reverse("admin:evaluations_rubricchange_changelist"),
        {"action": "delete_selected", "_selected_action": [change.pk], "post": "yes"},
    )
    assert response.status_code in {200, 302}
    change.refresh_from_db()
    assert (change.reason, change.new_value) == ("why", "4")
