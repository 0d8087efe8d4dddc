"""Who may do what (DESIGN.md, "Roles"). One place, so that views and templates agree."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

if TYPE_CHECKING:
    from evaluations.shortlists.models import Shortlist

RECRUITERS = "Recruiters"
HIRING_MANAGERS = "Hiring managers"


def _group_names(user: AbstractBaseUser | AnonymousUser) -> frozenset[str]:
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_cm_group_names", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._cm_group_names = cached
    return cached


def is_admin(user: AbstractBaseUser | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.is_superuser)


def is_manager(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Hiring managers and administrators: shortlists, dashboards, exports, calibration, reopening."""
    return is_admin(user) or HIRING_MANAGERS in _group_names(user)


def sees_all_scores(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Whether blind scoring does not apply: such a user sees every submitted scorecard."""
    return is_manager(user)


def may_change_shortlist(user: AbstractBaseUser | AnonymousUser, shortlist: Shortlist) -> bool:
    """Renaming, deleting and changing who is on a shortlist: its owner and administrators.

    Every hiring manager sees every shortlist and may write notes on its candidates (they decide
    together), but one manager's shortlist is not another's to reshape. The owner must still be
    a hiring manager: someone moved out of the role keeps no right over what they made.
    """
    if is_admin(user):
        return True
    return is_manager(user) and shortlist.owner_id == user.pk


def is_recruiter(user: AbstractBaseUser | AnonymousUser) -> bool:
    return RECRUITERS in _group_names(user)


def offers_scoring(user: AbstractBaseUser | AnonymousUser, *, seated: bool, has_card: bool) -> bool:
    """Whether a page offers this user to score a candidate: recruiters score; anyone else (a
    hiring manager, an administrator) only the candidates whose panel they sit on, or whose
    card they have started. The scorecard stays open to them: it is just not put forward."""
    return is_recruiter(user) or seated or has_card


def may_import_candidates(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Recruiters, hiring managers and administrators: the import of candidates from a file."""
    return is_manager(user) or is_recruiter(user)


def can_schedule(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Recruiters, hiring managers and administrators schedule, edit and cancel interviews."""
    return is_manager(user) or RECRUITERS in _group_names(user)
