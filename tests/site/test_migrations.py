"""Tests of the data migrations: the rubric's content and the two role groups."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group

from evaluations.rubric.models import Quality, Rubric

pytestmark = pytest.mark.django_db

# DESIGN.md's table of the eleven qualities, copied by hand: (code, English, French, weight).
DESIGN_TABLE = [
    ("empathy", "Empathy", "Empathie", 3),
    ("adaptability", "Adaptability", "Adaptabilité", 1),
    ("creativity", "Creativity", "Créativité", 1),
    ("communication", "Communication skills", "Compétences en communication", 1),
    ("technical_knowledge", "Technical knowledge", "Connaissances techniques", 1),
    ("curiosity", "Curiosity", "Curiosité", 1),
    ("organization", "Organization", "Organisation", 1),
    ("problem_solving", "Problem solving", "Résolution de problèmes", 1),
    ("analysis", "Analysis", "Analyse", 1),
    ("teamwork", "Teamwork", "Travail d'équipe", 1),
    ("proactivity", "Proactivity", "Proactivité", 1),
]
TEXT_FIELDS = [
    f"{name}_{lang}" for name in ("description", "anchor_1", "anchor_3", "anchor_5") for lang in ("en", "fr")
]


def _qualities() -> list[Quality]:
    return list(Quality.objects.order_by("order"))


def test_rubric_migration_creates_eleven_qualities_in_design_order():
    rows = [(q.code, q.name_en, q.name_fr, q.weight) for q in _qualities()]
    assert rows == DESIGN_TABLE


def test_rubric_migration_orders_are_one_to_eleven():
    assert [q.order for q in _qualities()] == list(range(1, 12))


def test_rubric_migration_empathy_weighs_strictly_most():
    weights = {q.code: q.weight for q in _qualities()}
    empathy = weights.pop("empathy")
    assert all(empathy > weight for weight in weights.values())


def test_rubric_migration_sets_bar_on_empathy_only():
    minimums = {q.code: q.minimum for q in _qualities()}
    assert minimums.pop("empathy") == 3
    assert set(minimums.values()) == {None}


@pytest.mark.parametrize("field", TEXT_FIELDS)
def test_rubric_migration_every_quality_has_text(field):
    empty = [q.code for q in _qualities() if not getattr(q, field).strip()]
    assert empty == []


def test_rubric_migration_anchors_differ_within_each_quality():
    for quality in _qualities():
        for lang in ("en", "fr"):
            anchors = {getattr(quality, f"anchor_{n}_{lang}") for n in (1, 3, 5)}
            assert len(anchors) == 3, (quality.code, lang)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_rubric_migration_empathy_has_four_prompts(lang):
    empathy = Quality.objects.get(code="empathy")
    prompts = [line for line in getattr(empathy, f"prompts_{lang}").splitlines() if line.strip()]
    assert len(prompts) == 4


def test_rubric_migration_empathy_prompts_follow_the_source_order():
    empathy = Quality.objects.get(code="empathy")
    starts = [line.split(" — ")[0] for line in empathy.prompts_en.splitlines()]
    assert starts == [
        "Understanding the community",
        "Moderation and crisis management",
        "Authentic content creation",
        "Strengthening community bonds",
    ]


def test_rubric_migration_other_qualities_have_no_prompts():
    assert [q.code for q in _qualities() if q.prompts_en or q.prompts_fr] == ["empathy"]


def test_rubric_migration_writes_rationale_in_both_languages():
    rubric = Rubric.objects.get()
    assert "empathy" in rubric.rationale_en.lower()
    assert "empathie" in rubric.rationale_fr.lower()


def test_groups_migration_creates_both_roles():
    assert set(Group.objects.values_list("name", flat=True)) >= {"Recruiters", "Hiring managers"}


def test_rubric_migration_forwards_run_again_changes_nothing():
    # Re-running the data step (as a squashed or replayed migration would) must not duplicate rows.
    migration = importlib.import_module("evaluations.migrations.0002_rubric_content")
    before = [(q.pk, q.code, q.weight, q.minimum, q.description_en) for q in _qualities()]
    migration.forwards(django_apps, None)
    assert [(q.pk, q.code, q.weight, q.minimum, q.description_en) for q in _qualities()] == before
    assert Rubric.objects.count() == 1
