"""Render the main pages and check them with the Nu HTML Checker (vnu.jar): `make lint-html`.

The pages are rendered with Django's test client, as a recruiter, a hiring manager and anonymously,
on a throwaway SQLite database filled by seed_demo. Exit status 0 when the checker reports no error,
1 when it does, 2 when Java or vnu.jar is missing (scripts/ensure_vnu.sh installs the jar).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_JAR = ROOT / ".cache" / "vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def find_jar() -> Path | None:
    jar = Path(os.environ.get("VNU_JAR", DEFAULT_JAR))
    return jar if jar.is_file() else None


def page_specs() -> Iterator[tuple[str, str | None, str, str, dict[str, Any] | None]]:
    """(file name, username or None, method, path, POST data) for each page worth checking.

    Needs seed_demo's data: candidate 1 scored by every demo recruiter but the third, candidate 6
    scored by none, and the "Demo shortlist".
    """
    from evaluations.candidates.models import Candidate, Position
    from evaluations.interviews.models import Interview
    from evaluations.scorecards.models import Scorecard
    from evaluations.shortlists.models import Shortlist

    people = list(Candidate.objects.order_by("pk"))
    scored, unscored = people[0], people[5]
    demo = Shortlist.objects.get(name="Demo shortlist")
    empty = Shortlist.objects.filter(name="Empty shortlist").first()
    position = Position.objects.order_by("pk").first()
    other_card = Scorecard.objects.filter(candidate=scored, interviewer__username="recruiter2").first()
    yield "login", None, "get", "/accounts/login/", None
    yield "login-next", None, "get", "/accounts/login/?next=/candidates/", None
    yield "login-error", None, "post", "/accounts/login/", {"username": "nobody", "password": "wrong"}
    recruiter = "recruiter"
    yield "recruiter-candidates", recruiter, "get", "/candidates/", None
    yield "recruiter-candidates-none", recruiter, "get", "/candidates/?q=zzzzzz", None
    yield "recruiter-candidate-blind", recruiter, "get", f"/candidates/{unscored.pk}/", None
    yield "recruiter-rubric", recruiter, "get", f"/candidates/{unscored.pk}/scorecard/", None
    yield (
        "recruiter-rubric-errors",
        recruiter,
        "post",
        f"/candidates/{unscored.pk}/scorecard/",
        {"action": "submit", "version": "0"},
    )
    yield "recruiter-rubric-read-only", recruiter, "get", f"/candidates/{scored.pk}/scorecard/", None
    yield "recruiter-qualities", recruiter, "get", "/qualities/", None
    yield "recruiter-positions", recruiter, "get", "/positions/", None
    yield "recruiter-position-form", recruiter, "get", f"/positions/{position.pk}/edit/", None
    yield "recruiter-candidate-form", recruiter, "get", "/candidates/new/", None
    yield "recruiter-candidate-form-errors", recruiter, "post", "/candidates/new/", {"name": ""}
    yield "recruiter-candidate-edit", recruiter, "get", f"/candidates/{scored.pk}/edit/", None
    yield "recruiter-403", recruiter, "get", "/shortlists/", None
    yield "recruiter-404", recruiter, "get", "/candidates/999999999/", None
    interview = Interview.objects.filter(candidate=unscored).order_by("pk").first()
    yield "recruiter-todo", recruiter, "get", "/todo/", None
    if interview is not None:
        yield "recruiter-kit", recruiter, "get", f"/interviews/{interview.pk}/", None
        yield "recruiter-interview-edit", recruiter, "get", f"/interviews/{interview.pk}/edit/", None
        yield "recruiter-interview-cancel", recruiter, "get", f"/interviews/{interview.pk}/cancel/", None
    yield "recruiter-interview-new", recruiter, "get", f"/candidates/{unscored.pk}/interviews/new/", None
    yield (
        "recruiter-interview-new-errors",
        recruiter,
        "post",
        f"/candidates/{unscored.pk}/interviews/new/",
        {"title": "", "starts_at": "soon", "duration_minutes": "0", "focus": ["charisma"]},
    )
    manager = "manager"
    yield "manager-candidates", manager, "get", "/candidates/", None
    yield "manager-todo", manager, "get", "/todo/", None
    yield "manager-candidate", manager, "get", f"/candidates/{scored.pk}/", None
    if other_card is not None:
        yield "manager-scorecard", manager, "get", f"/scorecards/{other_card.pk}/", None
    yield "manager-shortlists", manager, "get", "/shortlists/", None
    yield "manager-shortlist-form", manager, "get", "/shortlists/new/", None
    yield "manager-dashboard", manager, "get", f"/shortlists/{demo.pk}/", None
    yield (
        "manager-dashboard-whatif",
        manager,
        "get",
        f"/shortlists/{demo.pk}/?adjusted=1&w_adaptability=2",
        None,
    )
    if empty is not None:
        yield "manager-dashboard-empty", manager, "get", f"/shortlists/{empty.pk}/", None
    yield "manager-shortlist-delete", manager, "get", f"/shortlists/{demo.pk}/delete/", None
    yield "manager-calibration", manager, "get", "/calibration/", None


def prepare_data() -> None:
    """seed_demo, plus an empty shortlist for the dashboard's empty state."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from evaluations.shortlists import services
    from evaluations.shortlists.models import Shortlist

    call_command("seed_demo", verbosity=0)
    if not Shortlist.objects.filter(name="Empty shortlist").exists():
        services.shortlist_create(
            name="Empty shortlist", owner=get_user_model().objects.get(username="manager")
        )


