"""The main navigation's fixed parts, drawn once per process for each page, role and language.

The brand and the links of the navigation bar (templates/includes/nav_*.html) depend on the
language, the page (which link is current), the viewer's roles and whether they are logged in;
not on the request otherwise. Every page draws them, with seven URLs to reverse and as many
strings to translate: a tenth of the dashboard's time once the dashboard itself is cached. So they
are drawn once per process for each such combination, a few dozen at most, and kept in memory.
What is the request's own (the CSRF tokens of the language and logout forms, the viewer's name,
the path to come back to) stays in templates/includes/nav.html, drawn each time.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.safestring import SafeString
from django.utils.translation import get_language

register = template.Library()

# Which templates may be drawn this way: only those whose output depends on nothing but the key.
FIXED_PARTS = frozenset({"includes/nav_brand.html", "includes/nav_links.html"})


@register.simple_tag(takes_context=True)
def navigation(context: Any, template_name: str) -> SafeString:
    """``{% navigation "includes/nav_links.html" %}``: that template, as drawn for this page,
    these roles and this language."""
    if template_name not in FIXED_PARTS:
        raise template.TemplateSyntaxError(f"{template_name} is not a fixed part of the navigation")
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    user = context.get("user")
    key = (
        template_name,
        get_language(),
        get_script_prefix(),
        match.url_name if match is not None else None,
        bool(user is not None and user.is_authenticated),
        bool(context.get("is_manager")),
        bool(context.get("is_admin")),
    )
    # Under DEBUG, templates change while the server runs: drawn each time.
    return _draw(*key) if settings.DEBUG else _drawn(*key)


def _draw(
    template_name: str,
    language: str | None,
    script_prefix: str,
    url_name: str | None,
    authenticated: bool,
    is_manager: bool,
    is_admin: bool,
) -> SafeString:
    # Drawn by the template engine, escaped as it draws: render_to_string returns a SafeString.
    return render_to_string(
        template_name,
        {
            "url_name": url_name,
            "authenticated": authenticated,
            "is_manager": is_manager,
            "is_admin": is_admin,
        },
    )


# Keyed by what the part depends on; a few dozen combinations exist (pages × roles × languages).
_drawn = lru_cache(maxsize=512)(_draw)
