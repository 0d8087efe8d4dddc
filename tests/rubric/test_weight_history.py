"""Weights as visible history (issue 11): the dashboard says what changed since the shortlist was
made, and the rubric page's words follow the stored weights.

Times are written in UTC and shown in TIME_ZONE (Europe/Paris, UTC+1 in November).
"""

from __future__ import annotations

import datetime
import re
import shutil

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluations.rubric import services as rubric_services
from evaluations.rubric.models import Quality, RubricChange
from evaluations.shortlists import services as shortlist_services
from evaluations.shortlists.models import Shortlist
from tests.factories import AdminFactory, CandidateFactory, PositionFactory
from tests.shortlists.test_queries import DASHBOARD_QUERIES
from tests.site.test_caching import BACKENDS, _redis_listening, caches_on
from tests.site.test_html_valid import load_lint_html

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
CREATED = datetime.datetime(2025, 10, 1, 8, 0, tzinfo=UTC)
FR = {"HTTP_ACCEPT_LANGUAGE": "fr"}


@pytest.fixture(params=sorted(BACKENDS))
def backend(request, tmp_path, settings):
    if request.param == "redis" and not _redis_listening():
        pytest.skip("no Redis listening")
    settings.CACHES = caches_on(request.param, tmp_path)
    return request.param


@pytest.fixture
def ada(db):
    return AdminFactory(username="ada", first_name="Ada", last_name="Lovelace")


@pytest.fixture
def grace(db):
    return AdminFactory(username="grace", first_name="Grace", last_name="Hopper")


@pytest.fixture
def shortlist(manager):
    people = [
        CandidateFactory(name=name, position=PositionFactory()) for name in ("Ana Moreau", "Bruno Petit")
    ]
    made = shortlist_services.shortlist_create(name="Final", owner=manager, candidates=people)
    Shortlist.objects.filter(pk=made.pk).update(created_at=CREATED)
    return Shortlist.objects.get(pk=made.pk)


def change(code: str, actor, reason: str, at: datetime.datetime | None = None, **fields) -> None:
    """A change through the service the admin uses, dated ``at`` (the row it writes)."""
    rubric_services.quality_update(
        quality=Quality.objects.get(code=code), actor=actor, reason=reason, **fields
    )
    if at is not None:
        RubricChange.objects.filter(pk=RubricChange.objects.latest("pk").pk).update(changed_at=at)


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html)).strip()


def weight_changes(client, user, shortlist, **headers) -> str | None:
    """The text of the dashboard's weight changes, or None when the page shows none."""
    client.force_login(user)
    response = client.get(reverse("evaluations:shortlist-detail", args=[shortlist.pk]), **headers)
    assert response.status_code == 200
    found = re.search(r'<details class="weight-changes.*?</details>', response.content.decode(), re.S)
    return found and found.group(0)


def test_dashboard_lists_changes_since_creation_newest_first(client, manager, shortlist, ada, grace):
    change(
        "curiosity",
        ada,
        "Before the list existed",
        datetime.datetime(2025, 9, 15, 9, 0, tzinfo=UTC),
        weight=2,
    )
    change(
        "analysis",
        ada,
        "The role is data-driven",
        datetime.datetime(2025, 11, 3, 10, 0, tzinfo=UTC),
        weight=2,
    )
    change("empathy", grace, "Raise the bar", datetime.datetime(2025, 11, 5, 14, 30, tzinfo=UTC), minimum=4)

    html = weight_changes(client, manager, shortlist)

    assert text(html) == (
        "⚖ 2 changes of weights or bars since this shortlist was created "
        "(last: 5 November 2025, by Grace Hopper: Empathy, minimum bar 3 → 4) "
        "5 Nov 2025, 15:30 · Grace Hopper · Empathy, minimum bar 3 → 4 · Raise the bar "
        "3 Nov 2025, 11:00 · Ada Lovelace · Analysis, weight 1 → 2 · The role is data-driven "
        "The rubric and its whole history"
    )
    assert "Before the list existed" not in html
    assert 'href="/qualities/#rubric-history"' in html
    assert '<time datetime="2025-11-05T15:30:00+0100">' in html


def test_dashboard_in_french(client, manager, shortlist, ada):
    change(
        "analysis", ada, "Rôle orienté données", datetime.datetime(2025, 11, 3, 10, 0, tzinfo=UTC), weight=2
    )

    html = weight_changes(client, manager, shortlist, **FR).replace("\u00a0", " ")

    assert text(html) == (
        "⚖ 1 changement de poids ou de seuil depuis la création de cette short-list "
        "(dernier : le 3 novembre 2025, par Ada Lovelace : Analyse, poids 1 → 2) "
        "3 nov. 2025, 11:00 · Ada Lovelace · Analyse, poids 1 → 2 · Rôle orienté données "
        "La grille et tout son historique"
    )


