"""Views of interviews: schedule, change, cancel, the kit, the invitation and the to-do page."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from evaluations.candidates.models import Candidate
from evaluations.interviews import invites, selectors, services
from evaluations.interviews.forms import CancelInterviewForm, InterviewForm
from evaluations.interviews.models import Interview
from evaluations.people import roles
from evaluations.people.access import schedule_required
from evaluations.scoring import EMPATHY


def _interview_form_page(
    request: HttpRequest, form: InterviewForm, candidate: Candidate, interview: Interview | None
) -> HttpResponse:
    role_of = selectors.panel_roles()
    # Those chosen first, so that without script the panel so far is at the top of the list.
    options = sorted(
        ((box, role_of.get(box.data["value"].value, "")) for box in form["panel"]),
        key=lambda option: not option[0].data["selected"],
    )
    context = {"form": form, "candidate": candidate, "interview": interview, "panel_options": options}
    return render(request, "evaluations/interview_form.html", context)


def _save_interview(request: HttpRequest, form: InterviewForm, save: Any) -> HttpResponse | None:
    """Run the service; its refusals become the form's errors. A redirect when saved."""
    try:
        interview = save(**form.service_kwargs())
    except ValidationError as error:
        for field, errors in error.message_dict.items():
            for message in errors:
                form.add_error(None if field == "__all__" or field not in form.fields else field, message)
        return None
    missing = form.without_email()
    if missing:
        messages.warning(
            request,
            _("No email address for %(names)s: they will get neither the calendar invite nor reminders.")
            % {"names": ", ".join(missing)},
        )
    return redirect(interview)


@never_cache
@require_http_methods(["GET", "POST"])
@schedule_required
def interview_create(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = get_object_or_404(Candidate.objects.select_related("position"), pk=pk)
    if request.method == "GET":
        form = InterviewForm(initial={"panel": [request.user.pk], "duration_minutes": 45, "focus": [EMPATHY]})
        return _interview_form_page(request, form, candidate, None)
    form = InterviewForm(request.POST)
    if form.is_valid():

        def schedule(**fields: Any) -> Interview:
            interview = services.interview_schedule(candidate=candidate, actor=request.user, **fields)
            messages.success(request, _("Interview scheduled: the panel can open this kit."))
            return interview

        response = _save_interview(request, form, schedule)
        if response is not None:
            return response
    return _interview_form_page(request, form, candidate, None)


@never_cache
@require_http_methods(["GET", "POST"])
@schedule_required
def interview_edit(request: HttpRequest, pk: int) -> HttpResponse:
    interview = get_object_or_404(Interview.objects.select_related("candidate__position"), pk=pk)
    if interview.is_cancelled:
        messages.error(request, _("This interview is cancelled: it can no longer be changed."))
        return redirect(interview)
    if request.method == "GET":
        form = InterviewForm(initial=InterviewForm.initial_from(interview))
        return _interview_form_page(request, form, interview.candidate, interview)
    form = InterviewForm(request.POST)
    if form.is_valid():

        def update(**fields: Any) -> Interview:
            saved = services.interview_update(interview=interview, actor=request.user, **fields)
            messages.success(
                request, _("Interview saved. Panelists who downloaded the invite get the update.")
            )
            return saved

        response = _save_interview(request, form, update)
        if response is not None:
            return response
    return _interview_form_page(request, form, interview.candidate, interview)


@never_cache
@require_http_methods(["GET", "POST"])
@schedule_required
def interview_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    interview = get_object_or_404(Interview.objects.select_related("candidate__position"), pk=pk)
    form = CancelInterviewForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.interview_cancel(
                interview=interview, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Interview cancelled. It stays in the candidate's history."))
        return redirect(interview.candidate)
    return render(
        request,
        "evaluations/interview_confirm_cancel.html",
        {"interview": interview, "candidate": interview.candidate, "form": form},
    )


@require_GET
def interview_kit(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        kit = selectors.interview_kit(interview_id=pk, user=request.user)
    except Interview.DoesNotExist as exc:
        raise Http404 from exc
    return render(
        request,
        "evaluations/interview_kit.html",
        {"kit": kit, "interview": kit.interview, "candidate": kit.interview.candidate},
    )


@require_GET
def interview_invite(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        interview, panel, _focus = selectors.interview_for_invite(interview_id=pk)
    except Interview.DoesNotExist as exc:
        raise Http404 from exc
    if not (roles.is_manager(request.user) or any(u.pk == request.user.pk for u in panel)):
        raise PermissionDenied
    kit_url = settings.SITE_URL + reverse("evaluations:interview-kit", args=[interview.pk])
    response = HttpResponse(
        invites.invite_ics(interview, panel, kit_url), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="interview-{interview.pk}.ics"'
    return response


@require_GET
def todo(request: HttpRequest) -> HttpResponse:
    return render(request, "evaluations/todo.html", {"todo": selectors.todo_page(user=request.user)})
