"""Retention and the subject's rights: apply_retention with the clock set, idempotence, two runs at
once on PostgreSQL, the administrator's anonymisation, the JSON download, and no personal text left
anywhere once a candidate is anonymised (pages, exports, history, admin, database)."""

from __future__ import annotations

import datetime
import json
import re
import threading
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import MessageDecoder, MessageEncoder
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection, connections, models
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from evaluations.candidates.models import Candidate
from evaluations.decisions.models import Decision
from evaluations.exchange import retention
from evaluations.exchange import services as exchange_services
from evaluations.exchange.models import RetentionRun
from evaluations.interviews import services as interview_services
from evaluations.interviews.models import Interview, InterviewEvent
from evaluations.scorecards import selectors
from evaluations.scorecards import services as scorecard_services
from evaluations.scorecards.models import Score, Scorecard, ScorecardEvent
from evaluations.scoring import QUALITY_CODES
from evaluations.shortlists.models import ShortlistEntry
from tests.factories import (
    AdminFactory,
    CandidateFactory,
    ManagerFactory,
    PositionFactory,
    RecruiterFactory,
    ScorecardFactory,
    ShortlistFactory,
)
from tests.helpers import HEADER, csv_bytes

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 6, 1, 9, 0, tzinfo=datetime.UTC)
DAY = datetime.timedelta(days=1)


def decided(status: str, days_ago: int, **fields: Any) -> Candidate:
    """A candidate whose last change (the record of their status, for now) was ``days_ago`` days ago."""
    with time_machine.travel(NOW - days_ago * DAY, tick=False):
        return CandidateFactory(status=status, **fields)


def apply(**options: Any) -> str:
    out = StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("apply_retention", stdout=out, **options)
    return out.getvalue()


# --- who is due, and when ---------------------------------------------------------------------


def test_apply_retention_anonymises_only_final_decisions_older_than_the_period():
    rejected_old = decided("rejected", 400, name="Old Rejected")
    hired_old = decided("hired", 366, name="Old Hired")
    rejected_recent = decided("rejected", 364, name="Recent Rejected")
    applied_old = decided("applied", 800, name="Old Applied")
    offer_old = decided("offer", 800, name="Old Offer")

    output = apply()

    assert "Anonymised 2 candidates" in output
    for candidate in (rejected_old, hired_old):
        candidate.refresh_from_db()
        assert candidate.is_anonymised
        assert candidate.name == f"Anonymised candidate #{candidate.pk}"
        assert candidate.email == f"anonymised-{candidate.pk}@invalid"
        assert candidate.anonymised_at == NOW
    for candidate in (rejected_recent, applied_old, offer_old):
        candidate.refresh_from_db()
        assert not candidate.is_anonymised
    assert {c.name for c in Candidate.objects.filter(anonymised_at__isnull=True)} == {
        "Recent Rejected",
        "Old Applied",
        "Old Offer",
    }


def test_apply_retention_reads_the_period_from_the_setting_and_the_option(settings):
    candidate = decided("rejected", 40)
    settings.RETENTION_DAYS = 60
    assert "Anonymised 0 candidates" in apply()
    settings.RETENTION_DAYS = 30
    assert "Anonymised 1 candidates" in apply()
    candidate.refresh_from_db()
    assert candidate.is_anonymised
    assert RetentionRun.objects.filter(retention_days=30).get().anonymised == 1

    other = decided("hired", 10)
    apply(days=5)
    other.refresh_from_db()
    assert other.is_anonymised
    with pytest.raises(CommandError):
        apply(days=-1)


def test_apply_retention_twice_changes_nothing_the_second_time_and_records_both_runs():
    candidate = decided("rejected", 500, phone="+33 6 00 00 00 00")
    apply()
    candidate.refresh_from_db()
    first = (candidate.anonymised_at, candidate.anonymised_in_id, candidate.updated_at)

    with time_machine.travel(NOW + DAY, tick=False):
        report = exchange_services.retention_apply()
    candidate.refresh_from_db()
    assert (candidate.anonymised_at, candidate.anonymised_in_id, candidate.updated_at) == first
    assert report.anonymised == 0
    runs = list(RetentionRun.objects.order_by("started_at"))
    assert [(r.kind, r.anonymised, r.actor) for r in runs] == [("retention", 1, None), ("retention", 0, None)]
    assert all(r.finished_at is not None for r in runs)
    assert runs[0].cutoff == NOW - 365 * DAY


