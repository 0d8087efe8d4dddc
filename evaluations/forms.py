"""Forms validate; services write."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from evaluations import scoring, services
from evaluations.fields import (
    BoundedModelChoiceField,
    BoundedModelMultipleChoiceField,
    PkField,
    bounded_formfield,
)
from evaluations.models import (
    DECISION_STATUSES,
    INTERVIEW_MAX_MINUTES,
    INTERVIEW_MIN_MINUTES,
    Candidate,
    Interview,
    Position,
    Quality,
    Scorecard,
    Shortlist,
)

NOT_ASSESSED = ""
SCORE_LABELS = {
    1: _("1 · insufficient"),
    2: _("2 · weak"),
    3: _("3 · meets the bar"),
    4: _("4 · strong"),
    5: _("5 · exceptional"),
}
# Fields a browser sends with the rubric besides the form's own.
RUBRIC_TRANSPORT_FIELDS = {"csrfmiddlewaretoken", "action", "autosave"}
MAX_EVIDENCE = 5000
MAX_NOTES = 10000


class RubricForm(forms.Form):
    """The eleven scores and evidence notes, the recommendation and notes of one scorecard.

    Field names are the contract of DESIGN.md: ``<code>``, ``<code>_evidence``,
    ``recommendation``, ``notes``, ``version``.
    """

    recommendation = forms.ChoiceField(
        label=_("Overall recommendation"),
        choices=[("", _("No recommendation yet")), *Scorecard.Recommendation.choices],
        required=False,
        widget=forms.RadioSelect(attrs={"class": "btn-check"}),
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=MAX_NOTES,
        widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}),
    )
    version = forms.IntegerField(
        min_value=0,
        max_value=2**31 - 1,
        widget=forms.HiddenInput,
        error_messages={"required": _("The form carries no version: reload the page.")},
    )

    def __init__(
        self, *args: Any, qualities: Sequence[Quality], submitting: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.qualities = list(qualities)
        self.submitting = submitting
        choices = [(NOT_ASSESSED, _("Not assessed")), *((str(n), label) for n, label in SCORE_LABELS.items())]
        for quality in self.qualities:
            self.fields[quality.code] = forms.TypedChoiceField(
                label=quality.name,
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect(attrs={"class": "btn-check"}),
                error_messages={
                    "invalid_choice": _("Choose a score from 1 to 5, or “not assessed”."),
                },
            )
            self.fields[f"{quality.code}_evidence"] = forms.CharField(
                label=_("Evidence for %(quality)s") % {"quality": quality.name},
                required=False,
                max_length=MAX_EVIDENCE,
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control evidence-input"}),
            )
        # Fields last in the form order after the eleven qualities.
        self.order_fields([*self._quality_field_names(), "recommendation", "notes", "version"])

    def _quality_field_names(self) -> list[str]:
        names = []
        for quality in self.qualities:
            names += [quality.code, f"{quality.code}_evidence"]
        return names

    def quality_rows(self) -> list[tuple[Quality, forms.BoundField, forms.BoundField]]:
        return [(q, self[q.code], self[f"{q.code}_evidence"]) for q in self.qualities]

    def missing_fields(self) -> list[str]:
        """The contract's fields absent from the bound data, in form order.

        A browser's form always carries all of them (every radio group has a checked choice,
        "not assessed" and "no recommendation yet" included). A body without some of them (a
        hand-made request, a JSON or text/plain body, a truncated upload) must not be read as
        "erase these": nothing is saved from it.
        """
        if not self.is_bound:
            return []
        return [name for name in self.fields if name not in self.data]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        missing = self.missing_fields()
        if missing:
            shown = ", ".join(missing[:30]) + (" …" if len(missing) > 30 else "")
            raise forms.ValidationError(
                _("This form is incomplete, so nothing was saved. Missing: %(names)s.") % {"names": shown},
                code="missing_fields",
            )
        if self.is_bound:
            unknown = sorted(
                key for key in self.data if key not in self.fields and key not in RUBRIC_TRANSPORT_FIELDS
            )
            if unknown:
                shown = ", ".join(name[:40] for name in unknown[:5])
                raise forms.ValidationError(
                    _("This form has no field named %(names)s: nothing was saved.") % {"names": shown},
                    code="unknown_field",
                )
            # A plain dict (tests, scripts) holds one value per name; only a QueryDict can repeat one.
            getlist = getattr(self.data, "getlist", None)
            for name in self.fields:
                if getlist is not None and len(getlist(name)) > 1:
                    self.add_error(name, _("Send one value only."))
        if self.submitting:
            for name, message in services.validate_for_submit(self.to_data(cleaned)).items():
                if name not in self.errors:
                    self.add_error(name, message)
        return cleaned

    def to_data(self, cleaned: dict[str, Any] | None = None) -> services.ScorecardData:
        return services.ScorecardData.from_fields(
            self.cleaned_data if cleaned is None else cleaned, [q.code for q in self.qualities]
        )

    @classmethod
    def initial_from(cls, scorecard: Scorecard | None, scores: dict[str, Any]) -> dict[str, Any]:
        if scorecard is None:
            return {"version": 0}
        initial: dict[str, Any] = {
            "recommendation": scorecard.recommendation,
            "notes": scorecard.notes,
            "version": scorecard.version,
        }
        for code, score in scores.items():
            initial[code] = "" if score.value is None else str(score.value)
            initial[f"{code}_evidence"] = score.evidence
        return initial

    def scored_count(self) -> int:
        """How many qualities carry a score in what the user sees (bound data or initial)."""
        count = 0
        for quality in self.qualities:
            value = self[quality.code].value()
            if value not in (None, "", NOT_ASSESSED):
                count += 1
        return count


class KeepOmittedFieldsMixin:
    """On an edit, a field that the POST does not carry keeps its stored value.

    A browser's form always sends every field, so an absent one is a partial request (a script,
    a rename that sends only ``name``): it must not be read as "erase this". A checkbox is never
    "absent" (unchecked sends nothing), so it keeps HTML's meaning.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not (self.is_bound and self.instance.pk):
            return
        data = self.data.copy()
        for name, field in self.fields.items():
            key = self.add_prefix(name)
            if field.widget.value_omitted_from_data(self.data, self.files, key):
                value = self.initial.get(name)
                data[key] = "" if value is None else str(value)
        self.data = data


