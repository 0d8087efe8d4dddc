"""The dashboard's live what-if, keyboard only: the ranking changes without a page load.

The scenario is test_dashboard's (worked out by hand there): stored weights rank Bruno Petit,
Chloé Durand, Ana Moreau; empathy at 2 instead of 3 puts Chloé first (78.1 against Bruno's 75.0).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import FACTORY_PASSWORD, VARIANTS, log_in, tab_to
from tests.browser.test_accessibility import BLOCKING, axe_violations
from tests.shortlists.test_dashboard import build_scenario

TEXTS = {
    "en": {
        "range": "from 1 to 1",
        "stored_range": "from 1 to 2",
        "updated": "Ranking updated: Chloé Durand first",
        "refused": "Empathy must weigh strictly more than every other quality",
    },
    "fr": {
        "range": "de 1 à 1",
        "stored_range": "de 1 à 2",
        "updated": "Classement mis à jour : Chloé Durand en tête",
        "refused": "L'empathie doit peser strictement plus que chacune des autres qualités",
    },
}
STORED = ["Bruno Petit", "Chloé Durand", "Ana Moreau"]
TRIAL = ["Chloé Durand", "Bruno Petit", "Ana Moreau"]


def _heads(page: Any) -> Any:
    return page.locator("#dashboard-body th[data-candidate] a")


def _shoot_form(page: Any, full: Any, step: str) -> None:
    """The full page, and the what-if card alone (legible where the full page is too tall to read)."""
    path = full(page, step)
    page.locator("#whatif").screenshot(path=str(path).replace(".png", "-form.png"))


@pytest.mark.parametrize(("context_args", "language"), VARIANTS)
def test_whatif_keyboard_reranks_in_place_and_back_to_stored(
    open_page: Any, base: str, shot: Any, context_args: dict[str, Any], language: str
) -> None:
    scenario = build_scenario()
    path = reverse("evaluations:shortlist-detail", args=[scenario["shortlist"].pk])
    # CSP forbids injected scripts; this context ignores it, to load axe-core after the swap.
    page = open_page(**context_args, bypass_csp=True)
    log_in(page, base, "maya", FACTORY_PASSWORD)
    page.goto(base + path)
    expect(_heads(page)).to_have_text(STORED)
    page.evaluate("() => { window.cmqMarker = 'same page'; }")
    texts = TEXTS[language]

    # Keyboard only: Tab to the folded what-if above the table, open it, Tab to empathy's weight,
    # replace 3 by 2.
    tab_to(page, "#whatif > summary")
    page.keyboard.press("Enter")
    assert page.locator("#id_w_teamwork_helptext").inner_text() == texts["stored_range"]
    tab_to(page, "#id_w_empathy")
    page.keyboard.press("Control+A")
    page.keyboard.type("2")
    expect(_heads(page)).to_have_text(TRIAL)
    expect(page.locator("#whatif-status")).to_have_text(texts["updated"])
    assert page.evaluate("() => window.cmqMarker") == "same page", "the page was loaded again"
    assert page.evaluate("() => document.activeElement.id") == "id_w_empathy"
    assert re.search(r"[?&]w_empathy=2(&|$)", page.url) and "fragment" not in page.url
    # Empathy at 2: every other quality from 1 to 1; the attributes follow.
    expect(page.locator("#id_w_teamwork_helptext")).to_have_text(texts["range"])
    assert page.locator("#id_w_teamwork").get_attribute("max") == "1"
    expect(page.locator("#dashboard-body .weighted-score").first).to_have_text(
        "78.1" if language == "en" else "78,1"
    )
    _shoot_form(page, shot, "1-trial")
    found = axe_violations(page)
    assert [v for v in found if v["impact"] in BLOCKING] == []

    # Empathy at 1 ties every other weight: refused, the reason beside the form, the table kept.
    page.keyboard.press("Control+A")
    page.keyboard.type("1")
    expect(page.locator("#whatif-errors .alert")).to_be_visible()
    expect(page.locator("#whatif-errors")).to_contain_text(texts["refused"])
    expect(_heads(page)).to_have_text(TRIAL)
    assert re.search(r"[?&]w_empathy=2(&|$)", page.url)
    _shoot_form(page, shot, "2-refused")

    # "Back to the stored weights", by keyboard: the stored ranking, in place.
    tab_to(page, "#whatif-form .js-whatif-reset")
    page.keyboard.press("Enter")
    expect(_heads(page)).to_have_text(STORED)
    expect(page.locator("#whatif-errors")).to_be_empty()
    assert page.locator("#id_w_empathy").input_value() == "3"
    expect(page.locator("#id_w_teamwork_helptext")).to_have_text(texts["stored_range"])
    assert page.evaluate("() => window.cmqMarker") == "same page"
    assert "w_empathy" not in page.url
    assert page.evaluate("() => document.activeElement.matches('#whatif-form .js-whatif-reset')")
    _shoot_form(page, shot, "3-stored")


@pytest.mark.parametrize(("context_args", "language"), VARIANTS)
def test_whatif_without_script_reranks_by_reloading(
    open_page: Any, base: str, shot: Any, context_args: dict[str, Any], language: str
) -> None:
    scenario = build_scenario()
    path = reverse("evaluations:shortlist-detail", args=[scenario["shortlist"].pk])
    page = open_page(**context_args, java_script_enabled=False)
    log_in(page, base, "maya", FACTORY_PASSWORD)
    page.goto(base + path)

    page.locator("#whatif > summary").click()
    page.fill("#id_w_empathy", "2")
    with page.expect_navigation():
        page.locator("#whatif-form button[type=submit]").click()
    expect(_heads(page)).to_have_text(TRIAL)
    assert re.search(r"[?&]w_empathy=2(&|$)", page.url)
    expect(page.locator("#id_w_teamwork_helptext")).to_have_text(TEXTS[language]["range"])
    _shoot_form(page, shot, "1-trial")

    with page.expect_navigation():
        page.locator("#whatif-form .js-whatif-reset").click()
    expect(_heads(page)).to_have_text(STORED)
    assert "w_empathy" not in page.url
