"""Tests of the URL configuration: every named URL of DESIGN.md's contract, both ways."""

from __future__ import annotations

import pytest
from django.urls import resolve, reverse

# (name, kwargs, path): paths copied by hand from DESIGN.md's contract table.
CONTRACT = [
    ("login", {}, "/accounts/login/"),
    ("evaluations:home", {}, "/"),
    ("evaluations:candidate-list", {}, "/candidates/"),
    ("evaluations:candidate-create", {}, "/candidates/new/"),
    ("evaluations:candidate-detail", {"pk": 7}, "/candidates/7/"),
    ("evaluations:candidate-edit", {"pk": 7}, "/candidates/7/edit/"),
    ("evaluations:candidate-import", {}, "/candidates/import/"),
    ("evaluations:scorecard", {"pk": 7}, "/candidates/7/scorecard/"),
    ("evaluations:scorecard-reopen", {"pk": 9}, "/scorecards/9/reopen/"),
    ("evaluations:quality-list", {}, "/qualities/"),
    ("evaluations:shortlist-list", {}, "/shortlists/"),
    ("evaluations:shortlist-create", {}, "/shortlists/new/"),
    ("evaluations:shortlist-detail", {"pk": 3}, "/shortlists/3/"),
    ("evaluations:shortlist-export", {"pk": 3}, "/shortlists/3/export.csv"),
    ("evaluations:calibration", {}, "/calibration/"),
    ("healthz", {}, "/healthz"),
    ("admin:index", {}, "/admin/"),
]


@pytest.mark.parametrize(("name", "kwargs", "path"), CONTRACT, ids=[row[0] for row in CONTRACT])
def test_url_reverse_gives_contract_path(name, kwargs, path):
    assert reverse(name, kwargs=kwargs) == path


@pytest.mark.parametrize(("name", "kwargs", "path"), CONTRACT, ids=[row[0] for row in CONTRACT])
def test_url_resolve_gives_name_and_kwargs(name, kwargs, path):
    match = resolve(path)
    assert match.view_name == name
    assert match.kwargs == kwargs


def test_url_new_candidate_not_taken_for_a_pk():
    assert resolve("/candidates/new/").view_name == "evaluations:candidate-create"
    assert resolve("/shortlists/new/").view_name == "evaluations:shortlist-create"
