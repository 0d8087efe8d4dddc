"""How long importing 1,000 candidates takes: the command, and the page (upload, then confirm).

    make bench-import              # throwaway SQLite file under bench/
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/cmq_bench make bench-import

The file has 1,000 rows: 750 new candidates and 250 updates of candidates already stored (their
email in capitals, a new phone number), as CSV and as XLSX. Each way of importing is timed RUNS
times from the same starting data (the median is printed), with its queries counted once.
Target: every way under TARGET_SECONDS. Exits 1 when it is missed. See bench/README.md.
"""

from __future__ import annotations

import os
import platform
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from dashboard import configure, remove_sqlite

ROWS = 1000
EXISTING = 250
RUNS = 5
TARGET_SECONDS = 5.0
PREFIX = "bench-import-"
EMAIL_DOMAIN = "bench-import.invalid"
HEADER = ["name", "email", "position", "phone", "source", "link", "notes"]


def rows() -> list[list[object]]:
    out: list[list[object]] = [HEADER]
    for n in range(ROWS):
        if n < EXISTING:
            out.append(["", f"CANDIDATE{n}@{EMAIL_DOMAIN.upper()}", "", f"+33 6 00 00 {n:04}", "", "", ""])
        else:
            out.append(
                [
                    f"Zoé Candidate {n:04}",
                    f"candidate{n}@{EMAIL_DOMAIN}",
                    f"{PREFIX}Community manager — {('Paris', 'Lyon')[n % 2]}",
                    f"+33 7 {n:08}",
                    "Job board",
                    f"portfolio{n}.example.org",
                    '=HYPERLINK("https://example.org","notes") · modération, gestion de crise',
                ]
            )
    return out


def reset() -> None:
    """The starting data: two positions and EXISTING candidates, nothing else of the bench's."""
    from django.contrib.auth import get_user_model

    from evaluations.candidates.models import Candidate, Position

    Candidate.objects.filter(email__iendswith=f"@{EMAIL_DOMAIN}").delete()
    positions = list(Position.objects.filter(title__startswith=PREFIX))
    if len(positions) != 2:
        Position.objects.filter(title__startswith=PREFIX).delete()
        positions = Position.objects.bulk_create(
            Position(title=f"{PREFIX}Community manager", location=city) for city in ("Paris", "Lyon")
        )
    Candidate.objects.bulk_create(
        Candidate(name=f"Stored {n}", email=f"candidate{n}@{EMAIL_DOMAIN}", position=positions[n % 2])
        for n in range(EXISTING)
    )
    get_user_model().objects.get_or_create(username=f"{PREFIX}recruiter", defaults={"password": "!"})


def clear() -> None:
    from django.contrib.auth import get_user_model

    from evaluations.candidates.models import Candidate, Position

    Candidate.objects.filter(email__iendswith=f"@{EMAIL_DOMAIN}").delete()
    Position.objects.filter(title__startswith=PREFIX).delete()
    get_user_model().objects.filter(username__startswith=PREFIX).delete()


def check_written() -> None:
    from evaluations.candidates.models import Candidate

    stored = Candidate.objects.filter(email__iendswith=f"@{EMAIL_DOMAIN}")
    assert stored.count() == ROWS, stored.count()
    assert stored.filter(phone__startswith="+33 6").count() == EXISTING
    assert stored.filter(notes__startswith="=HYPERLINK(").count() == ROWS - EXISTING


def by_command(path: Path) -> Callable[[], None]:
    def run() -> None:
        from django.core.management import call_command

        call_command("import_candidates", str(path), stdout=open(os.devnull, "w"))  # noqa: SIM115

    return run


def by_page(path: Path) -> Callable[[], None]:
    def run() -> None:
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group
        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.test import Client

        from evaluations.people import roles

        user = get_user_model().objects.get(username=f"{PREFIX}recruiter")
        user.groups.add(Group.objects.get(name=roles.RECRUITERS))
        client = Client()
        client.force_login(user)
        upload = SimpleUploadedFile(path.name, path.read_bytes())
        preview = client.post("/candidates/import/", {"file": upload})
        found = re.search(r'name="token" value="([^"]+)"', preview.content.decode())
        if preview.status_code != 200 or found is None:
            raise SystemExit(f"the preview answered {preview.status_code} without a confirmation form")
        token = found[1]
        done = client.post("/candidates/import/", {"token": token, "action": "confirm"})
        if done.status_code != 302:
            raise SystemExit(f"the confirmation answered {done.status_code}")

    return run


def measure(label: str, run: Callable[[], None]) -> tuple[str, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    reset()
    with CaptureQueriesContext(connection) as captured:
        run()
    queries = len(captured)
    check_written()
    times = []
    for _ in range(RUNS):
        reset()
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
        check_written()
    return label, statistics.median(times), queries


def main() -> int:
    sqlite_path = configure(os.environ.get("BENCH_DATABASE_URL"))
    from django.core.management import call_command
    from django.db import connection

    from tests.helpers import csv_bytes, xlsx_bytes

    ok = True
    with tempfile.TemporaryDirectory() as directory:
        csv_path = Path(directory) / "candidates.csv"
        csv_path.write_bytes(csv_bytes([[str(c) for c in row] for row in rows()], delimiter=";", bom=True))
        xlsx_path = Path(directory) / "candidates.xlsx"
        xlsx_path.write_bytes(xlsx_bytes(rows()))
        try:
            call_command("migrate", verbosity=0, interactive=False)
            print(
                f"cmquality import bench · {connection.vendor} · Python {platform.python_version()} · "
                f"{os.cpu_count()} CPUs · {platform.machine()}"
            )
            print(f"{ROWS} rows: {ROWS - EXISTING} new, {EXISTING} updates; median of {RUNS} runs\n")
            results = [
                measure("command, CSV", by_command(csv_path)),
                measure("command, XLSX", by_command(xlsx_path)),
                measure("page: upload + confirm, CSV", by_page(csv_path)),
                measure("page: upload + confirm, XLSX", by_page(xlsx_path)),
            ]
            print(f"{'import of 1,000 rows':<32} {'median s':>9} {'queries':>8}")
            for label, seconds, queries in results:
                print(f"{label:<32} {seconds:>9.2f} {queries:>8}")
            print(f"\nTarget ({connection.vendor}): every import of {ROWS} rows under {TARGET_SECONDS:g} s")
            for label, seconds, _queries in results:
                passed = seconds < TARGET_SECONDS
                ok &= passed
                print(f"  {'PASS' if passed else 'FAIL'}  {label}: {seconds:.2f} s")
        finally:
            clear()
            connection.close()
            if sqlite_path is not None:
                remove_sqlite(sqlite_path)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
