"""People named where the page is put together: the marks the dashboard's cells hold instead of
names (``presenters.person_mark``), and their replacement (``presenters.with_people``)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.html import format_html

from evaluations.presenters import DASH, marked_people, person_mark, with_people
from evaluations.scoring import QUALITY_CODES
from evaluations.shortlists import services as shortlist_services
from tests.factories import CandidateFactory, PositionFactory, RecruiterFactory, ScorecardFactory


def test_people_marks_are_replaced_by_escaped_names():
    html = format_html("<td>{}, {}</td>", person_mark(3), person_mark(12))

    assert marked_people(html) == {3, 12}
    assert with_people(html, {3: "Zoé <b>", 12: "Marc"}) == "<td>Zoé &lt;b&gt;, Marc</td>"


def test_people_marks_of_someone_gone_read_as_a_dash():
    assert with_people(format_html("<td>{}</td>", person_mark(7)), {}) == f"<td>{DASH}</td>"


def test_people_marks_cannot_be_typed():
    # A name or an evidence note that spells a mark is escaped when drawn: never replaced.
    typed = '<cm-person pk="1"></cm-person>'
    html = format_html("<td>{}</td>", typed)

    assert marked_people(html) == set()
    assert with_people(html, {1: "Someone"}) == html


def test_people_marks_refuse_unsafe_text():
    with pytest.raises(TypeError):
        with_people('<cm-person pk="1"></cm-person>', {1: "Someone"})


@pytest.mark.django_db
def test_people_marks_a_candidate_named_like_a_mark_shows_as_typed(client, manager):
    position = PositionFactory()
    typed = f'<cm-person pk="{manager.pk}"></cm-person>'
    odd = CandidateFactory(name=typed, position=position)
    ScorecardFactory(
        candidate=odd,
        interviewer=RecruiterFactory(first_name="Iris", last_name="Vidal"),
        values=dict.fromkeys(QUALITY_CODES, 4),
    )
    shortlist = shortlist_services.shortlist_create(name="Final", owner=manager, candidates=[odd])
    client.force_login(manager)

    page = client.get(reverse("evaluations:shortlist-detail", args=[shortlist.pk])).content.decode()

    assert f"&lt;cm-person pk=&quot;{manager.pk}&quot;&gt;" in page
    assert "Iris Vidal" in page
    assert "<cm-person" not in page
