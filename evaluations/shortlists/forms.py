"""Forms of shortlists: create, add candidates, notes and the what-if weights."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from evaluations import scoring
from evaluations.candidates.models import Candidate, Position
from evaluations.fields import (
    BoundedModelChoiceField,
    BoundedModelMultipleChoiceField,
    PkField,
    QuickSelect,
    bounded_formfield,
)
from evaluations.forms import KeepOmittedFieldsMixin
from evaluations.rubric import services
from evaluations.rubric.models import Quality
from evaluations.shortlists.models import Shortlist


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
    form.fields["candidate"].widget = QuickSelect(
        choices=[(column.pk, column.name) for column in columns],
        attrs={"form": "note-form", "class": "form-select form-select-sm"},
    )
    form.fields["note"].widget.attrs["form"] = "note-form"
    return form


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
