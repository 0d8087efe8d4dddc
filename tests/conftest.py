from __future__ import annotations

import pytest
from django.conf import settings
from django.utils import translation

from evaluations.rubric.models import Quality
from tests.factories import (
    AdminFactory,
    CandidateFactory,
    ManagerFactory,
    PositionFactory,
    RecruiterFactory,
)


@pytest.fixture
def recruiter(db):
    return RecruiterFactory(username="rita")


@pytest.fixture
def other_recruiter(db):
    return RecruiterFactory(username="oscar")


@pytest.fixture
def manager(db):
    return ManagerFactory(username="maya")


@pytest.fixture
def admin_user(db):
    return AdminFactory(username="root")


@pytest.fixture
def empathy(db) -> Quality:
    return Quality.objects.get(code="empathy")


@pytest.fixture
def position(db):
    return PositionFactory()


@pytest.fixture
def candidate(db, position):
    return CandidateFactory(position=position, name="Alice Martin")


@pytest.fixture
def client_for(client):
    """A logged-in test client for a user (None stays anonymous)."""

    def login(user):
        if user is not None:
            client.force_login(user)
        return client

    return login


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a request in French activates French for the
    rest of the thread (LocaleMiddleware leaves it on), which would leak into the next test."""
    yield
    translation.activate(settings.LANGUAGE_CODE)
