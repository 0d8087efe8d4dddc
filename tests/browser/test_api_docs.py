"""The API's documentation page in a real browser, under the site's Content-Security-Policy."""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import FACTORY_PASSWORD, log_in
from tests.factories import ManagerFactory, RecruiterFactory


def test_api_docs_page_renders_every_operation_without_csp_violation(
    open_page: Any, base: str, transactional_db: Any, shot: Any
) -> None:
    ManagerFactory(username="maya")
    page = open_page()
    refused: list[str] = []
    page.on(
        "console",
        lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None,
    )
    log_in(page, base, "maya", FACTORY_PASSWORD)
    page.goto(f"{base}/api/v1/")
    page.locator(".swagger-ui .opblock").first.wait_for(timeout=15_000)
    paths = set(page.locator(".swagger-ui .opblock-summary-path").all_inner_texts())
    assert "/api/v1/candidates/" in {p.replace("\u200b", "") for p in paths}
    assert page.locator(".swagger-ui .opblock").count() >= 10
    shot(page, "1-docs", full_page=False)
    assert refused == []


def test_new_token_copies_to_the_clipboard_with_one_click(
    open_page: Any, base: str, transactional_db: Any, shot: Any
) -> None:
    RecruiterFactory(username="rita")
    page = open_page(permissions=["clipboard-read", "clipboard-write"])
    log_in(page, base, "rita", FACTORY_PASSWORD)
    page.goto(f"{base}/account/tokens/")
    page.get_by_label("Name").fill("Sync script")
    page.get_by_role("button", name="Create the token").click()
    token = page.locator("#new-token").input_value()
    assert len(token) > 20

    copy = page.get_by_role("button", name="Copy")
    copy.click()
    page.locator(".copy-status", has_text="Copied").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == token
    shot(page, "2-token-copied", full_page=False)


def test_api_docs_page_wears_the_app_navigation(
    open_page: Any, base: str, transactional_db: Any, shot: Any
) -> None:
    ManagerFactory(username="maya")
    page = open_page()
    log_in(page, base, "maya", FACTORY_PASSWORD)
    page.goto(f"{base}/api/v1/")
    page.locator(".swagger-ui .opblock").first.wait_for(timeout=15_000)
    assert page.locator("nav.navbar").count() == 1
    assert page.get_by_role("heading", name="API documentation", level=1).is_visible()
    # Styled: Bootstrap's own font stack, not the browser's default serif.
    assert page.evaluate("getComputedStyle(document.body).fontFamily").split(",")[-1].strip() != "serif"
    shot(page, "3-docs-header", full_page=False)
