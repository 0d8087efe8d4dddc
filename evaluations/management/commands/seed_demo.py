"""Demo data: users, a position, candidates with submitted scorecards, interviews, "Demo shortlist".

Idempotent: every run adds what is missing and resizes "Demo shortlist" to the first K
candidates; it never deletes or changes anything a user made.
"""

from __future__ import annotations

import datetime
import os
import random
import unicodedata
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from faker import Faker

from evaluations.candidates.models import Candidate, Position
from evaluations.interviews import services as interview_services
from evaluations.interviews.models import Interview
from evaluations.people import roles
from evaluations.rubric.models import Quality
from evaluations.scorecards import services as scorecard_services
from evaluations.scorecards.models import Scorecard
from evaluations.shortlists import services as shortlist_services
from evaluations.shortlists.models import Shortlist

DEMO_SHORTLIST = "Demo shortlist"
POSITION_TITLE = "Community manager"
POSITION_LOCATION = "Paris / remote"
SOURCES = ["Referral", "LinkedIn", "Welcome to the Jungle", "Careers page", "Meetup", "Agency"]
STATUSES = ["interviewing", "interviewing", "applied", "shortlisted", "interviewing", "offer"]
# Evidence notes by quality and by what the score says (low: 1–2, mid: 3, high: 4–5), so that the
# debrief reads true: a 2 on empathy never comes with a moving example of empathy. Each list keeps
# the length of the single list it replaces, so that the scores drawn after it stay the same.
EVIDENCE = {
    "empathy": {
        "low": [
            "Talked about the community mostly as numbers; little sense of members' feelings.",
            "In the angry-customer role-play, quoted the rules before acknowledging the frustration.",
            "Could not say what members felt during the last crisis they handled.",
        ],
        "mid": [
            "Restated an angry member's frustration before offering a fix; one example only.",
            "Noticed a tense thread and softened the reply, without probing what was behind it.",
            "Named the feeling behind a complaint once prompted; kept their own mood out of it.",
        ],
        "high": [
            "Described calming an angry member by restating their frustration before offering a fix.",
            "Gave a moving example of spotting distress in a thread and reaching out privately.",
            "Changed a launch post after reading members' worries; stayed calm in the hostile role-play.",
        ],
    },
    "adaptability": {
        "low": ["Kept to the same plan after the platform changed its algorithm.", ""],
        "mid": ["Adjusted posting times when reach dropped, after some weeks.", ""],
        "high": ["Switched their plan quickly when a platform changed its algorithm.", ""],
    },
    "creativity": {
        "low": ["Ideas were safe and generic.", "Reused a competitor's campaign almost as is."],
        "mid": [
            "One fresh angle for the campaign; the rest was familiar.",
            "Solid ideas, mostly seen before.",
        ],
        "high": ["Pitched two original campaign ideas on the spot.", "Turned a member's joke into a series."],
    },
    "communication": {
        "low": ["Rambled; the key point came late.", "Writing sample unclear and full of jargon."],
        "mid": ["Clear answers, a little long.", "Writing sample correct but flat."],
        "high": [
            "Clear, warm writing sample; concise answers.",
            "Explained a crisis reply in three plain sentences.",
        ],
    },
    "technical_knowledge": {
        "low": ["Has not used any analytics tool.", "Unsure how scheduling tools work."],
        "mid": [
            "Knows one scheduling tool; analytics only at a glance.",
            "Uses the basics of the tools we use.",
        ],
        "high": [
            "Knows the scheduling and analytics tools we use.",
            "Set up dashboards and moderation filters.",
        ],
    },
    "curiosity": {
        "low": ["Does not follow what changes on the platforms.", ""],
        "mid": ["Reads one newsletter; tried a new format once.", ""],
        "high": ["Follows several newsletters and tried the newest formats.", ""],
    },
    "organization": {
        "low": ["No calendar: posts when there is time.", ""],
        "mid": ["Keeps a weekly plan for one platform.", ""],
        "high": ["Runs an editorial calendar across four platforms.", ""],
    },
    "problem_solving": {
        "low": ["Froze on the crisis scenario.", "Answered the bad-buzz case by deleting comments."],
        "mid": ["Handled the crisis case, though late on the first step.", "Sensible fix, found with hints."],
        "high": [
            "Walked through a bad-buzz crisis step by step.",
            "Found the cause of a moderation backlog.",
        ],
    },
    "analysis": {
        "low": ["Read engagement numbers without asking what moved them.", ""],
        "mid": ["Read our engagement chart correctly; no test proposed.", ""],
        "high": ["Read our engagement chart correctly and proposed a test.", ""],
    },
    "teamwork": {
        "low": ["Handled escalations alone, without telling customer service.", ""],
        "mid": ["Passes escalations on to customer service when asked.", ""],
        "high": ["Worked closely with customer service on escalations.", ""],
    },
    "proactivity": {
        "low": ["Waits for questions to arrive before preparing answers.", ""],
        "mid": ["Prepared answers for a launch once asked to.", ""],
        "high": ["Anticipated a product-launch wave of questions with a FAQ.", ""],
    },
}


