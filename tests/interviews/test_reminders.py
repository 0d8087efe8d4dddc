"""send_reminders: the timing rules with the clock set, idempotence, the panelist's language, a
real SMTP server on 127.0.0.1, and two runs at once on PostgreSQL sending each email once."""

from __future__ import annotations

import datetime
import email
import email.policy
import socket
import threading
import time
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.core.management import call_command
from django.db import connection, connections
from django.urls import reverse

from evaluations.interviews import services as interview_services
from evaluations.interviews.models import InterviewEvent
from evaluations.people.models import UserPreference
from evaluations.scorecards import services as scorecard_services
from evaluations.scoring import QUALITY_CODES
from tests.factories import CandidateFactory, ManagerFactory, PositionFactory, RecruiterFactory

pytestmark = pytest.mark.django_db

START = datetime.datetime(2025, 3, 10, 9, 0, tzinfo=datetime.UTC)
END = START + datetime.timedelta(minutes=60)
HOUR = datetime.timedelta(hours=1)


def schedule(candidate: Any, panel: list[Any], starts_at: datetime.datetime = START, **kw: Any):
    return interview_services.interview_schedule(
        candidate=candidate,
        actor=panel[0],
        title=kw.pop("title", "Phone screen"),
        starts_at=starts_at,
        duration_minutes=kw.pop("minutes", 60),
        location="Room 1",
        panel=panel,
    )


def run_at(moment: datetime.datetime) -> str:
    out = StringIO()
    with time_machine.travel(moment, tick=False):
        call_command("send_reminders", stdout=out, stderr=out)
    return out.getvalue()


def submit(candidate: Any, user: Any) -> None:
    scorecard_services.scorecard_save(
        candidate=candidate,
        interviewer=user,
        data=scorecard_services.ScorecardData(
            values=dict.fromkeys(QUALITY_CODES, 3), evidence={}, recommendation="yes", notes=""
        ),
        submit=True,
    )


@pytest.fixture
def owed(candidate, recruiter):
    schedule(candidate, [recruiter])
    return candidate


def test_reminder_first_only_once_the_interview_ended_an_hour_ago(owed, recruiter):
    run_at(START + 30 * datetime.timedelta(minutes=1))
    run_at(END + HOUR - datetime.timedelta(seconds=1))
    assert mail.outbox == []
    run_at(END + HOUR)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["rita@example.com"]


def test_reminder_twice_at_the_same_moment_sends_once(owed):
    run_at(END + 2 * HOUR)
    run_at(END + 2 * HOUR)
    assert len(mail.outbox) == 1
    assert InterviewEvent.objects.filter(kind=InterviewEvent.Kind.REMINDED).count() == 1


def test_reminder_at_most_one_a_day_and_five_in_all(owed, recruiter, settings):
    settings.REMINDER_MAX = 5
    first = END + HOUR
    run_at(first)
    run_at(first + 23 * HOUR)
    assert len(mail.outbox) == 1
    moments = [first + datetime.timedelta(days=n) for n in range(1, 10)]
    for moment in moments:
        run_at(moment)
    assert len(mail.outbox) == 5
    numbers = list(
        InterviewEvent.objects.filter(kind=InterviewEvent.Kind.REMINDED)
        .order_by("at")
        .values_list("number", flat=True)
    )
    assert numbers == [1, 2, 3, 4, 5]
    assert "reminder 5 of at most 5" in mail.outbox[-1].body


def test_reminder_never_after_the_submit_and_again_after_a_reopening(owed, recruiter):
    run_at(END + HOUR)
    with time_machine.travel(END + 2 * HOUR, tick=False):
        submit(owed, recruiter)
    run_at(END + 3 * HOUR + datetime.timedelta(days=1))
    assert len(mail.outbox) == 1
    with time_machine.travel(END + 3 * HOUR + datetime.timedelta(days=2), tick=False):
        card = owed.scorecards.get(interviewer=recruiter)
        scorecard_services.scorecard_reopen(
            scorecard=card, actor=ManagerFactory(username="boss"), reason="Empathy evidence"
        )
    run_at(END + 4 * HOUR + datetime.timedelta(days=2))
    assert len(mail.outbox) == 2


def test_reminder_timed_from_the_latest_interview_sat(candidate, recruiter):
    schedule(candidate, [recruiter])
    second_start = START + datetime.timedelta(days=3)
    schedule(candidate, [recruiter], starts_at=second_start, title="Case study")
    run_at(END + HOUR)  # the first interview ended: first reminder
    run_at(second_start + 30 * datetime.timedelta(minutes=1))  # the second is under way: not due
    assert len(mail.outbox) == 2  # a day has passed since the first reminder, and the first ended
    assert "Case study" not in mail.outbox[1].subject
    run_at(second_start + 2 * HOUR)  # under 24 h since the last reminder
    assert len(mail.outbox) == 2
    run_at(second_start + datetime.timedelta(days=1, hours=2))
    assert len(mail.outbox) == 3
    assert "Case study" in mail.outbox[2].subject


