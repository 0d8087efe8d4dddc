"""Display helpers: numbers rounded half up (as DESIGN.md says) and shown in the user's locale."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from django import template
from django.utils.formats import number_format

from evaluations import scoring

register = template.Library()
DASH = "—"


def _rounded(value: Fraction | Decimal | int | None, places: int) -> str:
    if value is None or value == "":
        return DASH
    return number_format(scoring.round_half_up(value, places), places, use_l10n=True)


@register.filter
def score(value: Fraction | None) -> str:
    """A weighted score, 0–100, one decimal."""
    return _rounded(value, 1)


@register.filter
def mean(value: Fraction | None) -> str:
    """A quality mean, 1–5, two decimals."""
    return _rounded(value, 2)


@register.filter
def mean1(value: Fraction | None) -> str:
    return _rounded(value, 1)


@register.filter
def percent(value: Fraction | None) -> str:
    """A share (0–1) as a whole percentage, without the sign."""
    if value is None:
        return DASH
    return _rounded(Fraction(value) * 100, 0)


@register.filter
def signed(value: Fraction | None) -> str:
    if value is None:
        return DASH
    text = _rounded(value, 2)
    return f"+{text}" if value > 0 else text


@register.filter
def get(mapping: Any, key: Any) -> Any:
    if mapping is None:
        return None
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def weight_share(weight: int, total: int) -> str:
    if not total:
        return DASH
    return _rounded(Fraction(weight * 100, total), 0)


@register.filter
def is_lower(value: Fraction | None, bar: int | None) -> bool:
    return value is not None and bar is not None and value < bar
