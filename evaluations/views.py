"""Views wire HTTP to selectors (reads) and services (writes); they compute no score."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.mixins import UserPassesTestMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, connection
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import i18n as i18n_views
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.generic import CreateView, DeleteView, ListView, UpdateView

from evaluations import (
    caching,
    decisions,
    drafts,
    export,
    importing,
    invites,
    roles,
    selectors,
    services,
    spreadsheet,
)
from evaluations.fields import pk_or_none
from evaluations.forms import (
    AddToShortlistForm,
    CancelInterviewForm,
    CandidateForm,
    CandidateImportForm,
    DecisionForm,
    ImportConfirmForm,
    InterviewForm,
    PositionForm,
    ReopenForm,
    RubricForm,
    ShortlistCandidatesForm,
    ShortlistDecisionForm,
    ShortlistForm,
    ShortlistNoteForm,
    WhatIfForm,
)
from evaluations.models import EMPATHY, Candidate, Interview, Position, Scorecard, Shortlist
from evaluations.retention import personal_data


def manager_required(view):
    """Hiring managers and administrators only; everyone else gets 403."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not roles.is_manager(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


class ManagerRequiredMixin(UserPassesTestMixin):
    raise_exception = True

    def test_func(self) -> bool:
        return roles.is_manager(self.request.user)


def _require_shortlist_change(request: HttpRequest, shortlist: Shortlist) -> None:
    """403 unless the user may rename, delete or change who is on this shortlist."""
    if not roles.may_change_shortlist(request.user, shortlist):
        raise PermissionDenied


class ShortlistOwnerMixin(ManagerRequiredMixin):
    """Hiring managers past the door; then only the shortlist's owner and administrators."""

    def get_object(self, queryset: Any = None) -> Shortlist:
        shortlist = super().get_object(queryset)
        _require_shortlist_change(self.request, shortlist)
        return shortlist


# --- service pages ----------------------------------------------------------------------------


@login_not_required
@require_GET
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


def home(request: HttpRequest) -> HttpResponse:
    return redirect("evaluations:todo")


class LogoutView(auth_views.LogoutView):
    """Django's logout, which also leaves nothing of a scorecard behind in the browser.

    The page's script deletes this user's rubric copies as the logout form is sent; the cookie
    set here does it on the next page for a logout sent any other way (the admin's button, a
    page whose script did not run). ``Clear-Site-Data`` empties the browser's HTTP cache, so
    that no evaluation page comes back from it for the next person on this browser.
    """

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        prefix = drafts.storage_prefix(request.user) if request.user.is_authenticated else ""
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"cache"'
        if prefix:
            response.set_cookie(
                drafts.FORGET_COOKIE,
                prefix,
                max_age=60 * 60 * 24 * 30,
                samesite="Lax",
                secure=request.is_secure(),
                httponly=False,  # read and deleted by the page's script
            )
        return response


# --- candidates -------------------------------------------------------------------------------


@require_GET
def candidate_list(request: HttpRequest) -> HttpResponse:
    search = request.GET.get("q", "").strip()[:200]
    position_id = pk_or_none(request.GET.get("position"))
    status = request.GET.get("status", "")
    if status not in Candidate.Status.values:
        status = ""
    page, rows = selectors.candidate_list(
        user=request.user,
        search=search,
        position_id=position_id,
        status=status,
        page_number=request.GET.get("page", 1),
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page_obj": page,
        "rows": rows,
        "positions": selectors.positions(),
        "statuses": Candidate.Status.choices,
        "search": search,
        "position_id": position_id,
        "status": status,
        "querystring": query.urlencode(),
        "shortlists": selectors.shortlist_choices(user=request.user),
        "filtered": bool(search or position_id or status),
        "may_import": roles.may_import_candidates(request.user),
    }
    return render(request, "evaluations/candidate_list.html", context)


class CandidateCreateView(CreateView):
    model = Candidate
    form_class = CandidateForm
    template_name = "evaluations/candidate_form.html"

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        position = pk_or_none(self.request.GET.get("position"))
        if position:
            initial["position"] = position
        return initial

    def form_valid(self, form: CandidateForm) -> HttpResponse:
        messages.success(self.request, _("Candidate %(name)s added.") % {"name": form.instance.name})
        return super().form_valid(form)


