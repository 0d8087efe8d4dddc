"""The import page, /candidates/import/: who may use it, upload → preview → confirm, files refused
with a message, data that changed between preview and confirm, constant queries, and a fuzz."""

from __future__ import annotations

import html
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evaluations.candidates.models import Candidate, Position
from evaluations.exchange import importing
from tests.factories import CandidateFactory, PositionFactory, UserFactory
from tests.helpers import HEADER, csv_bytes, many_rows, xlsx_bytes

pytestmark = pytest.mark.django_db

URL = "/candidates/import/"
FR = {"HTTP_ACCEPT_LANGUAGE": "fr"}


@pytest.fixture
def cm(db) -> Position:
    return PositionFactory(title="Community manager", location="Paris")


def upload(client: Any, data: bytes, name: str = "candidates.csv", **extra: Any) -> Any:
    return client.post(URL, {"file": SimpleUploadedFile(name, data)}, **extra)


def confirm(client: Any, response: Any, action: str = "confirm") -> Any:
    token = response.context["confirm_form"]["token"].value()
    return client.post(URL, {"token": token, "action": action})


def texts(response: Any) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- who may import -------------------------------------------------------------------------------


def test_import_anonymous_goes_to_login(client):
    for method in ("get", "post"):
        response = getattr(client, method)(URL)
        assert response.status_code == 302
        assert response["Location"] == f"/accounts/login/?next={URL}"


@pytest.mark.parametrize("who", ["recruiter", "manager", "admin_user"])
def test_import_recruiters_managers_and_admins_may_open_it(client_for, request, who):
    client = client_for(request.getfixturevalue(who))
    response = client.get(URL)
    assert response.status_code == 200
    assert b'for="id_file"' in response.content  # the file input has its label
    assert b'enctype="multipart/form-data"' in response.content


def test_import_user_without_role_is_refused(client_for):
    client = client_for(UserFactory(username="nobody"))
    assert client.get(URL).status_code == 403
    assert client.post(URL).status_code == 403


def test_import_linked_from_candidate_list(client_for, recruiter):
    response = client_for(recruiter).get(reverse("evaluations:candidate-list"))
    assert f'href="{URL}"'.encode() in response.content


def test_import_not_linked_for_user_without_role(client_for):
    response = client_for(UserFactory(username="nobody")).get(reverse("evaluations:candidate-list"))
    assert f'href="{URL}"'.encode() not in response.content


# --- upload, preview, confirm -----------------------------------------------------------------------


