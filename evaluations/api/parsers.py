"""The API's JSON parser: what the database cannot store is refused as a bad request."""

from __future__ import annotations

import json
from typing import Any

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

MAX_BODY = 1024 * 1024
MAX_DEPTH = 20


def _check(value: Any, depth: int = 0) -> None:
    if depth > MAX_DEPTH:
        raise ParseError(_("The JSON body is nested too deeply."))
    if isinstance(value, str):
        # A lone surrogate ("\ud800") is valid JSON but no UTF-8: PostgreSQL would refuse it (a 500).
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise ParseError(_("The JSON body holds text that is not valid Unicode.")) from exc
    elif isinstance(value, dict):
        for key, item in value.items():
            _check(key, depth + 1)
            _check(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _check(item, depth + 1)


class StrictJSONParser(JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        raw = stream.read(MAX_BODY + 1) if stream is not None else b""
        if len(raw) > MAX_BODY:
            raise ParseError(_("The JSON body is larger than 1 MB."))
        try:
            data = json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
        except (ValueError, RecursionError) as exc:
            raise ParseError(_("The body is not valid JSON.")) from exc
        _check(data)
        return data


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")
