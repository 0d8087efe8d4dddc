"""Forms of decisions."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from evaluations.candidates.models import Candidate
from evaluations.decisions.models import DECISION_STATUSES
from evaluations.fields import (
    PkField,
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
