"""The admin, attacked as a superuser: never a 500, whatever the URL, query string or body.

Every registered model (ours, ``auth``'s and ``axes``') is tried through its changelist (filters,
date hierarchy, search, ordering, pages, popups, actions on a selection), its add, change,
history and delete views, and the autocomplete view, with junk ids (non-numeric, negative,
past 2**63), out-of-range dates and random strings. Each example runs in a savepoint rolled
back afterwards. The scorecard's change form also keeps its promise under fuzzing: who scored
whom and the status never move, and any change of content leaves an event.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlencode

import pytest
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.auth.models import Group
from django.db import models, transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evaluations.rubric.models import Quality, RubricChange
from evaluations.scorecards.models import Scorecard, ScorecardEvent
from evaluations.scoring import QUALITY_CODES
from tests.factories import CandidateFactory, ScorecardFactory, ShortlistFactory

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
TOO_BIG = "99999999999999999999999"
JUNK_IDS = ["abc", TOO_BIG, "-1", "0", "", " ", "1.5", "1e5", "9223372036854775808", "-9223372036854775809"]
JUNK_DATE_PARTS = ["99999", "10000", "9999", "0", "-1", "13", "40", "abc", "", TOO_BIG, "2024-01-01"]
REGISTERED = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)
MODELS = [model for model, _model_admin in REGISTERED]

SENDABLE = st.characters(exclude_categories=("Cs",))
junk = st.one_of(
    st.sampled_from([*JUNK_IDS, *JUNK_DATE_PARTS, "\x00", "a\x00b", "1,abc", "1," + TOO_BIG, "é" * 5000]),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.text(SENDABLE, max_size=30),
)


@contextmanager
def _rolled_back() -> Iterator[None]:
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def _url(model: type[models.Model], view: str, *args: Any) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def _date_fields(model: type[models.Model]) -> list[str]:
    return [f.name for f in model._meta.get_fields() if isinstance(f, models.DateField)]


def _filter_keys(model: type[models.Model]) -> list[str]:
    """The query-string keys an attacker would try on this model's changelist."""
    model_admin = admin.site._registry[model]
    keys = ["o", "p", "q", "e", "all", "_to_field", "_popup", "_changelist_filters", "_facets"]
    keys += ["id", "id__in", "pk", "id__gt", "id__exact"]
    for name in _date_fields(model):
        keys += [f"{name}__{part}" for part in ("year", "month", "day", "gte", "lt", "date", "iso_year")]
    for item in model_admin.list_filter:
        name = item if isinstance(item, str) else getattr(item, "parameter_name", None)
        if name:
            keys += [name, f"{name}__exact", f"{name}__id__exact", f"{name}__in", f"{name}__isnull"]
    return keys


@pytest.fixture
def world(admin_user, recruiter, manager) -> dict[type[models.Model], list[str]]:
    candidate = CandidateFactory(name="Alice Martin")
    ScorecardFactory(candidate=candidate, interviewer=recruiter, values={"empathy": 4})
    ScorecardFactory(
        candidate=CandidateFactory(position=candidate.position),
        interviewer=recruiter,
        status=Scorecard.Status.DRAFT,
        recommendation="",
    )
    shortlist = ShortlistFactory(owner=manager, position=candidate.position)
    shortlist.candidates.add(candidate)
    RubricChange.objects.create(
        quality=Quality.objects.get(code="empathy"),
        field="weight",
        old_value="3",
        new_value="4",
        reason="why",
        changed_by=admin_user,
    )
    Group.objects.get_or_create(name="Fuzzers")
    AccessAttempt.objects.create(username="x", ip_address="127.0.0.1", failures_since_start=1)
    return {
        model: [str(pk) for pk in model._default_manager.values_list("pk", flat=True)[:2]] for model in MODELS
    }


@pytest.fixture
def untouched() -> dict[int, dict[str, Any]]:
    """The untouched change form of each scorecard, read once for all the examples of a test."""
    return {}


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def _counts() -> list[int]:
    return [model._default_manager.count() for model in MODELS]


# --- what the issue found, on every registered model ---------------------------------------------


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_admin_action_on_junk_selection_answers_no_500_and_deletes_nothing(admin_client, world, model):
    before = _counts()
    for raw in JUNK_IDS:
        for confirm in ({}, {"post": "yes"}):
            data = {"action": "delete_selected", helpers.ACTION_CHECKBOX_NAME: raw, **confirm}
            response = admin_client.post(_url(model, "changelist"), data)
            assert response.status_code < 500, (raw, confirm)
    assert _counts() == before


def test_admin_junk_ids_mixed_with_a_real_one_select_only_the_real_one(admin_client, world):
    card = Scorecard.objects.filter(status=Scorecard.Status.SUBMITTED).get()
    data = {
        "action": "reopen_selected",
        helpers.ACTION_CHECKBOX_NAME: ["abc", TOO_BIG, str(card.pk), "-1"],
        "post": "yes",
        "reason": "Mixed selection",
    }

    response = admin_client.post(_url(Scorecard, "changelist"), data)

    assert response.status_code == 302
    assert ScorecardEvent.objects.get(scorecard=card).reason == "Mixed selection"