def test_import_preview_writes_nothing_then_confirm_writes_every_valid_row(client_for, recruiter, cm):
    ann = CandidateFactory(email="ann@example.org", name="Ann", phone="0102", position=cm)
    client = client_for(recruiter)
    data = csv_bytes(
        [
            HEADER,
            ["", "ANN@example.org", "", "", "Job board", "", ""],
            ["Zoé Durand", "zoe@example.org", "Community manager", "", "", "", "=1+1"],
            ["Bad", "not-an-email", "Community manager", "", "", "", ""],
        ],
        delimiter=";",
        bom=True,
    )
    response = upload(client, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Zoé Durand" in page
    assert "Email: Enter a valid email address." in page
    assert "Job board" in page
    assert response.context["counts"] == {"create": 1, "update": 1, "unchanged": 0, "error": 1}
    assert Candidate.objects.count() == 1
    assert "zoe@example.org" not in str(dict(client.session))  # rows are kept outside the session

    done = confirm(client, response)
    assert done.status_code == 302
    assert done["Location"] == reverse("evaluations:candidate-list")
    assert "Import done: 1 created, 1 updated, 0 unchanged, 1 row(s) with errors left out." in texts(done)
    ann.refresh_from_db()
    assert (ann.phone, ann.source) == ("0102", "Job board")
    assert Candidate.objects.get(email="zoe@example.org").notes == "=1+1"
    assert importing.PENDING_KEY not in client.session

    again = confirm(client, response)
    assert again.status_code == 302
    assert "no longer available" in texts(again)[-1]
    assert Candidate.objects.count() == 2


def test_import_xlsx_upload_with_formula_cell(client_for, manager, cm):
    client = client_for(manager)
    formula = '=HYPERLINK("https://evil.example","Portfolio")'
    response = upload(
        client,
        xlsx_bytes([HEADER, ["Émile", "emile@example.org", "Community manager", "", "", "", formula]]),
        "x.xlsx",
    )
    assert response.status_code == 200
    confirm(client, response)
    assert Candidate.objects.get().notes == formula


def test_import_cancel_writes_nothing(client_for, recruiter, cm):
    client = client_for(recruiter)
    response = upload(client, csv_bytes([HEADER, ["Ann", "ann@example.org", "Community manager"]]))
    cancelled = confirm(client, response, action="cancel")
    assert cancelled.status_code == 302
    assert texts(cancelled) == ["Import cancelled: nothing was written."]
    assert not Candidate.objects.exists()
    assert confirm(client, response).status_code == 302
    assert not Candidate.objects.exists()


def test_import_forged_token_writes_nothing(client_for, recruiter, cm):
    client = client_for(recruiter)
    upload(client, csv_bytes([HEADER, ["Ann", "ann@example.org", "Community manager"]]))
    response = client.post(URL, {"token": "forged", "action": "confirm", "rows": "evil"})
    assert response.status_code == 302
    assert not Candidate.objects.exists()


def test_import_token_of_another_user_writes_nothing(client, recruiter, other_recruiter, cm):
    client.force_login(recruiter)
    response = upload(client, csv_bytes([HEADER, ["Ann", "ann@example.org", "Community manager"]]))
    token = response.context["confirm_form"]["token"].value()
    client.force_login(other_recruiter)
    assert client.post(URL, {"token": token, "action": "confirm"}).status_code == 302
    assert not Candidate.objects.exists()


def test_import_newer_upload_replaces_the_preview(client_for, recruiter, cm):
    client = client_for(recruiter)
    first = upload(client, csv_bytes([HEADER, ["Ann", "ann@example.org", "Community manager"]]))
    upload(client, csv_bytes([HEADER, ["Bob", "bob@example.org", "Community manager"]]))
    assert confirm(client, first).status_code == 302
    assert not Candidate.objects.exists()


def test_import_data_changed_between_preview_and_confirm_is_shown_again(client_for, recruiter, cm):
    client = client_for(recruiter)
    response = upload(client, csv_bytes([HEADER, ["Ann", "ann@example.org", "Community manager", "0607"]]))
    CandidateFactory(email="Ann@Example.org", name="Ann Martin", phone="0102", position=cm)

    changed = confirm(client, response)
    assert changed.status_code == 409
    assert "The candidates changed since you saw the preview" in changed.content.decode()
    assert changed.context["counts"]["update"] == 1
    assert Candidate.objects.get().phone == "0102"

    done = confirm(client, changed)
    assert done.status_code == 302
    candidate = Candidate.objects.get()
    assert (candidate.name, candidate.phone, candidate.email) == ("Ann", "0607", "Ann@Example.org")


def test_import_nothing_to_write_offers_no_confirm_button(client_for, recruiter, cm):
    CandidateFactory(email="ann@example.org", name="Ann", position=cm)
    response = upload(
        client_for(recruiter), csv_bytes([HEADER, ["Ann", "ann@example.org", "Community manager"]])
    )
    assert response.context["counts"]["unchanged"] == 1
    assert b'value="confirm"' not in response.content
    assert b"Nothing to import" in response.content


# --- files refused with a message, never a 500 ---------------------------------------------------

REFUSED = {
    "empty": (b"", "candidates.csv", "The file is empty."),
    "6 MB": (csv_bytes([HEADER]) + b"x" * (6 * 1024 * 1024), "candidates.csv", "the limit is 5 MB"),
    "5,001 rows": (csv_bytes([HEADER, *many_rows(5001)]), "candidates.csv", "more than 5,000 rows"),
    "binary .csv": (b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)) * 10, "candidates.csv", "binary data"),
    "no required column": (b"nom,courriel\nAnn,a@example.org\n", "candidates.csv", "Missing: name, email"),
    "not a workbook": (b"PK\x03\x04nonsense", "candidates.xlsx", "cannot be read as an Excel workbook"),
    "latin-1": ("name,email\nZoé,z@example.org\n".encode("latin-1"), "c.csv", "not UTF-8"),
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_import_refused_files_answer_the_form_with_a_message(client_for, recruiter, case):
    data, name, message = REFUSED[case]
    response = upload(client_for(recruiter), data, name)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["file"])
    assert importing.PENDING_KEY not in response.wsgi_request.session


