"""What the cache keeps, and how a write makes it stale at once in every process.

Every value cached from the data is keyed by the *data version*: a random token kept in the
cache itself (Redis, or the file cache every worker of the machine shares), replaced on every
write to the data the dashboard and its exports are made of. A reader takes the version first,
then the data, and stores what it computed under that version; after a write no reader asks
for the old version again, so nothing stale can be served. The token is random rather than
a counter so that a cache that lost the key (eviction, restart, another database sharing the
server) can never hand out a version already used.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

T = TypeVar("T")

VERSION_KEY = "data-version"
# Values under an old version are never read again: they only need to go away eventually.
TIMEOUT = 60 * 60


def data_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        if not cache.add(VERSION_KEY, version, timeout=None):
            version = cache.get(VERSION_KEY) or version
    return version


def _new_version() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def data_changed(**signal_kwargs: Any) -> None:
    """Make every cached value stale: now, and again once the transaction commits.

    Now, so that the request that writes sees its own write. Again after the commit, because
    between the two another request may have read the old rows and stored them under the
    version set now.
    """
    if signal_kwargs.get("update_fields") == frozenset({"last_login"}):
        return  # every login saves the user: nothing shown depends on it
    _new_version()
    transaction.on_commit(_new_version)


def _scorecard_saved(instance: Any, **signal_kwargs: Any) -> None:
    # Only submitted scorecards count anywhere, and a draft is saved every few seconds while its
    # author types: a draft's save changes nothing cached, unless it is the reopening of a
    # submitted card (services.scorecard_reopen saves the status field by name).
    update_fields = signal_kwargs.get("update_fields") or ()
    if instance.status != instance.Status.DRAFT or "status" in update_fields:
        data_changed(**signal_kwargs)


def cached(key: str, compute: Callable[[], T], version: str | None = None) -> T:
    """``compute()``, or what it returned for ``key`` under the current data version."""
    versioned = f"{key}:{version or data_version()}"
    value = cache.get(versioned)
    if value is None:
        value = compute()
        cache.set(versioned, value, TIMEOUT)
    return value


def connect_signals() -> None:
    """Every model the dashboard or the exports read: a save or a delete makes the cache stale.

    The services' bulk writes and ``update()`` calls send no signal: they call ``data_changed``.
    A model added to what the dashboard shows (decisions, interviews…) must be added here.
    """
    from evaluations import models

    post_save.connect(_scorecard_saved, sender=models.Scorecard, dispatch_uid="cache-scorecard-save")
    post_delete.connect(data_changed, sender=models.Scorecard, dispatch_uid="cache-scorecard-delete")
    for model in (
        models.Quality,
        models.Position,
        models.Candidate,
        models.Score,
        models.Shortlist,
        models.ShortlistEntry,
        get_user_model(),  # interviewers' and owners' names
    ):
        post_save.connect(data_changed, sender=model, dispatch_uid=f"cache-{model._meta.label}-save")
        post_delete.connect(data_changed, sender=model, dispatch_uid=f"cache-{model._meta.label}-delete")
    m2m_changed.connect(
        data_changed, sender=models.Shortlist.candidates.through, dispatch_uid="cache-shortlist-candidates"
    )
