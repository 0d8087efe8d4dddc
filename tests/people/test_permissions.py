"""Who gets what from every URL of the project, from one declarative table.

Every pattern is read from the resolver, so a new view without a row in ``TABLE`` fails
``test_url_table_covers_every_url_pattern`` (and its own parametrized case) instead of slipping through.
Each case runs an empty GET and an empty POST: an empty form answers with its errors, never a 500.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from evaluations.candidates.models import Candidate
from evaluations.decisions.models import Decision
from evaluations.exchange.models import RetentionRun
from evaluations.interviews import services
from evaluations.people.models import UserPreference
from evaluations.rubric.models import Quality, Rubric, RubricChange
from evaluations.scorecards.models import Scorecard
from evaluations.shortlists.models import Shortlist, ShortlistEntry
from tests.factories import (
    AdminFactory,
    CandidateFactory,
    ManagerFactory,
    RecruiterFactory,
    ScorecardFactory,
    ShortlistFactory,
)

pytestmark = pytest.mark.django_db

# panel_manager: a hiring manager who sits on the candidate's interview panel and has not
# submitted their own scorecard: blind for that candidate, like a recruiter (DESIGN.md).
ROLES = ("anonymous", "recruiter", "other_recruiter", "manager", "admin", "panel_manager")


@dataclass(frozen=True)
class Login:
    """302 to a login page whose ``next`` is the requested path."""

    pages: tuple[str, ...] = ("/accounts/login/",)


@dataclass(frozen=True)
class Go:
    """302 to this exact path; ``{candidate}``, ``{scorecard}``, ``{shortlist}`` stand for their pks."""

    to: str


Expected = int | Login | Go
LOGIN = Login()


@dataclass(frozen=True)
class Row:
    """Expected answers in ROLES order: anonymous, recruiter (author of the submitted scorecard),
    another recruiter (no scorecard), hiring manager, administrator, hiring manager on the panel."""

    get: tuple[Expected, ...]
    post: tuple[Expected, ...]
    pk: str | None = None  # which object's pk fills <int:pk>
    kwargs: dict[str, str] = field(default_factory=dict)


def everyone(expected: Expected) -> tuple[Expected, ...]:
    return (expected,) * 6


def users(expected: Expected) -> tuple[Expected, ...]:
    """Anonymous users go to the login page; everyone logged in gets ``expected``."""
    return (LOGIN, *(expected,) * 5)


def managers(expected: Expected) -> tuple[Expected, ...]:
    """Recruiters get 403; managers and administrators get ``expected``."""
    return (LOGIN, 403, 403, expected, expected, expected)


def owners(expected: Expected) -> tuple[Expected, ...]:
    """The world's shortlist is the manager's: its owner and administrators get ``expected``;
    recruiters and another hiring manager (the panelist) get 403."""
    return (LOGIN, 403, 403, expected, expected, 403)


TABLE: dict[str, Row] = {
    # --- public: the health check, the login page, the language switcher of the login page -------
    "healthz": Row(get=everyone(200), post=everyone(405)),
    "login": Row(get=everyone(200), post=everyone(200)),  # empty POST: the form with its errors
    "set_language": Row(get=everyone(Go("/")), post=everyone(Go("/"))),
    # --- the rest of Django's auth views need a login ------------------------------------------
    "logout": Row(get=users(405), post=users(Go("/accounts/login/"))),
    "password_change": Row(get=users(200), post=users(200)),
    "password_change_done": Row(get=users(200), post=users(405)),
    # --- the app: candidates, positions and the rubric are for every logged-in user -----------
    "evaluations:home": Row(get=users(Go("/todo/")), post=users(Go("/todo/"))),
    "evaluations:todo": Row(get=users(200), post=users(405)),
    "evaluations:candidate-list": Row(get=users(200), post=users(405)),
    "evaluations:candidate-create": Row(get=users(200), post=users(200)),
    "evaluations:candidate-detail": Row(get=users(200), post=users(405), pk="candidate"),
    # An edit keeps what a POST leaves out: an empty one saves the candidate unchanged.
    "evaluations:candidate-edit": Row(
        get=users(200), post=users(Go("/candidates/{candidate}/")), pk="candidate"
    ),
    # An empty POST to the import: the upload form again, asking for a file.
    "evaluations:candidate-import": Row(get=users(200), post=users(200)),
    "evaluations:quality-list": Row(get=users(200), post=users(405)),
    "evaluations:position-list": Row(get=users(200), post=users(405)),
    "evaluations:position-create": Row(get=users(200), post=users(200)),
    "evaluations:position-edit": Row(get=users(200), post=users(Go("/positions/")), pk="position"),
    # The rubric: its author's card is submitted, so a POST changes nothing and answers 409. For
    # anyone else an empty POST lacks every field of the form: 400, nothing saved.
    "evaluations:scorecard": Row(
        get=users(200),
        post=(LOGIN, 409, 400, 400, 400, 400),
        pk="candidate",
    ),
    # The interview workspace: its panel only (the recruiter, whose card is submitted, and the
    # manager on the panel, whose empty POST lacks every field); 404 for anyone else.
    "evaluations:interview-scorecard": Row(
        get=(LOGIN, 200, 404, 404, 404, 200),
        post=(LOGIN, 409, 404, 404, 404, 400),
        pk="interview",
    ),
    # A decision: hiring managers and administrators. An empty POST changes nothing and shows the
    # form again (400); a manager blind for the candidate (on its panel) is sent back to it.
    "evaluations:candidate-decision": Row(
        get=users(405), post=(LOGIN, 403, 403, 400, 400, Go("/candidates/{candidate}/")), pk="candidate"
    ),
    # Someone else's scorecard: its author is sent to their own page; a recruiter who has not
    # submitted for this candidate gets 404, since even its existence is private (blind scoring);
    # so does a hiring manager on the candidate's panel.
    "evaluations:scorecard-detail": Row(
        get=(LOGIN, Go("/interviews/{interview}/scorecard/"), 404, 200, 200, 404),
        post=users(405),
        pk="scorecard",
    ),
    # An empty reopen (no reason) changes nothing and goes back to the scorecard with a message.
    "evaluations:scorecard-reopen": Row(
        get=users(405), post=managers(Go("/scorecards/{scorecard}/")), pk="scorecard"
    ),
    # --- hiring managers: shortlists, the dashboard, the export, calibration --------------------
    # Here the manager owns the shortlist; SHORTLIST_MATRIX below sets an owner against another
    # hiring manager for each shortlist route.
    "evaluations:shortlist-list": Row(get=managers(200), post=users(405)),
    "evaluations:shortlist-create": Row(get=managers(200), post=managers(200)),
    "evaluations:shortlist-add-from-list": Row(get=users(405), post=managers(Go("/candidates/"))),
    "evaluations:shortlist-detail": Row(get=managers(200), post=users(405), pk="shortlist"),
    "evaluations:shortlist-edit": Row(
        get=owners(200), post=owners(Go("/shortlists/{shortlist}/")), pk="shortlist"
    ),
    # Django's DeleteView confirms with a form that has no field: the empty POST deletes.
    "evaluations:shortlist-delete": Row(get=owners(200), post=owners(Go("/shortlists/")), pk="shortlist"),
    "evaluations:shortlist-add": Row(
        get=users(405), post=owners(Go("/shortlists/{shortlist}/")), pk="shortlist"
    ),
    "evaluations:shortlist-remove": Row(
        get=users(405), post=owners(Go("/shortlists/{shortlist}/")), pk="shortlist"
    ),
    "evaluations:shortlist-note": Row(
        get=users(405), post=managers(Go("/shortlists/{shortlist}/")), pk="shortlist"
    ),
    # A decision from the dashboard: an empty POST names no candidate of the shortlist, changes
    # nothing and goes back to the dashboard with a message.
    "evaluations:shortlist-decision": Row(
        get=users(405), post=managers(Go("/shortlists/{shortlist}/")), pk="shortlist"
    ),
    "evaluations:shortlist-export": Row(get=managers(200), post=users(405), pk="shortlist"),
    "evaluations:shortlist-export-xlsx": Row(get=managers(200), post=users(405), pk="shortlist"),
    "evaluations:calibration": Row(get=managers(200), post=users(405)),
    # --- interviews: recruiters and managers schedule; everyone logged in reads the kit ---------
    # An empty POST shows the form again with its errors.
    "evaluations:interview-create": Row(get=users(200), post=users(200), pk="candidate"),
    "evaluations:interview-kit": Row(get=users(200), post=users(405), pk="interview"),
    "evaluations:interview-edit": Row(get=users(200), post=users(200), pk="interview"),
    # The reason is optional: an empty POST cancels, and goes back to the candidate.
    "evaluations:interview-cancel": Row(
        get=users(200), post=users(Go("/candidates/{candidate}/")), pk="interview"
    ),
    # The invite: panelists (rita and the panel manager) and hiring managers; not other recruiters.
    "evaluations:interview-invite": Row(
        get=(LOGIN, 200, 403, 200, 200, 200), post=users(405), pk="interview"
    ),
    # --- retention: a subject access request is the administrator's ------------------------------
    "evaluations:candidate-personal-data": Row(
        get=(LOGIN, 403, 403, 403, 200, 403), post=users(405), pk="candidate"
    ),
}

# /admin/ is grouped: anonymous users go to a login page, recruiters and hiring managers (not
# staff) to the admin's login page, the administrator gets 200 or 302 — except where the admin
# refuses on purpose (read-only histories and logs, the fixed eleven qualities, the one rubric)
# or where Django's own view only answers another method.
ADMIN_EXCEPTIONS: dict[tuple[str, str], int] = {
    ("admin:logout", "GET"): 405,
    ("admin:password_change_done", "POST"): 405,
    ("admin:jsi18n", "POST"): 405,
    ("admin:autocomplete", "GET"): 403,  # without its query parameters
    ("admin:autocomplete", "POST"): 405,
    ("admin:evaluations_quality_add", "GET"): 403,
    ("admin:evaluations_quality_add", "POST"): 403,
    ("admin:evaluations_quality_delete", "GET"): 403,
    ("admin:evaluations_quality_delete", "POST"): 403,
    ("admin:evaluations_scorecard_add", "GET"): 403,  # a scorecard is its author's, from the rubric
    ("admin:evaluations_scorecard_add", "POST"): 403,
    ("admin:evaluations_rubric_add", "GET"): 403,
    ("admin:evaluations_rubric_add", "POST"): 403,
    ("admin:evaluations_rubric_delete", "GET"): 403,
    ("admin:evaluations_rubric_delete", "POST"): 403,
    ("admin:evaluations_rubricchange_add", "GET"): 403,
    ("admin:evaluations_rubricchange_add", "POST"): 403,
    ("admin:evaluations_rubricchange_change", "POST"): 403,
    ("admin:evaluations_rubricchange_delete", "GET"): 403,
    ("admin:evaluations_rubricchange_delete", "POST"): 403,
    # Interviews are scheduled, changed and cancelled on the pages (history, SEQUENCE): read-only here.
    ("admin:evaluations_interview_add", "GET"): 403,
    ("admin:evaluations_interview_add", "POST"): 403,
    ("admin:evaluations_interview_change", "POST"): 403,
    ("admin:evaluations_interviewevent_add", "GET"): 403,
    ("admin:evaluations_interviewevent_add", "POST"): 403,
    ("admin:evaluations_interviewevent_change", "POST"): 403,
    ("admin:evaluations_interviewevent_delete", "GET"): 403,
    ("admin:evaluations_interviewevent_delete", "POST"): 403,
    # Anonymisations are recorded by the service, never written by hand.
    ("admin:evaluations_retentionrun_add", "GET"): 403,
    ("admin:evaluations_retentionrun_add", "POST"): 403,
    ("admin:evaluations_retentionrun_change", "POST"): 403,
    ("admin:evaluations_retentionrun_delete", "GET"): 403,
    ("admin:evaluations_retentionrun_delete", "POST"): 403,
    ("admin:axes_accessattempt_add", "GET"): 403,
    ("admin:axes_accessattempt_add", "POST"): 403,
    ("admin:axes_accesslog_add", "GET"): 403,
    ("admin:axes_accesslog_add", "POST"): 403,
    ("admin:axes_accessfailurelog_add", "GET"): 403,
    ("admin:axes_accessfailurelog_add", "POST"): 403,
    ("admin:<catch-all>", "GET"): 404,
    ("admin:<catch-all>", "POST"): 404,
}
# What a non-staff user gets from the admin besides the redirect to its login page.
# The app's LogoutView answers the admin's logout path too (it forgets the browser's drafts).
LOGOUT_KEYS = {"admin:logout", "admin-logout"}
ADMIN_FOR_NON_STAFF: dict[str, int | Go] = {
    "admin:login": 200,  # "you are not authorised to see this page; log in as someone else"
    "admin:logout": Go("/admin/"),
}


def _walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str]]:
    """(key, route) for every pattern; the key is the namespaced name, or the route if unnamed."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace or ""]))
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        else:
            assert isinstance(pattern, URLPattern)
            route = prefix + str(pattern.pattern)
            if pattern.name:
                key = f"{namespace}:{pattern.name}" if namespace else pattern.name
            else:
                key = f"{namespace}:{route}" if namespace else route
            yield key, route


