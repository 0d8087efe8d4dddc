"""Views of shortlists: the lists, their candidates and notes, the dashboard and calibration."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import CreateView, DeleteView, UpdateView

from evaluations import caching
from evaluations.fields import pk_or_none
from evaluations.people.access import (
    ManagerRequiredMixin,
    ShortlistOwnerMixin,
    manager_required,
    require_shortlist_change,
)
from evaluations.rubric import selectors as rubric_selectors
from evaluations.scorecards import selectors as scorecard_selectors
from evaluations.shortlists import pages, services
from evaluations.shortlists import selectors as shortlist_selectors
from evaluations.shortlists.forms import (
    AddToShortlistForm,
    ShortlistCandidatesForm,
    ShortlistForm,
    ShortlistNoteForm,
    WhatIfForm,
)
from evaluations.shortlists.models import Shortlist


@require_GET
@manager_required
def shortlist_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "evaluations/shortlist_list.html", {"shortlists": shortlist_selectors.shortlist_list()}
    )


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
        require_shortlist_change(request, form.cleaned_data["shortlist"])
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


def shortlist_or_404(pk: int) -> Shortlist:
    return get_object_or_404(Shortlist, pk=pk)


@require_POST
@manager_required
def shortlist_add_candidates(request: HttpRequest, pk: int) -> HttpResponse:
    shortlist = shortlist_or_404(pk)
    require_shortlist_change(request, shortlist)
    form = ShortlistCandidatesForm(
        request.POST, queryset=shortlist_selectors.shortlist_candidates_to_add(shortlist=shortlist)
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
    shortlist = shortlist_or_404(pk)
    require_shortlist_change(request, shortlist)
    candidate_id = pk_or_none(request.POST.get("candidate"))
    if candidate_id and services.shortlist_remove(shortlist=shortlist, candidate_ids=[candidate_id]):
        messages.success(request, _("Candidate removed from the shortlist."))
    else:
        messages.error(request, _("That candidate is not on this shortlist."))
    return redirect(shortlist)


@require_POST
@manager_required
def shortlist_note(request: HttpRequest, pk: int) -> HttpResponse:
    shortlist = shortlist_or_404(pk)
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
    qualities = rubric_selectors.qualities() if trial else None
    whatif = WhatIfForm(request.GET, qualities=qualities) if qualities is not None else None
    weights = whatif.weights() if whatif is not None else None
    if fragment and whatif is not None and whatif.is_bound and not whatif.is_valid():
        # The table stays as it was on the page: only the form's errors come back.
        response = render(request, "includes/dashboard_whatif_errors.html", {"form": whatif}, status=400)
        return _with_weight_ranges(response, whatif)
    adjusted = request.GET.get("adjusted") == "1"
    try:
        page = pages.shortlist_page(
            shortlist_id=pk, user=request.user, quality_list=qualities, weights=weights, adjusted=adjusted
        )
    except Shortlist.DoesNotExist as exc:
        raise Http404 from exc
    context = {
        "shortlist": page.shortlist,
        "dashboard": page.dashboard,
        "addable": page.addable,
        "addable_shown": pages.ADDABLE_SHOWN,
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
def calibration(request: HttpRequest) -> HttpResponse:
    data = scorecard_selectors.calibration_data(hidden=scorecard_selectors.hidden_candidate_ids(request.user))
    return render(
        request,
        "evaluations/calibration.html",
        {"calibration": data, "qualities": rubric_selectors.qualities()},
    )
