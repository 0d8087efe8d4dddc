"""Calendar invites (RFC 5545) for interviews, built with the ``icalendar`` library."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from evaluations.interviews.models import Interview

PRODID = "-//cmquality//Interviews//EN"


def interview_uid(interview: Interview) -> str:
    """Stable for the interview's whole life, so that each new SEQUENCE replaces the same event."""
    return f"interview-{interview.pk}@cmquality"


def _address(user: Any, role: str | None = None) -> vCalAddress:
    address = vCalAddress(f"mailto:{user.email}")
    address.params["cn"] = vText(user.get_full_name() or user.get_username())
    if role:
        address.params["role"] = vText(role)
        address.params["partstat"] = vText("NEEDS-ACTION")
        address.params["rsvp"] = vText("TRUE")
    return address


def invite_ics(interview: Interview, panel: Sequence[Any], kit_url: str) -> bytes:
    """One VEVENT: times in UTC, the kit's URL, one ATTENDEE per panelist with an email."""
    candidate = interview.candidate
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "CANCEL" if interview.is_cancelled else "REQUEST")
    event = Event()
    event.add("uid", interview_uid(interview))
    event.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    event.add("dtstart", interview.starts_at.astimezone(datetime.UTC))
    event.add("dtend", interview.ends_at.astimezone(datetime.UTC))
    event.add("sequence", interview.sequence)
    event.add("status", "CANCELLED" if interview.is_cancelled else "CONFIRMED")
    event.add(
        "summary",
        _("Interview: %(candidate)s — %(title)s") % {"candidate": candidate.name, "title": interview.title},
    )
    if interview.location:
        event.add("location", interview.location)
    event.add("url", kit_url)
    event.add(
        "description",
        _("Interview kit (questions, anchors, the way to your scorecard): %(url)s\nPosition: %(position)s")
        % {"url": kit_url, "position": candidate.position},
    )
    organizer = interview.created_by
    if organizer.email:
        event.add("organizer", _address(organizer))
    else:
        event.add("organizer", vCalAddress(f"mailto:{_from_address()}"))
    for user in panel:
        if user.email:
            event.add("attendee", _address(user, "REQ-PARTICIPANT"), encode=0)
    calendar.add_component(event)
    return calendar.to_ical()


def _from_address() -> str:
    """The bare address of DEFAULT_FROM_EMAIL ("Name <a@b>" → "a@b")."""
    value = settings.DEFAULT_FROM_EMAIL
    if "<" in value and value.endswith(">"):
        return value.rsplit("<", 1)[1][:-1]
    return value
