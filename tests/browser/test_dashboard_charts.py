"""The dashboard's charts (radar of three with a picker, the parts of each weighted score) and the
dashboard printed to PDF as the debrief handout, read back with pypdf."""

from __future__ import annotations

import io
import re
import unicodedata
from typing import Any

import pytest
from django.utils import translation
from pypdf import PdfReader

from evaluations.interviews import services as interview_services
from evaluations.rubric.models import Quality
from evaluations.scoring import QUALITY_CODES
from evaluations.shortlists import services as shortlist_services
from tests.browser.conftest import ARTIFACTS, FACTORY_PASSWORD, PHONE, log_in, no_horizontal_overflow
from tests.factories import (
    CandidateFactory,
    ManagerFactory,
    PositionFactory,
    RecruiterFactory,
    ScorecardFactory,
)

NAMES = [
    "Alice Martin",
    "Bastien Roy",
    "Camille Diallo",
    "Dmitri Novak",
    "Élodie Fabre",
    "Farid Haddad",
    "Gaëlle Morin",
    "Hugo Lambert",
]
RECOMMENDATIONS = ["strong_yes", "yes", "no", "yes", "strong_no", "yes", "no", "strong_yes"]
# A4 landscape in PDF points (1/72 in): 297 mm × 210 mm.
A4_LANDSCAPE = (841.89, 595.28)


def build_board(count: int) -> Any:
    """``count`` candidates, each with 2 or 3 submitted scorecards that disagree (2 points or more)
    on two qualities, with evidence; the shortlist belongs to the manager "maya"."""
    position = PositionFactory(title="Community manager")
    panel = [
        RecruiterFactory(username=f"rec{k}", first_name=first, last_name="Panel")
        for k, first in enumerate(["Rita", "Paul", "Sara"])
    ]
    maya = ManagerFactory(username="maya", first_name="Maya", last_name="Lead")
    people = []
    for i, name in enumerate(NAMES[:count]):
        person = CandidateFactory(name=name, position=position)
        base = {code: 2 + (i + 2 * q) % 3 for q, code in enumerate(QUALITY_CODES)}  # 2, 3 or 4
        disputed = {QUALITY_CODES[i % 11], QUALITY_CODES[(i + 5) % 11]}
        for k, who in enumerate(panel[: 2 + i % 2]):
            values = {
                code: max(1, min(5, value + (2 if k == 1 and code in disputed else 0) - (k == 2)))
                for code, value in base.items()
            }
            evidence = {
                code: f"{who.first_name} on {name}: {code.replace('_', ' ')} seen first hand."
                for code in disputed
            }
            ScorecardFactory(
                candidate=person,
                interviewer=who,
                recommendation=RECOMMENDATIONS[(i + k) % len(RECOMMENDATIONS)],
                values=values,
                values__evidence=evidence,
            )
        people.append(person)
    shortlist = shortlist_services.shortlist_create(name="Spring debrief", owner=maya, position=position)
    shortlist_services.shortlist_add(shortlist=shortlist, candidates=people)
    return shortlist


def open_dashboard(open_page: Any, base: str, shortlist: Any, **context: Any) -> Any:
    page = open_page(**context)
    log_in(page, base, "maya", FACTORY_PASSWORD)
    page.goto(f"{base}/shortlists/{shortlist.pk}/")
    page.wait_for_function("() => window.Chart && Object.keys(window.Chart.instances).length === 2")
    return page


def chart_state(page: Any) -> dict[str, Any]:
    return page.evaluate(
        """() => {
          const radar = Chart.getChart('radar-chart'), parts = Chart.getChart('parts-chart');
          return {
            live: Object.keys(Chart.instances).length,
            radar: radar.data.datasets.map(d => d.label),
            partsLabels: parts.data.labels,
            partsDatasets: parts.data.datasets.map(d => d.label),
            partsColours: parts.data.datasets.map(d => d.backgroundColor),
            totals: parts.data.labels.map(
              (_, i) => parts.data.datasets.reduce((sum, d) => sum + (d.data[i] || 0), 0)),
            checked: [...document.querySelectorAll('.radar-choices input')].map(b => b.checked),
            status: document.querySelector('.radar-status').textContent,
          };
        }"""
    )


