"""Presenters: what the comparison dashboard shows, made from ``selectors``' results.

Between the selector (numbers, exact) and the templates (the page's structure): every value the
page shows is put together here, as text formatted for the active language. The table's cells are
written here with ``format_html``, as Django's admin writes its changelist cells
(``items_for_result``), because there are thousands of them; the table, its rows and every other
block are in ``templates/includes/dashboard_*.html``.

A page is made of one ``CandidateColumn`` per candidate, which depends on that candidate's data
only and is cached on its own (``selectors.shortlist_page``), and of what compares them (rank,
best in row, fragility), put together by ``dashboard_page`` each time the page is computed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, get_format, number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeData, SafeString
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext, pgettext

from evaluations import decisions as decision_words
from evaluations import scoring
from evaluations.models import Candidate, Decision, Quality, Scorecard

if TYPE_CHECKING:
    import datetime

    from evaluations.selectors import ShortlistedCandidate

DASH = "—"

# The one home of the recommendations' colours: the Bootstrap tone of each code (the rubric's
# buttons), which the rec-<code> classes of static/css/app.css (badges, tallies) shade.
RECOMMENDATION_TONES = {"strong_no": "danger", "no": "danger", "yes": "success", "strong_yes": "success"}


# --- numbers, rounded half up (DESIGN.md) and written for the user's language -------------------


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


# --- one candidate's column -------------------------------------------------------------------


@dataclass(frozen=True)
class ColumnContext:
    """What every column of a page is drawn with, looked up and translated once per page."""

    codes: tuple[str, ...]
    quality_names: Mapping[str, str]
    separator: str
    candidate_url: Callable[[int], str]
    scorecard_url: Callable[[int], str]
    statuses: Mapping[str, str]
    recommendations: Mapping[str, str]
    adjusted: bool
    thin_below: int  # settings.THIN_EVIDENCE_BELOW: fewer submitted scorecards is thin evidence
    # The weights the page scores with (what-if ones included): each quality's part of the score.
    rules: tuple[scoring.QualityRule, ...] = ()

    @classmethod
    def for_page(
        cls,
        quality_list: Sequence[Quality],
        *,
        adjusted: bool,
        rules: Sequence[scoring.QualityRule] | None = None,
    ) -> ColumnContext:
        if rules is None:
            rules = [scoring.QualityRule(q.code, q.weight, q.minimum) for q in quality_list]
        return cls(
            codes=tuple(q.code for q in quality_list),
            quality_names={q.code: q.name for q in quality_list},
            separator=get_format("DECIMAL_SEPARATOR"),
            candidate_url=url_for_pk("evaluations:candidate-detail"),
            scorecard_url=url_for_pk("evaluations:scorecard-detail"),
            statuses={code: str(label) for code, label in Candidate.Status.choices},
            recommendations={code: str(label) for code, label in Scorecard.Recommendation.choices},
            adjusted=adjusted,
            thin_below=settings.THIN_EVIDENCE_BELOW,
            rules=tuple(rules),
        )


@dataclass(frozen=True)
class CandidateColumn:
    """One candidate's cells, which depend on their data alone; each comes in the variants that
    the comparison with the others may call for (best in its row or not)."""

    pk: int
    name: str
    result: scoring.CandidateResult  # not ranked: the rank depends on the other candidates
    head: tuple[str, str]  # the header cell, before and after its rank
    # The weighted-score cell: as it is, and as the best of the row (which, holding the top
    # score, may carry the "top score, yet a majority of no" conflict).
    score: tuple[str, str]
    scorecards: str
    recommendations: str
    decision: str  # the latest decision's cell
    # The end of the candidate's why-line, which depends on their data alone: concerns and tally.
    why_tail: SafeString
    means: tuple[tuple[str, str], ...]  # per quality in rubric order: as it is, as the best
    debrief: str  # this candidate's disagreements, with each interviewer's score and evidence
    chart: Mapping[str, Any]
    hidden: bool  # drawn for a viewer blind for this candidate: unscored, never shared


def _best_mark() -> SafeString:
    # The star is drawn by the stylesheet (td.best::before): a screen reader reads this instead.
    return format_html('<span class="visually-hidden"> {}</span>', gettext("(best)"))


def _classes(*names: str) -> SafeString:
    present = " ".join(name for name in names if name)
    return format_html(' class="{}"', present) if present else SafeString("")


def candidate_column(
    column: ShortlistedCandidate,
    evidence: Mapping[tuple[int, str], str],
    context: ColumnContext,
    decision: Decision | None = None,
) -> CandidateColumn:
    """The cells of one candidate (``selectors.ShortlistedCandidate``), in the active language,
    with their latest ``decision`` if any."""
    result, candidate = column.result, column.candidate
    separator = context.separator
    best = _best_mark()
    head = (
        format_html(
            '<th scope="col" data-candidate="{}"><span class="rank-badge">'
            '<span class="visually-hidden">{} </span>',
            candidate.pk,
            gettext("Rank"),
        ),
        format_html(
            '</span> <a href="{}">{}</a><small>{} · {}</small></th>',
            context.candidate_url(candidate.pk),
            candidate.name,
            candidate.position.title,
            context.statuses.get(candidate.status, candidate.status),
        ),
    )

    extra = []
    if result.coverage is not None and result.coverage < 1:
        coverage = gettext("coverage %(pct)s %%") % {"pct": percent(result.coverage)}
        extra.append(format_html("<small>{}</small>", coverage))
    if column.hidden:
        extra.append(format_html("<small>🔒 {}</small>", gettext("hidden until you submit")))
    if result.below_bar:
        names = ", ".join(context.quality_names[code] for code in result.below_bar)
        extra.append(
            format_html(
                '<div class="below-bar-flag"><span aria-hidden="true">⚠</span> {} {}</div>',
                gettext("below the bar on"),
                names,
            )
        )
    weighted = format_html(
        '<span class="weighted-score">{}</span>', decimal(result.weighted_score, 1, separator)
    )
    rest = _joined(extra)
    standing = _scorecard_count(result.scorecard_count, context.thin_below)
    score = (
        format_html("<td>{}{}{}{}</td>", weighted, standing, rest, _conflicts(result, top=False)),
        format_html(
            '<td class="best">{}{}{}{}{}</td>', weighted, best, standing, rest, _conflicts(result, top=True)
        ),
    )

    # How many scorecards is beside the score: this row names who wrote them.
    scorecards = format_html(
        "<td>{}</td>",
        format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            ((context.scorecard_url(card["pk"]), card["interviewer_name"]) for card in column.scorecards),
        )
        if column.scorecards
        else DASH,
    )

    tally = result.recommendations
    given = [code for code in reversed(scoring.RECOMMENDATIONS) if tally.get(code)]
    recommendations = format_html(
        "<td>{}</td>",
        format_html_join(
            " ",
            '<span class="rec-{}">{} {}</span>',
            ((code, tally[code], context.recommendations[code]) for code in given),
        )
        if result.scorecard_count
        else DASH,
    )

    means = tuple(_mean_cells(column, code, context, best) for code in context.codes)
    return CandidateColumn(
        pk=candidate.pk,
        name=candidate.name,
        result=result,
        head=head,
        score=score,
        scorecards=scorecards,
        recommendations=recommendations,
        decision=_decision_cell(decision, with_reason=not column.hidden),
        why_tail=_why_tail(result, context),
        means=means,
        debrief=_debrief(column, evidence, context),
        hidden=column.hidden,
        chart=_chart(result, context),
    )


def _joined(parts: Sequence[SafeString]) -> SafeString:
    """Parts already made safe (by ``format_html``), one after the other: safe, as Django's own
    ``SafeString + SafeString`` is. Anything else is refused rather than escaped or trusted.

    The page joins thousands of cells each time it is put together: one ``str.join`` instead of
    a ``format_html`` per cell.
    """
    if not all(isinstance(part, SafeData) for part in parts):
        raise TypeError("only parts made safe by format_html may be joined unescaped")
    return SafeString("".join(parts))


def _scorecard_count(count: int, thin_below: int) -> SafeString:
    """How many submitted scorecards a score stands on, marked when that is thin evidence."""
    cards = ngettext("on %(count)s scorecard", "on %(count)s scorecards", count) % {"count": count}
    if not scoring.thin_evidence(count, thin_below):
        return format_html("<small>{}</small>", cards)
    return format_html(
        '<small>{} · <span class="thin-evidence">{}</span></small>',  # its mark: the stylesheet
        cards,
        gettext("thin evidence"),
    )


def _conflicts(result: scoring.CandidateResult, *, top: bool) -> SafeString:
    """The conflicts between this candidate's recommendations and numbers (``scoring.conflict_flags``)."""
    return format_html_join(
        "",
        '<div class="conflict-flag">{}</div>',  # the flag is drawn by the stylesheet
        ((decision_words.conflict_label(code),) for code in scoring.conflict_flags(result, top=top)),
    )


