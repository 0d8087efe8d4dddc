"""Serializers validate what comes in and shape what goes out; services and selectors do the rest.

Fields carry the models' names and a foreign key is the related object's pk (DESIGN.md, "API").
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from evaluations.candidates import selectors
from evaluations.candidates.models import Candidate, Position
from evaluations.fields import PK_MAX, PK_MIN
from evaluations.interviews.models import INTERVIEW_MAX_MINUTES, INTERVIEW_MIN_MINUTES, Interview
from evaluations.rubric.models import Quality
from evaluations.scorecards.forms import MAX_EVIDENCE, MAX_NOTES
from evaluations.scorecards.models import Scorecard
from evaluations.scoring import QUALITY_CODES, RECOMMENDATIONS


def pk_field(**kwargs: Any) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=PK_MIN, max_value=PK_MAX, **kwargs)


# --- candidates, positions, qualities ---------------------------------------------------------


class CandidateFilterSerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=200)
    position = pk_field(required=False)
    status = serializers.ChoiceField(choices=Candidate.Status.choices, required=False)
    updated_since = serializers.DateTimeField(required=False)


class CandidateSerializer(serializers.ModelSerializer):
    position = serializers.PrimaryKeyRelatedField(queryset=Position.objects.all())

    class Meta:
        model = Candidate
        fields = [
            "id",
            "name",
            "email",
            "phone",
            "position",
            "status",
            "source",
            "link",
            "notes",
            "created_at",
            "updated_at",
        ]
        # The status changes only through a recorded decision (POST /candidates/<pk>/decision/),
        # as on the pages: never silently with an edit.
        read_only_fields = ["id", "status", "created_at", "updated_at"]
        # The model's case-insensitive uniqueness is checked by the service, with its message.
        validators: list[Any] = []

    def validate_email(self, value: str) -> str:
        value = value.strip()
        clash = selectors.candidates_by_email([value]).get(value.lower())
        if clash is not None and (self.instance is None or clash.pk != self.instance.pk):
            raise serializers.ValidationError(_("Another candidate already has this email address."))
        return value

    def to_internal_value(self, data: Any) -> Any:
        # A huge or negative number is not a pk: refused before it reaches the database.
        if isinstance(data, dict) and "position" in data:
            value = data["position"]
            if isinstance(value, int) and not isinstance(value, bool) and not PK_MIN <= value <= PK_MAX:
                raise serializers.ValidationError({"position": [_("No such position.")]})
        return super().to_internal_value(data)


class PositionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Position
        fields = ["id", "title", "location", "is_open", "created_at"]
        read_only_fields = ["id", "created_at"]


class QualitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Quality
        fields = [
            "id",
            "code",
            "order",
            "name_en",
            "name_fr",
            "description_en",
            "description_fr",
            "anchor_1_en",
            "anchor_1_fr",
            "anchor_3_en",
            "anchor_3_fr",
            "anchor_5_en",
            "anchor_5_fr",
            "prompts_en",
            "prompts_fr",
            "weight",
            "minimum",
        ]
        read_only_fields = fields


# --- scorecards -------------------------------------------------------------------------------


def _score_fields(*, write: bool) -> dict[str, serializers.Field]:
    """``<code>`` and ``<code>_evidence`` for the eleven qualities, the rubric form's names."""
    fields: dict[str, serializers.Field] = {}
    for code in QUALITY_CODES:
        fields[code] = serializers.IntegerField(
            min_value=1,
            max_value=5,
            allow_null=True,
            required=write,
            help_text=_("1 to 5, or null: not assessed"),
        )
        fields[f"{code}_evidence"] = serializers.CharField(
            allow_blank=True, max_length=MAX_EVIDENCE, required=write
        )
    return fields


RubricBodySerializer = type(
    "RubricBodySerializer",
    (serializers.Serializer,),
    {
        "__doc__": "A save or submit of the caller's scorecard: every field of the rubric form.",
        **_score_fields(write=True),
        "recommendation": serializers.ChoiceField(
            choices=[("", _("No recommendation yet")), *Scorecard.Recommendation.choices], allow_blank=True
        ),
        "notes": serializers.CharField(allow_blank=True, max_length=MAX_NOTES),
        "version": serializers.IntegerField(min_value=0, max_value=2**31 - 1),
        "action": serializers.ChoiceField(choices=[("save", "save"), ("submit", "submit")], default="save"),
    },
)


