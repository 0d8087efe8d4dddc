from __future__ import annotations

from django.http import HttpRequest

from evaluations import roles


def roles_context(request: HttpRequest) -> dict[str, bool]:
    user = request.user
    return {"is_manager": roles.is_manager(user), "is_admin": roles.is_admin(user)}
