"""The migration to one scorecard per interview (0010), forwards and backwards, on a database
holding cards, interviews (one cancelled) and a reopened card. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("evaluations", "0009_decisions")]
AFTER = [("evaluations", "0010_scorecard_per_interview")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def old_world():
    """Cards as they were before 0010 (one per candidate and interviewer), and interviews."""
    apps = _migrate(BEFORE)
    User = apps.get_model("auth", "User")
    Position = apps.get_model("evaluations", "Position")
    Candidate = apps.get_model("evaluations", "Candidate")
    Interview = apps.get_model("evaluations", "Interview")
    Seat = apps.get_model("evaluations", "InterviewPanelist")
    Scorecard = apps.get_model("evaluations", "Scorecard")
    Event = apps.get_model("evaluations", "ScorecardEvent")
    now = timezone.now()
    iris, omar, nina, boss = (User.objects.create(username=n) for n in ("iris", "omar", "nina", "boss"))
    position = Position.objects.create(title="Community manager")
    ana = Candidate.objects.create(name="Ana", email="ana@example.com", position=position)

    def interview(title, days_ago, panel, cancelled=False):
        made = Interview.objects.create(
            candidate=ana,
            title=title,
            starts_at=now - datetime.timedelta(days=days_ago),
            created_by=boss,
            cancelled_at=now if cancelled else None,
        )
        for user in panel:
            Seat.objects.create(interview=made, user=user)
        return made

    screen = interview("Phone screen", 10, [iris, omar])
    case = interview("Case study", 3, [iris])
    interview("Final", 1, [iris], cancelled=True)  # the latest, but cancelled: not this one
    submitted = {"status": "submitted", "submitted_at": now, "recommendation": "yes"}
    cards = {
        "iris": Scorecard.objects.create(candidate=ana, interviewer=iris, **submitted),
        "omar": Scorecard.objects.create(candidate=ana, interviewer=omar),  # reopened below
        "nina": Scorecard.objects.create(candidate=ana, interviewer=nina, **submitted),  # no panel
    }
    Event.objects.create(scorecard=cards["omar"], kind="submitted", actor=omar)
    Event.objects.create(scorecard=cards["omar"], kind="reopened", actor=boss, reason="Typo")
    return {"cards": {k: v.pk for k, v in cards.items()}, "screen": screen.pk, "case": case.pk}


def test_forwards_attaches_each_card_to_the_latest_standing_interview_its_author_sat(old_world):
    apps = _migrate(AFTER)
    Scorecard = apps.get_model("evaluations", "Scorecard")
    interview_of = dict(Scorecard.objects.values_list("pk", "interview_id"))
    cards = old_world["cards"]

    assert interview_of[cards["iris"]] == old_world["case"]  # not the cancelled final
    assert interview_of[cards["omar"]] == old_world["screen"]  # the reopened draft too
    assert interview_of[cards["nina"]] is None  # sat no interview: ad hoc
    # Nothing else changed: statuses, the reopened card's history.
    assert dict(Scorecard.objects.values_list("pk", "status")) == {
        cards["iris"]: "submitted",
        cards["omar"]: "draft",
        cards["nina"]: "submitted",
    }
    assert apps.get_model("evaluations", "ScorecardEvent").objects.count() == 2
    _migrate(AFTER)  # leave the schema as the other tests expect it


def test_backwards_detaches_the_cards_again(old_world):
    _migrate(AFTER)
    apps = _migrate(BEFORE)
    Scorecard = apps.get_model("evaluations", "Scorecard")

    assert Scorecard.objects.count() == 3
    assert not any(f.name == "interview" for f in Scorecard._meta.get_fields())
    _migrate(AFTER)


def test_backwards_refuses_to_drop_a_second_interviews_card(old_world):
    apps = _migrate(AFTER)
    Scorecard = apps.get_model("evaluations", "Scorecard")
    # Since the migration, Iris scored the phone screen too: two cards for one candidate.
    card = Scorecard.objects.get(pk=old_world["cards"]["iris"])
    Scorecard.objects.create(
        candidate_id=card.candidate_id, interviewer_id=card.interviewer_id, interview_id=old_world["screen"]
    )

    with pytest.raises(RuntimeError, match="more than one scorecard"):
        _migrate(BEFORE)
    # Nothing was lost, and the schema is still the new one.
    assert Scorecard.objects.count() == 4
    _migrate(AFTER)
