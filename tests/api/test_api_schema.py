"""The OpenAPI document describes exactly what is served, and its page works under the CSP."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django.contrib.staticfiles import finders
from django.urls import URLPattern, URLResolver, get_resolver
from openapi_spec_validator import validate

from evaluations.middleware import POLICY

pytestmark = pytest.mark.django_db

METHODS = {"get", "post", "put", "patch", "delete"}
# Not operations of the API: the document itself and its page.
NOT_DOCUMENTED = {"api:schema", "api:root"}


def _walk(patterns: list[Any], prefix: str = "", namespace: str = ""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace or ""]))
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, "/" + prefix + str(pattern.pattern), pattern.callback


def _served() -> dict[str, set[str]]:
    """Every API route of the resolver as the document spells it, with the methods its view answers."""
    served = {}
    for name, route, callback in _walk(get_resolver().url_patterns):
        if not route.startswith("/api/v1/") or name in NOT_DOCUMENTED:
            continue
        view_class = callback.cls
        path = re.sub(r"<(?:\w+:)?pk>", "{id}", route)
        served[path] = {m for m in METHODS if hasattr(view_class, m)}
    return served


@pytest.fixture
def document(client, recruiter) -> dict[str, Any]:
    client.force_login(recruiter)
    response = client.get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def test_api_schema_is_valid_openapi(document) -> None:
    validate(document)
    assert document["openapi"].startswith("3.")


def test_api_schema_lists_every_served_route_and_method_and_no_other(document) -> None:
    documented = {path: set(ops) & METHODS for path, ops in document["paths"].items()}
    assert documented == _served()


def test_api_schema_documents_both_authentications(document) -> None:
    schemes = document["components"]["securitySchemes"]
    assert schemes["bearerAuth"] == {**schemes["bearerAuth"], "type": "http", "scheme": "bearer"}
    assert "cookieAuth" in schemes


def test_api_schema_scorecard_body_carries_the_rubric_fields(document) -> None:
    body = document["components"]["schemas"]["RubricBodyRequest"]
    assert {"empathy", "empathy_evidence", "recommendation", "notes", "version", "action"} <= set(
        body["properties"]
    )
    assert {"empathy", "empathy_evidence", "recommendation", "notes", "version"} <= set(body["required"])


def test_api_schema_needs_credentials(client) -> None:
    assert client.get("/api/v1/schema/").status_code == 401


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[dict[str, str | None]] = []
        self.styles: list[str] = []
        self.inline_styles = 0
        self.handlers: list[str] = []
        self.inline_code = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "script":
            self.scripts.append(found)
        if tag == "link" and found.get("rel") == "stylesheet":
            self.styles.append(found["href"] or "")
        if tag == "style":
            self.inline_styles += 1
        self.handlers += [name for name in found if name.startswith("on")]
        if "style" in found:
            self.inline_styles += 1

    def handle_data(self, data: str) -> None:
        if self.lasttag == "script" and data.strip():
            self.inline_code = True


def test_api_docs_page_runs_under_the_csp_from_vendored_files(client, recruiter) -> None:
    client.force_login(recruiter)
    response = client.get("/api/v1/")
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == POLICY
    assert "script-src 'self'" in POLICY and "unsafe-inline" not in POLICY
    tags = _Tags()
    tags.feed(response.content.decode())
    assert not tags.inline_code and not tags.handlers and tags.inline_styles == 0
    sources = [s["src"] for s in tags.scripts]
    assert all(src and src.startswith("/static/") for src in sources)
    assert "/static/js/api_docs.js" in sources
    for url in [*sources, *tags.styles]:
        assert url.startswith("/static/"), url
        assert finders.find(url.removeprefix("/static/")), f"{url} is not a vendored static file"
    assert b'data-schema-url="/api/v1/schema/"' in response.content


def test_api_docs_page_needs_a_login(client) -> None:
    response = client.get("/api/v1/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
