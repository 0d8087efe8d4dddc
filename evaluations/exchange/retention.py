"""Retention and the subject's rights (DESIGN.md, "Data in and out" → Retention).

One home for what anonymising a candidate erases, when a candidate is due, and what a subject
access request returns. ``services.retention_apply`` and ``services.candidates_anonymise`` write
through these rules; ``personal_data`` reads everything held about one candidate.

What is kept: the candidate's row (its pk, position, status and dates), every score, every
recommendation and every date, so that calibration and the counts keep their data. What goes: every
text a person typed about the candidate, and what identifies them. A new model holding free text
about a candidate adds one ``Erase`` line to ``ERASED_TEXTS`` (and its rows to ``personal_data``);
for example a decision's reason is ``Erase(Decision, "candidate", "reason")``.
"""

from __future__ import annotations

import datetime
import html
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages.storage.cookie import MessageDecoder, MessageEncoder
from django.db.models import Count, Expression, F, Model, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce, Lower, Trim
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from evaluations.candidates.models import Candidate
from evaluations.decisions.models import Decision
from evaluations.interviews.models import Interview, InterviewEvent, InterviewPanelist
from evaluations.rubric.models import Quality
from evaluations.scorecards.models import Score, Scorecard, ScorecardEvent
from evaluations.shortlists.models import ShortlistEntry

# The decisions after which nothing more is decided: the retention period runs from them.
FINAL_STATUSES = (Candidate.Status.HIRED, Candidate.Status.REJECTED)

# The candidate's own texts that are blanked; the name and the email are replaced instead.
CANDIDATE_ERASED_FIELDS = ("phone", "link", "source", "notes")


@dataclass(frozen=True)
class Erase:
    """A text column blanked on anonymisation: ``model.field`` for rows whose ``to_candidate`` is one."""

    model: type[Model]
    to_candidate: str  # the lookup from the model to the candidate
    field: str
    blank: str = ""  # what replaces it: a column that must not be empty gets a neutral mark


ERASED_TEXTS: tuple[Erase, ...] = (
    Erase(Score, "scorecard__candidate", "evidence"),
    Erase(Scorecard, "candidate", "notes"),
    Erase(ScorecardEvent, "scorecard__candidate", "reason"),
    Erase(ShortlistEntry, "candidate", "note"),
    Erase(Interview, "candidate", "location"),
    Erase(InterviewEvent, "candidate", "reason"),
    Erase(Decision, "candidate", "reason", blank="—"),
)


@dataclass(frozen=True)
class History:
    """A JSON list of ``{"field", "old", "new"}`` changes: the old and new texts of a history.

    Values of the fields in ``kept`` stay (scores, recommendations, dates, the panel of staff);
    any other field's values are blanked, and an interview title is kept only where it is generic.
    """

    model: type[Model]
    to_candidate: str
    field: str
    kept: frozenset[str]


def _scorecard_kept() -> frozenset[str]:
    return frozenset({"recommendation", *Quality.objects.values_list("code", flat=True)})


def histories() -> tuple[History, ...]:
    return (
        History(ScorecardEvent, "scorecard__candidate", "changes", _scorecard_kept()),
        History(
            InterviewEvent,
            "candidate",
            "changes",
            frozenset({"starts_at", "duration_minutes", "panel", "focus"}),
        ),
    )


# Admin history (LogEntry): the rows whose object_repr may name the candidate, and how to reach them.
LOGGED: tuple[tuple[type[Model], str, tuple[str, ...]], ...] = (
    (Candidate, "pk", ()),
    (Scorecard, "candidate", ("candidate", "interviewer")),
    (Interview, "candidate", ("candidate",)),
    (ShortlistEntry, "candidate", ("candidate", "shortlist")),
)

# A title used for the interviews of this many other candidates is generic ("Phone screen"),
# not about this candidate: it stays. Any other title becomes ``neutral_title()``.
GENERIC_TITLE_MIN_CANDIDATES = 3


def anonymised_email(pk: int) -> str:
    # ".invalid" is reserved (RFC 2606): no mail can ever reach it.
    return f"anonymised-{pk}@invalid"