ALL_PATTERNS = list(_walk(get_resolver().url_patterns))
APP_KEYS = sorted({key for key, route in ALL_PATTERNS if not route.startswith("admin/")})
ADMIN_PATTERNS = [(key, route) for key, route in ALL_PATTERNS if route.startswith("admin/")]


@pytest.fixture
def world() -> dict[str, Any]:
    recruiter = RecruiterFactory(username="rita")
    candidate = CandidateFactory(name="Alice Martin")
    manager = ManagerFactory(username="maya")
    shortlist = ShortlistFactory(owner=manager)
    shortlist.candidates.add(candidate)
    # The admin's read-only axes pages need a row to show.
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        extra = {"failures_since_start": 1, "get_data": "", "post_data": ""} if model is AccessAttempt else {}
        model.objects.create(
            user_agent="test",
            ip_address="127.0.0.1",
            username="rita",
            http_accept="*/*",
            path_info="/",
            **extra,
        )
    admin = AdminFactory(username="root")
    panel_manager = ManagerFactory(username="pam")
    interview = services.interview_schedule(
        candidate=candidate,
        actor=manager,
        title="Phone screen",
        starts_at=timezone.now() - timedelta(days=1),
        duration_minutes=45,
        location="Room 1",
        panel=[recruiter, panel_manager],
    )
    # The recruiter's card for that interview, submitted.
    card = ScorecardFactory(candidate=candidate, interviewer=recruiter, values={"empathy": 4})
    UserPreference.objects.create(user=recruiter, language="fr")
    Rubric.objects.get_or_create(pk=1)
    RubricChange.objects.create(field="rationale_en", new_value="why", reason="why", changed_by=admin)
    RetentionRun.objects.create(kind=RetentionRun.Kind.RETENTION)
    return {
        "users": {
            "anonymous": None,
            "recruiter": recruiter,
            "other_recruiter": RecruiterFactory(username="oscar"),
            "manager": manager,
            "admin": admin,
            "panel_manager": panel_manager,
        },
        "pks": {
            "candidate": candidate.pk,
            "scorecard": card.pk,
            "position": candidate.position_id,
            "shortlist": shortlist.pk,
            "interview": interview.pk,
            "quality": Quality.objects.order_by("order").first().pk,
        },
    }


