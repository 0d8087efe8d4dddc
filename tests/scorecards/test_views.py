"""Tests of the pages through the test client, against the contract of DESIGN.md."""

from __future__ import annotations

import re

import pytest
from django.utils.html import escape

from evaluations.rubric.models import Quality
from evaluations.scorecards.models import Score, Scorecard
from evaluations.scoring import QUALITY_CODES
from tests.factories import ScorecardFactory
from tests.helpers import rubric_post, scorecard_url

pytestmark = pytest.mark.django_db

CODES = list(QUALITY_CODES)


def _checked(html: str, name: str, value: str) -> bool:
    return re.search(rf'<input[^>]*name="{name}"[^>]*value="{value}"[^>]*checked', html) is not None


def _assert_input_echoed(html: str, data: dict[str, str]) -> None:
    for code in CODES:
        assert data[f"{code}_evidence"] in html, code
        if data[code] in {"1", "2", "3", "4", "5"}:
            assert _checked(html, code, data[code]), code
    assert data["notes"] in html


# --- the rubric page -------------------------------------------------------------------------


def test_scorecard_get_shows_eleven_qualities_in_order_with_empathy_first(client_for, recruiter, candidate):
    response = client_for(recruiter).get(scorecard_url(candidate))
    html = response.content.decode()
    assert response.status_code == 200
    positions = [html.index(f'id="quality-{code}"') for code in CODES]
    assert positions == sorted(positions)
    assert re.search(r'class="card quality-card mb-3 quality-empathy[^"]*" id="quality-empathy"', html)
    # Only the empathy card carries the class that marks it.
    assert html.count(" quality-empathy") == 1
    assert "Weighted highest · ×3" in html


def test_scorecard_get_shows_anchors_and_four_empathy_prompts(client_for, recruiter, candidate):
    html = client_for(recruiter).get(scorecard_url(candidate)).content.decode()
    for quality in Quality.objects.all():
        for n in (1, 3, 5):
            assert escape(getattr(quality, f"anchor_{n}_en")) in html, (quality.code, n)
    prompts = Quality.objects.get(code="empathy").prompts_en.splitlines()
    assert len(prompts) == 4
    for prompt in prompts:
        assert escape(prompt) in html


def test_scorecard_get_new_shows_zero_of_eleven_scored(client_for, recruiter, candidate):
    html = client_for(recruiter).get(scorecard_url(candidate)).content.decode()
    assert '<span class="js-scored-count">0</span> of 11 scored' in html


def test_scorecard_post_save_then_get_keeps_values(client_for, recruiter, candidate):
    client = client_for(recruiter)
    data = rubric_post(action="save", recommendation="", adaptability="", curiosity="")
    response = client.post(scorecard_url(candidate), data)
    assert response.status_code == 302
    assert response["Location"] == scorecard_url(candidate)
    card = Scorecard.objects.get(candidate=candidate, interviewer=recruiter)
    assert (card.status, card.version) == ("draft", 1)

    html = client.get(scorecard_url(candidate)).content.decode()
    # Eleven qualities, two left "not assessed".
    assert '<span class="js-scored-count">9</span> of 11 scored' in html
    _assert_input_echoed(html, data)
    assert _checked(html, "adaptability", "")
    assert 'name="version" value="1"' in html


def test_scorecard_post_submit_complete_redirects_and_submits(client_for, recruiter, candidate):
    response = client_for(recruiter).post(scorecard_url(candidate), rubric_post())
    assert response.status_code == 302
    assert response["Location"] == f"/candidates/{candidate.pk}/"
    card = Scorecard.objects.get(candidate=candidate, interviewer=recruiter)
    assert card.status == Scorecard.Status.SUBMITTED
    assert card.submitted_at is not None
    assert card.recommendation == "yes"
    assert dict(card.scores.values_list("quality__code", "value")) == dict.fromkeys(CODES, 4)


def test_scorecard_post_after_submit_409_and_nothing_changed(client_for, recruiter, candidate):
    client = client_for(recruiter)
    client.post(scorecard_url(candidate), rubric_post())
    card = Scorecard.objects.get()
    before = (card.version, card.updated_at, list(card.scores.values_list("value", "evidence")))

    response = client.post(scorecard_url(candidate), rubric_post(empathy="1", action="save", version="1"))
    assert response.status_code == 409
    assert "already submitted" in response.content.decode()
    assert response.context["read_only"] is True
    card.refresh_from_db()
    assert (card.version, card.updated_at, list(card.scores.values_list("value", "evidence"))) == before


