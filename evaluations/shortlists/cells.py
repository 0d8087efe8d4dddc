"""The dashboard's cells: one candidate's evaluated result turned into what each row of their
column shows (typed, precomputed, drawn with ``format_html``), and the why-lines.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format, get_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeData, SafeString
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext, pgettext

from evaluations import scoring
from evaluations.candidates.models import Candidate
from evaluations.decisions import words as decision_words
from evaluations.decisions.models import Decision
from evaluations.presenters import DASH, LOCK_ICON, decimal, percent, person_mark, url_for_pk
from evaluations.rubric.models import Quality
from evaluations.scorecards.models import Scorecard
from evaluations.shortlists.selectors import ShortlistedCandidate


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

    @functools.cached_property
    def best(self) -> SafeString:
        """The best-in-row mark, drawn once per page rather than once per cell."""
        return _best_mark()

    @functools.cached_property
    def drawn(self) -> dict[tuple[Any, ...], SafeString]:
        """Small cells drawn once per page for each input they take (the count of scorecards,
        the conflicts' codes): a page draws them for every candidate."""
        return {}

    @functools.cached_property
    def score_words(self) -> dict[str, str]:
        """The words of the score cell, translated once per page (it is drawn per candidate)."""
        return {
            "coverage": gettext("coverage %(pct)s %%"),
            "hidden": gettext("hidden until you submit"),
            "below": gettext("below the bar on"),
        }

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
    # The rules ``result`` was evaluated under: ``rescored`` scores the column again under
    # other weights without drawing the rest of it again.
    rules: tuple[scoring.QualityRule, ...] = ()


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
    best = context.best
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

    score = _score_cells(result, context, hidden=column.hidden)

    # How many scorecards is beside the score: this row names who wrote them.
    scorecards = format_html(
        "<td>{}</td>",
        format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            (
                (context.scorecard_url(card["pk"]), person_mark(card["interviewer_id"]))
                for card in column.scorecards
            ),
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
        rules=context.rules,
    )


def rescored(column: CandidateColumn, context: ColumnContext) -> CandidateColumn:
    """The column under the page's weights, when it was drawn under others with the same bars
    (the columns' keys hold the bars): its result, score cells and chart again, from its means
    and spreads; the rest (the means, the debrief, the why-line's tail: none depends on a
    weight) as it was drawn."""
    if column.rules == context.rules:
        return column
    result = scoring.rescore(column.result, context.rules)
    return replace(
        column,
        result=result,
        score=_score_cells(result, context, hidden=column.hidden),
        chart={**column.chart, "parts": _chart_parts(result, context)},  # the means stand
        rules=context.rules,
    )


def _score_cells(result: scoring.CandidateResult, context: ColumnContext, *, hidden: bool) -> tuple[str, str]:
    """The weighted-score cell, as it is and as the best of its row."""
    separator, best, words = context.separator, context.best, context.score_words
    extra = []
    if result.coverage is not None and result.coverage < 1:
        coverage = words["coverage"] % {"pct": percent(result.coverage)}
        extra.append(format_html("<small>{}</small>", coverage))
    if hidden:
        extra.append(format_html("<small>{} {}</small>", LOCK_ICON, words["hidden"]))
    if result.below_bar:
        names = ", ".join(context.quality_names[code] for code in result.below_bar)
        extra.append(
            format_html(
                '<div class="below-bar-flag"><span aria-hidden="true">⚠</span> {} {}</div>',
                words["below"],
                names,
            )
        )
    weighted = format_html(
        '<span class="weighted-score">{}</span>', decimal(result.weighted_score, 1, separator)
    )
    rest = joined(extra)
    drawn = context.drawn
    count = ("count", result.scorecard_count, result.interviewer_count)
    if count not in drawn:
        drawn[count] = _scorecard_count(result.scorecard_count, result.interviewer_count, context.thin_below)
    flags = [("conflicts", scoring.conflict_flags(result, top=top)) for top in (False, True)]
    for key in flags:
        if key not in drawn:
            drawn[key] = _conflict_cells(key[1])
    standing, as_is, as_best = drawn[count], drawn[flags[0]], drawn[flags[1]]
    return (
        format_html("<td>{}{}{}{}</td>", weighted, standing, rest, as_is),
        format_html('<td class="best">{}{}{}{}{}</td>', weighted, best, standing, rest, as_best),
    )


def joined(parts: Sequence[SafeString]) -> SafeString:
    """Parts already made safe (by ``format_html``), one after the other: safe, as Django's own
    ``SafeString + SafeString`` is. Anything else is refused rather than escaped or trusted.

    The page joins thousands of cells each time it is put together: one ``str.join`` instead of
    a ``format_html`` per cell.
    """
    if not all(isinstance(part, SafeData) for part in parts):
        raise TypeError("only parts made safe by format_html may be joined unescaped")
    return SafeString("".join(parts))


def _scorecard_count(count: int, interviewers: int, thin_below: int) -> SafeString:
    """How many submitted scorecards a score stands on, marked when that is thin evidence (too
    few interviewers: two cards by one interviewer are one voice)."""
    cards = ngettext("on %(count)s scorecard", "on %(count)s scorecards", count) % {"count": count}
    if not scoring.thin_evidence(interviewers, thin_below):
        return format_html("<small>{}</small>", cards)
    return format_html(
        '<small>{} · <span class="thin-evidence">{}</span></small>',  # its mark: the stylesheet
        cards,
        gettext("thin evidence"),
    )


def _conflict_cells(codes: Sequence[str]) -> SafeString:
    """The conflicts between a candidate's recommendations and numbers (``scoring.conflict_flags``)."""
    return format_html_join(
        "",
        '<div class="conflict-flag">{}</div>',  # the flag is drawn by the stylesheet
        ((decision_words.conflict_label(code),) for code in codes),
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
        format_html(gettext("by {name}, {date}"), name=person_mark(decision.actor_id), date=when),
        format_html('<div class="decision-reason">{}</div>', Truncator(decision.reason).chars(90))
        if with_reason
        else "",
    )


def _chart(result: scoring.CandidateResult, context: ColumnContext) -> dict[str, Any]:
    """One candidate's data for the charts (static/js/dashboard.js), per quality in rubric order:
    the means (radar) and each quality's part of the weighted score in points (stacked bar), rounded
    so that the parts add up to the score the table shows; None where not assessed. Kept small (a
    page of 50 columns carries it 50 times): the script takes the candidate's pk and name from the
    table's head, whose columns come in the same order."""
    return {
        "means": [_float(result.means.get(code)) for code in context.codes],
        "parts": _chart_parts(result, context),
    }


def _chart_parts(result: scoring.CandidateResult, context: ColumnContext) -> list[float | None]:
    """Each quality's part of the weighted score, in points: the one part of the chart that
    depends on the weights."""
    parts = scoring.rounded_part_units(result.means, context.rules, 1)
    return [parts[code] / 10 if code in parts else None for code in context.codes]


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
    rest = joined(flags)
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
                        "interviewer": person_mark(score.interviewer_id),
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


def note_rows(columns: Sequence[tuple[int, str, str]]) -> dict[str, str]:
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
    count = result.interviewer_count
    if scoring.thin_evidence(count, context.thin_below):
        parts.append(
            format_html(
                '<span class="thin-evidence">{}</span>',
                ngettext(
                    "thin evidence (%(counter)s interviewer)",
                    "thin evidence (%(counter)s interviewers)",
                    count,
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


def why_lines_html(
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
    hidden = format_html("{} {}", LOCK_ICON, gettext("hidden until you submit your scorecard"))
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
    return render_to_string("includes/dashboard_why.html", {"lines": joined(drawn)})
