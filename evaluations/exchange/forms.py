"""The import's forms: the file, and the confirmation of its preview."""

from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _


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
