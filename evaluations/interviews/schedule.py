"""The timing rules of owed scorecards (DESIGN.md, "Interviews, panels and what each person owes").

Plain values in, plain values out: no ORM and no Django import, so that ``/todo/``,
``send_reminders`` and the tests read one definition of "overdue" and "a reminder is due".
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = [
    "InterviewSlot",
    "OwedTiming",
    "due_at",
    "is_overdue",
    "owed_timing",
    "reminder_due",
    "todo_sort_key",
]

REMINDER_INTERVAL = datetime.timedelta(hours=24)


@dataclass(frozen=True)
class InterviewSlot:
    interview_id: int
    starts_at: datetime.datetime
    ends_at: datetime.datetime


@dataclass(frozen=True)
class OwedTiming:
    """Which interview an owed scorecard is shown with, and from when it is overdue.

    ``reference`` is the latest interview that has started (the one the evidence comes from),
    or else the next one; ``ended_at`` is the end of the latest interview that has ended, which
    overdue and reminders are timed from (None while none has).
    """

    reference: InterviewSlot | None
    ended_at: datetime.datetime | None


def owed_timing(slots: Iterable[InterviewSlot], now: datetime.datetime) -> OwedTiming:
    ordered = sorted(slots, key=lambda s: (s.starts_at, s.interview_id))
    started = [s for s in ordered if s.starts_at <= now]
    upcoming = [s for s in ordered if s.starts_at > now]
    ended = [s.ends_at for s in ordered if s.ends_at <= now]
    reference = started[-1] if started else (upcoming[0] if upcoming else None)
    return OwedTiming(reference=reference, ended_at=max(ended) if ended else None)


def due_at(timing: OwedTiming, due_hours: int) -> datetime.datetime | None:
    """When the scorecard becomes overdue: ``due_hours`` after the latest interview ended."""
    if timing.ended_at is None:
        return None
    return timing.ended_at + datetime.timedelta(hours=due_hours)


def is_overdue(timing: OwedTiming, now: datetime.datetime, due_hours: int) -> bool:
    due = due_at(timing, due_hours)
    return due is not None and now > due


def todo_sort_key(
    timing: OwedTiming, now: datetime.datetime, due_hours: int, name: str, candidate_id: int
) -> tuple[object, ...]:
    """Overdue first (the longest overdue first), then by interview time, soonest first; owed
    scorecards without any interview (a draft started on its own) come last."""
    due = due_at(timing, due_hours)
    if due is not None and now > due:
        return (0, due, name, candidate_id)
    if timing.reference is not None:
        return (1, timing.reference.starts_at, name, candidate_id)
    return (2, datetime.datetime.max.replace(tzinfo=datetime.UTC), name, candidate_id)


def reminder_due(
    *,
    ended_at: datetime.datetime | None,
    now: datetime.datetime,
    sent: int,
    last_sent_at: datetime.datetime | None,
    after_hours: int,
    maximum: int,
) -> bool:
    """Whether the next reminder of an owed scorecard should go out now.

    The first once the latest interview sat ended ``after_hours`` ago; then at most one every
    24 hours; never more than ``maximum`` in all.
    """
    if ended_at is None or sent >= maximum:
        return False
    if now < ended_at + datetime.timedelta(hours=after_hours):
        return False
    return last_sent_at is None or now >= last_sent_at + REMINDER_INTERVAL