def _decision_cell(decision: Decision | None, *, with_reason: bool) -> SafeString:
    """The latest decision: what, who, when, and why (cut short: the candidate page has it all).

    A viewer blind for the candidate sees the decision but not its reason, which may quote scores.
    """
    if decision is None:
        return format_html("<td>{}</td>", DASH)
    when = date_format(timezone.localtime(decision.at), "SHORT_DATE_FORMAT")
    return format_html(
        '<td><span class="badge status-badge status-{}">{}</span>{}<small>{}</small>{}</td>',
        decision.to_status,
        decision.get_to_status_display(),
        format_html(' <span class="badge text-bg-warning">{}</span>', gettext("against the evidence"))
        if decision.contradictions
        else "",
        gettext("by %(name)s, %(date)s") % {"name": _actor_name(decision.actor), "date": when},
        format_html('<div class="decision-reason">{}</div>', Truncator(decision.reason).chars(90))
        if with_reason
        else "",
    )


def _actor_name(user: Any) -> str:
    from evaluations.selectors import user_display_name  # selectors → presenters

    return user_display_name(user)


def _chart(result: scoring.CandidateResult, context: ColumnContext) -> dict[str, Any]:
    """One candidate's data for the charts (static/js/dashboard.js), per quality in rubric order:
    the means (radar) and each quality's part of the weighted score in points (stacked bar), rounded
    so that the parts add up to the score the table shows; None where not assessed. Kept small (a
    page of 50 columns carries it 50 times): the script takes the candidate's pk and name from the
    table's head, whose columns come in the same order."""
    parts = scoring.rounded_contributions(scoring.score_contributions(result.means, context.rules))
    return {
        "means": [_float(result.means.get(code)) for code in context.codes],
        "parts": [float(parts[code]) if code in parts else None for code in context.codes],
    }