def render_pages(out_dir: Path) -> list[Path]:
    """Render every page of page_specs() into out_dir; the database must hold prepare_data()'s rows."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    users = {u.username: u for u in get_user_model().objects.filter(username__in=["recruiter", "manager"])}
    clients: dict[str | None, Client] = {}
    files = []
    for name, username, method, path, data in page_specs():
        if username not in clients:
            # Django's client speaks to the app in-process; HTTPS stays off in the test settings.
            clients[username] = Client(HTTP_ACCEPT_LANGUAGE="en")
            if username is not None:
                clients[username].force_login(users[username])
        client = clients[username]
        response = client.post(path, data) if method == "post" else client.get(path)
        content_type = response.get("Content-Type", "")
        if "text/html" not in content_type:
            raise SystemExit(
                f"{name}: {method.upper()} {path} answered {response.status_code} {content_type}"
            )
        target = out_dir / f"{name}.html"
        target.write_bytes(response.content)
        files.append(target)
    return files


def validate(files: list[Path], jar: Path, java: str = "java") -> list[dict[str, Any]]:
    """The checker's error messages for the files (an empty list when they are valid)."""
    command = [java, "-jar", str(jar), "--errors-only", "--format", "json", *map(str, files)]
    completed = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    try:
        report = json.loads(completed.stderr or completed.stdout or "{}")
    except json.JSONDecodeError as error:
        raise SystemExit(f"vnu.jar gave no JSON report:\n{completed.stderr}{completed.stdout}") from error
    return [m for m in report.get("messages", []) if m.get("type") in {"error", "non-document-error"}]


def describe(message: dict[str, Any]) -> str:
    where = Path(message.get("url", "").removeprefix("file:")).name
    line = message.get("lastLine", "?")
    extract = " ".join(message.get("extract", "").split())
    return f"{where}:{line}: {message.get('message')}" + (f"\n    {extract}" if extract else "")


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cmquality.test_settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def main(argv: list[str] | None = None, out: Callable[[str], None] = print) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="write the rendered pages to this folder and keep them")
    args = parser.parse_args(argv)
    jar, java = find_jar(), shutil.which("java")
    if jar is None or java is None:
        missing = "vnu.jar" if jar is None else "java"
        out(f"{missing} not found: run `bash scripts/ensure_vnu.sh` (the checker needs Java 11+).")
        return 2
    with tempfile.TemporaryDirectory(prefix="cmq-lint-html-") as workdir:
        setup_django(f"sqlite:///{workdir}/lint.sqlite3")
        from django.core.management import call_command
        from django.test.utils import setup_test_environment

        setup_test_environment()  # allows the test client's "testserver" host
        # The 400, 403 and 404 pages are rendered on purpose: their log lines are noise here.
        for name in ("django.request", "axes"):
            logging.getLogger(name).setLevel(logging.CRITICAL)
        warnings.filterwarnings("ignore", message="No directory at")
        call_command("migrate", verbosity=0, interactive=False)
        prepare_data()
        out_dir = args.keep or Path(workdir) / "pages"
        out_dir.mkdir(parents=True, exist_ok=True)
        files = render_pages(out_dir)
        errors = validate(files, jar, java)
    for message in errors:
        out(describe(message))
    out(f"{len(files)} pages checked, {len(errors)} HTML error(s).")
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
