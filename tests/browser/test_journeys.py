"""The two main journeys, on a laptop in English and on a phone in French, and session expiry."""

from __future__ import annotations

import csv
import io
import itertools
from pathlib import Path
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from openpyxl import load_workbook

from evaluations.candidates.models import Candidate
from evaluations.scorecards.models import Score, Scorecard
from evaluations.scoring import QUALITY_CODES
from tests.browser.conftest import (
    DEMO_PASSWORD,
    FACTORY_PASSWORD,
    VARIANTS,
    log_in,
    no_horizontal_overflow,
    sideways_scroll,
    tab_to,
)
from tests.factories import CandidateFactory, ManagerFactory, PositionFactory, ScorecardFactory

# What the recruiter keys in: (quality, score or None for "not assessed", evidence).
RUBRIC_INPUT = [
    ("empathy", 4, "Restated the angry member's frustration before offering a fix."),
    ("adaptability", 3, ""),
    ("creativity", 5, "Pitched two original campaign ideas on the spot."),
    ("communication", 4, ""),
    ("technical_knowledge", 2, "Has not used an analytics tool."),
    ("curiosity", None, ""),
    ("organization", 3, ""),
    ("problem_solving", 4, ""),
    ("analysis", 3, ""),
    ("teamwork", 4, ""),
    ("proactivity", 5, "Wrote a FAQ before the launch."),
]
NOTES = "Strong on moderation; check references."
CSV_HEADER = [
    "rank", "candidate", "email", "position", "scorecards", "weighted_score", "coverage",
    "empathy", "adaptability", "creativity", "communication", "technical_knowledge", "curiosity",
    "organization", "problem_solving", "analysis", "teamwork", "proactivity",
    "strong_no", "no", "yes", "strong_yes", "below_bar",
]  # fmt: skip


def check_language(page: Any, language: str) -> None:
    """Logged in, on /todo/ (the home page), then on the candidate list: the browser's language."""
    assert page.url.endswith("/todo/")
    open_menu_link(page, "/candidates/")
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("#language-select").input_value() == language
    candidates = {"en": "Candidates", "fr": "Candidats"}[language]
    assert page.locator("main h1").inner_text() == candidates
    assert page.locator('#main-nav a[href="/candidates/"]').text_content().strip() == candidates


def open_menu_link(page: Any, href: str) -> None:
    """Follow a main navigation link, opening the collapsed menu first on a phone."""
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible():
        toggler.click()
        # Clicked while the menu still unfolds, the link may move under the pointer: wait until
        # the collapse has finished (Bootstrap adds .show at the end of its transition).
        page.locator("#main-nav.show").wait_for()
    link = page.locator(f'#main-nav a[href="{href}"]')
    link.wait_for(state="visible")
    with page.expect_navigation():
        link.click()


def action_bar_in_view(page: Any) -> bool:
    return page.evaluate(
        """() => {
          const box = document.querySelector('button[name=action][value=save]').getBoundingClientRect();
          return box.top >= 0 && box.bottom <= window.innerHeight;
        }"""
    )


