"""The JSON API: each view checks who may ask, validates with a serializer, then calls the same
selectors and services as the pages (DESIGN.md, "Data in and out"; STYLE.md, "APIs")."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import exceptions, generics, permissions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from evaluations.api import selectors as api_selectors
from evaluations.api import services as api_services
from evaluations.api.serializers import (
    CandidateFilterSerializer,
    CandidateScorecardsSerializer,
    CandidateSerializer,
    InterviewCreateSerializer,
    InterviewFilterSerializer,
    InterviewSerializer,
    OwnScorecardSerializer,
    PositionSerializer,
    QualitySerializer,
    RubricBodySerializer,
    ShortlistResultsSerializer,
)
from evaluations.candidates import selectors as candidate_selectors
from evaluations.candidates.models import Candidate, Position
from evaluations.exchange import export
from evaluations.fields import pk_or_none
from evaluations.interviews import services as interview_services
from evaluations.interviews.models import Interview
from evaluations.people import names, roles
from evaluations.people import selectors as people_selectors
from evaluations.rubric import selectors as rubric_selectors
from evaluations.rubric.models import Quality
from evaluations.scorecards import selectors as scorecard_selectors
from evaluations.scorecards import services as scorecard_services
from evaluations.scorecards.forms import RubricForm
from evaluations.shortlists import selectors as shortlist_selectors
from evaluations.shortlists.models import Shortlist

ERROR = inline_serializer(
    "Error",
    fields={"detail": serializers.CharField()},
)
FIELD_ERRORS = OpenApiResponse(
    OpenApiTypes.OBJECT, description="A list of messages per field (`non_field_errors` for the body)."
)


class IsManager(permissions.BasePermission):
    """Hiring managers and administrators (``roles.is_manager``)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return roles.is_manager(request.user)


