"""Interviews: the model's constraints, the services that schedule, change and cancel them (with the
candidate's history), and the form at /candidates/<pk>/interviews/new/ with its bad input."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from evaluations.interviews import services
from evaluations.interviews.models import Interview, InterviewEvent, InterviewPanelist
from evaluations.rubric.models import Quality
from tests.factories import RecruiterFactory, ScorecardFactory, UserFactory

pytestmark = pytest.mark.django_db

START = "2025-03-14T09:30"


def schedule(candidate: Any, actor: Any, panel: list[Any], **overrides: Any) -> Interview:
    fields = {
        "title": "Phone screen",
        "starts_at": timezone.now() + datetime.timedelta(days=1),
        "duration_minutes": 45,
        "location": "Room 2",
        "panel": panel,
        "focus": [],
    }
    fields.update(overrides)
    return services.interview_schedule(candidate=candidate, actor=actor, **fields)


def form_data(people: list[Any], **overrides: Any) -> dict[str, Any]:
    data = {
        "title": "Case study",
        "starts_at": START,
        "duration_minutes": "60",
        "location": "https://meet.example.org/abc",
        "panel": [str(u.pk) for u in people],
        "focus": ["communication"],
    }
    data.update(overrides)
    return data


# --- model ------------------------------------------------------------------------------------


@pytest.mark.parametrize("minutes", [0, 481])
def test_interview_duration_out_of_range_full_clean_raises(candidate, recruiter, minutes):
    interview = Interview(
        candidate=candidate,
        title="x",
        starts_at=timezone.now(),
        duration_minutes=minutes,
        created_by=recruiter,
    )
    with pytest.raises(ValidationError) as error:
        interview.full_clean()
    assert "duration_minutes" in error.value.message_dict


@pytest.mark.parametrize("minutes", [0, 481])
def test_interview_duration_out_of_range_create_raises_integrity_error(candidate, recruiter, minutes):
    with pytest.raises(IntegrityError), transaction.atomic():
        Interview.objects.create(
            candidate=candidate,
            title="x",
            starts_at=timezone.now(),
            duration_minutes=minutes,
            created_by=recruiter,
        )


def test_panelist_twice_on_one_interview_raises_integrity_error(candidate, recruiter):
    interview = schedule(candidate, recruiter, [recruiter])
    with pytest.raises(IntegrityError), transaction.atomic():
        InterviewPanelist.objects.create(interview=interview, user=recruiter)


def test_interview_ends_at_is_start_plus_duration(candidate, recruiter):
    interview = schedule(candidate, recruiter, [recruiter], duration_minutes=90)
    assert interview.ends_at - interview.starts_at == datetime.timedelta(minutes=90)


# --- services ---------------------------------------------------------------------------------


def test_interview_schedule_records_history_and_adds_empathy_to_focus(candidate, recruiter, manager):
    communication = Quality.objects.get(code="communication")
    interview = schedule(candidate, manager, [recruiter, manager], focus=[communication])
    assert sorted(interview.focus.values_list("code", flat=True)) == ["communication", "empathy"]
    assert set(interview.panel.all()) == {recruiter, manager}
    event = InterviewEvent.objects.get(interview=interview)
    assert event.kind == InterviewEvent.Kind.SCHEDULED
    assert event.actor == manager
    assert event.candidate == candidate


def test_interview_schedule_empty_panel_refused(candidate, recruiter):
    with pytest.raises(ValidationError) as error:
        schedule(candidate, recruiter, [])
    assert "panel" in error.value.message_dict
    assert not Interview.objects.exists()


def test_interview_schedule_inactive_panelist_refused(candidate, recruiter):
    gone = RecruiterFactory(username="gone", is_active=False)
    with pytest.raises(ValidationError):
        schedule(candidate, recruiter, [gone])


def test_interview_update_records_diff_and_raises_sequence(candidate, recruiter, manager):
    interview = schedule(candidate, recruiter, [recruiter])
    updated = services.interview_update(
        interview=interview,
        actor=manager,
        title="Case study",
        starts_at=interview.starts_at,
        duration_minutes=60,
        location="Room 2",
        panel=[recruiter, manager],
    )
    assert updated.sequence == 1
    event = InterviewEvent.objects.get(interview=interview, kind=InterviewEvent.Kind.CHANGED)
    fields = {change["field"]: change for change in event.changes}
    assert fields["title"] == {"field": "title", "old": "Phone screen", "new": "Case study"}
    assert fields["duration_minutes"]["new"] == 60
    assert fields["panel"]["new"] == "maya, rita"
    assert "location" not in fields


def test_interview_update_without_change_records_nothing(candidate, recruiter):
    interview = schedule(candidate, recruiter, [recruiter])
    services.interview_update(
        interview=interview,
        actor=recruiter,
        title=interview.title,
        starts_at=interview.starts_at,
        duration_minutes=45,
        location="Room 2",
        panel=[recruiter],
    )
    interview.refresh_from_db()
    assert interview.sequence == 0
    assert not InterviewEvent.objects.filter(kind=InterviewEvent.Kind.CHANGED).exists()


def test_interview_cancel_records_reason_and_refuses_twice(candidate, recruiter):
    interview = schedule(candidate, recruiter, [recruiter])
    services.interview_cancel(interview=interview, actor=recruiter, reason="Candidate withdrew")
    interview.refresh_from_db()
    assert interview.is_cancelled
    assert interview.sequence == 1
    assert InterviewEvent.objects.get(kind=InterviewEvent.Kind.CANCELLED).reason == "Candidate withdrew"
    with pytest.raises(ValidationError):
        services.interview_cancel(interview=interview, actor=recruiter)
    with pytest.raises(ValidationError):
        services.interview_update(
            interview=interview,
            actor=recruiter,
            title="x",
            starts_at=interview.starts_at,
            duration_minutes=45,
            location="",
            panel=[recruiter],
        )


# --- the form and its pages -------------------------------------------------------------------


def test_interview_create_post_redirects_to_kit(client_for, candidate, recruiter, manager):
    client = client_for(manager)
    response = client.post(
        reverse("evaluations:interview-create", args=[candidate.pk]), form_data([recruiter, manager])
    )
    interview = Interview.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/interviews/{interview.pk}/"
    # In TIME_ZONE (Europe/Paris, UTC+1 in March): 09:30 local is 08:30 UTC.
    assert interview.starts_at == datetime.datetime(2025, 3, 14, 8, 30, tzinfo=datetime.UTC)
    assert interview.duration_minutes == 60
    assert interview.created_by == manager
    assert sorted(interview.focus.values_list("code", flat=True)) == ["communication", "empathy"]


def test_interview_create_start_in_the_past_allowed(client_for, candidate, recruiter):
    response = client_for(recruiter).post(
        reverse("evaluations:interview-create", args=[candidate.pk]),
        form_data([recruiter], starts_at="2001-01-02T10:00"),
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"duration_minutes": "0"}, "duration_minutes", "at least a minute"),
        ({"duration_minutes": "481"}, "duration_minutes", "at most 8 hours"),
        ({"duration_minutes": "ninety"}, "duration_minutes", "whole number of minutes"),
        ({"starts_at": "14/03/2025 9h30"}, "starts_at", "YYYY-MM-DDTHH:MM"),
        ({"starts_at": "2025-02-30T10:00"}, "starts_at", "YYYY-MM-DDTHH:MM"),
        ({"panel": []}, "panel", "at least one panelist"),
        ({"panel": ["999999"]}, "panel", "not an active user"),
        ({"panel": ["abc"]}, "panel", "is not a user"),
        ({"focus": ["charisma"]}, "focus", "not a quality of the rubric"),
        ({"title": ""}, "title", "Give the interview a title"),
    ],
)
def test_interview_create_bad_input_shows_message_and_keeps_input(
    client_for, candidate, recruiter, overrides, field, message
):
    data = form_data([recruiter], **overrides)
    response = client_for(recruiter).post(reverse("evaluations:interview-create", args=[candidate.pk]), data)
    assert response.status_code == 200
    assert not Interview.objects.exists()
    form = response.context["form"]
    assert field in form.errors
    assert message in " ".join(form.errors[field])
    content = response.content.decode()
    assert message in content or message.replace("“", "&ldquo;") in content
    # What was typed comes back.
    assert 'value="https://meet.example.org/abc"' in content
    if field != "title":
        assert 'value="Case study"' in content


def test_interview_create_panelist_without_email_is_said_not_refused(client_for, candidate, recruiter):
    silent = RecruiterFactory(username="silent", email="", first_name="Sam", last_name="Silent")
    response = client_for(recruiter).post(
        reverse("evaluations:interview-create", args=[candidate.pk]),
        form_data([recruiter, silent]),
        follow=True,
    )
    assert response.status_code == 200
    assert Interview.objects.count() == 1
    assert b"No email address for Sam Silent (silent)" in response.content
    assert b"No email address for Sam Silent" in response.content


def test_interview_create_panel_picker_offers_only_active_users(client_for, candidate, recruiter):
    RecruiterFactory(username="left", first_name="Leftover", is_active=False)
    UserFactory(username="plain", first_name="Plainuser")
    response = client_for(recruiter).get(reverse("evaluations:interview-create", args=[candidate.pk]))
    content = response.content.decode()
    assert "Leftover" not in content
    assert "Plainuser" in content
    assert 'id="panel-search"' in content
    # No <select multiple>: a search over checkboxes, the creator already chosen.
    assert "<select" not in content.split('id="panel-options"')[1].split("</fieldset>")[0]
    assert f'value="{recruiter.pk}"' in content and "checked" in content


def test_interview_edit_form_shows_current_values_and_saves(client_for, candidate, recruiter, manager):
    interview = schedule(candidate, recruiter, [recruiter])
    client = client_for(manager)
    page = client.get(reverse("evaluations:interview-edit", args=[interview.pk]))
    assert b'value="Phone screen"' in page.content
    response = client.post(
        reverse("evaluations:interview-edit", args=[interview.pk]),
        form_data([recruiter, manager], title="Final round"),
    )
    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.title == "Final round"
    assert interview.sequence == 1


def test_interview_cancel_post_cancels_and_candidate_history_shows_it(client_for, candidate, recruiter):
    interview = schedule(candidate, recruiter, [recruiter])
    client = client_for(recruiter)
    response = client.post(
        reverse("evaluations:interview-cancel", args=[interview.pk]), {"reason": "No-show"}
    )
    assert response.status_code == 302
    page = client.get(reverse("evaluations:candidate-detail", args=[candidate.pk]))
    content = page.content.decode()
    assert "Cancelled" in content
    assert "No-show" in content
    assert "Scheduled" in content


def test_interview_edit_cancelled_redirects_with_message(client_for, candidate, recruiter):
    interview = schedule(candidate, recruiter, [recruiter])
    services.interview_cancel(interview=interview, actor=recruiter)
    response = client_for(recruiter).get(reverse("evaluations:interview-edit", args=[interview.pk]))
    assert response.status_code == 302


def test_candidate_page_lists_interviews_with_each_panelist_state(client_for, candidate, recruiter, manager):
    other = RecruiterFactory(username="oscar", first_name="Oscar", last_name="Other")
    schedule(candidate, manager, [recruiter, manager, other])
    ScorecardFactory(candidate=candidate, interviewer=recruiter, values={"empathy": 4})
    ScorecardFactory(candidate=candidate, interviewer=other, status="draft", recommendation="")
    response = client_for(manager).get(reverse("evaluations:candidate-detail", args=[candidate.pk]))
    detail = response.context["detail"]
    states = {seat.user.username: seat.state for seat in detail.interviews[0].seats}
    assert states == {"rita": "submitted", "maya": "", "oscar": "draft"}
    assert b"Phone screen" in response.content
