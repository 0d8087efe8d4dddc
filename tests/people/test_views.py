"""Tests of the pages through the test client, against the contract of DESIGN.md."""

from __future__ import annotations

import pytest

from evaluations.people import roles

pytestmark = pytest.mark.django_db


def test_role_fixtures_belong_to_their_groups(recruiter, manager):
    # Regression: a plain "group" value in the factories made every role fixture fail to build.
    assert roles.is_manager(manager)
    assert not roles.is_manager(recruiter)
    assert list(recruiter.groups.values_list("name", flat=True)) == ["Recruiters"]
    assert recruiter.check_password("pw")


# --- service pages and login -----------------------------------------------------------------


def test_home_logged_in_redirects_to_todo(client_for, recruiter):
    response = client_for(recruiter).get("/")
    assert response.status_code == 302
    assert response["Location"] == "/todo/"


@pytest.mark.parametrize("path", ["/", "/candidates/", "/qualities/", "/shortlists/"])
def test_pages_anonymous_redirect_to_login(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={path}"


def test_healthz_anonymous_answers_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_login_page_anonymous_shown(client):
    assert client.get("/accounts/login/").status_code == 200