def _check(response: Any, expected: Expected, path: str, pks: dict[str, int], what: str) -> None:
    if isinstance(expected, int):
        assert response.status_code == expected, what
        return
    assert response.status_code == 302, what
    location = urlsplit(response["Location"])
    if isinstance(expected, Go):
        assert location.path == expected.to.format(**pks), what
        return
    assert location.path in expected.pages, what
    assert parse_qs(location.query).get("next") == [path], what


def test_url_table_covers_every_url_pattern() -> None:
    assert [key for key in APP_KEYS if key not in TABLE] == [], "URL patterns without a row in TABLE"
    assert [key for key in TABLE if key not in APP_KEYS] == [], "rows for URL names that no longer exist"
    assert ADMIN_PATTERNS, "the admin's patterns are found too"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("key", APP_KEYS)
def test_url_each_role_gets_the_answer_of_the_table(client, world, key: str, role: str) -> None:
    if key not in TABLE:
        pytest.fail(f"{key} has no row in TABLE: say who may open it")
    row = TABLE[key]
    pks = world["pks"]
    kwargs = dict(row.kwargs)
    if row.pk:
        kwargs["pk"] = pks[row.pk]
    path = reverse(key, kwargs=kwargs or None)
    index = ROLES.index(role)
    user = world["users"][role]
    for method, expected in (("GET", row.get[index]), ("POST", row.post[index])):
        if user is not None:
            client.force_login(user)
        response = client.generic(method, path)
        _check(response, expected, path, pks, f"{method} {path} as {role}")