class CanSchedule(permissions.BasePermission):
    """Scheduling interviews: recruiters, hiring managers and administrators (``roles.can_schedule``)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return request.method in permissions.SAFE_METHODS or roles.can_schedule(request.user)


def service_errors(error: DjangoValidationError) -> exceptions.ValidationError:
    """A service's refusal as the API's per-field errors."""
    if hasattr(error, "error_dict"):
        return exceptions.ValidationError(
            {("non_field_errors" if k == "__all__" else k): v for k, v in error.message_dict.items()}
        )
    return exceptions.ValidationError({"non_field_errors": error.messages})


def _filters(serializer_class: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    serializer = serializer_class(data=request.query_params)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _candidate_or_404(pk: int) -> Candidate:
    try:
        return api_selectors.candidate(candidate_id=pk)
    except Candidate.DoesNotExist as exc:
        raise Http404 from exc


# --- candidates -------------------------------------------------------------------------------


class CandidateListView(generics.GenericAPIView):
    serializer_class = CandidateSerializer

    @extend_schema(parameters=[CandidateFilterSerializer], responses={200: CandidateSerializer(many=True)})
    def get(self, request: Request) -> Response:
        filters = _filters(CandidateFilterSerializer, request)
        queryset = api_selectors.candidate_list(
            search=filters.get("q", "").strip(),
            position_id=filters.get("position"),
            status=filters.get("status", ""),
            updated_since=filters.get("updated_since"),
        )
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(CandidateSerializer(page, many=True).data)

    @extend_schema(responses={201: CandidateSerializer, 400: FIELD_ERRORS})
    def post(self, request: Request) -> Response:
        serializer = CandidateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            candidate = api_services.candidate_create(fields=serializer.validated_data)
        except DjangoValidationError as error:
            raise service_errors(error) from error
        return Response(CandidateSerializer(candidate).data, status=status.HTTP_201_CREATED)


class CandidateDetailView(generics.GenericAPIView):
    serializer_class = CandidateSerializer

    def get(self, request: Request, pk: int) -> Response:
        return Response(CandidateSerializer(_candidate_or_404(pk)).data)

    def _update(self, request: Request, pk: int, *, partial: bool) -> Response:
        candidate = _candidate_or_404(pk)
        serializer = CandidateSerializer(candidate, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        try:
            candidate = api_services.candidate_update(candidate=candidate, fields=serializer.validated_data)
        except DjangoValidationError as error:
            raise service_errors(error) from error
        return Response(CandidateSerializer(candidate).data)

    @extend_schema(responses={200: CandidateSerializer, 400: FIELD_ERRORS})
    def put(self, request: Request, pk: int) -> Response:
        return self._update(request, pk, partial=False)

    @extend_schema(responses={200: CandidateSerializer, 400: FIELD_ERRORS})
    def patch(self, request: Request, pk: int) -> Response:
        return self._update(request, pk, partial=True)


# --- positions and the rubric -----------------------------------------------------------------


class PositionListView(generics.GenericAPIView):
    serializer_class = PositionSerializer

    @extend_schema(responses={200: PositionSerializer(many=True)})
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(api_selectors.position_list())
        return self.get_paginated_response(PositionSerializer(page, many=True).data)

    @extend_schema(responses={201: PositionSerializer, 400: FIELD_ERRORS})
    def post(self, request: Request) -> Response:
        serializer = PositionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            position = api_services.position_create(fields=serializer.validated_data)
        except DjangoValidationError as error:
            raise service_errors(error) from error
        return Response(PositionSerializer(position).data, status=status.HTTP_201_CREATED)


class PositionDetailView(generics.GenericAPIView):
    serializer_class = PositionSerializer

    def _position(self, pk: int) -> Position:
        try:
            return api_selectors.position(position_id=pk)
        except Position.DoesNotExist as exc:
            raise Http404 from exc

    def get(self, request: Request, pk: int) -> Response:
        return Response(PositionSerializer(self._position(pk)).data)

    def _update(self, request: Request, pk: int, *, partial: bool) -> Response:
        position = self._position(pk)
        serializer = PositionSerializer(position, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        try:
            position = api_services.position_update(position=position, fields=serializer.validated_data)
        except DjangoValidationError as error:
            raise service_errors(error) from error
        return Response(PositionSerializer(position).data)

    @extend_schema(responses={200: PositionSerializer, 400: FIELD_ERRORS})
    def put(self, request: Request, pk: int) -> Response:
        return self._update(request, pk, partial=False)

    @extend_schema(responses={200: PositionSerializer, 400: FIELD_ERRORS})
    def patch(self, request: Request, pk: int) -> Response:
        return self._update(request, pk, partial=True)


class QualityListView(generics.GenericAPIView):
    serializer_class = QualitySerializer
    pagination_class = None

    @extend_schema(responses={200: QualitySerializer(many=True)})
    def get(self, request: Request) -> Response:
        return Response(QualitySerializer(rubric_selectors.qualities(), many=True).data)


class QualityDetailView(generics.GenericAPIView):
    serializer_class = QualitySerializer

    def get(self, request: Request, pk: int) -> Response:
        try:
            quality = api_selectors.quality(quality_id=pk)
        except Quality.DoesNotExist as exc:
            raise Http404 from exc
        return Response(QualitySerializer(quality).data)


# --- scorecards -------------------------------------------------------------------------------


def _number(value: Any, places: int) -> Any:
    return export.fixed(value, places)


class CandidateScorecardsView(APIView):
    """The submitted scorecards of a candidate, blind exactly as the candidate page is."""

    @extend_schema(responses={200: CandidateScorecardsSerializer, 404: ERROR})
    def get(self, request: Request, pk: int) -> Response:
        if pk_or_none(pk) is None:
            raise Http404
        try:
            detail = candidate_selectors.candidate_detail(user=request.user, candidate_id=pk)
        except Candidate.DoesNotExist as exc:
            raise Http404 from exc
        result = None
        if detail.can_see_others and detail.result is not None:
            r = detail.result
            result = {
                "weighted_score": _number(r.weighted_score, 1),
                "coverage": _number(None if r.coverage is None else r.coverage * 100, 0),
                "means": {code: _number(mean, 2) for code, mean in r.means.items()},
                "below_bar": list(r.below_bar),
                "disagreements": list(r.disagreements),
                "recommendations": dict(r.recommendations),
            }
        cards = [
            {
                "id": view.scorecard.pk,
                "interviewer": view.scorecard.interviewer_id,
                "interviewer_name": names.user_display_name(view.scorecard.interviewer),
                "recommendation": view.scorecard.recommendation,
                "notes": view.scorecard.notes,
                "submitted_at": view.scorecard.submitted_at,
                "scores": {
                    code: {"value": score.value, "evidence": score.evidence}
                    for code, score in view.scores.items()
                },
            }
            for view in (detail.visible_scorecards if detail.can_see_others else [])
        ]
        data = {
            "candidate": detail.candidate.pk,
            "submitted_count": detail.submitted_count,
            "hidden": not detail.can_see_others,
            "scorecards": cards,
            "result": result,
        }
        return Response(CandidateScorecardsSerializer(data).data)


def _own_scorecard(page: scorecard_selectors.ScorecardPage) -> dict[str, Any]:
    card = page.scorecard
    data: dict[str, Any] = {
        "id": card.pk if card else None,
        "candidate": page.candidate.pk,
        "status": card.status if card else None,
        "version": card.version if card else 0,
        "submitted_at": card.submitted_at if card else None,
        "updated_at": card.updated_at if card else None,
        "recommendation": card.recommendation if card else "",
        "notes": card.notes if card else "",
    }
    for quality in page.qualities:
        score = page.scores.get(quality.code)
        data[quality.code] = score.value if score else None
        data[f"{quality.code}_evidence"] = score.evidence if score else ""
    return OwnScorecardSerializer(data).data


def _form_data(body: Any) -> tuple[dict[str, str], dict[str, list[str]]]:
    """A JSON body as the rubric form's data: numbers and null become the form's strings."""
    if not isinstance(body, dict):
        raise exceptions.ValidationError({"non_field_errors": [_("Send a JSON object.")]})
    data: dict[str, str] = {}
    errors: dict[str, list[str]] = {}
    for key, value in body.items():
        if value is None:
            data[key] = ""
        elif isinstance(value, str):
            data[key] = value
        elif isinstance(value, int) and not isinstance(value, bool):
            data[key] = str(value)
        else:
            data[key] = ""
            errors[key] = [_("Send a number, a text or null.")]
    return data, errors


def _form_errors(form: RubricForm, extra: dict[str, list[str]]) -> dict[str, Any]:
    errors: dict[str, Any] = {
        ("non_field_errors" if field == "__all__" else field): [str(m) for m in messages]
        for field, messages in form.errors.items()
    }
    for field, messages in extra.items():
        errors.setdefault(field, []).extend(messages)
    missing = form.missing_fields()
    if missing:
        errors["missing"] = missing
    return errors


class OwnScorecardView(APIView):
    """The caller's own scorecard for a candidate: read it, save it as a draft, submit it."""

    @staticmethod
    def _page(candidate: Any, user: Any) -> scorecard_selectors.ScorecardPage:
        """The caller's open card for the candidate, as ``/candidates/<pk>/scorecard/`` finds it."""
        target = scorecard_selectors.card_target(candidate=candidate, user=user)
        return scorecard_selectors.scorecard_page(
            candidate=candidate, interviewer=user, interview=target.interview
        )

    @extend_schema(responses={200: OwnScorecardSerializer, 404: ERROR})
    def get(self, request: Request, pk: int) -> Response:
        return Response(_own_scorecard(self._page(_candidate_or_404(pk), request.user)))

    @extend_schema(
        request=RubricBodySerializer,
        responses={
            200: OwnScorecardSerializer,
            400: FIELD_ERRORS,
            404: ERROR,
            409: OpenApiResponse(
                OpenApiTypes.OBJECT,
                description="Already submitted (`status: submitted`), or `version` is stale "
                "(`status: conflict` with the current `version`): nothing was changed.",
            ),
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        page = self._page(_candidate_or_404(pk), request.user)
        if page.scorecard is not None and page.scorecard.is_submitted:
            return self._submitted()
        data, type_errors = _form_data(request.data)
        action = data.get("action", "save")
        if action not in ("save", "submit"):
            type_errors.setdefault("action", []).append(_("Send “save” or “submit”."))
        form = RubricForm(data, qualities=page.qualities, submitting=action == "submit")
        if not form.is_valid() or type_errors:
            return Response(_form_errors(form, type_errors), status=status.HTTP_400_BAD_REQUEST)
        try:
            scorecard_services.scorecard_save(
                candidate=page.candidate,
                interviewer=request.user,
                data=form.to_data(),
                submit=action == "submit",
                expected_version=form.cleaned_data["version"],
                interview=page.interview,
            )
        except scorecard_services.StaleScorecard as stale:
            return Response(
                {
                    "status": "conflict",
                    "version": stale.current_version,
                    "detail": _(
                        "This scorecard was saved elsewhere since this version: nothing was changed. "
                        "Read it again, then send your changes with its version."
                    ),
                },
                status=status.HTTP_409_CONFLICT,
            )
        except scorecard_services.ScorecardLocked:
            return self._submitted()
        except DjangoValidationError as error:
            raise service_errors(error) from error
        page = scorecard_selectors.scorecard_page(
            candidate=page.candidate, interviewer=request.user, interview=page.interview
        )
        return Response(_own_scorecard(page))

    def _submitted(self) -> Response:
        return Response(
            {"status": "submitted", "detail": _("This scorecard is already submitted: nothing was changed.")},
            status=status.HTTP_409_CONFLICT,
        )


# --- interviews -------------------------------------------------------------------------------


class InterviewListView(generics.GenericAPIView):
    serializer_class = InterviewSerializer
    permission_classes = [permissions.IsAuthenticated, CanSchedule]

    @extend_schema(parameters=[InterviewFilterSerializer], responses={200: InterviewSerializer(many=True)})
    def get(self, request: Request) -> Response:
        filters = _filters(InterviewFilterSerializer, request)
        page = self.paginate_queryset(api_selectors.interview_list(candidate_id=filters.get("candidate")))
        return self.get_paginated_response(InterviewSerializer(page, many=True).data)

    @extend_schema(request=InterviewCreateSerializer, responses={201: InterviewSerializer, 400: FIELD_ERRORS})
    def post(self, request: Request) -> Response:
        serializer = InterviewCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            candidate = api_selectors.candidate(candidate_id=data["candidate"])
        except Candidate.DoesNotExist as exc:
            raise exceptions.ValidationError({"candidate": [_("No such candidate.")]}) from exc
        users = people_selectors.users_by_id(data["panel"])
        unknown = [str(pk) for pk in data["panel"] if pk not in users]
        if unknown:
            raise exceptions.ValidationError(
                {"panel": [_("No such user: %(pks)s.") % {"pks": ", ".join(unknown)}]}
            )
        focus = [q for q in rubric_selectors.qualities() if q.code in set(data["focus"])]
        try:
            interview = interview_services.interview_schedule(
                candidate=candidate,
                actor=request.user,
                title=data["title"],
                starts_at=data["starts_at"],
                duration_minutes=data["duration_minutes"],
                location=data["location"],
                panel=[users[pk] for pk in dict.fromkeys(data["panel"])],
                focus=focus,
            )
        except DjangoValidationError as error:
            raise service_errors(error) from error
        interview = api_selectors.interview(interview_id=interview.pk)
        return Response(InterviewSerializer(interview).data, status=status.HTTP_201_CREATED)


class InterviewDetailView(generics.GenericAPIView):
    serializer_class = InterviewSerializer

    def get(self, request: Request, pk: int) -> Response:
        try:
            interview = api_selectors.interview(interview_id=pk)
        except Interview.DoesNotExist as exc:
            raise Http404 from exc
        return Response(InterviewSerializer(interview).data)


# --- shortlist results ------------------------------------------------------------------------


class ShortlistResultsView(APIView):
    """The shortlist's CSV export as numbers: the same rows, in rank order, blind per viewer."""

    permission_classes = [permissions.IsAuthenticated, IsManager]

    @extend_schema(responses={200: ShortlistResultsSerializer, 403: ERROR, 404: ERROR})
    def get(self, request: Request, pk: int) -> Response:
        try:
            data = shortlist_selectors.dashboard(shortlist_id=pk, with_fragility=False)
        except Shortlist.DoesNotExist as exc:
            raise Http404 from exc
        # Per viewer, as the export does: a panelist stays blind (DESIGN.md).
        data = shortlist_selectors.blind_dashboard(data, user=request.user, with_fragility=False)
        rows = export.csv_rows(data)
        header = next(rows)
        results = []
        for column, values in zip(data.columns, rows, strict=True):
            row = dict(zip(header, values, strict=True))
            row["candidate_name"] = row.pop("candidate")
            row["position_title"] = row.pop("position")
            row["candidate"] = column.candidate.pk
            row["position"] = column.candidate.position_id
            row["below_bar"] = [code for code in row["below_bar"].split(";") if code]
            row["hidden"] = column.hidden
            results.append(row)
        payload = {"shortlist": data.shortlist.pk, "name": data.shortlist.name, "results": results}
        return Response(ShortlistResultsSerializer(payload).data)