def test_apply_retention_dry_run_lists_numbers_not_names_and_writes_nothing():
    candidate = decided("rejected", 400, name="Dryrun Person")
    output = apply(dry_run=True)
    assert f"#{candidate.pk} (rejected" in output
    assert "1 candidates" in output
    assert "Dryrun" not in output
    candidate.refresh_from_db()
    assert not candidate.is_anonymised
    assert not RetentionRun.objects.exists()


def test_anonymised_candidate_displays_in_the_readers_language():
    candidate = decided("rejected", 400)
    apply()
    candidate.refresh_from_db()
    assert str(candidate) == f"Anonymised candidate #{candidate.pk}"
    with translation.override("fr"):
        assert str(candidate) == f"Candidat anonymisé n° {candidate.pk}"
        assert candidate.display_name == f"Candidat anonymisé n° {candidate.pk}"


# --- what stays: scores, recommendations, dates, calibration ------------------------------------


def test_anonymisation_keeps_scores_recommendations_and_calibration():
    recruiters = [RecruiterFactory(username=f"cal{i}") for i in range(2)]
    candidate = decided("rejected", 400)
    for i, recruiter in enumerate(recruiters):
        ScorecardFactory(
            candidate=candidate,
            interviewer=recruiter,
            values={"empathy": 2 + i, "curiosity": 4},
            values__evidence={"empathy": "Calmed a thread", "curiosity": "Asked about metrics"},
            recommendation="no" if i else "yes",
        )
    ScorecardFactory(interviewer=recruiters[0], values={"empathy": 5})
    before_scores = sorted(Score.objects.values_list("scorecard_id", "quality_id", "value"))
    before_cards = sorted(Scorecard.objects.values_list("pk", "recommendation", "status", "submitted_at"))
    before_calibration = selectors.calibration_data()

    apply()

    assert sorted(Score.objects.values_list("scorecard_id", "quality_id", "value")) == before_scores
    assert (
        sorted(Scorecard.objects.values_list("pk", "recommendation", "status", "submitted_at"))
        == before_cards
    )
    assert not Score.objects.filter(scorecard__candidate=candidate).exclude(evidence="").exists()
    assert selectors.calibration_data() == before_calibration


def test_generic_interview_title_stays_and_a_personal_one_goes():
    manager = ManagerFactory()
    for _ in range(3):
        interview_services.interview_schedule(
            candidate=CandidateFactory(),
            actor=manager,
            title="Phone screen",
            starts_at=NOW - 10 * DAY,
            duration_minutes=30,
            location="",
            panel=[manager],
        )
    candidate = decided("rejected", 400, name="Quentin Quill")
    kept, named, odd = (
        interview_services.interview_schedule(
            candidate=candidate,
            actor=manager,
            title=title,
            starts_at=NOW - 500 * DAY,
            duration_minutes=30,
            location="Room 4",
            panel=[manager],
        )
        for title in ("phone  screen", "Phone screen with Quentin Quill", "Portfolio review of his comics")
    )
    apply()
    titles = [Interview.objects.get(pk=i.pk).title for i in (kept, named, odd)]
    assert titles == ["phone  screen", "Interview", "Interview"]
    assert set(Interview.objects.filter(candidate=candidate).values_list("location", flat=True)) == {""}
    scheduled = InterviewEvent.objects.filter(candidate=candidate, kind="scheduled")
    titles_in_history = sorted(
        change["new"] for event in scheduled for change in event.changes if change["field"] == "title"
    )
    assert titles_in_history == ["Interview", "Interview", "phone  screen"]


