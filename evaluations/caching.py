"""What the cache keeps, and how a write makes it stale at once in every process.

Every value cached from the data is keyed by *versions*: random tokens kept in the cache itself
(Redis, or the file cache every worker of the machine shares), each replaced on every write to
the data it stands for. A reader takes the versions first, then the data, and stores what it
computed under those versions; after a write no reader asks for the old version again, so
nothing stale can be served. A token is random rather than a counter so that a cache that lost
it (eviction, restart, another database sharing the server) can never hand out one already used.

The versions have scopes, so that a write empties only what it changes:

- ``global``: the rules and everything many pages share (qualities, bars, positions); what no
  narrower scope covers falls back to it.
- ``weights``: the qualities' weights alone (a column drawn under others is scored again).
- ``people``: people's names. The cells that name an interviewer or a decider hold a mark where
  the name goes; the page puts names in when it is put together, so a rename draws no cell again.
- ``candidate:<pk>``: one candidate, their submitted scorecards and scores (and whatever else is
  about them alone); a change also replaces the ``shortlist:`` version of every shortlist holding
  them, and ``any-candidate`` (read by what spans every candidate: the leniency adjustment, which
  compares every interviewer, and the candidates a shortlist may add).
- ``shortlist:<pk>``: a shortlist, who is on it, in which order, with which notes.

A dashboard seen again is one entry keyed by ``global`` and its ``shortlist:`` version. After a
write to a note, only that entry is recomputed, from each candidate's column, which is cached
under ``global`` and the candidate's version, so only what changed is computed and drawn again.
"""

from __future__ import annotations

import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import transaction

from evaluations.shortlists.models import ShortlistEntry

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)

GLOBAL = "global"
ANY_CANDIDATE = "any-candidate"
# People's names: the dashboard's cells hold marks where names go, and the page puts the names
# in when it is put together (``presenters.with_people``); what shows names is keyed by it.
PEOPLE = "people"
# The qualities' weights alone: a change of weight scores every candidate again, but draws no
# cell that does not show a score (shortlists.cells.rescored).
WEIGHTS = "weights"
VERSION_KEY = f"version:{GLOBAL}"
# Values under an old version are never read again: they only need to go away eventually.
TIMEOUT = 60 * 60


def candidate_scope(pk: int) -> str:
    return f"candidate:{pk}"


def shortlist_scope(pk: int) -> str:
    return f"shortlist:{pk}"


def versions(scopes: Sequence[str]) -> list[str]:
    """The current token of each scope, in order: one cache read for all of them."""
    keys = [f"version:{scope}" for scope in scopes]
    found = cache.get_many(keys)
    tokens = []
    for key in keys:
        token = found.get(key)
        if token is None:
            token = uuid.uuid4().hex
            if not cache.add(key, token, timeout=None):
                token = cache.get(key) or token
        tokens.append(token)
    return tokens


def candidate_versions(candidate_ids: Iterable[int]) -> dict[int, str]:
    """Each candidate's version, by pk: one cache read for all of them."""
    ids = list(candidate_ids)
    return dict(zip(ids, versions([candidate_scope(pk) for pk in ids]), strict=True))


def data_version() -> str:
    """The ``global`` version."""
    return versions([GLOBAL])[0]


def _replace(scopes: Iterable[str]) -> None:
    cache.set_many({f"version:{scope}": uuid.uuid4().hex for scope in scopes}, timeout=None)


def _changed(scopes: list[str]) -> None:
    """Replace these versions now, and again once the transaction commits.

    Now, so that the request that writes sees its own write. Again after the commit, because
    between the two another request may have read the old rows and stored them under the
    version set now.
    """
    _replace(scopes)
    transaction.on_commit(lambda: _replace(scopes))


def data_changed(**signal_kwargs: Any) -> None:
    """Make every cached value stale (the ``global`` version)."""
    _changed([GLOBAL])


def candidates_changed(candidate_ids: Iterable[int]) -> None:
    """These candidates' data changed: their columns, and every shortlist holding them, are stale."""
    ids = sorted(set(candidate_ids))
    if not ids:
        return
    shortlist_ids = set(
        ShortlistEntry.objects.filter(candidate_id__in=ids).values_list("shortlist_id", flat=True)
    )
    _changed(
        [
            ANY_CANDIDATE,
            *(candidate_scope(pk) for pk in ids),
            *(shortlist_scope(pk) for pk in sorted(shortlist_ids)),
        ]
    )


