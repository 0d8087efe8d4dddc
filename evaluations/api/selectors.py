"""Reads of the API that no page makes; everything else comes from ``evaluations.selectors``."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Prefetch, QuerySet

from evaluations.candidates import selectors as candidate_selectors
from evaluations.candidates.models import Candidate, Position
from evaluations.interviews.models import Interview, InterviewPanelist
from evaluations.people import selectors as people_selectors
from evaluations.rubric.models import Quality


def candidate_list(
    *,
    search: str = "",
    position_id: int | None = None,
    status: str = "",
    updated_since: datetime.datetime | None = None,
) -> QuerySet:
    """The candidate list of the pages, plus ``updated_since``: a page of it costs two queries
    (its count and its rows), whatever the number of candidates."""
    queryset = candidate_selectors.candidate_queryset(search=search, position_id=position_id, status=status)
    if updated_since is not None:
        queryset = queryset.filter(updated_at__gte=updated_since)
    return queryset


def candidate(*, candidate_id: int) -> Candidate:
    return Candidate.objects.select_related("position").get(pk=candidate_id)


def position_list() -> QuerySet:
    return Position.objects.order_by("-is_open", "title", "pk")


def position(*, position_id: int) -> Position:
    return Position.objects.get(pk=position_id)


def quality(*, quality_id: int) -> Quality:
    return Quality.objects.get(pk=quality_id)


def interview_list(*, candidate_id: int | None = None) -> QuerySet:
    """Interviews, soonest first, with their panel and focus in two more queries per page."""
    queryset = Interview.objects.prefetch_related(
        Prefetch("seats", queryset=InterviewPanelist.objects.order_by("pk")),
        Prefetch("focus", queryset=Quality.objects.order_by("order")),
    ).order_by("starts_at", "pk")
    if candidate_id is not None:
        queryset = queryset.filter(candidate_id=candidate_id)
    return queryset


def interview(*, interview_id: int) -> Interview:
    return interview_list().get(pk=interview_id)


def active_users(ids: list[Any]) -> list[Any]:
    return list(people_selectors.users_by_id(ids).values())
