"""Forms of candidates and positions."""

from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from evaluations.candidates.fields import link_field
from evaluations.candidates.models import Candidate, Position
from evaluations.fields import (
    bounded_formfield,
)
from evaluations.forms import KeepOmittedFieldsMixin


class CandidateForm(KeepOmittedFieldsMixin, forms.ModelForm):
    link = link_field()

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