def test_import_without_file_asks_for_one(client_for, recruiter):
    response = client_for(recruiter).post(URL, {})
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == ["Choose a file to import."]


def test_import_page_in_french(client_for, recruiter, cm):
    client = client_for(recruiter)
    page = client.get(URL, **FR).content.decode()
    assert "Importer des candidats" in page
    response = upload(client, csv_bytes([HEADER, ["Ann", "bad", "Inconnu"]]), **FR)
    page = html.unescape(response.content.decode())
    assert "Aperçu de l'import" in page
    assert "Aucun poste ne s'intitule «\u00a0Inconnu\u00a0»" in page


# --- constant queries ---------------------------------------------------------------------------


def test_import_preview_page_queries_constant_in_row_count(client_for, recruiter, cm):
    client = client_for(recruiter)

    def count(size: int) -> int:
        existing = CandidateFactory.create_batch(size // 4, position=cm)
        rows = [[c.name + " B", c.email.upper(), "", "", "", "", ""] for c in existing]
        rows += [*many_rows(size, domain=f"s{size}.org"), ["x", "bad", "", "", "", "", ""]]
        data = csv_bytes([HEADER, *rows])
        upload(client, data)  # each measured upload then replaces a kept one, as the second does
        with CaptureQueriesContext(connection) as captured:
            response = upload(client, data)
        assert response.status_code == 200
        return len(captured)

    assert count(10) == count(400)


# --- fuzz: never a 500 --------------------------------------------------------------------------

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
SENDABLE = st.characters(exclude_categories=("Cs",))
cell = st.one_of(
    st.text(SENDABLE, max_size=30),
    st.sampled_from(["", " ", "Community manager", "community MANAGER — paris", "=1+1", "@x", "é" * 300]),
    st.emails(),
    st.sampled_from(["ann@example.org", "ANN@example.org", "not-an-email", "x" * 300 + "@example.org"]),
)
header = st.lists(
    st.one_of(st.sampled_from(HEADER), st.text(SENDABLE, max_size=10)), min_size=0, max_size=9
).map(lambda columns: ["name", "email", *columns])


@pytest.fixture
def ann(cm) -> Candidate:
    return CandidateFactory(email="ann@example.org", name="Ann", position=cm)


@contextmanager
def rolled_back() -> Iterator[None]:
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


@FUZZ
@given(
    content=st.one_of(st.binary(max_size=2000), st.text(SENDABLE, max_size=500).map(str.encode)),
    name=st.sampled_from(["c.csv", "c.xlsx", "c.txt", "c", "c.xls", "../../etc/passwd", "x" * 300 + ".csv"]),
)
def test_fuzz_import_upload_of_any_bytes_never_fails(client, recruiter, cm, content, name) -> None:
    client.force_login(recruiter)
    with rolled_back():
        response = upload(client, content, name)
        assert response.status_code == 200
        assert Candidate.objects.count() == 0


@FUZZ
@given(
    columns=header,
    rows=st.lists(st.lists(cell, max_size=10), min_size=1, max_size=8),
    delimiter=st.sampled_from([",", ";"]),
    as_xlsx=st.booleans(),
    action=st.sampled_from(["confirm", "cancel", "", "other"]),
    forge=st.one_of(st.none(), st.text(SENDABLE, max_size=80)),
)
def test_fuzz_import_preview_and_confirm_never_fail(
    client, recruiter, ann, columns, rows, delimiter, as_xlsx, action, forge
) -> None:
    client.force_login(recruiter)
    if as_xlsx:
        # XML cannot hold control characters: openpyxl refuses to write them.
        clean = [[c for c in row if not any(ord(ch) < 32 for ch in c)] for row in [columns, *rows]]
        data, name = xlsx_bytes(clean, formulas_as_text=True), "c.xlsx"
    else:
        data, name = csv_bytes([columns, *rows], delimiter=delimiter), "c.csv"
    with rolled_back():
        response = upload(client, data, name)
        assert response.status_code == 200
        if response.context.get("preview") is None:
            return
        token = response.context["confirm_form"]["token"].value() if forge is None else forge
        answer = client.post(URL, {"token": token, "action": action})
        assert answer.status_code in (302, 409)
        for candidate in Candidate.objects.select_related("position"):
            candidate.full_clean()