def _mean_cells(
    column: ShortlistedCandidate, code: str, context: ColumnContext, best: SafeString
) -> tuple[str, str]:
    result = column.result
    below = "below-bar" if code in result.below_bar else ""
    disagree = "disagree" if code in result.disagreements else ""
    mean = result.means.get(code)
    if mean is None:
        cell = format_html(
            '<td{}><span title="{}">{}</span></td>', _classes(below, disagree), gettext("Not assessed"), DASH
        )
        return cell, cell
    flags = []
    if disagree:
        flags.append(
            format_html(
                # The arrows are drawn by the stylesheet (td.disagree::after).
                '<span class="visually-hidden"> {}</span>',
                gettext("(disagreement)"),
            )
        )
    if below:
        flags.append(
            format_html(
                ' <span aria-hidden="true">⚠</span><span class="visually-hidden">{}</span>',
                gettext("(below the bar)"),
            )
        )
    if context.adjusted:
        flags.append(
            format_html(
                '<div class="sub adjusted">{} {}</div>',
                gettext("adj."),
                decimal(column.adjusted_means.get(code), 2, context.separator),
            )
        )
    # Each scorecard's score in the order of the column's scorecard links ("45-42": "-" for not
    # assessed); the tooltip script names them from those links, instead of every cell repeating
    # every interviewer's name. The script also makes the cell focusable, for the keyboard.
    values = {s.scorecard_id: s.value for s in column.scores_by_quality.get(code, ())}
    scores = "".join(str(values.get(card["pk"]) or "-") for card in column.scorecards)
    value = decimal(mean, 2, context.separator)
    rest = _joined(flags)
    return (
        format_html('<td{} data-s="{}">{}{}</td>', _classes(below, disagree), scores, value, rest),
        format_html(
            '<td{} data-s="{}">{}{}{}</td>', _classes("best", below, disagree), scores, value, best, rest
        ),
    )


def _float(value: Fraction | None, places: int = 2) -> float | None:
    return None if value is None else float(scoring.round_half_up(value, places))