def evidence_band(value: int) -> str:
    """Which notes fit a score: "low" for 1–2, "mid" for 3, "high" for 4–5."""
    return "low" if value <= 2 else "mid" if value == 3 else "high"


def _ascii(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if c.isalnum() and c.isascii()).lower()


class Command(BaseCommand):
    help = "Create (idempotently) demo users, a position, candidates, scorecards and a demo shortlist."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--candidates", type=int, default=12, help="number of demo candidates (default 12)"
        )
        parser.add_argument(
            "--interviewers", type=int, default=3, help="number of demo recruiters (default 3)"
        )
        parser.add_argument("--shortlist", type=int, default=6, help="size of the demo shortlist (default 6)")

    def handle(self, *args: Any, candidates: int, interviewers: int, shortlist: int, **options: Any) -> None:
        if candidates < 0 or interviewers < 1 or shortlist < 0:
            self.stderr.write("--candidates and --shortlist must be >= 0, --interviewers >= 1.")
            raise SystemExit(2)
        password = os.environ.get("DEMO_PASSWORD", "demo")
        verbosity = options.get("verbosity", 1)
        with transaction.atomic():
            manager, recruiters = self._users(password, interviewers)
            position, _created = Position.objects.get_or_create(
                title=POSITION_TITLE, location=POSITION_LOCATION, defaults={"is_open": True}
            )
            people = self._candidates(position, candidates)
        created_cards = self._scorecards(people, recruiters)
        created_interviews = self._interviews(people, recruiters, manager)
        with transaction.atomic():
            demo, _created = Shortlist.objects.get_or_create(
                name=DEMO_SHORTLIST, defaults={"owner": manager, "position": position}
            )
            shortlist_services.shortlist_resize(
                shortlist=demo, candidates=people[: min(shortlist, len(people))]
            )
        if verbosity > 0:
            # `make run` passes the address it serves on; 127.0.0.1:8000 is runserver's default.
            origin = os.environ.get("DEMO_ORIGIN", "http://127.0.0.1:8000").rstrip("/")
            url = origin + reverse("evaluations:shortlist-detail", args=[demo.pk])
            self.stdout.write(
                f"Demo data ready: {len(people)} candidates, {len(recruiters)} recruiters, "
                f"{created_cards} new scorecards, {created_interviews} new interviews."
            )
            self.stdout.write(f"Demo shortlist: {url}")
            self.stdout.write(
                f"Logins (password '{password}'): recruiter, manager (hiring manager), admin (administrator)"
            )

    def _users(self, password: str, interviewers: int) -> tuple[Any, list[Any]]:
        User = get_user_model()
        recruiters_group, _c = Group.objects.get_or_create(name=roles.RECRUITERS)
        managers_group, _c = Group.objects.get_or_create(name=roles.HIRING_MANAGERS)

        def ensure(username: str, first: str, last: str, **flags: bool) -> Any:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "email": f"{username}@example.com",
                    **flags,
                },
            )
            if created:
                user.set_password(password)
                user.save(update_fields=["password"])
            return user

        names = [
            ("Camille", "Roux"),
            ("Hugo", "Lambert"),
            ("Inès", "Moreau"),
            ("Noah", "Girard"),
            ("Léa", "Fontaine"),
            ("Yanis", "Chevalier"),
            ("Sarah", "Lopez"),
            ("Tom", "Perrin"),
        ]
        recruiters = []
        for index in range(1, interviewers + 1):
            username = "recruiter" if index == 1 else f"recruiter{index}"
            first, last = names[(index - 1) % len(names)]
            user = ensure(username, first, last)
            user.groups.add(recruiters_group)
            recruiters.append(user)
        manager = ensure("manager", "Maya", "Durand")
        manager.groups.add(managers_group)
        ensure("admin", "Alex", "Admin", is_staff=True, is_superuser=True)
        return manager, recruiters

    def _candidates(self, position: Position, count: int) -> list[Candidate]:
        people = []
        for index in range(1, count + 1):
            fake = Faker(["fr_FR", "en_GB"])
            fake.seed_instance(index)
            first, last = fake.first_name(), fake.last_name()
            email = f"{_ascii(first)}.{_ascii(last)}.{index}@example.com"
            candidate = Candidate.objects.filter(email__iexact=email).first()
            if candidate is None:
                candidate = Candidate(
                    name=f"{first} {last}",
                    email=email,
                    phone=fake.phone_number()[:40],
                    position=position,
                    source=SOURCES[index % len(SOURCES)],
                    link=f"https://portfolio.example.com/{_ascii(first)}-{_ascii(last)}",
                    status=STATUSES[index % len(STATUSES)],
                )
                candidate.full_clean()
                candidate.save()
            people.append(candidate)
        return people

    def _scorecards(self, people: list[Candidate], recruiters: list[Any]) -> int:
        qualities = list(Quality.objects.order_by("order"))
        existing = set(
            Scorecard.objects.filter(candidate__in=people, interviewer__in=recruiters).values_list(
                "candidate_id", "interviewer_id"
            )
        )
        created = 0
        for index, candidate in enumerate(people, start=1):
            if index % 6 == 0:
                continue  # most candidates, not all: some wait for their first interview
            rng = random.Random(index)  # the same candidate gets the same profile on every run
            ability = {q.code: rng.choice([2, 3, 3, 4, 4, 5]) for q in qualities}
            ability["empathy"] = rng.choice([2, 3, 4, 4, 5])
            for r_index, recruiter in enumerate(recruiters):
                if (candidate.pk, recruiter.pk) in existing:
                    continue
                if r_index > 0 and (index + r_index) % 4 == 3:
                    continue  # not every recruiter met every candidate
                if r_index == 0 and index % 12 == 11:
                    continue  # ``recruiter`` meets this one at an upcoming interview (see _interviews)
                card_rng = random.Random(index * 1000 + r_index)
                # One interviewer in four is lenient: calibration has something to show.
                leniency = (0, 0, 1, 0)[r_index % 4]
                values: dict[str, int | None] = {}
                evidence: dict[str, str] = {}
                for quality in qualities:
                    if quality.code != "empathy" and card_rng.random() < 0.12:
                        values[quality.code] = None
                        continue
                    noise = card_rng.choice([-1, 0, 0, 0, 0, 0, 1])
                    values[quality.code] = max(1, min(5, ability[quality.code] + noise + leniency))
                    notes = EVIDENCE.get(quality.code, {}).get(evidence_band(values[quality.code]), [""])
                    evidence[quality.code] = card_rng.choice(notes)
                scored = [v for v in values.values() if v is not None]
                average = sum(scored) / len(scored)
                recommendation = (
                    "strong_yes"
                    if average >= 4.2
                    else "yes"
                    if average >= 3.3
                    else "no"
                    if average >= 2.5
                    else "strong_no"
                )
                scorecard_services.scorecard_save(
                    candidate=candidate,
                    interviewer=recruiter,
                    data=scorecard_services.ScorecardData(
                        values=values,
                        evidence=evidence,
                        recommendation=recommendation,
                        notes="Demo interview notes.",
                    ),
                    submit=True,
                )
                created += 1
        return created

    def _interviews(self, people: list[Candidate], recruiters: list[Any], manager: Any) -> int:
        """Past interviews behind the submitted scorecards, a few overdue ones owed by ``recruiter``,
        and upcoming ones, so that /todo/ has something to show. One per candidate and title."""
        now = timezone.localtime().replace(second=0, microsecond=0)  # hours of the working day, local
        existing = set(Interview.objects.filter(candidate__in=people).values_list("candidate_id", "title"))
        scorers: dict[int, list[Any]] = {}
        by_id = {r.pk: r for r in recruiters}
        for candidate_id, interviewer_id in Scorecard.objects.filter(
            candidate__in=people, interviewer__in=recruiters
        ).values_list("candidate_id", "interviewer_id"):
            scorers.setdefault(candidate_id, []).append(by_id[interviewer_id])
        lead = recruiters[0]
        second = recruiters[1] if len(recruiters) > 1 else lead
        plans: list[tuple[Candidate, str, datetime.datetime, int, list[Any]]] = []
        for index, candidate in enumerate(people, start=1):
            panel = sorted(scorers.get(candidate.pk, []), key=lambda u: u.pk)
            if panel:
                # The interview behind the scorecards already submitted.
                starts = (now - datetime.timedelta(days=12 - index % 10)).replace(
                    hour=9 + index % 8, minute=0
                )
                plans.append((candidate, "Phone screen", starts, 45, panel))
            if index % 6 == 0:
                # Unscored: its interview ended days ago and the scorecards are overdue.
                starts = (now - datetime.timedelta(days=2 + index % 3)).replace(hour=10, minute=30)
                plans.append((candidate, "Case study", starts, 60, list(dict.fromkeys([lead, second]))))
            elif index % 12 == 11:
                # Upcoming, and owed by ``recruiter`` once it is over.
                starts = (now + datetime.timedelta(days=1)).replace(hour=14, minute=30)
                plans.append((candidate, "Final round", starts, 60, list(dict.fromkeys([lead, second]))))
            elif index in (2, 7, 9):
                # Upcoming: a second round, tomorrow or the day after.
                starts = (now + datetime.timedelta(days=1 + index % 2)).replace(hour=10 + index % 5, minute=0)
                panel_next = [lead] if index != 9 else [lead, manager]
                plans.append((candidate, "Final round", starts, 60, panel_next))
        created = 0
        for candidate, title, starts, minutes, panel in plans:
            if (candidate.pk, title) in existing:
                continue
            interview = interview_services.interview_schedule(
                candidate=candidate,
                actor=manager,
                title=title,
                starts_at=starts,
                duration_minutes=minutes,
                location="Visio: https://meet.example.org/cm-" + str(candidate.pk)
                if title != "Case study"
                else "Room Lovelace, 3rd floor",
                panel=panel,
                focus=list(Quality.objects.filter(code__in=["communication", "problem_solving"]))
                if title == "Case study"
                else [],
            )
            if title == "Phone screen":
                # The cards already submitted were written for this interview (one card per
                # interview): attached to it, they are what its panel owed.
                scorecard_services.attach_cards(interview=interview, interviewers=panel)
            created += 1
        return created
