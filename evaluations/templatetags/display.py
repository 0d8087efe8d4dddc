"""Display filters (``{% load display %}``): numbers rounded half up (as DESIGN.md says) and written
in the user's language by ``presenters.decimal``; people's names; the recommendations' colours."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import json_script
from django.utils.safestring import SafeString

from evaluations import presenters
from evaluations.people import names, roles
from evaluations.presenters import DASH, decimal
from evaluations.presenters import percent as whole_percent
from evaluations.rubric import presenters as rubric_presenters

register = template.Library()


class _CompactEncoder(DjangoJSONEncoder):
    """JSON without the spaces after separators: a dashboard's chart data is sent for every candidate."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["separators"] = (",", ":")
        super().__init__(*args, **kwargs)


@register.filter(is_safe=True)
def compact_json_script(value: Any, element_id: str) -> SafeString:
    """Django's ``json_script`` (escaped for a script element), without the spaces."""
    return json_script(value, element_id, encoder=_CompactEncoder)


@register.filter
def score(value: Fraction | None) -> str:
    """A weighted score, 0–100, one decimal."""
    return decimal(value, 1)


@register.filter
def mean(value: Fraction | None) -> str:
    """A quality mean, 1–5, two decimals."""
    return decimal(value, 2)


@register.filter
def percent(value: Fraction | None) -> str:
    """A share (0–1) as a whole percentage, without the sign."""
    return whole_percent(value)


@register.filter
def signed(value: Fraction | None) -> str:
    if value is None:
        return DASH
    text = decimal(value, 2)
    return f"+{text}" if value > 0 else text


@register.filter
def value_for(mapping: Any, key: Any) -> Any:
    """``{{ means|value_for:quality.code }}``: the mapping's value for that key, or None."""
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
    return decimal(Fraction(weight * 100, total), 0)


@register.filter
def may_change_shortlist(user: Any, shortlist: Any) -> bool:
    """``{% if user|may_change_shortlist:shortlist %}``: the rule of ``roles``, for a template."""
    return roles.may_change_shortlist(user, shortlist)


@register.filter
def display_name(user: Any) -> str:
    """How a person is named on every page (``names.user_display_name``)."""
    return names.user_display_name(user) if user is not None else ""


@register.filter
def recommendation_tone(code: str) -> str:
    """The Bootstrap tone of a recommendation (``presenters.RECOMMENDATION_TONES``)."""
    return presenters.RECOMMENDATION_TONES.get(code, "secondary")


@register.simple_tag
def lock_icon() -> SafeString:
    """The padlock beside what is hidden until the viewer submits (``presenters.LOCK_ICON``)."""
    return presenters.LOCK_ICON


@register.filter
def rubric_field(change: Any) -> str:
    """What a rubric change changed, in the reader's language (``RubricChange.field`` is a code)."""
    return rubric_presenters.change_field_label(change.field, on_quality=change.quality_id is not None)