def _debrief(
    column: ShortlistedCandidate, evidence: Mapping[tuple[int, str], str], context: ColumnContext
) -> SafeString:
    if not column.result.disagreements:
        return SafeString("")
    items = []
    for code in column.result.disagreements:
        scores = sorted(column.scores_by_quality.get(code, ()), key=lambda s: -(s.value or 0))
        items.append(
            {
                "quality_name": context.quality_names[code],
                "spread": column.result.spreads.get(code, 0),
                "opinions": [
                    {
                        "interviewer": score.interviewer_name,
                        "value": score.value or 0,
                        "evidence": evidence.get((score.scorecard_id, code), ""),
                    }
                    for score in scores
                ],
            }
        )
    return render_to_string(
        "includes/dashboard_debrief_items.html",
        {
            "candidate_pk": column.candidate.pk,
            "candidate_name": column.candidate.name,
            "candidate_url": context.candidate_url(column.candidate.pk),
            "items": items,
        },
    )


# --- the notes ------------------------------------------------------------------------------


def _note_rows(columns: Sequence[tuple[int, str, str]]) -> dict[str, str]:
    remove = gettext("Remove")
    notes = [
        (pk, name, format_html('<div class="note">{}</div>', note) if note else "")
        for pk, name, note in columns
    ]
    return {
        "note_row": format_html_join("", "<td>{}</td>", ((note,) for _pk, _name, note in notes)),
        "note_row_removable": format_html_join(
            "",
            # Styled by the row (.note-row button): a shortlist may hold hundreds of them.
            '<td>{}<button form="remove-form" name="candidate" value="{}">{}'
            '<span class="visually-hidden"> {}</span></button></td>',
            ((note, pk, remove, name) for pk, name, note in notes),
        ),
        "print_notes": format_html_join("", "<td>{}</td>", ((note,) for _pk, _name, note in columns)),
    }


def editors(columns: Sequence[PageColumn], shortlist_id: int) -> str:
    """The form under the table, for one candidate of the shortlist (in rank order): their note,
    and a decision with its reason, each with its own button."""
    from evaluations.forms import (  # forms → services → importing → selectors
        shortlist_decision_editor,
        shortlist_note_editor,
    )

    return render_to_string(
        "includes/dashboard_editor.html",
        {
            "note": shortlist_note_editor(columns),
            "decision": shortlist_decision_editor(),
            "decision_url": reverse("evaluations:shortlist-decision", args=[shortlist_id]),
        },
    )


# --- the page ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CandidateName:
    pk: int
    name: str


@dataclass(frozen=True)
class PageColumn:
    """A column of the page, in rank order: who, their note, their ranked result, whether hidden."""

    candidate: CandidateName
    note: str
    result: scoring.CandidateResult
    hidden: bool  # the viewer is blind for this candidate (selectors.hidden_candidate_ids)

    @property
    def pk(self) -> int:
        return self.candidate.pk

    @property
    def name(self) -> str:
        return self.candidate.name


@dataclass(frozen=True)
class QualityRow:
    code: str
    name: str
    weight: int
    is_empathy: bool
    cells: str


@dataclass(frozen=True)
class FragilityItem:
    quality_name: str
    delta: int
    candidate_name: str
    scorecard_count: int  # what the would-be leader's score stands on
    thin_evidence: bool


@dataclass(frozen=True)
class DashboardPage:
    """The dashboard as shown: the table's rows as cells already written, in rank order."""

    columns: tuple[PageColumn, ...]
    head: str
    score_row: str
    scorecards_row: str
    recommendations_row: str
    decision_row: str
    rows: tuple[QualityRow, ...]
    fragility: tuple[FragilityItem, ...]
    note_row: str  # the notes, as everyone sees them
    note_row_removable: str  # and with a remove button, for those who may change the shortlist
    print_notes: str
    debrief: str
    why_lines: str  # strengths, concerns and the recommendations of each candidate, a line each
    chart: Mapping[str, Any]  # for json_script: labels, codes, and per candidate the means and parts
    adjusted: bool
    editor: str = ""  # the note and decision fields (selectors._editor)

    @property
    def hidden_columns(self) -> list[PageColumn]:
        return [c for c in self.columns if c.hidden]


def _strengths_text(strengths: Sequence[str], assessed: Sequence[str], names: Mapping[str, str]) -> str:
    """The strengths in words: listed, or, when they are most of what was assessed, what is not."""
    if not strengths:
        return gettext("none stands out")
    others = [code for code in assessed if code not in strengths]
    if not others:
        return gettext("every assessed quality")
    if len(others) < len(strengths):
        return gettext("every assessed quality but %(names)s") % {
            "names": ", ".join(names[code] for code in others)
        }
    return ", ".join(names[code] for code in strengths)


