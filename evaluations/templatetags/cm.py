"""Display helpers: numbers rounded half up (as DESIGN.md says) and shown in the user's locale."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from html import escape as html_escape
from typing import Any

from django import template
from django.urls import reverse
from django.utils.formats import get_format, number_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from evaluations import roles, scoring

register = template.Library()
DASH = "—"


def _rounded(value: Fraction | Decimal | int | None, places: int) -> str:
    if value is None or value == "":
        return DASH
    return _fixed(value, places, get_format("DECIMAL_SEPARATOR"))


def _fixed(value: Fraction | Decimal | int, places: int, separator: str) -> str:
    rounded = scoring.round_half_up(value, places)
    if places and -1000 < rounded < 1000:
        # Under a thousand there is nothing to group, so number_format would only swap the
        # decimal separator; doing just that costs a third, for thousands of cells a page.
        return format(rounded, "f").replace(".", separator)
    return number_format(rounded, places, use_l10n=True)


def _e(text: object) -> str:
    # What django.utils.html.escape does, without the lazy-string check it wraps each call in.
    return html_escape(str(text))


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


# --- the dashboard's cells ---------------------------------------------------------------------
# The dashboard has a column per candidate: 200 candidates make 3,000 cells and 1,000 links.
# Made with template tags and filters, a cell cost 20–60 µs and the page 400 ms; so these
# filters write the repeated cells in Python, as Django's admin writes its changelist cells,
# and the template keeps the page's structure. Every text put in is escaped.


@register.filter(is_safe=True)
def head_cells(columns: Any) -> str:
    """The ``<th>`` of each candidate (``export.ColumnView``): rank, name, position, status."""
    rank = _e(gettext("Rank"))
    statuses: dict[str, str] = {}
    parts = []
    for view in columns:
        candidate = view.column.candidate
        if candidate.status not in statuses:
            statuses[candidate.status] = _e(candidate.get_status_display())
        parts.append(
            f'<th scope="col" class="cand-head" data-candidate="{candidate.pk}">'
            f'<span class="rank-badge" title="{rank}"><span class="visually-hidden">{rank} </span>'
            f"{view.column.result.rank}</span> "
            f'<a href="{_e(view.url)}">{_e(candidate.name)}</a>'
            f'<div class="small fw-normal text-body-secondary">{_e(candidate.position.title)} · '
            f"{statuses[candidate.status]}</div></th>"
        )
    return mark_safe("".join(parts))  # noqa: S308 -- every text above is escaped


@register.filter(is_safe=True)
def score_cells(columns: Any) -> str:
    """Weighted score of each column, with best-in-row, coverage under 100 % and bar flags."""
    best = _e(gettext("(best)"))
    below = _e(gettext("below the bar on"))
    separator = get_format("DECIMAL_SEPARATOR")
    parts = []
    for view in columns:
        result = view.column.result
        score = DASH if result.weighted_score is None else _fixed(result.weighted_score, 1, separator)
        html = f'<td class="text-center{" best" if view.best_score else ""}">'
        html += f'<span class="weighted-score">{score}</span>'
        if view.best_score:
            html += f' <span aria-hidden="true">★</span><span class="visually-hidden">{best}</span>'
        if result.coverage is not None and result.coverage < 1:
            coverage = gettext("coverage %(pct)s %%") % {"pct": percent(result.coverage)}
            html += f'<div class="small text-body-secondary">{_e(coverage)}</div>'
        if result.below_bar:
            html += (
                f'<div class="below-bar-flag small"><span aria-hidden="true">⚠</span> {below} '
                f"{_e(view.below_bar_names)}</div>"
            )
        parts.append(html + "</td>")
    return mark_safe("".join(parts))  # noqa: S308 -- every text above is escaped


@register.filter(is_safe=True)
def scorecard_cells(columns: Any) -> str:
    """Number of submitted scorecards of each column, with a link to each."""
    parts = []
    for view in columns:
        html = f'<td class="text-center">{view.column.result.scorecard_count}'
        if view.scorecard_links:
            links = ", ".join(f'<a href="{_e(url)}">{_e(name)}</a>' for url, name in view.scorecard_links)
            html += f'<div class="small scorecard-links">{links}</div>'
        parts.append(html + "</td>")
    return mark_safe("".join(parts))  # noqa: S308 -- every text above is escaped


@register.filter(is_safe=True)
def recommendation_cells(columns: Any) -> str:
    """The recommendations of each column, strongest first; a dash when nobody has submitted."""
    labels = [
        ("strong_yes", _e(gettext("strong yes"))),
        ("yes", _e(gettext("yes"))),
        ("no", _e(gettext("no"))),
        ("strong_no", _e(gettext("strong no"))),
    ]
    parts = []
    for view in columns:
        tally = view.column.result.recommendations
        spans = " ".join(
            f'<span class="rec rec-{code}">{tally[code]} {label}</span>'
            for code, label in labels
            if tally.get(code)
        )
        if not view.column.result.scorecard_count:
            spans = f'<span class="text-body-secondary">{DASH}</span>'
        parts.append(f'<td class="text-center small rec-tally">{spans}</td>')
    return mark_safe("".join(parts))  # noqa: S308 -- every text above is escaped


@register.simple_tag(takes_context=True)
def note_cells(context: template.Context, columns: Any, shortlist: Any, may_change: bool = False) -> str:
    """Under each candidate, the form for the shortlist's note on them and, for those who may
    change the shortlist (``roles.may_change_shortlist``), the one to remove them."""
    csrf = f'<input type="hidden" name="csrfmiddlewaretoken" value="{_e(context.get("csrf_token", ""))}">'
    note_url = _e(reverse("evaluations:shortlist-note", args=[shortlist.pk]))
    remove_url = _e(reverse("evaluations:shortlist-remove", args=[shortlist.pk]))
    save = _e(gettext("Save note"))
    remove = _e(gettext("Remove"))
    parts = []
    for view in columns:
        candidate = view.column.candidate
        pk = candidate.pk
        name = _e(candidate.name)
        label = _e(gettext("Note on %(name)s") % {"name": candidate.name})
        parts.append(
            f'<td><form method="post" action="{note_url}" class="note-form">{csrf}'
            f'<input type="hidden" name="candidate" value="{pk}">'
            f'<label class="visually-hidden" for="note-{pk}">{label}</label>'
            f'<textarea class="form-control form-control-sm" name="note" id="note-{pk}" rows="2" '
            f'maxlength="2000">{_e(view.column.entry.note)}</textarea>'
            f'<button type="submit" class="btn btn-sm btn-link px-0">{save}</button></form>'
        )
        if may_change:
            parts.append(
                f'<form method="post" action="{remove_url}">{csrf}'
                f'<input type="hidden" name="candidate" value="{pk}">'
                f'<button type="submit" class="btn btn-sm btn-link link-danger px-0">{remove}'
                f'<span class="visually-hidden"> {name}</span></button></form>'
            )
        parts.append("</td>")
    return mark_safe("".join(parts))  # noqa: S308 -- every text above is escaped


@register.filter
def may_change_shortlist(user: Any, shortlist: Any) -> bool:
    """``{% if user|may_change_shortlist:shortlist %}``: the rule of ``roles``, for a template."""
    return roles.may_change_shortlist(user, shortlist)


@register.filter(is_safe=True)
def debrief_opinions(item: Any) -> str:
    """The scores and evidence of one debrief item (``export.DebriefItem``), side by side."""
    no_evidence = _e(gettext("No evidence written."))
    parts = []
    for opinion in item.opinions:
        value = _e(opinion["value"])
        evidence = _e(opinion["evidence"]) if opinion["evidence"] else no_evidence
        link = f'<a href="{_e(opinion["url"])}">{_e(opinion["interviewer"])}</a>'
        parts.append(
            '<div class="col-md-6 col-xl-4"><div class="opinion border rounded p-2 h-100">'
            f'<div class="small fw-semibold">{link}'
            f' · <span class="score-pill score-{value}">{value}</span></div>'
            f'<p class="small mb-0 text-prewrap">{evidence}</p></div></div>'
        )
    return mark_safe("".join(parts))  # noqa: S308 -- every text above is escaped


@register.filter(is_safe=True)
def mean_cells(row: Any, adjusted: bool = False) -> str:
    """The cells of one quality row (``export.DashboardRow``): mean, flags, individual scores."""
    best = _e(gettext("(best)"))
    disagreement = _e(gettext("(disagreement)"))
    below = _e(gettext("(below the bar)"))
    individual = _e(gettext("Individual scores:"))
    separator = get_format("DECIMAL_SEPARATOR")
    adjusted_label = _e(gettext("adj."))
    not_assessed = f'<span class="text-body-secondary" title="{_e(gettext("Not assessed"))}">{DASH}</span>'
    parts = []
    for cell in row.cells:
        classes = "text-center mean-cell"
        if cell.best:
            classes += " best"
        if cell.below_bar:
            classes += " below-bar"
        if cell.disagreement:
            classes += " disagree"
        if cell.mean is None:
            parts.append(f'<td class="{classes}">{not_assessed}</td>')
            continue
        html = (
            f'<td class="{classes}"><span class="mean-value" tabindex="0" data-bs-toggle="tooltip" '
            f'data-bs-title="{_e(cell.scores_title)}">{_fixed(cell.mean, 2, separator)}</span>'
        )
        if cell.best:
            html += f' <span aria-hidden="true">★</span><span class="visually-hidden">{best}</span>'
        if cell.disagreement:
            html += (
                ' <span class="flag-disagree" aria-hidden="true">⇅</span>'
                f'<span class="visually-hidden">{disagreement}</span>'
            )
        if cell.below_bar:
            html += f' <span aria-hidden="true">⚠</span><span class="visually-hidden">{below}</span>'
        html += f' <span class="visually-hidden">{individual} {_e(cell.scores_text)}</span>'
        if adjusted:
            html += (
                f'<div class="small text-body-secondary adjusted">{adjusted_label} '
                f"{_rounded(cell.adjusted, 2)}</div>"
            )
        parts.append(html + "</td>")
    return mark_safe("".join(parts))  # noqa: S308 -- every text above is escaped
