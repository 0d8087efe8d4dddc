"""Tests of evaluations/models.py: the database enforces the rules, full_clean() explains them."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from evaluations.rubric.models import Quality, Rubric, RubricChange

pytestmark = pytest.mark.django_db


# --- qualities -------------------------------------------------------------------------------


def test_quality_create_weight_zero_raises_integrity_error():
    with pytest.raises(IntegrityError), transaction.atomic():
        Quality.objects.create(code="humour", order=99, name_en="Humour", name_fr="Humour", weight=0)
    assert not Quality.objects.filter(code="humour").exists()


def test_quality_update_weight_zero_raises_integrity_error():
    with pytest.raises(IntegrityError), transaction.atomic():
        Quality.objects.filter(code="curiosity").update(weight=0)
    assert Quality.objects.get(code="curiosity").weight == 1


def test_quality_full_clean_weight_zero_raises_validation_error(empathy):
    empathy.weight = 0
    with pytest.raises(ValidationError) as info:
        empathy.full_clean()
    assert "weight" in info.value.message_dict


@pytest.mark.parametrize("minimum", [0, 6])
def test_quality_create_minimum_out_of_range_raises_integrity_error(minimum):
    with pytest.raises(IntegrityError), transaction.atomic():
        Quality.objects.create(code="humour", order=99, name_en="Humour", name_fr="Humour", minimum=minimum)


@pytest.mark.parametrize("minimum", [0, 6])
def test_quality_full_clean_minimum_out_of_range_raises_validation_error(empathy, minimum):
    empathy.minimum = minimum
    with pytest.raises(ValidationError) as info:
        empathy.full_clean()
    assert "minimum" in info.value.message_dict


# --- __str__ ---------------------------------------------------------------------------------


def test_quality_str_follows_active_language(empathy):
    with translation.override("en"):
        assert str(empathy) == "Empathy"
    with translation.override("fr"):
        assert str(empathy) == "Empathie"


def test_rubric_str_is_rubric():
    assert str(Rubric.objects.get()) == "Rubric"


def test_rubric_change_str_with_and_without_quality(empathy, manager):
    change = RubricChange(quality=empathy, field="weight", old_value="3", new_value="4", changed_by=manager)
    assert str(change) == "Empathy: weight 3 → 4"
    general = RubricChange(field="rationale_en", old_value="a", new_value="b", changed_by=manager)
    assert str(general) == "Rubric: rationale_en a → b"
