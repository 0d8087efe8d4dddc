"""The live what-if: ``/shortlists/<pk>/?fragment=dashboard`` answers the dashboard's body alone.

The scenario is test_dashboard's, worked out by hand there: stored weights rank Bruno 75.0
(empathy mean 4), Chloé 75.0 (empathy 2.5), Ana 56.25 → 56.3. With empathy at 2 instead of 3
(total weight 12): Chloé (5 + 44.5) / 12 = 4.125 → 78.125 → 78.1; Bruno (8 + 40) / 12 = 4 → 75.0;
Ana (6 + 30) / 11 = 36/11 → 25 × 25/11 = 56.818… → 56.8 (Ana has no analysis mean).
"""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from evaluations.interviews import services as interview_services
from evaluations.scoring import QUALITY_CODES
from evaluations.shortlists import services as shortlist_services
from tests.factories import AdminFactory, ManagerFactory, RecruiterFactory
from tests.shortlists.test_dashboard import RANKED, DashboardTable, build_scenario
from tests.shortlists.test_queries import DASHBOARD_QUERIES, build

pytestmark = pytest.mark.django_db


@pytest.fixture
def scenario():
    return build_scenario()


def _url(scenario, query: str = "") -> str:
    return reverse("evaluations:shortlist-detail", args=[scenario["shortlist"].pk]) + query


def _ids(scenario, *names: str) -> list[int]:
    return [scenario["people"][name].pk for name in names]


def _scores(html: str) -> list[str]:
    return [c["weighted-score"] for c in DashboardTable(html).row("score-row")]


def test_whatif_fragment_valid_weights_answer_the_body_with_the_trial_ranking(client, scenario):
    client.force_login(scenario["manager"])

    response = client.get(_url(scenario, "?w_empathy=2&fragment=dashboard"))

    html = response.content.decode()
    assert response.status_code == 200
    assert DashboardTable(html).candidate_ids == _ids(scenario, "Chloé Durand", "Bruno Petit", "Ana Moreau")
    assert _scores(html) == ["78.1", "75.0", "56.8"]
    assert "What-if view" in html
    # The body only: no layout, no what-if form, no form to add candidates.
    assert "<html" not in html and 'id="whatif-form"' not in html and 'id="add-form"' not in html
    assert 'id="chart-data"' in html
    assert response["Cache-Control"] == "private, no-store"


def test_whatif_fragment_equals_the_body_of_the_full_page(client, scenario):
    client.force_login(scenario["manager"])
    query = "?w_empathy=4&w_analysis=2"

    page = client.get(_url(scenario, query)).content.decode()
    cache.clear()  # the fragment drawn afresh, not read from the page's cached body
    fragment = client.get(_url(scenario, query + "&fragment=dashboard")).content.decode()

    # The body ends where the note editor begins (kept out of it, so that a swap never takes it).
    body = re.search(r'<div id="dashboard-body">(.*?)</div>\s*<section class="note-editor', page, re.S)[1]
    assert fragment.strip() == body.strip()


def test_whatif_fragment_stored_weights_answer_the_stored_ranking(client, scenario):
    client.force_login(scenario["manager"])

    # "Back to the stored weights": the stored values sent back as trial ones are no trial.
    stored = "&".join(f"w_{code}={1 if code != 'empathy' else 3}" for code in QUALITY_CODES)
    response = client.get(_url(scenario, f"?{stored}&fragment=dashboard"))

    html = response.content.decode()
    assert response.status_code == 200
    assert DashboardTable(html).candidate_ids == _ids(scenario, *RANKED)
    assert _scores(html) == ["75.0", "75.0", "56.3"]
    assert "What-if view" not in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        # Communication 3 ties empathy 3.
        ("w_communication=3", "(in conflict: Communication skills)"),
        ("w_empathy=101", "Ensure this value is less than or equal to 100."),
        ("w_empathy=0", "Ensure this value is greater than or equal to 1."),
        ("w_analysis=abc", "Enter a whole number."),
        ("w_analysis=99999999999999999999999", "Ensure this value is less than or equal to 100."),
    ],
)
def test_whatif_fragment_invalid_weights_answer_400_with_the_message_and_no_table(
    client, scenario, query, message
):
    client.force_login(scenario["manager"])

    response = client.get(_url(scenario, f"?{query}&fragment=dashboard"))

    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert "dashboard-table" not in html and "<html" not in html
    assert response["Cache-Control"] == "private, no-store"


def test_whatif_fragment_states_the_ranges_of_the_weights_as_typed(client, scenario):
    client.force_login(scenario["manager"])

    valid = client.get(_url(scenario, "?w_empathy=5&w_analysis=4&fragment=dashboard"))
    invalid = client.get(_url(scenario, "?w_communication=3&fragment=dashboard"))

    # Analysis 4 is the highest other: empathy from 5; empathy 5: the others up to 4.
    ranges = json.loads(valid["X-Weight-Ranges"])
    assert ranges["w_empathy"] == [5, 100]
    assert ranges["w_analysis"] == ranges["w_curiosity"] == [1, 4]
    # Refused weights still get their ranges: communication 3 asks empathy from 4, the others up to 2.
    ranges = json.loads(invalid["X-Weight-Ranges"])
    assert ranges["w_empathy"] == [4, 100]
    assert ranges["w_communication"] == [1, 2]