class CandidateForm(KeepOmittedFieldsMixin, forms.ModelForm):
    # A link typed without a scheme ("portfolio.example.com") is taken as https.
    link = forms.URLField(
        label=Candidate._meta.get_field("link").verbose_name,
        required=False,
        max_length=500,
        assume_scheme="https",
    )

    class Meta:
        model = Candidate
        # No status: it changes through a recorded decision (``services.candidate_decide``), never
        # silently with a typo fix; a new candidate starts as "applied".
        fields = ["name", "email", "phone", "position", "source", "link", "notes"]
        formfield_callback = bounded_formfield
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["position"].queryset = Position.objects.order_by("-is_open", "title")

        self.helper = FormHelper(self)
        self.helper.add_input(Submit("save", _("Save candidate")))

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        clash = Candidate.objects.filter(email__iexact=email)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("Another candidate already has this email address."))
        return email


class PositionForm(KeepOmittedFieldsMixin, forms.ModelForm):
    class Meta:
        model = Position
        fields = ["title", "location", "is_open"]
        formfield_callback = bounded_formfield

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.add_input(Submit("save", _("Save position")))


class ShortlistForm(KeepOmittedFieldsMixin, forms.ModelForm):
    class Meta:
        model = Shortlist
        fields = ["name", "position"]
        formfield_callback = bounded_formfield

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["position"].queryset = Position.objects.order_by("-is_open", "title")
        self.helper = FormHelper(self)
        self.helper.add_input(Submit("save", _("Save shortlist")))


