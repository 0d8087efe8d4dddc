"""Shortlists: create, rename, delete, add, remove, notes; who may; and the calibration page."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.test import Client
from django.urls import reverse

from evaluations.candidates.models import Candidate
from evaluations.people import roles
from evaluations.shortlists import services
from evaluations.shortlists.models import Shortlist, ShortlistEntry
from tests.factories import (
    CandidateFactory,
    ManagerFactory,
    PositionFactory,
    RecruiterFactory,
    ScorecardFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def trio(position):
    """Three candidates of one position, created out of name order."""
    return [
        CandidateFactory(name=name, email=f"{name.lower()}@example.com", position=position)
        for name in ("Carla", "Adam", "Bea")
    ]


@pytest.fixture
def shortlist(manager):
    return services.shortlist_create(name="Round one", owner=manager)


def _entries(shortlist: Shortlist) -> list[str]:
    return [e.candidate.name for e in shortlist.entries.select_related("candidate").order_by("order", "pk")]


# --- create, rename, delete -------------------------------------------------------------------


def test_shortlist_create_manager_owns_it_and_lands_on_dashboard(client, manager, position):
    client.force_login(manager)

    response = client.post(
        reverse("evaluations:shortlist-create"), {"name": "  Final  ", "position": position.pk}
    )

    shortlist = Shortlist.objects.get()
    assert (shortlist.name, shortlist.owner, shortlist.position) == ("Final", manager, position)
    assert response.status_code == 302
    assert response["Location"] == reverse("evaluations:shortlist-detail", args=[shortlist.pk])


def test_shortlist_create_blank_name_rerenders_form(client, manager):
    client.force_login(manager)

    response = client.post(reverse("evaluations:shortlist-create"), {"name": ""})

    assert response.status_code == 200
    assert not Shortlist.objects.exists()


def test_shortlist_rename_changes_name_only(client, manager, shortlist, trio):
    services.shortlist_add(shortlist=shortlist, candidates=trio)
    client.force_login(manager)

    response = client.post(reverse("evaluations:shortlist-edit", args=[shortlist.pk]), {"name": "Round two"})

    shortlist.refresh_from_db()
    assert response.status_code == 302
    assert shortlist.name == "Round two"
    assert _entries(shortlist) == ["Carla", "Adam", "Bea"]


def test_shortlist_delete_removes_it_but_not_its_candidates(client, manager, shortlist, trio):
    services.shortlist_add(shortlist=shortlist, candidates=trio)
    client.force_login(manager)

    response = client.post(reverse("evaluations:shortlist-delete", args=[shortlist.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("evaluations:shortlist-list")
    assert not Shortlist.objects.exists()
    assert not ShortlistEntry.objects.exists()
    assert Candidate.objects.filter(pk__in=[c.pk for c in trio]).count() == 3


def test_shortlist_list_shows_count_of_candidates(client, manager, shortlist, trio):
    services.shortlist_add(shortlist=shortlist, candidates=trio[:2])
    client.force_login(manager)

    response = client.get(reverse("evaluations:shortlist-list"))

    assert response.status_code == 200
    assert [(s.name, s.candidate_count) for s in response.context["shortlists"]] == [("Round one", 2)]


# --- adding from the candidate list -----------------------------------------------------------


def test_shortlist_add_from_list_to_existing_appends_new_ones_only(client, manager, shortlist, trio):
    carla, adam, bea = trio
    services.shortlist_add(shortlist=shortlist, candidates=[bea])
    client.force_login(manager)

    response = client.post(
        reverse("evaluations:shortlist-add-from-list"),
        {"candidates": [carla.pk, adam.pk, bea.pk], "shortlist": shortlist.pk},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("evaluations:shortlist-detail", args=[shortlist.pk])
    # Bea was there already; the new ones follow in name order (Adam, Carla).
    assert _entries(shortlist) == ["Bea", "Adam", "Carla"]


def test_shortlist_add_from_list_with_new_name_creates_shortlist(client, manager, trio, position):
    client.force_login(manager)

    client.post(
        reverse("evaluations:shortlist-add-from-list"),
        {"candidates": [trio[0].pk, trio[2].pk], "new_name": "Fresh", "shortlist": ""},
    )

    created = Shortlist.objects.get()
    assert (created.name, created.owner, created.position) == ("Fresh", manager, position)
    assert _entries(created) == ["Bea", "Carla"]


def test_shortlist_add_from_list_mixed_positions_leaves_position_empty(client, manager, trio):
    other = CandidateFactory(name="Dan", position=PositionFactory(title="Moderator"))
    client.force_login(manager)

    client.post(
        reverse("evaluations:shortlist-add-from-list"),
        {"candidates": [trio[0].pk, other.pk], "new_name": "Mix"},
    )

    assert Shortlist.objects.get().position is None


def test_shortlist_add_from_list_without_target_creates_nothing(client, manager, trio):
    client.force_login(manager)

    response = client.post(reverse("evaluations:shortlist-add-from-list"), {"candidates": [trio[0].pk]})

    assert response.status_code == 302
    assert response["Location"] == reverse("evaluations:candidate-list")
    assert not Shortlist.objects.exists()


def test_shortlist_add_from_list_without_candidates_creates_nothing(client, manager):
    client.force_login(manager)

    client.post(reverse("evaluations:shortlist-add-from-list"), {"new_name": "Nobody"})

    assert not Shortlist.objects.exists()


def test_shortlist_add_from_list_offsite_next_is_ignored(client, manager, shortlist, trio):
    client.force_login(manager)

    response = client.post(
        reverse("evaluations:shortlist-add-from-list"),
        {"candidates": [trio[0].pk], "next": "https://evil.example/"},
    )

    assert response["Location"] == reverse("evaluations:candidate-list")


# --- the dashboard's own actions --------------------------------------------------------------


def test_shortlist_add_from_dashboard_appends_in_name_order(client, manager, shortlist, trio):
    carla, adam, bea = trio
    services.shortlist_add(shortlist=shortlist, candidates=[carla])
    client.force_login(manager)

    response = client.post(
        reverse("evaluations:shortlist-add", args=[shortlist.pk]), {"candidates": [bea.pk, adam.pk]}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("evaluations:shortlist-detail", args=[shortlist.pk])
    assert _entries(shortlist) == ["Carla", "Adam", "Bea"]


def test_shortlist_add_from_dashboard_already_present_is_refused(client, manager, shortlist, trio):
    services.shortlist_add(shortlist=shortlist, candidates=trio[:1])
    client.force_login(manager)

    client.post(reverse("evaluations:shortlist-add", args=[shortlist.pk]), {"candidates": [trio[0].pk]})

    assert _entries(shortlist) == ["Carla"]


def test_shortlist_remove_takes_one_candidate_off(client, manager, shortlist, trio):
    services.shortlist_add(shortlist=shortlist, candidates=trio)
    client.force_login(manager)

    client.post(reverse("evaluations:shortlist-remove", args=[shortlist.pk]), {"candidate": trio[1].pk})

    assert _entries(shortlist) == ["Carla", "Bea"]


def test_shortlist_remove_unknown_candidate_changes_nothing(client, manager, shortlist, trio):
    services.shortlist_add(shortlist=shortlist, candidates=trio[:1])
    client.force_login(manager)

    response = client.post(reverse("evaluations:shortlist-remove", args=[shortlist.pk]), {"candidate": "x"})

    assert response.status_code == 302
    assert _entries(shortlist) == ["Carla"]


def test_shortlist_note_saved_and_shown_on_dashboard(client, manager, shortlist, trio):
    services.shortlist_add(shortlist=shortlist, candidates=trio[:1])
    client.force_login(manager)

    client.post(
        reverse("evaluations:shortlist-note", args=[shortlist.pk]),
        {"candidate": trio[0].pk, "note": "  Ask about crisis moderation  "},
    )
    page = client.get(reverse("evaluations:shortlist-detail", args=[shortlist.pk])).content.decode()

    assert ShortlistEntry.objects.get().note == "Ask about crisis moderation"
    assert "Ask about crisis moderation" in page


def test_shortlist_note_too_long_is_refused(client, manager, shortlist, trio):
    services.shortlist_add(shortlist=shortlist, candidates=trio[:1])
    client.force_login(manager)

    client.post(
        reverse("evaluations:shortlist-note", args=[shortlist.pk]),
        {"candidate": trio[0].pk, "note": "x" * 2001},
    )

    assert ShortlistEntry.objects.get().note == ""


def test_shortlist_note_post_without_note_field_keeps_the_note(client, manager, shortlist, trio):
    services.shortlist_add(shortlist=shortlist, candidates=trio[:1])
    services.shortlist_set_note(shortlist=shortlist, candidate_id=trio[0].pk, note="Ask about crises")
    client.force_login(manager)

    response = client.post(
        reverse("evaluations:shortlist-note", args=[shortlist.pk]), {"candidate": trio[0].pk}
    )

    assert response.status_code == 302
    assert ShortlistEntry.objects.get().note == "Ask about crises"
    page = client.get(response["Location"]).content.decode()
    assert "No note was sent: nothing was changed." in page


def test_shortlist_note_empty_note_clears_it(client, manager, shortlist, trio):
    services.shortlist_add(shortlist=shortlist, candidates=trio[:1])
    services.shortlist_set_note(shortlist=shortlist, candidate_id=trio[0].pk, note="Ask about crises")
    client.force_login(manager)

    client.post(
        reverse("evaluations:shortlist-note", args=[shortlist.pk]), {"candidate": trio[0].pk, "note": ""}
    )

    assert ShortlistEntry.objects.get().note == ""


def test_shortlist_unknown_pk_is_404(client, manager):
    client.force_login(manager)

    assert client.get(reverse("evaluations:shortlist-detail", args=[999999])).status_code == 404
    assert client.get(reverse("evaluations:shortlist-export", args=[999999])).status_code == 404


# --- permissions ------------------------------------------------------------------------------


def _shortlist_requests(shortlist: Shortlist, candidate_id: int) -> list[tuple[str, str, dict]]:
    pk = [shortlist.pk]
    return [
        ("get", reverse("evaluations:shortlist-list"), {}),
        ("get", reverse("evaluations:shortlist-create"), {}),
        ("post", reverse("evaluations:shortlist-create"), {"name": "Mine"}),
        (
            "post",
            reverse("evaluations:shortlist-add-from-list"),
            {"candidates": [candidate_id], "new_name": "X"},
        ),
        ("get", reverse("evaluations:shortlist-detail", args=pk), {}),
        ("get", reverse("evaluations:shortlist-edit", args=pk), {}),
        ("post", reverse("evaluations:shortlist-edit", args=pk), {"name": "Renamed"}),
        ("get", reverse("evaluations:shortlist-delete", args=pk), {}),
        ("post", reverse("evaluations:shortlist-delete", args=pk), {}),
        ("post", reverse("evaluations:shortlist-add", args=pk), {"candidates": [candidate_id]}),
        ("post", reverse("evaluations:shortlist-remove", args=pk), {"candidate": candidate_id}),
        ("post", reverse("evaluations:shortlist-note", args=pk), {"candidate": candidate_id, "note": "n"}),
        ("get", reverse("evaluations:shortlist-export", args=pk), {}),
        ("get", reverse("evaluations:calibration"), {}),
    ]


def test_shortlist_urls_recruiter_gets_403_and_nothing_changes(client, recruiter, shortlist, trio):
    services.shortlist_add(shortlist=shortlist, candidates=trio[:1])
    client.force_login(recruiter)

    statuses = {
        (method, url): getattr(client, method)(url, data).status_code
        for method, url, data in _shortlist_requests(shortlist, trio[1].pk)
    }

    assert set(statuses.values()) == {403}, statuses
    shortlist.refresh_from_db()
    assert (Shortlist.objects.count(), shortlist.name) == (1, "Round one")
    assert [(e.candidate.name, e.note) for e in shortlist.entries.select_related("candidate")] == [
        ("Carla", "")
    ]


def test_shortlist_urls_anonymous_redirected_to_login(client, shortlist, trio):
    for method, url, data in _shortlist_requests(shortlist, trio[0].pk):
        response = getattr(client, method)(url, data)

        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_shortlist_urls_admin_allowed(client, admin_user, shortlist, trio):
    client.force_login(admin_user)

    assert client.get(reverse("evaluations:shortlist-detail", args=[shortlist.pk])).status_code == 200
    assert client.get(reverse("evaluations:calibration")).status_code == 200


# --- calibration ------------------------------------------------------------------------------


class TableRows(HTMLParser):
    """Each body row of the first table as the whitespace-normalised text of its cells."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._in_body = self._done = False
        self._cell: list[str] | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._done:
            return
        if tag == "tbody":
            self._in_body = True
        elif tag == "tr" and self._in_body:
            self.rows.append([])
        elif tag in {"td", "th"} and self._in_body:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "tbody" and self._in_body:
            self._in_body, self._done = False, True
        elif tag in {"td", "th"} and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def test_calibration_two_interviewers_lenient_and_harsh(client, manager, position):
    lena = RecruiterFactory(username="lena", first_name="Lena", last_name="Lenient")
    hugo = RecruiterFactory(username="hugo", first_name="Hugo", last_name="Harsh")
    xavier = CandidateFactory(name="Xavier", position=position)
    yasmine = CandidateFactory(name="Yasmine", position=position)
    ScorecardFactory(candidate=xavier, interviewer=lena, values={"empathy": 5, "adaptability": 4})
    ScorecardFactory(
        candidate=xavier, interviewer=hugo, values={"empathy": 3, "adaptability": 3}, recommendation="no"
    )
    ScorecardFactory(candidate=yasmine, interviewer=lena, values={"empathy": 4}, recommendation="strong_yes")
    ScorecardFactory(
        candidate=yasmine, interviewer=hugo, values={"empathy": 3, "adaptability": 2}, recommendation="no"
    )
    # A draft counts nowhere, even when it would make Hugo look lenient.
    ScorecardFactory(
        candidate=CandidateFactory(position=position),
        interviewer=hugo,
        status="draft",
        values={"empathy": 5},
    )
    client.force_login(manager)

    html = client.get(reverse("evaluations:calibration")).content.decode()
    rows = TableRows(html).rows

    # Cells both scored: (Xavier, empathy) 5 vs 3, (Xavier, adaptability) 4 vs 3, (Yasmine, empathy)
    # 4 vs 3; (Yasmine, adaptability) is Hugo's alone. Lena: own (5+4+4)/3 = 13/3 ≈ 4.33 against 3
    # → +4/3 ≈ +1.33, lenient; Hugo the mirror image, −1.33, harsh. Mean of all own scores:
    # Lena 13/3 → 4.33, Hugo (3+3+3+2)/4 = 2.75. Names sort Hugo before Lena.
    assert [row[:6] for row in rows] == [
        ["Hugo Harsh", "2", "2.75", "3.00", "4.33", "-1.33"],
        ["Lena Lenient", "2", "4.33", "4.33", "3.00", "+1.33"],
    ]
    assert "harsh" in rows[0][6]
    assert "lenient" in rows[1][6]
    # Lena: yes (factory default) and strong yes; Hugo: no twice.
    assert rows[0][7] == "Strong no 0 · No 2 · Yes 0 · Strong yes 0"
    assert rows[1][7] == "Strong no 0 · No 0 · Yes 1 · Strong yes 1"


