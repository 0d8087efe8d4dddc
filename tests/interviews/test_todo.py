"""/todo/, the home page: what each person owes, overdue first; the next owed scorecard after a
submit; a hiring manager's shortlists waiting for scorecards; constant queries at two sizes."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from evaluations.candidates.models import Candidate, Position
from evaluations.interviews import selectors
from evaluations.interviews import services as interview_services
from evaluations.scorecards import services as scorecard_services
from evaluations.scoring import QUALITY_CODES
from evaluations.shortlists import services as shortlist_services
from tests.factories import CandidateFactory, ManagerFactory, RecruiterFactory, ScorecardFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2025, 3, 14, 12, 0, tzinfo=datetime.UTC)


def interview(candidate: Any, panel: list[Any], starts_at: datetime.datetime, minutes: int = 60, **kw: Any):
    return interview_services.interview_schedule(
        candidate=candidate,
        actor=panel[0],
        title=kw.pop("title", "Phone screen"),
        starts_at=starts_at,
        duration_minutes=minutes,
        location="",
        panel=panel,
        **kw,
    )


def submit(candidate: Any, user: Any) -> None:
    scorecard_services.scorecard_save(
        candidate=candidate,
        interviewer=user,
        data=scorecard_services.ScorecardData(
            values=dict.fromkeys(QUALITY_CODES, 3), evidence={}, recommendation="yes", notes=""
        ),
        submit=True,
    )


def test_todo_overdue_first_then_soonest_and_submitted_gone(recruiter, position):
    late = CandidateFactory(name="Late Lucie", position=position)
    recent = CandidateFactory(name="Recent Rémi", position=position)
    upcoming = CandidateFactory(name="Upcoming Ugo", position=position)
    later = CandidateFactory(name="Later Léa", position=position)
    done = CandidateFactory(name="Done Dora", position=position)
    drafted = CandidateFactory(name="Draft Dan", position=position)
    with time_machine.travel(NOW - datetime.timedelta(days=5), tick=False):
        interview(late, [recruiter], NOW - datetime.timedelta(hours=30))  # ended 29 h ago: overdue
        interview(recent, [recruiter], NOW - datetime.timedelta(hours=3))  # ended 2 h ago: not yet
        interview(later, [recruiter], NOW + datetime.timedelta(days=2))
        interview(upcoming, [recruiter], NOW + datetime.timedelta(hours=1))
        interview(done, [recruiter], NOW - datetime.timedelta(hours=40))
        submit(done, recruiter)
    ScorecardFactory(candidate=drafted, interviewer=recruiter, status="draft", recommendation="")
    page = selectors.todo_page(user=recruiter, now=NOW)
    assert [item.candidate.name for item in page.owed] == [
        "Late Lucie",
        "Recent Rémi",
        "Upcoming Ugo",
        "Later Léa",
        "Draft Dan",
    ]
    assert [item.overdue for item in page.owed] == [True, False, False, False, False]
    assert page.overdue_count == 1
    assert page.owed[-1].status == "draft"


def test_todo_overdue_boundary_is_due_hours_after_the_end(recruiter, candidate, settings):
    settings.SCORECARD_DUE_HOURS = 24
    interview(candidate, [recruiter], NOW - datetime.timedelta(hours=25), minutes=60)  # ended NOW - 24 h
    assert not selectors.todo_page(user=recruiter, now=NOW).owed[0].overdue
    assert selectors.todo_page(user=recruiter, now=NOW + datetime.timedelta(seconds=1)).owed[0].overdue


def test_todo_cancelled_interview_ends_the_obligation_unless_a_card_was_started(recruiter, position):
    untouched = CandidateFactory(name="Untouched", position=position)
    started = CandidateFactory(name="Started", position=position)
    for person in (untouched, started):
        interview_services.interview_cancel(interview=interview(person, [recruiter], NOW), actor=recruiter)
    ScorecardFactory(candidate=started, interviewer=recruiter, status="draft", recommendation="")
    assert [i.candidate.name for i in selectors.todo_page(user=recruiter, now=NOW).owed] == ["Started"]


def test_todo_reopened_scorecard_is_owed_again(recruiter, manager, candidate):
    interview(candidate, [recruiter], NOW - datetime.timedelta(days=2))
    submit(candidate, recruiter)
    assert selectors.todo_page(user=recruiter, now=NOW).owed == []
    card = candidate.scorecards.get(interviewer=recruiter)
    scorecard_services.scorecard_reopen(scorecard=card, actor=manager, reason="Typo on empathy")
    assert [i.candidate for i in selectors.todo_page(user=recruiter, now=NOW).owed] == [candidate]


def test_todo_page_renders_links_and_overdue_mark(client_for, recruiter, candidate):
    case = interview(candidate, [recruiter], timezone.now() - datetime.timedelta(days=3), title="Case study")
    response = client_for(recruiter).get(reverse("evaluations:todo"))
    content = response.content.decode()
    assert response.status_code == 200
    assert f'href="/interviews/{case.pk}/scorecard/"' in content
    assert "Case study" in content
    assert "Overdue" in content


def test_todo_page_french(client_for, recruiter, candidate):
    interview(candidate, [recruiter], timezone.now() - datetime.timedelta(days=3))
    response = client_for(recruiter).get(reverse("evaluations:todo"), HTTP_ACCEPT_LANGUAGE="fr")
    assert "Fiches d'évaluation que vous devez" in response.content.decode()
    assert "En retard" in response.content.decode()


def test_todo_manager_sees_whose_scorecards_are_missing_on_owned_shortlists(client_for, manager, position):
    rita = RecruiterFactory(username="rita", first_name="Rita", last_name="Ross")
    oscar = RecruiterFactory(username="oscar", first_name="Oscar", last_name="Oak")
    waiting = CandidateFactory(name="Waiting Wanda", position=position)
    complete = CandidateFactory(name="Complete Carl", position=position)
    interview(waiting, [rita, oscar], timezone.now() - datetime.timedelta(days=3))
    interview(complete, [rita], timezone.now() - datetime.timedelta(days=3))
    submit(waiting, oscar)
    submit(complete, rita)
    shortlist_services.shortlist_create(name="Mine", owner=manager, candidates=[waiting, complete])
    shortlist_services.shortlist_create(
        name="Not mine", owner=ManagerFactory(username="other"), candidates=[waiting]
    )
    page = selectors.todo_page(user=manager)
    assert [(w.shortlist.name, w.candidate.name, w.people) for w in page.waiting] == [
        ("Mine", "Waiting Wanda", [("Rita Ross", True)])
    ]
    content = client_for(manager).get(reverse("evaluations:todo")).content.decode()
    assert "Waiting Wanda" in content and "Rita Ross" in content


def test_todo_recruiter_sees_no_shortlist_section(client_for, recruiter):
    content = client_for(recruiter).get(reverse("evaluations:todo")).content.decode()
    assert "scorecards still missing" not in content


def test_login_lands_on_todo(client, recruiter):
    response = client.post(reverse("login"), {"username": "rita", "password": "pw"})
    assert response.status_code == 302
    assert response["Location"] == "/todo/"


# --- the next owed scorecard after a submit ----------------------------------------------------


def test_submit_offers_the_next_owed_scorecard(client_for, recruiter, position):
    first = CandidateFactory(name="First Fanny", position=position)
    second = CandidateFactory(name="Second Sami", position=position)
    interview(first, [recruiter], timezone.now() - datetime.timedelta(days=2))
    case = interview(second, [recruiter], timezone.now() - datetime.timedelta(hours=3), title="Case study")
    client = client_for(recruiter)
    data = {code: "3" for code in QUALITY_CODES}
    data.update({f"{code}_evidence": "" for code in QUALITY_CODES})
    data.update({"recommendation": "yes", "notes": "", "version": "0", "action": "submit"})
    response = client.post(reverse("evaluations:scorecard", args=[first.pk]), data, follow=True)
    content = response.content.decode()
    assert "Next scorecard you owe:" in content
    assert f'href="/interviews/{case.pk}/scorecard/"' in content
    assert "Second Sami · Case study" in content
    data["version"] = "0"
    response = client.post(reverse("evaluations:scorecard", args=[second.pk]), data, follow=True)
    assert "You owe no other scorecard for now." in response.content.decode()


def test_rubric_marks_focus_qualities(client_for, recruiter, candidate):
    from evaluations.rubric.models import Quality

    interview(candidate, [recruiter], timezone.now(), focus=[Quality.objects.get(code="analysis")])
    content = (
        client_for(recruiter).get(reverse("evaluations:scorecard", args=[candidate.pk])).content.decode()
    )
    assert content.count("Interview focus") == 2  # analysis, and empathy which is always a focus


# --- constant queries ---------------------------------------------------------------------------


def _build(size: int, recruiter: Any, manager: Any) -> None:
    position = Position.objects.create(title="CM")
    people = Candidate.objects.bulk_create(
        Candidate(name=f"C{i:03}", email=f"c{i}@example.com", position=position) for i in range(size)
    )
    others = [RecruiterFactory(username=f"panel{i}") for i in range(3)]
    for i, person in enumerate(people):
        interview(person, [recruiter, manager, *others], timezone.now() - datetime.timedelta(hours=i * 7))
        if i % 3 == 0:
            submit(person, others[0])
    shortlist_services.shortlist_create(name="Big", owner=manager, candidates=people)


# session, user, groups, the user's scorecards, their seats; for a manager, the owned shortlists'
# entries, the panels of those candidates, and their scorecards.
TODO_QUERIES = 8


@pytest.mark.parametrize("size", [2, 30])
def test_queries_todo_constant_in_size(client, django_assert_max_num_queries, size):
    recruiter = RecruiterFactory(username="rita")
    manager = ManagerFactory(username="maya")
    _build(size, recruiter, manager)
    for user in (recruiter, manager):
        client.force_login(user)
        with django_assert_max_num_queries(TODO_QUERIES):
            response = client.get(reverse("evaluations:todo"))
        assert response.status_code == 200
        assert response.content.decode().count("/scorecard/") >= size


def test_todo_upcoming_interviews_apart_from_cards_owed_now(client, recruiter, position):
    held = CandidateFactory(name="Held Hugo", position=position)
    coming = CandidateFactory(name="Coming Chloé", position=position)
    drafted_early = CandidateFactory(name="Eager Eva", position=position)
    with time_machine.travel(NOW - datetime.timedelta(days=5), tick=False):
        interview(held, [recruiter], NOW - datetime.timedelta(hours=3))
        interview(coming, [recruiter], NOW + datetime.timedelta(days=1), title="Case study")
        interview(drafted_early, [recruiter], NOW + datetime.timedelta(days=1))
    # A card started before the interview is something to finish: it counts as owed now.
    ScorecardFactory(candidate=drafted_early, interviewer=recruiter, status="draft", recommendation="")

    page = selectors.todo_page(user=recruiter, now=NOW)

    assert [i.candidate.name for i in page.owed_now] == ["Held Hugo", "Eager Eva"]
    assert [i.candidate.name for i in page.upcoming] == ["Coming Chloé"]
    # After a submit, the next card offered is one owed now, never tomorrow's interview.
    submit(held, recruiter)
    assert selectors.next_owed_scorecard(recruiter, now=NOW).candidate.name == "Eager Eva"
    submit(drafted_early, recruiter)
    assert selectors.next_owed_scorecard(recruiter, now=NOW) is None

    with time_machine.travel(NOW, tick=False):
        client.force_login(recruiter)
        html = client.get(reverse("evaluations:todo")).content.decode()
    owed, upcoming = html.split('id="upcoming-heading"')
    assert "Coming Chloé" in upcoming and "Coming Chloé" not in owed
    assert "Open the kit" in upcoming and "Case study" in upcoming


def test_todo_reopened_card_says_why(client, recruiter, manager, candidate):
    interview(candidate, [recruiter], NOW - datetime.timedelta(days=2))
    submit(candidate, recruiter)
    card = candidate.scorecards.get(interviewer=recruiter)
    scorecard_services.scorecard_reopen(scorecard=card, actor=manager, reason="Add the crisis example")

    (item,) = selectors.todo_page(user=recruiter, now=NOW).owed_now
    assert item.reopened_reason == "Add the crisis example"
    client.force_login(recruiter)
    html = client.get(reverse("evaluations:todo")).content.decode()
    assert "Reopened: Add the crisis example" in html