@pytest.mark.parametrize("raw", JUNK_IDS)
def test_admin_reopen_action_on_junk_selection_answers_no_500(admin_client, world, raw):
    data = {"action": "reopen_selected", helpers.ACTION_CHECKBOX_NAME: raw, "post": "yes", "reason": "x"}
    response = admin_client.post(_url(Scorecard, "changelist"), data)
    assert response.status_code in {200, 302}
    assert not ScorecardEvent.objects.exists()


@pytest.mark.parametrize(
    "query",
    [
        "created_at__year=99999",
        "created_at__year=2024&created_at__month=13",
        "created_at__year=2024&created_at__month=2&created_at__day=40",
        "created_at__year=9999",
        "created_at__year=9999&created_at__month=12",
        "created_at__year=9999&created_at__month=12&created_at__day=31",
        f"created_at__year={TOO_BIG}",
        "created_at__year=0",
        "updated_at__year=0",
        "updated_at__year=-1",
        "updated_at__year=10000",
        f"updated_at__month={TOO_BIG}",
        f"position={TOO_BIG}",
        f"position__in=1,{TOO_BIG}",
        "position__id__exact=abc",
        f"position__id__exact={TOO_BIG}",
        "status__exact=zzz",
    ],
)
def test_admin_candidate_filter_out_of_range_answers_no_500(admin_client, world, query):
    response = admin_client.get(_url(CandidateFactory._meta.model, "changelist") + "?" + query)
    assert response.status_code in {200, 302}
    if response.status_code == 302:
        assert response["Location"].endswith("?e=1")


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_admin_date_filters_out_of_range_answer_no_500(admin_client, world, model):
    for name in _date_fields(model):
        for part in ("year", "month", "day", "iso_year"):
            for raw in JUNK_DATE_PARTS:
                response = admin_client.get(_url(model, "changelist"), {f"{name}__{part}": raw})
                assert response.status_code < 500, (name, part, raw)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_admin_object_views_with_junk_ids_answer_no_500(admin_client, world, model):
    for raw in [*JUNK_IDS, "%00", "1%2F2"]:
        if not raw.strip():
            continue
        for view in ("change", "history", "delete"):
            path = f"/admin/{model._meta.app_label}/{model._meta.model_name}/{raw}/{view}/"
            assert admin_client.get(path).status_code < 500, path
            assert admin_client.post(path, {"post": "yes"}).status_code < 500, path


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_admin_empty_or_junk_to_field_answers_no_500(admin_client, world, model):
    for object_id in world[model][:1]:
        for view in ("change", "delete", "history"):
            for to_field in ("", "zzz", "pk", "id"):
                url = _url(model, view, object_id)
                assert admin_client.get(url, {"_to_field": to_field}).status_code < 500, (url, to_field)
                assert admin_client.post(url, {"_to_field": to_field}).status_code < 500, (url, to_field)


def test_admin_axes_cleanup_action_answers_no_500(admin_client, world):
    """django-axes' own action reads an attempt time that axes sets only while someone logs in."""
    data = {"action": "cleanup_expired_attempts", helpers.ACTION_CHECKBOX_NAME: world[AccessAttempt]}

    response = admin_client.post(_url(AccessAttempt, "changelist"), data)

    assert response.status_code == 302
    assert AccessAttempt.objects.count() == 1  # attempted a moment ago: not expired


# --- hypothesis: any query string, any body ------------------------------------------------------


@FUZZ
@given(data=st.data())
def test_fuzz_admin_changelist_never_answers_500(admin_client, world, data) -> None:
    model = data.draw(st.sampled_from(MODELS), label="model")
    keys = st.one_of(st.sampled_from(_filter_keys(model)), st.text(SENDABLE, max_size=20))
    params = data.draw(st.dictionaries(keys, st.lists(junk, min_size=1, max_size=2), max_size=4))
    with _rolled_back():
        response = admin_client.get(_url(model, "changelist") + "?" + urlencode(params, doseq=True))
        assert response.status_code < 500, params


@FUZZ
@given(data=st.data())
def test_fuzz_admin_actions_never_answer_500(admin_client, world, data) -> None:
    model = data.draw(st.sampled_from(MODELS), label="model")
    model_admin = admin.site._registry[model]
    actions = [*model_admin.get_action_choices(_request_for(admin_client))]
    action = data.draw(st.one_of(st.sampled_from([name for name, _label in actions]), junk), label="action")
    selection = data.draw(st.lists(st.one_of(st.sampled_from(world[model] or ["1"]), junk), max_size=4))
    extra = data.draw(
        st.dictionaries(
            st.sampled_from(["post", "index", "select_across", "reason", "_save"]), junk, max_size=3
        )
    )
    body = {"action": action, helpers.ACTION_CHECKBOX_NAME: selection, **extra}
    with _rolled_back():
        response = admin_client.post(
            _url(model, "changelist"),
            urlencode(body, doseq=True),
            content_type="application/x-www-form-urlencoded",
        )
        assert response.status_code < 500, body


