"""The API's throttle: API_THROTTLE_RATE per token, per user on a session, per address otherwise."""

from __future__ import annotations

from django.conf import settings
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from evaluations.api.models import ApiToken


class ApiRateThrottle(SimpleRateThrottle):
    scope = "api"

    def get_rate(self) -> str:
        # Read at each request, so that the setting (and a test's override) is what counts.
        return settings.API_THROTTLE_RATE

    def get_cache_key(self, request: Request, view: object) -> str:
        if isinstance(request.auth, ApiToken):
            ident = f"token-{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = f"address-{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}
