"""The scorecard's form (the rubric): scores, evidence, recommendation and notes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from evaluations.rubric.models import Quality
from evaluations.scorecards import services
from evaluations.scorecards.models import Scorecard

NOT_ASSESSED = ""


SCORE_LABELS = {
    1: _("1 · insufficient"),
    2: _("2 · weak"),
    3: _("3 · meets the bar"),
    4: _("4 · strong"),
    5: _("5 · exceptional"),
}


# Fields a browser sends with the rubric besides the form's own.
# What the page sends besides the contract's fields: the CSRF token, which button, an autosave,
# and which card the page was opened on (``interview``: its pk, empty for the ad hoc card).
RUBRIC_TRANSPORT_FIELDS = {"csrfmiddlewaretoken", "action", "autosave", "interview"}


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


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Why reopen this scorecard?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why the scorecard is reopened.")},
    )