def _admin_path(route: str, world: dict[str, Any]) -> str:
    admin = world["users"]["admin"]
    if "<path:content_type_id>" in route:
        content_type = ContentType.objects.get_for_model(Candidate)
        return f"/admin/r/{content_type.pk}/{world['pks']['candidate']}/"
    path = "/" + route
    model_route = re.match(r"admin/(\w+)/(\w+)/", route)
    if model_route and "<" in route:
        model = apps.get_model(model_route[1], model_route[2])
        instance = model.objects.order_by("pk").first()
        assert instance is not None, f"no {model.__name__} to open in {route}"
        path = path.replace("<path:object_id>", str(instance.pk)).replace("<id>", str(admin.pk))
    path = re.sub(r"\^\(\?P<app_label>[^)]*\)/\$", "evaluations/", path)
    path = path.replace("(?P<url>.*)$", "no-such-page/")
    assert "<" not in path and "(" not in path, f"no concrete path built for {route}"
    return path


def _admin_key(key: str, route: str) -> str:
    return "admin:<catch-all>" if route.endswith("(?P<url>.*)$") else key


@pytest.mark.parametrize("role", ROLES)
def test_url_admin_pages_are_for_administrators_only(client, world, role: str) -> None:
    user = world["users"][role]
    for key, route in ADMIN_PATTERNS:
        path = _admin_path(route, world)
        for method in ("GET", "POST"):
            if user is not None:
                # Re-login each time: a POST to the admin's logout ends the session.
                client.force_login(user)
            response = client.generic(method, path)
            what = f"{method} {path} ({key}) as {role}"
            if key in LOGOUT_KEYS and role != "anonymous":
                _check(response, 405 if method == "GET" else Go("/accounts/login/"), path, {}, what)
                continue
            if role == "anonymous":
                if key == "admin:login":
                    assert response.status_code == 200, what
                else:
                    # Site-level admin views send to the admin's login page; model pages meet
                    # LoginRequiredMiddleware first and send to the app's. Both come back to `path`.
                    _check(response, Login(("/admin/login/", "/accounts/login/")), path, {}, what)
            elif role != "admin":
                special = ADMIN_FOR_NON_STAFF.get(key)
                if special is None:
                    _check(response, Login(("/admin/login/",)), path, {}, what)
                else:
                    _check(response, special, path, {}, what)
            else:
                expected = ADMIN_EXCEPTIONS.get((_admin_key(key, route), method))
                if expected is None:
                    assert response.status_code in (200, 302), what
                else:
                    assert response.status_code == expected, what