def _concerns(result: scoring.CandidateResult, context: ColumnContext) -> SafeString:
    """The concerns of ``scoring.WhyLine`` in words, from the candidate's own result: below a bar,
    disputed qualities (linked to the candidate's rows of the debrief), thin evidence."""
    names = context.quality_names
    parts = []
    if result.below_bar:
        parts.append(
            format_html(
                '<span class="below-bar-flag">{} {}</span>',
                gettext("below the bar on"),
                ", ".join(names[code] for code in result.below_bar),
            )
        )
    if result.disagreements:
        parts.append(
            format_html(
                '{} <a href="#debrief-{}">{}</a>',
                gettext("disputed:"),
                result.candidate_id,
                ", ".join(names[code] for code in result.disagreements),
            )
        )
    count = result.scorecard_count
    if scoring.thin_evidence(count, context.thin_below):
        parts.append(
            format_html(
                '<span class="thin-evidence">{}</span>',
                ngettext(
                    "thin evidence (%(counter)s scorecard)", "thin evidence (%(counter)s scorecards)", count
                )
                % {"counter": count},
            )
        )
    if not parts:
        return format_html("{}", gettext("none"))
    # French sets a space before the semicolon: the separator is the language's.
    return format_html_join(pgettext("between two concerns", "; "), "{}", ((part,) for part in parts))


def _why_tail(result: scoring.CandidateResult, context: ColumnContext) -> SafeString:
    """The part of a why-line that depends on the candidate alone: concerns, then the tally."""
    if not result.scorecard_count:
        return SafeString("")
    tally = ", ".join(
        f"{result.recommendations[code]} {context.recommendations[code]}"
        for code in reversed(scoring.RECOMMENDATIONS)
        if result.recommendations.get(code)
    )
    return format_html(" · <b>{}</b> {} · {}", gettext("Concerns:"), _concerns(result, context), tally)


def _why_lines(
    pairs: Sequence[tuple[CandidateColumn, scoring.CandidateResult]],
    rules: Sequence[scoring.QualityRule],
    names: Mapping[str, str],
    thin_below: int,
) -> str:
    """Each candidate's strengths, concerns and recommendations (``scoring.why_lines``), a line each
    in rank order, written here like the table's cells (a shortlist may hold hundreds). Strengths
    compare the candidates (who leads a quality): they are decided here; the rest of each line
    came with the candidate's column."""
    results = [result for _column, result in pairs]
    lines = {line.candidate_id: line for line in scoring.why_lines(results, rules, thin_below=thin_below)}
    strengths_label = gettext("Strengths:")
    hidden = format_html(
        '<span aria-hidden="true">🔒</span> {}', gettext("hidden until you submit your scorecard")
    )
    unscored = gettext("no submitted scorecard yet")
    drawn = []
    for column, result in pairs:
        if column.hidden or not result.scorecard_count:
            drawn.append(
                format_html(
                    '<li id="why-{}"><b>{}. {}</b> · {}</li>',
                    column.pk,
                    result.rank,
                    column.name,
                    hidden if column.hidden else unscored,
                )
            )
            continue
        assessed = [rule.code for rule in rules if rule.code in result.means]
        drawn.append(
            format_html(
                '<li id="why-{}"><b>{}. {}</b> · <b>{}</b> {}{}</li>',
                column.pk,
                result.rank,
                column.name,
                strengths_label,
                _strengths_text(lines[column.pk].strengths, assessed, names),
                column.why_tail,
            )
        )
    return render_to_string("includes/dashboard_why.html", {"lines": _joined(drawn)})


def dashboard_page(
    *,
    columns: Sequence[CandidateColumn],
    notes: Mapping[int, str],
    quality_list: Sequence[Quality],
    rules: Sequence[scoring.QualityRule],
    adjusted: bool,
) -> DashboardPage:
    """Rank the columns and put the page together, the shortlist's notes included."""
    return with_notes(
        ranked_page(columns=columns, quality_list=quality_list, rules=rules, adjusted=adjusted), notes
    )


def with_notes(page: DashboardPage, notes: Mapping[int, str]) -> DashboardPage:
    """The ranked page with the shortlist's notes: what a note changes, and nothing else."""
    return replace(
        page,
        columns=tuple(replace(column, note=notes.get(column.pk, "")) for column in page.columns),
        **_note_rows([(c.pk, c.name, notes.get(c.pk, "")) for c in page.columns]),
    )


