"""Names and keys for the copy of a rubric that a browser keeps while it cannot reach the server.

The rubric page keeps what the recruiter types in ``localStorage`` until the server has it, so
that an expired session or a dropped network loses nothing. That copy is evaluation content:
another person on the same browser must never read it (blind scoring). So the browser stores it
encrypted (AES-GCM, WebCrypto) with a key that only the pages of its author carry, under a name
that says nothing of whose card it is; logging out deletes every copy of that user.

The key and names are derived from ``SECRET_KEY`` and the user's pk: stable across sessions, so
that the author gets the copy back after logging in again, and different for every user.
"""

from __future__ import annotations

import base64
from typing import Any

from django.utils.crypto import salted_hmac

# A cookie set by logout that tells the next page to delete the prefix's copies, for a logout
# made without the page's script (the admin's, a script error, a request sent by hand).
FORGET_COOKIE = "cmq_forget_drafts"
# Names of copies the server now holds, for the next page (session key).
FORGET_SESSION_KEY = "cmq_forget_drafts"
STORAGE_NAMESPACE = "cmq-draft"


def _mac(purpose: str, value: str) -> bytes:
    return salted_hmac(f"cmquality.drafts.{purpose}", value, algorithm="sha256").digest()


def storage_prefix(user: Any) -> str:
    """The prefix of every name under which this user's copies are stored."""
    tag = base64.urlsafe_b64encode(_mac("user", str(user.pk))[:9]).decode()
    return f"{STORAGE_NAMESPACE}:{tag}:"


def storage_name(user: Any, candidate_id: int, interview_id: int | None = None) -> str:
    """Where the copy of this user's scorecard for this candidate is stored: one per card (the
    card of an interview, or the ad hoc card), so that two interviews' cards never mix."""
    card = f"{user.pk}:{candidate_id}" if interview_id is None else f"{user.pk}:{candidate_id}:{interview_id}"
    tag = base64.urlsafe_b64encode(_mac("card", card)[:9]).decode()
    return storage_prefix(user) + tag


def encryption_key(user: Any) -> str:
    """The AES-256 key (base64) that encrypts this user's copies; only their pages carry it."""
    return base64.b64encode(_mac("key", str(user.pk))).decode()


def mark_saved(request: Any, candidate_id: int, interview_id: int | None = None) -> None:
    """The server holds the card: the next page tells the browser to drop its copy."""
    names = request.session.get(FORGET_SESSION_KEY, [])
    name = storage_name(request.user, candidate_id, interview_id)
    if name not in names:
        request.session[FORGET_SESSION_KEY] = [*names, name][-20:]


def pop_saved(request: Any) -> list[str]:
    session = getattr(request, "session", None)
    if session is None or FORGET_SESSION_KEY not in session:
        return []
    return session.pop(FORGET_SESSION_KEY)
