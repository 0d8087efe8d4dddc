"""Interviews in the browser, on a laptop in English and on a phone in French: a recruiter lands on
/todo/, opens the kit, downloads the invite, scores, submits and is offered the next scorecard; a
hiring manager schedules an interview with a panel picked by searching. axe-core on each page."""

from __future__ import annotations

from typing import Any

import pytest
from icalendar import Calendar

from evaluations.interviews.models import Interview
from evaluations.scorecards.models import Scorecard
from evaluations.scoring import QUALITY_CODES
from tests.browser.conftest import DEMO_PASSWORD, DESKTOP, PHONE, log_in, no_horizontal_overflow
from tests.browser.test_accessibility import axe_violations

VARIANTS = [
    pytest.param({"viewport": DESKTOP, "locale": "en-GB"}, "en", id="desktop-en"),
    pytest.param(
        {"viewport": PHONE, "locale": "fr-FR", "is_mobile": True, "has_touch": True, "bypass_csp": True},
        "fr",
        id="phone-fr",
    ),
]
TEXT = {
    "en": {
        "todo": "Scorecards you owe",
        "overdue": "Overdue",
        "next": "Next scorecard you owe",
        "kit": "Interview kit",
    },
    "fr": {
        "todo": "Fiches d'évaluation que vous devez",
        "overdue": "En retard",
        "next": "Prochaine fiche que vous devez",
        "kit": "Kit d'entretien",
    },
}


def assert_axe_clean(page: Any, where: str) -> None:
    blocking = [v for v in axe_violations(page) if v["impact"] in {"serious", "critical"}]
    assert blocking == [], f"{where}: {blocking}"


@pytest.mark.parametrize(("context_args", "language"), VARIANTS)
def test_recruiter_todo_kit_invite_score_submit_then_next(
    open_page: Any, base: str, seeded: None, shot: Any, context_args: dict[str, Any], language: str
) -> None:
    text = TEXT[language]
    page = open_page(**{"bypass_csp": True, **context_args})
    log_in(page, base, "recruiter", DEMO_PASSWORD)
    assert page.url == base + "/todo/"
    assert page.locator("main h1").inner_text() == text["todo"]
    items = page.locator(".todo-item")
    assert items.count() >= 3
    assert "is-overdue" in items.first.get_attribute("class")
    assert text["overdue"] in items.first.inner_text()
    assert no_horizontal_overflow(page) == 0
    assert_axe_clean(page, "todo")
    shot(page, "1-todo")

    with page.expect_navigation():
        items.first.locator('a[href^="/interviews/"]:not([href$="/scorecard/"])').click()
    assert text["kit"].lower() in page.locator("main").inner_text().lower()
    assert page.locator(".kit-quality").count() == len(QUALITY_CODES)
    assert page.locator(".kit-quality.is-focus").count() >= 2
    assert no_horizontal_overflow(page) == 0
    assert_axe_clean(page, "kit")
    shot(page, "2-kit")
    page.emulate_media(media="print")
    shot(page, "3-kit-print")
    page.emulate_media(media="screen")

    with page.expect_download() as info:
        page.click('a[href$="invite.ics"]')
    with open(info.value.path(), "rb") as handle:
        event = Calendar.from_ical(handle.read()).walk("VEVENT")[0]
    interview_pk = int(page.url.rstrip("/").rsplit("/", 1)[1])
    assert str(event["UID"]) == f"interview-{interview_pk}@cmquality"
    assert "mailto:recruiter@example.com" in [str(a) for a in event["ATTENDEE"]]
    candidate = Interview.objects.get(pk=interview_pk).candidate

    with page.expect_navigation():
        page.click(f'main a.btn-primary[href="/interviews/{interview_pk}/scorecard/"]')  # the workspace
    assert page.locator(".focus-badge").count() >= 2
    for code in QUALITY_CODES:
        page.click(f"label[for=id_{code}_3]")
    page.click("label[for=id_recommendation_3]")  # "yes"
    shot(page, "4-rubric")
    with page.expect_navigation():
        page.click("button[name=action][value=submit]")
    assert Scorecard.objects.get(interview_id=interview_pk, interviewer__username="recruiter").is_submitted
    offer = page.locator("a.next-owed")
    assert text["next"] in page.locator(".messages").inner_text()
    shot(page, "5-next-offered", full_page=False)
    with page.expect_navigation():
        offer.click()
    assert page.url.endswith("/scorecard/") and f"/candidates/{candidate.pk}/" not in page.url
    assert page.locator("#rubric-form").count() == 1


@pytest.mark.parametrize(("context_args", "language"), VARIANTS)
def test_manager_schedules_an_interview_with_a_searched_panel(
    open_page: Any, base: str, seeded: None, shot: Any, context_args: dict[str, Any], language: str
) -> None:
    page = open_page(**{"bypass_csp": True, **context_args})
    log_in(page, base, "manager", DEMO_PASSWORD)
    assert page.url == base + "/todo/"
    assert page.locator("#waiting-heading").is_visible()
    candidate_pk = Scorecard.objects.order_by("candidate_id").first().candidate_id
    page.goto(f"{base}/candidates/{candidate_pk}/")
    with page.expect_navigation():
        page.click(f'a[href="/candidates/{candidate_pk}/interviews/new/"]')
    assert_axe_clean(page, "interview form")
    page.fill("#id_title", "Entretien final" if language == "fr" else "Final interview")
    page.fill("#id_starts_at", "2030-05-06T14:30")
    page.fill("#id_duration_minutes", "50")
    page.fill("#id_location", "https://meet.example.org/final")
    search = page.locator("#panel-search")
    assert search.is_visible()
    search.fill("hugo lamb")
    visible = page.locator(".panel-option:not([hidden])")
    assert visible.count() == 1
    search.press("Enter")
    chips = page.locator(".panel-chip")
    assert chips.count() == 2  # the manager, chosen by default, and Hugo
    assert "Hugo Lambert" in page.locator(".js-panel-chosen").inner_text()
    page.check("#id_focus_7") if page.locator("#id_focus_7").count() else None
    assert no_horizontal_overflow(page) == 0
    shot(page, "1-form")
    with page.expect_navigation():
        page.click("form.interview-form button[type=submit]")
    assert "/interviews/" in page.url
    interview = Interview.objects.get(title__in=["Final interview", "Entretien final"])
    assert sorted(interview.panel.values_list("username", flat=True)) == ["manager", "recruiter2"]
    assert interview.duration_minutes == 50
    assert "Hugo Lambert" in page.locator("#panel-heading + ul").inner_text()
    assert_axe_clean(page, "kit after scheduling")
    shot(page, "2-kit")
