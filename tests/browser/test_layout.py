"""Layout: every main page on a phone, the dashboard on a laptop, and the dashboard on paper."""

from __future__ import annotations

from typing import Any

from evaluations.candidates.models import Candidate
from evaluations.shortlists.models import Shortlist
from tests.browser.conftest import (
    DEMO_PASSWORD,
    DESKTOP,
    PHONE,
    log_in,
    no_horizontal_overflow,
    sideways_scroll,
)

# A4 landscape less 12 mm margins each side (app.css @page): 273 mm at 96 px per inch.
PRINT_WIDTH = round(273 / 25.4 * 96)


def test_main_pages_at_phone_width_no_horizontal_overflow(
    open_page: Any, base: str, seeded: None, shot: Any
) -> None:
    people = list(Candidate.objects.order_by("pk"))
    shortlist = Shortlist.objects.get(name="Demo shortlist")
    pages = {
        "recruiter": {
            "list": "/candidates/",
            "rubric": f"/candidates/{people[5].pk}/scorecard/",
            "rubric-read-only": f"/candidates/{people[0].pk}/scorecard/",
            "qualities": "/qualities/",
            "positions": "/positions/",
            "candidate-form": "/candidates/new/",
        },
        "manager": {
            "list-manager": "/candidates/",
            "detail": f"/candidates/{people[0].pk}/",
            "shortlists": "/shortlists/",
            "dashboard": f"/shortlists/{shortlist.pk}/",
            "calibration": "/calibration/",
        },
    }
    overflowing = {}
    for username, paths in pages.items():
        page = open_page(viewport=PHONE, is_mobile=True, has_touch=True)
        log_in(page, base, username, DEMO_PASSWORD)
        for name, path in paths.items():
            page.goto(base + path)
            shot(page, name)
            if extra := no_horizontal_overflow(page):
                overflowing[name] = extra
    assert overflowing == {}, f"pages wider than 390 px (extra pixels): {overflowing}"


def test_dashboard_six_candidates_at_1366_fits_without_horizontal_scroll(
    open_page: Any, base: str, seeded: None, shot: Any
) -> None:
    shortlist = Shortlist.objects.get(name="Demo shortlist")
    assert shortlist.candidates.count() == 6
    page = open_page(viewport=DESKTOP)
    log_in(page, base, "manager", DEMO_PASSWORD)
    page.goto(f"{base}/shortlists/{shortlist.pk}/")
    shot(page, "dashboard")
    assert sideways_scroll(page, ".dashboard-scroll") == 0
    assert no_horizontal_overflow(page) == 0
    assert page.locator("th[data-candidate]").count() == 6


def test_dashboard_print_fits_a4_landscape_without_controls(
    open_page: Any, base: str, seeded: None, shot: Any
) -> None:
    shortlist = Shortlist.objects.get(name="Demo shortlist")
    page = open_page(viewport={"width": PRINT_WIDTH, "height": 730})
    log_in(page, base, "manager", DEMO_PASSWORD)
    page.goto(f"{base}/shortlists/{shortlist.pk}/")
    page.emulate_media(media="print")
    shot(page, "print")
    for hidden in (".app-header", "#whatif-form", 'a[href$="export.csv"]', ".note-form", "footer"):
        assert not page.locator(hidden).first.is_visible(), f"{hidden} should not print"
    assert page.locator(".dashboard-table").is_visible()
    assert page.locator("tr.print-only").is_visible()
    assert page.evaluate("() => document.querySelector('.dashboard-table').scrollWidth") <= PRINT_WIDTH


def test_navigation_stays_on_one_row_at_1366_for_a_french_manager_and_an_administrator(
    open_page: Any, base: str, seeded: None, shot: Any
) -> None:
    for username, locale in (("manager", "fr-FR"), ("admin", "fr-FR"), ("admin", "en-GB")):
        page = open_page(viewport=DESKTOP, locale=locale)
        log_in(page, base, username, DEMO_PASSWORD)
        page.goto(f"{base}/candidates/")
        links = page.locator("#main-nav .nav-link")
        tops = {round(box["y"]) for box in (links.nth(i).bounding_box() for i in range(links.count()))}
        menu = page.locator("#user-menu-button").bounding_box()
        # One row: every link at one height, the user's menu beside them, a bar one line high.
        assert len(tops) == 1, (username, locale, tops)
        assert (
            abs(menu["y"] + menu["height"] / 2 - (min(tops) + links.first.bounding_box()["height"] / 2)) < 8
        )
        assert page.locator(".app-header").bounding_box()["height"] < 70
        shot(page, f"nav-{username}-{locale}", full_page=False)
        # The menu holds the tokens, the language and logging out, by keyboard too.
        page.locator("#user-menu-button").focus()
        page.keyboard.press("Enter")
        assert page.locator(".user-menu .dropdown-menu a[href='/account/tokens/']").is_visible()
        assert page.locator(".user-menu #language-select").is_visible()
        assert page.locator(".user-menu form.js-logout button").is_visible()
        page.close()
