"""The pages around the API: a user's personal tokens and the API's documentation."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from evaluations.api import tokens

LIFETIMES = (7, 30, 90, 365)


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=100,
        help_text=gettext_lazy("What will use it: “weekly report”, “careers site import”…"),
    )
    days = forms.TypedChoiceField(
        label=gettext_lazy("Expires after"),
        coerce=int,
        initial=90,
        choices=[],
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["days"].choices = [
            (days, gettext_lazy("%(days)s days") % {"days": days})
            for days in LIFETIMES
            if days <= settings.API_TOKEN_MAX_DAYS
        ]


def _page(request: HttpRequest, form: TokenForm, *, new: tokens.NewToken | None = None, status: int = 200):
    context = {
        "form": form,
        "tokens": list(tokens.tokens_of(request.user)),
        "new": new,
        "api_url": request.build_absolute_uri(reverse("api:root")),
    }
    return render(request, "evaluations/token_list.html", context, status=status)


@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    """The user's own tokens: made here (the secret shown on this answer only), listed, revoked."""
    if request.method == "GET":
        return _page(request, TokenForm())
    form = TokenForm(request.POST)
    if form.is_valid():
        try:
            new = tokens.token_create(
                user=request.user, name=form.cleaned_data["name"], days=form.cleaned_data["days"]
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            return _page(request, TokenForm(), new=new, status=201)
    return _page(request, form, status=400)


@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    if not tokens.token_revoke(user=request.user, token_id=pk):
        # Another user's token, or none: whether it exists is not this user's business.
        raise Http404
    messages.success(request, _("Token revoked: it no longer opens the API."))
    return redirect("api:token-list")


@require_GET
def docs(request: HttpRequest) -> HttpResponse:
    """Swagger UI from drf-spectacular-sidecar's files, started by a static script (no inline code)."""
    return render(request, "evaluations/api_docs.html", {"schema_url": reverse("api:schema")})