def test_dashboard_without_change_since_creation_shows_nothing(client, manager, shortlist, ada):
    change("analysis", ada, "Long ago", datetime.datetime(2025, 9, 15, 9, 0, tzinfo=UTC), weight=2)
    client.force_login(manager)

    page = client.get(reverse("evaluations:shortlist-detail", args=[shortlist.pk])).content.decode()

    assert "weight-changes" not in page
    assert "Long ago" not in page


def test_dashboard_texts_changed_are_not_weight_changes(client, manager, shortlist, ada):
    change("analysis", ada, "Clearer words", description_en="Reads the numbers")

    assert weight_changes(client, manager, shortlist) is None


def test_dashboard_bar_removed_reads_none(client, manager, shortlist, ada):
    change("empathy", ada, "Trial without a bar", minimum=None)

    assert "Empathy, minimum bar 3 → none · Trial without a bar" in text(
        weight_changes(client, manager, shortlist)
    )


def test_dashboard_shows_newest_twenty_and_counts_the_rest(client, manager, shortlist, ada):
    for n in range(25):
        change("analysis", ada, f"Round {n}", weight=2 if n % 2 == 0 else 1)

    shown = text(weight_changes(client, manager, shortlist))

    assert shown.startswith("⚖ 25 changes of weights or bars since this shortlist was created")
    assert "Round 24" in shown and "Round 5 " in shown
    assert "Round 4 " not in shown
    assert "And 5 earlier changes." in shown


def test_dashboard_next_view_after_a_change_shows_it(client, manager, shortlist, ada, backend):
    assert weight_changes(client, manager, shortlist) is None

    change("analysis", ada, "The role is data-driven", weight=2)

    assert "Analysis, weight 1 → 2 · The role is data-driven" in text(
        weight_changes(client, manager, shortlist)
    )

    # A second change, and a rename of who made it: both on the next view.
    change("analysis", ada, "Back to one", weight=1)
    ada.first_name = "Augusta"
    ada.save()
    shown = text(weight_changes(client, manager, shortlist))
    assert shown.startswith("⚖ 2 changes")
    assert "Augusta Lovelace · Analysis, weight 2 → 1 · Back to one" in shown
    assert "Ada Lovelace" not in shown


def test_dashboard_seen_again_reads_no_rubric_change(client, manager, shortlist, ada, backend):
    change("analysis", ada, "The role is data-driven", weight=2)
    url = reverse("evaluations:shortlist-detail", args=[shortlist.pk])
    client.force_login(manager)
    client.get(url)

    with CaptureQueriesContext(connection) as queries:
        again = client.get(url).content.decode()

    assert "The role is data-driven" in again
    assert not [q for q in queries.captured_queries if "evaluations_rubricchange" in q["sql"]]
    # The count of test_caching's second view: session, user, groups, shortlist, panels.
    assert len(queries.captured_queries) <= 6


def test_dashboard_first_view_with_changes_within_the_bound(
    client, manager, shortlist, ada, django_assert_max_num_queries
):
    for n in range(5):
        change("analysis", ada, f"Round {n}", weight=2 if n % 2 == 0 else 1)
    client.force_login(manager)

    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        response = client.get(reverse("evaluations:shortlist-detail", args=[shortlist.pk]))

    assert "Round 4" in response.content.decode()


# --- the rubric page -------------------------------------------------------------------------


def rubric_text(client, user, **headers) -> str:
    client.force_login(user)
    response = client.get(reverse("evaluations:quality-list"), **headers)
    assert response.status_code == 200
    return text(response.content.decode()).replace("\u00a0", " ")


def test_rubric_page_states_the_seeded_weights_without_warning(client, recruiter):
    shown = rubric_text(client, recruiter)

    assert (
        "Empathy weighs 3, three times each of the other ten qualities (1 each). "
        "Empathy carries 23% of the total weight." in shown
    )
    assert "Written before" not in shown


