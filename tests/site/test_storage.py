"""The static files' storage in production (``cmquality.storage``): whitenoise's hashed names, each
URL worked out once per process."""

from __future__ import annotations

import pytest

from cmquality.storage import StaticFilesStorage
from tests.site.test_settings import _secret, _setting


@pytest.fixture
def storage(tmp_path):
    storage = StaticFilesStorage(location=tmp_path, base_url="/static/")
    # What collectstatic wrote to the manifest, as read when the process starts.
    storage.hashed_files = {"css/app.css": "css/app.0123abcd.css"}
    return storage


def test_url_is_the_hashed_name(storage):
    assert storage.url("css/app.css") == "/static/css/app.0123abcd.css"


def test_url_is_kept_once_worked_out(storage):
    storage.url("css/app.css")
    storage.hashed_files = {"css/app.css": "css/app.ffff0000.css"}  # never while a process runs

    assert storage.url("css/app.css") == "/static/css/app.0123abcd.css"
    assert storage.url("css/app.css", force=True) == "/static/css/app.ffff0000.css"


def test_a_name_missing_from_the_manifest_is_refused_every_time(storage):
    for _ in range(2):
        with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
            storage.url("css/missing.css")


def test_production_settings_use_it():
    values = {"DEBUG": "0", "SECRET_KEY": _secret()}
    assert "cmquality.storage.StaticFilesStorage" in _setting("STORAGES", **values)
