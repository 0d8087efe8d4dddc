"""Views of scorecards: the rubric form (save a draft or submit), the read-only card and
reopening.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from evaluations.candidates.models import Candidate
from evaluations.interviews import selectors as interview_selectors
from evaluations.interviews.models import Interview
from evaluations.people import names, roles
from evaluations.people.access import manager_required
from evaluations.scorecards import drafts, services
from evaluations.scorecards import selectors as scorecard_selectors
from evaluations.scorecards.forms import ReopenForm, RubricForm
from evaluations.scorecards.models import Scorecard


def _wants_json(request: HttpRequest) -> bool:
    return request.POST.get("autosave") == "1" or "application/json" in request.headers.get("Accept", "")


@dataclass
class RubricOutcome:
    """What a rubric POST came to, before it is answered as a page or as JSON."""

    status: int
    form: RubricForm
    saved: Scorecard | None = None
    conflict_version: int | None = None


def _rubric_context(
    request: HttpRequest, page: scorecard_selectors.ScorecardPage, **extra: Any
) -> dict[str, Any]:
    interview_id = page.interview.pk if page.interview is not None else None
    focus = (
        interview_selectors.interview_focus_codes(interview_id=interview_id)
        if interview_id is not None
        else interview_selectors.focus_codes(candidate_id=page.candidate.pk, user=request.user)
    )
    form = extra.get("form")
    return {
        "page": page,
        "candidate": page.candidate,
        "interview": page.interview,
        "form_url": request.path,  # the page it was opened at: the workspace, or the candidate's
        "autosave_seconds": settings.AUTOSAVE_SECONDS,
        "draft_storage_name": drafts.storage_name(request.user, page.candidate.pk, interview_id),
        "draft_key": drafts.encryption_key(request.user),
        "focus": focus,
        # One order on every page that lists qualities: the focus first, each part in rubric order.
        "quality_rows": sorted(form.quality_rows(), key=lambda row: (row[0].code not in focus, row[0].order))
        if form is not None
        else [],
        **extra,
    }


def _rubric_read_only(request: HttpRequest, page: scorecard_selectors.ScorecardPage) -> HttpResponse:
    """The submitted scorecard, read-only; a POST to it changes nothing and answers 409."""
    status = 409 if request.method == "POST" else 200
    if status == 409 and _wants_json(request):
        return JsonResponse({"status": "submitted", "message": _("Already submitted.")}, status=409)
    if status == 409:
        messages.warning(request, _("This scorecard is already submitted: nothing was changed."))
    form = RubricForm(initial=RubricForm.initial_from(page.scorecard, page.scores), qualities=page.qualities)
    context = _rubric_context(request, page, form=form, read_only=True)
    return render(request, "evaluations/scorecard_form.html", context, status=status)


def _rubric_post(request: HttpRequest, page: scorecard_selectors.ScorecardPage) -> RubricOutcome | None:
    """Validate and save a rubric POST. None when the card was submitted meanwhile."""
    submit = request.POST.get("action") == "submit"
    form = RubricForm(request.POST, qualities=page.qualities, submitting=submit)
    if not form.is_valid():
        return RubricOutcome(400, form)
    try:
        saved = services.scorecard_save(
            candidate=page.candidate,
            interviewer=request.user,
            data=form.to_data(),
            submit=submit,
            expected_version=form.cleaned_data["version"],
            interview=page.interview,
        )
    except services.StaleScorecard as stale:
        form.add_error(
            None,
            _(
                "This scorecard was saved from another tab or device since you opened it. "
                "Your input below was not saved: compare it with the saved version "
                "(reload in another tab), then save again to keep yours."
            ),
        )
        return RubricOutcome(409, form, conflict_version=stale.current_version)
    except services.ScorecardLocked:
        return None
    except ValidationError as error:
        for field, errors in error.message_dict.items():
            for message in errors:
                form.add_error(None if field == "__all__" else field, message)
        return RubricOutcome(400, form)
    return RubricOutcome(200, form, saved=saved)


def _rubric_json(outcome: RubricOutcome) -> JsonResponse:
    form = outcome.form
    if outcome.saved is not None:
        return JsonResponse(
            {
                "status": "saved",
                "version": outcome.saved.version,
                "saved_at": date_format(timezone.localtime(outcome.saved.updated_at), "TIME_FORMAT"),
            }
        )
    if outcome.conflict_version is not None:
        return JsonResponse(
            {
                "status": "conflict",
                "version": outcome.conflict_version,
                "message": form.non_field_errors()[0],
            },
            status=409,
        )
    return JsonResponse(
        {"status": "invalid", "missing": form.missing_fields(), "errors": form.errors.get_json_data()},
        status=outcome.status,
    )


def _rubric_html(
    request: HttpRequest, page: scorecard_selectors.ScorecardPage, outcome: RubricOutcome
) -> HttpResponse:
    candidate = page.candidate
    if outcome.saved is not None:
        drafts.mark_saved(request, candidate.pk, page.interview.pk if page.interview is not None else None)
        if outcome.saved.is_submitted:
            messages.success(
                request,
                _("Scorecard submitted for %(name)s. You can now see the other interviewers' scores.")
                % {"name": candidate.name},
            )
            _offer_next_owed(request)
            return redirect(candidate)
        messages.success(request, _("Draft saved."))
        return redirect(request.path)
    form = outcome.form
    if outcome.conflict_version is not None:
        # The next save from this page overwrites deliberately: the user has seen the warning.
        form.data = form.data.copy()
        form.data["version"] = str(outcome.conflict_version)
    context = _rubric_context(request, page, form=form)
    return render(request, "evaluations/scorecard_form.html", context, status=outcome.status)


@never_cache
@require_http_methods(["GET", "POST"])
def scorecard(request: HttpRequest, pk: int) -> HttpResponse:
    """The logged-in user's open scorecard for the candidate: the rubric form, its saves and
    submit (DESIGN.md contract). Which card: ``selectors.card_target``; a POST from the page
    names the card it was opened on (``interview``), so that a card submitted meanwhile in
    another tab never sends this page's input into the next one."""
    candidate = get_object_or_404(Candidate.objects.select_related("position"), pk=pk)
    target = scorecard_selectors.card_target(candidate=candidate, user=request.user)
    interview = target.interview
    if request.method == "POST" and "interview" in request.POST:
        interview = _posted_interview(request, candidate, target)
    return _rubric(request, candidate, interview, again=lambda: scorecard(request, pk))