def test_charts_radar_top_three_picker_and_parts_add_up(
    open_page: Any, base: str, transactional_db: Any, shot: Any
):
    shortlist = build_board(8)
    page = open_dashboard(open_page, base, shortlist)
    ranked = page.locator("th[data-candidate] a").all_inner_texts()
    scores = [float(s) for s in page.locator(".score-row .weighted-score").all_inner_texts()]

    state = chart_state(page)
    assert state["live"] == 2
    # By default the top three by rank, and a picker of eight checkboxes in rank order.
    assert state["radar"] == [f"{i}. {name}" for i, name in enumerate(ranked[:3], 1)]
    assert page.locator(".radar-picker").is_visible()
    assert page.locator(".radar-choices label").all_inner_texts() == [
        f"{i}. {n}" for i, n in enumerate(ranked, 1)
    ]
    assert state["checked"] == [True, True, True] + [False] * 5
    # One bar per candidate in rank order, one part per quality, empathy's colour its own: each bar's
    # parts add up to the weighted score the table shows.
    assert state["partsLabels"] == [f"{i}. {name}" for i, name in enumerate(ranked, 1)]
    names = list(Quality.objects.order_by("order").values_list("name_en", flat=True))
    assert state["partsDatasets"] == names
    assert state["partsColours"].count(state["partsColours"][0]) == 1
    assert [round(total, 1) for total in state["totals"]] == scores
    shot(page, "1-laptop")
    page.locator(".charts").screenshot(path=str(ARTIFACTS / "charts-8-laptop.png"))

    # Keyboard only: a fourth choice takes the oldest one off, and says so.
    page.focus("#radar-pick-" + page.locator(".radar-choices input").nth(3).get_attribute("value"))
    page.keyboard.press("Space")
    state = chart_state(page)
    assert state["radar"] == [f"2. {ranked[1]}", f"3. {ranked[2]}", f"4. {ranked[3]}"]
    assert state["checked"] == [False, True, True, True] + [False] * 4
    assert state["status"] == f"The radar shows three candidates at most: {ranked[0]} was taken off."
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Space")  # the third unticked: two left on the radar
    assert chart_state(page)["radar"] == [f"2. {ranked[1]}", f"4. {ranked[3]}"]

    # The dashboard's body swapped in place (a what-if): charts drawn again from the new data, the
    # old ones destroyed, the choice kept.
    page.evaluate(
        """() => {
          const charts = document.querySelector('.charts'), data = document.getElementById('chart-data');
          charts.replaceWith(charts.cloneNode(true));
          data.replaceWith(data.cloneNode(true));
          document.dispatchEvent(new CustomEvent('cmq:dashboard-updated'));
        }"""
    )
    state = chart_state(page)
    assert state["live"] == 2
    assert state["radar"] == [f"2. {ranked[1]}", f"4. {ranked[3]}"]
    assert page.locator(".dashboard-table .quality-row td[data-s]").first.get_attribute("tabindex") == "0"


def test_charts_phone_fit_the_screen(open_page: Any, base: str, transactional_db: Any, shot: Any):
    shortlist = build_board(8)
    page = open_dashboard(
        open_page, base, shortlist, viewport=PHONE, locale="fr-FR", is_mobile=True, has_touch=True
    )

    assert no_horizontal_overflow(page) == 0
    assert page.locator(".radar-picker legend").inner_text() == "Candidats sur le radar (trois au plus)"
    page.locator(".charts").screenshot(path=str(ARTIFACTS / "charts-8-phone-fr.png"))


