"""Tests of evaluations/services.py: every write, its validation and the history it keeps."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from evaluations.scorecards import services as scorecard_services
from evaluations.scorecards.models import Score, Scorecard, ScorecardEvent
from evaluations.scorecards.services import ScorecardData, ScorecardLocked, StaleScorecard
from evaluations.scoring import QUALITY_CODES

pytestmark = pytest.mark.django_db

CODES = list(QUALITY_CODES)


def _data(
    values: dict[str, int | None] | None = None, recommendation: str = "yes", notes: str = ""
) -> ScorecardData:
    values = {code: 4 for code in CODES} if values is None else values
    return ScorecardData(
        values=values,
        evidence={code: f"note on {code}" for code in values},
        recommendation=recommendation,
        notes=notes,
    )


def _scores(card: Scorecard) -> dict[str, int | None]:
    return dict(card.scores.values_list("quality__code", "value"))


@pytest.fixture
def submitted(candidate, recruiter) -> Scorecard:
    return scorecard_services.scorecard_save(
        candidate=candidate, interviewer=recruiter, data=_data(), submit=True
    )


# --- scorecard_save --------------------------------------------------------------------------


def test_scorecard_save_draft_stores_eleven_scores_as_draft(candidate, recruiter):
    card = scorecard_services.scorecard_save(
        candidate=candidate, interviewer=recruiter, data=_data({"empathy": 5, "curiosity": 2})
    )
    assert card.status == Scorecard.Status.DRAFT
    assert card.submitted_at is None
    assert card.version == 1
    # Qualities left out of the form are stored as "not assessed".
    assert _scores(card) == {code: {"empathy": 5, "curiosity": 2}.get(code) for code in CODES}
    assert card.scores.get(quality__code="empathy").evidence == "note on empathy"
    assert not card.events.exists()


def test_scorecard_save_draft_then_submit_marks_submitted_and_records_event(candidate, recruiter):
    scorecard_services.scorecard_save(candidate=candidate, interviewer=recruiter, data=_data({"empathy": 2}))
    card = scorecard_services.scorecard_save(
        candidate=candidate, interviewer=recruiter, data=_data(), submit=True
    )
    card.refresh_from_db()
    assert card.status == Scorecard.Status.SUBMITTED
    assert card.submitted_at is not None
    assert card.version == 2
    assert _scores(card) == dict.fromkeys(CODES, 4)
    assert Score.objects.filter(scorecard=card).count() == 11
    events = list(card.events.values_list("kind", "actor"))
    assert events == [(ScorecardEvent.Kind.SUBMITTED, recruiter.pk)]


def test_scorecard_save_second_draft_updates_in_place(candidate, recruiter):
    first = scorecard_services.scorecard_save(
        candidate=candidate, interviewer=recruiter, data=_data({"empathy": 2})
    )
    second = scorecard_services.scorecard_save(
        candidate=candidate, interviewer=recruiter, data=_data({"empathy": 3}), expected_version=1
    )
    assert second.pk == first.pk
    assert second.version == 2
    assert _scores(second)["empathy"] == 3
    assert Scorecard.objects.count() == 1


def test_scorecard_save_submit_without_recommendation_raises_and_stores_nothing(candidate, recruiter):
    with pytest.raises(ValidationError) as info:
        scorecard_services.scorecard_save(
            candidate=candidate, interviewer=recruiter, data=_data(recommendation=""), submit=True
        )
    assert set(info.value.message_dict) == {"recommendation"}
    assert not Scorecard.objects.exists()
    assert not Score.objects.exists()


def test_scorecard_save_submit_without_empathy_raises_and_stores_nothing(candidate, recruiter):
    values = dict.fromkeys(CODES, 4) | {"empathy": None}
    with pytest.raises(ValidationError) as info:
        scorecard_services.scorecard_save(
            candidate=candidate, interviewer=recruiter, data=_data(values), submit=True
        )
    assert set(info.value.message_dict) == {"empathy"}
    assert not Scorecard.objects.exists()


def test_scorecard_save_submit_invalid_leaves_existing_draft_untouched(candidate, recruiter):
    draft = scorecard_services.scorecard_save(
        candidate=candidate, interviewer=recruiter, data=_data({"empathy": 2})
    )
    with pytest.raises(ValidationError):
        scorecard_services.scorecard_save(
            candidate=candidate, interviewer=recruiter, data=_data(recommendation=""), submit=True
        )
    draft.refresh_from_db()
    assert draft.status == Scorecard.Status.DRAFT
    assert draft.version == 1
    assert _scores(draft)["empathy"] == 2
    assert _scores(draft)["curiosity"] is None


def test_scorecard_save_out_of_range_value_raises_and_stores_nothing(candidate, recruiter):
    with pytest.raises(ValidationError):
        scorecard_services.scorecard_save(
            candidate=candidate, interviewer=recruiter, data=_data({"empathy": 7})
        )
    assert not Score.objects.exists()


def test_scorecard_save_on_submitted_raises_locked_and_changes_nothing(submitted, candidate, recruiter):
    with pytest.raises(ScorecardLocked):
        scorecard_services.scorecard_save(
            candidate=candidate, interviewer=recruiter, data=_data({"empathy": 1})
        )
    submitted.refresh_from_db()
    assert submitted.version == 1
    assert _scores(submitted) == dict.fromkeys(CODES, 4)


def test_scorecard_save_old_expected_version_raises_stale(candidate, recruiter):
    scorecard_services.scorecard_save(candidate=candidate, interviewer=recruiter, data=_data({"empathy": 2}))
    scorecard_services.scorecard_save(
        candidate=candidate, interviewer=recruiter, data=_data({"empathy": 3}), expected_version=1
    )
    with pytest.raises(StaleScorecard) as info:
        scorecard_services.scorecard_save(
            candidate=candidate, interviewer=recruiter, data=_data({"empathy": 5}), expected_version=1
        )
    assert info.value.current_version == 2
    card = Scorecard.objects.get()
    assert card.version == 2
    assert _scores(card)["empathy"] == 3


def test_scorecard_save_other_interviewer_gets_own_scorecard(submitted, candidate, other_recruiter):
    other = scorecard_services.scorecard_save(
        candidate=candidate, interviewer=other_recruiter, data=_data({})
    )
    assert other.pk != submitted.pk
    assert Scorecard.objects.filter(candidate=candidate).count() == 2


# --- reopen ----------------------------------------------------------------------------------


def test_scorecard_reopen_with_reason_makes_draft_and_records_event(submitted, manager):
    card = scorecard_services.scorecard_reopen(
        scorecard=submitted, actor=manager, reason="  Typo on empathy  "
    )
    card.refresh_from_db()
    assert card.status == Scorecard.Status.DRAFT
    assert card.submitted_at is None
    assert card.version == 2
    reopened = card.events.get(kind=ScorecardEvent.Kind.REOPENED)
    assert (reopened.actor, reopened.reason) == (manager, "Typo on empathy")


@pytest.mark.parametrize("reason", ["", "   "])
def test_scorecard_reopen_without_reason_raises_and_keeps_submitted(submitted, manager, reason):
    with pytest.raises(ValidationError) as info:
        scorecard_services.scorecard_reopen(scorecard=submitted, actor=manager, reason=reason)
    assert "reason" in info.value.message_dict
    submitted.refresh_from_db()
    assert submitted.status == Scorecard.Status.SUBMITTED
    assert not submitted.events.filter(kind=ScorecardEvent.Kind.REOPENED).exists()


def test_scorecard_reopen_draft_raises(candidate, recruiter, manager):
    draft = scorecard_services.scorecard_save(candidate=candidate, interviewer=recruiter, data=_data())
    with pytest.raises(ValidationError):
        scorecard_services.scorecard_reopen(scorecard=draft, actor=manager, reason="why not")


def test_scorecard_save_after_reopen_records_changed_event_with_diff(
    submitted, candidate, recruiter, manager
):
    scorecard_services.scorecard_reopen(scorecard=submitted, actor=manager, reason="Empathy was mis-clicked")
    values = dict.fromkeys(CODES, 4) | {"empathy": 2}
    card = scorecard_services.scorecard_save(
        candidate=candidate,
        interviewer=recruiter,
        data=_data(values, recommendation="no"),
        submit=True,
        expected_version=2,
    )
    kinds = list(card.events.values_list("kind", flat=True))
    assert kinds == ["submitted", "reopened", "changed", "submitted"]
    changed = card.events.get(kind=ScorecardEvent.Kind.CHANGED)
    assert changed.actor == recruiter
    assert sorted(changed.changes, key=lambda c: c["field"]) == [
        {"field": "empathy", "old": 4, "new": 2},
        {"field": "recommendation", "old": "yes", "new": "no"},
    ]
    assert card.version == 3


def test_scorecard_save_after_reopen_without_change_records_no_changed_event(
    submitted, candidate, recruiter, manager
):
    scorecard_services.scorecard_reopen(scorecard=submitted, actor=manager, reason="Check it again")
    scorecard_services.scorecard_save(candidate=candidate, interviewer=recruiter, data=_data(), submit=True)
    assert not submitted.events.filter(kind=ScorecardEvent.Kind.CHANGED).exists()
