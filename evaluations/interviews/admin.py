"""The admin of interviews, their panels, questions and events."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from evaluations.admin_site import HistoryAdmin
from evaluations.interviews.models import Interview, InterviewEvent, InterviewPanelist, InterviewQuestion


class InterviewPanelistInline(admin.TabularInline):
    model = InterviewPanelist
    extra = 0
    fields = ["user", "added_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False


class InterviewEventInline(admin.TabularInline):
    model = InterviewEvent
    extra = 0
    fields = ["at", "kind", "actor", "recipient", "number", "reason", "changes"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Interview)
class InterviewAdmin(admin.ModelAdmin):
    list_display = ["title", "candidate", "starts_at", "duration_minutes", "cancelled_at", "created_by"]
    list_filter = ["cancelled_at", "starts_at"]
    search_fields = ["title", "candidate__name", "location"]
    list_select_related = ["candidate", "created_by"]
    date_hierarchy = "starts_at"
    inlines = [InterviewPanelistInline, InterviewEventInline]

    # Read-only here: scheduling, edits and cancellation go through the pages, whose services keep
    # the candidate's history and raise the invite's SEQUENCE.
    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(InterviewQuestion)
class InterviewQuestionAdmin(admin.ModelAdmin):
    list_display = ["quality", "order", "facet_en", "text_en"]
    list_filter = ["quality"]
    search_fields = ["text_en", "text_fr", "facet_en"]
    ordering = ["quality__order", "order"]


@admin.register(InterviewEvent)
class InterviewEventAdmin(HistoryAdmin):
    list_display = ["at", "kind", "candidate", "interview", "actor", "recipient", "number"]
    list_filter = ["kind"]
    search_fields = ["candidate__name", "interview__title"]
    list_select_related = ["candidate", "interview", "actor", "recipient"]
    date_hierarchy = "at"
