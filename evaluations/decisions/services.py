"""Writes of decisions: a hiring manager's decision, confirmed when the evidence says
otherwise.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from evaluations import scoring
from evaluations.candidates.models import Candidate
from evaluations.decisions import selectors
from evaluations.decisions.models import DECISION_STATUSES, Decision
from evaluations.people import roles


class DecisionNeedsConfirmation(Exception):
    """The decision goes against the evidence: it is recorded only once confirmed.

    ``contradictions`` are ``scoring.decision_contradictions`` codes; ``result`` the evidence
    they were read from, so that the page can say what contradicts in words.
    """

    def __init__(self, contradictions: tuple[str, ...], result: scoring.CandidateResult | None) -> None:
        super().__init__(contradictions)
        self.contradictions = contradictions
        self.result = result


@transaction.atomic
def candidate_decide(
    *, candidate: Candidate, actor: Any, decision: str, reason: str, confirm: bool = False
) -> Decision:
    """Set the candidate's status to ``decision`` and record who, when, from, to and why.

    The evidence is read inside the transaction, with the weights and bars stored now: an offer
    or a hire that contradicts it raises DecisionNeedsConfirmation unless ``confirm``, and a
    confirmed one is kept flagged with what it contradicted. Scores and scorecards are never
    touched. ValidationError for an unknown decision or a missing reason, PermissionDenied for
    anyone but a hiring manager or an administrator.
    """
    if not roles.is_manager(actor):
        raise PermissionDenied
    reason = (reason or "").strip()
    errors: dict[str, str] = {}
    if decision not in DECISION_STATUSES:
        errors["decision"] = _("Choose a decision: interviewing, shortlisted, offer, hired or rejected.")
    if not reason:
        errors["reason"] = _("Say why: the reason is kept with the decision.")
    if errors:
        raise ValidationError(errors)
    # Locked, so that two managers deciding at once record two decisions from the right status.
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    result = selectors.candidate_result(candidate_id=candidate.pk)
    contradictions = scoring.decision_contradictions(decision, result)
    if contradictions and not confirm:
        raise DecisionNeedsConfirmation(contradictions, result)
    record = Decision(
        candidate=candidate,
        actor=actor,
        from_status=candidate.status,
        to_status=decision,
        reason=reason,
        contradictions=list(contradictions),
    )
    record.full_clean()
    record.save()
    candidate.status = decision
    # Only the status changes: other fields, valid when stored, are not this service's to judge.
    candidate.clean_fields(exclude=[f.name for f in Candidate._meta.concrete_fields if f.name != "status"])
    candidate.save(update_fields=["status", "updated_at"])
    return record