def test_charts_three_candidates_no_picker(open_page: Any, base: str, transactional_db: Any):
    shortlist = build_board(3)
    page = open_dashboard(open_page, base, shortlist)

    assert len(chart_state(page)["radar"]) == 3
    assert page.locator(".radar-picker").is_hidden()


def test_charts_no_script_no_chart(open_page: Any, base: str, transactional_db: Any):
    shortlist = build_board(3)
    page = open_page(java_script_enabled=False)
    log_in(page, base, "maya", FACTORY_PASSWORD)
    page.goto(f"{base}/shortlists/{shortlist.pk}/")

    assert page.locator(".charts").is_hidden()
    assert page.locator(".dashboard-table").is_visible()


def print_pdf(page: Any, name: str) -> list[str]:
    """The page printed as Chromium prints it; saved under artifacts/, its pages' text returned."""
    page.emulate_media(media="print")
    # Chart.js follows its boxes' print size (a ResizeObserver) before the PDF is made.
    page.wait_for_timeout(300)
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"{name}.pdf").write_bytes(pdf)
    reader = PdfReader(io.BytesIO(pdf))
    for sheet in reader.pages:
        size = (float(sheet.mediabox.width), float(sheet.mediabox.height))
        assert size == pytest.approx(A4_LANDSCAPE, abs=1)
    return [plain(sheet.extract_text()) for sheet in reader.pages]


def plain(text: str) -> str:
    """Text as compared here: ligatures (the PDF's "ﬁ") and no-break spaces undone, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


@pytest.mark.parametrize("language", ["en", "fr"])
def test_dashboard_prints_eight_candidates_table_on_first_a4_landscape_page(
    open_page: Any, base: str, transactional_db: Any, language: str
):
    shortlist = build_board(8)
    page = open_dashboard(open_page, base, shortlist, locale={"en": "en-GB", "fr": "fr-FR"}[language])
    with translation.override(language):
        qualities = [plain(q.name) for q in Quality.objects.order_by("order")]
        debrief = plain(translation.gettext("Debrief: where the panel disagrees"))

    pages = print_pdf(page, f"dashboard-print-8-{language}")

    first = pages[0]
    assert "Spring debrief" in first
    missing = [name for name in [*map(plain, NAMES), *qualities] if name not in first]
    assert not missing, f"not on page 1: {missing}"
    assert debrief not in first
    assert any(debrief in text for text in pages[1:])
    # Observed: 3 pages (the table; the debrief; the rest of the debrief and the charts).
    assert len(pages) <= 4, f"{len(pages)} pages"


def test_dashboard_prints_three_candidates_on_few_pages(open_page: Any, base: str, transactional_db: Any):
    shortlist = build_board(3)
    page = open_dashboard(open_page, base, shortlist)

    pages = print_pdf(page, "dashboard-print-3-en")

    assert all(name in pages[0] for name in NAMES[:3])
    assert "Debrief: where the panel disagrees" in " ".join(pages[1:])
    assert re.search(r"Empathy", pages[0])
    assert len(pages) <= 3, f"{len(pages)} pages"


def test_other_pages_keep_their_own_print_size(open_page: Any, base: str, transactional_db: Any):
    # The interview kit prints on A4 portrait (static/css/interviews.css): the dashboard's named
    # page must not reach it.
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    shortlist = build_board(3)
    maya = get_user_model().objects.get(username="maya")
    interview = interview_services.interview_schedule(
        candidate=shortlist.candidates.first(),
        actor=maya,
        title="Case study",
        starts_at=timezone.now() + timedelta(days=1),
        duration_minutes=45,
        location="Room 3",
        panel=[maya],
    )
    page = open_page()
    log_in(page, base, "maya", FACTORY_PASSWORD)
    page.goto(f"{base}/interviews/{interview.pk}/")
    page.emulate_media(media="print")

    sheet = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True))).pages[0]

    assert (float(sheet.mediabox.width), float(sheet.mediabox.height)) == pytest.approx(
        (595.28, 841.89), abs=1
    )
