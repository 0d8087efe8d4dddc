"""The admin of users' preferences and of login attempts."""

from __future__ import annotations

from typing import Any

from axes.admin import AccessAttemptAdmin as AxesAccessAttemptAdmin
from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from django.contrib import admin
from django.db.models import QuerySet

from evaluations.people.models import UserPreference

if admin.site.is_registered(AccessAttempt):
    admin.site.unregister(AccessAttempt)

    @admin.register(AccessAttempt)
    class AccessAttemptAdmin(AxesAccessAttemptAdmin):
        @admin.action(description=AxesAccessAttemptAdmin.cleanup_expired_attempts.short_description)
        def cleanup_expired_attempts(self, request: Any, queryset: QuerySet[AccessAttempt]) -> None:
            # Axes dates the clean-up from the request's attempt time, which it sets only on a
            # login: without it, its own action answers 500.
            AxesProxyHandler.update_request(request)
            super().cleanup_expired_attempts(request, queryset)


@admin.register(UserPreference)
class UserPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "language"]
    search_fields = ["user__username"]
    autocomplete_fields = ["user"]
