"""The navigation bar's fixed parts (``templatetags/navigation.py``): right for each page, role and
language, drawn once per process for each, and never with another request's own parts."""

from __future__ import annotations

import re

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.urls import reverse

from evaluations.templatetags import navigation
from tests.factories import AdminFactory, ManagerFactory, RecruiterFactory

pytestmark = pytest.mark.django_db


def links(html: str) -> dict[str, str]:
    """Each link of the main navigation's list: its text → 'current', 'active' or ''."""
    listed = re.search(r'<ul class="navbar-nav me-auto">(.*?)</ul>', html, re.S)
    if listed is None:
        return {}
    found = {}
    for attributes, text in re.findall(r'<a class="nav-link([^>]*)>([^<]+)</a>', listed[1]):
        found[text.strip()] = (
            "current" if "aria-current" in attributes else "active" if "active" in attributes else ""
        )
    return found


@pytest.fixture(autouse=True)
def drawn_afresh():
    navigation._drawn.cache_clear()
    yield
    navigation._drawn.cache_clear()


def test_links_follow_the_page_and_the_role(client):
    client.force_login(ManagerFactory())
    assert links(client.get(reverse("evaluations:candidate-list")).content.decode()) == {
        "To do": "",
        "Candidates": "current",
        "Positions": "",
        "Rubric": "",
        "Shortlists": "",
        "Calibration": "",
    }
    assert (
        links(client.get(reverse("evaluations:shortlist-list")).content.decode())["Shortlists"] == "current"
    )

    client.force_login(RecruiterFactory())
    recruiter = links(client.get(reverse("evaluations:candidate-list")).content.decode())
    assert list(recruiter) == ["To do", "Candidates", "Positions", "Rubric"]

    client.force_login(AdminFactory())
    assert "Administration" in links(client.get(reverse("evaluations:candidate-list")).content.decode())


def test_links_follow_the_language(client):
    client.force_login(ManagerFactory())
    url = reverse("evaluations:candidate-list")
    english = links(client.get(url).content.decode())
    french = links(client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode())

    assert "Candidates" in english
    assert french["Candidats"] == "current"
    assert "Candidates" not in french


def test_logged_out_the_brand_leads_to_the_login_and_there_are_no_links(client):
    html = client.get(reverse("login")).content.decode()

    assert re.search(rf'<a class="navbar-brand[^"]*" href="{reverse("login")}">', html)
    assert "navbar-toggler" not in html
    assert links(html) == {}


def test_drawn_once_per_page_role_and_language(client):
    manager = ManagerFactory()
    client.force_login(manager)
    url = reverse("evaluations:candidate-list")

    first = client.get(url).content.decode()
    second = client.get(url).content.decode()

    info = navigation._drawn.cache_info()
    assert (info.misses, info.hits) == (2, 2)  # the brand and the links, then both from memory
    # The request's own parts are drawn each time: each response has its own CSRF token.
    assert first.count('name="csrfmiddlewaretoken"') == second.count('name="csrfmiddlewaretoken"') == 2
    assert manager.first_name in second


def test_only_fixed_parts_may_be_drawn_this_way():
    template = Template('{% load navigation %}{% navigation "includes/messages.html" %}')
    with pytest.raises(TemplateSyntaxError):
        template.render(Context({}))