class AddToShortlistForm(forms.Form):
    """Candidates picked in the list, added to an existing shortlist or a new one."""

    candidates = BoundedModelMultipleChoiceField(
        label=_("Candidates"),
        queryset=Candidate.objects.all(),
        widget=forms.MultipleHiddenInput,
        error_messages={"required": _("Select at least one candidate first.")},
    )
    shortlist = BoundedModelChoiceField(
        label=_("Shortlist"),
        queryset=Shortlist.objects.all(),
        required=False,
        empty_label=_("New shortlist…"),
    )
    new_name = forms.CharField(label=_("Name of the new shortlist"), max_length=200, required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not cleaned.get("shortlist") and not (cleaned.get("new_name") or "").strip():
            self.add_error("new_name", _("Pick a shortlist or name a new one."))
        return cleaned


class ShortlistCandidatesForm(forms.Form):
    candidates = BoundedModelMultipleChoiceField(
        label=_("Candidates"),
        queryset=Candidate.objects.none(),
        error_messages={"required": _("Select at least one candidate.")},
    )

    def __init__(self, *args: Any, queryset: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["candidates"].queryset = queryset


class ShortlistNoteForm(forms.Form):
    candidate = PkField(widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Note"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control form-control-sm"}),
        error_messages={"max_length": _("The note could not be saved: keep it under 2,000 characters.")},
    )

    def clean(self) -> dict[str, Any]:
        # An empty note clears it; a request without the field at all must not (a partial POST).
        if "note" not in self.data:
            raise forms.ValidationError(_("No note was sent: nothing was changed."), code="missing_fields")
        return super().clean()


def shortlist_note_editor(columns: Sequence[Any]) -> ShortlistNoteForm:
    """The dashboard's note form: pick one of the shortlist's candidates, write the note.

    Its fields sit in the dashboard's table fragment, which is cached for every viewer; they are
    tied by the ``form`` attribute to the small form that carries the viewer's CSRF token,
    written per request outside the fragment.
    """
    form = ShortlistNoteForm(auto_id="note-editor-%s")
    form.fields["candidate"].widget = forms.Select(
        choices=[(column.pk, column.name) for column in columns],
        attrs={"form": "note-form", "class": "form-select form-select-sm"},
    )
    form.fields["note"].widget.attrs["form"] = "note-form"
    return form


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Why reopen this scorecard?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why the scorecard is reopened.")},
    )


