"""The dashboard page: the dashboard's data presented, with the parts that are costly to draw
kept in the cache by a version of what they are drawn from. Web layer: it renders.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from django.db.models import Exists
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from evaluations import caching, scoring
from evaluations.candidates.models import Candidate
from evaluations.decisions.forms import shortlist_decision_editor
from evaluations.decisions.selectors import latest_decisions
from evaluations.interviews.models import InterviewPanelist
from evaluations.people import roles
from evaluations.people.selectors import display_names
from evaluations.rubric import presenters as rubric_presenters
from evaluations.rubric.models import Quality
from evaluations.rubric.selectors import qualities, quality_rules, weight_history
from evaluations.scorecards.selectors import hidden_candidate_ids
from evaluations.shortlists import cells
from evaluations.shortlists import presenters as shortlist_presenters
from evaluations.shortlists.forms import shortlist_note_editor
from evaluations.shortlists.models import Shortlist, ShortlistEntry
from evaluations.shortlists.presenters import PageColumn
from evaluations.shortlists.selectors import (
    blind_dashboard,
    blinded_column,
    dashboard,
    shortlist_candidates_to_add,
    shortlist_entries,
    shortlisted_candidates,
)


@dataclass(frozen=True)
class ShortlistPage:
    """The page at /shortlists/<pk>/: the shortlist, its dashboard as shown, the candidates to add."""

    shortlist: Shortlist
    dashboard: shortlist_presenters.DashboardPage
    # The candidates to add, read only when called (the list is drawn once per version of the
    # candidates and of the shortlist, under addable_key); empty unless the viewer may change it.
    addable: Callable[[], list[Candidate]]
    may_change: bool  # roles.may_change_shortlist: owner-only controls are shown
    cache_key: str  # the page's key: what is drawn once per version of the page is kept under it
    addable_key: str
    # The changes of weights and bars since the shortlist was created (weight_history), read
    # when shown and kept under the ``global`` version, which every change of a quality replaces.
    weight_changes: rubric_presenters.WeightHistory = field(default_factory=rubric_presenters.WeightHistory)
    # The qualities in rubric order, read once when first called, by the page or the what-if form.
    qualities: Callable[[], list[Quality]] = qualities


ADDABLE_SHOWN = 100


def shortlist_page(
    *,
    shortlist_id: int,
    user: Any,
    quality_list: Sequence[Quality] | None = None,
    weights: Mapping[str, int] | None = None,
    adjusted: bool = False,
) -> ShortlistPage:
    """The dashboard page, presented in the active language and cached by the data's versions.

    Seen again, it costs the shortlist, the candidates to add and two cache reads. After a write,
    only what the write changed is computed again: each candidate's column is kept on its own,
    under the candidate's version (``caching``), so that a note, a submit or a new candidate
    recomputes one column, and the page is put together from the others as they were.
    """
    shortlists = Shortlist.objects.select_related("position", "owner")
    if roles.sees_all_scores(user):
        # Whether the viewer sits on any interview panel, asked with the shortlist rather than
        # on its own (every view asks): most managers sit on none, and are then blind for no one.
        shortlists = shortlists.annotate(viewer_seated=Exists(InterviewPanelist.objects.filter(user=user)))
    shortlist = shortlists.get(pk=shortlist_id)
    # What-if weights in a key of fixed length (memcached, for one, refuses keys over 250 characters).
    trial = hashlib.sha256(repr(sorted(weights.items())).encode()).hexdigest()[:16] if weights else "stored"
    language = get_language()
    tokens = caching.versions(
        [
            caching.GLOBAL,
            caching.shortlist_scope(shortlist.pk),
            caching.ANY_CANDIDATE,
            caching.PEOPLE,
            caching.WEIGHTS,
        ]
    )
    # Per viewer and never cached: the candidates this viewer is blind for (their panels). A
    # viewer blind for no one shares the page with every other; a panelist gets a page of their
    # own, with those candidates unscored and ranked last.
    hidden = hidden_candidate_ids(user, seated=getattr(shortlist, "viewer_seated", None))
    blind = (
        "blind-" + hashlib.sha256(repr(sorted(hidden)).encode()).hexdigest()[:16] if hidden else "sees-all"
    )
    # Leniency-adjusted means compare every interviewer's scorecards: any candidate's change counts.
    key = ":".join(
        [
            f"dashboard:{shortlist.pk}:{language}:{trial}:{int(adjusted)}:{blind}",
            *tokens[:2],
            tokens[3],  # the names of people the page shows (the weights' history)
            tokens[4],  # the weights it scores with
            *tokens[2 : 3 if adjusted else 2],
        ]
    )

    @functools.cache
    def page_qualities() -> list[Quality]:
        return list(quality_list) if quality_list is not None else qualities()

    def compute() -> shortlist_presenters.DashboardPage:
        quality_list = page_qualities()
        rules = quality_rules(quality_list, weights)
        if adjusted:
            data = dashboard(
                shortlist_id=shortlist.pk,
                weights=weights,
                adjusted=True,
                shortlist=shortlist,
                quality_list=quality_list,
            )
            data = blind_dashboard(data, user=user, hidden=hidden)
            context = cells.ColumnContext.for_page(quality_list, adjusted=True, rules=rules)
            latest = latest_decisions(c.candidate.pk for c in data.columns)
            columns = [
                cells.candidate_column(c, data.evidence, context, latest.get(c.candidate.pk))
                for c in data.columns
            ]
            page = shortlist_presenters.dashboard_page(
                columns=columns,
                notes={c.candidate.pk: c.entry.note for c in data.columns},
                quality_list=quality_list,
                rules=rules,
                adjusted=True,
            )
            page = _named(page)
        else:
            # Who is on the shortlist and their notes only: the candidates themselves are read
            # for the columns that must be drawn again.
            notes = dict(
                ShortlistEntry.objects.filter(shortlist=shortlist)
                .order_by("order", "pk")
                .values_list("candidate_id", "note")
            )
            # The ranked page depends on who is on the shortlist and their data, not on the notes:
            # kept under the candidates' versions, a note only puts the notes back in.
            variant = f"{language}:{trial}:{tokens[0]}"
            ids = list(notes)
            versions = caching.candidate_versions(ids)
            drawn_from = hashlib.sha256(repr(sorted(versions.items())).encode()).hexdigest()[:32]
            ranked_key = f"dashboard-ranked:{shortlist.pk}:{variant}:{tokens[4]}:{blind}:{drawn_from}"
            ranked = caching.local_value(
                ranked_key,
                lambda: shortlist_presenters.ranked_page(
                    columns=_cached_columns(shortlist, ids, rules, quality_list, variant, hidden, versions),
                    quality_list=quality_list,
                    rules=rules,
                    adjusted=False,
                ),
            )
            # Named under the ``people`` version too: a rename puts the names in again, a note does not.
            named = caching.local_value(f"{ranked_key}:{tokens[3]}", lambda: _named(ranked))
            page = shortlist_presenters.with_notes(named, notes)
        return replace(page, editor=_editor(page.columns, shortlist.pk, language))

    # Read only when the page's drawn parts are not in the cache themselves ({% cache %} under key).
    page = SimpleLazyObject(lambda: caching.local_value(key, compute))
    may_change = roles.may_change_shortlist(user, shortlist)

    def addable() -> list[Candidate]:
        if not may_change:
            return []
        return list(shortlist_candidates_to_add(shortlist=shortlist)[:ADDABLE_SHOWN])

    return ShortlistPage(
        shortlist=shortlist,
        dashboard=page,
        addable=addable,
        may_change=may_change,
        cache_key=key,
        addable_key=":".join([f"dashboard-addable:{shortlist.pk}:{language}", *tokens]),
        qualities=page_qualities,
        weight_changes=SimpleLazyObject(
            lambda: caching.cached_value(
                f"weight-changes:{shortlist.pk}:{shortlist.created_at.timestamp()}:{language}:{tokens[0]}:{tokens[3]}:{tokens[4]}",
                lambda: rubric_presenters.weight_history(weight_history(shortlist=shortlist)),
            )
        ),
    )


def _named(page: shortlist_presenters.DashboardPage) -> shortlist_presenters.DashboardPage:
    """The page with the names of the people its cells mark, read as they are now: one query."""
    return shortlist_presenters.with_names(page, display_names(shortlist_presenters.people_shown(page)))


def _cached_columns(
    shortlist: Shortlist,
    candidate_ids: Sequence[int],
    rules: Sequence[scoring.QualityRule],
    quality_list: Sequence[Quality],
    variant: str,
    hidden: set[int] = frozenset(),
    versions: Mapping[int, str] | None = None,
) -> list[cells.CandidateColumn]:
    """Each candidate's presented column: kept from before when the candidate's version is unchanged.

    Each column is kept under the candidate's version (``caching.kept_values``): in this process's
    memory, and in one shared entry per shortlist, language, weights and ``global`` version that
    other processes read. Those to draw again cost four queries, whatever their number. The
    columns of candidates in ``hidden`` (the viewer is blind for them) are drawn unscored for this
    viewer, and never kept.
    """
    # ``versions``: the candidates' versions, when the caller has read them already.
    tokens = versions if versions is not None else caching.candidate_versions(candidate_ids)
    context = functools.cache(lambda: cells.ColumnContext.for_page(quality_list, adjusted=False, rules=rules))

    def draw(pks: list[int], *, blind: bool = False) -> dict[int, cells.CandidateColumn]:
        if not pks:
            return {}
        evidence: dict[tuple[int, str], str] = {}
        latest = latest_decisions(pks)
        drawn = {}
        for column in shortlisted_candidates(shortlist_entries(shortlist, pks), rules, evidence):
            pk = column.candidate.pk
            if blind:
                drawn[pk] = cells.candidate_column(
                    blinded_column(column, rules), {}, context(), latest.get(pk)
                )
            else:
                drawn[pk] = cells.candidate_column(column, evidence, context(), latest.get(pk))
        return drawn

    # The bars are in the key (the weights are not: ``cells.rescored`` follows them).
    bars = hashlib.sha256(repr([(r.code, r.minimum) for r in rules]).encode()).hexdigest()[:12]
    keys = {
        pk: f"dashboard-column:{shortlist.pk}:{variant}:{bars}:{pk}:{tokens[pk]}"
        for pk in candidate_ids
        if pk not in hidden
    }
    columns = caching.kept_values(
        keys,
        draw,
        shared_key=f"dashboard-columns:{shortlist.pk}:{variant}",
        rewrite_after=max(2, len(keys) // 10),
    )
    # Kept under the ``global`` version, not the weights': drawn under other weights (an
    # administrator changed one since), a column is scored again, its other cells kept.
    for pk, column in columns.items():
        current = cells.rescored(column, context())
        if current is not column:
            columns[pk] = current
            caching.keep_local(keys[pk], current)  # scored once per process and weights
    columns.update(draw([pk for pk in candidate_ids if pk in hidden], blind=True))
    # A candidate removed meanwhile (read before, gone now) has no column: the next version shows it gone.
    return [columns[pk] for pk in candidate_ids if pk in columns]


def _editor(columns: Sequence[shortlist_presenters.PageColumn], shortlist_id: int, language: str) -> str:
    """The note and decision fields, drawn again only when the candidates or their order change.

    A select of a few hundred options costs tens of milliseconds to draw through the widget's
    templates; kept by what it is drawn from, a kept one is never stale.
    """
    drawn_from = hashlib.sha256(repr([(c.pk, c.name) for c in columns]).encode()).hexdigest()
    return caching.cached_value(
        f"dashboard-editor:{shortlist_id}:{language}:{drawn_from}",
        lambda: editors(columns, shortlist_id),
    )


def editors(columns: Sequence[PageColumn], shortlist_id: int) -> str:
    """The form under the table, for one candidate of the shortlist (in rank order): their note,
    and a decision with its reason, each with its own button."""
    return render_to_string(
        "includes/dashboard_editor.html",
        {
            "note": shortlist_note_editor(columns),
            "decision": shortlist_decision_editor(),
            "decision_url": reverse("evaluations:shortlist-decision", args=[shortlist_id]),
        },
    )
