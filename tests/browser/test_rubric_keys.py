"""The rubric by keyboard alone (issue 11): number keys on the focused quality, "Next unscored",
anchors folded after the first quality, and a sticky bar that never hides the focused control.
Then the read-only scorecard in one screen, and a decision confirmed against the evidence."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from evaluations.decisions.models import Decision
from evaluations.interviews import services as interview_services
from evaluations.rubric.models import Quality
from evaluations.scorecards.models import Scorecard
from evaluations.scoring import QUALITY_CODES
from tests.browser.conftest import DESKTOP, FACTORY_PASSWORD, PHONE, log_in, tab_to
from tests.browser.test_accessibility import BLOCKING, axe_violations
from tests.factories import CandidateFactory, ManagerFactory, RecruiterFactory, ScorecardFactory

WORDS = {
    "en": {"next": "Next unscored", "confirm": "Confirm and record, flagged"},
    "fr": {"next": "Prochaine qualité non notée", "confirm": "Confirmer et enregistrer, avec signalement"},
}


def _checked(page: Any, code: str) -> str | None:
    return page.evaluate(
        "c => { const r = document.querySelector(`input[name='${c}']:checked`); return r ? r.value : null; }",
        code,
    )


def _focused_quality(page: Any) -> str | None:
    return page.evaluate(
        "() => { const f = document.activeElement.closest('fieldset[data-quality]');"
        " return f ? f.dataset.quality : null; }"
    )


def _hidden_by_bar(page: Any) -> bool:
    """Whether the focused control is out of view, or the sticky bar covers any part of it."""
    return page.evaluate(
        """() => {
          const bar = document.querySelector('.action-bar').getBoundingClientRect();
          const focused = document.activeElement;
          // A radio is drawn by its label: the input itself is visually hidden.
          const shown = focused.type === 'radio' && focused.labels.length ? focused.labels[0] : focused;
          const el = shown.getBoundingClientRect();
          return el.top < 0 || el.bottom > window.innerHeight || (el.bottom > bar.top && el.top < bar.bottom);
        }"""
    )


@pytest.mark.parametrize(
    ("language", "viewport"), [("en", DESKTOP), ("fr", PHONE)], ids=["en-laptop", "fr-phone"]
)
def test_rubric_keys_score_the_focused_quality_keyboard_only(open_page, base, shot, language, viewport):
    recruiter = RecruiterFactory(username="rita")
    candidate = CandidateFactory(name="Alice Martin")
    page = open_page(bypass_csp=True, viewport=viewport, locale="fr-FR" if language == "fr" else "en-GB")
    log_in(page, base, recruiter.username, FACTORY_PASSWORD)
    page.goto(f"{base}/candidates/{candidate.pk}/scorecard/")
    # Anchors: open on the first quality, folded (one tap away) on the others.
    assert page.locator("#quality-empathy details.anchors-fold").get_attribute("open") is not None
    assert page.locator("#quality-adaptability details.anchors-fold").get_attribute("open") is None
    shot(page, "start", full_page=False)

    # On load the focus is on the first unscored quality: a digit scores it and moves on.
    assert _focused_quality(page) == "empathy"
    page.keyboard.press("4")
    assert _checked(page, "empathy") == "4"
    assert page.locator(".js-scored-count").inner_text() == "1"
    assert _focused_quality(page) == "adaptability"
    assert not _hidden_by_bar(page)

    # Typing in the evidence note is text, never a score.
    tab_to(page, "#id_empathy_evidence", key="Shift+Tab")
    page.keyboard.type("Said 3 members felt unheard")
    assert _checked(page, "empathy") == "4"
    assert page.input_value("#id_empathy_evidence") == "Said 3 members felt unheard"

    # "Next unscored" goes to adaptability; 0 marks it not assessed (still unscored) and moves on.
    tab_to(page, ".js-next-unscored")
    assert page.locator(".js-next-unscored").inner_text() == WORDS[language]["next"]
    page.keyboard.press("Enter")
    assert _focused_quality(page) == "adaptability"
    assert not _hidden_by_bar(page)
    page.keyboard.press("0")
    assert _checked(page, "adaptability") == ""
    assert page.locator(".js-scored-count").inner_text() == "1"
    assert _focused_quality(page) == "creativity"
    page.keyboard.press("5")
    assert _checked(page, "creativity") == "5"
    assert page.locator(".js-scored-count").inner_text() == "2"
    # Enter on a choice saves nothing by surprise: the page stays, unsaved.
    page.keyboard.press("Enter")
    assert not Scorecard.objects.filter(candidate=candidate).exists()

    # The folded anchors of a later quality open from the keyboard.
    tab_to(page, "#quality-teamwork summary")
    page.keyboard.press("Enter")
    assert page.locator("#quality-teamwork details.anchors-fold").get_attribute("open") is not None
    shot(page, "keys", full_page=False)

    # Saved through the form as a click would be: the server has what the keys chose.
    tab_to(page, 'button[name="action"][value="save"]')
    with page.expect_navigation():
        page.keyboard.press("Enter")
    card = Scorecard.objects.get(candidate=candidate, interviewer=recruiter)
    values = {s.quality.code: s.value for s in card.scores.select_related("quality")}
    assert (values["empathy"], values["adaptability"], values["creativity"]) == (4, None, 5)

    violations = [v for v in axe_violations(page) if v["impact"] in BLOCKING]
    assert not violations, violations


def test_rubric_read_only_shows_eleven_scores_and_evidence_in_one_screen(open_page, base, shot):
    recruiter = RecruiterFactory(username="rita")
    candidate = CandidateFactory(name="Alice Martin")
    ScorecardFactory(
        candidate=candidate,
        interviewer=recruiter,
        values={"empathy": 4, "teamwork": 3, "analysis": 2},
        values__evidence={
            "empathy": "Named the fear behind an angry thread and answered it.",
            "analysis": "Read engagement numbers without asking what moved them.",
        },
    )
    page = open_page(bypass_csp=True)
    log_in(page, base, recruiter.username, FACTORY_PASSWORD)
    page.goto(f"{base}/candidates/{candidate.pk}/scorecard/")
    table = page.locator(".readonly-scorecard")
    assert table.locator("tbody tr").count() == 11
    assert page.locator(".readonly-scorecard details[open]").count() == 0
    # The last row ends within the first laptop screen, header and breadcrumb included.
    last = table.locator("tbody tr").last.bounding_box()
    assert last["y"] + last["height"] <= DESKTOP["height"], last
    assert "Named the fear" in table.inner_text()
    shot(page, "read-only", full_page=False)
    violations = [v for v in axe_violations(page) if v["impact"] in BLOCKING]
    assert not violations, violations


def test_decision_against_the_evidence_is_confirmed_then_recorded(open_page, base, shot):
    manager = ManagerFactory(username="maya")
    candidate = CandidateFactory(name="Chloé Durand")
    ScorecardFactory(candidate=candidate, values={"empathy": 2}, recommendation="yes")
    page = open_page(bypass_csp=True)
    log_in(page, base, manager.username, FACTORY_PASSWORD)
    page.goto(f"{base}/candidates/{candidate.pk}/")
    page.select_option("#id_decision", "offer")
    page.fill("#id_reason", "Coaching on empathy planned.")
    with page.expect_navigation():
        page.click(".decision-form button[type=submit]")
    assert page.locator("#decision-confirm").is_visible()
    assert "Empathy" in page.locator("#decision-confirm").inner_text()
    assert not Decision.objects.exists()
    shot(page, "confirm", full_page=False)
    violations = [v for v in axe_violations(page) if v["impact"] in BLOCKING]
    assert not violations, violations
    with page.expect_navigation():
        page.click("text=" + WORDS["en"]["confirm"])
    record = Decision.objects.get()
    assert (record.to_status, record.flagged) == ("offer", True)
    assert "Coaching on empathy planned." in page.locator(".latest-decision").inner_text()
    shot(page, "recorded", full_page=False)


@pytest.mark.parametrize(
    ("language", "viewport"), [("en", DESKTOP), ("fr", PHONE)], ids=["en-laptop", "fr-phone"]
)
def test_workspace_complete_card_in_thirteen_keys(open_page, base, shot, language, viewport):
    """From the workspace's load to a submitted card: eleven digits, one for the recommendation,
    Ctrl+Enter (DESIGN.md). The interview's focus qualities come first."""
    recruiter = RecruiterFactory(username="rita")
    candidate = CandidateFactory(name="Alice Martin")
    interview = interview_services.interview_schedule(
        candidate=candidate,
        actor=recruiter,
        title="Case study",
        starts_at=timezone.now() - datetime.timedelta(hours=2),
        duration_minutes=45,
        location="",
        panel=[recruiter],
        focus=list(Quality.objects.filter(code__in=["analysis", "teamwork"])),
    )
    page = open_page(bypass_csp=True, viewport=viewport, locale="fr-FR" if language == "fr" else "en-GB")
    log_in(page, base, recruiter.username, FACTORY_PASSWORD)
    page.goto(f"{base}/interviews/{interview.pk}/scorecard/")
    order = page.eval_on_selector_all("fieldset[data-quality]", "all => all.map(f => f.dataset.quality)")
    assert order[:3] == ["empathy", "analysis", "teamwork"]
    assert sorted(order) == sorted(QUALITY_CODES)

    keys = ["4", "3", "5", "2", "4", "3", "0", "4", "5", "3", "4", "3", "Control+Enter"]
    for key in keys[:-1]:
        page.keyboard.press(key)
        assert not _hidden_by_bar(page), key
    assert page.evaluate("() => document.activeElement.name") == "recommendation"
    with page.expect_navigation():
        page.keyboard.press(keys[-1])
    assert page.url == f"{base}/candidates/{candidate.pk}/"

    card = Scorecard.objects.get(interview=interview, interviewer=recruiter)
    assert card.is_submitted and card.recommendation == "yes"
    values = {s.quality.code: s.value for s in card.scores.select_related("quality")}
    assert [values[code] for code in order] == [4, 3, 5, 2, 4, 3, None, 4, 5, 3, 4]
    shot(page, "submitted", full_page=False)


def test_workspace_ctrl_enter_shows_what_is_missing(open_page, base):
    recruiter = RecruiterFactory(username="rita")
    candidate = CandidateFactory(name="Alice Martin")
    page = open_page(bypass_csp=True)
    log_in(page, base, recruiter.username, FACTORY_PASSWORD)
    page.goto(f"{base}/candidates/{candidate.pk}/scorecard/")
    # Typing in a note takes digits as text; Ctrl+Enter from there asks to submit.
    tab_to(page, "#id_empathy_evidence")
    page.keyboard.type("4 examples")
    with page.expect_navigation():
        page.keyboard.press("Control+Enter")
    assert page.locator("#form-errors").is_visible()
    assert page.input_value("#id_empathy_evidence") == "4 examples"
    assert not Scorecard.objects.filter(candidate=candidate, status="submitted").exists()