class CandidateUpdateView(UpdateView):
    model = Candidate
    # An anonymised candidate is never edited: whatever were typed in would be personal data again.
    queryset = Candidate.objects.filter(anonymised_at__isnull=True)
    form_class = CandidateForm
    template_name = "evaluations/candidate_form.html"

    def form_valid(self, form: CandidateForm) -> HttpResponse:
        messages.success(self.request, _("Candidate %(name)s saved.") % {"name": form.instance.name})
        return super().form_valid(form)


@require_GET
def candidate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _candidate_page(request, pk)


def _candidate_page(
    request: HttpRequest,
    pk: int,
    *,
    decision_form: DecisionForm | None = None,
    to_confirm: list[str] | None = None,
    status: int = 200,
    back: str = "",
) -> HttpResponse:
    try:
        detail = selectors.candidate_detail(user=request.user, candidate_id=pk)
    except Candidate.DoesNotExist as exc:
        raise Http404 from exc
    context = {
        "detail": detail,
        "candidate": detail.candidate,
        "decisions": decisions.decision_rows(selectors.candidate_decisions(candidate_id=pk)),
        "conflicts": [decisions.conflict_label(code) for code in detail.conflicts],
    }
    if roles.is_manager(request.user):
        context["decision_form"] = decision_form or DecisionForm()
        context["to_confirm"] = to_confirm or []
        context["decision_next"] = back
    return render(request, "evaluations/candidate_detail.html", context, status=status)


# --- the scorecard ----------------------------------------------------------------------------


def _wants_json(request: HttpRequest) -> bool:
    return request.POST.get("autosave") == "1" or "application/json" in request.headers.get("Accept", "")


@dataclass
class RubricOutcome:
    """What a rubric POST came to, before it is answered as a page or as JSON."""

    status: int
    form: RubricForm
    saved: Scorecard | None = None
    conflict_version: int | None = None


def _rubric_context(request: HttpRequest, page: selectors.ScorecardPage, **extra: Any) -> dict[str, Any]:
    return {
        "page": page,
        "candidate": page.candidate,
        "autosave_seconds": settings.AUTOSAVE_SECONDS,
        "draft_storage_name": drafts.storage_name(request.user, page.candidate.pk),
        "draft_key": drafts.encryption_key(request.user),
        "focus": selectors.focus_codes(candidate_id=page.candidate.pk, user=request.user),
        **extra,
    }


def _rubric_read_only(request: HttpRequest, page: selectors.ScorecardPage) -> HttpResponse:
    """The submitted scorecard, read-only; a POST to it changes nothing and answers 409."""
    status = 409 if request.method == "POST" else 200
    if status == 409 and _wants_json(request):
        return JsonResponse({"status": "submitted", "message": _("Already submitted.")}, status=409)
    if status == 409:
        messages.warning(request, _("This scorecard is already submitted: nothing was changed."))
    form = RubricForm(initial=RubricForm.initial_from(page.scorecard, page.scores), qualities=page.qualities)
    context = _rubric_context(request, page, form=form, read_only=True)
    return render(request, "evaluations/scorecard_form.html", context, status=status)


def _rubric_post(request: HttpRequest, page: selectors.ScorecardPage) -> RubricOutcome | None:
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


def _rubric_html(request: HttpRequest, page: selectors.ScorecardPage, outcome: RubricOutcome) -> HttpResponse:
    candidate = page.candidate
    if outcome.saved is not None:
        drafts.mark_saved(request, candidate.pk)
        if outcome.saved.is_submitted:
            messages.success(
                request,
                _("Scorecard submitted for %(name)s. You can now see the other interviewers' scores.")
                % {"name": candidate.name},
            )
            _offer_next_owed(request)
            return redirect(candidate)
        messages.success(request, _("Draft saved."))
        return redirect("evaluations:scorecard", pk=candidate.pk)
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
    """The logged-in user's scorecard: the rubric form, its saves and submit (DESIGN.md contract)."""
    candidate = get_object_or_404(Candidate.objects.select_related("position"), pk=pk)
    page = selectors.scorecard_page(
        candidate=candidate, interviewer=request.user, with_history=roles.is_manager(request.user)
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
        return scorecard(request, pk)
    return _rubric_json(outcome) if _wants_json(request) else _rubric_html(request, page, outcome)


def _offer_next_owed(request: HttpRequest) -> None:
    """After a submit: a message linking to the next scorecard the user owes, if any."""
    owed = selectors.next_owed_scorecard(request.user)
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
            reverse("evaluations:scorecard", args=[owed.candidate.pk]),
            what,
        ),
    )


