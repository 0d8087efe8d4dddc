"""The admin's form of a quality."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from evaluations.rubric import services
from evaluations.rubric.models import Quality


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