@FUZZ
@given(data=st.data())
def test_fuzz_admin_object_views_never_answer_500(admin_client, world, data) -> None:
    model = data.draw(st.sampled_from(MODELS), label="model")
    object_id = data.draw(st.one_of(st.sampled_from(world[model] or ["1"]), junk), label="id")
    view = data.draw(
        st.sampled_from(["change", "history", "delete", "add", "reopen", "password"]), label="view"
    )
    params = data.draw(
        st.dictionaries(
            st.sampled_from(["_to_field", "_popup", "_changelist_filters", "_continue", "_saveasnew"]),
            junk,
            max_size=2,
        )
    )
    if view == "add":
        path = f"/admin/{model._meta.app_label}/{model._meta.model_name}/add/"
    else:
        quoted = admin.utils.quote(object_id) or "x"
        path = f"/admin/{model._meta.app_label}/{model._meta.model_name}/{quoted}/{view}/"
    method = data.draw(st.sampled_from(["get", "post"]), label="method")
    with _rolled_back():
        if method == "get":
            response = admin_client.get(path, params)
        else:
            response = admin_client.post(
                path + "?" + urlencode(params),
                urlencode(params),
                content_type="application/x-www-form-urlencoded",
            )
        assert response.status_code < 500, (path, params)


@FUZZ
@given(
    app_label=st.one_of(st.sampled_from(["evaluations", "auth"]), junk),
    model_name=st.one_of(st.sampled_from(["shortlistentry", "candidate", "user"]), junk),
    field_name=st.one_of(st.sampled_from(["candidate", "position", "groups"]), junk),
    term=junk,
    page=junk,
)
def test_fuzz_admin_autocomplete_never_answers_500(
    admin_client, world, app_label, model_name, field_name, term, page
):
    params = {
        "app_label": app_label,
        "model_name": model_name,
        "field_name": field_name,
        "term": term,
        "page": page,
    }
    with _rolled_back():
        assert admin_client.get("/admin/autocomplete/", params).status_code < 500, params


SCORECARD_FIELDS = [
    *QUALITY_CODES,
    *(f"{code}_evidence" for code in QUALITY_CODES),
    "recommendation",
    "notes",
    "reason",
    "expected_version",
    "candidate",
    "interviewer",
    "status",
    "submitted_at_0",
    "submitted_at_1",
    "version",
    "events-TOTAL_FORMS",
    "events-INITIAL_FORMS",
    "events-0-id",
    "events-0-reason",
]


@settings(FUZZ, max_examples=50)  # each example renders the whole change form
@given(data=st.data())
def test_fuzz_admin_scorecard_post_never_moves_who_or_status(admin_client, world, untouched, data) -> None:
    card = data.draw(st.sampled_from(list(Scorecard.objects.all())), label="card")
    if card.pk not in untouched:
        untouched[card.pk] = _untouched(admin_client, card)
    plausible = st.sampled_from(
        [
            "draft",
            "submitted",
            "strong_yes",
            "no",
            "1",
            "5",
            *(str(pk) for pk in world[Scorecard.candidate.field.related_model]),
            *(str(pk) for pk in world[Scorecard.interviewer.field.related_model]),
        ]
    )
    body = data.draw(
        st.dictionaries(st.sampled_from(SCORECARD_FIELDS), st.one_of(plausible, junk), max_size=10)
    )
    if data.draw(st.booleans(), label="well-formed"):
        body = {**untouched[card.pk], **body}
    before = Scorecard.objects.values_list(
        "pk", "candidate", "interviewer", "status", "submitted_at", "version"
    )
    before = {row[0]: row for row in before}
    with _rolled_back():
        response = admin_client.post(
            _url(Scorecard, "change", card.pk),
            urlencode(body, doseq=True),
            content_type="application/x-www-form-urlencoded",
        )
        assert response.status_code < 500, body
        for row in Scorecard.objects.values_list(
            "pk", "candidate", "interviewer", "status", "submitted_at", "version"
        ):
            pk, *who_and_status, version = row
            assert who_and_status == list(before[pk][1:5])
            changed = version != before[pk][5]
            assert changed == ScorecardEvent.objects.filter(scorecard_id=pk).exists()


def _untouched(client: Any, card: Scorecard) -> dict[str, Any]:
    """What the change form posts back when nothing is touched: its fields and its inlines' forms."""
    form_page = client.get(_url(Scorecard, "change", card.pk))
    form = form_page.context["adminform"].form
    body = {name: "" if form[name].value() is None else form[name].value() for name in form.fields}
    for inline in form_page.context["inline_admin_formsets"]:
        for bound in [inline.formset.management_form, *inline.formset.forms]:
            for name in bound.fields:
                value = bound[name].value()
                body[bound.add_prefix(name)] = "" if value is None else value
    return body


def _request_for(client: Any) -> Any:
    """A request of the logged-in superuser, for the admin's per-request hooks."""
    return client.get(reverse("admin:index")).wsgi_request