@require_GET
def scorecard_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        detail = selectors.scorecard_detail(scorecard_id=pk, user=request.user)
    except Scorecard.DoesNotExist as exc:
        raise Http404 from exc
    if detail.own:
        return redirect("evaluations:scorecard", pk=detail.scorecard.candidate_id)
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
                % {"author": selectors.user_display_name(card.interviewer)},
            )
            return redirect(card.candidate)
    else:
        messages.error(request, " ".join(m for errors in form.errors.values() for m in errors))
    return redirect("evaluations:scorecard-detail", pk=card.pk)


# --- rubric and positions ---------------------------------------------------------------------


@require_GET
def quality_list(request: HttpRequest) -> HttpResponse:
    return render(request, "evaluations/quality_list.html", {"rubric": selectors.rubric_page()})


class PositionListView(ListView):
    model = Position
    template_name = "evaluations/position_list.html"
    context_object_name = "positions"

    def get_queryset(self):
        return selectors.position_list()


class PositionCreateView(CreateView):
    model = Position
    form_class = PositionForm
    template_name = "evaluations/position_form.html"
    success_url = reverse_lazy("evaluations:position-list")

    def form_valid(self, form: PositionForm) -> HttpResponse:
        messages.success(self.request, _("Position %(title)s saved.") % {"title": form.instance.title})
        return super().form_valid(form)


class PositionUpdateView(PositionCreateView, UpdateView):
    pass


# --- shortlists -------------------------------------------------------------------------------


@require_GET
@manager_required
def shortlist_list(request: HttpRequest) -> HttpResponse:
    return render(request, "evaluations/shortlist_list.html", {"shortlists": selectors.shortlist_list()})


class ShortlistCreateView(ManagerRequiredMixin, CreateView):
    model = Shortlist
    form_class = ShortlistForm
    template_name = "evaluations/shortlist_form.html"

    def form_valid(self, form: ShortlistForm) -> HttpResponse:
        self.object = services.shortlist_create(
            name=form.cleaned_data["name"], position=form.cleaned_data["position"], owner=self.request.user
        )
        messages.success(self.request, _("Shortlist created. Add candidates to compare them."))
        return redirect(self.object)


class ShortlistUpdateView(ShortlistOwnerMixin, UpdateView):
    model = Shortlist
    form_class = ShortlistForm
    template_name = "evaluations/shortlist_form.html"

    def form_valid(self, form: ShortlistForm) -> HttpResponse:
        messages.success(self.request, _("Shortlist saved."))
        return super().form_valid(form)


class ShortlistDeleteView(ShortlistOwnerMixin, DeleteView):
    model = Shortlist
    template_name = "evaluations/shortlist_confirm_delete.html"
    success_url = reverse_lazy("evaluations:shortlist-list")

    def form_valid(self, form: Any) -> HttpResponse:
        messages.success(self.request, _("Shortlist %(name)s deleted.") % {"name": self.object.name})
        return super().form_valid(form)


@require_POST
@manager_required
def shortlist_add_from_list(request: HttpRequest) -> HttpResponse:
    form = AddToShortlistForm(request.POST)
    back = request.POST.get("next") or reverse("evaluations:candidate-list")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("evaluations:candidate-list")
    valid = form.is_valid()
    # Someone else's shortlist is refused whatever else the request holds.
    if form.cleaned_data.get("shortlist") is not None:
        _require_shortlist_change(request, form.cleaned_data["shortlist"])
    if not valid:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        # Not redirect(): it would take a bare word such as "list" for a view name and fail.
        return HttpResponseRedirect(back)
    candidates = list(form.cleaned_data["candidates"].order_by("name", "pk"))
    shortlist = form.cleaned_data["shortlist"]
    if shortlist is None:
        shortlist = services.shortlist_create(
            name=form.cleaned_data["new_name"],
            owner=request.user,
            candidates=candidates,
            position=candidates[0].position if len({c.position_id for c in candidates}) == 1 else None,
        )
        added = len(candidates)
    else:
        added = services.shortlist_add(shortlist=shortlist, candidates=candidates)
    messages.success(
        request,
        _("%(count)s candidate(s) added to %(name)s.") % {"count": added, "name": shortlist.name},
    )
    return redirect(shortlist)