def ranked_page(
    *,
    columns: Sequence[CandidateColumn],
    quality_list: Sequence[Quality],
    rules: Sequence[scoring.QualityRule],
    adjusted: bool,
) -> DashboardPage:
    """Rank the columns and put the page together: what compares the candidates is decided here.

    It depends on the candidates' data and the weights only, not on the shortlist's notes
    (``with_notes`` adds them): kept by the candidates' versions, it outlives a note.
    """
    by_pk = {column.pk: column for column in columns}
    ranked = scoring.rank(column.result for column in columns)
    ordered = [by_pk[result.candidate_id] for result in ranked]
    codes = [q.code for q in quality_list]
    best = scoring.best_values(ranked, codes)
    best_score = best.get("weighted_score")

    rows = []
    weights = {rule.code: rule.weight for rule in rules}  # what-if weights included
    for index, quality in enumerate(quality_list):
        top = best.get(quality.code)
        cells = _joined(
            [
                column.means[index][top is not None and column.result.means.get(quality.code) == top]
                for column in ordered
            ]
        )
        rows.append(QualityRow(quality.code, quality.name, weights[quality.code], quality.is_empathy, cells))

    names = {q.code: q.name for q in quality_list}
    thin_below = settings.THIN_EVIDENCE_BELOW
    pairs = list(zip(ordered, ranked, strict=True))
    return DashboardPage(
        columns=tuple(PageColumn(CandidateName(c.pk, c.name), "", r, c.hidden) for c, r in pairs),
        head=_joined([format_html("{}{}{}", c.head[0], r.rank, c.head[1]) for c, r in pairs]),
        score_row=_joined(
            [c.score[best_score is not None and c.result.weighted_score == best_score] for c in ordered]
        ),
        scorecards_row=_joined([c.scorecards for c in ordered]),
        recommendations_row=_joined([c.recommendations for c in ordered]),
        decision_row=_joined([c.decision for c in ordered]),
        rows=tuple(rows),
        fragility=tuple(
            FragilityItem(
                names[change.quality],
                change.delta,
                by_pk[change.top_candidate_id].name,
                change.scorecard_count,
                change.thin_evidence,
            )
            for change in scoring.fragility_with_counts(ranked, rules, thin_below=thin_below)
        ),
        note_row="",
        note_row_removable="",
        print_notes="",
        why_lines=_why_lines(pairs, rules, names, thin_below),
        debrief=_joined([c.debrief for c in ordered]),
        chart={
            "labels": [q.name for q in quality_list],
            "codes": codes,
            "candidates": [c.chart for c in ordered],
        },
        adjusted=adjusted,
    )


# --- the weights: in words (the rubric page) and their changes (the dashboard) -----------------


def _quality_count(count: int) -> str:
    """A number of qualities in words ("ten", "dix"), as the rubric's prose writes it."""
    words = {
        1: pgettext("number of qualities", "one"),
        2: pgettext("number of qualities", "two"),
        3: pgettext("number of qualities", "three"),
        4: pgettext("number of qualities", "four"),
        5: pgettext("number of qualities", "five"),
        6: pgettext("number of qualities", "six"),
        7: pgettext("number of qualities", "seven"),
        8: pgettext("number of qualities", "eight"),
        9: pgettext("number of qualities", "nine"),
        10: pgettext("number of qualities", "ten"),
        11: pgettext("number of qualities", "eleven"),
        12: pgettext("number of qualities", "twelve"),
    }
    return words.get(count, str(count))


def _times(ratio: Fraction) -> str:
    """How many times one weight is another: "twice", "three times", "2.5 times"."""
    words = {
        2: gettext("twice"),
        3: gettext("three times"),
        4: gettext("four times"),
        5: gettext("five times"),
        6: gettext("six times"),
        7: gettext("seven times"),
        8: gettext("eight times"),
        9: gettext("nine times"),
        10: gettext("ten times"),
    }
    if ratio.denominator == 1 and ratio.numerator in words:
        return words[ratio.numerator]
    places = 0 if ratio.denominator == 1 else 1
    return gettext("%(ratio)s times") % {"ratio": decimal(ratio, places)}


def _names(members: Sequence[str]) -> str:
    """ "Analysis", "Analysis and Curiosity", "Analysis, Curiosity and Teamwork"."""
    if len(members) == 1:
        return members[0]
    return gettext("%(items)s and %(last)s") % {"items": ", ".join(members[:-1]), "last": members[-1]}


