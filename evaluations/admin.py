from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from evaluations import services
from evaluations.forms import QualityAdminForm
from evaluations.models import (
    Candidate,
    Interview,
    InterviewEvent,
    InterviewPanelist,
    InterviewQuestion,
    Position,
    Quality,
    Rubric,
    RubricChange,
    Score,
    Scorecard,
    ScorecardEvent,
    Shortlist,
    ShortlistEntry,
    UserPreference,
)


@admin.register(Quality)
class QualityAdmin(admin.ModelAdmin):
    form = QualityAdminForm
    list_display = ["order", "code", "name_en", "name_fr", "weight", "minimum"]
    list_display_links = ["code", "name_en"]
    ordering = ["order"]
    search_fields = ["code", "name_en", "name_fr"]
    readonly_fields = ["code"]
    fieldsets = [
        (None, {"fields": ["code", "order", "name_en", "name_fr"]}),
        (_("Weight and bar"), {"fields": ["weight", "minimum", "reason"]}),
        (
            _("Description and anchors (English)"),
            {"fields": ["description_en", "anchor_1_en", "anchor_3_en", "anchor_5_en", "prompts_en"]},
        ),
        (
            _("Description and anchors (French)"),
            {"fields": ["description_fr", "anchor_1_fr", "anchor_3_fr", "anchor_5_fr", "prompts_fr"]},
        ),
    ]

    def has_add_permission(self, request: Any) -> bool:
        # The eleven qualities are fixed by the rubric; their codes are a contract.
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def save_model(self, request: Any, obj: Quality, form: QualityAdminForm, change: bool) -> None:
        texts = {
            name: form.cleaned_data[name]
            for name in form.changed_data
            if name not in {"weight", "minimum", "reason", "code"}
        }
        # The service re-checks the empathy rule under a lock and writes the history.
        services.quality_update(
            quality=obj,
            actor=request.user,
            reason=form.cleaned_data.get("reason", ""),
            weight=form.cleaned_data["weight"],
            minimum=form.cleaned_data["minimum"],
            **texts,
        )


@admin.register(Rubric)
class RubricAdmin(admin.ModelAdmin):
    list_display = ["__str__"]

    def has_add_permission(self, request: Any) -> bool:
        return not Rubric.objects.exists()

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def save_model(self, request: Any, obj: Rubric, form: Any, change: bool) -> None:
        services.rubric_update(
            actor=request.user,
            reason=str(_("Edited in the administration.")),
            rationale_en=obj.rationale_en,
            rationale_fr=obj.rationale_fr,
        )


@admin.register(RubricChange)
class RubricChangeAdmin(admin.ModelAdmin):
    list_display = ["changed_at", "quality", "field", "old_value", "new_value", "changed_by", "reason"]
    list_filter = ["field", "quality"]
    search_fields = ["reason", "changed_by__username"]
    date_hierarchy = "changed_at"

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ["title", "location", "is_open", "created_at"]
    list_filter = ["is_open"]
    search_fields = ["title", "location"]


@admin.register(Candidate)
class CandidateAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "position", "status", "source", "created_at"]
    list_filter = ["status", "position"]
    search_fields = ["name", "email"]
    list_select_related = ["position"]
    date_hierarchy = "created_at"
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class ScoreInline(admin.TabularInline):
    model = Score
    extra = 0
    fields = ["quality", "value", "evidence"]
    ordering = ["quality__order"]

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


class ScorecardEventInline(admin.TabularInline):
    model = ScorecardEvent
    extra = 0
    fields = ["at", "kind", "actor", "reason", "changes"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Scorecard)
class ScorecardAdmin(admin.ModelAdmin):
    list_display = ["candidate", "interviewer", "status", "recommendation", "submitted_at", "version"]
    list_filter = ["status", "recommendation", "interviewer"]
    search_fields = ["candidate__name", "interviewer__username"]
    list_select_related = ["candidate", "interviewer"]
    readonly_fields = ["version", "created_at", "updated_at"]
    inlines = [ScoreInline, ScorecardEventInline]

    def save_model(self, request: Any, obj: Scorecard, form: Any, change: bool) -> None:
        if change:
            # Read before anything is written, so that the history shows the old values.
            request.scorecard_before = services.scorecard_snapshot(Scorecard.objects.get(pk=obj.pk))
            obj.version += 1
        super().save_model(request, obj, form, change)

    def save_related(self, request: Any, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        before = getattr(request, "scorecard_before", None)
        if change and before is not None and form.instance.is_submitted:
            services.scorecard_admin_changed(scorecard=form.instance, actor=request.user, before=before)


class ShortlistEntryInline(admin.TabularInline):
    model = ShortlistEntry
    extra = 0
    autocomplete_fields = ["candidate"]


@admin.register(Shortlist)
class ShortlistAdmin(admin.ModelAdmin):
    list_display = ["name", "position", "owner", "updated_at"]
    list_filter = ["position"]
    search_fields = ["name"]
    inlines = [ShortlistEntryInline]


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
class InterviewEventAdmin(admin.ModelAdmin):
    list_display = ["at", "kind", "candidate", "interview", "actor", "recipient", "number"]
    list_filter = ["kind"]
    search_fields = ["candidate__name", "interview__title"]
    list_select_related = ["candidate", "interview", "actor", "recipient"]
    date_hierarchy = "at"

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(UserPreference)
class UserPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "language"]
    search_fields = ["user__username"]
    autocomplete_fields = ["user"]
