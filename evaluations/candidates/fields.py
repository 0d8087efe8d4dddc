"""The fields that clean a candidate's typed values. The candidate form and the import use the
same ones, so that a value one refuses, the other refuses too, with the same message.
"""

from __future__ import annotations

from collections.abc import Sequence

from django import forms

from evaluations.candidates.models import Candidate
from evaluations.fields import bounded_formfield


def link_field() -> forms.URLField:
    # A link typed without a scheme ("portfolio.example.com") is taken as https.
    return forms.URLField(
        label=Candidate._meta.get_field("link").verbose_name,
        required=False,
        max_length=500,
        assume_scheme="https",
    )


def cleaning_fields(names: Sequence[str]) -> dict[str, forms.Field]:
    """The fields of these names, as the candidate form declares them."""
    fields = forms.fields_for_model(
        Candidate, fields=[n for n in names if n != "link"], formfield_callback=bounded_formfield
    )
    if "link" in names:
        fields["link"] = link_field()
    return fields
