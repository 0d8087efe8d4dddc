"""Test settings: the real settings with a fast password hasher and plain static storage."""

import os
import uuid

os.environ.setdefault("SECRET_KEY", "test-only-secret-key")
os.environ.setdefault("HTTPS", "0")
# A key prefix of its own per test run: runs sharing one Redis (SQLite and PostgreSQL, two
# checkouts) never read each other's entries. Set in the environment, so that a server the
# tests start (tests/site/test_caching.py) shares it.
os.environ.setdefault("CACHE_KEY_PREFIX", f"test-{uuid.uuid4().hex}")

from cmquality.settings import *  # noqa: F403
from cmquality.settings import STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Whitenoise's manifest storage needs collectstatic; live_server serves plain files.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
AUTOSAVE_SECONDS = 2
# The API's throttle is tested with its own rate; the rest of the suite must not meet it.
API_THROTTLE_RATE = "100000/min"
