"""The administrator's side: weights through the Django admin keep empathy highest, with history."""

from __future__ import annotations

import pytest
from django.urls import reverse

from evaluations.forms import QualityAdminForm
from evaluations.models import Quality, RubricChange, Scorecard, ScorecardEvent
from tests.factories import ScorecardFactory

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
    assert "empathy must weigh strictly more" in response.content.decode()
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


def test_admin_edit_of_submitted_scorecard_recorded_in_history(client, admin_user, candidate):
    card = ScorecardFactory(candidate=candidate, values={"empathy": 4}, recommendation="yes")
    client.force_login(admin_user)
    url = reverse("admin:evaluations_scorecard_change", args=[card.pk])
    page = client.get(url)
    assert page.status_code == 200
    scores = list(card.scores.order_by("quality__order"))
    data = {
        "candidate": card.candidate_id,
        "interviewer": card.interviewer_id,
        "recommendation": "strong_yes",
        "notes": card.notes,
        "status": "submitted",
        "submitted_at_0": card.submitted_at.strftime("%Y-%m-%d"),
        "submitted_at_1": card.submitted_at.strftime("%H:%M:%S"),
        "scores-TOTAL_FORMS": len(scores),
        "scores-INITIAL_FORMS": len(scores),
        "scores-MIN_NUM_FORMS": 0,
        "scores-MAX_NUM_FORMS": 1000,
        "events-TOTAL_FORMS": 0,
        "events-INITIAL_FORMS": 0,
        "events-MIN_NUM_FORMS": 0,
        "events-MAX_NUM_FORMS": 1000,
    }
    for index, score in enumerate(scores):
        data[f"scores-{index}-id"] = score.pk
        data[f"scores-{index}-scorecard"] = card.pk
        data[f"scores-{index}-quality"] = score.quality_id
        data[f"scores-{index}-value"] = 5 if score.quality.code == "empathy" else (score.value or "")
        data[f"scores-{index}-evidence"] = score.evidence

    response = client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    card.refresh_from_db()
    assert card.recommendation == Scorecard.Recommendation.STRONG_YES
    event = ScorecardEvent.objects.get(scorecard=card, kind=ScorecardEvent.Kind.CHANGED)
    assert event.actor == admin_user
    assert {"field": "empathy", "old": 4, "new": 5} in event.changes
    assert {"field": "recommendation", "old": "yes", "new": "strong_yes"} in event.changes