def _shortlist_or_404(pk: int) -> Shortlist:
    return get_object_or_404(Shortlist, pk=pk)


@require_POST
@manager_required
def shortlist_add_candidates(request: HttpRequest, pk: int) -> HttpResponse:
    shortlist = _shortlist_or_404(pk)
    _require_shortlist_change(request, shortlist)
    form = ShortlistCandidatesForm(
        request.POST, queryset=selectors.shortlist_candidates_to_add(shortlist=shortlist)
    )
    if form.is_valid():
        added = services.shortlist_add(shortlist=shortlist, candidates=form.cleaned_data["candidates"])
        messages.success(request, _("%(count)s candidate(s) added.") % {"count": added})
    else:
        messages.error(request, _("Choose candidates who are not on this shortlist yet."))
    return redirect(shortlist)


@require_POST
@manager_required
def shortlist_remove(request: HttpRequest, pk: int) -> HttpResponse:
    shortlist = _shortlist_or_404(pk)
    _require_shortlist_change(request, shortlist)
    candidate_id = pk_or_none(request.POST.get("candidate"))
    if candidate_id and services.shortlist_remove(shortlist=shortlist, candidate_ids=[candidate_id]):
        messages.success(request, _("Candidate removed from the shortlist."))
    else:
        messages.error(request, _("That candidate is not on this shortlist."))
    return redirect(shortlist)


