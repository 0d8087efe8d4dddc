"""Writes of the data exchange: importing candidates from a file, and the retention run
that anonymises candidates whose time is up.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.sessions.backends.base import SessionBase
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from evaluations import caching
from evaluations.candidates.models import Candidate, anonymised_name
from evaluations.exchange import importing, retention
from evaluations.exchange.models import RetentionRun
from evaluations.interviews.models import Interview

logger = logging.getLogger(__name__)


class ImportChanged(Exception):
    """The candidates changed since the preview: nothing was written; ``preview`` is the new one."""

    def __init__(self, preview: importing.Preview | None = None) -> None:
        super().__init__()
        self.preview = preview


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int
    errors: int


@transaction.atomic
def candidate_import(
    *, parsed: importing.ParsedFile, actor: Any = None, expected_digest: str | None = None
) -> ImportResult:
    """Write every valid row of the file in one transaction: creations, then updates.

    The preview is computed again here, on the candidates locked for the transaction; when
    ``expected_digest`` (the preview the user saw) no longer matches it, nothing is written and
    ImportChanged carries the new preview. Rows with errors are left out, as the preview said.
    """
    preview = importing.preview(parsed, for_update=True)
    if expected_digest is not None and preview.digest != expected_digest:
        raise ImportChanged(preview)
    now = timezone.now()
    to_create: list[Candidate] = []
    to_update: list[Candidate] = []
    updated_fields: set[str] = set()
    try:
        for row in preview.rows:
            if row.action == importing.Action.CREATE:
                candidate = Candidate(email=row.email, **row.values)
            elif row.action == importing.Action.UPDATE and row.candidate is not None:
                candidate = row.candidate
                for name, value in row.values.items():
                    setattr(candidate, name, value)
                candidate.updated_at = now
                updated_fields.update(row.values)
            else:
                continue
            # The model's whole validation, the case-insensitive email rule of Candidate.clean
            # included; the constraints themselves are checked by the database on the insert.
            candidate.full_clean(validate_constraints=False)
            (to_create if candidate.pk is None else to_update).append(candidate)
        with transaction.atomic():
            Candidate.objects.bulk_create(to_create, batch_size=500)
    except (ValidationError, IntegrityError) as error:
        # The preview found these rows valid a moment ago: another request wrote meanwhile.
        raise ImportChanged() from error
    if to_update:
        Candidate.objects.bulk_update(to_update, sorted({*updated_fields, "updated_at"}), batch_size=500)
    counts = preview.counts
    result = ImportResult(
        created=len(to_create),
        updated=len(to_update),
        unchanged=counts[importing.Action.UNCHANGED],
        errors=counts[importing.Action.ERROR],
    )
    logger.info(
        "Candidates imported from %s by %s: %s created, %s updated, %s unchanged, %s rows refused",
        parsed.filename,
        getattr(actor, "username", None) or "a command",
        result.created,
        result.updated,
        result.unchanged,
        result.errors,
    )
    # bulk_create and bulk_update send no signal: the dashboards show these candidates' names.
    caching.data_changed()
    return result


@dataclass
class RetentionReport:
    cutoff: Any
    due: list[retention.Due] = field(default_factory=list)  # found due (all that a dry run does)
    anonymised: int = 0
    skipped: int = 0  # held by another run, or no longer due once locked
    sessions_cleared: int = 0  # expired sessions deleted: nothing they held outlives them
    run: RetentionRun | None = None


def _session_store() -> type[SessionBase]:
    return import_module(settings.SESSION_ENGINE).SessionStore


def _scrub_sessions(texts: Iterable[str]) -> int:
    """Take out of every stored session what names these candidates; returns how many changed.

    Flash messages and an import's pending rows live in sessions, which live in the database: a
    name there would outlive the anonymisation. Every session is read once; only those that
    mention a text are then locked, read again and written, so that a session a request saves
    meanwhile is not overwritten with older data.
    """
    needles = retention.session_needles(texts)
    store = _session_store()
    get_model_class = getattr(store, "get_model_class", None)
    if not needles or get_model_class is None:
        return 0
    sessions = get_model_class().objects.only("session_key", "session_data")
    mentioning = [
        session.pk
        for session in sessions.iterator()
        if retention.scrubbed_session(store().decode(session.session_data), needles) is not None
    ]
    changed = 0
    for session in sessions.select_for_update().filter(pk__in=mentioning):
        data = retention.scrubbed_session(store().decode(session.session_data), needles)
        if data is None:
            continue
        if data:
            session.session_data = store().encode(data)
            session.save(update_fields=["session_data"])
        else:
            session.delete()
        changed += 1
    return changed


def _clear_expired_sessions() -> int:
    """Delete the expired sessions (what ``clearsessions`` does), counting them."""
    store = _session_store()
    get_model_class = getattr(store, "get_model_class", None)
    if get_model_class is None:
        store.clear_expired()
        return 0
    deleted, _by_model = get_model_class().objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


def _anonymise(candidates: Sequence[Candidate], *, run: RetentionRun, now: Any) -> None:
    """Erase every personal text of these locked candidates and of their rows (``retention``'s rules).

    A constant number of queries for the whole batch. Scores, recommendations and dates stay.
    """
    ids = [c.pk for c in candidates]
    personal = {c.pk: retention.personal_texts(c) for c in candidates}
    everyone_personal = [text for texts in personal.values() for text in texts]
    interviews = list(Interview.objects.filter(candidate_id__in=ids))
    event_rows = [
        (history, list(history.model._default_manager.filter(**{f"{history.to_candidate}__in": ids})))
        for history in retention.histories()
    ]
    titles = [i.title for i in interviews] + [
        change.get("new") or change.get("old") or ""
        for _history, rows in event_rows
        for row in rows
        for change in getattr(row, "changes", None) or []
        if isinstance(change, Mapping) and change.get("field") == "title"
    ]
    generic = retention.generic_titles(titles=[t for t in titles if isinstance(t, str)], candidate_ids=ids)

    for interview in interviews:
        interview.title = retention.kept_title(
            interview.title, generic=generic, personal=personal[interview.candidate_id]
        )
    Interview.objects.bulk_update(interviews, ["title"])
    for erase in retention.ERASED_TEXTS:
        erase.model._default_manager.filter(**{f"{erase.to_candidate}__in": ids}).update(
            **{erase.field: erase.blank}
        )
    for history, rows in event_rows:
        for row in rows:
            owner = getattr(row, "candidate_id", None)
            setattr(
                row,
                history.field,
                retention.scrub_changes(
                    getattr(row, history.field),
                    kept=history.kept,
                    generic=generic,
                    personal=everyone_personal if owner is None else personal.get(owner, everyone_personal),
                ),
            )
        history.model._default_manager.bulk_update(rows, [history.field])

    for candidate in candidates:
        for name in retention.CANDIDATE_ERASED_FIELDS:
            setattr(candidate, name, "")
        candidate.name = retention.stored_text(anonymised_name, candidate.pk)
        candidate.email = retention.anonymised_email(candidate.pk)
        candidate.anonymised_at = now
        candidate.anonymised_in = run
        candidate.updated_at = now
        # "@invalid" has no dot, which Django's email validator wants; the address is meant to be
        # undeliverable (DESIGN.md fixes its form), so the other fields are validated without it.
        # The email's uniqueness is the database's constraint; the clash query of clean() per row
        # would make the batch cost a query per candidate.
        candidate.clean_fields(exclude=["email"])
    Candidate.objects.bulk_update(
        candidates,
        ["name", "email", *retention.CANDIDATE_ERASED_FIELDS, "anonymised_at", "anonymised_in", "updated_at"],
    )

    # The admin's history names what it logged: rename it after the anonymised rows, drop the messages.
    objects: dict[type, list[Any]] = {
        model: list(
            model._default_manager.filter(**{f"{path}__in": ids}).select_related(*related)
            if path != "pk"
            else candidates
        )
        for model, path, related in retention.LOGGED
    }
    entries = retention.log_entries(objects)
    for entry, obj in entries:
        entry.object_repr = retention.stored_text(str, obj)[:200]
        entry.change_message = ""
    LogEntry.objects.bulk_update([entry for entry, _obj in entries], ["object_repr", "change_message"])
    _scrub_sessions(everyone_personal)
    # Written in bulk (no signal): every cached page showing these candidates is stale.
    caching.candidates_changed(ids)


def retention_apply(
    *, now: Any = None, days: int | None = None, dry_run: bool = False, batch_size: int = 100
) -> RetentionReport:
    """Anonymise every candidate whose final decision is older than the retention period.

    Safe to run twice, or in two processes at once: each batch is one transaction holding its
    candidates' row locks (``SELECT … FOR UPDATE SKIP LOCKED``), re-checked as still due once
    locked, so a candidate another run holds or has anonymised is skipped. The run is recorded
    (when, the cutoff, how many), and each candidate points at the run that anonymised it.
    """
    now = now or timezone.now()
    days = settings.RETENTION_DAYS if days is None else days
    cutoff = retention.cutoff(now=now, days=days)
    report = RetentionReport(cutoff=cutoff, due=retention.due_list(before=cutoff))
    if dry_run:
        return report
    run = RetentionRun(kind=RetentionRun.Kind.RETENTION, started_at=now, cutoff=cutoff, retention_days=days)
    run.full_clean()
    run.save()
    for start in range(0, len(report.due), batch_size):
        batch = [due.pk for due in report.due[start : start + batch_size]]
        with transaction.atomic():
            locked = list(
                retention.due(before=cutoff)
                .select_for_update(skip_locked=True, of=("self",))
                .filter(pk__in=batch)
            )
            _anonymise(locked, run=run, now=now)
        report.anonymised += len(locked)
        report.skipped += len(batch) - len(locked)
    # Daily, with the anonymisation: what an expired session held goes with it.
    report.sessions_cleared = _clear_expired_sessions()
    run.anonymised = report.anonymised
    run.finished_at = timezone.now()
    run.save(update_fields=["anonymised", "finished_at"])
    report.run = run
    logger.info("Retention: %s candidates anonymised, decided before %s", report.anonymised, cutoff)
    return report


@transaction.atomic
def candidates_anonymise(*, candidate_ids: Iterable[int], actor: Any) -> int:
    """Anonymise these candidates now, whatever their status: an administrator's request.

    Recorded as one run of kind "request" naming the administrator. Candidates already
    anonymised are left as they are. Returns how many were anonymised.
    """
    now = timezone.now()
    locked = list(
        Candidate.objects.select_for_update(of=("self",))
        .filter(pk__in=list(candidate_ids), anonymised_at__isnull=True)
        .order_by("pk")
    )
    if not locked:
        return 0
    run = RetentionRun(
        kind=RetentionRun.Kind.REQUEST, actor=actor, started_at=now, finished_at=now, anonymised=len(locked)
    )
    run.full_clean()
    run.save()
    _anonymise(locked, run=run, now=now)
    logger.info("%s candidates anonymised at the request of %s", len(locked), actor.get_username())
    return len(locked)