def test_whatif_page_states_each_range_and_sets_min_and_max(client, scenario):
    client.force_login(scenario["manager"])

    stored = client.get(_url(scenario)).content.decode()
    trial = client.get(_url(scenario, "?w_empathy=6&w_teamwork=4")).content.decode()
    french = client.get(_url(scenario), HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    def field(html: str, code: str) -> str:
        return re.search(rf'<input[^>]*id="id_w_{code}"[^>]*>', html)[0]

    def stated(html: str, code: str) -> str:
        return re.search(rf'id="id_w_{code}_helptext">([^<]*)<', html)[1]

    # Stored: empathy 3, others 1 → empathy from 2 to 100, others from 1 to 2.
    assert stated(stored, "empathy") == "from 2 to 100"
    assert stated(stored, "teamwork") == "from 1 to 2"
    assert 'min="2"' in field(stored, "empathy") and 'max="100"' in field(stored, "empathy")
    assert 'min="1"' in field(stored, "teamwork") and 'max="2"' in field(stored, "teamwork")
    assert 'aria-describedby="id_w_teamwork_helptext"' in field(stored, "teamwork")
    # Trial: teamwork 4 → empathy from 5; empathy 6 → others from 1 to 5.
    assert stated(trial, "empathy") == "from 5 to 100"
    assert stated(trial, "curiosity") == "from 1 to 5"
    assert stated(french, "teamwork") == "de 1 à 2"


def test_whatif_page_without_script_reranks_and_links_back_to_stored_weights(client, scenario):
    client.force_login(scenario["manager"])

    html = client.get(_url(scenario, "?w_empathy=2")).content.decode()

    assert DashboardTable(html).candidate_ids == _ids(scenario, "Chloé Durand", "Bruno Petit", "Ana Moreau")
    back = re.search(r'class="[^"]*js-whatif-reset[^"]*" href="([^"]*)">Back to the stored weights<', html)
    assert back[1] == _url(scenario)
    assert ">Reset<" not in html


def test_whatif_page_invalid_weights_show_the_message_beside_the_form(client, scenario):
    client.force_login(scenario["manager"])

    html = client.get(_url(scenario, "?w_communication=3")).content.decode()

    errors = re.search(r'<div id="whatif-errors" aria-live="polite">(.*?)</div></div>', html, re.S)[1]
    assert "(in conflict: Communication skills)" in errors
    assert DashboardTable(html).candidate_ids == _ids(scenario, *RANKED)


@pytest.mark.parametrize("role", ["anonymous", "recruiter", "manager", "admin", "owner"])
def test_whatif_fragment_each_role_gets_what_the_page_gives(client, scenario, role):
    users = {
        "anonymous": None,
        "recruiter": RecruiterFactory(username="rene"),
        "manager": ManagerFactory(username="mona"),
        "admin": AdminFactory(username="ada"),
        "owner": scenario["manager"],
    }
    if users[role] is not None:
        client.force_login(users[role])
    url = _url(scenario, "?w_empathy=2&fragment=dashboard")

    response = client.get(url)
    page = client.get(_url(scenario, "?w_empathy=2"))

    assert response.status_code == page.status_code
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login") + "?next=")
    elif role == "recruiter":
        assert response.status_code == 403
    else:
        assert response.status_code == 200
        assert _scores(response.content.decode()) == ["78.1", "75.0", "56.8"]
    assert client.post(url).status_code in {302, 403, 405}


def test_whatif_fragment_panelist_stays_blind_for_their_candidate(client, scenario):
    panelist = ManagerFactory(username="pam")
    chloe = scenario["people"]["Chloé Durand"]
    interview_services.interview_schedule(
        candidate=chloe,
        actor=panelist,
        title="Case study",
        starts_at=timezone.now() - timedelta(hours=2),
        duration_minutes=60,
        location="Room 3",
        panel=[panelist],
    )
    client.force_login(panelist)

    html = client.get(_url(scenario, "?w_empathy=2&fragment=dashboard")).content.decode()

    # Chloé hidden: unscored and last; the others as computed (Bruno 75.0, Ana 56.8).
    assert DashboardTable(html).candidate_ids == _ids(scenario, "Bruno Petit", "Ana Moreau", "Chloé Durand")
    assert _scores(html)[:2] == ["75.0", "56.8"]
    assert "78.1" not in html


@pytest.mark.parametrize("size", [3, 60])
def test_whatif_fragment_queries_constant_in_shortlist_size(client, django_assert_max_num_queries, size):
    manager = ManagerFactory(username="maya")
    shortlist = shortlist_services.shortlist_create(name="Big", owner=manager, candidates=build(size))
    client.force_login(manager)
    url = reverse("evaluations:shortlist-detail", args=[shortlist.pk])

    # No more than the page's, whether the weights are taken or refused.
    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        response = client.get(url + "?w_empathy=5&fragment=dashboard")
    assert response.status_code == 200
    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        response = client.get(url + "?w_teamwork=5&fragment=dashboard")
    assert response.status_code == 400
