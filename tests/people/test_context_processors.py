from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_roles_context_bad_host_header_answers_400_not_500(settings):
    # DisallowedHost is raised before AuthenticationMiddleware sets request.user; the 400 page
    # still runs the context processors, which must not need a user.
    settings.ALLOWED_HOSTS = ["example.com"]
    client = Client(raise_request_exception=False)

    response = client.get("/accounts/login/", HTTP_HOST="evil.test")

    assert response.status_code == 400
