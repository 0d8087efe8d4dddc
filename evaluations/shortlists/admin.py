"""The admin of shortlists."""

from __future__ import annotations

from django.contrib import admin

from evaluations.shortlists.models import Shortlist, ShortlistEntry


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