def test_calibration_no_submitted_scorecards_shows_empty_state(client, manager):
    client.force_login(manager)

    response = client.get(reverse("evaluations:calibration"))

    assert response.status_code == 200
    assert response.context["calibration"].interviewers == ()
    assert "No scorecards yet." in response.content.decode()


def test_shortlist_note_form_on_dashboard_passes_csrf_check(manager, shortlist, trio):
    services.shortlist_add(shortlist=shortlist, candidates=trio[:1])
    client = Client(enforce_csrf_checks=True)
    client.force_login(manager)
    page = client.get(reverse("evaluations:shortlist-detail", args=[shortlist.pk])).content.decode()
    form = page[page.index('class="note-form"') :]
    token = form.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]

    response = client.post(
        reverse("evaluations:shortlist-note", args=[shortlist.pk]),
        {"csrfmiddlewaretoken": token, "candidate": trio[0].pk, "note": "Strong on moderation"},
    )

    # A missing or wrong token would be refused with 403 and leave the note empty.
    assert response.status_code == 302
    assert ShortlistEntry.objects.get().note == "Strong on moderation"


# --- whose shortlist: the owner and administrators change it, every manager sees it -------------


@pytest.fixture
def others_shortlist(trio):
    """A shortlist of another hiring manager, holding Carla."""
    owner = ManagerFactory(username="mo", first_name="Mo", last_name="Owner")
    shortlist = services.shortlist_create(name="Mo's picks", owner=owner)
    services.shortlist_add(shortlist=shortlist, candidates=trio[:1])
    return shortlist