def weights_changed(**signal_kwargs: Any) -> None:
    """Only weights changed (no bar, no text): what shows a score or the weights' history is stale."""
    _changed([WEIGHTS])


def people_changed(**signal_kwargs: Any) -> None:
    """Someone's name changed: what shows names is stale (the pages put together with them, the
    exports); no candidate's cells, which hold marks rather than names."""
    _changed([PEOPLE])


def shortlist_changed(shortlist_id: int) -> None:
    """The shortlist, its candidates' order or its notes changed (not the candidates' own data)."""
    _changed([shortlist_scope(shortlist_id)])


def cached(key: str, compute: Callable[[], T], scopes: Sequence[str] = (GLOBAL,)) -> T:
    """``compute()``, or what it returned for ``key`` under the current versions of ``scopes``."""
    return cached_value(":".join([key, *versions(scopes)]), compute)


def cached_value(key: str, compute: Callable[[], T]) -> T:
    """``compute()``, or what it returned for ``key``, a key that holds the versions it depends on."""
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value


# --- copies in this process -------------------------------------------------------------------
# Values kept under a key that holds every version they depend on have one value per key, for
# ever: a copy in this process's memory can never be stale. A dashboard put together again after
# a write then takes its unchanged parts from memory, instead of unpickling them from the shared
# cache and writing them back. Bounded by count; the least recently used go first.
LOCAL_ENTRIES = 5000
_local: OrderedDict[str, Any] = OrderedDict()
_local_lock = threading.Lock()


def _local_get(key: str) -> Any:
    with _local_lock:
        value = _local.get(key)
        if value is not None:
            _local.move_to_end(key)
        return value


def _local_put(key: str, value: Any) -> None:
    with _local_lock:
        _local[key] = value
        _local.move_to_end(key)
        while len(_local) > LOCAL_ENTRIES:
            _local.popitem(last=False)


def keep_local(key: str, value: Any) -> None:
    """Replace this process's copy under ``key`` by an equivalent value (one its key still
    describes, such as a column scored again under the current weights)."""
    _local_put(key, value)


def local_value(key: str, compute: Callable[[], T]) -> T:
    """``compute()``, kept in this process only, under a key that holds every version it depends on.

    For what is cheap to compute again from values kept elsewhere: another process computes it once.
    """
    value = _local_get(key)
    if value is None:
        value = compute()
        _local_put(key, value)
    return value


def kept_values(
    keys: Mapping[K, str],
    compute: Callable[[list[K]], Mapping[K, T]],
    *,
    shared_key: str,
    rewrite_after: int,
) -> dict[K, T]:
    """A value for each of ``keys`` (each holding every version its value depends on).

    From this process's memory first. When fewer than ``rewrite_after`` are missing there (a few
    changed since this process last showed them), they are computed; when more are (a process
    that has not shown them yet), they are read from one shared entry (``shared_key``) holding
    what any process computed, and only the rest computed. The shared entry is written again
    only when ``rewrite_after`` values or more were computed: one changed value does not cost
    reading and writing them all, and a process that reads the entry later computes those few.
    """
    found: dict[K, T] = {}
    for item, key in keys.items():
        value = _local_get(key)
        if value is not None:
            found[item] = value
    missing = [item for item in keys if item not in found]
    if not missing:
        return found
    shared: dict[str, Any] = (cache.get(shared_key) or {}) if len(missing) >= rewrite_after else {}
    computed = compute([item for item in missing if keys[item] not in shared])
    for item in missing:
        key = keys[item]
        value = computed.get(item, shared.get(key))
        if value is not None:
            found[item] = value
            _local_put(key, value)
    lacking = [keys[item] for item in computed]
    if len(lacking) >= rewrite_after:
        current = set(keys.values())
        kept = {key: value for key, value in shared.items() if key in current}
        kept.update((keys[item], value) for item, value in computed.items())
        cache.set(shared_key, kept, TIMEOUT)
    return found
