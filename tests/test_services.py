"""Tests of evaluations/services.py: every write, its validation and the history it keeps."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from evaluations import scoring, services
from evaluations.models import Quality, RubricChange, Score, Scorecard, ScorecardEvent, ShortlistEntry
from evaluations.scoring import QUALITY_CODES
from evaluations.services import ScorecardData, ScorecardLocked, StaleScorecard
from tests.factories import CandidateFactory, ShortlistFactory

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
    return services.scorecard_save(candidate=candidate, interviewer=recruiter, data=_data(), submit=True)


# --- scorecard_save --------------------------------------------------------------------------


def test_scorecard_save_draft_stores_eleven_scores_as_draft(candidate, recruiter):
    card = services.scorecard_save(
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
    services.scorecard_save(candidate=candidate, interviewer=recruiter, data=_data({"empathy": 2}))
    card = services.scorecard_save(candidate=candidate, interviewer=recruiter, data=_data(), submit=True)
    card.refresh_from_db()
    assert card.status == Scorecard.Status.SUBMITTED
    assert card.submitted_at is not None
    assert card.version == 2
    assert _scores(card) == dict.fromkeys(CODES, 4)
    assert Score.objects.filter(scorecard=card).count() == 11
    events = list(card.events.values_list("kind", "actor"))
    assert events == [(ScorecardEvent.Kind.SUBMITTED, recruiter.pk)]


def test_scorecard_save_second_draft_updates_in_place(candidate, recruiter):
    first = services.scorecard_save(candidate=candidate, interviewer=recruiter, data=_data({"empathy": 2}))
    second = services.scorecard_save(
        candidate=candidate, interviewer=recruiter, data=_data({"empathy": 3}), expected_version=1
    )
    assert second.pk == first.pk
    assert second.version == 2
    assert _scores(second)["empathy"] == 3
    assert Scorecard.objects.count() == 1


def test_scorecard_save_submit_without_recommendation_raises_and_stores_nothing(candidate, recruiter):
    with pytest.raises(ValidationError) as info:
        services.scorecard_save(
            candidate=candidate, interviewer=recruiter, data=_data(recommendation=""), submit=True
        )
    assert set(info.value.message_dict) == {"recommendation"}
    assert not Scorecard.objects.exists()
    assert not Score.objects.exists()


def test_scorecard_save_submit_without_empathy_raises_and_stores_nothing(candidate, recruiter):
    values = dict.fromkeys(CODES, 4) | {"empathy": None}
    with pytest.raises(ValidationError) as info:
        services.scorecard_save(candidate=candidate, interviewer=recruiter, data=_data(values), submit=True)
    assert set(info.value.message_dict) == {"empathy"}
    assert not Scorecard.objects.exists()


def test_scorecard_save_submit_invalid_leaves_existing_draft_untouched(candidate, recruiter):
    draft = services.scorecard_save(candidate=candidate, interviewer=recruiter, data=_data({"empathy": 2}))
    with pytest.raises(ValidationError):
        services.scorecard_save(
            candidate=candidate, interviewer=recruiter, data=_data(recommendation=""), submit=True
        )
    draft.refresh_from_db()
    assert draft.status == Scorecard.Status.DRAFT
    assert draft.version == 1
    assert _scores(draft)["empathy"] == 2
    assert _scores(draft)["curiosity"] is None


def test_scorecard_save_out_of_range_value_raises_and_stores_nothing(candidate, recruiter):
    with pytest.raises(ValidationError):
        services.scorecard_save(candidate=candidate, interviewer=recruiter, data=_data({"empathy": 7}))
    assert not Score.objects.exists()


def test_scorecard_save_on_submitted_raises_locked_and_changes_nothing(submitted, candidate, recruiter):
    with pytest.raises(ScorecardLocked):
        services.scorecard_save(candidate=candidate, interviewer=recruiter, data=_data({"empathy": 1}))
    submitted.refresh_from_db()
    assert submitted.version == 1
    assert _scores(submitted) == dict.fromkeys(CODES, 4)


def test_scorecard_save_old_expected_version_raises_stale(candidate, recruiter):
    services.scorecard_save(candidate=candidate, interviewer=recruiter, data=_data({"empathy": 2}))
    services.scorecard_save(
        candidate=candidate, interviewer=recruiter, data=_data({"empathy": 3}), expected_version=1
    )
    with pytest.raises(StaleScorecard) as info:
        services.scorecard_save(
            candidate=candidate, interviewer=recruiter, data=_data({"empathy": 5}), expected_version=1
        )
    assert info.value.current_version == 2
    card = Scorecard.objects.get()
    assert card.version == 2
    assert _scores(card)["empathy"] == 3


def test_scorecard_save_other_interviewer_gets_own_scorecard(submitted, candidate, other_recruiter):
    other = services.scorecard_save(candidate=candidate, interviewer=other_recruiter, data=_data({}))
    assert other.pk != submitted.pk
    assert Scorecard.objects.filter(candidate=candidate).count() == 2


# --- reopen ----------------------------------------------------------------------------------


def test_scorecard_reopen_with_reason_makes_draft_and_records_event(submitted, manager):
    card = services.scorecard_reopen(scorecard=submitted, actor=manager, reason="  Typo on empathy  ")
    card.refresh_from_db()
    assert card.status == Scorecard.Status.DRAFT
    assert card.submitted_at is None
    assert card.version == 2
    reopened = card.events.get(kind=ScorecardEvent.Kind.REOPENED)
    assert (reopened.actor, reopened.reason) == (manager, "Typo on empathy")


@pytest.mark.parametrize("reason", ["", "   "])
def test_scorecard_reopen_without_reason_raises_and_keeps_submitted(submitted, manager, reason):
    with pytest.raises(ValidationError) as info:
        services.scorecard_reopen(scorecard=submitted, actor=manager, reason=reason)
    assert "reason" in info.value.message_dict
    submitted.refresh_from_db()
    assert submitted.status == Scorecard.Status.SUBMITTED
    assert not submitted.events.filter(kind=ScorecardEvent.Kind.REOPENED).exists()


def test_scorecard_reopen_draft_raises(candidate, recruiter, manager):
    draft = services.scorecard_save(candidate=candidate, interviewer=recruiter, data=_data())
    with pytest.raises(ValidationError):
        services.scorecard_reopen(scorecard=draft, actor=manager, reason="why not")


def test_scorecard_save_after_reopen_records_changed_event_with_diff(
    submitted, candidate, recruiter, manager
):
    services.scorecard_reopen(scorecard=submitted, actor=manager, reason="Empathy was mis-clicked")
    values = dict.fromkeys(CODES, 4) | {"empathy": 2}
    card = services.scorecard_save(
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
    services.scorecard_reopen(scorecard=submitted, actor=manager, reason="Check it again")
    services.scorecard_save(candidate=candidate, interviewer=recruiter, data=_data(), submit=True)
    assert not submitted.events.filter(kind=ScorecardEvent.Kind.CHANGED).exists()


# --- quality_update --------------------------------------------------------------------------


def test_check_weight_rule_one_message_one_cap_for_every_caller():
    names = {code: code.title() for code in QUALITY_CODES}
    too_heavy = {**dict.fromkeys(QUALITY_CODES, 1), "empathy": scoring.MAX_WEIGHT + 1}

    with pytest.raises(ValidationError) as info:
        services.check_weight_rule(too_heavy, names)

    assert info.value.messages == [
        "Empathy must weigh strictly more than every other quality, and every weight must be a whole "
        f"number from 1 to {scoring.MAX_WEIGHT} (in conflict: Empathy)."
    ]
    services.check_weight_rule({**too_heavy, "empathy": scoring.MAX_WEIGHT}, names)


def test_quality_update_weight_equal_to_empathy_refused_with_message(admin_user):
    communication = Quality.objects.get(code="communication")
    with pytest.raises(ValidationError) as info:
        services.quality_update(quality=communication, actor=admin_user, reason="Matters a lot", weight=3)
    (message,) = info.value.message_dict["weight"]
    assert "Empathy must weigh strictly more than every other quality" in message
    assert "Communication skills" in message
    assert Quality.objects.get(code="communication").weight == 1
    assert not RubricChange.objects.exists()


def test_quality_update_empathy_down_to_other_weight_refused(admin_user):
    empathy = Quality.objects.get(code="empathy")
    with pytest.raises(ValidationError):
        services.quality_update(quality=empathy, actor=admin_user, reason="Flatten", weight=1)
    assert Quality.objects.get(code="empathy").weight == 3


def test_quality_update_weight_zero_refused(admin_user):
    curiosity = Quality.objects.get(code="curiosity")
    with pytest.raises(ValidationError):
        services.quality_update(quality=curiosity, actor=admin_user, reason="Drop it", weight=0)
    assert Quality.objects.get(code="curiosity").weight == 1


def test_quality_update_accepted_weight_recorded_in_history(admin_user):
    communication = Quality.objects.get(code="communication")
    updated = services.quality_update(
        quality=communication, actor=admin_user, reason="Writes a lot", weight=2
    )
    assert updated.weight == 2
    assert Quality.objects.get(code="communication").weight == 2
    change = RubricChange.objects.get()
    assert (change.quality, change.field, change.old_value, change.new_value) == (
        communication,
        "weight",
        "1",
        "2",
    )
    assert (change.changed_by, change.reason) == (admin_user, "Writes a lot")
    assert change.changed_at is not None


def test_quality_update_weight_without_reason_refused(admin_user):
    empathy = Quality.objects.get(code="empathy")
    with pytest.raises(ValidationError) as info:
        services.quality_update(quality=empathy, actor=admin_user, reason=" ", weight=4)
    assert "reason" in info.value.message_dict
    assert Quality.objects.get(code="empathy").weight == 3
    assert not RubricChange.objects.exists()


def test_quality_update_minimum_recorded_as_empty_when_removed(admin_user):
    empathy = Quality.objects.get(code="empathy")
    services.quality_update(quality=empathy, actor=admin_user, reason="Trial without bar", minimum=None)
    change = RubricChange.objects.get()
    assert (change.field, change.old_value, change.new_value) == ("minimum", "3", "")


def test_quality_update_same_weight_records_nothing(admin_user):
    empathy = Quality.objects.get(code="empathy")
    services.quality_update(quality=empathy, actor=admin_user, reason="", weight=3)
    assert not RubricChange.objects.exists()


# --- shortlists ------------------------------------------------------------------------------


def _order(shortlist) -> list[tuple[str, int]]:
    return list(shortlist.entries.order_by("order").values_list("candidate__name", "order"))


def test_shortlist_add_appends_in_order_and_ignores_duplicates(manager, position):
    a, b, c = (CandidateFactory(name=name, position=position) for name in ("Ann", "Ben", "Cleo"))
    shortlist = ShortlistFactory(owner=manager)
    assert services.shortlist_add(shortlist=shortlist, candidates=[b, a]) == 2
    assert services.shortlist_add(shortlist=shortlist, candidates=[a, c, c, b]) == 1
    assert _order(shortlist) == [("Ben", 1), ("Ann", 2), ("Cleo", 3)]


def test_shortlist_create_with_candidates_keeps_given_order(manager, position):
    a, b = CandidateFactory(name="Ann", position=position), CandidateFactory(name="Ben", position=position)
    shortlist = services.shortlist_create(name="  Final  ", owner=manager, candidates=[b, a])
    assert shortlist.name == "Final"
    assert _order(shortlist) == [("Ben", 1), ("Ann", 2)]


def test_shortlist_resize_keeps_exactly_given_candidates_in_order(manager, position):
    a, b, c, d = (CandidateFactory(name=n, position=position) for n in ("Ann", "Ben", "Cleo", "Dan"))
    shortlist = ShortlistFactory(owner=manager)
    services.shortlist_add(shortlist=shortlist, candidates=[a, b, c])
    services.shortlist_resize(shortlist=shortlist, candidates=[c, a])
    assert _order(shortlist) == [("Cleo", 1), ("Ann", 2)]
    services.shortlist_resize(shortlist=shortlist, candidates=[c, a, d, b])
    assert _order(shortlist) == [("Cleo", 1), ("Ann", 2), ("Dan", 3), ("Ben", 4)]
    assert ShortlistEntry.objects.filter(shortlist=shortlist).count() == 4


def test_shortlist_resize_keeps_notes_of_remaining_entries(manager, position):
    a, b = CandidateFactory(name="Ann", position=position), CandidateFactory(name="Ben", position=position)
    shortlist = ShortlistFactory(owner=manager)
    services.shortlist_add(shortlist=shortlist, candidates=[a, b])
    services.shortlist_set_note(shortlist=shortlist, candidate_id=b.pk, note=" strong portfolio ")
    services.shortlist_resize(shortlist=shortlist, candidates=[b])
    assert list(shortlist.entries.values_list("candidate__name", "order", "note")) == [
        ("Ben", 1, "strong portfolio")
    ]


def test_shortlist_remove_deletes_only_named_entries(manager, position):
    a, b = CandidateFactory(name="Ann", position=position), CandidateFactory(name="Ben", position=position)
    shortlist = ShortlistFactory(owner=manager)
    services.shortlist_add(shortlist=shortlist, candidates=[a, b])
    assert services.shortlist_remove(shortlist=shortlist, candidate_ids=[a.pk]) == 1
    assert _order(shortlist) == [("Ben", 2)]
