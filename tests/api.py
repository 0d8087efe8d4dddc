"""Helpers for the API tests: a client that speaks JSON with a session or a token."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from evaluations.api import tokens


class ApiClient:
    """JSON in and out, authenticated by a personal token (or by nothing)."""

    def __init__(self, user: Any = None, *, token: str | None = None) -> None:
        self.client = Client()
        self.token = token
        if user is not None and token is None:
            self.token = tokens.token_create(user=user, name="tests", days=30).plain

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        return self.client.get(path, params or {}, headers=self._headers())

    def send(self, method: str, path: str, body: Any = None) -> Any:
        data = "" if body is None else json.dumps(body)
        return self.client.generic(
            method, path, data, content_type="application/json", headers=self._headers()
        )

    def post(self, path: str, body: Any = None) -> Any:
        return self.send("POST", path, body)

    def put(self, path: str, body: Any = None) -> Any:
        return self.send("PUT", path, body)

    def patch(self, path: str, body: Any = None) -> Any:
        return self.send("PATCH", path, body)