def test_scorecard_reopen_by_recruiter_with_reason_is_refused(client, world) -> None:
    client.force_login(world["users"]["other_recruiter"])
    card_pk = world["pks"]["scorecard"]
    response = client.post(reverse("evaluations:scorecard-reopen", args=[card_pk]), {"reason": "typo"})
    assert response.status_code == 403
    assert Scorecard.objects.get(pk=card_pk).status == Scorecard.Status.SUBMITTED


# --- shortlists: the owner, another hiring manager, an administrator, a recruiter ---------------
# Every hiring manager sees every shortlist, its dashboard and export, and writes notes on its
# candidates; renaming, deleting and changing who is on it belong to its owner and administrators
# (DESIGN.md, "Roles"). Each request carries a real change, so that a 403 is seen to change
# nothing and an allowed request to change what it says.

SHORTLIST_ROLES = ("recruiter", "owner", "other_manager", "admin")
OWNER_OR_ADMIN = (403, "ok", 403, "ok")
ANY_MANAGER = (403, "ok", "ok", "ok")


@dataclass(frozen=True)
class ShortlistCase:
    method: str
    route: str
    data: dict[str, Any]
    expected: tuple[str | int, ...]  # in SHORTLIST_ROLES order; "ok" is 200 for a GET, 302 for a POST
    with_pk: bool = True


