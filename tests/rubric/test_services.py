"""Tests of evaluations/services.py: every write, its validation and the history it keeps."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from evaluations import scoring
from evaluations.rubric import services as rubric_services
from evaluations.rubric.models import Quality, RubricChange
from evaluations.scoring import QUALITY_CODES

pytestmark = pytest.mark.django_db


# --- quality_update --------------------------------------------------------------------------


def test_check_weight_rule_one_message_one_cap_for_every_caller():
    names = {code: code.title() for code in QUALITY_CODES}
    too_heavy = {**dict.fromkeys(QUALITY_CODES, 1), "empathy": scoring.MAX_WEIGHT + 1}

    with pytest.raises(ValidationError) as info:
        rubric_services.check_weight_rule(too_heavy, names)

    assert info.value.messages == [
        "Empathy must weigh strictly more than every other quality, and every weight must be a whole "
        f"number from 1 to {scoring.MAX_WEIGHT} (in conflict: Empathy)."
    ]
    rubric_services.check_weight_rule({**too_heavy, "empathy": scoring.MAX_WEIGHT}, names)


def test_quality_update_weight_equal_to_empathy_refused_with_message(admin_user):
    communication = Quality.objects.get(code="communication")
    with pytest.raises(ValidationError) as info:
        rubric_services.quality_update(
            quality=communication, actor=admin_user, reason="Matters a lot", weight=3
        )
    (message,) = info.value.message_dict["weight"]
    assert "Empathy must weigh strictly more than every other quality" in message
    assert "Communication skills" in message
    assert Quality.objects.get(code="communication").weight == 1
    assert not RubricChange.objects.exists()


def test_quality_update_empathy_down_to_other_weight_refused(admin_user):
    empathy = Quality.objects.get(code="empathy")
    with pytest.raises(ValidationError):
        rubric_services.quality_update(quality=empathy, actor=admin_user, reason="Flatten", weight=1)
    assert Quality.objects.get(code="empathy").weight == 3


def test_quality_update_weight_zero_refused(admin_user):
    curiosity = Quality.objects.get(code="curiosity")
    with pytest.raises(ValidationError):
        rubric_services.quality_update(quality=curiosity, actor=admin_user, reason="Drop it", weight=0)
    assert Quality.objects.get(code="curiosity").weight == 1


def test_quality_update_accepted_weight_recorded_in_history(admin_user):
    communication = Quality.objects.get(code="communication")
    updated = rubric_services.quality_update(
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
        rubric_services.quality_update(quality=empathy, actor=admin_user, reason=" ", weight=4)
    assert "reason" in info.value.message_dict
    assert Quality.objects.get(code="empathy").weight == 3
    assert not RubricChange.objects.exists()


def test_quality_update_minimum_recorded_as_empty_when_removed(admin_user):
    empathy = Quality.objects.get(code="empathy")
    rubric_services.quality_update(
        quality=empathy, actor=admin_user, reason="Trial without bar", minimum=None
    )
    change = RubricChange.objects.get()
    assert (change.field, change.old_value, change.new_value) == ("minimum", "3", "")


def test_quality_update_same_weight_records_nothing(admin_user):
    empathy = Quality.objects.get(code="empathy")
    rubric_services.quality_update(quality=empathy, actor=admin_user, reason="", weight=3)
    assert not RubricChange.objects.exists()
