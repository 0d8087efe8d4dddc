"""Writes of shortlists: create, add and remove candidates, notes and order."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from evaluations import caching
from evaluations.candidates.models import Candidate
from evaluations.shortlists.models import Shortlist, ShortlistEntry


@transaction.atomic
def shortlist_create(
    *, name: str, owner: Any, position: Any = None, candidates: Iterable[Candidate] = ()
) -> Shortlist:
    shortlist = Shortlist(name=name.strip(), owner=owner, position=position)
    shortlist.full_clean()
    shortlist.save()
    shortlist_add(shortlist=shortlist, candidates=candidates)
    return shortlist


@transaction.atomic
def shortlist_add(*, shortlist: Shortlist, candidates: Iterable[Candidate]) -> int:
    """Append candidates not yet on the shortlist, in the order given. Returns how many were added."""
    Shortlist.objects.select_for_update().filter(pk=shortlist.pk).first()
    present = set(shortlist.entries.values_list("candidate_id", flat=True))
    next_order = (shortlist.entries.aggregate(m=Max("order"))["m"] or 0) + 1
    new_entries = []
    for candidate in candidates:
        if candidate.pk in present:
            continue
        present.add(candidate.pk)
        new_entries.append(ShortlistEntry(shortlist=shortlist, candidate=candidate, order=next_order))
        next_order += 1
    ShortlistEntry.objects.bulk_create(new_entries)
    if new_entries:
        Shortlist.objects.filter(pk=shortlist.pk).update(updated_at=timezone.now())
        caching.shortlist_changed(shortlist.pk)
    return len(new_entries)


@transaction.atomic
def shortlist_remove(*, shortlist: Shortlist, candidate_ids: Iterable[int]) -> int:
    deleted, _details = ShortlistEntry.objects.filter(
        shortlist=shortlist, candidate_id__in=list(candidate_ids)
    ).delete()
    if deleted:
        Shortlist.objects.filter(pk=shortlist.pk).update(updated_at=timezone.now())
    return deleted


@transaction.atomic
def shortlist_set_note(*, shortlist: Shortlist, candidate_id: int, note: str) -> None:
    ShortlistEntry.objects.filter(shortlist=shortlist, candidate_id=candidate_id).update(note=note.strip())
    caching.shortlist_changed(shortlist.pk)


@transaction.atomic
def shortlist_resize(*, shortlist: Shortlist, candidates: list[Candidate]) -> None:
    """Make the shortlist hold exactly these candidates in this order (used by seed_demo)."""
    wanted = [c.pk for c in candidates]
    ShortlistEntry.objects.filter(shortlist=shortlist).exclude(candidate_id__in=wanted).delete()
    entries = {e.candidate_id: e for e in ShortlistEntry.objects.filter(shortlist=shortlist)}
    to_create, to_update = [], []
    for order, candidate in enumerate(candidates, start=1):
        entry = entries.get(candidate.pk)
        if entry is None:
            to_create.append(ShortlistEntry(shortlist=shortlist, candidate=candidate, order=order))
        elif entry.order != order:
            entry.order = order
            to_update.append(entry)
    ShortlistEntry.objects.bulk_create(to_create)
    ShortlistEntry.objects.bulk_update(to_update, ["order"])
    caching.shortlist_changed(shortlist.pk)