def stored_text(function: Any, *args: Any) -> str:
    """A text written into the database: in the site's language, whoever triggers the write."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(function(*args))


def neutral_title() -> str:
    return stored_text(_, "Interview")


def cutoff(*, now: datetime.datetime, days: int) -> datetime.datetime:
    return now - datetime.timedelta(days=days)


def decided_at() -> Expression:
    """When the candidate's final decision was taken: the latest recorded decision to hire or
    reject; for older data, without a recorded decision, the last change of the candidate (its
    ``updated_at``, never earlier than the status change, so nothing is erased early)."""
    latest = (
        Decision.objects.filter(candidate=OuterRef("pk"), to_status__in=FINAL_STATUSES)
        .order_by("-at")
        .values("at")[:1]
    )
    return Coalesce(Subquery(latest), F("updated_at"))


def due(*, before: datetime.datetime) -> QuerySet[Candidate]:
    """The candidates to anonymise: finally decided before ``before``, and not anonymised yet."""
    return (
        Candidate.objects.filter(status__in=FINAL_STATUSES, anonymised_at__isnull=True)
        .annotate(decided_at=decided_at())
        .filter(decided_at__lt=before)
        .order_by("pk")
    )


@dataclass(frozen=True)
class Due:
    pk: int
    status: str
    decided_at: datetime.datetime


def due_list(*, before: datetime.datetime) -> list[Due]:
    return [Due(*row) for row in due(before=before).values_list("pk", "status", "decided_at")]


def _normal(title: str) -> str:
    return " ".join((title or "").split()).casefold()


def generic_titles(*, titles: Iterable[str], candidate_ids: Sequence[int]) -> set[str]:
    """The titles (normalised) shared with interviews of enough other candidates to say nothing."""
    wanted = {_normal(t) for t in titles if t}
    if not wanted:
        return set()
    rows = (
        Interview.objects.exclude(candidate_id__in=candidate_ids)
        .annotate(normal=Lower(Trim("title")))
        .filter(normal__in=wanted)
        .values("normal")
        .annotate(candidates=Count("candidate", distinct=True))
        .filter(candidates__gte=GENERIC_TITLE_MIN_CANDIDATES)
    )
    return {row["normal"] for row in rows}


def kept_title(title: str, *, generic: set[str], personal: Iterable[str]) -> str:
    """The title if it is generic and names none of the candidate's personal texts, else neutral."""
    normal = _normal(title)
    if normal in generic and not any(p and _normal(p) in normal for p in personal):
        return title
    return neutral_title()


def scrub_changes(
    changes: Any, *, kept: frozenset[str], generic: set[str], personal: Iterable[str]
) -> list[dict[str, Any]]:
    """A history's changes with the values of every field not ``kept`` blanked (None stays None)."""
    scrubbed = []
    for change in changes if isinstance(changes, list) else []:
        if not isinstance(change, Mapping):
            continue
        name = change.get("field")
        if name in kept:
            scrubbed.append(dict(change))
            continue
        entry = {"field": name if isinstance(name, str) else ""}
        for side in ("old", "new"):
            value = change.get(side)
            if value is None or value == "":
                entry[side] = value
            elif name == "title" and isinstance(value, str):
                entry[side] = kept_title(value, generic=generic, personal=personal)
            else:
                entry[side] = ""
        scrubbed.append(entry)
    return scrubbed


def personal_texts(candidate: Candidate) -> list[str]:
    """What identifies the candidate in someone's free text: a title naming them is not generic."""
    return [t for t in (candidate.name, candidate.email, candidate.phone) if t and len(t.strip()) >= 3]


def log_entries(objects: Mapping[type[Model], Iterable[Model]]) -> list[tuple[LogEntry, Model]]:
    """The admin's LogEntry rows about these objects, each with its object."""
    content_types = ContentType.objects.get_for_models(*objects)
    keyed = {(content_types[model].pk, str(obj.pk)): obj for model, rows in objects.items() for obj in rows}
    if not keyed:
        return []
    entries = LogEntry.objects.select_related("user").filter(
        content_type_id__in={ct for ct, _pk in keyed}, object_id__in={pk for _ct, pk in keyed}
    )
    return [(e, keyed[key]) for e in entries if (key := (e.content_type_id, e.object_id)) in keyed]


# --- the subject access request -----------------------------------------------------------------