class WhatIfForm(forms.Form):
    """Trial weights for the dashboard; never stored."""

    def __init__(self, *args: Any, qualities: Sequence[Quality], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for quality in qualities:
            self.fields[f"w_{quality.code}"] = forms.IntegerField(
                label=quality.name,
                min_value=1,
                max_value=scoring.MAX_WEIGHT,
                required=False,
                initial=quality.weight,
                widget=forms.NumberInput(
                    attrs={
                        "class": "form-control form-control-sm",
                        "inputmode": "numeric",
                        # The script puts these back for "Back to the stored weights".
                        "data-stored": quality.weight,
                    }
                ),
            )
        self.qualities = list(qualities)
        # The range each weight may take, the others staying as typed: stated beside it and set
        # as its min and max, so that the browser itself refuses a value outside.
        for code, (low, high) in self.ranges().items():
            field = self.fields[f"w_{code}"]
            field.help_text = gettext("from %(low)s to %(high)s") % {"low": low, "high": high}
            field.widget.attrs.update(min=low, max=high)

    def current_weights(self) -> dict[str, int]:
        """The weights as typed, a stored weight standing in for a missing or unusable value."""
        weights = {}
        for quality in self.qualities:
            raw = str(self.data.get(f"w_{quality.code}", "")).strip() if self.is_bound else ""
            value = int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 3 else 0
            weights[quality.code] = value if 1 <= value <= scoring.MAX_WEIGHT else quality.weight
        return weights

    def ranges(self) -> dict[str, tuple[int, int]]:
        """``scoring.allowed_weight_ranges`` of the weights as typed."""
        return scoring.allowed_weight_ranges(self.current_weights())

    def weights(self) -> dict[str, int] | None:
        """The trial weights, or None when none differ from the stored ones or they break the rule."""
        if not self.is_bound or not self.is_valid():
            return None
        weights = {q.code: self.cleaned_data.get(f"w_{q.code}") or q.weight for q in self.qualities}
        if weights == {q.code: q.weight for q in self.qualities}:
            return None
        return weights

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        weights = {q.code: cleaned.get(f"w_{q.code}") or q.weight for q in self.qualities}
        services.check_weight_rule(weights, {q.code: q.name for q in self.qualities})
        return cleaned


class QualityAdminForm(forms.ModelForm):
    reason = forms.CharField(
        label=_("Reason for this change"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the weight or the minimum bar changes; kept in the history."),
    )

    class Meta:
        model = Quality
        fields = [
            "code",
            "order",
            "name_en",
            "name_fr",
            "weight",
            "minimum",
            "description_en",
            "anchor_1_en",
            "anchor_3_en",
            "anchor_5_en",
            "prompts_en",
            "description_fr",
            "anchor_1_fr",
            "anchor_3_fr",
            "anchor_5_fr",
            "prompts_fr",
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.instance.pk is None:
            return cleaned
        weight = cleaned.get("weight")
        if weight is not None and weight != self.instance.weight:
            weights = dict(Quality.objects.exclude(pk=self.instance.pk).values_list("code", "weight"))
            weights[cleaned.get("code") or self.instance.code] = weight
            names = {q.code: q.name for q in Quality.objects.all()}
            try:
                services.check_weight_rule(weights, names)
            except forms.ValidationError as error:
                self.add_error("weight", error)
        changed = weight != self.instance.weight or cleaned.get("minimum") != self.instance.minimum
        if changed and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Say why the weight or bar changes: it is kept in the history."))
        return cleaned


class CandidateImportForm(forms.Form):
    """The file to import; what it holds is read by ``importing``, not here."""

    file = forms.FileField(
        label=_("CSV or Excel file"),
        help_text=_(
            "A header row, then one candidate per row. Columns: name, email, position, phone, source, "
            "link, notes. CSV in UTF-8, separated by commas or semicolons, or an .xlsx workbook "
            "(its first sheet). At most 5,000 rows and 5 MB."
        ),
        error_messages={
            "required": _("Choose a file to import."),
            "empty": _("The file is empty."),
        },
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".csv,.xlsx,text/csv,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.add_input(Submit("preview", _("Preview the import")))


class ImportConfirmForm(forms.Form):
    """The confirmation of a preview: the token of the upload kept on the server, nothing else."""

    token = forms.CharField(max_length=64, widget=forms.HiddenInput)


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


class DecisionForm(forms.Form):
    """A hiring manager's decision on a candidate; ``services.candidate_decide`` checks the evidence."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("", "—"),
            *((s, label) for s, label in Candidate.Status.choices if s in DECISION_STATUSES),
        ],
        error_messages={
            "required": _("Choose a decision."),
            "invalid_choice": _("Choose a decision: interviewing, shortlisted, offer, hired or rejected."),
        },
    )
    reason = forms.CharField(
        label=_("Why?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why: the reason is kept with the decision.")},
    )
    confirm = forms.BooleanField(required=False)


class ShortlistDecisionForm(DecisionForm):
    """A decision recorded from the dashboard: the same form, with which of the shortlist's candidates."""

    candidate = PkField(
        label=_("Candidate"),
        error_messages={
            key: _("Choose a candidate of this shortlist.")
            for key in ("required", "invalid", "min_value", "max_value")
        },
    )

    field_order = ["candidate", "decision", "reason"]


def shortlist_decision_editor() -> DecisionForm:
    """The dashboard's decision fields: the decision and the reason, for the candidate chosen in the
    note editor (``shortlist_note_editor``), whose per-request form they are tied to. Its "Record
    the decision" button sends that form to the decision's address instead (``formaction``).
    """
    form = DecisionForm(auto_id="decision-editor-%s")
    form.fields["decision"].widget.attrs.update({"form": "note-form", "class": "form-select form-select-sm"})
    form.fields["reason"].widget.attrs.update(
        {"form": "note-form", "class": "form-control form-control-sm", "rows": 2}
    )
    return form