def test_every_text_column_about_a_candidate_is_erased_or_kept_on_purpose():
    """A new text field on a candidate's rows must be listed in ``retention`` (or kept here, with why)."""
    erased = {(e.model, e.field) for e in retention.ERASED_TEXTS}
    erased |= {(h.model, h.field) for h in retention.histories()}
    erased |= {(Candidate, f) for f in (*retention.CANDIDATE_ERASED_FIELDS, "name", "email")}
    kept_on_purpose = {
        (Candidate, "status"),
        (Scorecard, "recommendation"),
        (Scorecard, "status"),
        (ScorecardEvent, "kind"),
        (InterviewEvent, "kind"),
        (Interview, "title"),  # kept only where generic: see retention.kept_title
        # A decision's statuses and the codes of what contradicted it are facts, not texts typed
        # about the person; its reason is erased.
        (Decision, "from_status"),
        (Decision, "to_status"),
        (Decision, "contradictions"),
    }
    text_types = (models.CharField, models.TextField, models.JSONField)
    about_candidate = [Candidate]
    for model in apps.get_app_config("evaluations").get_models():
        for f in model._meta.concrete_fields:
            if f.is_relation and f.related_model in about_candidate and model not in about_candidate:
                about_candidate.append(model)
    # Second hop: scores and events of scorecards, events of interviews.
    for model in apps.get_app_config("evaluations").get_models():
        for f in model._meta.concrete_fields:
            if f.is_relation and f.related_model in about_candidate and model not in about_candidate:
                about_candidate.append(model)
    unclassified = [
        f"{model.__name__}.{f.name}"
        for model in about_candidate
        for f in model._meta.concrete_fields
        if isinstance(f, text_types) and (model, f.name) not in erased | kept_on_purpose
    ]
    assert unclassified == []


# --- the administrator's anonymisation --------------------------------------------------------


def test_admin_action_asks_first_then_anonymises_through_the_service(client):
    admin = AdminFactory(username="root")
    candidates = [CandidateFactory(status="interviewing", name=f"Action Person {i}") for i in range(2)]
    spared = CandidateFactory(name="Spared Person")
    client.force_login(admin)
    url = reverse("admin:evaluations_candidate_changelist")
    selection = {"action": "anonymise_selected", "_selected_action": [c.pk for c in candidates]}

    confirm = client.post(url, selection)
    assert confirm.status_code == 200
    assert b"Action Person 0" in confirm.content
    assert b"cannot be undone" in confirm.content
    assert not Candidate.objects.filter(anonymised_at__isnull=False).exists()

    done = client.post(url, {**selection, "post": "yes"})
    assert done.status_code == 302
    assert set(Candidate.objects.filter(anonymised_at__isnull=False)) == set(candidates)
    run = RetentionRun.objects.get()
    assert (run.kind, run.actor, run.anonymised) == ("request", admin, 2)
    spared.refresh_from_db()
    assert spared.name == "Spared Person"

    # Selected again: nothing more happens, and the run count stays.
    again = client.post(url, {**selection, "post": "yes"}, follow=True)
    assert b"anonymised already" in again.content
    assert RetentionRun.objects.count() == 1


def test_admin_button_anonymises_one_candidate_and_the_page_turns_read_only(client):
    admin = AdminFactory(username="root")
    candidate = CandidateFactory(name="Button Person", status="applied")
    client.force_login(admin)
    change = reverse("admin:evaluations_candidate_change", args=[candidate.pk])
    page = client.get(change)
    anonymise = reverse("admin:evaluations_candidate_anonymise", args=[candidate.pk])
    assert anonymise.encode() in page.content
    assert reverse("evaluations:candidate-personal-data", args=[candidate.pk]).encode() in page.content

    assert client.get(anonymise).status_code == 200
    assert client.post(anonymise).status_code == 200  # no confirmation: asked again
    candidate.refresh_from_db()
    assert not candidate.is_anonymised

    assert client.post(anonymise, {"post": "yes"}).status_code == 302
    candidate.refresh_from_db()
    assert candidate.is_anonymised
    page = client.get(change)
    assert page.status_code == 200
    assert anonymise.encode() not in page.content
    assert b"Button Person" not in page.content
    assert client.post(change, {"name": "Button Person"}).status_code == 403
    candidate.refresh_from_db()
    assert candidate.name == f"Anonymised candidate #{candidate.pk}"


