"""Views of decisions: a candidate's decision, alone or from the dashboard."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from evaluations.candidates.models import Candidate
from evaluations.candidates.views import candidate_page
from evaluations.decisions import services
from evaluations.decisions import words as decisions
from evaluations.decisions.forms import DecisionForm, ShortlistDecisionForm
from evaluations.fields import pk_or_none
from evaluations.people.access import manager_required
from evaluations.rubric import selectors as rubric_selectors
from evaluations.scorecards import selectors as scorecard_selectors
from evaluations.shortlists.views import shortlist_or_404


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
    if scorecard_selectors.hidden_candidate_ids(request.user, [candidate.pk]):
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
                pending.contradictions, pending.result, rubric_selectors.qualities()
            )
            return candidate_page(request, candidate.pk, decision_form=form, to_confirm=texts, back=back)
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
    return candidate_page(request, candidate.pk, decision_form=form, status=400, back=back)


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
    shortlist = shortlist_or_404(pk)
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