def test_rubric_page_after_a_weight_change_warns_the_rationale_is_older(client, recruiter, ada):
    change(
        "analysis",
        ada,
        "The role is data-driven",
        datetime.datetime(2025, 11, 3, 10, 0, tzinfo=UTC),
        weight=2,
    )

    shown = rubric_text(client, recruiter)

    # 3 of 3 + 2 + 9 = 14: 21.43 % → 21.
    assert (
        "Empathy weighs 3. Analysis weighs 2. The other nine qualities weigh 1 each. "
        "Empathy carries 21% of the total weight." in shown
    )
    assert (
        "Written before the weights or bars last changed, on 3 November 2025: the figures above and in the "
        "table below are the current ones." in shown
    )


def test_rubric_page_bar_change_also_warns(client, recruiter, ada):
    change("empathy", ada, "Raise the bar", datetime.datetime(2025, 11, 5, 14, 30, tzinfo=UTC), minimum=4)

    assert "Written before the weights or bars last changed, on 5 November 2025" in rubric_text(
        client, recruiter
    )


def test_rubric_page_rationale_rewritten_after_the_change_no_warning(client, recruiter, ada):
    change(
        "analysis",
        ada,
        "The role is data-driven",
        datetime.datetime(2025, 11, 3, 10, 0, tzinfo=UTC),
        weight=2,
    )
    rubric_services.rubric_update(
        actor=ada, reason="Say why analysis counts", rationale_en="New words", rationale_fr="Nouveaux mots"
    )

    shown = rubric_text(client, recruiter)

    assert "New words" in shown
    assert "Written before" not in shown


def test_rubric_page_rationale_rewritten_before_the_change_warns(client, recruiter, ada):
    rubric_services.rubric_update(
        actor=ada,
        reason="Shorter",
        rationale_en="Empathy counts most.",
        rationale_fr="L'empathie compte le plus.",
    )
    RubricChange.objects.update(changed_at=datetime.datetime(2025, 10, 1, 9, 0, tzinfo=UTC))
    change(
        "analysis",
        ada,
        "The role is data-driven",
        datetime.datetime(2025, 11, 3, 10, 0, tzinfo=UTC),
        weight=2,
    )

    assert "Written before the weights or bars last changed, on 3 November 2025" in rubric_text(
        client, recruiter
    )


def test_rubric_page_in_french(client, recruiter, ada):
    before = rubric_text(client, recruiter, **FR)
    change("analysis", ada, "Orienté données", datetime.datetime(2025, 11, 3, 10, 0, tzinfo=UTC), weight=2)
    after = rubric_text(client, recruiter, **FR)

    assert (
        "Empathie pèse 3, soit trois fois le poids de chacune des dix autres qualités (1 chacune)." in before
    )
    assert "Rédigé avant" not in before
    assert (
        "Empathie pèse 3. Analyse pèse 2. Les neuf autres qualités pèsent 1 chacune. "
        "Empathie porte 21 % du poids total." in after
    )
    assert (
        "Rédigé avant le dernier changement des poids ou des seuils, le 3 novembre 2025 : les chiffres "
        "ci-dessus et ceux du tableau ci-dessous sont les valeurs actuelles." in after
    )


# --- the service ------------------------------------------------------------------------------


# serialized_rollback: a transactional test empties the tables afterwards; the seeded qualities,
# groups and rubric are put back for the tests that follow.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_quality_update_outside_a_transaction_locks_in_its_own():
    # PostgreSQL refuses select_for_update outside a transaction: the service opens its own.
    ada = AdminFactory(username="ada")

    rubric_services.quality_update(
        quality=Quality.objects.get(code="analysis"), actor=ada, reason="Data", weight=2
    )

    assert Quality.objects.get(code="analysis").weight == 2
    assert RubricChange.objects.get().new_value == "2"


# --- valid HTML -------------------------------------------------------------------------------


def test_weight_history_pages_nu_checker_no_error(client, manager, recruiter, shortlist, ada, tmp_path):
    lint_html = load_lint_html()
    jar, java = lint_html.find_jar(), shutil.which("java")
    if jar is None or java is None:
        pytest.skip("HTML check needs java and vnu.jar: run `bash scripts/ensure_vnu.sh`")
    change("analysis", ada, "The role is data-driven", weight=2)
    change("empathy", ada, "Trial without a bar", minimum=None)
    files = []
    for name, user, path in [
        ("dashboard", manager, reverse("evaluations:shortlist-detail", args=[shortlist.pk])),
        ("rubric", recruiter, reverse("evaluations:quality-list")),
    ]:
        client.force_login(user)
        target = tmp_path / f"{name}.html"
        target.write_bytes(client.get(path).content)
        files.append(target)

    errors = lint_html.validate(files, jar, java)

    assert errors == [], "\n" + "\n".join(map(lint_html.describe, errors))