def _links(page: str, shortlist: Shortlist) -> dict[str, bool]:
    pk = shortlist.pk
    return {
        "rename": f'href="{reverse("evaluations:shortlist-edit", args=[pk])}"' in page,
        "delete": f'href="{reverse("evaluations:shortlist-delete", args=[pk])}"' in page,
        "add": f'action="{reverse("evaluations:shortlist-add", args=[pk])}"' in page,
        "remove": f'action="{reverse("evaluations:shortlist-remove", args=[pk])}"' in page,
        "note": f'action="{reverse("evaluations:shortlist-note", args=[pk])}"' in page,
    }


def test_shortlist_dashboard_other_manager_sees_owner_and_notes_only(client, manager, others_shortlist):
    client.force_login(manager)

    page = client.get(reverse("evaluations:shortlist-detail", args=[others_shortlist.pk])).content.decode()

    assert "Owner: Mo Owner" in page
    assert _links(page, others_shortlist) == {
        "rename": False,
        "delete": False,
        "add": False,
        "remove": False,
        "note": True,
    }
    assert "Only its owner and administrators can change who is on this shortlist." in page


@pytest.mark.parametrize("who", ["owner", "admin"])
def test_shortlist_dashboard_owner_and_admin_get_every_action(client, admin_user, others_shortlist, who):
    client.force_login(others_shortlist.owner if who == "owner" else admin_user)

    page = client.get(reverse("evaluations:shortlist-detail", args=[others_shortlist.pk])).content.decode()

    assert "Owner: Mo Owner" in page
    assert set(_links(page, others_shortlist).values()) == {True}