@pytest.mark.parametrize(("context_args", "language"), VARIANTS)
def test_recruiter_scores_with_keyboard_kept_then_submitted_read_only(
    open_page: Any, base: str, seeded: None, shot: Any, context_args: dict[str, Any], language: str
) -> None:
    # seed_demo: recruiter3 skips candidate 1 ((1 + 2) % 4 == 3) while recruiter and recruiter2
    # submitted theirs, so two other scorecards appear once recruiter3 submits.
    candidate = Candidate.objects.order_by("pk").first()
    others = Scorecard.objects.filter(candidate=candidate, status="submitted").count()
    assert others == 2
    page = open_page(**context_args)

    log_in(page, base, "recruiter3", DEMO_PASSWORD)
    check_language(page, language)
    shot(page, "1-list")
    page.fill("#filter-q", candidate.name.split()[-1])
    with page.expect_navigation():
        page.press("#filter-q", "Enter")
    assert page.locator(".candidate-table tbody tr").count() >= 1
    with page.expect_navigation():
        page.get_by_role("link", name=candidate.name, exact=True).first.click()
    assert page.locator(".blind-notice").is_visible()
    shot(page, "2-candidate-blind")
    with page.expect_navigation():
        page.click(f'main a[href="/candidates/{candidate.pk}/scorecard/"]')

    # Keyboard only from here: the page opens with the focus on the first unscored quality
    # (the skip link is one Shift+Tab before the page's content), then Tab, arrow keys, Space
    # and typing.
    assert page.evaluate("() => document.activeElement.name") == "empathy"
    for code, value, evidence in RUBRIC_INPUT:
        assert page.evaluate("() => document.activeElement.name") == code
        if value is None:
            page.keyboard.press("Space")  # "not assessed" is the checked first choice
        else:
            for _ in range(value):  # from "not assessed", each arrow press moves one score up
                page.keyboard.press("ArrowRight")
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.activeElement.name") == f"{code}_evidence"
        page.keyboard.type(evidence)
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.tagName") == "SUMMARY":
            page.keyboard.press("Tab")  # the next quality's folded anchors, one Tab away
        if code == "empathy":
            assert action_bar_in_view(page), "the action bar should stay on screen while scoring"
    # The recommendation group starts on its checked empty choice, "no recommendation yet";
    # each arrow press moves one along: strong no, no, yes.
    assert page.evaluate("() => document.activeElement.name") == "recommendation"
    assert page.evaluate("() => document.activeElement.value") == ""
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    page.keyboard.press("Tab")
    page.keyboard.type(NOTES)
    # 11 qualities, curiosity left "not assessed": 10 scored.
    assert page.locator(".js-scored-count").inner_text() == "10"
    shot(page, "3-rubric-filled")
    tab_to(page, "button[name=action][value=save]")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    page.reload()
    for code, value, evidence in RUBRIC_INPUT:
        assert page.locator(f"input[name={code}]:checked").get_attribute("value") == (
            "" if value is None else str(value)
        )
        assert page.locator(f"#id_{code}_evidence").input_value() == evidence
    assert page.locator("input[name=recommendation]:checked").get_attribute("value") == "yes"
    assert page.locator("#id_notes").input_value() == NOTES
    assert page.locator(".js-restored").count() == 0
    shot(page, "4-draft-reloaded")

    tab_to(page, "button[name=action][value=submit]", limit=120)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(f"/candidates/{candidate.pk}/")
    # Own scorecard plus the two others', now visible.
    assert page.locator("section[aria-labelledby=cards-heading] li").count() == others + 1
    assert page.locator("#means-heading").is_visible()
    shot(page, "5-candidate-after-submit")

    with page.expect_navigation():
        page.click(f'main a[href="/candidates/{candidate.pk}/scorecard/"]')
    assert page.locator("#rubric-form.is-read-only").count() == 1
    assert page.locator("#rubric-form input[type=radio]").count() == 0
    assert page.locator("#quality-empathy .score-pill").inner_text() == "4"
    assert no_horizontal_overflow(page) == 0
    shot(page, "6-read-only")


