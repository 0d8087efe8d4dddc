"""The browser's rubric copies: names and keys per user, and what logout and a save tell the browser."""

from __future__ import annotations

import re

import pytest

from evaluations.scorecards import drafts
from tests.factories import RecruiterFactory
from tests.helpers import rubric_data

pytestmark = pytest.mark.django_db


def test_drafts_names_and_keys_differ_per_user_and_card(recruiter, other_recruiter):
    assert drafts.storage_name(recruiter, 1) != drafts.storage_name(other_recruiter, 1)
    assert drafts.storage_name(recruiter, 1) != drafts.storage_name(recruiter, 2)
    assert drafts.storage_name(recruiter, 1).startswith(drafts.storage_prefix(recruiter))
    assert not drafts.storage_name(recruiter, 1).startswith(drafts.storage_prefix(other_recruiter))
    assert drafts.encryption_key(recruiter) != drafts.encryption_key(other_recruiter)
    # Stable across sessions: the author gets the copy back after logging in again.
    assert drafts.encryption_key(recruiter) == drafts.encryption_key(
        type(recruiter).objects.get(pk=recruiter.pk)
    )


def test_drafts_name_says_nothing_of_user_or_candidate(recruiter, candidate):
    name = drafts.storage_name(recruiter, candidate.pk)
    assert re.fullmatch(r"cmq-draft:[A-Za-z0-9_-]{12}:[A-Za-z0-9_-]{12}", name)
    assert recruiter.username not in name


def test_rubric_page_carries_own_name_and_key_only(client_for, recruiter, other_recruiter, candidate):
    html = client_for(recruiter).get(f"/candidates/{candidate.pk}/scorecard/").content.decode()
    assert f'data-storage-key="{drafts.storage_name(recruiter, candidate.pk)}"' in html
    assert f'data-draft-key="{drafts.encryption_key(recruiter)}"' in html
    assert drafts.encryption_key(other_recruiter) not in html


def test_rubric_save_tells_next_page_to_drop_the_copy_once(client_for, recruiter, candidate):
    client = client_for(recruiter)
    url = f"/candidates/{candidate.pk}/scorecard/"
    response = client.post(url, rubric_data({"empathy": 4}), follow=True)
    name = drafts.storage_name(recruiter, candidate.pk)
    assert f'data-forget-drafts="{name}"' in response.content.decode()
    assert 'data-forget-drafts=""' in client.get(url).content.decode()


def test_rubric_rejected_save_keeps_the_copy(client_for, recruiter, candidate):
    client = client_for(recruiter)
    url = f"/candidates/{candidate.pk}/scorecard/"
    response = client.post(url, rubric_data({"empathy": 9}))
    assert response.status_code == 400
    assert 'data-forget-drafts=""' in response.content.decode()


@pytest.mark.parametrize("path", ["/accounts/logout/", "/admin/logout/"])
def test_logout_tells_browser_to_forget_the_users_copies_and_cache(client, path):
    user = RecruiterFactory(is_staff=True)
    client.force_login(user)
    response = client.post(path)
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache"'
    cookie = response.cookies[drafts.FORGET_COOKIE]
    assert cookie.value == drafts.storage_prefix(user)
    assert not cookie["httponly"]
    assert "_auth_user_id" not in client.session


def test_logout_anonymous_sets_no_forget_cookie(client):
    response = client.post("/accounts/logout/")
    assert drafts.FORGET_COOKIE not in response.cookies


def test_pages_carry_the_users_prefix_for_the_logout_script(client_for, recruiter):
    html = client_for(recruiter).get("/candidates/").content.decode()
    assert f'data-draft-prefix="{drafts.storage_prefix(recruiter)}"' in html
    assert 'class="js-logout"' in html