def _when(value: datetime.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _user(user: Any) -> str | None:
    return user.get_username() if user is not None else None


def personal_data(*, candidate_id: int) -> dict[str, Any]:
    """Everything held about one candidate, as plain JSON values: a constant number of queries.

    Raises Candidate.DoesNotExist.
    """
    candidate = Candidate.objects.select_related("position", "anonymised_in__actor").get(pk=candidate_id)
    scorecards = list(
        Scorecard.objects.filter(candidate=candidate)
        .select_related("interviewer")
        .prefetch_related(
            Prefetch("scores", queryset=Score.objects.select_related("quality").order_by("quality__order")),
            Prefetch("events", queryset=ScorecardEvent.objects.select_related("actor").order_by("at", "pk")),
        )
        .order_by("pk")
    )
    interviews = list(
        Interview.objects.filter(candidate=candidate)
        .select_related("created_by")
        .prefetch_related(
            Prefetch("seats", queryset=InterviewPanelist.objects.select_related("user").order_by("pk")),
            Prefetch("focus", queryset=Quality.objects.order_by("order")),
        )
        .order_by("starts_at", "pk")
    )
    interview_events = list(
        InterviewEvent.objects.filter(candidate=candidate)
        .select_related("actor", "recipient")
        .order_by("at", "pk")
    )
    entries = list(
        ShortlistEntry.objects.filter(candidate=candidate).select_related("shortlist").order_by("pk")
    )
    decisions = list(
        Decision.objects.filter(candidate=candidate).select_related("actor").order_by("at", "pk")
    )
    logged = log_entries({Candidate: [candidate], Scorecard: scorecards, Interview: interviews})
    run = candidate.anonymised_in
    return {
        "candidate": {
            "id": candidate.pk,
            "name": candidate.display_name,
            "email": candidate.email,
            "phone": candidate.phone,
            "position": {"id": candidate.position_id, "title": candidate.position.title},
            "source": candidate.source,
            "link": candidate.link,
            "status": candidate.status,
            "notes": candidate.notes,
            "created_at": _when(candidate.created_at),
            "updated_at": _when(candidate.updated_at),
            "anonymised_at": _when(candidate.anonymised_at),
            "anonymised_because": run.kind if run else None,
        },
        "scorecards": [
            {
                "id": card.pk,
                "interviewer": _user(card.interviewer),
                "status": card.status,
                "recommendation": card.recommendation,
                "notes": card.notes,
                "submitted_at": _when(card.submitted_at),
                "created_at": _when(card.created_at),
                "updated_at": _when(card.updated_at),
                "scores": [
                    {"quality": s.quality.code, "value": s.value, "evidence": s.evidence}
                    for s in card.scores.all()
                ],
                "events": [
                    {
                        "kind": e.kind,
                        "by": _user(e.actor),
                        "at": _when(e.at),
                        "reason": e.reason,
                        "changes": e.changes,
                    }
                    for e in card.events.all()
                ],
            }
            for card in scorecards
        ],
        "decisions": [
            {
                "at": _when(d.at),
                "by": _user(d.actor),
                "from": d.from_status,
                "to": d.to_status,
                "reason": d.reason,
                "contradictions": d.contradictions,
            }
            for d in decisions
        ],
        "interviews": [
            {
                "id": i.pk,
                "title": i.title,
                "starts_at": _when(i.starts_at),
                "duration_minutes": i.duration_minutes,
                "location": i.location,
                "panel": [_user(seat.user) for seat in i.seats.all()],
                "focus": [q.code for q in i.focus.all()],
                "created_by": _user(i.created_by),
                "cancelled_at": _when(i.cancelled_at),
            }
            for i in interviews
        ],
        "interview_events": [
            {
                "interview": e.interview_id,
                "kind": e.kind,
                "by": _user(e.actor),
                "recipient": _user(e.recipient),
                "number": e.number,
                "at": _when(e.at),
                "reason": e.reason,
                "changes": e.changes,
            }
            for e in interview_events
        ],
        "shortlist_entries": [
            {
                "shortlist": e.shortlist.name,
                "order": e.order,
                "note": e.note,
                "added_at": _when(e.added_at),
            }
            for e in entries
        ],
        "admin_log": [
            {
                "at": _when(entry.action_time),
                "by": _user(entry.user),
                "object": entry.object_repr,
                "action": entry.get_action_flag_display(),
                "message": entry.get_change_message(),
            }
            for entry, _obj in sorted(logged, key=lambda pair: (pair[0].action_time, pair[0].pk))
        ],
        "exported_at": _when(timezone.now()),
    }


# What a session may hold that names a candidate: flash messages ("Decision recorded: … is now
# Rejected") and an import's rows waiting for confirmation. Sessions live in the database
# (SESSION_ENGINE), so anonymising a candidate scrubs them too.
MESSAGES_KEY = "_messages"


def _mentions(value: Any, needles: Sequence[str]) -> bool:
    text = json.dumps(value, default=str, ensure_ascii=False).casefold()
    return any(needle in text for needle in needles)


def session_needles(texts: Iterable[str]) -> list[str]:
    """The personal texts as a session may spell them: as typed, and HTML-escaped (a message)."""
    needles = set()
    for text in texts:
        needles.add(text.casefold())
        needles.add(html.escape(text).casefold())
        # JSON escapes quotes and backslashes inside the strings it writes.
        needles.add(json.dumps(text, ensure_ascii=False)[1:-1].casefold())
    return sorted(n for n in needles if n)


def scrubbed_session(data: Mapping[str, Any], needles: Sequence[str]) -> dict[str, Any] | None:
    """The session's data without what mentions these texts, or None when nothing does.

    A flash message that names one goes alone (the others stay); any other value that mentions
    one (an import's pending rows, or the pointer to them) goes as a whole.
    """
    if not needles:
        return None
    kept: dict[str, Any] = {}
    changed = False
    for key, value in data.items():
        if key == MESSAGES_KEY and isinstance(value, str):
            # Stored encoded (non-ASCII letters as \u escapes): read back before searching.
            messages = json.loads(value, cls=MessageDecoder)
            remaining = [m for m in messages if not _mentions(str(m), needles)]
            changed = changed or len(remaining) < len(messages)
            if remaining:
                kept[key] = value if len(remaining) == len(messages) else MessageEncoder().encode(remaining)
        elif _mentions(value, needles):
            changed = True
        else:
            kept[key] = value
    return kept if changed else None
