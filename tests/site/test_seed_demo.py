"""Tests of the seed_demo command: idempotent, growing on demand, never touching what users made."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from evaluations.candidates.models import Candidate
from evaluations.interviews import selectors
from evaluations.interviews.models import Interview
from evaluations.management.commands.seed_demo import EVIDENCE, evidence_band
from evaluations.scorecards import services as scorecard_services
from evaluations.scorecards.models import Score, Scorecard
from evaluations.shortlists import services as shortlist_services
from evaluations.shortlists.models import Shortlist, ShortlistEntry
from tests.factories import PositionFactory

pytestmark = pytest.mark.django_db

DEFAULT_USERS = {"recruiter", "recruiter2", "recruiter3", "manager", "admin"}


def _seed(*args: str, verbosity: int = 0) -> str:
    out = StringIO()
    call_command("seed_demo", *args, verbosity=verbosity, stdout=out)
    return out.getvalue()


def _counts() -> tuple[int, int, int, int, int]:
    return (
        get_user_model().objects.count(),
        Candidate.objects.count(),
        Scorecard.objects.count(),
        Shortlist.objects.count(),
        ShortlistEntry.objects.count(),
    )


def _demo_indices(shortlist: Shortlist) -> list[int]:
    """The seed numbers of the shortlist's candidates in order, read from their emails (…<n>@example.com)."""
    emails = shortlist.entries.order_by("order").values_list("candidate__email", flat=True)
    return [int(re.search(r"\.(\d+)@example\.com$", email).group(1)) for email in emails]


def test_seed_demo_default_creates_users_candidates_and_shortlist():
    _seed()
    users = {u.username: u for u in get_user_model().objects.all()}
    assert set(users) == DEFAULT_USERS
    assert {g.name for g in users["recruiter2"].groups.all()} == {"Recruiters"}
    assert {g.name for g in users["manager"].groups.all()} == {"Hiring managers"}
    assert not users["manager"].is_staff
    assert users["admin"].is_superuser and users["admin"].is_staff
    assert Candidate.objects.count() == 12
    demo = Shortlist.objects.get(name="Demo shortlist")
    assert demo.owner == users["manager"]
    assert _demo_indices(demo) == [1, 2, 3, 4, 5, 6]


def test_seed_demo_default_submits_scorecards_for_most_candidates():
    _seed()
    cards = Scorecard.objects.all()
    assert cards.exists()
    assert {c.status for c in cards} == {Scorecard.Status.SUBMITTED}
    assert {c.interviewer.username for c in cards} <= {"recruiter", "recruiter2", "recruiter3"}
    scored = Candidate.objects.filter(scorecards__isnull=False).distinct().count()
    assert 12 / 2 < scored < 12
    assert all(card.scores.count() == 11 for card in cards)


def test_seed_demo_run_twice_same_counts():
    _seed()
    first = _counts()
    card_versions = set(Scorecard.objects.values_list("pk", "version"))
    _seed()
    assert _counts() == first
    assert set(Scorecard.objects.values_list("pk", "version")) == card_versions
    assert Shortlist.objects.filter(name="Demo shortlist").count() == 1


def test_seed_demo_larger_run_adds_missing_and_resizes_same_shortlist():
    _seed()
    demo_pk = Shortlist.objects.get(name="Demo shortlist").pk
    earlier_cards = set(Scorecard.objects.values_list("pk", "version"))

    _seed("--candidates", "20", "--interviewers", "4", "--shortlist", "8")

    assert Candidate.objects.count() == 20
    assert set(get_user_model().objects.values_list("username", flat=True)) == DEFAULT_USERS | {"recruiter4"}
    demo = Shortlist.objects.get(name="Demo shortlist")
    assert demo.pk == demo_pk
    assert _demo_indices(demo) == [1, 2, 3, 4, 5, 6, 7, 8]
    now = set(Scorecard.objects.values_list("pk", "version"))
    assert earlier_cards < now
    assert Scorecard.objects.filter(interviewer__username="recruiter4").exists()

    counts = _counts()
    _seed("--candidates", "20", "--interviewers", "4", "--shortlist", "8")
    assert _counts() == counts


def test_seed_demo_smaller_shortlist_shrinks_demo_shortlist_only():
    _seed()
    _seed("--shortlist", "3")
    assert _demo_indices(Shortlist.objects.get(name="Demo shortlist")) == [1, 2, 3]
    assert Candidate.objects.count() == 12


