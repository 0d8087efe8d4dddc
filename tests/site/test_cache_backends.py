"""The process's copies of the dashboard's drawn parts (``evaluations.cache_backends.LocalCopies``):
read from the shared cache once, then from memory; bounded, expiring, and never stale, since the
parts' keys hold the versions of what they show."""

from __future__ import annotations

import os
import re
import uuid

import pytest
from django.core.cache import caches
from django.urls import reverse

from evaluations import cache_backends
from evaluations.cache_backends import LocalCopies
from evaluations.shortlists import services
from tests.factories import ManagerFactory, ScorecardFactory, ShortlistFactory


def copies(max_chars: int = 1000, timeout: int = 60) -> LocalCopies:
    return LocalCopies("", {"TIMEOUT": timeout, "OPTIONS": {"SHARED": "default", "MAX_CHARS": max_chars}})


@pytest.fixture
def key() -> str:
    # A key of this test's own in the shared cache, which every test of the run shares.
    return f"test-copies-{uuid.uuid4().hex}"


def test_a_value_read_from_the_shared_cache_is_then_served_from_memory(key):
    fragments = copies()
    caches["default"].set(key, "<p>drawn</p>")

    assert fragments.get(key) == "<p>drawn</p>"
    caches["default"].delete(key)  # the shared entry goes (evicted, expired)
    assert fragments.get(key) == "<p>drawn</p>"


def test_a_write_goes_to_the_shared_cache_and_to_memory(key):
    fragments, other_process = copies(), copies()

    fragments.set(key, "<p>drawn</p>")

    assert caches["default"].get(key) == "<p>drawn</p>"
    assert other_process.get(key) == "<p>drawn</p>"  # another process reads it from the shared cache
    caches["default"].delete(key)
    assert fragments.get(key) == "<p>drawn</p>"


def test_a_missing_key_gives_the_default_and_is_not_remembered(key):
    fragments = copies()

    assert fragments.get(key, "none") == "none"
    caches["default"].set(key, "later")
    assert fragments.get(key) == "later"


def test_the_least_recently_used_go_first_when_the_copies_are_too_large(key):
    fragments = copies(max_chars=10)
    first, second, third = (f"{key}-{n}" for n in range(3))
    fragments.set(first, "aaaa")
    fragments.set(second, "bbbb")
    assert fragments.get(first) == "aaaa"  # used: the second is now the least recently used

    fragments.set(third, "cccc")  # 12 characters: one copy must go
    for name in (first, second, third):
        caches["default"].delete(name)

    assert fragments.get(first) == "aaaa"
    assert fragments.get(second) is None
    assert fragments.get(third) == "cccc"


def test_a_value_larger_than_the_copies_is_only_shared(key):
    fragments = copies(max_chars=10)

    fragments.set(key, "x" * 11)

    assert fragments.get(key) == "x" * 11
    caches["default"].delete(key)
    assert fragments.get(key) is None


def test_values_other_than_text_are_not_copied(key):
    fragments = copies()

    fragments.set(key, {"rows": [1, 2]})
    caches["default"].delete(key)

    assert fragments.get(key) is None


def test_copies_expire_with_the_timeout(key, monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(cache_backends.time, "monotonic", lambda: now[0])
    fragments = copies(timeout=60)
    fragments.set(key, "<p>drawn</p>")
    caches["default"].delete(key)

    now[0] += 59
    assert fragments.get(key) == "<p>drawn</p>"
    now[0] += 2
    assert fragments.get(key) is None


def test_delete_forgets_the_copy_and_the_shared_entry(key):
    fragments = copies()
    fragments.set(key, "<p>drawn</p>")

    assert fragments.delete(key)

    assert fragments.get(key) is None
    assert caches["default"].get(key) is None


def test_add_writes_only_what_is_not_there_yet(key):
    fragments = copies()

    assert fragments.add(key, "first")
    assert not fragments.add(key, "second")

    assert fragments.get(key) == "first"
    assert fragments.has_key(key)


def test_clear_forgets_this_process_copies_only(key):
    fragments = copies()
    fragments.set(key, "<p>drawn</p>")

    fragments.clear()

    assert caches["default"].get(key) == "<p>drawn</p>"


# --- the dashboard ---------------------------------------------------------------------------


@pytest.fixture
def shortlist(db, client):
    """A manager's shortlist of one scored candidate, the manager logged in."""
    manager = ManagerFactory()
    shortlist = ShortlistFactory(owner=manager)
    shortlist.candidates.add(ScorecardFactory().candidate)
    client.force_login(manager)
    return shortlist


def test_dashboard_seen_again_reads_only_the_versions_from_the_shared_cache(client, shortlist, monkeypatch):
    url = reverse("evaluations:shortlist-detail", args=[shortlist.pk])
    first = client.get(url).content.decode()

    # What the view reads from the shared cache, one key at a time or several at once (Redis reads
    # the versions with one MGET; the file cache, key by key).
    shared = caches["default"]
    read = []
    original_get, original_get_many = shared.get, shared.get_many

    def get(key, *args, **kwargs):
        read.append(key)
        return original_get(key, *args, **kwargs)

    def get_many(keys, *args, **kwargs):
        read.extend(keys)
        return original_get_many(keys, *args, **kwargs)

    monkeypatch.setattr(shared, "get", get)
    monkeypatch.setattr(shared, "get_many", get_many)
    again = client.get(url).content.decode()

    assert read and all(key.startswith("version:") for key in read)
    assert _without_tokens(again) == _without_tokens(first)


def test_dashboard_copy_is_never_stale_after_a_write(client, shortlist):
    url = reverse("evaluations:shortlist-detail", args=[shortlist.pk])
    client.get(url)
    client.get(url)  # now from this process's copies

    candidate = shortlist.candidates.get()
    services.shortlist_set_note(shortlist=shortlist, candidate_id=candidate.pk, note="Call her back first")

    assert "Call her back first" in client.get(url).content.decode()


def _without_tokens(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


# --- the file cache, culled one write in CULL_EVERY ------------------------------------------------


def test_file_cache_culls_one_write_in_cull_every(tmp_path):
    files = cache_backends.FileCache(
        str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 10, "CULL_FREQUENCY": 2, "CULL_EVERY": 5}}
    )

    def count() -> int:
        return len(list(tmp_path.glob("*.djcache")))

    for n in range(10):
        files.set(f"k{n}", n)
    assert count() == 10  # the 5th write found 4 entries: under the bound, nothing culled
    for n in range(10, 14):
        files.set(f"k{n}", n)
    assert count() == 14  # over the bound, but no cull is due yet
    files.set("k14", 14)  # the 15th write culls: half of the 14 found go, then it is written
    assert count() == 8
    assert files.get("k14") == 14


def test_file_cache_is_what_the_settings_use_without_redis():
    if "REDIS_URL" in os.environ:
        pytest.skip("Redis is the shared cache here")
    assert isinstance(caches["default"], cache_backends.FileCache)
