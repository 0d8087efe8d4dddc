"""A cache that keeps, in this process's memory, a copy of what it reads from the shared cache.

Only for entries that never change under their key. The dashboard's drawn parts are such: their
keys hold the versions of everything they show (``evaluations.caching``), and a write replaces a
version rather than the entry, so what was stored under a key is the only value that key will
ever have. A copy in memory can then not be stale, and a dashboard seen again costs a dictionary
lookup per part instead of a read from the shared cache (a file, or a round trip to Redis)
followed by decompressing and unpickling a page's worth of HTML.

Configured under its own alias (``CACHES["fragments"]``) and named by the templates that use it
(``{% cache … using="fragments" %}``), so that nothing else lands here by accident:

- ``SHARED``: the alias of the cache every process shares (``default``); every write goes there
  too, and a key missing here is read from there;
- ``MAX_CHARS``: the size of the copies kept, in characters of text (a page of 200 candidates is
  about half a million); the least recently used go first. Values that are not text are not
  copied: they are read from the shared cache each time.

Copies expire after the alias' ``TIMEOUT`` (or a write's own timeout), like the shared entries.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from typing import Any

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.filebased import FileBasedCache

_MISSING = object()


class LocalCopies(BaseCache):
    def __init__(self, location: str, params: dict[str, Any]) -> None:
        super().__init__(params)
        options = params.get("OPTIONS", {})
        self._shared_alias = options.get("SHARED", "default")
        self._max_chars = int(options.get("MAX_CHARS", 8_000_000))
        # key → (expires at, on time.monotonic(), or None; value; its size in characters)
        self._copies: OrderedDict[str, tuple[float | None, Any, int]] = OrderedDict()
        self._chars = 0
        self._lock = threading.Lock()

    @property
    def _shared(self) -> BaseCache:
        return caches[self._shared_alias]

    # --- the copies ---------------------------------------------------------------------------

    def _local_key(self, key: str, version: int | None) -> str:
        return self.make_and_validate_key(key, version=version)

    def _copy(self, local_key: str, value: Any, timeout: float | None) -> None:
        if not isinstance(value, (str, bytes)) or len(value) > self._max_chars:
            return
        expires = None if timeout is None else time.monotonic() + timeout
        with self._lock:
            self._forget(local_key)
            self._copies[local_key] = (expires, value, len(value))
            self._chars += len(value)
            while self._chars > self._max_chars:
                _key, (_expires, _value, size) = self._copies.popitem(last=False)
                self._chars -= size

    def _forget(self, local_key: str) -> None:
        # With the lock held.
        found = self._copies.pop(local_key, None)
        if found is not None:
            self._chars -= found[2]

    def _copied(self, local_key: str) -> Any:
        with self._lock:
            found = self._copies.get(local_key)
            if found is None:
                return _MISSING
            expires, value, _size = found
            if expires is not None and expires <= time.monotonic():
                self._forget(local_key)
                return _MISSING
            self._copies.move_to_end(local_key)
            return value

    def _timeout(self, timeout: Any) -> float | None:
        """Seconds a copy is kept: as BaseCache reads a timeout (none given: the alias' own; 0:
        not kept), but relative, for time.monotonic()."""
        if timeout is DEFAULT_TIMEOUT:
            return self.default_timeout
        return -1 if timeout == 0 else timeout

    # --- the cache API ------------------------------------------------------------------------

    def get(self, key: str, default: Any = None, version: int | None = None) -> Any:
        local_key = self._local_key(key, version)
        value = self._copied(local_key)
        if value is not _MISSING:
            return value
        value = self._shared.get(key, _MISSING, version=version)
        if value is _MISSING:
            return default
        self._copy(local_key, value, self._timeout(DEFAULT_TIMEOUT))
        return value

    def set(self, key: str, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> None:
        self._shared.set(key, value, timeout=self._shared_timeout(timeout), version=version)
        self._copy(self._local_key(key, version), value, self._timeout(timeout))

    def add(self, key: str, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        added = self._shared.add(key, value, timeout=self._shared_timeout(timeout), version=version)
        if added:
            self._copy(self._local_key(key, version), value, self._timeout(timeout))
        return added

    def touch(self, key: str, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        return self._shared.touch(key, timeout=self._shared_timeout(timeout), version=version)

    def delete(self, key: str, version: int | None = None) -> bool:
        with self._lock:
            self._forget(self._local_key(key, version))
        return self._shared.delete(key, version=version)

    def has_key(self, key: str, version: int | None = None) -> bool:
        if self._copied(self._local_key(key, version)) is not _MISSING:
            return True
        return self._shared.has_key(key, version=version)

    def clear(self) -> None:
        """Forget this process's copies; the shared cache is cleared through its own alias."""
        with self._lock:
            self._copies.clear()
            self._chars = 0

    def _shared_timeout(self, timeout: Any) -> Any:
        # This alias' default timeout, not the shared one's, when none is given.
        return self.default_timeout if timeout is DEFAULT_TIMEOUT else timeout


class FileCache(FileBasedCache):
    """Django's file cache, culled on one write in ``CULL_EVERY`` rather than on every write.

    Culling lists the whole directory to count its files: with a thousand entries that is about a
    millisecond and a half, paid by each of the half-dozen writes of a dashboard's first view
    after a write. Counted per process, so the directory may hold up to ``CULL_EVERY`` entries
    per process over ``MAX_ENTRIES`` between two culls.
    """

    def __init__(self, dir: str, params: dict[str, Any]) -> None:
        super().__init__(dir, params)
        self._cull_every = max(1, int(params.get("OPTIONS", {}).get("CULL_EVERY", 20)))
        self._writes = 0
        self._writes_lock = threading.Lock()

    def _cull(self) -> None:
        with self._writes_lock:
            self._writes += 1
            due = self._writes % self._cull_every == 0
        if due:
            super()._cull()