SHORTLIST_MATRIX: dict[str, ShortlistCase] = {
    "list": ShortlistCase("GET", "evaluations:shortlist-list", {}, ANY_MANAGER, with_pk=False),
    "create": ShortlistCase(
        "POST", "evaluations:shortlist-create", {"name": "Mine"}, ANY_MANAGER, with_pk=False
    ),
    "detail": ShortlistCase("GET", "evaluations:shortlist-detail", {}, ANY_MANAGER),
    "export": ShortlistCase("GET", "evaluations:shortlist-export", {}, ANY_MANAGER),
    "export-xlsx": ShortlistCase("GET", "evaluations:shortlist-export-xlsx", {}, ANY_MANAGER),
    "note": ShortlistCase(
        "POST", "evaluations:shortlist-note", {"candidate": "{on}", "note": "n"}, ANY_MANAGER
    ),
    # Deciding is every hiring manager's, whoever owns the shortlist.
    "decision": ShortlistCase(
        "POST",
        "evaluations:shortlist-decision",
        {"candidate": "{on}", "decision": "rejected", "reason": "Another profile fits better"},
        ANY_MANAGER,
    ),
    "edit-form": ShortlistCase("GET", "evaluations:shortlist-edit", {}, OWNER_OR_ADMIN),
    "rename": ShortlistCase("POST", "evaluations:shortlist-edit", {"name": "Renamed"}, OWNER_OR_ADMIN),
    "delete-form": ShortlistCase("GET", "evaluations:shortlist-delete", {}, OWNER_OR_ADMIN),
    "delete": ShortlistCase("POST", "evaluations:shortlist-delete", {}, OWNER_OR_ADMIN),
    "add": ShortlistCase("POST", "evaluations:shortlist-add", {"candidates": ["{off}"]}, OWNER_OR_ADMIN),
    "remove": ShortlistCase("POST", "evaluations:shortlist-remove", {"candidate": "{on}"}, OWNER_OR_ADMIN),
    "add-from-list": ShortlistCase(
        "POST",
        "evaluations:shortlist-add-from-list",
        {"candidates": ["{off}"], "shortlist": "{shortlist}"},
        OWNER_OR_ADMIN,
        with_pk=False,
    ),
    # Someone else's shortlist is refused even when the rest of the request is invalid.
    "add-from-list-invalid": ShortlistCase(
        "POST",
        "evaluations:shortlist-add-from-list",
        {"candidates": ["999999999"], "shortlist": "{shortlist}"},
        OWNER_OR_ADMIN,
        with_pk=False,
    ),
    # A new shortlist made from the candidate list is the maker's own.
    "add-from-list-new": ShortlistCase(
        "POST",
        "evaluations:shortlist-add-from-list",
        {"candidates": ["{off}"], "new_name": "Mine"},
        ANY_MANAGER,
        with_pk=False,
    ),
}


def _shortlist_state() -> list[tuple[Any, ...]]:
    return [
        *Shortlist.objects.order_by("pk").values_list("pk", "name", "owner_id"),
        *ShortlistEntry.objects.order_by("pk").values_list("shortlist_id", "candidate_id", "note"),
        *Decision.objects.order_by("pk").values_list("candidate_id", "to_status", "reason"),
    ]


@pytest.fixture
def ownership() -> dict[str, Any]:
    owner = ManagerFactory(username="maya")
    shortlist = ShortlistFactory(owner=owner, name="Maya's finalists")
    on = CandidateFactory(name="On the list")
    shortlist.candidates.add(on)
    return {
        "users": {
            "recruiter": RecruiterFactory(username="rita"),
            "owner": owner,
            "other_manager": ManagerFactory(username="mo"),
            "admin": AdminFactory(username="root"),
        },
        "shortlist": shortlist,
        "values": {"shortlist": str(shortlist.pk), "on": str(on.pk), "off": str(CandidateFactory().pk)},
    }


def test_shortlist_matrix_covers_every_shortlist_route() -> None:
    routes = {key for key in APP_KEYS if key.startswith("evaluations:shortlist-")}
    assert routes == {case.route for case in SHORTLIST_MATRIX.values()}


