"""Dates read one way only, in English and in French (cmquality/formats/)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from evaluations.api import tokens
from evaluations.rubric import services as rubric_services
from evaluations.rubric.models import Quality
from evaluations.scorecards import services as scorecard_services
from tests.factories import ScorecardFactory

pytestmark = pytest.mark.django_db

MOMENT = datetime.datetime(2026, 12, 4, 9, 30)  # 4 December: "12/04" to an American, "04/12" to a Parisian


@pytest.mark.parametrize(
    ("language", "short_date", "short_datetime", "long_datetime"),
    [
        ("en", "4 Dec 2026", "4 Dec 2026, 09:30", "4 December 2026, 09:30"),
        ("fr", "4 déc. 2026", "4 déc. 2026, 09:30", "4 décembre 2026, 09:30"),
    ],
)
def test_formats_dates_spell_the_month_and_use_a_24_hour_clock(
    language, short_date, short_datetime, long_datetime
):
    with translation.override(language):
        assert date_format(MOMENT, "SHORT_DATE_FORMAT") == short_date
        assert date_format(MOMENT, "SHORT_DATETIME_FORMAT") == short_datetime
        assert date_format(MOMENT, "DATETIME_FORMAT") == long_datetime


def test_formats_token_expiry_reads_as_a_day_not_a_riddle(client, recruiter):
    with time_machine.travel(datetime.datetime(2026, 12, 6, 10, 0, tzinfo=datetime.UTC), tick=False):
        tokens.token_create(user=recruiter, name="Sync script", days=90)
        client.force_login(recruiter)
        page = client.get(reverse("api:token-list")).content.decode()
    assert "6 Mar 2027" in page
    assert "03/06/2027" not in page and "06/03/2027" not in page


def test_formats_reopened_card_sentence_ends_with_one_full_stop(client, recruiter, manager, candidate):
    card = ScorecardFactory(candidate=candidate, interviewer=recruiter, values={"empathy": 4})
    with time_machine.travel(datetime.datetime(2026, 12, 4, 9, 30, tzinfo=datetime.UTC), tick=False):
        scorecard_services.scorecard_reopen(scorecard=card, actor=manager, reason="Add the crisis example")
    client.force_login(recruiter)
    page = client.get(reverse("evaluations:scorecard", args=[candidate.pk])).content.decode()
    assert "on 4 Dec 2026, 10:30. Correct it" in page  # Paris time, 24-hour clock
    assert ".. " not in page and "a.m." not in page


def test_formats_weights_history_says_weight_in_french(client, admin_user):
    quality = Quality.objects.get(code="creativity")
    rubric_services.quality_update(quality=quality, actor=admin_user, reason="Essai", weight=2)
    client.force_login(admin_user)
    page = client.get(reverse("evaluations:quality-list"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Créativité · poids" in page
    assert "· weight" not in page
