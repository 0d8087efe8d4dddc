"""The interview kit (/interviews/<pk>/), its question bank and its calendar invite (.ics)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from evaluations.candidates.models import Candidate, Position
from evaluations.interviews import services
from evaluations.interviews.models import InterviewQuestion
from evaluations.rubric.models import Quality
from evaluations.scoring import QUALITY_CODES
from tests.factories import ManagerFactory, RecruiterFactory, ScorecardFactory

pytestmark = pytest.mark.django_db

START = datetime.datetime(2025, 6, 2, 7, 30, tzinfo=datetime.UTC)  # 09:30 in Paris (summer time)
EMPATHY_FACETS = {
    "Understanding the community",
    "Moderation and crisis management",
    "Authentic content",
    "Community bonds",
}


@pytest.fixture
def kit_interview(candidate, recruiter, manager):
    candidate.link = "https://portfolio.example.com/alice"
    candidate.save()
    return services.interview_schedule(
        candidate=candidate,
        actor=manager,
        title="Case study",
        starts_at=START,
        duration_minutes=90,
        location="https://meet.example.org/room-7",
        panel=[recruiter, manager],
        focus=[Quality.objects.get(code="analysis")],
    )


# --- question bank ------------------------------------------------------------------------------


def test_question_bank_two_or_more_per_quality_in_both_languages():
    for code in QUALITY_CODES:
        questions = list(InterviewQuestion.objects.filter(quality__code=code))
        assert len(questions) >= 2, code
        assert all(q.text_en and q.text_fr and q.text_en != q.text_fr for q in questions), code


def test_question_bank_one_empathy_question_per_facet_of_the_seed():
    facets = set(
        InterviewQuestion.objects.filter(quality__code="empathy")
        .exclude(facet_en="")
        .values_list("facet_en", flat=True)
    )
    assert facets == EMPATHY_FACETS
    assert all(
        q.facet_fr for q in InterviewQuestion.objects.filter(quality__code="empathy").exclude(facet_en="")
    )


# --- the kit --------------------------------------------------------------------------------------


def test_kit_shows_everything_and_focus_first(client_for, kit_interview, recruiter, manager):
    ScorecardFactory(candidate=kit_interview.candidate, interviewer=recruiter, values={"empathy": 5})
    response = client_for(recruiter).get(reverse("evaluations:interview-kit", args=[kit_interview.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    for text in ("Alice Martin", "Case study", "https://portfolio.example.com/alice", "room-7", "90 minutes"):
        assert text in content, text
    kit = response.context["kit"]
    assert [q.quality.code for q in kit.qualities][:2] == ["empathy", "analysis"]
    assert [q.is_focus for q in kit.qualities][:3] == [True, True, False]
    assert all(len(q.questions) >= 2 for q in kit.qualities)
    # The panel with each panelist's state, never the content of a scorecard.
    assert {seat.user.username: seat.state for seat in kit.seats} == {"rita": "submitted", "maya": ""}
    assert "score-pill" not in content
    # A panelist goes to this interview's workspace (one card per interview).
    assert f'href="/interviews/{kit_interview.pk}/scorecard/"' in content
    assert f'href="/interviews/{kit_interview.pk}/invite.ics"' in content
    assert (
        "@page"
        in (
            __import__("pathlib").Path(__file__).resolve().parents[2] / "static/css/interviews.css"
        ).read_text()
    )


def test_kit_in_french_uses_french_questions(client_for, kit_interview, recruiter):
    content = (
        client_for(recruiter)
        .get(reverse("evaluations:interview-kit", args=[kit_interview.pk]), HTTP_ACCEPT_LANGUAGE="fr")
        .content.decode()
    )
    assert "Kit d&#x27;entretien" in content or "Kit d'entretien" in content
    assert "Modération et gestion de crise" in content


def test_kit_other_recruiter_sees_kit_without_invite_button(client_for, kit_interview):
    other = RecruiterFactory(username="oscar")
    content = client_for(other).get(reverse("evaluations:interview-kit", args=[kit_interview.pk])).content
    assert b"invite.ics" not in content


def test_kit_unknown_interview_404(client_for, recruiter):
    assert client_for(recruiter).get("/interviews/999999/").status_code == 404


# session, user, groups, interview with candidate, position and creator, seats with users, the
# candidate's scorecard states, focus, questions, qualities.
KIT_QUERIES = 9


@pytest.mark.parametrize("panel_size", [1, 12])
def test_queries_kit_constant_in_panel_size(client, django_assert_max_num_queries, panel_size):
    position = Position.objects.create(title="CM")
    candidate = Candidate.objects.create(name="Kit", email="kit@example.com", position=position)
    panel = [RecruiterFactory(username=f"p{i}") for i in range(panel_size)]
    for user in panel[::2]:
        ScorecardFactory(candidate=candidate, interviewer=user)
    interview = services.interview_schedule(
        candidate=candidate,
        actor=panel[0],
        title="Screen",
        starts_at=timezone.now(),
        duration_minutes=30,
        location="",
        panel=panel,
        focus=list(Quality.objects.all()[:3]),
    )
    client.force_login(panel[0])
    with django_assert_max_num_queries(KIT_QUERIES):
        response = client.get(reverse("evaluations:interview-kit", args=[interview.pk]))
    assert response.status_code == 200


# --- the calendar invite ------------------------------------------------------------------------


def _parse(response) -> tuple[Calendar, object]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    return calendar, events[0]


def test_invite_ics_parsed_back_holds_the_contract(client_for, kit_interview, recruiter, manager, settings):
    settings.SITE_URL = "https://hiring.example.org"
    silent = RecruiterFactory(username="silent", email="")
    services.interview_update(
        interview=kit_interview,
        actor=manager,
        title="Case study",
        starts_at=START,
        duration_minutes=90,
        location="https://meet.example.org/room-7",
        panel=[recruiter, manager, silent],
    )
    calendar, event = _parse(
        client_for(recruiter).get(reverse("evaluations:interview-invite", args=[kit_interview.pk]))
    )
    assert str(calendar["VERSION"]) == "2.0"
    assert str(event["UID"]) == f"interview-{kit_interview.pk}@cmquality"
    assert event.decoded("DTSTART") == START
    assert event.decoded("DTEND") == START + datetime.timedelta(minutes=90)
    assert event["DTSTART"].to_ical().endswith(b"Z")  # in UTC
    assert "Alice Martin" in str(event["SUMMARY"]) and "Case study" in str(event["SUMMARY"])
    assert str(event["LOCATION"]) == "https://meet.example.org/room-7"
    kit_url = f"https://hiring.example.org/interviews/{kit_interview.pk}/"
    assert str(event["URL"]) == kit_url
    assert kit_url in str(event["DESCRIPTION"])
    attendees = event["ATTENDEE"] if isinstance(event["ATTENDEE"], list) else [event["ATTENDEE"]]
    assert sorted(str(a) for a in attendees) == ["mailto:maya@example.com", "mailto:rita@example.com"]
    assert int(event["SEQUENCE"]) == 1


def test_invite_ics_uid_stable_and_sequence_raised_on_each_change(client_for, kit_interview, manager):
    client = client_for(manager)
    url = reverse("evaluations:interview-invite", args=[kit_interview.pk])
    _cal, first = _parse(client.get(url))
    services.interview_update(
        interview=kit_interview,
        actor=manager,
        title="Case study",
        starts_at=START + datetime.timedelta(hours=1),
        duration_minutes=90,
        location="Room 4",
        panel=[manager],
    )
    _cal, second = _parse(client.get(url))
    services.interview_cancel(interview=kit_interview, actor=manager)
    calendar, third = _parse(client.get(url))
    assert str(first["UID"]) == str(second["UID"]) == str(third["UID"])
    assert [int(e["SEQUENCE"]) for e in (first, second, third)] == [0, 1, 2]
    assert str(third["STATUS"]) == "CANCELLED"
    assert str(calendar["METHOD"]) == "CANCEL"


def test_invite_ics_refused_to_recruiter_not_on_panel(client_for, kit_interview):
    other = RecruiterFactory(username="oscar")
    assert (
        client_for(other).get(reverse("evaluations:interview-invite", args=[kit_interview.pk])).status_code
        == 403
    )


def test_invite_ics_for_any_hiring_manager(client_for, kit_interview):
    other_manager = ManagerFactory(username="mo")
    response = client_for(other_manager).get(reverse("evaluations:interview-invite", args=[kit_interview.pk]))
    assert response.status_code == 200