@pytest.mark.parametrize("role", SHORTLIST_ROLES)
@pytest.mark.parametrize("name", list(SHORTLIST_MATRIX))
def test_shortlist_owner_other_manager_admin_recruiter(client, ownership, name: str, role: str) -> None:
    case = SHORTLIST_MATRIX[name]
    expected = case.expected[SHORTLIST_ROLES.index(role)]
    shortlist = ownership["shortlist"]
    path = reverse(case.route, args=[shortlist.pk] if case.with_pk else None)
    values = ownership["values"]
    data = {
        key: [v.format(**values) for v in value] if isinstance(value, list) else value.format(**values)
        for key, value in case.data.items()
    }
    client.force_login(ownership["users"][role])
    before = _shortlist_state()

    response = client.get(path) if case.method == "GET" else client.post(path, data)

    what = f"{case.method} {path} {data} as {role}"
    if expected == "ok":
        assert response.status_code == (200 if case.method == "GET" else 302), what
        if case.method == "POST" and name != "add-from-list-invalid":
            assert _shortlist_state() != before, what
    else:
        assert response.status_code == expected, what
        assert _shortlist_state() == before, what


# --- the JSON API: every route, every method, every role ----------------------------------------
# API views authenticate themselves (a token or the session): without credentials they answer 401,
# never a redirect to the login page. An empty body is an empty JSON object: a create answers 400
# naming the missing fields, a PATCH changes nothing and answers 200. DRF checks the permission
# before the method, so a recruiter gets 403 from the results whatever the method.
API_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def api_users(expected: Expected) -> tuple[Expected, ...]:
    return (401, *(expected,) * 5)


def api_managers(expected: Expected) -> tuple[Expected, ...]:
    return (401, 403, 403, expected, expected, expected)


READ_ONLY = {"GET": api_users(200), **dict.fromkeys(API_METHODS[1:], api_users(405))}
API_TABLE: dict[str, tuple[str | None, dict[str, tuple[Expected, ...]]]] = {
    "api:candidate-list": (
        None,
        {**READ_ONLY, "POST": api_users(400)},
    ),
    "api:candidate-detail": (
        "candidate",
        {**READ_ONLY, "PUT": api_users(400), "PATCH": api_users(200)},
    ),
    "api:scorecard-list": ("candidate", READ_ONLY),
    # Its author's card is submitted (409); anyone else's empty body lacks every rubric field (400).
    "api:own-scorecard": ("candidate", {**READ_ONLY, "POST": (401, 409, 400, 400, 400, 400)}),
    "api:position-list": (None, {**READ_ONLY, "POST": api_users(400)}),
    "api:position-detail": (
        "position",
        {**READ_ONLY, "PUT": api_users(400), "PATCH": api_users(200)},
    ),
    "api:quality-list": (None, READ_ONLY),
    "api:quality-detail": ("quality", READ_ONLY),
    "api:interview-list": (None, {**READ_ONLY, "POST": api_users(400)}),
    "api:interview-detail": ("interview", READ_ONLY),
    "api:shortlist-results": (
        "shortlist",
        {"GET": api_managers(200), **dict.fromkeys(API_METHODS[1:], api_managers(405))},
    ),
    "api:schema": (None, READ_ONLY),
}
TABLE.update(
    {key: Row(get=methods["GET"], post=methods["POST"], pk=pk) for key, (pk, methods) in API_TABLE.items()}
)
TABLE.update(
    {
        # Pages around the API: the documentation and a user's own tokens (the session's login).
        "api:root": Row(get=users(200), post=users(405)),
        "api:token-list": Row(get=users(200), post=users(400)),  # an empty form: its errors
        # No such token of theirs: 404 whoever asks (another's token is tested in test_api.py).
        "api:token-revoke": Row(get=users(405), post=users(404), kwargs={"pk": "999999"}),
    }
)


def test_api_table_covers_every_api_route_and_method() -> None:
    api_keys = {key for key, route in ALL_PATTERNS if route.startswith("api/v1/")} - {"api:root"}
    assert api_keys == set(API_TABLE)
    assert all(set(methods) == set(API_METHODS) for _pk, methods in API_TABLE.values())


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("key", sorted(API_TABLE))
def test_api_each_role_each_method_gets_the_answer_of_the_table(client, world, key: str, role: str) -> None:
    pk, methods = API_TABLE[key]
    path = reverse(key, kwargs={"pk": world["pks"][pk]} if pk else None)
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    for method in API_METHODS:
        response = client.generic(method, path)
        expected = methods[method][ROLES.index(role)]
        assert response.status_code == expected, f"{method} {path} as {role}"
        assert response["Content-Type"].startswith("application/"), f"{method} {path} as {role}"
        assert response["Cache-Control"] == "private, no-store", f"{method} {path} as {role}"