def test_shortlist_list_offers_rename_and_delete_on_own_shortlists_only(
    client, manager, shortlist, others_shortlist
):
    client.force_login(manager)

    page = client.get(reverse("evaluations:shortlist-list")).content.decode()

    assert "Owner: Mo Owner" in page
    assert _links(page, shortlist)["rename"] and _links(page, shortlist)["delete"]
    assert not _links(page, others_shortlist)["rename"] and not _links(page, others_shortlist)["delete"]


def _picker(page: str) -> list[str]:
    """The shortlists offered by the candidate list's "Add to shortlist…" select."""
    select = re.search(r'<select name="shortlist".*?</select>', page, re.DOTALL)
    assert select is not None
    return re.findall(r'<option value="(\d+)">', select[0])


def test_shortlist_picker_in_candidate_list_offers_only_shortlists_the_user_may_change(
    client, manager, admin_user, shortlist, others_shortlist
):
    client.force_login(manager)
    assert _picker(client.get(reverse("evaluations:candidate-list")).content.decode()) == [str(shortlist.pk)]

    client.force_login(admin_user)
    offered = _picker(client.get(reverse("evaluations:candidate-list")).content.decode())
    assert sorted(offered) == sorted([str(shortlist.pk), str(others_shortlist.pk)])


def test_shortlist_picker_on_candidate_page_offers_only_own_shortlists(
    client, manager, shortlist, others_shortlist, trio
):
    client.force_login(manager)

    page = client.get(reverse("evaluations:candidate-detail", args=[trio[1].pk])).content.decode()

    assert f'<option value="{shortlist.pk}">' in page
    assert f'<option value="{others_shortlist.pk}">' not in page


