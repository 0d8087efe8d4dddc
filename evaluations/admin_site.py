"""The project's admin site: every registered model admin refuses junk input with a message, never a 500.

Django's admin passes some of what a browser sends straight to Python's ``datetime`` or to the
database: the ids of an action's selection (``_selected_action=abc`` raises ``ValueError``, an id
past 2**63 ``OverflowError`` on SQLite), the date hierarchy's year (``?created_at__year=9999``
steps past ``datetime.MAXYEAR`` when it computes the end of the year), a ``__year`` lookup outside
1–9999, or an integer past what a column holds in a filter Django does not bound itself
(``?position=<huge>``); and an empty ``?_to_field=`` on a change or delete page is taken for a
field name. The site mixes ``BoundedInputAdmin`` into every model admin registered on
it — ours, ``auth``'s and ``axes``' alike — so these are bounded once, for the whole admin, before
they reach the database: a junk id in a selection selects nothing, a junk filter is reported as
Django reports any other invalid filter (the changelist reloads with ``?e=1``).
"""

from __future__ import annotations

import datetime
import functools
from typing import Any

from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Lookup, Model, QuerySet
from django.db.models.lookups import YearLookup
from django.http import HttpRequest, HttpResponseBase


def _out_of_range(node: Any) -> bool:
    """Whether a filter of the query compares with an integer no column holds, or a year past 1–9999."""
    low, high = connection.ops.integer_field_range("BigIntegerField")
    for child in getattr(node, "children", ()):
        if not isinstance(child, Lookup):
            if _out_of_range(child):
                return True
            continue
        values = child.rhs if isinstance(child.rhs, list | tuple | set | frozenset) else [child.rhs]
        for value in values:
            if not isinstance(value, int) or isinstance(value, bool):
                continue
            if isinstance(child, YearLookup):
                # The bounds of an ISO year run to the first day of the next one.
                last = datetime.MAXYEAR - (getattr(child.lhs, "lookup_name", "") == "iso_year")
                if not datetime.MINYEAR <= value <= last:
                    return True
            if not low <= value <= high:
                return True
    return False


class BoundedChangeList(ChangeList):
    def get_filters(self, request: HttpRequest) -> Any:
        try:
            return super().get_filters(request)
        except (ValueError, OverflowError) as error:
            # The date hierarchy turns year, month and day into a range with datetime arithmetic:
            # Django catches the ValueError of a bad day, not the year 9999's "next year" nor a
            # year too big for a C integer.
            raise IncorrectLookupParameters(error) from error

    def get_queryset(self, request: HttpRequest, exclude_parameters: Any = None) -> QuerySet:
        queryset = super().get_queryset(request, exclude_parameters)
        if _out_of_range(queryset.query.where):
            raise IncorrectLookupParameters("A filter value is out of range.")
        return queryset


@functools.cache
def _bounded_changelist(base: type[ChangeList]) -> type[ChangeList]:
    if issubclass(base, BoundedChangeList):
        return base
    return type(f"Bounded{base.__name__}", (BoundedChangeList, base), {"__module__": __name__})


def is_valid_pk(model: type[Model], raw: str) -> bool:
    """Whether ``raw`` can be a primary key of ``model``: its type, and within its column's range."""
    pk = model._meta.pk
    try:
        pk.run_validators(pk.to_python(raw))
    except (ValidationError, ValueError, TypeError, OverflowError):
        return False
    return True


class BoundedInputAdmin:
    """Mixed into every model admin of the site (see the module's docstring)."""

    model: type[Model]

    def get_changelist(self, request: HttpRequest, **kwargs: Any) -> type[ChangeList]:
        return _bounded_changelist(super().get_changelist(request, **kwargs))  # type: ignore[misc]

    def get_object(self, request: HttpRequest, object_id: str, from_field: str | None = None) -> Model | None:
        # An empty ``?_to_field=`` passes the views' "is this field allowed" check as "no field",
        # then reached ``_meta.get_field("")``.
        return super().get_object(request, object_id, from_field or None)  # type: ignore[misc]

    def response_action(self, request: HttpRequest, queryset: QuerySet) -> HttpResponseBase | None:
        # An id that cannot be a primary key selects nothing, as an id that no row has does.
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        valid = [raw for raw in selected if is_valid_pk(self.model, raw)]
        if len(valid) != len(selected):
            data = request.POST.copy()
            data.setlist(helpers.ACTION_CHECKBOX_NAME, valid)
            request.POST = data
        return super().response_action(request, queryset)  # type: ignore[misc]


class AdminSite(admin.AdminSite):
    def register(self, model_or_iterable: Any, admin_class: Any = None, **options: Any) -> None:
        base = admin_class or admin.ModelAdmin
        if not issubclass(base, BoundedInputAdmin):
            base = type(base.__name__, (BoundedInputAdmin, base), {"__module__": base.__module__})
        super().register(model_or_iterable, base, **options)


class HistoryAdmin(admin.ModelAdmin):
    """A history is read, never written by hand: no add, change or delete, not even here."""

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False
