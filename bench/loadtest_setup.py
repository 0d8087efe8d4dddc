"""Prepare the load test: recruiters and hiring managers of its own, and a plan for locust.

Run after ``seed_demo``, with the same environment as the server (DATABASE_URL, SECRET_KEY):

    python bench/loadtest_setup.py --plan bench/loadtest_plan.json

Creates (or resets) users ``load1``…``loadN`` in "Recruiters" and ``loadmgr1``…``loadmgrM``
in "Hiring managers", all with the password in ``LOADTEST_PASSWORD``. The load recruiters
start every run with no scorecard at all, so that each one has every candidate left to score
and the check afterwards can compare the database with what locust saw, one to one.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cmquality.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import transaction  # noqa: E402

from evaluations.candidates.models import Candidate  # noqa: E402
from evaluations.management.commands.seed_demo import DEMO_SHORTLIST  # noqa: E402
from evaluations.people import roles  # noqa: E402
from evaluations.scorecards.models import Scorecard  # noqa: E402
from evaluations.shortlists.models import Shortlist  # noqa: E402

RECRUITER_PREFIX = "load"
MANAGER_PREFIX = "loadmgr"


def recruiter_names(count: int) -> list[str]:
    return [f"{RECRUITER_PREFIX}{n}" for n in range(1, count + 1)]


def manager_names(count: int) -> list[str]:
    return [f"{MANAGER_PREFIX}{n}" for n in range(1, count + 1)]


@transaction.atomic
def prepare(*, recruiters: int, managers: int, password: str) -> dict[str, object]:
    User = get_user_model()
    # One hash for every load user: hashing is deliberately slow, and these accounts are throwaway.
    hashed = make_password(password)
    groups = {
        roles.RECRUITERS: Group.objects.get_or_create(name=roles.RECRUITERS)[0],
        roles.HIRING_MANAGERS: Group.objects.get_or_create(name=roles.HIRING_MANAGERS)[0],
    }
    wanted = [(name, roles.RECRUITERS) for name in recruiter_names(recruiters)]
    wanted += [(name, roles.HIRING_MANAGERS) for name in manager_names(managers)]
    users = []
    for username, group in wanted:
        user, _created = User.objects.update_or_create(
            username=username,
            defaults={
                "password": hashed,
                "first_name": "Load",
                "last_name": username,
                "email": f"{username}@example.com",
                "is_active": True,
            },
        )
        user.groups.add(groups[group])
        users.append(user)
    # A previous run on the same database left scorecards: start from none, so that the check
    # compares this run's acknowledged submissions with exactly what the database holds.
    removed, _details = Scorecard.objects.filter(interviewer__in=users).delete()
    shortlist = Shortlist.objects.filter(name=DEMO_SHORTLIST).order_by("pk").first()
    if shortlist is None:
        raise SystemExit(f"No shortlist named {DEMO_SHORTLIST!r}: run seed_demo first.")
    return {
        "recruiters": recruiter_names(recruiters),
        "managers": manager_names(managers),
        "shortlist_id": shortlist.pk,
        "candidates": Candidate.objects.count(),
        "removed_rows": removed,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recruiters", type=int, default=50)
    parser.add_argument("--managers", type=int, default=10)
    parser.add_argument("--plan", type=Path, required=True, help="where to write the plan (JSON)")
    args = parser.parse_args(argv)
    password = os.environ.get("LOADTEST_PASSWORD", "")
    if not password:
        parser.error("set LOADTEST_PASSWORD")
    plan = prepare(recruiters=args.recruiters, managers=args.managers, password=password)
    args.plan.write_text(json.dumps(plan, indent=2) + "\n", encoding="utf-8")
    print(
        f"Load users ready: {len(plan['recruiters'])} recruiters, {len(plan['managers'])} hiring managers; "
        f"{plan['candidates']} candidates; shortlist {plan['shortlist_id']}; "
        f"{plan['removed_rows']} rows of earlier load-test scorecards removed."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