def test_shortlist_owner_moved_out_of_managers_may_no_longer_change_it(client, shortlist, trio):
    owner = shortlist.owner
    owner.groups.clear()
    owner.groups.add(Group.objects.get(name=roles.RECRUITERS))
    client.force_login(owner)

    response = client.post(reverse("evaluations:shortlist-edit", args=[shortlist.pk]), {"name": "Mine"})

    assert response.status_code == 403


def test_roles_may_change_shortlist_owner_and_admin_only(manager, admin_user, recruiter, others_shortlist):
    assert roles.may_change_shortlist(others_shortlist.owner, others_shortlist)
    assert roles.may_change_shortlist(admin_user, others_shortlist)
    assert not roles.may_change_shortlist(manager, others_shortlist)
    assert not roles.may_change_shortlist(recruiter, others_shortlist)
    assert not roles.may_change_shortlist(AnonymousUser(), others_shortlist)


# --- ids out of every range: refused by the form, never a 500 -----------------------------------

OUT_OF_RANGE = [str(2**63), str(2**64), str(10**30), "-1", "0", "1e5", "-9223372036854775809"]


@pytest.mark.parametrize("value", OUT_OF_RANGE)
def test_shortlist_forms_id_out_of_range_is_refused_without_error(client, manager, shortlist, trio, value):
    services.shortlist_add(shortlist=shortlist, candidates=trio[:1])
    client.force_login(manager)
    pk = [shortlist.pk]
    before = (_entries(shortlist), list(ShortlistEntry.objects.values_list("note", flat=True)))
    requests = [
        (reverse("evaluations:shortlist-add", args=pk), {"candidates": [value]}),
        (reverse("evaluations:shortlist-add", args=pk), {"candidates": [trio[1].pk, value]}),
        (reverse("evaluations:shortlist-add-from-list"), {"candidates": [value], "new_name": "Big"}),
        (reverse("evaluations:shortlist-add-from-list"), {"candidates": [trio[1].pk], "shortlist": value}),
        (reverse("evaluations:shortlist-remove", args=pk), {"candidate": value}),
        (reverse("evaluations:shortlist-note", args=pk), {"candidate": value, "note": "n"}),
        (reverse("evaluations:shortlist-create"), {"name": "Big", "position": value}),
        (reverse("evaluations:shortlist-edit", args=pk), {"name": "Big", "position": value}),
    ]
    for url, data in requests:
        response = client.post(url, data)
        assert response.status_code in (200, 302), (url, data)
        assert Shortlist.objects.count() == 1, (url, data)
    shortlist.refresh_from_db()
    assert shortlist.name == "Round one"
    assert (_entries(shortlist), list(ShortlistEntry.objects.values_list("note", flat=True))) == before


def test_shortlist_forms_id_with_spaces_is_read(client, manager, shortlist, trio):
    client.force_login(manager)

    client.post(
        reverse("evaluations:shortlist-add", args=[shortlist.pk]), {"candidates": [f" {trio[0].pk} "]}
    )
    client.post(
        reverse("evaluations:shortlist-note", args=[shortlist.pk]),
        {"candidate": f" {trio[0].pk} ", "note": "ok"},
    )

    assert [(e.candidate_id, e.note) for e in shortlist.entries.all()] == [(trio[0].pk, "ok")]
