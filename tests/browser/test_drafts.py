"""The rubric's copy kept in the browser: never over newer work, never readable by someone else.

One recruiter on two devices (two browser contexts), a hiring manager reopening the card in
between; then a logout, and a shared browser where another person logs in.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.sessions.models import Session

from evaluations.scorecards import services
from evaluations.scorecards.models import Scorecard
from tests.browser.conftest import FACTORY_PASSWORD, PHONE, log_in
from tests.factories import CandidateFactory, ManagerFactory, RecruiterFactory

STORED = """() => {
  const all = {};
  for (const store of [localStorage, sessionStorage]) {
    for (let i = 0; i < store.length; i += 1) { all[store.key(i)] = store.getItem(store.key(i)); }
  }
  return all;
}"""


def stored(page: Any) -> dict[str, str]:
    return page.evaluate(STORED)


def wait_for_copy(page: Any) -> dict[str, str]:
    page.wait_for_function("() => Object.keys(localStorage).some(k => k.startsWith('cmq-draft:'))")
    return stored(page)


def saved(card: Scorecard) -> dict[str, Any]:
    card.refresh_from_db()
    scores = {s.quality.code: (s.value, s.evidence) for s in card.scores.select_related("quality")}
    return {
        "empathy": scores["empathy"],
        "teamwork": scores["teamwork"][0],
        "notes": card.notes,
        "status": card.status,
    }


def log_out(page: Any) -> None:
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible():
        toggler.click()
        # Clicked while the menu still unfolds, the button may move under the pointer.
        page.locator("#main-nav.show").wait_for()
    page.click("#user-menu-button")  # the user's menu holds "Log out"
    with page.expect_navigation():
        page.click("form.js-logout button")
    assert "/accounts/login/" in page.url


@pytest.fixture
def people(transactional_db: Any) -> dict[str, Any]:
    return {
        "rita": RecruiterFactory(username="rita"),
        "oscar": RecruiterFactory(username="oscar"),
        "maya": ManagerFactory(username="maya"),
        "candidate": CandidateFactory(name="Chloé Candidate"),
    }


@pytest.mark.parametrize("choice", ["keep-saved", "use-local"])
def test_two_devices_reopen_kept_copy_never_overwrites_newer_draft_and_logout_leaves_nothing(
    open_page: Any, base: str, people: dict[str, Any], shot: Any, choice: str
) -> None:
    rubric = f"{base}/candidates/{people['candidate'].pk}/scorecard/"
    laptop = open_page()
    log_in(laptop, base, "rita", FACTORY_PASSWORD)
    laptop.goto(rubric)
    laptop.click("label[for=id_empathy_3]")
    laptop.fill("#id_empathy_evidence", "Laptop: candidate seemed cold")
    laptop.click("label[for=id_teamwork_3]")
    laptop.click("label[for=id_recommendation_3]")  # yes
    laptop.fill("#id_notes", "Laptop notes")
    with laptop.expect_navigation():
        laptop.click("button[name=action][value=submit]")
    card = Scorecard.objects.get(candidate=people["candidate"], interviewer=people["rita"])
    assert card.status == Scorecard.Status.SUBMITTED
    # The server holds the submitted card: this browser keeps nothing of it.
    assert stored(laptop) == {}

    services.scorecard_reopen(scorecard=card, actor=people["maya"], reason="Empathy evidence is thin")

    # The laptop opens the reopened card and types while offline: a copy is kept, based on that version.
    laptop.goto(rubric)
    laptop.context.set_offline(True)
    laptop.click("label[for=id_empathy_2]")
    laptop.fill("#id_empathy_evidence", "Laptop, offline: an older thought")
    copy = wait_for_copy(laptop)
    assert "older thought" not in "".join(copy.values())  # stored encrypted

    phone = open_page(viewport=PHONE, is_mobile=True, has_touch=True)
    log_in(phone, base, "rita", FACTORY_PASSWORD)
    phone.goto(rubric)
    phone.click("label[for=id_empathy_5]")
    phone.fill("#id_empathy_evidence", "Phone: warm, restated the member's worry")
    phone.click("label[for=id_teamwork_4]")
    phone.fill("#id_notes", "Phone notes")
    with phone.expect_navigation():
        phone.click("button[name=action][value=save]")
    newest = {
        "empathy": (5, "Phone: warm, restated the member's worry"),
        "teamwork": 4,
        "notes": "Phone notes",
        "status": "draft",
    }
    assert saved(card) == newest

    # Back on the laptop: the saved version shows, the kept copy is offered beside it, and
    # nothing is written until the user chooses, whatever the autosave's period.
    laptop.context.set_offline(False)
    laptop.reload()
    panel = laptop.locator(".js-draft-choice")
    panel.wait_for()
    assert laptop.locator("input[name=empathy]:checked").get_attribute("value") == "5"
    assert laptop.locator("#id_empathy_evidence").input_value() == newest["empathy"][1]
    rows = {
        row.get_attribute("data-field"): (
            row.locator(".js-local").inner_text(),
            row.locator(".js-server").inner_text(),
        )
        for row in panel.locator("tbody tr").all()
    }
    assert rows["empathy_evidence"] == ("Laptop, offline: an older thought", newest["empathy"][1])
    assert rows["empathy"][0].startswith("2") and rows["empathy"][1].startswith("5")
    laptop.wait_for_timeout(5_000)  # more than two autosave periods
    assert saved(card) == newest
    panel.scroll_into_view_if_needed()
    shot(laptop, "1-choice", full_page=False)

    if choice == "keep-saved":
        laptop.click(".js-keep-server")
        assert stored(laptop) == {}
        laptop.fill("#id_notes", "Phone notes, read on the laptop")
        laptop.wait_for_function(
            "() => /\\d/.test(document.querySelector('.js-autosave-status').textContent)"
        )
        assert saved(card) == {**newest, "notes": "Phone notes, read on the laptop"}
    else:
        laptop.click(".js-use-local")
        assert laptop.locator("#id_empathy_evidence").input_value() == "Laptop, offline: an older thought"
        laptop.wait_for_function(
            "() => /\\d/.test(document.querySelector('.js-autosave-status').textContent)"
        )
        # Chosen, having seen both: the laptop's input is saved over the phone's.
        assert saved(card)["empathy"] == (2, "Laptop, offline: an older thought")
    shot(laptop, "2-chosen")

    laptop.fill("#id_notes", "Typed just before logging out")
    wait_for_copy(laptop)
    log_out(laptop)
    assert stored(laptop) == {}
    log_out(phone)
    assert stored(phone) == {}


def test_shared_browser_expired_copy_is_unreadable_to_another_user_and_returns_to_its_author(
    open_page: Any, base: str, people: dict[str, Any], shot: Any
) -> None:
    rubric = f"{base}/candidates/{people['candidate'].pk}/scorecard/"
    page = open_page()
    log_in(page, base, "rita", FACTORY_PASSWORD)
    page.goto(rubric)
    Session.objects.all().delete()  # the session expires while Rita types
    secret = "Candidate seemed cold with the angry member"
    page.click("label[for=id_empathy_2]")
    page.fill("#id_empathy_evidence", secret)
    page.locator(".js-login-again").wait_for(timeout=10_000)
    copy = wait_for_copy(page)
    assert len(copy) == 1
    assert "seemed cold" not in next(iter(copy.values()))
    assert not Scorecard.objects.exists()

    # Oscar logs in on the same browser and opens the same candidate: nothing of Rita's shows.
    log_in(page, base, "oscar", FACTORY_PASSWORD)
    page.goto(rubric)
    page.wait_for_timeout(500)
    assert page.locator(".js-restored, .js-draft-choice").count() == 0
    assert page.locator("#id_empathy_evidence").input_value() == ""
    assert secret not in page.content()
    assert "seemed cold" not in "".join(stored(page).values())
    shot(page, "1-other-user")
    log_out(page)
    # Oscar's logout deletes Oscar's copies, not Rita's sealed one.
    assert list(stored(page)) == list(copy)

    log_in(page, base, "rita", FACTORY_PASSWORD)
    page.goto(rubric)
    page.locator(".js-restored").wait_for()
    assert page.locator("#id_empathy_evidence").input_value() == secret
    assert page.locator("input[name=empathy]:checked").get_attribute("value") == "2"
    shot(page, "2-author-back")
    with page.expect_navigation():
        page.click("button[name=action][value=save]")
    assert (
        Scorecard.objects.get(interviewer=people["rita"]).scores.get(quality__code="empathy").evidence
        == secret
    )
    assert stored(page) == {}
    log_out(page)
    assert stored(page) == {}
