"""Tests of evaluations/forms.py: invalid input is refused with clear errors and none of it is lost."""

from __future__ import annotations

import pytest
from django.http import QueryDict

from evaluations.rubric.models import Quality
from evaluations.scorecards.forms import RubricForm
from evaluations.scoring import QUALITY_CODES

pytestmark = pytest.mark.django_db

CODES = list(QUALITY_CODES)
SCORE_ERROR = "Choose a score from 1 to 5, or “not assessed”."


def _typed(**overrides: str) -> dict[str, str]:
    """A full rubric as a browser sends it: scores cycling 1..5, an evidence note for each quality."""
    data = {"recommendation": "yes", "notes": "Met at the café.", "version": "0"}
    for index, code in enumerate(CODES):
        data[code] = str(index % 5 + 1)
        data[f"{code}_evidence"] = f"Heard about {code}: example number {index}."
    data.update(overrides)
    return data


def _query(data: dict[str, str]) -> QueryDict:
    query = QueryDict(mutable=True)
    for key, value in data.items():
        query[key] = value
    return query


def _form(data: dict[str, str], submitting: bool = False) -> RubricForm:
    return RubricForm(_query(data), qualities=list(Quality.objects.order_by("order")), submitting=submitting)


def _assert_everything_kept(form: RubricForm, typed: dict[str, str]) -> None:
    for code in CODES:
        assert form[code].value() == typed[code], code
        assert form[f"{code}_evidence"].value() == typed[f"{code}_evidence"], code
    assert form["notes"].value() == typed["notes"]


def test_rubric_form_full_input_valid_and_coerced_to_ints():
    form = _form(_typed(), submitting=True)
    assert form.is_valid(), form.errors
    data = form.to_data()
    # Scores cycle 1..5 over the eleven codes in order (see _typed).
    assert [data.values[code] for code in CODES] == [1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 1]
    assert data.evidence["analysis"] == "Heard about analysis: example number 8."
    assert data.recommendation == "yes"


def test_rubric_form_fields_follow_quality_order():
    form = _form(_typed())
    assert list(form.fields)[:4] == ["empathy", "empathy_evidence", "adaptability", "adaptability_evidence"]
    assert list(form.fields)[-3:] == ["recommendation", "notes", "version"]


def test_rubric_form_not_assessed_becomes_none():
    form = _form(_typed(curiosity=""))
    assert form.is_valid(), form.errors
    assert form.to_data().values["curiosity"] is None


@pytest.mark.parametrize("bad", ["7", "0", "abc", "3.5", "-1"])
def test_rubric_form_bad_score_invalid_and_input_kept(bad):
    typed = _typed(creativity=bad)
    form = _form(typed)
    assert not form.is_valid()
    assert form.errors["creativity"] == [SCORE_ERROR]
    assert list(form.errors) == ["creativity"]
    _assert_everything_kept(form, typed)


def test_rubric_form_forged_quality_code_invalid_and_input_kept():
    typed = _typed(bogus="3")
    form = _form(typed)
    assert not form.is_valid()
    assert form.non_field_errors() == ["This form has no field named bogus: nothing was saved."]
    _assert_everything_kept(form, typed)


def test_rubric_form_transport_fields_not_taken_for_forged_ones():
    form = _form(_typed(csrfmiddlewaretoken="x", action="save", autosave="1"))
    assert form.is_valid(), form.errors


def test_rubric_form_submit_without_recommendation_invalid_and_input_kept():
    typed = _typed(recommendation="")
    form = _form(typed, submitting=True)
    assert not form.is_valid()
    assert form.errors["recommendation"] == ["Choose an overall recommendation before submitting."]
    _assert_everything_kept(form, typed)


def test_rubric_form_save_without_recommendation_valid():
    assert _form(_typed(recommendation=""), submitting=False).is_valid()


def test_rubric_form_submit_without_empathy_invalid():
    form = _form(_typed(empathy=""), submitting=True)
    assert not form.is_valid()
    assert form.errors["empathy"] == [
        "Empathy must be scored before submitting: it is the quality that counts most."
    ]


def test_rubric_form_unknown_recommendation_invalid():
    form = _form(_typed(recommendation="maybe"))
    assert not form.is_valid()
    assert "recommendation" in form.errors


def test_rubric_form_several_errors_all_reported_and_input_kept():
    typed = _typed(empathy="9", teamwork="abc", recommendation="")
    form = _form(typed, submitting=True)
    assert not form.is_valid()
    assert set(form.errors) == {"empathy", "teamwork", "recommendation"}
    _assert_everything_kept(form, typed)


def test_rubric_form_repeated_field_invalid():
    query = _query(_typed())
    query.appendlist("empathy", "5")
    form = RubricForm(query, qualities=list(Quality.objects.order_by("order")))
    assert not form.is_valid()
    assert form.errors["empathy"] == ["Send one value only."]


def test_rubric_form_plain_dict_data_validated():
    # Regression: the repeated-field check called getlist(), which a plain dict lacks.
    form = RubricForm(_typed(), qualities=list(Quality.objects.order_by("order")))
    assert form.is_valid(), form.errors


def test_rubric_form_evidence_too_long_invalid_and_kept():
    typed = _typed(empathy_evidence="x" * 5001)
    form = _form(typed)
    assert not form.is_valid()
    assert list(form.errors) == ["empathy_evidence"]
    _assert_everything_kept(form, typed)


def test_rubric_form_scored_count_counts_bound_scores():
    # _typed scores all eleven; two cleared leaves nine.
    assert _form(_typed(empathy="", analysis="")).scored_count() == 9
