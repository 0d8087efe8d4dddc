"""Forms of interviews: schedule or change one, and cancel it."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from evaluations.fields import (
    BoundedModelMultipleChoiceField,
)
from evaluations.interviews.models import INTERVIEW_MAX_MINUTES, INTERVIEW_MIN_MINUTES, Interview
from evaluations.rubric.models import Quality


def _is_datetime_local(value: Any) -> bool:
    try:
        datetime.datetime.strptime(str(value), "%Y-%m-%dT%H:%M")
    except ValueError:
        return False
    return True


class PanelField(BoundedModelMultipleChoiceField):
    """Panelists: active users, shown by name with their login so that namesakes differ."""

    def label_from_instance(self, obj: Any) -> str:
        name = obj.get_full_name()
        return f"{name} ({obj.get_username()})" if name else obj.get_username()


class InterviewForm(forms.Form):
    """Schedule or edit an interview. Field names are DESIGN.md's contract."""

    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("“Phone screen”, “Case study”…"),
        error_messages={"required": _("Give the interview a title, such as “Phone screen”.")},
    )
    starts_at = forms.DateTimeField(
        label=_("Starts at"),
        input_formats=["%Y-%m-%dT%H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Date and time, local time. A past time is fine for an interview entered late."),
        error_messages={
            "required": _("Say when the interview starts."),
            "invalid": _("Enter the date and time as YYYY-MM-DDTHH:MM, e.g. 2025-03-14T09:30."),
        },
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"),
        initial=45,
        min_value=INTERVIEW_MIN_MINUTES,
        max_value=INTERVIEW_MAX_MINUTES,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": _("Say how long the interview lasts, in minutes."),
            "invalid": _("Enter the duration as a whole number of minutes."),
            "min_value": _("An interview lasts at least a minute."),
            "max_value": _("An interview lasts at most 8 hours (480 minutes)."),
        },
    )
    location = forms.CharField(
        label=_("Location"),
        max_length=500,
        required=False,
        help_text=_("A room or a video link."),
    )
    panel = PanelField(
        label=_("Panel"),
        queryset=get_user_model().objects.none(),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        error_messages={
            "required": _("Choose at least one panelist."),
            "invalid_choice": _("%(value)s is not an active user: choose panelists from the list."),
            "invalid_pk_value": _("“%(pk)s” is not a user: choose panelists from the list."),
        },
    )
    focus = forms.ModelMultipleChoiceField(
        label=_("Focus qualities"),
        queryset=Quality.objects.order_by("order"),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        help_text=_("What this interview probes. Empathy is always among them."),
        error_messages={
            "invalid_choice": _("%(value)s is not a quality of the rubric."),
            "invalid_pk_value": _("%(pk)s is not a quality of the rubric."),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["panel"].queryset = (
            get_user_model().objects.filter(is_active=True).order_by("first_name", "last_name", "username")
        )
        if self.is_bound and not _is_datetime_local(self.data.get("starts_at", "")):
            # A date picker cannot show a malformed date: a text box keeps what was typed.
            widget = self.fields["starts_at"].widget
            widget.input_type = "text"
            widget.attrs["placeholder"] = "YYYY-MM-DDTHH:MM"

    @classmethod
    def initial_from(cls, interview: Interview) -> dict[str, Any]:
        return {
            "title": interview.title,
            "starts_at": timezone.localtime(interview.starts_at),
            "duration_minutes": interview.duration_minutes,
            "location": interview.location,
            "panel": [seat.user_id for seat in interview.seats.all()],
            "focus": list(interview.focus.values_list("code", flat=True)),
        }

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "starts_at": data["starts_at"],
            "duration_minutes": data["duration_minutes"],
            "location": data.get("location") or "",
            "panel": list(data["panel"]),
            "focus": list(data.get("focus") or []),
        }

    def without_email(self) -> list[str]:
        """Panelists who will get neither the invite nor reminders: said, not refused."""
        if not self.is_bound or not hasattr(self, "cleaned_data"):
            return []
        return [
            self.fields["panel"].label_from_instance(u)
            for u in self.cleaned_data.get("panel") or []
            if not u.email
        ]


class CancelInterviewForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it cancelled? (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