@require_POST
@manager_required
def shortlist_note(request: HttpRequest, pk: int) -> HttpResponse:
    shortlist = _shortlist_or_404(pk)
    form = ShortlistNoteForm(request.POST)
    if form.is_valid():
        services.shortlist_set_note(
            shortlist=shortlist, candidate_id=form.cleaned_data["candidate"], note=form.cleaned_data["note"]
        )
        messages.success(request, _("Note saved."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect(shortlist)


@require_GET
@manager_required
def shortlist_detail(request: HttpRequest, pk: int) -> HttpResponse:
    # ?fragment=dashboard: the live what-if asks for the dashboard's body alone (whatif.js).
    fragment = request.GET.get("fragment") == "dashboard"
    trial = fragment or any(k.startswith("w_") for k in request.GET)
    qualities = selectors.qualities() if trial else None
    whatif = WhatIfForm(request.GET, qualities=qualities) if qualities is not None else None
    weights = whatif.weights() if whatif is not None else None
    if fragment and whatif is not None and whatif.is_bound and not whatif.is_valid():
        # The table stays as it was on the page: only the form's errors come back.
        response = render(request, "includes/dashboard_whatif_errors.html", {"form": whatif}, status=400)
        return _with_weight_ranges(response, whatif)
    adjusted = request.GET.get("adjusted") == "1"
    try:
        page = selectors.shortlist_page(
            shortlist_id=pk, user=request.user, quality_list=qualities, weights=weights, adjusted=adjusted
        )
    except Shortlist.DoesNotExist as exc:
        raise Http404 from exc
    context = {
        "shortlist": page.shortlist,
        "dashboard": page.dashboard,
        "addable": page.addable,
        "addable_shown": selectors.ADDABLE_SHOWN,
        "may_change": page.may_change,
        # Without trial weights the form is drawn once per version of the page: built only then.
        "whatif": whatif if whatif is not None else lambda: WhatIfForm(qualities=page.qualities()),
        "whatif_bound": whatif is not None,
        "whatif_active": weights is not None,
        "page_key": page.cache_key,
        "addable_key": page.addable_key,
        "cache_timeout": caching.TIMEOUT,
        "thin_below": settings.THIN_EVIDENCE_BELOW,
        "weight_changes": page.weight_changes,
    }
    if fragment and whatif is not None:
        # The very template the page includes, so that the page and the fragment never differ.
        return _with_weight_ranges(render(request, "includes/dashboard_body.html", context), whatif)
    return render(request, "evaluations/shortlist_detail.html", context)


def _with_weight_ranges(response: HttpResponse, whatif: WhatIfForm) -> HttpResponse:
    """The allowed range of each weight as typed, for the script to state beside each field."""
    ranges = {f"w_{code}": list(bounds) for code, bounds in whatif.ranges().items()}
    response["X-Weight-Ranges"] = json.dumps(ranges, separators=(",", ":"))
    return response


@require_GET
@manager_required
def shortlist_export(request: HttpRequest, pk: int) -> HttpResponse:
    shortlist = _shortlist_or_404(pk)
    # The rows are cached per shortlist; a viewer on a candidate's panel stays blind (DESIGN.md).
    rows = export.shortlist_rows(shortlist_id=shortlist.pk, user=request.user)
    return spreadsheet.csv_response(rows, f"shortlist-{shortlist.pk}.csv")


@require_GET
@manager_required
def calibration(request: HttpRequest) -> HttpResponse:
    data = selectors.calibration_data(hidden=selectors.hidden_candidate_ids(request.user))
    return render(
        request,
        "evaluations/calibration.html",
        {"calibration": data, "qualities": selectors.qualities()},
    )


# --- import of candidates ---------------------------------------------------------------------


def _import_preview_page(
    request: HttpRequest, preview: importing.Preview, token: str, *, changed: bool = False, status: int = 200
) -> HttpResponse:
    context = {
        "preview": preview,
        "counts": preview.counts,
        "confirm_form": ImportConfirmForm(initial={"token": token}),
        "changed": changed,
        "max_rows": importing.MAX_ROWS,
    }
    return render(request, "evaluations/candidate_import.html", context, status=status)


@require_http_methods(["GET", "POST"])
def candidate_import(request: HttpRequest) -> HttpResponse:
    """Upload a file and see the preview (nothing written); then confirm or cancel it."""
    if not roles.may_import_candidates(request.user):
        raise PermissionDenied
    if request.method == "POST" and "token" in request.POST:
        return _candidate_import_confirm(request)
    if request.method == "GET":
        form = CandidateImportForm()
    else:
        form = CandidateImportForm(request.POST, request.FILES)
    if form.is_bound and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > importing.MAX_BYTES:
                raise importing.ImportFileError(importing.size_message(upload.size))
            parsed = importing.read_file(name=upload.name, data=upload.read(importing.MAX_BYTES + 1))
        except importing.ImportFileError as error:
            form.add_error("file", error.message)
        else:
            preview = importing.preview(parsed)
            token = importing.pending_save(
                request.session, parsed=parsed, digest=preview.digest, user_id=request.user.pk
            )
            return _import_preview_page(request, preview, token)
    return render(
        request, "evaluations/candidate_import.html", {"form": form, "max_rows": importing.MAX_ROWS}
    )


def _candidate_import_confirm(request: HttpRequest) -> HttpResponse:
    form = ImportConfirmForm(request.POST)
    token = form.cleaned_data["token"] if form.is_valid() else ""
    pending = importing.pending_load(request.session, token=token, user_id=request.user.pk)
    if pending is None:
        messages.warning(
            request,
            _(
                "This preview is no longer available: it expired, was already confirmed or "
                "cancelled, or a newer file replaced it. Nothing was written; upload the file again."
            ),
        )
        return redirect("evaluations:candidate-import")
    if request.POST.get("action") == "cancel":
        importing.pending_clear(request.session)
        messages.info(request, _("Import cancelled: nothing was written."))
        return redirect("evaluations:candidate-import")
    try:
        result = services.candidate_import(
            parsed=pending.parsed, actor=request.user, expected_digest=pending.digest
        )
    except services.ImportChanged as changed:
        preview = changed.preview or importing.preview(pending.parsed)
        importing.pending_set_digest(request.session, preview.digest)
        return _import_preview_page(request, preview, token, changed=True, status=409)
    importing.pending_clear(request.session)
    messages.success(
        request,
        _(
            "Import done: %(created)s created, %(updated)s updated, %(unchanged)s unchanged, "
            "%(errors)s row(s) with errors left out."
        )
        % {
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "errors": result.errors,
        },
    )
    return redirect("evaluations:candidate-list")


# --- interviews and what each person owes -----------------------------------------------------


def schedule_required(view):
    """Recruiters, hiring managers and administrators; anyone else gets 403."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not roles.can_schedule(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


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


@login_not_required
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switcher, which also keeps the choice as the user's preference (emails)."""
    response = i18n_views.set_language(request)
    language = request.POST.get("language", "") if request.method == "POST" else ""
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        services.user_set_language(user=request.user, language=language)
    return response


# --- the subject's rights ---------------------------------------------------------------------


@require_GET
def candidate_personal_data(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything held about one candidate, as a JSON download: administrators only (a subject access
    request)."""
    if not roles.is_admin(request.user):
        raise PermissionDenied
    try:
        data = personal_data(candidate_id=pk)
    except Candidate.DoesNotExist as exc:
        raise Http404 from exc
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="candidate-{pk}-personal-data.json"'
    return response


# --- decisions --------------------------------------------------------------------------------


def _decision_next(request: HttpRequest) -> str:
    """Where a decision made from elsewhere (the dashboard) returns to: a page of this site only."""
    target = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if safe and target.startswith("/") else ""


def _decide(
    request: HttpRequest, candidate: Candidate, form: DecisionForm, *, back: str = ""
) -> HttpResponse:
    """Record ``form``'s decision on ``candidate``, then go ``back`` (or to the candidate).

    One against the evidence, a missing reason or an unknown decision changes nothing: the
    candidate page shows the form again, with what was typed, the confirmation asked where it
    is due, and the way ``back`` kept for the next POST.
    """
    if selectors.hidden_candidate_ids(request.user, [candidate.pk]):
        # A panelist decides once their own evidence is in, and the check would show the others'.
        messages.error(request, _("Submit your own scorecard for this candidate before deciding."))
        return redirect(back or candidate.get_absolute_url())
    if form.is_valid():
        try:
            record = services.candidate_decide(
                candidate=candidate,
                actor=request.user,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
                confirm=form.cleaned_data["confirm"],
            )
        except services.DecisionNeedsConfirmation as pending:
            texts = decisions.contradiction_texts(
                pending.contradictions, pending.result, selectors.qualities()
            )
            return _candidate_page(request, candidate.pk, decision_form=form, to_confirm=texts, back=back)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(None if field not in form.fields else field, message)
        else:
            messages.success(
                request,
                _("Decision recorded: %(name)s is now “%(status)s”.")
                % {"name": candidate.name, "status": record.get_to_status_display()},
            )
            return redirect(back or candidate.get_absolute_url())
    messages.error(request, _("Nothing was changed: the decision needs a choice and a reason."))
    return _candidate_page(request, candidate.pk, decision_form=form, status=400, back=back)


@never_cache
@require_POST
@manager_required
def candidate_decision(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a decision (DESIGN.md, "Decisions"); one against the evidence is asked to be confirmed."""
    candidate = get_object_or_404(Candidate, pk=pk)
    return _decide(request, candidate, DecisionForm(request.POST), back=_decision_next(request))


@never_cache
@require_POST
@manager_required
def shortlist_decision(request: HttpRequest, pk: int) -> HttpResponse:
    """A decision on one of the shortlist's candidates, from the dashboard, which it returns to."""
    shortlist = _shortlist_or_404(pk)
    form = ShortlistDecisionForm(request.POST)
    # The candidate first: with one of the shortlist's, a missing reason or a decision to confirm
    # is answered on their page with what was typed; without, nothing can be shown but a message.
    candidate_id = pk_or_none(request.POST.get("candidate"))
    candidate = (
        Candidate.objects.filter(pk=candidate_id, shortlist_entries__shortlist=shortlist).first()
        if candidate_id is not None
        else None
    )
    if candidate is None:
        messages.error(
            request, _("Nothing was changed: choose a candidate of this shortlist, a decision and a reason.")
        )
        return redirect(shortlist)
    return _decide(request, candidate, form, back=shortlist.get_absolute_url())


@require_GET
@manager_required
def shortlist_export_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    """The dashboard as a workbook: the CSV's rows as ``shortlist_export`` makes them, and more."""
    shortlist = _shortlist_or_404(pk)
    data = selectors.dashboard(shortlist_id=shortlist.pk, with_fragility=False)
    # Per viewer, after whatever the dashboard shares or caches: a panelist stays blind (DESIGN.md).
    data = selectors.blind_dashboard(data, user=request.user, with_fragility=False)
    sheets = export.xlsx_sheets(
        data,
        latest=selectors.latest_decisions(c.candidate.pk for c in data.columns),
        thin_below=settings.THIN_EVIDENCE_BELOW,
    )
    return spreadsheet.xlsx_response(sheets, f"shortlist-{shortlist.pk}.xlsx")