def test_reminder_none_for_a_cancelled_interview(candidate, recruiter):
    interview = schedule(candidate, [recruiter])
    interview_services.interview_cancel(interview=interview, actor=recruiter)
    run_at(END + 5 * HOUR)
    assert mail.outbox == []


def test_reminder_email_names_candidate_and_interview_and_links_to_scorecard(owed, settings):
    settings.SITE_URL = "https://hiring.example.org"
    run_at(END + HOUR)
    message = mail.outbox[0]
    assert "Alice Martin" in message.subject and "Phone screen" in message.subject
    seat_interview = owed.interviews.get()
    assert f"https://hiring.example.org/interviews/{seat_interview.pk}/scorecard/" in message.body
    assert "Alice Martin" in message.body


def test_reminder_in_the_panelist_language(owed, recruiter):
    UserPreference.objects.create(user=recruiter, language="fr")
    run_at(END + HOUR)
    assert mail.outbox[0].subject.startswith("Fiche d'évaluation attendue")
    assert "Bonjour" in mail.outbox[0].body


def test_language_switcher_sets_the_panelist_preference(client_for, recruiter):
    client = client_for(recruiter)
    client.post(reverse("set_language"), {"language": "fr", "next": "/todo/"})
    assert UserPreference.objects.get(user=recruiter).language == "fr"
    client.post(reverse("set_language"), {"language": "xx", "next": "/todo/"})
    assert UserPreference.objects.get(user=recruiter).language == "fr"


def test_reminder_panelist_without_email_is_listed_not_a_crash(candidate, recruiter):
    silent = RecruiterFactory(username="silent", email="", first_name="Sam", last_name="Silent")
    schedule(candidate, [recruiter, silent])
    output = run_at(END + HOUR)
    assert [m.to for m in mail.outbox] == [["rita@example.com"]]
    assert "No email address for Sam Silent" in output
    assert not InterviewEvent.objects.filter(recipient=silent).exists()


def test_reminder_recorded_and_shown_in_the_candidate_history(owed, client_for, manager):
    run_at(END + HOUR)
    content = (
        client_for(manager).get(reverse("evaluations:candidate-detail", args=[owed.pk])).content.decode()
    )
    assert "Reminder sent" in content
    assert "(reminder 1)" in content


# --- a real SMTP server -------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted for delivery"


def test_reminder_through_a_real_smtp_server(owed, settings):
    from aiosmtpd.controller import Controller

    inbox = _Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = port
        settings.EMAIL_USE_TLS = False
        settings.DEFAULT_FROM_EMAIL = "cmquality <hiring@example.org>"
        run_at(END + HOUR)
    finally:
        controller.stop()
    assert len(inbox.messages) == 1
    sender, recipients, content = inbox.messages[0]
    assert sender == "hiring@example.org"
    assert recipients == ["rita@example.com"]
    message = email.message_from_bytes(content, policy=email.policy.default)
    assert "Alice Martin" in message["Subject"]
    assert f"/interviews/{owed.interviews.get().pk}/scorecard/" in message.get_content()


# --- two machines at once -----------------------------------------------------------------------


class SlowBackend(LocmemBackend):
    """The locmem outbox, but each email takes a while: two runs overlap for sure."""

    def send_messages(self, messages: Any) -> int:
        time.sleep(0.05)
        return super().send_messages(messages)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_reminder_two_concurrent_runs_send_each_email_once(settings):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's row locks; SQLite serialises every writer anyway")
    settings.EMAIL_BACKEND = "tests.interviews.test_reminders.SlowBackend"
    position = PositionFactory()
    panel = [RecruiterFactory(username=f"panel{i}") for i in range(3)]
    for i in range(5):
        schedule(CandidateFactory(position=position, name=f"Race {i}"), panel)
    moment = END + 2 * HOUR
    barrier = threading.Barrier(2)
    reports: list[Any] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait(timeout=10)
            reports.append(interview_services.reminders_send(now=moment))
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            connections.close_all()

    for _round in range(2):  # the second round finds every reminder recorded already
        threads = [threading.Thread(target=run) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    assert errors == []
    recipients = sorted((m.to[0], m.subject) for m in mail.outbox)
    assert len(recipients) == 15 == len(set(recipients))
    assert sum(r.sent for r in reports) == 15
    # The runs did overlap: one of them met seats the other held (or reminders it had recorded).
    assert sum(r.skipped for r in reports) >= 1
    assert InterviewEvent.objects.filter(kind=InterviewEvent.Kind.REMINDED).count() == 15