def test_anonymise_is_styled_as_what_cannot_be_undone(client):
    client.force_login(AdminFactory(username="root"))
    candidate = CandidateFactory(name="Button Person", status="applied")
    change = client.get(reverse("admin:evaluations_candidate_change", args=[candidate.pk])).content.decode()
    confirm = client.get(
        reverse("admin:evaluations_candidate_anonymise", args=[candidate.pk])
    ).content.decode()
    # Red like the admin's own "Delete" (static/css/admin.css), on the link and on the last step.
    assert re.search(r'<a class="danger-action" href="[^"]+/anonymise/"', change)
    assert 'class="default danger-action" value="Yes, anonymise"' in confirm
    assert "css/admin.css" in change and "css/admin.css" in confirm


def test_anonymise_button_refuses_non_administrators(client):
    candidate = CandidateFactory()
    client.force_login(ManagerFactory())
    response = client.post(
        reverse("admin:evaluations_candidate_anonymise", args=[candidate.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    candidate.refresh_from_db()
    assert not candidate.is_anonymised


def test_candidate_page_tells_and_edit_is_refused_once_anonymised(client):
    candidate = decided("rejected", 400)
    apply()
    client.force_login(ManagerFactory())
    page = client.get(reverse("evaluations:candidate-detail", args=[candidate.pk]))
    assert b"Anonymised on" in page.content
    assert reverse("evaluations:candidate-edit", args=[candidate.pk]).encode() not in page.content
    assert client.get(reverse("evaluations:candidate-edit", args=[candidate.pk])).status_code == 404
    assert client.post(reverse("evaluations:candidate-edit", args=[candidate.pk])).status_code == 404


# --- the subject access request ---------------------------------------------------------------


def _world_for(candidate: Candidate, interviewers: int) -> None:
    manager = ManagerFactory()
    for i in range(interviewers):
        recruiter = RecruiterFactory()
        card = ScorecardFactory(
            candidate=candidate,
            interviewer=recruiter,
            values={"empathy": 3},
            values__evidence={"empathy": f"evidence {i}"},
        )
        scorecard_services.scorecard_reopen(scorecard=card, actor=manager, reason=f"reopened {i}")
        interview = interview_services.interview_schedule(
            candidate=candidate,
            actor=manager,
            title=f"Round {i}",
            starts_at=NOW,
            duration_minutes=30,
            location="Room",
            panel=[recruiter, manager],
        )
        interview_services.interview_cancel(interview=interview, actor=manager, reason=f"cancelled {i}")
        ShortlistFactory(owner=manager).candidates.add(candidate)


def test_personal_data_json_holds_everything_about_the_candidate(client):
    admin = AdminFactory(username="root")
    candidate = CandidateFactory(name="Sarah Subject", phone="0601", notes="met at a meetup")
    _world_for(candidate, 2)
    ShortlistEntry.objects.filter(candidate=candidate).update(note="strong on crises")
    client.force_login(admin)
    response = client.get(reverse("evaluations:candidate-personal-data", args=[candidate.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == (
        f'attachment; filename="candidate-{candidate.pk}-personal-data.json"'
    )
    data = json.loads(response.content)
    assert data["candidate"]["name"] == "Sarah Subject"
    assert data["candidate"]["notes"] == "met at a meetup"
    assert len(data["scorecards"]) == 2
    assert {s["quality"] for s in data["scorecards"][0]["scores"]} == set(QUALITY_CODES)
    assert "evidence 0" in [s["evidence"] for s in data["scorecards"][0]["scores"]]
    assert [e["kind"] for e in data["scorecards"][0]["events"]] == ["reopened"]
    assert data["scorecards"][0]["events"][0]["reason"] == "reopened 0"
    assert len(data["interviews"]) == 2
    assert data["interviews"][0]["location"] == "Room"
    assert {e["reason"] for e in data["interview_events"] if e["kind"] == "cancelled"} == {
        "cancelled 0",
        "cancelled 1",
    }
    assert [e["note"] for e in data["shortlist_entries"]] == ["strong on crises"] * 2


@pytest.mark.parametrize("role", ["recruiter", "manager"])
def test_personal_data_json_is_for_administrators_only(client, role):
    candidate = CandidateFactory()
    user = RecruiterFactory() if role == "recruiter" else ManagerFactory()
    client.force_login(user)
    assert client.get(reverse("evaluations:candidate-personal-data", args=[candidate.pk])).status_code == 403


def test_personal_data_json_unknown_candidate_is_404_for_an_administrator(client):
    client.force_login(AdminFactory())
    assert client.get(reverse("evaluations:candidate-personal-data", args=[999999])).status_code == 404


def test_personal_data_json_runs_a_constant_number_of_queries(client):
    client.force_login(AdminFactory())
    counts = []
    for size in (1, 4):
        candidate = CandidateFactory()
        _world_for(candidate, size)
        url = reverse("evaluations:candidate-personal-data", args=[candidate.pk])
        client.get(url)  # the session and the user's groups, read once
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


# --- two runs at once -------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_apply_retention_two_concurrent_runs_anonymise_each_candidate_once():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's row locks; SQLite serialises every writer anyway")
    position = PositionFactory()
    recruiter = RecruiterFactory()
    candidates = [decided("rejected", 400, position=position) for _ in range(12)]
    for candidate in candidates:
        ScorecardFactory(candidate=candidate, interviewer=recruiter, values__evidence={"empathy": "x"})
    barrier = threading.Barrier(2)
    reports: list[exchange_services.RetentionReport] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait(timeout=10)
            reports.append(exchange_services.retention_apply(now=NOW, batch_size=2))
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sum(r.anonymised for r in reports) == 12
    runs = list(RetentionRun.objects.all())
    assert len(runs) == 2
    assert sum(r.anonymised for r in runs) == 12
    anonymised = Candidate.objects.filter(pk__in=[c.pk for c in candidates])
    assert all(c.anonymised_in_id in {r.pk for r in runs} for c in anonymised)
    assert {r.pk: r.anonymised for r in runs} == {
        run.pk: anonymised.filter(anonymised_in=run).count() for run in runs
    }
    assert not Score.objects.exclude(evidence="").exists()


# --- no personal text left anywhere -----------------------------------------------------------

TOKEN = "zq7mkr"  # in every marker: nothing else in the app spells it


def marker(what: str) -> str:
    return f"{TOKEN}{what}"


@pytest.fixture
def planted(client) -> dict[str, Any]:
    """A candidate with a unique marker in every text about them, their rows, histories and admin log."""
    admin = AdminFactory(username="root")
    manager = ManagerFactory(username="maya")
    recruiter = RecruiterFactory(username="rita")
    with time_machine.travel(NOW - 400 * DAY, tick=False):
        candidate = CandidateFactory(
            name=f"Marie {marker('name')}",
            email=f"{marker('email')}@example.org",
            phone=f"+33 {marker('phone')}",
            link=f"https://example.org/{marker('link')}",
            source=marker("source"),
            notes=marker("notes"),
            status="rejected",
        )
        card = ScorecardFactory(
            candidate=candidate,
            interviewer=recruiter,
            values={code: 3 for code in QUALITY_CODES},
            values__evidence={code: marker(f"ev{code}") for code in QUALITY_CODES},
            notes=marker("cardnotes"),
            recommendation="no",
        )
        data = scorecard_services.ScorecardData(
            values={code: 4 for code in QUALITY_CODES},
            evidence={code: marker(f"newev{code}") for code in QUALITY_CODES},
            recommendation="yes",
            notes=marker("newcardnotes"),
        )
        scorecard_services.scorecard_admin_update(
            scorecard=card, actor=admin, reason=marker("fixreason"), data=data
        )
        scorecard_services.scorecard_reopen(scorecard=card, actor=manager, reason=marker("reopenreason"))
        scorecard_services.scorecard_save(candidate=candidate, interviewer=recruiter, data=data, submit=True)
        manager_card = ScorecardFactory(
            candidate=candidate,
            interviewer=manager,
            values={"empathy": 2},
            values__evidence={"empathy": marker("mgrev")},
            notes=marker("mgrnotes"),
        )
        interview = interview_services.interview_schedule(
            candidate=candidate,
            actor=manager,
            title=marker("title"),
            starts_at=NOW - 401 * DAY,
            duration_minutes=45,
            location=marker("location"),
            panel=[recruiter, manager],
        )
        interview_services.interview_update(
            interview=interview,
            actor=manager,
            title=marker("title2"),
            starts_at=NOW - 401 * DAY,
            duration_minutes=60,
            location=f"https://meet.example.org/{marker('location2')}",
            panel=[recruiter, manager],
        )
        cancelled = interview_services.interview_schedule(
            candidate=candidate,
            actor=manager,
            title=marker("title3"),
            starts_at=NOW - 402 * DAY,
            duration_minutes=45,
            location=marker("location3"),
            panel=[recruiter],
        )
        interview_services.interview_cancel(interview=cancelled, actor=manager, reason=marker("cancelreason"))
        shortlist = ShortlistFactory(owner=manager, name="Finalists")
        shortlist.candidates.add(candidate)
        ShortlistEntry.objects.filter(candidate=candidate).update(note=marker("shortnote"))
        Decision.objects.create(
            candidate=candidate,
            actor=manager,
            from_status="interviewing",
            to_status="rejected",
            reason=marker("decisionreason"),
        )
        for obj in (candidate, card, manager_card, interview):
            LogEntry.objects.log_actions(
                user_id=admin.pk,
                queryset=[obj],
                action_flag=CHANGE,
                change_message=marker("logmessage"),
            )
    # Sanity: the markers are there before, in the pages and the JSON download.
    client.force_login(admin)
    sar = client.get(reverse("evaluations:candidate-personal-data", args=[candidate.pk])).content.decode()
    for what in (
        "name",
        "email",
        "phone",
        "link",
        "source",
        "notes",
        "cardnotes",
        "fixreason",
        "shortnote",
        "decisionreason",
    ):
        assert marker(what) in sar, what
    assert marker("evempathy") in sar  # the old evidence, kept in the history's changes
    assert marker("cancelreason") in sar
    assert marker("location2") in sar
    _plant_in_sessions(candidate, recruiter, admin)
    return {
        "admin": admin,
        "candidate": candidate,
        "cards": [card, manager_card],
        "interviews": [interview, cancelled],
        "shortlist": shortlist,
    }


def _plant_in_sessions(candidate: Candidate, recruiter: Any, admin: Any) -> None:
    """What sessions hold about a candidate, still live when retention runs (NOW): a flash message
    naming them beside one that does not, and an import's rows waiting for confirmation."""
    with time_machine.travel(NOW - DAY, tick=False):
        editor = Client()
        editor.force_login(recruiter)
        edit = reverse("evaluations:candidate-edit", args=[candidate.pk])
        assert editor.post(edit, {"name": candidate.name}).status_code == 302  # "Candidate … saved."
        importer = Client()
        importer.force_login(admin)
        row = [candidate.name, candidate.email, "", candidate.phone, "", "", marker("importnotes")]
        upload = SimpleUploadedFile("people.csv", csv_bytes([HEADER, row]))
        assert importer.post(reverse("evaluations:candidate-import"), {"file": upload}).status_code == 200
        # Not followed: the message waits in the session for the next page.
        created = importer.post(reverse("evaluations:shortlist-create"), {"name": "Other"})
        assert created.status_code == 302  # "Shortlist created. …": names no candidate
    assert TOKEN in json.dumps(_sessions()).lower()


def _sessions() -> list[dict[str, Any]]:
    """Every stored session, decoded: what the session table holds, as the app reads it."""
    store = SessionStore()
    return [store.decode(data) for data in Session.objects.values_list("session_data", flat=True)]


def _urls(planted: dict[str, Any]) -> list[str]:
    candidate = planted["candidate"]
    cards, interviews, shortlist = planted["cards"], planted["interviews"], planted["shortlist"]
    pages = [
        reverse("evaluations:candidate-list"),
        reverse("evaluations:candidate-list") + "?q=Anonymised",
        reverse("evaluations:candidate-detail", args=[candidate.pk]),
        reverse("evaluations:scorecard", args=[candidate.pk]),
        reverse("evaluations:candidate-personal-data", args=[candidate.pk]),
        reverse("evaluations:shortlist-list"),
        reverse("evaluations:shortlist-detail", args=[shortlist.pk]),
        reverse("evaluations:shortlist-export", args=[shortlist.pk]),
        reverse("evaluations:calibration"),
        reverse("evaluations:todo"),
        reverse("admin:index"),
        reverse("admin:evaluations_candidate_changelist"),
        reverse("admin:evaluations_candidate_change", args=[candidate.pk]),
        reverse("admin:evaluations_candidate_history", args=[candidate.pk]),
        reverse("admin:evaluations_scorecard_changelist"),
        reverse("admin:evaluations_interview_changelist"),
        reverse("admin:evaluations_interviewevent_changelist"),
        reverse("admin:evaluations_shortlist_change", args=[shortlist.pk]),
        reverse("admin:evaluations_retentionrun_changelist"),
        # The JSON API reads the same rows.
        reverse("api:candidate-list"),
        reverse("api:candidate-list") + "?q=Anonymised",
        reverse("api:candidate-detail", args=[candidate.pk]),
        reverse("api:scorecard-list", args=[candidate.pk]),
        reverse("api:own-scorecard", args=[candidate.pk]),
        reverse("api:shortlist-results", args=[shortlist.pk]),
    ]
    pages += [reverse("api:interview-detail", args=[i.pk]) for i in interviews]
    pages.append(reverse("api:interview-list") + f"?candidate={candidate.pk}")
    for card in cards:
        pages += [
            reverse("evaluations:scorecard-detail", args=[card.pk]),
            reverse("admin:evaluations_scorecard_change", args=[card.pk]),
            reverse("admin:evaluations_scorecard_history", args=[card.pk]),
        ]
    for interview in interviews:
        pages += [
            reverse("evaluations:interview-kit", args=[interview.pk]),
            reverse("evaluations:interview-invite", args=[interview.pk]),
            reverse("admin:evaluations_interview_change", args=[interview.pk]),
            reverse("admin:evaluations_interview_history", args=[interview.pk]),
        ]
    pages += [
        reverse("admin:evaluations_interviewevent_change", args=[event.pk])
        for event in InterviewEvent.objects.filter(candidate=candidate)
    ]
    return pages


def _text_columns() -> list[tuple[type[models.Model], str]]:
    return [
        (model, f.attname)
        for model in apps.get_models()
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField | models.JSONField)
    ]


def test_anonymised_candidate_leaves_no_personal_text_anywhere(client, planted):
    candidate = planted["candidate"]
    recruiter_sees_before = client.get(reverse("evaluations:candidate-detail", args=[candidate.pk]))
    assert marker("name").encode() in recruiter_sees_before.content

    apply()

    client.force_login(planted["admin"])
    for language in ("en", "fr"):
        for url in _urls(planted):
            response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
            assert response.status_code == 200, url
            body = b"".join(response) if response.streaming else response.content
            assert TOKEN.encode() not in body.lower(), f"a marker is left in {url}"
    page = client.get(reverse("evaluations:candidate-detail", args=[candidate.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert f"Anonymised candidate #{candidate.pk}".encode() in page.content
    export = client.get(reverse("evaluations:shortlist-export", args=[planted["shortlist"].pk]))
    assert (
        f"Anonymised candidate #{candidate.pk},anonymised-{candidate.pk}@invalid".encode() in export.content
    )

    left = [
        f"{model.__name__}.{column}"
        for model, column in _text_columns()
        for value in model._default_manager.values_list(column, flat=True)
        if value is not None and TOKEN in json.dumps(value).lower()
    ]
    assert left == []
    # Sessions are stored encoded: decoded, they name the candidate nowhere either, and what did
    # not name them (the other flash message, the logins) is still there.
    sessions = _sessions()
    assert TOKEN not in json.dumps(sessions).lower()
    assert any("_auth_user_id" in data for data in sessions)
    assert "Shortlist created" in json.dumps(sessions)
    # The history keeps its shape and its numbers: who changed what, and the scores.
    changed = ScorecardEvent.objects.get(scorecard=planted["cards"][0], kind="changed")
    assert {c["field"]: (c["old"], c["new"]) for c in changed.changes}["empathy"] == (3, 4)
    assert {c["field"]: (c["old"], c["new"]) for c in changed.changes}["empathy_evidence"] == ("", "")
    assert (
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Candidate), object_id=str(candidate.pk)
        )
        .get()
        .object_repr
        == f"Anonymised candidate #{candidate.pk}"
    )


def test_anonymised_candidate_through_the_admin_leaves_no_personal_text(client, planted):
    client.force_login(planted["admin"])
    candidate = planted["candidate"]
    anonymise = reverse("admin:evaluations_candidate_anonymise", args=[candidate.pk])
    assert client.post(anonymise, {"post": "yes"}).status_code == 302
    left = [
        f"{model.__name__}.{column}"
        for model, column in _text_columns()
        for value in model._default_manager.values_list(column, flat=True)
        if value is not None and TOKEN in json.dumps(value).lower()
    ]
    assert left == []
    assert TOKEN not in json.dumps(_sessions()).lower()
    assert timezone.is_aware(Candidate.objects.get(pk=candidate.pk).anonymised_at)


def test_apply_retention_clears_expired_sessions_and_keeps_live_ones():
    with time_machine.travel(NOW - 30 * DAY, tick=False):
        expired = SessionStore()
        expired["note"] = "left behind"
        expired.create()
    with time_machine.travel(NOW - DAY, tick=False):
        live = SessionStore()
        live["note"] = "still in use"
        live.create()

    out = apply()

    assert set(Session.objects.values_list("session_key", flat=True)) == {live.session_key}
    assert "cleared 1 expired sessions" in out


def test_apply_retention_dry_run_clears_no_session():
    with time_machine.travel(NOW - 30 * DAY, tick=False):
        SessionStore().create()
    apply(dry_run=True)
    assert Session.objects.count() == 1


def test_scrubbed_session_drops_the_message_naming_a_candidate_and_keeps_the_rest():
    messages = [
        Message(constants.SUCCESS, "Candidate Zoé O'Brien saved."),
        Message(constants.SUCCESS, "Shortlist created."),
    ]
    data = {
        "_auth_user_id": "7",
        "_messages": MessageEncoder().encode(messages),
        "candidate_import": {"rows": [["Zoé O'Brien", "zoe@example.org"]]},
    }
    needles = retention.session_needles(["Zoé O'Brien", "zoe@example.org"])

    scrubbed = retention.scrubbed_session(data, needles)

    assert scrubbed is not None
    assert set(scrubbed) == {"_auth_user_id", "_messages"}
    kept = json.loads(scrubbed["_messages"], cls=MessageDecoder)
    assert [str(m) for m in kept] == ["Shortlist created."]
    assert retention.scrubbed_session({"_auth_user_id": "7"}, needles) is None


def test_session_needles_find_a_name_as_a_page_escapes_it():
    needles = retention.session_needles(["Zoé O'Brien"])
    escaped = {"_messages": MessageEncoder().encode([Message(constants.INFO, "Saved Zoé O&#x27;Brien.")])}
    assert retention.scrubbed_session(escaped, needles) == {}