def _posted_interview(
    request: HttpRequest, candidate: Candidate, target: scorecard_selectors.CardTarget
) -> Interview | None:
    """The interview named by the page's hidden ``interview`` field, if it is one of this
    candidate's that the user sits or holds a card for; else the open card's (``target``)."""
    raw = request.POST.get("interview", "")
    if raw == "":
        return None
    if target.interview is not None and raw == str(target.interview.pk):
        return target.interview
    found = scorecard_selectors.own_interview(candidate=candidate, user=request.user, interview_id=raw)
    return found if found is not None else target.interview


@never_cache
@require_http_methods(["GET", "POST"])
def interview_scorecard(request: HttpRequest, pk: int) -> HttpResponse:
    """The interview workspace: the panelist's scorecard for this interview (404 off its panel)."""
    interview = scorecard_selectors.seated_interview(interview_id=pk, user=request.user)
    if interview is None:
        raise Http404
    return _rubric(request, interview.candidate, interview, again=lambda: interview_scorecard(request, pk))


def _rubric(
    request: HttpRequest, candidate: Candidate, interview: Interview | None, *, again: Any
) -> HttpResponse:
    page = scorecard_selectors.scorecard_page(
        candidate=candidate,
        interviewer=request.user,
        with_history=roles.is_manager(request.user),
        interview=interview,
    )
    if page.scorecard is not None and page.scorecard.is_submitted:
        return _rubric_read_only(request, page)
    if request.method == "GET":
        form = RubricForm(
            initial=RubricForm.initial_from(page.scorecard, page.scores), qualities=page.qualities
        )
        return render(request, "evaluations/scorecard_form.html", _rubric_context(request, page, form=form))
    outcome = _rubric_post(request, page)
    if outcome is None:
        # Submitted meanwhile by a concurrent request: answer as for any POST to a submitted card.
        return again()
    return _rubric_json(outcome) if _wants_json(request) else _rubric_html(request, page, outcome)


def _offer_next_owed(request: HttpRequest) -> None:
    """After a submit: a message linking to the next scorecard the user owes, if any."""
    owed = interview_selectors.next_owed_scorecard(request.user)
    if owed is None:
        messages.info(request, _("You owe no other scorecard for now."))
        return
    what = owed.candidate.name
    if owed.interview is not None:
        what = f"{owed.candidate.name} · {owed.interview.title}"
    messages.info(
        request,
        format_html(
            '{} <a class="alert-link next-owed" href="{}">{}</a>',
            _("Next scorecard you owe:") if not owed.overdue else _("Next scorecard you owe (overdue):"),
            owed.url,
            what,
        ),
    )


@require_GET
def scorecard_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        detail = scorecard_selectors.scorecard_detail(scorecard_id=pk, user=request.user)
    except Scorecard.DoesNotExist as exc:
        raise Http404 from exc
    if detail.own:
        card = detail.scorecard
        if card.interview_id is not None and scorecard_selectors.seated_interview(
            interview_id=card.interview_id, user=request.user
        ):
            return redirect("evaluations:interview-scorecard", pk=card.interview_id)
        return redirect("evaluations:scorecard", pk=card.candidate_id)
    context = {
        "card": detail.scorecard,
        "candidate": detail.scorecard.candidate,
        "rows": detail.rows,
        "history": detail.history,
        "reopen_form": ReopenForm() if roles.is_manager(request.user) else None,
    }
    return render(request, "evaluations/scorecard_detail.html", context)


@require_POST
@manager_required
def scorecard_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    card = get_object_or_404(Scorecard.objects.select_related("candidate"), pk=pk)
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            services.scorecard_reopen(scorecard=card, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Scorecard reopened: %(author)s can edit and submit it again.")
                % {"author": names.user_display_name(card.interviewer)},
            )
            return redirect(card.candidate)
    else:
        messages.error(request, " ".join(m for errors in form.errors.values() for m in errors))
    return redirect("evaluations:scorecard-detail", pk=card.pk)
