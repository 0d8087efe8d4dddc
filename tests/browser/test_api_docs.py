"""The API's documentation page in a real browser, under the site's Content-Security-Policy."""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import FACTORY_PASSWORD, log_in
from tests.factories import ManagerFactory


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
