"""The admin of the rubric: qualities, the rubric's version and the history of weights."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from evaluations.admin_site import HistoryAdmin
from evaluations.rubric import services
from evaluations.rubric.forms import QualityAdminForm
from evaluations.rubric.models import Quality, Rubric, RubricChange


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
class RubricChangeAdmin(HistoryAdmin):
    list_display = ["changed_at", "quality", "field", "old_value", "new_value", "changed_by", "reason"]
    list_filter = ["field", "quality"]
    search_fields = ["reason", "changed_by__username"]
    date_hierarchy = "changed_at"
