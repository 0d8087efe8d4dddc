"""The admin's side of retention: anonymise candidates now (an action, and a button on the candidate's
page, both confirmed first), and the read-only record of every anonymisation."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpResponseBase
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from evaluations.admin_site import HistoryAdmin
from evaluations.candidates.models import Candidate
from evaluations.exchange import services
from evaluations.exchange.models import RetentionRun


class AnonymisableCandidateAdmin(admin.ModelAdmin):
    """CandidateAdmin's base: an anonymised candidate is read only; any other may be anonymised now."""

    anonymise_template = "admin/evaluations/candidate/anonymise_confirmation.html"

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        # Nothing typed into an anonymised candidate's row could be personal data again.
        if obj is not None and obj.anonymised_at is not None:
            return False
        return super().has_change_permission(request, obj)

    def get_urls(self) -> list[Any]:
        info = self.opts.app_label, self.opts.model_name
        anonymise = path(
            "<path:object_id>/anonymise/",
            self.admin_site.admin_view(self.anonymise_view),
            name="{}_{}_anonymise".format(*info),
        )
        return [anonymise, *super().get_urls()]

    @admin.action(description=_("Anonymise selected candidates now"), permissions=["change"])
    def anonymise_selected(self, request: Any, queryset: QuerySet[Candidate]) -> TemplateResponse | None:
        return self._anonymise(request, list(queryset.select_related("position")), from_action=True)

    @method_decorator(require_http_methods(["GET", "POST"]))
    def anonymise_view(self, request: Any, object_id: str) -> HttpResponseBase:
        candidate = self.get_object(request, unquote(object_id))
        if candidate is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not super().has_change_permission(request, candidate):
            raise PermissionDenied
        response = self._anonymise(request, [candidate], from_action=False)
        if response is None:
            return redirect(
                reverse(f"{self.admin_site.name}:evaluations_candidate_change", args=[candidate.pk])
            )
        return response

    def _anonymise(
        self, request: Any, candidates: list[Candidate], *, from_action: bool
    ) -> TemplateResponse | None:
        """Ask first, then anonymise through the service that apply_retention uses."""
        pending = [c for c in candidates if c.anonymised_at is None]
        if not pending:
            self.message_user(
                request, _("These candidates are anonymised already: nothing changed."), messages.WARNING
            )
            return None
        if request.method == "POST" and request.POST.get("post") == "yes":
            count = services.candidates_anonymise(candidate_ids=[c.pk for c in pending], actor=request.user)
            self.message_user(
                request,
                ngettext(
                    "%(count)d candidate anonymised: their personal texts are erased, their scores kept.",
                    "%(count)d candidates anonymised: their personal texts are erased, their scores kept.",
                    count,
                )
                % {"count": count},
                messages.SUCCESS,
            )
            return None
        request.current_app = self.admin_site.name
        context = {
            **self.admin_site.each_context(request),
            "title": _("Anonymise candidates"),
            "opts": self.opts,
            "candidates": candidates,
            "pending": pending,
            "done": [c for c in candidates if c.anonymised_at is not None],
            "from_action": from_action,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "media": self.media,
        }
        return TemplateResponse(request, self.anonymise_template, context)


@admin.register(RetentionRun)
class RetentionRunAdmin(HistoryAdmin):
    """Every anonymisation, by apply_retention or at an administrator's request: read only."""

    list_display = ["started_at", "kind", "actor", "anonymised", "cutoff", "retention_days", "finished_at"]
    list_filter = ["kind"]
    date_hierarchy = "started_at"
