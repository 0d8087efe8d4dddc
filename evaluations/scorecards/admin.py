"""The admin of scorecards: corrections through the service, with their events."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpResponseBase
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from evaluations.rubric.models import Quality
from evaluations.scorecards import services
from evaluations.scorecards.forms import MAX_EVIDENCE, NOT_ASSESSED, SCORE_LABELS, ReopenForm
from evaluations.scorecards.models import Scorecard, ScorecardEvent


class ScorecardEventInline(admin.TabularInline):
    """The scorecard's history: read only, as every history is."""

    model = ScorecardEvent
    extra = 0
    fields = ["at", "kind", "actor", "reason", "changes"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


class ScorecardAdminForm(forms.ModelForm):
    """What an administrator may correct in a scorecard: its content, with a reason.

    Who scored whom and the status are not fields of this form (the admin shows them read only);
    reopening a submitted card is the "Reopen" action, through the same service as a hiring
    manager's. The scores and evidence are the rubric's: ``<code>`` and ``<code>_evidence``.
    """

    reason = forms.CharField(
        label=_("Reason for this change"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required for any change; kept in the scorecard's history."),
    )
    expected_version = forms.IntegerField(min_value=0, max_value=2**31 - 1, widget=forms.HiddenInput)

    class Meta:
        model = Scorecard
        fields = ["recommendation", "notes"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.qualities = list(Quality.objects.all())
        scores = {s.quality_id: s for s in self.instance.scores.all()} if self.instance.pk else {}
        choices = [(NOT_ASSESSED, _("Not assessed")), *((str(n), label) for n, label in SCORE_LABELS.items())]
        for quality in self.qualities:
            score = scores.get(quality.pk)
            self.fields[quality.code] = forms.TypedChoiceField(
                label=quality.name,
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
                initial=score.value if score else None,
            )
            self.fields[f"{quality.code}_evidence"] = forms.CharField(
                label=_("Evidence for %(quality)s") % {"quality": quality.name},
                required=False,
                max_length=MAX_EVIDENCE,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=score.evidence if score else "",
            )
        self.fields["expected_version"].initial = self.instance.version
        self.changes: list[dict[str, Any]] = []

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.errors:
            return cleaned
        if cleaned["expected_version"] != self.instance.version:
            raise forms.ValidationError(
                _(
                    "This scorecard changed since this page was loaded: nothing was saved. "
                    "Reload the page to see its current content."
                ),
                code="stale",
            )
        data = self.to_data(cleaned)
        self.changes = services.scorecard_changes(scorecard=self.instance, data=data)
        errors = services.validate_admin_update(
            scorecard=self.instance, data=data, reason=cleaned.get("reason", ""), changes=self.changes
        )
        for name, message in errors.items():
            self.add_error(name, message)
        return cleaned

    def to_data(self, cleaned: dict[str, Any] | None = None) -> services.ScorecardData:
        return services.ScorecardData.from_fields(
            self.cleaned_data if cleaned is None else cleaned, [q.code for q in self.qualities]
        )


@admin.register(Scorecard)
class ScorecardAdmin(admin.ModelAdmin):
    form = ScorecardAdminForm
    list_display = ["candidate", "interviewer", "status", "recommendation", "submitted_at", "version"]
    list_filter = ["status", "recommendation", "interviewer"]
    search_fields = ["candidate__name", "interviewer__username"]
    list_select_related = ["candidate", "interviewer"]
    # Who scored whom, the status and its time are the history's, never edited here.
    readonly_fields = [
        "candidate",
        "interviewer",
        "status",
        "submitted_at",
        "version",
        "created_at",
        "updated_at",
    ]
    inlines = [ScorecardEventInline]
    actions = ["reopen_selected"]
    change_form_template = "admin/evaluations/scorecard/change_form.html"
    reopen_template = "admin/evaluations/scorecard/reopen_confirmation.html"

    def has_add_permission(self, request: Any) -> bool:
        # A scorecard is its author's, written through the rubric; the admin never makes one up.
        return False

    def get_fieldsets(self, request: Any, obj: Any = None) -> list[tuple[Any, dict[str, Any]]]:
        codes = list(Quality.objects.values_list("code", flat=True))
        return [
            (None, {"fields": [("candidate", "interviewer"), ("status", "submitted_at", "version")]}),
            (_("Scores and evidence"), {"fields": [(code, f"{code}_evidence") for code in codes]}),
            (_("Recommendation and notes"), {"fields": ["recommendation", "notes"]}),
            (None, {"fields": ["reason", "expected_version"]}),
            (None, {"fields": [("created_at", "updated_at")]}),
        ]

    def get_form(self, request: Any, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        # The model's fields of the form; the scores, reason and version are the form's own.
        kwargs["fields"] = ScorecardAdminForm.Meta.fields
        return super().get_form(request, obj, change, **kwargs)

    def get_object(self, request: Any, object_id: str, from_field: Any = None) -> Scorecard | None:
        obj = super().get_object(request, object_id, from_field)
        if obj is None or request.method != "POST":
            return obj
        # The change form checks the version and the changes, then saves, in the admin's one
        # transaction: the row stays locked across both, so no rubric save slips in between.
        return Scorecard.objects.select_for_update().get(pk=obj.pk)

    def save_model(self, request: Any, obj: Scorecard, form: ScorecardAdminForm, change: bool) -> None:
        services.scorecard_admin_update(
            scorecard=obj,
            actor=request.user,
            reason=form.cleaned_data["reason"],
            data=form.to_data(),
            expected_version=form.cleaned_data["expected_version"],
        )

    def get_urls(self) -> list[Any]:
        info = self.opts.app_label, self.opts.model_name
        reopen = path(
            "<path:object_id>/reopen/",
            self.admin_site.admin_view(self.reopen_view),
            name="{}_{}_reopen".format(*info),
        )
        return [reopen, *super().get_urls()]

    @admin.action(description=_("Reopen selected scorecards"), permissions=["change"])
    def reopen_selected(self, request: Any, queryset: QuerySet[Scorecard]) -> TemplateResponse | None:
        return self._reopen(
            request, list(queryset.select_related("candidate", "interviewer")), from_action=True
        )

    @method_decorator(require_http_methods(["GET", "POST"]))
    def reopen_view(self, request: Any, object_id: str) -> HttpResponseBase:
        card = self.get_object(request, unquote(object_id))
        if card is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_change_permission(request, card):
            raise PermissionDenied
        response = self._reopen(request, [card], from_action=False)
        if response is None:
            return redirect(reverse(f"{self.admin_site.name}:evaluations_scorecard_change", args=[card.pk]))
        return response

    def _reopen(self, request: Any, cards: list[Scorecard], *, from_action: bool) -> TemplateResponse | None:
        """Ask for the reason, then reopen the submitted ones through the hiring managers' service."""
        submitted = [card for card in cards if card.is_submitted]
        if not submitted:
            self.message_user(
                request, _("No submitted scorecard selected: nothing was reopened."), messages.WARNING
            )
            return None
        form = ReopenForm(request.POST if request.POST.get("post") == "yes" else None)
        if form.is_valid():
            reopened = 0
            for card in submitted:
                try:
                    services.scorecard_reopen(
                        scorecard=card, actor=request.user, reason=form.cleaned_data["reason"]
                    )
                except ValidationError:
                    continue  # reopened by someone else meanwhile
                self.log_change(request, card, [{"changed": {"fields": ["status"]}}])
                reopened += 1
            self.message_user(
                request,
                ngettext(
                    "%(count)d scorecard reopened: its author can edit and submit it again.",
                    "%(count)d scorecards reopened: their authors can edit and submit them again.",
                    reopened,
                )
                % {"count": reopened},
                messages.SUCCESS,
            )
            return None
        request.current_app = self.admin_site.name
        context = {
            **self.admin_site.each_context(request),
            "title": _("Reopen scorecards"),
            "opts": self.opts,
            "form": form,
            "cards": cards,
            "submitted": submitted,
            "drafts": [card for card in cards if not card.is_submitted],
            "from_action": from_action,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "media": self.media,
        }
        return TemplateResponse(request, self.reopen_template, context)
