"""Deciding from the dashboard, in Chromium: how sure (thin evidence, conflicts), why (one line each),
then a decision against the evidence, confirmed on the candidate's page, back on the dashboard.

On a laptop in English and on a phone in French.
"""

from __future__ import annotations

from typing import Any

import pytest

from evaluations.decisions.models import Decision
from evaluations.scoring import QUALITY_CODES
from evaluations.shortlists import services
from tests.browser.conftest import FACTORY_PASSWORD, VARIANTS, log_in, no_horizontal_overflow
from tests.browser.test_accessibility import BLOCKING, axe_violations, report
from tests.factories import CandidateFactory, ManagerFactory, PositionFactory, ScorecardFactory

WORDS = {
    "en": {
        "thin": "thin evidence",
        "conflict": "below a bar, yet a majority of yes",
        "strengths": "Strengths:",
        "confirm": "This decision goes against the evidence:",
        "recorded": "Decision recorded",
        "against": "against the evidence",
        "offer": "Offer",
    },
    "fr": {
        "thin": "preuves minces",
        "conflict": "sous un seuil, mais une majorité de oui",
        "strengths": "Points forts :",
        "confirm": "Cette décision va à l'encontre des éléments :",
        "recorded": "Décision enregistrée",
        "against": "contre les éléments",
        "offer": "Offre",
    },
}


@pytest.mark.parametrize(("context_args", "language"), VARIANTS)
def test_manager_reads_why_then_decides_against_the_evidence_with_confirmation(
    open_page: Any, base: str, transactional_db: Any, shot: Any, context_args: dict[str, Any], language: str
) -> None:
    words = WORDS[language]
    manager = ManagerFactory(username="maya")
    position = PositionFactory(title="Community manager")
    others = dict.fromkeys(QUALITY_CODES[1:], 4)
    # Nadia: 4 everywhere on two scorecards → 75.0. Omar: empathy 2 (under the bar of 3) and 5
    # elsewhere, with two yes → below a bar, yet a majority of yes. Ines: one scorecard → thin.
    nadia = CandidateFactory(name="Nadia Solid", position=position)
    omar = CandidateFactory(name="Omar Flagged", position=position)
    ines = CandidateFactory(name="Ines Single", position=position)
    for recommendation in ("yes", "strong_yes"):
        ScorecardFactory(candidate=nadia, values={**others, "empathy": 4}, recommendation=recommendation)
        ScorecardFactory(
            candidate=omar, values={**dict.fromkeys(others, 5), "empathy": 2}, recommendation=recommendation
        )
    ScorecardFactory(candidate=ines, values={**dict.fromkeys(others, 3), "empathy": 3})
    shortlist = services.shortlist_create(name="Finalists", owner=manager, candidates=[nadia, omar, ines])
    page = open_page(bypass_csp=True, **context_args)
    log_in(page, base, "maya", FACTORY_PASSWORD)

    page.goto(f"{base}/shortlists/{shortlist.pk}/")
    score_row = page.locator("tr.score-row")
    assert words["thin"] in score_row.inner_text()
    assert words["conflict"] in score_row.inner_text()
    why = page.locator(".why-lines")
    assert why.locator(f"#why-{omar.pk}").inner_text().count(words["strengths"]) == 1
    assert no_horizontal_overflow(page) == 0
    shot(page, "1-dashboard")
    blocking = [v for v in axe_violations(page) if v["impact"] in BLOCKING]
    assert not blocking, report({"dashboard": blocking})

    # The form under the table: Omar, an offer, a reason.
    page.select_option("#note-editor-candidate", str(omar.pk))
    page.select_option("#decision-editor-decision", "offer")
    page.fill("#decision-editor-reason", "Exceptional moderation record")
    page.locator(".decision-editor").scroll_into_view_if_needed()
    shot(page, "2-decision-form", full_page=False)
    with page.expect_navigation():
        page.click('button[formaction$="/decision/"]')

    # Against the evidence: nothing recorded yet, the candidate's page asks to confirm.
    assert page.locator("main h1").inner_text() == "Omar Flagged"
    assert words["confirm"] in page.locator("#decision-confirm").inner_text()
    assert page.locator("#id_reason").input_value() == "Exceptional moderation record"
    assert not Decision.objects.exists()
    shot(page, "3-confirm")
    with page.expect_navigation():
        page.click('button[name="confirm"]')

    # Back on the dashboard, the decision shows in its row, flagged.
    # The browser keeps the form's "#decision": on the dashboard, the decision row.
    assert page.url.endswith(f"/shortlists/{shortlist.pk}/#decision")
    assert words["recorded"] in page.locator(".alert-success, [role=alert], .messages").first.inner_text()
    decision_row = page.locator("tr.decision-row")
    assert words["offer"] in decision_row.inner_text() and words["against"] in decision_row.inner_text()
    assert Decision.objects.get(candidate=omar).contradictions == ["below_bar"]
    shot(page, "4-decided")