def test_scorecard_get_after_submit_read_only(client_for, recruiter, candidate):
    client = client_for(recruiter)
    client.post(scorecard_url(candidate), rubric_post())
    response = client.get(scorecard_url(candidate))
    assert response.status_code == 200
    html = response.content.decode()
    assert "read-only" in html
    assert 'name="action" value="submit"' not in html


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"empathy": "7"}, escape("Choose a score from 1 to 5, or “not assessed”.")),
        ({"teamwork": "abc"}, escape("Choose a score from 1 to 5, or “not assessed”.")),
        ({"recommendation": ""}, "Choose an overall recommendation before submitting."),
        ({"empathy": ""}, "Empathy must be scored before submitting"),
        ({"bogus": "3"}, "This form has no field named bogus: nothing was saved."),
    ],
    ids=["score-7", "score-abc", "no-recommendation", "no-empathy", "forged-code"],
)
def test_scorecard_post_invalid_400_with_errors_and_input_kept(
    client_for, recruiter, candidate, overrides, message
):
    data = rubric_post(**overrides)
    response = client_for(recruiter).post(scorecard_url(candidate), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert 'id="form-errors"' in html
    _assert_input_echoed(html, data)
    assert not Scorecard.objects.exists()
    assert not Score.objects.exists()


def test_scorecard_post_invalid_on_draft_leaves_draft_unchanged(client_for, recruiter, candidate):
    client = client_for(recruiter)
    client.post(scorecard_url(candidate), rubric_post(action="save", empathy="2"))
    response = client.post(scorecard_url(candidate), rubric_post(empathy="7", version="1"))
    assert response.status_code == 400
    card = Scorecard.objects.get()
    assert (card.status, card.version) == ("draft", 1)
    assert card.scores.get(quality__code="empathy").value == 2


def test_scorecard_post_stale_version_409_with_message_and_input_kept(client_for, recruiter, candidate):
    client = client_for(recruiter)
    client.post(scorecard_url(candidate), rubric_post(action="save", empathy="2"))
    # Another tab still holds version 0 and tries to save its own input.
    data = rubric_post(action="save", empathy="5", empathy_evidence="Typed in the old tab")
    response = client.post(scorecard_url(candidate), data)
    html = response.content.decode()
    assert response.status_code == 409
    assert "saved from another tab or device" in html
    _assert_input_echoed(html, data)
    # The page now carries the current version, so saving again deliberately overwrites.
    assert 'name="version" value="1"' in html
    card = Scorecard.objects.get()
    assert card.version == 1
    assert card.scores.get(quality__code="empathy").value == 2


def test_scorecard_post_stale_then_resave_overwrites(client_for, recruiter, candidate):
    client = client_for(recruiter)
    client.post(scorecard_url(candidate), rubric_post(action="save", empathy="2"))
    client.post(scorecard_url(candidate), rubric_post(action="save", empathy="5"))
    response = client.post(scorecard_url(candidate), rubric_post(action="save", empathy="5", version="1"))
    assert response.status_code == 302
    assert Scorecard.objects.get().scores.get(quality__code="empathy").value == 5


def test_scorecard_autosave_returns_json_with_new_version(client_for, recruiter, candidate):
    client = client_for(recruiter)
    first = client.post(scorecard_url(candidate), rubric_post(action="save", autosave="1"))
    assert first.status_code == 200
    assert first.json()["status"] == "saved"
    assert first.json()["version"] == 1
    second = client.post(scorecard_url(candidate), rubric_post(action="save", autosave="1", version="1"))
    assert second.json()["version"] == 2
    assert Scorecard.objects.get().status == Scorecard.Status.DRAFT


def test_scorecard_autosave_stale_returns_json_conflict(client_for, recruiter, candidate):
    client = client_for(recruiter)
    client.post(scorecard_url(candidate), rubric_post(action="save", autosave="1"))
    response = client.post(scorecard_url(candidate), rubric_post(action="save", autosave="1", version="0"))
    assert response.status_code == 409
    assert response.json()["status"] == "conflict"
    assert response.json()["version"] == 1


def test_scorecard_autosave_invalid_returns_json_errors(client_for, recruiter, candidate):
    response = client_for(recruiter).post(
        scorecard_url(candidate), rubric_post(action="save", autosave="1", empathy="7")
    )
    assert response.status_code == 400
    assert response.json()["status"] == "invalid"
    assert "empathy" in response.json()["errors"]
    assert not Scorecard.objects.exists()


# --- what a rubric POST must carry (DESIGN.md: 400 when incomplete, 409 when stale) --------------


@pytest.fixture
def full_draft(client_for, recruiter, candidate):
    """A draft with every quality scored, eleven evidence notes and notes, at version 1."""
    client = client_for(recruiter)
    assert client.post(scorecard_url(candidate), rubric_post(action="save")).status_code == 302
    card = Scorecard.objects.get()
    return client, card


def _draft_intact(card: Scorecard) -> None:
    card.refresh_from_db()
    assert (card.status, card.version, card.notes) == ("draft", 1, "Second interview next week")
    scores = {s.quality.code: (s.value, s.evidence) for s in card.scores.select_related("quality")}
    assert scores == {code: (4, f"Evidence note {i} about {code}") for i, code in enumerate(CODES)}


@pytest.mark.parametrize(
    "body",
    [
        {"empathy": "5", "version": "1", "action": "save"},
        {"empathy": "5", "version": "1", "action": "save", "autosave": "1"},
        {"version": "1", "action": "save"},
        {},
    ],
    ids=["empathy-only", "empathy-only-autosave", "version-only", "empty"],
)
def test_scorecard_post_partial_400_names_missing_and_draft_intact(full_draft, candidate, body):
    client, card = full_draft
    response = client.post(scorecard_url(candidate), body)
    assert response.status_code == 400
    text = response.content.decode()
    for name in ("adaptability", "teamwork_evidence", "notes", "recommendation"):
        assert name in text
    _draft_intact(card)


def test_scorecard_post_without_version_400_even_when_complete(full_draft, candidate):
    client, card = full_draft
    data = rubric_post(action="save", empathy="1", notes="Overwritten")
    del data["version"]
    response = client.post(scorecard_url(candidate), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Missing: version." in html
    _assert_input_echoed(html, data)  # the typed input comes back
    _draft_intact(card)


def test_scorecard_post_missing_field_with_stale_version_is_400_not_409(full_draft, candidate):
    client, card = full_draft
    data = rubric_post(action="save", version="0")
    del data["notes"]
    response = client.post(scorecard_url(candidate), data)
    assert response.status_code == 400
    assert "Missing: notes." in response.content.decode()
    _draft_intact(card)


def test_scorecard_post_missing_one_evidence_keeps_the_other_ten_typed(full_draft, candidate):
    client, card = full_draft
    data = rubric_post(action="save", version="1")
    del data["analysis_evidence"]
    response = client.post(scorecard_url(candidate), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Missing: analysis_evidence." in html
    for index, code in enumerate(CODES):
        if code != "analysis":
            assert f"Evidence note {index} about {code}" in html
    _draft_intact(card)


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/json", '{"empathy": "1", "version": "1", "action": "save"}'),
        ("text/plain", "empathy=1&version=1&action=save"),
        ("multipart/form-data; boundary=xyz", "--xyz\r\nContent-Disposition: form-data; name=empathy"),
        ("multipart/form-data", "empathy=1"),
    ],
    ids=["json", "text-plain", "broken-multipart", "multipart-no-boundary"],
)
def test_scorecard_post_other_bodies_400_and_draft_intact(full_draft, candidate, content_type, body):
    client, card = full_draft
    response = client.post(scorecard_url(candidate), body, content_type=content_type)
    assert response.status_code == 400
    _draft_intact(card)


def test_scorecard_post_autosave_missing_fields_json_lists_them(full_draft, candidate):
    client, card = full_draft
    data = rubric_post(action="save", autosave="1", version="1")
    del data["teamwork"]
    del data["version"]
    response = client.post(scorecard_url(candidate), data)
    assert response.status_code == 400
    assert response.json()["status"] == "invalid"
    assert response.json()["missing"] == ["teamwork", "version"]
    _draft_intact(card)


def _browser_submission(html: str) -> dict[str, list[str]]:
    """What a browser sends from the rubric form untouched: text fields and the checked radios."""
    form = re.search(r'<form[^>]*id="rubric-form".*?</form>', html, re.S)[0]
    sent: dict[str, list[str]] = {}
    for tag in re.findall(r"<input[^>]*>", form):
        name = re.search(r'name="([^"]*)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name is None or ('type="radio"' in tag and " checked" not in tag):
            continue
        sent.setdefault(name[1], []).append(value[1] if value else "")
    for name in re.findall(r'<textarea[^>]*name="([^"]*)"', form):
        sent.setdefault(name, []).append("")
    return sent


@pytest.mark.parametrize("existing", [False, True], ids=["new", "draft-without-recommendation"])
def test_scorecard_form_as_rendered_carries_every_field_once(client_for, recruiter, candidate, existing):
    client = client_for(recruiter)
    if existing:
        client.post(scorecard_url(candidate), rubric_post(action="save", recommendation=""))
    sent = _browser_submission(client.get(scorecard_url(candidate)).content.decode())
    expected = {*CODES, *(f"{c}_evidence" for c in CODES), "recommendation", "notes", "version"}
    assert expected <= set(sent)
    assert all(len(sent[name]) == 1 for name in expected)
    assert sent["recommendation"] == [""]  # the empty choice, rendered and checked


def test_scorecard_first_draft_saved_before_recommendation_is_accepted(client_for, recruiter, candidate):
    response = client_for(recruiter).post(
        scorecard_url(candidate), rubric_post(action="save", recommendation="")
    )
    assert response.status_code == 302
    assert Scorecard.objects.get().recommendation == ""


# --- reopening -------------------------------------------------------------------------------


@pytest.fixture
def submitted_card(candidate, other_recruiter) -> Scorecard:
    return ScorecardFactory(candidate=candidate, interviewer=other_recruiter, values=dict.fromkeys(CODES, 3))


def test_scorecard_reopen_manager_with_reason_makes_draft(client_for, manager, submitted_card, candidate):
    response = client_for(manager).post(f"/scorecards/{submitted_card.pk}/reopen/", {"reason": "Typo"})
    assert response.status_code == 302
    assert response["Location"] == f"/candidates/{candidate.pk}/"
    submitted_card.refresh_from_db()
    assert submitted_card.status == Scorecard.Status.DRAFT
    assert submitted_card.events.get(kind="reopened").reason == "Typo"


def test_scorecard_reopen_recruiter_forbidden(client_for, recruiter, submitted_card):
    response = client_for(recruiter).post(f"/scorecards/{submitted_card.pk}/reopen/", {"reason": "Mine"})
    assert response.status_code == 403
    submitted_card.refresh_from_db()
    assert submitted_card.status == Scorecard.Status.SUBMITTED


def test_scorecard_reopen_without_reason_refused_with_message(client_for, manager, submitted_card):
    client = client_for(manager)
    response = client.post(f"/scorecards/{submitted_card.pk}/reopen/", {"reason": ""})
    assert response.status_code == 302
    assert response["Location"] == f"/scorecards/{submitted_card.pk}/"
    submitted_card.refresh_from_db()
    assert submitted_card.status == Scorecard.Status.SUBMITTED
    assert "Say why the scorecard is reopened." in client.get(response["Location"]).content.decode()


def test_scorecard_reopen_get_not_allowed(client_for, manager, submitted_card):
    assert client_for(manager).get(f"/scorecards/{submitted_card.pk}/reopen/").status_code == 405


def test_scorecard_reopened_author_can_edit_again(client_for, manager, other_recruiter, submitted_card):
    client_for(manager).post(f"/scorecards/{submitted_card.pk}/reopen/", {"reason": "Typo"})
    client = client_for(other_recruiter)
    url = scorecard_url(submitted_card.candidate)
    response = client.post(url, rubric_post(empathy="5", version=str(submitted_card.version + 1)))
    assert response.status_code == 302
    submitted_card.refresh_from_db()
    assert submitted_card.status == Scorecard.Status.SUBMITTED
    assert submitted_card.scores.get(quality__code="empathy").value == 5


# --- scorecard detail ------------------------------------------------------------------------


def test_scorecard_detail_manager_sees_it(client_for, manager, submitted_card):
    response = client_for(manager).get(f"/scorecards/{submitted_card.pk}/")
    assert response.status_code == 200
    assert "Reopen this scorecard" in response.content.decode()


def test_scorecard_detail_recruiter_without_own_submit_404(client_for, recruiter, submitted_card, candidate):
    client = client_for(recruiter)
    assert client.get(f"/scorecards/{submitted_card.pk}/").status_code == 404
    client.post(scorecard_url(candidate), rubric_post(action="save"))
    assert client.get(f"/scorecards/{submitted_card.pk}/").status_code == 404


def test_scorecard_detail_recruiter_after_own_submit_sees_it(
    client_for, recruiter, submitted_card, candidate
):
    client = client_for(recruiter)
    client.post(scorecard_url(candidate), rubric_post())
    response = client.get(f"/scorecards/{submitted_card.pk}/")
    assert response.status_code == 200
    assert "Reopen this scorecard" not in response.content.decode()


def test_scorecard_detail_author_redirected_to_own_form(
    client_for, other_recruiter, submitted_card, candidate
):
    response = client_for(other_recruiter).get(f"/scorecards/{submitted_card.pk}/")
    assert response.status_code == 302
    assert response["Location"] == scorecard_url(candidate)


def test_scorecard_detail_draft_hidden_even_from_manager(client_for, manager, candidate, other_recruiter):
    draft = ScorecardFactory(
        candidate=candidate, interviewer=other_recruiter, status="draft", recommendation=""
    )
    assert client_for(manager).get(f"/scorecards/{draft.pk}/").status_code == 404


def test_scorecard_detail_unknown_pk_404(client_for, manager):
    assert client_for(manager).get("/scorecards/999999/").status_code == 404
