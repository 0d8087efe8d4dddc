"""After the load test: check the database against what locust saw, and print the figures.

    python bench/loadtest_check.py --plan bench/loadtest_plan.json \
        --submissions bench/loadtest_submissions.jsonl --stats bench/loadtest_stats.csv

Passes (exit 0) only when locust counted no failure and every submission the server
acknowledged is in the database exactly once, as a submitted scorecard holding the scores
that were sent, with exactly one "submitted" event; when the load recruiters have no
submitted scorecard that was not acknowledged; and when no (candidate, interviewer) pair
has two scorecards.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cmquality.settings")

import django  # noqa: E402

django.setup()

from django.db.models import Count, Q  # noqa: E402

from evaluations.scorecards.models import Score, Scorecard, ScorecardEvent  # noqa: E402


def read_submissions(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def read_aggregate(path: Path) -> dict[str, str]:
    with path.open(encoding="utf-8", newline="") as rows:
        for row in csv.DictReader(rows):
            if row["Name"] == "Aggregated":
                return row
    raise SystemExit(f"{path}: no Aggregated row")


def check_database(*, usernames: list[str], submissions: list[dict[str, Any]]) -> list[str]:
    problems: list[str] = []
    acknowledged = Counter((s["candidate_id"], s["username"]) for s in submissions)
    for (candidate_id, username), times in acknowledged.items():
        if times > 1:
            problems.append(f"{username} on candidate {candidate_id}: submit acknowledged {times} times")

    duplicates = (
        Scorecard.objects.values("candidate_id", "interviewer_id")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
    )
    if duplicates:
        problems.append(f"{duplicates} (candidate, interviewer) pairs have more than one scorecard")

    cards = {
        (card.candidate_id, card.interviewer.username): card
        for card in Scorecard.objects.filter(interviewer__username__in=usernames)
        .select_related("interviewer")
        .annotate(
            submitted_events=Count("events", filter=Q(events__kind=ScorecardEvent.Kind.SUBMITTED)),
            other_events=Count("events", filter=~Q(events__kind=ScorecardEvent.Kind.SUBMITTED)),
        )
    }
    scores: dict[int, dict[str, int | None]] = {}
    for scorecard_id, code, value in Score.objects.filter(
        scorecard_id__in=[c.pk for c in cards.values()]
    ).values_list("scorecard_id", "quality__code", "value"):
        scores.setdefault(scorecard_id, {})[code] = value

    for sent in submissions:
        key = (sent["candidate_id"], sent["username"])
        card = cards.get(key)
        where = f"{sent['username']} on candidate {sent['candidate_id']}"
        if card is None:
            problems.append(f"{where}: acknowledged submit, no scorecard in the database (lost)")
            continue
        if card.status != Scorecard.Status.SUBMITTED:
            problems.append(f"{where}: acknowledged submit, scorecard is {card.status}")
        if card.submitted_events != 1 or card.other_events:
            problems.append(
                f"{where}: {card.submitted_events} submitted events and {card.other_events} others, "
                "expected exactly one submitted event"
            )
        if scores.get(card.pk) != sent["scores"]:
            problems.append(f"{where}: scores {scores.get(card.pk)} differ from those sent {sent['scores']}")
        if card.recommendation != sent["recommendation"]:
            problems.append(
                f"{where}: recommendation {card.recommendation!r}, sent {sent['recommendation']!r}"
            )

    unacknowledged = [
        key
        for key, card in cards.items()
        if card.status == Scorecard.Status.SUBMITTED and key not in acknowledged
    ]
    for candidate_id, username in unacknowledged:
        problems.append(
            f"{username} on candidate {candidate_id}: submitted in the database, never acknowledged"
        )
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plan", type=Path, required=True)
    parser.add_argument("--submissions", type=Path, required=True)
    parser.add_argument("--stats", type=Path, required=True, help="locust's <prefix>_stats.csv")
    args = parser.parse_args(argv)

    plan = json.loads(args.plan.read_text(encoding="utf-8"))
    submissions = read_submissions(args.submissions)
    stats = read_aggregate(args.stats)
    problems = check_database(usernames=plan["recruiters"], submissions=submissions)

    requests = int(stats["Request Count"])
    failures = int(stats["Failure Count"])
    drafts = Scorecard.objects.filter(
        interviewer__username__in=plan["recruiters"], status=Scorecard.Status.DRAFT
    ).count()
    print(f"requests          {requests}")
    print(f"requests/s        {float(stats['Requests/s']):.1f}")
    print(f"p50 latency       {stats['50%']} ms")
    print(f"p99 latency       {stats['99%']} ms")
    print(f"errors            {failures}")
    print(f"submissions       {len(submissions)} acknowledged, checked in the database")
    print(f"drafts left       {drafts} (users stopped between save and submit)")
    if failures:
        problems.append(
            f"locust counted {failures} failed requests (see the _failures.csv next to the stats)"
        )
    if requests == 0 or not submissions:
        problems.append("nothing was measured: no request or no acknowledged submission")
    for problem in problems:
        print(f"PROBLEM: {problem}", file=sys.stderr)
    print("load test: FAILED" if problems else "load test: passed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