def weights_text(weights: Sequence[tuple[str, int]]) -> str:
    """The weights stated in words, from ``(quality name, weight)`` pairs in the rubric's order.

    "Empathy weighs 3, three times each of the other ten qualities (1 each)." when the others
    are equal; otherwise a sentence per weight, heaviest first, the lightest group summed up as
    "the other nine qualities". The share of the total is said when one quality weighs most.
    Written from the stored weights, so that the page can never say what they are not.
    """
    groups = scoring.weight_groups(weights)
    if not groups:
        return ""
    total = sum(weight for _name, weight in weights)
    top = groups[0]
    if len(groups) == 1:
        if len(top.members) == 1:
            return gettext("%(name)s weighs %(weight)s.") % {"name": top.members[0], "weight": top.weight}
        return gettext("All %(count)s qualities weigh %(weight)s each.") % {
            "count": _quality_count(len(top.members)),
            "weight": top.weight,
        }
    sentences = []
    if len(groups) == 2 and len(top.members) == 1:
        rest = groups[1]
        values = {
            "name": top.members[0],
            "weight": top.weight,
            "times": _times(Fraction(top.weight, rest.weight)),
            "count": _quality_count(len(rest.members)),
            "other": rest.weight,
        }
        if len(rest.members) == 1:
            sentences.append(
                gettext("%(name)s weighs %(weight)s, %(times)s the other quality (%(other)s).") % values
            )
        else:
            sentences.append(
                ngettext(
                    "%(name)s weighs %(weight)s, %(times)s each of the other %(count)s quality "
                    "(%(other)s each).",
                    "%(name)s weighs %(weight)s, %(times)s each of the other %(count)s qualities "
                    "(%(other)s each).",
                    len(rest.members),
                )
                % values
            )
    else:
        for index, group in enumerate(groups):
            last = index == len(groups) - 1
            values = {"names": _names(group.members), "weight": group.weight}
            if len(group.members) == 1:
                sentences.append(
                    gettext("%(name)s weighs %(weight)s.") % {"name": group.members[0], **values}
                )
            elif last:
                count = len(group.members)
                sentences.append(
                    ngettext(
                        "The other %(count)s quality weighs %(weight)s.",
                        "The other %(count)s qualities weigh %(weight)s each.",
                        count,
                    )
                    % {"count": _quality_count(count), **values}
                )
            else:
                sentences.append(gettext("%(names)s weigh %(weight)s each.") % values)
    if len(top.members) == 1:
        sentences.append(
            gettext("%(name)s carries %(share)s%% of the total weight.")
            % {"name": top.members[0], "share": percent(Fraction(top.weight, total))}
        )
    return " ".join(sentences)


@dataclass(frozen=True)
class WeightChangeRow:
    """One change of a weight or a bar, as the dashboard lists it."""

    changed_at: datetime.datetime
    who: str
    quality: str
    field: str  # what changed, in words: "weight", "minimum bar"
    old: str
    new: str
    reason: str


@dataclass(frozen=True)
class WeightHistory:
    """The changes of weights and bars since a shortlist was created, newest first."""

    rows: tuple[WeightChangeRow, ...] = ()
    count: int = 0  # all of them; rows holds the newest WEIGHT_CHANGES_SHOWN

    @property
    def last(self) -> WeightChangeRow | None:
        return self.rows[0] if self.rows else None

    @property
    def more(self) -> int:
        return self.count - len(self.rows)


WEIGHT_CHANGES_SHOWN = 20


def weight_history(changes: Sequence[Mapping[str, Any]]) -> WeightHistory:
    """The history as shown, from the changes (``changed_at``, ``who``, ``quality``, ``field``,
    ``old``, ``new``, ``reason``), newest first; a bar removed or not yet set reads "none"."""
    fields = {"weight": gettext("weight"), "minimum": gettext("minimum bar")}
    none = gettext("none")
    return WeightHistory(
        rows=tuple(
            WeightChangeRow(
                changed_at=change["changed_at"],
                who=change["who"],
                quality=change["quality"],
                field=fields.get(change["field"], change["field"]),
                old=change["old"] or none,
                new=change["new"] or none,
                reason=change["reason"],
            )
            for change in changes[:WEIGHT_CHANGES_SHOWN]
        ),
        count=len(changes),
    )
