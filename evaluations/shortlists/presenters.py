"""The dashboard page's presenter: the columns, the rows of qualities, the fragile leads and
the reasons why, from the dashboard's selector results.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from django.conf import settings
from django.utils.html import format_html

from evaluations import scoring
from evaluations.presenters import marked_people, with_people
from evaluations.rubric.models import Quality
from evaluations.shortlists.cells import CandidateColumn, joined, note_rows, why_lines_html


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
    editor: str = ""  # the note and decision fields (pages._editor)

    @property
    def hidden_columns(self) -> list[PageColumn]:
        return [c for c in self.columns if c.hidden]


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
        **note_rows([(c.pk, c.name, notes.get(c.pk, "")) for c in page.columns]),
    )


def people_shown(page: DashboardPage) -> set[int]:
    """Whose names the page shows: the interviewers and deciders its cells hold marks for."""
    return marked_people(page.scorecards_row) | marked_people(page.decision_row) | marked_people(page.debrief)


def with_names(page: DashboardPage, names: Mapping[int, str]) -> DashboardPage:
    """The page with people's names put in (``presenters.with_people``): the cells, kept by the
    candidates' versions, hold marks, so that a renamed person draws no column again."""
    return replace(
        page,
        scorecards_row=with_people(page.scorecards_row, names),
        decision_row=with_people(page.decision_row, names),
        debrief=with_people(page.debrief, names),
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
        cells = joined(
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
        head=joined([format_html("{}{}{}", c.head[0], r.rank, c.head[1]) for c, r in pairs]),
        score_row=joined(
            [c.score[best_score is not None and c.result.weighted_score == best_score] for c in ordered]
        ),
        scorecards_row=joined([c.scorecards for c in ordered]),
        recommendations_row=joined([c.recommendations for c in ordered]),
        decision_row=joined([c.decision for c in ordered]),
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
        why_lines=why_lines_html(pairs, rules, names, thin_below),
        debrief=joined([c.debrief for c in ordered]),
        chart={
            "labels": [q.name for q in quality_list],
            "codes": codes,
            "candidates": [c.chart for c in ordered],
        },
        adjusted=adjusted,
    )
