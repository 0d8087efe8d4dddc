"""The cached dashboard and export: never stale, in one process and across gunicorn workers.

The cache is keyed by a version of the data that every write replaces (``evaluations.caching``).
Each in-process test runs against the default backend (files shared by the workers of a
machine) and against Redis when one listens on ``REDIS_URL`` (or 127.0.0.1:6379).
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from evaluations import caching
from evaluations.candidates.models import Candidate
from evaluations.decisions import services as decision_services
from evaluations.interviews import services as interview_services
from evaluations.rubric import services as rubric_services
from evaluations.rubric.models import Quality
from evaluations.scorecards import services as scorecard_services
from evaluations.scoring import QUALITY_CODES
from evaluations.shortlists import cells, presenters
from evaluations.shortlists import services as shortlist_services
from tests.factories import (
    CandidateFactory,
    ManagerFactory,
    PositionFactory,
    RecruiterFactory,
    ScorecardFactory,
)

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"


def _redis_listening() -> bool:
    parts = urllib.parse.urlsplit(REDIS_URL)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 6379), timeout=0.5):
            return True
    except OSError:
        return False


BACKENDS = {
    "files": lambda tmp: {
        "BACKEND": "evaluations.cache_backends.FileCache",
        "LOCATION": str(tmp / "cache"),
        "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
    },
    "redis": lambda _tmp: {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
    },
}


def caches_on(backend: str, tmp: Path) -> dict:
    """The settings' CACHES with that shared cache; the dashboard's parts are copied from it."""
    return {**settings.CACHES, "default": BACKENDS[backend](tmp)}


@pytest.fixture(params=sorted(BACKENDS))
def backend(request, tmp_path):
    if request.param == "redis" and not _redis_listening():
        pytest.skip(f"no Redis listening at {REDIS_URL}")
    with override_settings(CACHES=caches_on(request.param, tmp_path)):
        yield request.param


@pytest.fixture
def board(manager):
    position = PositionFactory(title="Community manager")
    people = [CandidateFactory(name=name, position=position) for name in ("Ana Moreau", "Bruno Petit")]
    for person, value in zip(people, (4, 2), strict=True):
        ScorecardFactory(candidate=person, values=dict.fromkeys(QUALITY_CODES, value))
    shortlist = shortlist_services.shortlist_create(name="Final", owner=manager, candidates=people)
    return {"shortlist": shortlist, "people": people, "manager": manager}


def _dashboard(client, board, *, login: bool = True) -> str:
    if login:
        client.force_login(board["manager"])
    response = client.get(reverse("evaluations:shortlist-detail", args=[board["shortlist"].pk]))
    assert response.status_code == 200
    return response.content.decode()


def _export(client, board) -> str:
    client.force_login(board["manager"])
    response = client.get(reverse("evaluations:shortlist-export", args=[board["shortlist"].pk]))
    assert response.status_code == 200
    return response.content.decode()


def _submit(candidate: Candidate, value: int, name: str = "Zora") -> None:
    scorecard_services.scorecard_save(
        candidate=candidate,
        interviewer=RecruiterFactory(first_name=name, last_name="Late"),
        data=scorecard_services.ScorecardData(
            values=dict.fromkeys(QUALITY_CODES, value),
            evidence={},
            recommendation="strong_yes",
            notes="",
        ),
        submit=True,
    )


def test_caching_second_view_reads_the_cache_not_the_scores(
    client, board, backend, django_assert_max_num_queries
):
    first = _dashboard(client, board)

    # Session, user, groups, qualities, the shortlist and the candidates to add: no scorecard, no score.
    with django_assert_max_num_queries(6):
        again = _dashboard(client, board, login=False)

    assert _strip_csrf(again) == _strip_csrf(first)


def _strip_csrf(html: str) -> str:
    """The page without what is per request: the CSRF token, and the moment printed on paper
    (two views a second apart may fall either side of a minute)."""
    html = re.sub(r'<span class="print-only"> · [^<]*</span>', "", html)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_caching_submit_visible_on_next_view_and_export(client, board, backend):
    bruno = board["people"][1]
    before = _dashboard(client, board)
    _export(client, board)

    _submit(bruno, 5)

    after = _dashboard(client, board)
    assert "Zora Late" not in before
    assert "Zora Late" in after
    # Bruno: (2 + 5) / 2 = 3.5 on every quality → 25 × 2.5 = 62.5.
    assert '<span class="weighted-score">62.5</span>' in after
    assert f",Bruno Petit,{bruno.email},Community manager,2,62.5," in _export(client, board)


def test_caching_reopen_visible_on_next_view(client, board, backend, manager):
    bruno = board["people"][1]
    _submit(bruno, 5)
    assert "Zora Late" in _dashboard(client, board)

    card = bruno.scorecards.get(interviewer__first_name="Zora")
    scorecard_services.scorecard_reopen(scorecard=card, actor=manager, reason="Typo")

    assert "Zora Late" not in _dashboard(client, board)


def test_caching_weight_change_reranks_on_next_view(client, board, backend, admin_user):
    _dashboard(client, board)
    empathy = Quality.objects.get(code="empathy")

    rubric_services.quality_update(quality=empathy, actor=admin_user, reason="Test", weight=4)

    assert "×4</span>" in _dashboard(client, board)


def test_caching_candidate_rename_and_note_and_removal_visible(client, board, backend):
    ana, bruno = board["people"]
    _dashboard(client, board)

    ana.name = "Ana Moreau-Blanc"
    ana.save()
    assert "Ana Moreau-Blanc" in _dashboard(client, board)

    shortlist_services.shortlist_set_note(
        shortlist=board["shortlist"], candidate_id=bruno.pk, note="Ask about crises"
    )
    assert "Ask about crises" in _dashboard(client, board)

    shortlist_services.shortlist_remove(shortlist=board["shortlist"], candidate_ids=[bruno.pk])
    assert f'data-candidate="{bruno.pk}"' not in _dashboard(client, board)


def test_caching_remove_buttons_only_for_owner_whoever_filled_the_cache(client, board, backend):
    # The table is cached for every viewer: the owner-only controls must not travel with it.
    other = ManagerFactory(username="mo")
    remove = 'form="remove-form"'
    owner_first = _dashboard(client, board)
    client.force_login(other)
    other_then = _dashboard(client, board, login=False)
    owner_again = _dashboard(client, board)

    assert remove in owner_first and remove in owner_again
    assert remove not in other_then
    assert 'id="remove-form"' not in other_then
    assert "Ana Moreau" in other_then


def test_caching_candidate_change_reaches_every_shortlist_holding_them(client, board, backend, manager):
    bruno = board["people"][1]
    other = shortlist_services.shortlist_create(name="Other", owner=manager, candidates=[bruno])
    _dashboard(client, board)
    other_url = reverse("evaluations:shortlist-detail", args=[other.pk])
    client.get(other_url)

    _submit(bruno, 5)

    assert "Zora Late" in _dashboard(client, board)
    assert "Zora Late" in client.get(other_url).content.decode()


def test_caching_note_elsewhere_keeps_this_dashboard(board, backend, manager):
    other = shortlist_services.shortlist_create(name="Other", owner=manager, candidates=board["people"][:1])
    here = caching.versions([caching.GLOBAL, caching.shortlist_scope(board["shortlist"].pk)])

    shortlist_services.shortlist_set_note(
        shortlist=other, candidate_id=board["people"][0].pk, note="Elsewhere"
    )

    assert caching.versions([caching.GLOBAL, caching.shortlist_scope(board["shortlist"].pk)]) == here


def test_caching_after_a_note_columns_are_kept_not_recomputed(
    client, board, backend, django_assert_max_num_queries
):
    _dashboard(client, board)
    shortlist_services.shortlist_set_note(
        shortlist=board["shortlist"], candidate_id=board["people"][0].pk, note="Kept"
    )

    # Session, user, groups, shortlist, the viewer's panels, qualities, notes, candidates to add: the
    # page is put together again from the columns kept, no scorecard, no score is read.
    with django_assert_max_num_queries(9) as captured:
        page = _dashboard(client, board, login=False)

    assert "Kept" in page
    read_from = [q["sql"].split(" FROM ", 1)[1] for q in captured.captured_queries]
    assert not [
        table for table in read_from if table.startswith(('"evaluations_score"', '"evaluations_scorecard"'))
    ]


def test_caching_a_note_keeps_the_ranked_page_a_decision_does_not(
    client, board, backend, manager, monkeypatch
):
    drawn = []
    ranked_page = presenters.ranked_page
    monkeypatch.setattr(presenters, "ranked_page", lambda **kw: drawn.append(1) or ranked_page(**kw))
    ana = board["people"][0]
    _dashboard(client, board)
    assert len(drawn) == 1

    # A note changes the notes only: the ranking, the why-lines and the rest are kept.
    shortlist_services.shortlist_set_note(
        shortlist=board["shortlist"], candidate_id=ana.pk, note="Call back Friday"
    )
    assert "Call back Friday" in _dashboard(client, board)
    assert len(drawn) == 1

    # A decision changes the candidate's data (the decision row): ranked again.
    decision_services.candidate_decide(
        candidate=ana, actor=manager, decision="shortlisted", reason="Strong panel"
    )
    page = _dashboard(client, board)
    assert "Strong panel" in page and "Call back Friday" in page
    assert len(drawn) == 2


def test_caching_decision_and_interview_visible_on_next_view(client, board, backend, manager):
    ana = board["people"][0]
    # The latest decision is in the table's decision row (the decision form lists every status).
    assert "status-rejected" not in _dashboard(client, board)

    decision_services.candidate_decide(
        candidate=ana, actor=manager, decision="rejected", reason="Not this time"
    )
    page = _dashboard(client, board)
    assert "status-rejected" in page
    assert "Not this time" in page

    before = caching.versions([caching.shortlist_scope(board["shortlist"].pk)])
    interview_services.interview_schedule(
        candidate=ana,
        actor=manager,
        title="Case study",
        starts_at=timezone.now(),
        duration_minutes=45,
        location="Room 1",
        panel=[manager],
    )
    assert caching.versions([caching.shortlist_scope(board["shortlist"].pk)]) != before


def test_caching_new_account_login_and_password_change_replace_no_version(board, backend, manager):
    scopes = [
        caching.GLOBAL,
        caching.ANY_CANDIDATE,
        caching.PEOPLE,
        caching.shortlist_scope(board["shortlist"].pk),
        *(caching.candidate_scope(c.pk) for c in board["people"]),
    ]
    before = caching.versions(scopes)

    RecruiterFactory(username="newcomer", first_name="Nina")
    manager.set_password("a new and long passphrase")
    manager.email = "maya@example.org"
    manager.save()
    manager.last_login = timezone.now()
    manager.save(update_fields=["last_login"])

    # Nothing any page keeps shows a password, an email or a new account's name.
    assert caching.versions(scopes) == before


def test_caching_renamed_decider_shows_on_next_view_without_replacing_global(client, board, backend, manager):
    ana = board["people"][0]
    manager.first_name, manager.last_name = "Maya", "Lenoir"
    manager.save()
    decision_services.candidate_decide(candidate=ana, actor=manager, decision="rejected", reason="Not now")
    assert "Maya Lenoir" in _dashboard(client, board)
    global_before = caching.data_version()

    manager.last_name = "Rivière"
    manager.save()

    page = _dashboard(client, board)
    assert "Maya Rivière" in page and "Maya Lenoir" not in page
    assert caching.data_version() == global_before


def test_caching_renamed_interviewer_shows_everywhere_and_draws_no_cell_again(client, board, backend):
    ana, bruno = board["people"]
    # Two interviewers who disagree on Ana: the debrief names them, with their evidence.
    _submit(ana, 1, name="Odile")
    odile = ana.scorecards.get(interviewer__first_name="Odile").interviewer
    page = _dashboard(client, board)
    assert "Odile Late" in page
    assert page.count("Odile Late") >= 2  # the scorecards row and the debrief
    scopes = [
        caching.GLOBAL,
        caching.ANY_CANDIDATE,
        caching.shortlist_scope(board["shortlist"].pk),
        *(caching.candidate_scope(c.pk) for c in (ana, bruno)),
    ]
    before = caching.versions(scopes)

    odile.last_name = "Marchand"
    odile.save()

    # No candidate's cells are drawn again: they hold a mark where the name goes.
    assert caching.versions(scopes) == before
    page = _dashboard(client, board)
    assert "Odile Marchand" in page and "Odile Late" not in page
    assert page.count("Odile Marchand") >= 2
    assert "cm-person" not in page


def test_caching_draft_save_keeps_the_version(board, backend):
    author = RecruiterFactory()
    version = caching.data_version()

    scorecard_services.scorecard_save(
        candidate=board["people"][0],
        interviewer=author,
        data=scorecard_services.ScorecardData(
            values={"empathy": 3}, evidence={}, recommendation="", notes=""
        ),
        submit=False,
    )

    # A draft counts nowhere: typing in the rubric must not empty everyone's cache.
    assert caching.data_version() == version


def test_caching_lost_version_is_never_an_old_one(backend):
    seen = {caching.data_version()}
    for _ in range(3):
        cache.delete(caching.VERSION_KEY)
        seen.add(caching.data_version())

    assert len(seen) == 4


# --- two gunicorn workers ------------------------------------------------------------------------


class Browser:
    """A user's browser: cookies kept, redirects not followed, CSRF token sent with each POST."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect)

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=30) as response:
            return response.read().decode()

    def post(self, path: str, form_html: str, data: dict) -> int:
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form_html)[1]
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **data}, doseq=True).encode()
        request = urllib.request.Request(self.base + path, data=body, headers={"Referer": self.base + path})
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    def login(self, username: str, password: str) -> None:
        page = self.get("/accounts/login/")
        assert self.post("/accounts/login/", page, {"username": username, "password": password}) == 302


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize("shared", ["files", "redis"])
def test_caching_two_gunicorn_workers_show_a_submit_on_the_next_ten_views(tmp_path, shared):
    if shared == "redis" and not _redis_listening():
        pytest.skip(f"no Redis listening at {REDIS_URL}")
    env = {
        **os.environ,
        # The test settings: plain static files (no collectstatic) and a fast password hasher.
        "DJANGO_SETTINGS_MODULE": "cmquality.test_settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "SECRET_KEY": "gunicorn-test-only",
        "DEBUG": "0",
        "HTTPS": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DEMO_PASSWORD": "demo-Pa55word",
        "CACHE_KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        "CACHE_DIR": str(tmp_path / "cache"),
    }
    env.pop("REDIS_URL", None)
    if shared == "redis":
        env["REDIS_URL"] = REDIS_URL
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], env=env, check=True, cwd=ROOT)
    seeded = subprocess.run(
        [*manage, "seed_demo", "--candidates", "4", "--interviewers", "2", "--shortlist", "4"],
        env=env,
        check=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout
    shortlist_path = urllib.parse.urlsplit(re.search(r"Demo shortlist: (\S+)", seeded)[1]).path
    port = _free_port()
    server = subprocess.Popen(
        [
            *(sys.executable, "-m", "gunicorn", "cmquality.wsgi:application", "--workers", "2"),
            *("--bind", f"127.0.0.1:{port}", "--log-level", "warning"),
        ],
        env=env,
        cwd=ROOT,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        manager, admin = Browser(base), Browser(base)
        manager.login("manager", "demo-Pa55word")
        admin.login("admin", "demo-Pa55word")
        # Both workers have computed and cached the dashboard by now.
        views = [manager.get(shortlist_path) for _ in range(10)]
        links = views[0].count('href="/scorecards/')
        assert all(view.count('href="/scorecards/') == links for view in views)
        candidate = re.search(r'data-candidate="(\d+)"', views[0])[1]
        rubric = admin.get(f"/candidates/{candidate}/scorecard/")
        version = re.search(r'name="version" value="(\d+)"', rubric)[1]
        data = {code: "4" for code in QUALITY_CODES}
        data.update({f"{code}_evidence": "" for code in QUALITY_CODES})
        data.update({"recommendation": "yes", "notes": "", "version": version, "action": "submit"})

        assert admin.post(f"/candidates/{candidate}/scorecard/", rubric, data) == 302

        # The new scorecard is linked from its column, and from the debrief where it disagrees.
        after = [manager.get(shortlist_path).count('href="/scorecards/') for _ in range(10)]
        assert after[0] > links
        assert after == [after[0]] * 10
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_caching_weight_change_rescores_kept_columns_exactly_as_drawing_them_anew(
    client, board, backend, admin_user, monkeypatch
):
    # Three candidates whose order a weight decides: Ana leads on empathy, Bruno on analysis.
    people = board["people"]
    for person, empathy, analysis in ((people[0], 5, 1), (people[1], 3, 5)):
        ScorecardFactory(candidate=person, values={"empathy": empathy, "analysis": analysis})
    _dashboard(client, board)
    global_before = caching.data_version()
    drawn = []
    real_draw = cells.candidate_column
    monkeypatch.setattr(cells, "candidate_column", lambda *a, **kw: drawn.append(1) or real_draw(*a, **kw))

    analysis = Quality.objects.get(code="analysis")
    rubric_services.quality_update(quality=analysis, actor=admin_user, reason="Data matters", weight=2)

    assert caching.data_version() == global_before  # a weight alone replaces the weights' version
    rescored = _strip_csrf(_dashboard(client, board, login=False))
    assert drawn == []  # no column drawn again: each was scored again
    caching._local.clear()
    cache.clear()
    anew = _strip_csrf(_dashboard(client, board, login=False))
    assert drawn  # drawn from the database this time
    assert rescored == anew


def test_caching_bar_change_replaces_the_global_version(board, backend, admin_user):
    before = caching.data_version()
    empathy = Quality.objects.get(code="empathy")
    rubric_services.quality_update(quality=empathy, actor=admin_user, reason="Raise the bar", minimum=4)
    assert caching.data_version() != before
