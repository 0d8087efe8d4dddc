"""Data for the dashboard load test (``scripts/loadtest_dashboard.sh``), on a migrated database.

A hiring manager, five recruiters, fifty candidates each with five submitted scorecards (the
panel mostly agrees; a third of the scores carry evidence, one quality in seven is disputed),
and the manager's shortlist of the fifty. Prints, for the shell, the dashboard's path and the
manager's session cookie:

    DASHBOARD_PATH=/shortlists/1/
    SESSION_COOKIE=sessionid=…
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cmquality.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from evaluations.candidates.models import Candidate, Position  # noqa: E402
from evaluations.people import roles  # noqa: E402
from evaluations.rubric.models import Quality  # noqa: E402
from evaluations.scorecards.models import Score, Scorecard  # noqa: E402
from evaluations.shortlists import services  # noqa: E402

CANDIDATES = 50
SCORECARDS = 5


def score_value(candidate: int, card: int, quality: int) -> int | None:
    """The same panel as bench/dashboard.py: mostly agreeing, some not assessed, some disputes."""
    if (candidate + card + quality) % 13 == 0:
        return None
    level = 2 + (candidate * 7 + quality * 3) % 3
    if card == 0 and (candidate + quality) % 7 == 0:
        return max(level - 2, 1)
    return level + (0, 1, 0, 0, 1)[(card + quality) % 5]


@transaction.atomic
def build() -> tuple[object, object]:
    User = get_user_model()
    manager = User.objects.create(
        username="loadmanager", first_name="Load", last_name="Manager", password="!"
    )
    manager.groups.add(Group.objects.get(name=roles.HIRING_MANAGERS))
    recruiters = [
        User.objects.create(username=f"loadrecruiter{n}", first_name=f"Recruiter {n}", password="!")
        for n in range(SCORECARDS)
    ]
    position = Position.objects.create(title="Community manager", location="Lyon")
    candidates = Candidate.objects.bulk_create(
        Candidate(
            name=f"Candidate {n:02}", email=f"c{n}@load.invalid", position=position, status="interviewing"
        )
        for n in range(CANDIDATES)
    )
    recommendations = [choice for choice, _label in Scorecard.Recommendation.choices]
    now = timezone.now()
    cards = Scorecard.objects.bulk_create(
        Scorecard(
            candidate=candidate,
            interviewer=recruiter,
            status=Scorecard.Status.SUBMITTED,
            submitted_at=now,
            recommendation=recommendations[(n + k) % len(recommendations)],
        )
        for n, candidate in enumerate(candidates)
        for k, recruiter in enumerate(recruiters)
    )
    qualities = list(Quality.objects.order_by("order"))
    Score.objects.bulk_create(
        Score(
            scorecard=card,
            quality=quality,
            value=score_value(c // SCORECARDS, c % SCORECARDS, q),
            evidence="Calmed a heated thread without taking sides" if (c + q) % 3 == 0 else "",
        )
        for c, card in enumerate(cards)
        for q, quality in enumerate(qualities)
    )
    shortlist = services.shortlist_create(name="Load test", owner=manager, candidates=candidates)
    return manager, shortlist


def main() -> None:
    manager, shortlist = build()
    client = Client()
    client.force_login(manager)
    print(f"DASHBOARD_PATH={reverse('evaluations:shortlist-detail', args=[shortlist.pk])}")
    print(
        f"SESSION_COOKIE={settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    )


if __name__ == "__main__":
    main()