OwnScorecardSerializer = type(
    "OwnScorecardSerializer",
    (serializers.Serializer,),
    {
        "__doc__": "The caller's scorecard for the candidate; version 0 and status null before any save.",
        "id": serializers.IntegerField(allow_null=True),
        "candidate": serializers.IntegerField(),
        "status": serializers.ChoiceField(choices=Scorecard.Status.choices, allow_null=True),
        "version": serializers.IntegerField(),
        "submitted_at": serializers.DateTimeField(allow_null=True),
        "updated_at": serializers.DateTimeField(allow_null=True),
        **_score_fields(write=False),
        "recommendation": serializers.CharField(allow_blank=True),
        "notes": serializers.CharField(allow_blank=True),
    },
)


class ScoreSerializer(serializers.Serializer):
    value = serializers.IntegerField(allow_null=True)
    evidence = serializers.CharField(allow_blank=True)


class SubmittedScorecardSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    interviewer = serializers.IntegerField()
    interviewer_name = serializers.CharField()
    recommendation = serializers.CharField()
    notes = serializers.CharField(allow_blank=True)
    submitted_at = serializers.DateTimeField()
    scores = serializers.DictField(child=ScoreSerializer(), help_text=_("By quality code."))


class CandidateResultSerializer(serializers.Serializer):
    weighted_score = serializers.FloatField(allow_null=True)
    coverage = serializers.IntegerField(allow_null=True, help_text=_("Percent"))
    means = serializers.DictField(child=serializers.FloatField(), help_text=_("By quality code."))
    below_bar = serializers.ListField(child=serializers.CharField())
    disagreements = serializers.ListField(child=serializers.CharField())
    recommendations = serializers.DictField(child=serializers.IntegerField())


class CandidateScorecardsSerializer(serializers.Serializer):
    candidate = serializers.IntegerField()
    submitted_count = serializers.IntegerField()
    hidden = serializers.BooleanField(help_text=_("Blind scoring: true until the caller submits their own."))
    scorecards = SubmittedScorecardSerializer(many=True)
    result = CandidateResultSerializer(allow_null=True)


# --- interviews -------------------------------------------------------------------------------


class InterviewSerializer(serializers.ModelSerializer):
    panel = serializers.SerializerMethodField()
    focus = serializers.SerializerMethodField()

    class Meta:
        model = Interview
        fields = [
            "id",
            "candidate",
            "title",
            "starts_at",
            "duration_minutes",
            "location",
            "panel",
            "focus",
            "created_by",
            "created_at",
            "updated_at",
            "sequence",
            "cancelled_at",
        ]
        read_only_fields = fields

    def get_panel(self, interview: Interview) -> list[int]:
        return [seat.user_id for seat in interview.seats.all()]

    def get_focus(self, interview: Interview) -> list[str]:
        return [quality.code for quality in interview.focus.all()]


class InterviewCreateSerializer(serializers.Serializer):
    candidate = pk_field()
    title = serializers.CharField(max_length=200)
    starts_at = serializers.DateTimeField()
    duration_minutes = serializers.IntegerField(
        min_value=INTERVIEW_MIN_MINUTES, max_value=INTERVIEW_MAX_MINUTES, default=45
    )
    location = serializers.CharField(max_length=500, allow_blank=True, default="")
    panel = serializers.ListField(child=pk_field(), min_length=1, max_length=50)
    focus = serializers.ListField(
        child=serializers.ChoiceField(choices=[(c, c) for c in QUALITY_CODES]),
        required=False,
        default=list,
        max_length=len(QUALITY_CODES),
    )


class InterviewFilterSerializer(serializers.Serializer):
    candidate = pk_field(required=False)


# --- shortlist results ------------------------------------------------------------------------

ResultRowSerializer = type(
    "ResultRowSerializer",
    (serializers.Serializer,),
    {
        "__doc__": "One row of the shortlist's CSV export, as numbers (blind per viewer).",
        "rank": serializers.IntegerField(),
        "candidate": serializers.IntegerField(),
        "candidate_name": serializers.CharField(),
        "email": serializers.CharField(),
        "position": serializers.IntegerField(),
        "position_title": serializers.CharField(),
        "scorecards": serializers.IntegerField(),
        "weighted_score": serializers.FloatField(allow_null=True),
        "coverage": serializers.IntegerField(allow_null=True, help_text=_("Percent")),
        **{code: serializers.FloatField(allow_null=True) for code in QUALITY_CODES},
        **{rec: serializers.IntegerField() for rec in RECOMMENDATIONS},
        "below_bar": serializers.ListField(child=serializers.CharField()),
        "hidden": serializers.BooleanField(
            help_text=_("Blind scoring: hidden until the caller submits their own scorecard.")
        ),
    },
)


class ShortlistResultsSerializer(serializers.Serializer):
    shortlist = serializers.IntegerField()
    name = serializers.CharField()
    results = ResultRowSerializer(many=True)
