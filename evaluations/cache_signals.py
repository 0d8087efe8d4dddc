"""Signals that keep the cache's versions true: a save or a delete of what the dashboards and
exports read makes its scope stale (``caching``). Connected once, by the app's ``ready()``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from evaluations import caching
from evaluations.candidates.models import Candidate, Position
from evaluations.decisions.models import Decision
from evaluations.interviews.models import Interview, InterviewPanelist
from evaluations.rubric.models import Quality
from evaluations.scorecards.models import Score, Scorecard
from evaluations.shortlists.models import Shortlist, ShortlistEntry


def _scorecard_saved(instance: Any, **signal_kwargs: Any) -> None:
    # Only submitted scorecards count anywhere, and a draft is saved every few seconds while its
    # author types: a draft's save changes nothing cached, unless it is the reopening of a
    # submitted card (services.scorecard_reopen saves the status field by name).
    update_fields = signal_kwargs.get("update_fields") or ()
    if instance.status != instance.Status.DRAFT or "status" in update_fields:
        caching.candidates_changed([instance.candidate_id])


def _about_candidate(instance: Any, **signal_kwargs: Any) -> None:
    caching.candidates_changed([instance.candidate_id])


def _panel_changed(instance: Any, **signal_kwargs: Any) -> None:
    candidate_id = (
        Interview.objects.filter(pk=instance.interview_id).values_list("candidate_id", flat=True).first()
    )
    if candidate_id is None:
        # The interview is being deleted with its panel: its own signal names the candidate.
        caching.data_changed()
    else:
        caching.candidates_changed([candidate_id])


def _candidate_changed(instance: Any, **signal_kwargs: Any) -> None:
    caching.candidates_changed([instance.pk])


def _entry_changed(instance: Any, **signal_kwargs: Any) -> None:
    caching.shortlist_changed(instance.shortlist_id)


def _shortlist_changed(instance: Any, **signal_kwargs: Any) -> None:
    caching.shortlist_changed(instance.pk)


def _shortlist_candidates_changed(instance: Any, reverse: bool, **signal_kwargs: Any) -> None:
    if reverse:
        caching.data_changed()
    else:
        caching.shortlist_changed(instance.pk)


def _quality_about_to_save(instance: Any, raw: bool = False, **signal_kwargs: Any) -> None:
    # Whether this save changes the weight alone: then no cell but the scores is drawn again.
    if raw or instance.pk is None:
        return
    stored = Quality.objects.filter(pk=instance.pk).first()
    fields = [f.attname for f in Quality._meta.concrete_fields if f.attname != "weight"]
    instance._cm_weight_only = stored is not None and all(
        getattr(stored, name) == getattr(instance, name) for name in fields
    )


def _quality_saved(instance: Any, **signal_kwargs: Any) -> None:
    if getattr(instance, "_cm_weight_only", False):
        caching.weights_changed()
    else:
        caching.data_changed()


def _shown_name(user: Any) -> tuple[str, str, str]:
    return (user.first_name, user.last_name, user.get_username())


def _user_about_to_save(instance: Any, raw: bool = False, **signal_kwargs: Any) -> None:
    # What pages show of a user is their name: read it as stored, to tell whether this save changes it.
    update_fields = signal_kwargs.get("update_fields")
    if raw or instance.pk is None or update_fields == frozenset({"last_login"}):
        return
    model = type(instance)
    stored = model._default_manager.filter(pk=instance.pk).only(
        "first_name", "last_name", model.USERNAME_FIELD
    )
    instance._cm_shown_before = next((_shown_name(u) for u in stored), None)


def _user_saved(instance: Any, created: bool = False, **signal_kwargs: Any) -> None:
    """A user's name shows on the candidates they scored or decided, and in the weights' history:
    only a change of it makes what shows names stale (``caching.PEOPLE``). A new account shows
    nowhere yet; a login, a password, an email or a role changes nothing a cached page shows."""
    before = getattr(instance, "_cm_shown_before", None)
    if created or before is None or before == _shown_name(instance):
        return
    caching.people_changed()


def connect_all() -> None:
    """Every model the dashboard or the exports read: a save or a delete makes its scope stale.

    The services' bulk writes and ``update()`` calls send no signal: they call the functions above.
    A model added to what the dashboard shows must be added here, in the narrowest scope it fits.
    """

    def connect(receiver: Callable[..., None], model: Any, name: str) -> None:
        post_save.connect(receiver, sender=model, dispatch_uid=f"cache-{name}-save")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"cache-{name}-delete")

    post_save.connect(_scorecard_saved, sender=Scorecard, dispatch_uid="cache-scorecard-save")
    post_delete.connect(_about_candidate, sender=Scorecard, dispatch_uid="cache-scorecard-delete")
    connect(_candidate_changed, Candidate, "candidate")
    # Interviews (who is blind for whom is applied per viewer, never cached) and decisions (they
    # set the candidate's status) are about one candidate: their writes make that candidate stale.
    connect(_about_candidate, Interview, "interview")
    connect(_about_candidate, Decision, "decision")
    connect(_panel_changed, InterviewPanelist, "interview-panelist")
    connect(_entry_changed, ShortlistEntry, "shortlist-entry")
    connect(_shortlist_changed, Shortlist, "shortlist")
    # A score is written through its scorecard's services in bulk; a lone save (the admin, a
    # shell) is rare enough to make everything stale rather than look its candidate up.
    for model in (Position, Score):
        connect(caching.data_changed, model, model._meta.label)
    pre_save.connect(_quality_about_to_save, sender=Quality, dispatch_uid="cache-quality-pre-save")
    post_save.connect(_quality_saved, sender=Quality, dispatch_uid="cache-quality-save")
    post_delete.connect(caching.data_changed, sender=Quality, dispatch_uid="cache-quality-delete")
    user_model = get_user_model()
    pre_save.connect(_user_about_to_save, sender=user_model, dispatch_uid="cache-user-pre-save")
    post_save.connect(_user_saved, sender=user_model, dispatch_uid="cache-user-save")
    # A user is deleted only when nothing of theirs is kept (the history protects them): rare.
    post_delete.connect(caching.data_changed, sender=user_model, dispatch_uid="cache-user-delete")
    m2m_changed.connect(
        _shortlist_candidates_changed,
        sender=Shortlist.candidates.through,
        dispatch_uid="cache-shortlist-candidates",
    )