def test_seed_demo_rerun_never_deletes_or_changes_user_data():
    _seed()
    manager = get_user_model().objects.get(username="manager")
    own_position = PositionFactory(title="Community lead")
    own = Candidate.objects.create(name="Walk-in", email="walkin@example.org", position=own_position)
    demo_candidate = Candidate.objects.get(email__endswith=".1@example.com")
    draft = scorecard_services.scorecard_save(
        candidate=demo_candidate,
        interviewer=manager,
        data=scorecard_services.ScorecardData(
            values={"empathy": 2}, evidence={}, recommendation="", notes="mine"
        ),
    )
    own_list = shortlist_services.shortlist_create(
        name="My picks", owner=manager, candidates=[own, demo_candidate]
    )
    manager.set_password("changed-by-the-user")
    manager.save()

    _seed("--candidates", "20", "--interviewers", "4", "--shortlist", "8")

    assert Candidate.objects.filter(pk=own.pk, name="Walk-in").exists()
    draft.refresh_from_db()
    assert (draft.status, draft.version, draft.notes) == ("draft", 1, "mine")
    assert list(own_list.entries.order_by("order").values_list("candidate_id", flat=True)) == [
        own.pk,
        demo_candidate.pk,
    ]
    manager.refresh_from_db()
    assert manager.check_password("changed-by-the-user")


def test_seed_demo_verbose_prints_shortlist_url():
    output = _seed(verbosity=1)
    demo = Shortlist.objects.get(name="Demo shortlist")
    assert f"/shortlists/{demo.pk}/" in output


def test_seed_demo_quiet_prints_nothing():
    assert _seed(verbosity=0) == ""


def test_seed_demo_password_from_environment(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "correct horse battery")
    _seed()
    for username in DEFAULT_USERS:
        assert get_user_model().objects.get(username=username).check_password("correct horse battery")


def test_seed_demo_password_defaults_to_demo(monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    _seed()
    assert get_user_model().objects.get(username="recruiter").check_password("demo")


def test_seed_demo_no_interviewer_refused():
    with pytest.raises(SystemExit) as info:
        call_command("seed_demo", "--interviewers", "0", verbosity=0, stderr=StringIO())
    assert info.value.code == 2
    assert not Candidate.objects.exists()


def test_seed_demo_creates_past_overdue_and_upcoming_interviews():
    _seed()
    now = timezone.now()
    recruiter = get_user_model().objects.get(username="recruiter")
    interviews = list(Interview.objects.prefetch_related("panel"))
    past = [i for i in interviews if i.ends_at < now]
    upcoming = [i for i in interviews if i.starts_at > now]
    assert len(past) >= 10 and len(upcoming) >= 2
    # Past interviews stand behind the submitted scorecards: their panelists have submitted.
    screens = [i for i in past if i.title == "Phone screen"]
    assert screens and all(
        Scorecard.objects.filter(candidate=i.candidate, interviewer=u, status="submitted").exists()
        for i in screens
        for u in i.panel.all()
    )
    todo = selectors.todo_page(user=recruiter)
    assert 1 <= todo.overdue_count <= 3
    assert any(item.interview and item.interview.starts_at > now for item in todo.owed)


def test_seed_demo_interviews_idempotent():
    _seed()
    count = Interview.objects.count()
    _seed()
    _seed("--candidates", "14")
    assert Interview.objects.count() >= count
    assert Interview.objects.values("candidate", "title").distinct().count() == Interview.objects.count()
    before = Interview.objects.count()
    _seed("--candidates", "14")
    assert Interview.objects.count() == before


def test_seed_demo_evidence_notes_match_their_scores():
    """A 2 never comes with praise, a 5 never with a failing note: the debrief demo reads true."""
    call_command("seed_demo", verbosity=0)
    notes = list(
        Score.objects.filter(scorecard__status="submitted")
        .exclude(evidence="")
        .values_list("quality__code", "value", "evidence")
    )
    assert notes
    for code, value, text in notes:
        assert text in EVIDENCE[code][evidence_band(value)], (code, value, text)
    # Every band of every quality is written, and no note sits in two bands.
    for code, bands in EVIDENCE.items():
        assert set(bands) == {"low", "mid", "high"}, code
        texts = [t for band in bands.values() for t in band if t]
        assert len(texts) == len(set(texts)), code
