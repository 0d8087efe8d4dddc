"""What every page shares in presenting values: the dash for nothing, numbers in the reader's
format, the tones of recommendations, links by primary key.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from fractions import Fraction

from django.urls import reverse
from django.utils.formats import get_format, number_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeData, SafeString

from evaluations import scoring

DASH = "—"


# The one home of the recommendations' colours: the Bootstrap tone of each code (the rubric's
# buttons), which the rec-<code> classes of static/css/app.css (badges, tallies) shade.
RECOMMENDATION_TONES = {"strong_no": "danger", "no": "danger", "yes": "success", "strong_yes": "success"}


def decimal(value: Fraction | int | None, places: int, separator: str | None = None) -> str:
    """``value`` with ``places`` decimals, rounded half up, in the user's language; a dash for none."""
    if value is None:
        return DASH
    rounded = scoring.round_half_up(value, places)
    if -1000 < rounded < 1000:
        # Under a thousand there is nothing to group, so number_format would only swap the
        # decimal separator: doing just that costs a third, for thousands of cells a page.
        text = format(rounded, "f")
        return text.replace(".", separator or get_format("DECIMAL_SEPARATOR")) if places else text
    return number_format(rounded, places, use_l10n=True)


def percent(share: Fraction | None) -> str:
    """A share (0–1) as a whole percentage, without the sign."""
    return DASH if share is None else decimal(Fraction(share) * 100, 0)


def url_for_pk(name: str) -> Callable[[int], str]:
    """``reverse(name, args=[pk])`` for any pk, from one call to ``reverse``.

    ``reverse`` costs about 20 µs, and a dashboard of 200 candidates links to a thousand
    scorecards whose URLs differ only by the pk.
    """
    marker = 918273645546372819
    head, tail = reverse(name, args=[marker]).split(str(marker))
    return lambda pk: f"{head}{pk}{tail}"


# A padlock drawn in SVG, for what is hidden until the viewer submits: the emoji (U+1F512) draws
# as an empty box where no emoji font is installed. Decorative: the words beside it say it all.
LOCK_ICON = format_html(
    '<svg class="{}" viewBox="0 0 16 16" width="1em" height="1em" fill="currentColor" '
    'aria-hidden="true" focusable="false"><path d="{}"/></svg>',
    "icon-lock",
    "M4 7V5a4 4 0 0 1 8 0v2h1v8H3V7h1zm2 0h4V5a2 2 0 0 0-4 0v2z",
)


# --- people named where the page is put together -----------------------------------------------
# A dashboard's cells are kept by the version of each candidate they show; a person's name shows
# on every candidate they scored or decided. The cells therefore hold a mark for each person, and
# the page puts the names in when it is put together (``with_people``): a renamed interviewer
# draws no cell again. The mark holds a "<", which every value a user typed has escaped (the
# cells are drawn with ``format_html``): only ``person_mark`` can write one.
_PERSON_MARK = re.compile(r'<cm-person pk="(\d+)"></cm-person>')


def person_mark(pk: int) -> SafeString:
    """Where the person ``pk``'s name goes, once the page knows it (``with_people``)."""
    return format_html('<cm-person pk="{}"></cm-person>', int(pk))


def marked_people(html: str) -> set[int]:
    """The people whose names ``html`` holds marks for."""
    return {int(pk) for pk in _PERSON_MARK.findall(html)}


def with_people(html: str, names: Mapping[int, str]) -> SafeString:
    """``html`` (safe) with each person's mark replaced by their name, escaped.

    A person no longer known (deleted since) is named by a dash.
    """
    if not isinstance(html, SafeData):
        raise TypeError("only HTML made safe by format_html may hold people's marks")
    if "<cm-person" not in html:
        return html
    # Each name escaped once: a page of 200 candidates holds thousands of marks for a few people.
    escaped = {str(pk): conditional_escape(name) for pk, name in names.items()}
    return SafeString(_PERSON_MARK.sub(lambda match: escaped.get(match[1], DASH), html))
