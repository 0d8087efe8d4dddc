"""Views of candidates and positions: the list, create, edit and a candidate's page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django.views.generic import CreateView, ListView, UpdateView

from evaluations.candidates import selectors as candidate_selectors
from evaluations.candidates.forms import CandidateForm, PositionForm
from evaluations.candidates.models import Candidate, Position
from evaluations.decisions import selectors as decision_selectors
from evaluations.decisions import words as decisions
from evaluations.decisions.forms import DecisionForm
from evaluations.fields import pk_or_none
from evaluations.people import roles
from evaluations.shortlists import selectors as shortlist_selectors


@require_GET
def candidate_list(request: HttpRequest) -> HttpResponse:
    search = request.GET.get("q", "").strip()[:200]
    position_id = pk_or_none(request.GET.get("position"))
    status = request.GET.get("status", "")
    if status not in Candidate.Status.values:
        status = ""
    page, rows = candidate_selectors.candidate_list(
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
        "positions": candidate_selectors.positions(),
        "statuses": Candidate.Status.choices,
        "search": search,
        "position_id": position_id,
        "status": status,
        "querystring": query.urlencode(),
        "shortlists": shortlist_selectors.shortlist_choices(user=request.user),
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
    return candidate_page(request, pk)


def candidate_page(
    request: HttpRequest,
    pk: int,
    *,
    decision_form: DecisionForm | None = None,
    to_confirm: list[str] | None = None,
    status: int = 200,
    back: str = "",
) -> HttpResponse:
    try:
        detail = candidate_selectors.candidate_detail(user=request.user, candidate_id=pk)
    except Candidate.DoesNotExist as exc:
        raise Http404 from exc
    context = {
        "detail": detail,
        "candidate": detail.candidate,
        "decisions": decisions.decision_rows(decision_selectors.candidate_decisions(candidate_id=pk)),
        "conflicts": [decisions.conflict_label(code) for code in detail.conflicts],
    }
    if roles.is_manager(request.user):
        context["decision_form"] = decision_form or DecisionForm()
        context["to_confirm"] = to_confirm or []
        context["decision_next"] = back
    return render(request, "evaluations/candidate_detail.html", context, status=status)


class PositionListView(ListView):
    model = Position
    template_name = "evaluations/position_list.html"
    context_object_name = "positions"

    def get_queryset(self):
        return candidate_selectors.position_list()


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
