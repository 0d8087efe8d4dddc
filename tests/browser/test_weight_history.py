"""Weights as visible history, in a browser: the dashboard's folded line, its list (on screen once
unfolded, in print always) and the rubric page's words after a change, in English and French."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model

from evaluations.rubric import services
from evaluations.rubric.models import Quality
from evaluations.shortlists.models import Shortlist
from tests.browser.conftest import AXE, DEMO_PASSWORD, log_in
from tests.browser.test_accessibility import BLOCKING, axe_violations, report


def _change_weights() -> None:
    admin = get_user_model().objects.get(username="admin")
    admin.first_name, admin.last_name = "Ada", "Lovelace"
    admin.save()
    analysis = Quality.objects.get(code="analysis")
    services.quality_update(
        quality=analysis, actor=admin, reason="The role reports on community data", weight=2
    )
    empathy = Quality.objects.get(code="empathy")
    services.quality_update(quality=empathy, actor=admin, reason="Moderation-heavy community", minimum=4)


@pytest.mark.parametrize(("locale", "language"), [("en-GB", "en"), ("fr-FR", "fr")])
def test_weight_history_dashboard_unfolds_and_prints(
    open_page: Any, base: str, seeded: None, shot: Any, locale: str, language: str
) -> None:
    _change_weights()
    shortlist = Shortlist.objects.get(name="Demo shortlist")
    page = open_page(locale=locale, bypass_csp=True)
    log_in(page, base, "manager", DEMO_PASSWORD)
    page.goto(f"{base}/shortlists/{shortlist.pk}/")

    changes = page.locator("details.weight-changes")
    items = changes.locator("li")
    assert changes.count() == 1
    assert items.count() == 2
    assert not items.first.is_visible()
    summary = changes.locator("summary").inner_text()
    assert "Ada Lovelace" in summary
    assert (
        "2 changes of weights or bars" if language == "en" else "2 changements de poids ou de seuils"
    ) in summary
    shot(page, "folded", full_page=False)

    changes.locator("summary").click()
    assert items.first.is_visible()
    assert "Moderation-heavy community" in items.first.inner_text()  # newest first
    assert "The role reports on community data" in items.nth(1).inner_text()
    found = {"dashboard": axe_violations(page)}
    shot(page, "unfolded", full_page=False)

    # Printed, the list shows though the line is folded on screen.
    page.reload()
    page.emulate_media(media="print")
    assert not changes.evaluate("e => e.open")
    assert items.first.is_visible() and items.nth(1).is_visible()
    shot(page, "print")
    pdf = page.pdf(format="A4", landscape=True)
    assert pdf.startswith(b"%PDF")
    page.emulate_media(media="screen")

    page.goto(f"{base}/qualities/")
    weights = page.locator(".weights-text").inner_text()
    outdated = page.locator(".rationale-outdated")
    if language == "en":
        assert weights.startswith(
            "Empathy weighs 3. Analysis weighs 2. The other nine qualities weigh 1 each."
        )
        assert "Written before the weights or bars last changed" in outdated.inner_text()
    else:
        assert weights.startswith(
            "Empathie pèse 3. Analyse pèse 2. Les neuf autres qualités pèsent 1 chacune."
        )
        assert "Rédigé avant le dernier changement des poids ou des seuils" in outdated.inner_text()
    found["rubric"] = axe_violations(page)
    shot(page, "rubric", full_page=False)

    blocking = {name: [v for v in found_on if v["impact"] in BLOCKING] for name, found_on in found.items()}
    assert not any(blocking.values()), "\n" + report(blocking)
    assert AXE.exists()
