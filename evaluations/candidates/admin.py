"""The admin of positions and candidates."""

from __future__ import annotations

from django.contrib import admin
from django.db import models

from evaluations.candidates.models import Candidate, Position
from evaluations.exchange.admin import AnonymisableCandidateAdmin


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ["title", "location", "is_open", "created_at"]
    list_filter = ["is_open"]
    search_fields = ["title", "location"]


@admin.register(Candidate)
class CandidateAdmin(AnonymisableCandidateAdmin):
    list_display = ["name", "email", "position", "status", "source", "created_at"]
    list_filter = ["status", "position", ("anonymised_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "email"]
    list_select_related = ["position"]
    date_hierarchy = "created_at"
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    readonly_fields = ["anonymised_at", "anonymised_in"]
    actions = ["anonymise_selected"]
    change_form_template = "admin/evaluations/candidate/change_form.html"