@pytest.mark.parametrize(("context_args", "language"), VARIANTS)
def test_manager_shortlists_reranks_with_whatif_and_exports_csv_and_excel(
    open_page: Any, base: str, transactional_db: Any, shot: Any, context_args: dict[str, Any], language: str
) -> None:
    ManagerFactory(username="maya")
    position = PositionFactory(title="Community manager")
    others = dict.fromkeys(QUALITY_CODES[1:], 3)  # every quality but empathy
    # Stored weights (empathy 3, others 1, total 13):
    #   Amandine (empathy 4, rest 3): (12 + 30) / 13 = 3.231 → 25 × 2.231 = 55.8
    #   Bastien (empathy 3, adaptability 5, rest 3): (9 + 5 + 27) / 13 = 3.154 → 53.8
    # What-if adaptability 2 (total 14): Amandine (12 + 6 + 27) / 14 = 3.214; Bastien (9 + 10 + 27) / 14
    # = 3.286, so Bastien moves first. Chloé (all 2) stays last either way.
    amandine = CandidateFactory(name="Amandine Petit", position=position)
    bastien = CandidateFactory(name="Bastien Roche", position=position)
    chloe = CandidateFactory(name="Chloé Martin", position=position)
    ScorecardFactory(candidate=amandine, values={**others, "empathy": 4})
    ScorecardFactory(candidate=bastien, values={**others, "empathy": 3, "adaptability": 5})
    ScorecardFactory(candidate=chloe, values={code: 2 for code in [*others, "empathy"]})
    page = open_page(**context_args)

    log_in(page, base, "maya", FACTORY_PASSWORD)
    check_language(page, language)
    # Every column of the list, the scores included, shows without scrolling it sideways.
    assert sideways_scroll(page, ".table-responsive:has(.candidate-table)") == 0
    for person in (amandine, bastien, chloe):
        page.check(f"#select-{person.pk}")
    assert page.locator(".js-selected-count").inner_text() == "(3)"
    page.fill("#id_new_name", "Spring finalists")
    shot(page, "1-selected")
    with page.expect_navigation():
        page.click("#shortlist-form button[type=submit]")
    assert page.locator("h1").inner_text() == "Spring finalists"

    open_menu_link(page, "/shortlists/")
    shot(page, "2-shortlists")
    with page.expect_navigation():
        page.get_by_role("link", name="Spring finalists", exact=True).click()
    heads = page.locator("th[data-candidate] a")
    assert heads.all_inner_texts() == ["Amandine Petit", "Bastien Roche", "Chloé Martin"]
    shot(page, "3-dashboard")
    assert no_horizontal_overflow(page) == 0

    page.locator("#whatif > summary").click()  # folded above the table until asked for
    page.fill("#id_w_adaptability", "2")
    page.press("#id_w_adaptability", "Tab")
    page.wait_for_url("**w_adaptability=2**")
    assert heads.first.inner_text() == "Bastien Roche"
    shot(page, "4-whatif")

    with page.expect_download() as info:
        page.click('a[href$="export.csv"]')
    with open(info.value.path(), encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == CSV_HEADER
    # The export follows the stored weights, not the trial ones.
    assert [row[1] for row in rows[1:]] == ["Amandine Petit", "Bastien Roche", "Chloé Martin"]

    # The same rows as a workbook, for the manager who lives in Excel, the header in their language.
    with page.expect_download() as info:
        page.click('a[href$="export.xlsx"]')
    assert info.value.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(Path(info.value.path()).read_bytes())).worksheets[0]
    # The table, down to the empty row above the note that says which weights ranked it.
    workbook_rows = list(itertools.takewhile(any, (list(row) for row in sheet.iter_rows(values_only=True))))
    assert sheet.auto_filter.ref.startswith("A1:")
    assert [row[1] for row in workbook_rows[1:]] == ["Amandine Petit", "Bastien Roche", "Chloé Martin"]
    assert workbook_rows[0][1] == ("Candidat" if language == "fr" else "Candidate")


def test_rubric_session_expired_keeps_input_and_restores_after_login(
    page: Any, base: str, seeded: None, shot: Any
) -> None:
    candidate = Candidate.objects.order_by("pk").first()
    rubric = f"/candidates/{candidate.pk}/scorecard/"
    log_in(page, base, "recruiter3", DEMO_PASSWORD)
    page.goto(base + rubric)
    page.click("label[for=id_empathy_4]")
    page.fill("#id_empathy_evidence", "Calmed an angry member first.")
    page.wait_for_function("() => document.querySelector('.js-autosave-status').textContent !== ''")
    own = {"scorecard__candidate": candidate, "scorecard__interviewer__username": "recruiter3"}
    assert Score.objects.get(**own, quality__code="empathy").value == 4

    Session.objects.all().delete()
    typed = "Typed after the session ended."
    page.click("label[for=id_adaptability_5]")
    page.fill("#id_adaptability_evidence", typed)
    login_again = page.locator(".js-login-again")
    login_again.wait_for(timeout=10_000)
    shot(page, "1-expired")

    with page.expect_navigation():
        login_again.click()
    assert "/accounts/login/" in page.url
    page.fill("#id_username", "recruiter3")
    page.fill("#id_password", DEMO_PASSWORD)
    with page.expect_navigation():
        page.press("#id_password", "Enter")
    assert page.url == base + rubric
    assert page.locator(".js-restored").is_visible()
    assert page.locator("#id_adaptability_evidence").input_value() == typed
    assert page.locator("input[name=adaptability]:checked").get_attribute("value") == "5"
    assert page.locator("input[name=empathy]:checked").get_attribute("value") == "4"
    shot(page, "2-restored")

    with page.expect_navigation():
        page.click("button[name=action][value=save]")
    saved = Score.objects.get(**own, quality__code="adaptability")
    assert (saved.value, saved.evidence) == (5, typed)
    assert page.locator(".js-restored").count() == 0
