"""Personal API tokens: made, found and revoked here, and nowhere else.

A token reads ``cmq_<prefix>_<secret>``. The prefix (8 hex characters) is stored as it is, to
find the row; the whole token is stored only as its SHA-256 digest. The secret carries 256 random
bits, so a fast digest is enough (a slow password hash would cost every API request a fraction of
a second and add nothing against guessing 256 bits).
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from evaluations.api.models import ApiToken

SCHEME = "cmq"
PREFIX_LENGTH = 8
# Refresh "last used" at most this often, so that reads do not each cost a write.
LAST_USED_EVERY = datetime.timedelta(minutes=5)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def split(token: str) -> tuple[str, str] | None:
    """(prefix, secret) of a well-formed token, else None."""
    scheme, _sep, rest = token.partition("_")
    prefix, sep, secret = rest.partition("_")
    if scheme != SCHEME or not sep or len(prefix) != PREFIX_LENGTH or not secret:
        return None
    if any(c not in "0123456789abcdef" for c in prefix):
        return None
    return prefix, secret


@dataclass(frozen=True)
class NewToken:
    """A token just made: ``plain`` is shown to its owner once and never stored."""

    token: ApiToken
    plain: str


@transaction.atomic
def token_create(*, user: Any, name: str, days: int, now: datetime.datetime | None = None) -> NewToken:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name, such as the script that will use it.")})
    if not 1 <= days <= settings.API_TOKEN_MAX_DAYS:
        raise ValidationError(
            {"days": _("A token lives from 1 to %(max)s days.") % {"max": settings.API_TOKEN_MAX_DAYS}}
        )
    now = now or timezone.now()
    for _attempt in range(5):
        prefix = secrets.token_hex(PREFIX_LENGTH // 2)
        plain = f"{SCHEME}_{prefix}_{secrets.token_urlsafe(32)}"
        token = ApiToken(
            user=user,
            name=name,
            prefix=prefix,
            digest=digest(plain),
            created_at=now,
            expires_at=now + datetime.timedelta(days=days),
        )
        token.full_clean(exclude=["user"], validate_unique=False)
        try:
            with transaction.atomic():
                token.save()
        except IntegrityError:
            continue  # the same prefix drawn twice: draw again
        return NewToken(token, plain)
    raise RuntimeError("no free token prefix after five draws")


@transaction.atomic
def token_revoke(*, user: Any, token_id: int) -> bool:
    """Revoke one of the user's own tokens. False when they have no such live token."""
    updated = ApiToken.objects.filter(pk=token_id, user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    return bool(updated)


def tokens_of(user: Any) -> QuerySet:
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")


def token_authenticate(plain: str, *, now: datetime.datetime | None = None) -> ApiToken | None:
    """The live token ``plain`` names, with its user (one query), or None."""
    parts = split(plain)
    if parts is None:
        return None
    token = ApiToken.objects.select_related("user").filter(prefix=parts[0]).first()
    if token is None or not constant_time_compare(token.digest, digest(plain)):
        return None
    now = now or timezone.now()
    if not token.is_usable(now) or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
