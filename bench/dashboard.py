"""How fast the comparison dashboard is, next to Django admin's candidate changelist.

    make bench                     # throwaway SQLite file under bench/
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/cmq_bench make bench

Builds 2,000 candidates, 10 recruiters and 5 submitted scorecards per candidate (11 scores
each) with bulk inserts, then times in this process, through Django's test client, the median
of RUNS requests to each page, counts its queries, and checks the targets printed at the end.
Exits 1 when a target is missed. See bench/README.md for the figures measured.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import runpy
import secrets
import shutil
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
PROJECT = BENCH_DIR.parent

CANDIDATES = 2000
RECRUITERS = 10
SCORECARDS_PER_CANDIDATE = 5
SHORTLIST_SIZES = (10, 50, 200)
RUNS = 11
# Targets: the largest dashboard within this many admin changelists, and its time growing no
# faster than the candidate count (200 / 10 = 20×) with 50 % slack.
ADMIN_RATIO_TARGET = 3.0
GROWTH_SLACK = 1.5
# Issue 10: the largest dashboard viewed again within one admin changelist, and on its first view
# after a write (the cache then computes it anew) within 1.5; the dashboard of 50 within 150 KB.
CACHED_RATIO_TARGET = 1.0
AFTER_WRITE_RATIO_TARGET = 1.5
PAGE_KB_TARGET = 150

PREFIX = "bench-"
EMAIL_DOMAIN = "bench.invalid"


def configure(database_url: str | None) -> Path | None:
    """Production settings (DEBUG off, plain HTTP) on the bench's own database; the SQLite path if any."""
    sys.path.insert(0, str(PROJECT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "cmquality.settings"
    os.environ.pop("DEBUG", None)
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ["HTTPS"] = "0"
    hosts = [h for h in os.environ.get("ALLOWED_HOSTS", "localhost,127.0.0.1").split(",") if h.strip()]
    os.environ["ALLOWED_HOSTS"] = ",".join([*hosts, "testserver"])
    # A cache of the bench's own: REDIS_URL when set, else files in a directory of this run.
    os.environ["CACHE_KEY_PREFIX"] = f"bench-{os.getpid()}-{secrets.token_hex(4)}"
    os.environ.setdefault("CACHE_DIR", str(BENCH_DIR / f"cache-{os.getpid()}"))
    sqlite_path = None
    if database_url:
        os.environ["DATABASE_URL"] = database_url
        if database_url.startswith(("postgres://", "postgresql://")):
            runpy.run_path(str(PROJECT / "scripts" / "ensure_database.py"))
    else:
        sqlite_path = BENCH_DIR / f"bench-{os.getpid()}.sqlite3"
        remove_sqlite(sqlite_path)
        os.environ["DATABASE_URL"] = f"sqlite:///{sqlite_path}"
    # Whitenoise warns once that collectstatic has not run; the bench serves no static file.
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    import django

    django.setup()
    from django.conf import settings
    from django.test.utils import override_settings

    # The manifest storage needs a collectstatic (11 s here) only to turn a static path into a
    # hashed one, a dictionary lookup per {% static %}: the plain storage times the same.
    plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    override_settings(STORAGES={**settings.STORAGES, "staticfiles": plain}).enable()
    return sqlite_path


def remove_sqlite(path: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def clear_previous_run() -> None:
    """Delete what an earlier run left in a reused database, recognised by its prefix and domain."""
    from django.contrib.auth import get_user_model

    from evaluations.candidates.models import Candidate, Position
    from evaluations.rubric.models import Quality, RubricChange
    from evaluations.scorecards.models import Scorecard
    from evaluations.shortlists.models import Shortlist

    users = get_user_model().objects.filter(username__startswith=PREFIX)
    # The weights the bench moved go back to what they were before its first change.
    changes = RubricChange.objects.filter(changed_by__in=users, field="weight").order_by("changed_at", "pk")
    for quality_id, old in reversed(list(changes.values_list("quality_id", "old_value"))):
        Quality.objects.filter(pk=quality_id).update(weight=int(old))
    RubricChange.objects.filter(changed_by__in=users).delete()
    Shortlist.objects.filter(owner__in=users).delete()
    Scorecard.objects.filter(interviewer__in=users).delete()
    Candidate.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").delete()
    Position.objects.filter(title__startswith=PREFIX).delete()
    users.delete()


def score_value(candidate: int, card: int, quality: int) -> int | None:
    if (candidate + card + quality) % 13 == 0:
        return None
    level = 2 + (candidate * 7 + quality * 3) % 3
    if card == 0 and (candidate + quality) % 7 == 0:
        return max(level - 2, 1)
    return level + (0, 1, 0, 0, 1)[(card + quality) % 5]


@dataclass
class World:
    manager: object
    superuser: object
    shortlists: dict[int, object]
    recruiters: list[object]


def build() -> World:
    """The data set, in bulk: a handful of INSERT statements per table."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import connection, transaction
    from django.utils import timezone

    from evaluations.candidates.models import Candidate, Position
    from evaluations.people import roles
    from evaluations.rubric.models import Quality
    from evaluations.scorecards.models import Score, Scorecard
    from evaluations.shortlists.models import Shortlist, ShortlistEntry

    user_model = get_user_model()
    recommendations = [choice for choice, _label in Scorecard.Recommendation.choices]
    qualities = list(Quality.objects.order_by("order"))
    now = timezone.now()
    with transaction.atomic():
        positions = Position.objects.bulk_create(
            Position(title=f"{PREFIX}Community manager", location=city) for city in ("Paris", "Lyon", "Lille")
        )
        recruiters = user_model.objects.bulk_create(
            user_model(username=f"{PREFIX}recruiter{n}", first_name=f"Recruiter {n}", password="!")
            for n in range(RECRUITERS)
        )
        manager = user_model.objects.create(username=f"{PREFIX}manager", password="!")
        superuser = user_model.objects.create(
            username=f"{PREFIX}admin", password="!", is_staff=True, is_superuser=True
        )
        membership = user_model.groups.through
        recruiters_group = Group.objects.get(name=roles.RECRUITERS)
        membership.objects.bulk_create(
            [membership(user_id=u.pk, group_id=recruiters_group.pk) for u in recruiters]
            + [membership(user_id=manager.pk, group_id=Group.objects.get(name=roles.HIRING_MANAGERS).pk)]
        )
        candidates = Candidate.objects.bulk_create(
            Candidate(
                name=f"Candidate {n:05}",
                email=f"candidate{n}@{EMAIL_DOMAIN}",
                position=positions[n % len(positions)],
                status="interviewing",
            )
            for n in range(CANDIDATES)
        )
        cards = Scorecard.objects.bulk_create(
            Scorecard(
                candidate=candidate,
                interviewer=recruiters[(n + k) % RECRUITERS],
                status=Scorecard.Status.SUBMITTED,
                submitted_at=now,
                recommendation=recommendations[(n + k) % len(recommendations)],
                notes="Interview notes",
            )
            for n, candidate in enumerate(candidates)
            for k in range(SCORECARDS_PER_CANDIDATE)
        )
        # A panel that mostly agrees: each (candidate, quality) has a level of 2–4 that the
        # interviewers give or exceed by one; on one in seven, the first interviewer is two
        # below (a disagreement). One score in 13 is "not assessed"; a third carry evidence.
        Score.objects.bulk_create(
            Score(
                scorecard=card,
                quality=quality,
                value=score_value(c // SCORECARDS_PER_CANDIDATE, c % SCORECARDS_PER_CANDIDATE, q),
                evidence="Handled the role-play crisis calmly" if (c + q) % 3 == 0 else "",
            )
            for c, card in enumerate(cards)
            for q, quality in enumerate(qualities)
        )
        shortlists = {}
        for size in SHORTLIST_SIZES:
            shortlist = Shortlist.objects.create(name=f"{PREFIX}{size}", owner=manager)
            ShortlistEntry.objects.bulk_create(
                ShortlistEntry(shortlist=shortlist, candidate=candidate, order=order)
                for order, candidate in enumerate(candidates[:size], 1)
            )
            shortlists[size] = shortlist
    if connection.vendor == "postgresql":
        # What autovacuum does shortly after such an import: without statistics the planner
        # guesses row counts from an empty table.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return World(manager=manager, superuser=superuser, shortlists=shortlists, recruiters=recruiters)


@dataclass
class Measure:
    page: str
    median_ms: float
    cpu_ms: float  # this process only: on PostgreSQL, the database's own work is not in it
    queries: int
    kilobytes: float


def measure_all(pages: list[tuple[str, Callable[[], object]]]) -> list[Measure]:
    """Median time of RUNS requests to each page, the pages taken in turn in each round.

    Interleaving keeps the ratios between pages fair when the load of the machine drifts
    during the run (other processes on a small machine).
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    queries, kilobytes = {}, {}
    for page, fetch in pages:
        # The first request loads templates and warms caches; it also counts the queries,
        # since capturing them slows the requests that are timed.
        prepare = getattr(fetch, "prepare", None)
        if prepare is not None:
            prepare()
        with CaptureQueriesContext(connection) as captured:
            response = fetch()
        # Read now: the next request empties the log the capture points into.
        queries[page] = len(captured)
        kilobytes[page] = len(response.content) / 1000
    wall: dict[str, list[float]] = {page: [] for page, _fetch in pages}
    cpu: dict[str, list[float]] = {page: [] for page, _fetch in pages}
    for _ in range(RUNS):
        for page, fetch in pages:
            # A write before the request, untimed, for the pages measured "after a write".
            prepare = getattr(fetch, "prepare", None)
            if prepare is not None:
                prepare()
            # Each request starts from a collected heap: a page pays for the garbage collection
            # its own objects cause, not for the one the previous page left due.
            gc.collect()
            start, start_cpu = time.perf_counter(), time.process_time()
            fetch()
            wall[page].append(time.perf_counter() - start)
            cpu[page].append(time.process_time() - start_cpu)
    median_ms = {page: statistics.median(times) * 1000 for page, times in wall.items()}
    cpu_ms = {page: statistics.median(times) * 1000 for page, times in cpu.items()}
    return [
        Measure(page, median_ms[page], cpu_ms[page], queries[page], kilobytes[page]) for page, _fetch in pages
    ]


def getter(client, url: str) -> Callable[[], object]:
    def fetch() -> object:
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        return response

    return fetch


def note_writer(world: World, shortlist) -> Callable[[], None]:
    """A new note on the shortlist's first candidate."""
    from evaluations.shortlists import services

    first = shortlist.entries.order_by("order").values_list("candidate_id", flat=True).first()
    count = iter(range(1_000_000))
    return lambda: services.shortlist_set_note(
        shortlist=shortlist, candidate_id=first, note=f"Note {next(count)}"
    )


def _submit(candidate, interviewer) -> None:
    from evaluations.rubric.selectors import qualities
    from evaluations.scorecards import services

    data = services.ScorecardData(
        values={q.code: 4 for q in qualities()}, evidence={}, recommendation="yes", notes=""
    )
    services.scorecard_save(candidate=candidate, interviewer=interviewer, data=data, submit=True)


def submit_writer(world: World, shortlist) -> Callable[[], None]:
    """A card submitted by a recruiter who has submitted others: on a candidate of the shortlist
    whom that recruiter has not scored yet (each candidate has five recruiters without a card)."""
    candidates = [e.candidate for e in shortlist.entries.select_related("candidate").order_by("order")]
    pairs = iter(
        (candidate, world.recruiters[(n + SCORECARDS_PER_CANDIDATE + k) % RECRUITERS])
        for k in range(RECRUITERS - SCORECARDS_PER_CANDIDATE)
        for n, candidate in enumerate(candidates)
    )
    return lambda: _submit(*next(pairs))


def new_interviewer_writer(world: World, shortlist) -> Callable[[], None]:
    """A new recruiter's account, then their first card, on a candidate of the shortlist."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from evaluations.people import roles

    group = Group.objects.get(name=roles.RECRUITERS)
    candidates = iter(e.candidate for e in shortlist.entries.select_related("candidate").order_by("-order"))
    count = iter(range(1_000_000))

    def write() -> None:
        n = next(count)
        user = get_user_model().objects.create_user(
            username=f"{PREFIX}newcomer{n}", first_name="New", last_name=f"Recruiter {n}"
        )
        user.groups.add(group)
        _submit(next(candidates), user)

    return write


def candidate_rename_writer(world: World, shortlist) -> Callable[[], None]:
    """A typo fixed in the name of the shortlist's first candidate (what the edit form saves)."""
    candidate = shortlist.entries.order_by("order").first().candidate
    count = iter(range(1_000_000))

    def write() -> None:
        candidate.name = f"Candidate renamed {next(count)}"
        candidate.save()

    return write


def interviewer_rename_writer(world: World, shortlist) -> Callable[[], None]:
    """A recruiter's name changed (the admin, or their own settings): shown in the debrief."""
    recruiter = world.recruiters[0]
    count = iter(range(1_000_000))

    def write() -> None:
        recruiter.last_name = f"Renamed {next(count)}"
        recruiter.save()

    return write


def weight_writer(world: World, shortlist) -> Callable[[], None]:
    """An administrator moves one weight (creativity, 1 ↔ 2), with the reason recorded."""
    from evaluations.rubric import services
    from evaluations.rubric.models import Quality

    quality = Quality.objects.exclude(code="empathy").order_by("order").last()
    count = iter(range(1_000_000))

    def write() -> None:
        current = Quality.objects.get(pk=quality.pk)
        services.quality_update(
            quality=current,
            actor=world.superuser,
            reason=f"Trial {next(count)}",
            weight=2 if current.weight == 1 else 1,
        )

    return write


# Each kind of write apart: the first view of the largest dashboard after it.
WRITES = [
    ("a note", note_writer),
    ("a submit", submit_writer),
    ("a new interviewer's first card", new_interviewer_writer),
    ("a candidate renamed", candidate_rename_writer),
    ("an interviewer renamed", interviewer_rename_writer),
    ("a weight changed", weight_writer),
]


def run(world: World) -> list[Measure]:
    """The pages viewed again, then (apart, since a write makes other pages cold too) the largest
    dashboard after each kind of write; each group beside its own admin changelist."""
    from django.test import Client
    from django.urls import reverse

    manager = Client()
    manager.force_login(world.manager)
    admin = Client()
    admin.force_login(world.superuser)
    reference = getter(admin, "/admin/evaluations/candidate/")
    pages = [("admin changelist (reference)", reference)]
    for size, shortlist in world.shortlists.items():
        url = reverse("evaluations:shortlist-detail", args=[shortlist.pk])
        pages.append((f"dashboard, {size} candidates", getter(manager, url)))
    largest = max(SHORTLIST_SIZES)
    shortlist = world.shortlists[largest]
    export = reverse("evaluations:shortlist-export", args=[world.shortlists[largest].pk])
    pages.append((f"CSV export, {largest} candidates", getter(manager, export)))
    pages.append(("candidate list", getter(manager, reverse("evaluations:candidate-list"))))
    writes = [(REFERENCE_WITH_WRITES, reference)]
    for kind, writer in WRITES:
        after_write = getter(manager, reverse("evaluations:shortlist-detail", args=[shortlist.pk]))
        after_write.prepare = writer(world, shortlist)
        writes.append((f"dashboard, {largest}, after {kind}", after_write))
    return measure_all(pages) + measure_all(writes)


REFERENCE_WITH_WRITES = "admin changelist (reference, among the writes)"


def report(measures: list[Measure]) -> bool:
    from django.db import connection

    reference = measures[0].median_ms
    with_writes = next(m.median_ms for m in measures if m.page == REFERENCE_WITH_WRITES)
    print(f"\n{'page':<56} {'median ms':>10} {'CPU ms':>8} {'queries':>8} {'× admin':>8} {'KB':>7}")
    for m in measures:
        ratio = m.median_ms / (
            with_writes if "after" in m.page or m.page == REFERENCE_WITH_WRITES else reference
        )
        print(
            f"{m.page:<56} {m.median_ms:>10.1f} {m.cpu_ms:>8.1f} {m.queries:>8} {ratio:>8.2f}"
            f" {m.kilobytes:>7.0f}"
        )

    by_page = {m.page: m.median_ms for m in measures}
    small, large = min(SHORTLIST_SIZES), max(SHORTLIST_SIZES)
    dash_small = by_page[f"dashboard, {small} candidates"]
    dash_large = by_page[f"dashboard, {large} candidates"]
    growth_limit = large / small * GROWTH_SLACK
    checks = [
        (
            f"dashboard of {large} ≤ {ADMIN_RATIO_TARGET:g}× admin changelist",
            dash_large / reference,
            ADMIN_RATIO_TARGET,
        ),
        (
            f"time({large}) / time({small}) ≤ {large // small}× × {GROWTH_SLACK:g} = {growth_limit:g}",
            dash_large / dash_small,
            growth_limit,
        ),
        (
            f"dashboard of {large} viewed again ≤ {CACHED_RATIO_TARGET:g}× admin changelist",
            dash_large / reference,
            CACHED_RATIO_TARGET,
        ),
        *(
            (
                f"dashboard of {large}, first view after {kind} ≤ {AFTER_WRITE_RATIO_TARGET:g}× admin",
                by_page[f"dashboard, {large}, after {kind}"] / with_writes,
                AFTER_WRITE_RATIO_TARGET,
            )
            for kind, _writer in WRITES
        ),
        (
            f"dashboard of 50 ≤ {PAGE_KB_TARGET} KB of HTML",
            next(m.kilobytes for m in measures if m.page == "dashboard, 50 candidates"),
            PAGE_KB_TARGET,
        ),
    ]
    print(f"\nTargets ({connection.vendor}, {RUNS} runs each, median):")
    ok = True
    for label, value, limit in checks:
        passed = value <= limit
        ok &= passed
        print(f"  {'PASS' if passed else 'FAIL'}  {label}: {value:.2f}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--keep", action="store_true", help="keep the bench data (and SQLite file)")
    args = parser.parse_args()
    sqlite_path = configure(os.environ.get("BENCH_DATABASE_URL"))
    from django.core.management import call_command
    from django.db import connection

    started = time.perf_counter()
    try:
        call_command("migrate", verbosity=0, interactive=False)
        clear_previous_run()
        migrated = time.perf_counter()
        world = build()
        built = time.perf_counter()
        print(
            f"cmquality bench · {connection.vendor} · Python {platform.python_version()} · "
            f"{os.cpu_count()} CPUs · {platform.machine()}"
        )
        print(
            f"migrate {migrated - started:.1f} s; built {CANDIDATES} candidates, {RECRUITERS} recruiters, "
            f"{CANDIDATES * SCORECARDS_PER_CANDIDATE} scorecards, "
            f"{CANDIDATES * SCORECARDS_PER_CANDIDATE * 11} scores in {built - migrated:.1f} s"
        )
        ok = report(run(world))
        print(f"\nTotal {time.perf_counter() - started:.1f} s")
    finally:
        if args.keep:
            print(f"Data kept in {sqlite_path or 'BENCH_DATABASE_URL'}.")
        else:
            if sqlite_path is None:
                clear_previous_run()
            connection.close()
            if sqlite_path is not None:
                remove_sqlite(sqlite_path)
        shutil.rmtree(BENCH_DIR / f"cache-{os.getpid()}", ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
