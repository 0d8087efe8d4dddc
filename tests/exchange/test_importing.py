"""Reading import files, the preview of each row, the upload kept between preview and confirm,
and the service that writes: all with files the tests write themselves."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.test.utils import CaptureQueriesContext

from evaluations.candidates.models import Candidate, Position
from evaluations.exchange import importing, services
from evaluations.exchange.importing import Action, ImportFileError
from tests.factories import CandidateFactory, PositionFactory
from tests.helpers import HEADER, csv_bytes, many_rows, xlsx_bytes

pytestmark = pytest.mark.django_db


def parse(data: bytes, name: str = "candidates.csv") -> importing.ParsedFile:
    return importing.read_file(name=name, data=data)


def preview_of(rows, **kwargs) -> importing.Preview:
    return importing.preview(parse(csv_bytes(rows, **kwargs)))


def refused(data: bytes, name: str = "candidates.csv") -> str:
    with pytest.raises(ImportFileError) as caught:
        parse(data, name)
    return caught.value.message


@pytest.fixture
def cm(db) -> Position:
    return PositionFactory(title="Community manager", location="Paris")


# --- reading: dialects --------------------------------------------------------------------------


def test_read_csv_utf8_with_bom_and_semicolons_keeps_accents(cm):
    data = csv_bytes(
        [
            HEADER,
            [
                "Zoé Écrivain-Müller",
                "zoe@example.fr",
                "Community manager",
                "",
                "",
                "",
                "Très motivée; déjà modératrice",
            ],
        ],
        delimiter=";",
        bom=True,
    )
    assert data.startswith(b"\xef\xbb\xbf")
    parsed = parse(data)
    assert parsed.columns == HEADER
    assert parsed.rows[0].cells["name"] == "Zoé Écrivain-Müller"
    assert parsed.rows[0].cells["notes"] == "Très motivée; déjà modératrice"
    assert parsed.rows[0].number == 2


def test_read_csv_comma_without_bom_header_in_any_case_and_order():
    parsed = parse(b'Email, NAME ,Notes\r\nann@example.org,Ann,"a, b"\r\n')
    assert parsed.columns == ("email", "name", "notes")
    assert dict(parsed.rows[0].cells) == {"email": "ann@example.org", "name": "Ann", "notes": "a, b"}


def test_read_csv_multiline_cell_and_blank_rows_skipped():
    parsed = parse(b'name,email,notes\n\nAnn,ann@example.org,"line 1\nline 2"\n,,\n')
    assert len(parsed.rows) == 1
    assert parsed.rows[0].cells["notes"] == "line 1\nline 2"


def test_read_xlsx_written_by_openpyxl_keeps_accents_and_numbers_as_text():
    data = xlsx_bytes(
        [HEADER, ["Émile Zoëga", "emile@example.fr", "Community manager", 612345678, "Salon", None, None]]
    )
    parsed = parse(data, "export.xlsx")
    cells = parsed.rows[0].cells
    assert cells["name"] == "Émile Zoëga"
    assert cells["phone"] == "612345678"
    assert cells["link"] == ""


def test_read_xlsx_formula_cell_gives_its_text_never_a_computed_value():
    formula = '=HYPERLINK("https://evil.example/steal","Portfolio")'
    data = xlsx_bytes([HEADER, ["Ann", "ann@example.org", "Community manager", "=1+1", "", "", formula]])
    cells = parse(data, "export.xlsx").rows[0].cells
    assert cells["notes"] == formula
    assert cells["phone"] == "=1+1"


def test_read_xlsx_recognised_by_content_whatever_its_name():
    data = xlsx_bytes([HEADER, ["Ann", "ann@example.org"]])
    assert parse(data, "upload").rows[0].cells["email"] == "ann@example.org"


# --- reading: files refused as a whole ----------------------------------------------------------


def test_read_refuses_empty_file():
    assert "empty" in refused(b"")


def test_read_refuses_file_over_5_mb():
    data = csv_bytes([HEADER]) + b"x" * (6 * 1024 * 1024)
    assert "5 MB" in refused(data)


def test_read_refuses_5001_rows_and_takes_5000(cm):
    assert len(parse(csv_bytes([HEADER, *many_rows(5000)])).rows) == 5000
    message = refused(csv_bytes([HEADER, *many_rows(5001)]))
    assert "more than 5,000 rows" in message


def test_read_refuses_binary_file_named_csv():
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 20
    assert "binary" in refused(png, "candidates.csv")


def test_read_refuses_workbook_named_csv():
    data = xlsx_bytes([HEADER, ["Ann", "ann@example.org"]])
    assert "binary" in refused(data, "candidates.csv")


def test_read_refuses_text_that_is_not_utf8():
    data = "name,email\nZoé,zoe@example.org\n".encode("latin-1")
    assert "UTF-8" in refused(data)


def test_read_refuses_utf16_text():
    assert "binary" in refused("name,email\nAnn,ann@example.org\n".encode("utf-16"))


@pytest.mark.parametrize(
    "data",
    [b"PK\x03\x04 not really a zip", b"\x00\x01\x02garbage" * 50],
    ids=["broken-zip", "random-bytes"],
)
def test_read_refuses_what_is_not_a_workbook_named_xlsx(data):
    assert "Excel workbook" in refused(data, "candidates.xlsx")


def test_read_refuses_zip_that_is_not_a_workbook():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hello")
    assert "Excel workbook" in refused(buffer.getvalue(), "candidates.xlsx")


def test_read_refuses_workbook_that_unpacks_too_far(monkeypatch):
    monkeypatch.setattr(importing, "MAX_UNZIPPED_BYTES", 1000)
    data = xlsx_bytes([HEADER, ["Ann", "ann@example.org"]])
    assert "unpacks" in refused(data, "candidates.xlsx")


def test_read_refuses_file_without_required_columns():
    message = refused(b"full name,mail\nAnn,ann@example.org\n")
    assert "Missing: name, email" in message


def test_read_refuses_header_only():
    assert "no candidate" in refused(b"name,email\n")


def test_read_refuses_duplicate_column():
    assert "appears twice" in refused(b"name,email,email\nAnn,a@example.org,b@example.org\n")


def test_read_refuses_broken_quotes_naming_the_row():
    assert "Row 3" in refused(b'name,email\nAnn,ann@example.org\n"Bob,bob@example.org\n')


def test_read_ignores_unknown_columns_and_says_so():
    parsed = parse(b"name,email,salary\nAnn,ann@example.org,100\n")
    assert parsed.ignored_columns == ("salary",)
    assert "salary" not in parsed.rows[0].cells


def test_read_names_at_most_twenty_ignored_columns():
    header = ",".join(["name", "email", *(f"extra{n}" for n in range(1000))])
    parsed = parse(f"{header}\nAnn,ann@example.org\n".encode())
    assert parsed.ignored_columns == tuple(f"extra{n}" for n in range(20))


def test_parsed_file_round_trips_through_json():
    parsed = parse(csv_bytes([HEADER, ["Zoé", "zoe@example.org", "Community manager", "", "", "", "=1+1"]]))
    assert importing.ParsedFile.from_json(parsed.to_json()) == parsed


# --- the preview --------------------------------------------------------------------------------


def test_preview_new_candidate_is_created_with_text_word_for_word(cm):
    formula = '=HYPERLINK("https://evil.example","x")'
    preview = preview_of(
        [HEADER, ["@Zoé +Durand", "zoe@example.org", "community MANAGER", "+33 6", "", "", formula]]
    )
    row = preview.rows[0]
    assert row.action == Action.CREATE
    assert row.values == {
        "name": "@Zoé +Durand",
        "phone": "+33 6",
        "notes": formula,
        "position": cm,
    }


def test_preview_duplicate_emails_in_one_file_are_errors_on_every_row(cm):
    preview = preview_of(
        [
            HEADER,
            ["Ann", "ann@example.org", "Community manager"],
            ["Bob", "bob@example.org", "Community manager"],
            ["Ann again", "ANN@Example.org", "Community manager"],
        ]
    )
    assert [row.action for row in preview.rows] == [Action.ERROR, Action.CREATE, Action.ERROR]
    assert "rows 2, 4" in preview.rows[0].errors[0]


def test_preview_unknown_position_is_an_error_not_a_new_position(cm):
    preview = preview_of([HEADER, ["Ann", "ann@example.org", "Growth hacker"]])
    assert preview.rows[0].action == Action.ERROR
    assert "no position titled “Growth hacker”" in preview.rows[0].errors[0]
    assert Position.objects.count() == 1


def test_preview_ambiguous_title_is_an_error_and_the_listed_label_resolves_it(cm):
    lyon = PositionFactory(title="Community manager", location="Lyon")
    preview = preview_of(
        [
            HEADER,
            ["Ann", "ann@example.org", "Community manager"],
            ["Bob", "bob@example.org", "community manager — lyon"],
        ]
    )
    assert preview.rows[0].action == Action.ERROR
    assert "Several positions" in preview.rows[0].errors[0]
    assert preview.rows[1].values["position"] == lyon


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ({"email": "not-an-email"}, "Email: Enter a valid email address."),
        ({"email": ""}, "The email is required"),
        ({"name": "x" * 201}, "Name: Ensure this value has at most 200 characters (it has 201)."),
        ({"phone": "1" * 41}, "Phone: Ensure this value has at most 40 characters (it has 41)."),
        ({"source": "s" * 121}, "Source: Ensure this value has at most 120 characters"),
        ({"link": "not a url"}, "Portfolio or cv link: Enter a valid URL."),
        ({"email": "a" * 250 + "@example.org"}, "Email:"),
        ({"name": ""}, "A new candidate needs a name."),
        ({"position": ""}, "A new candidate needs a position"),
    ],
)
def test_preview_invalid_cells_are_errors_in_words(cm, cells, expected):
    values = {"name": "Ann", "email": "ann@example.org", "position": "Community manager", **cells}
    preview = preview_of([HEADER, [values.get(column, "") for column in HEADER]])
    assert preview.rows[0].action == Action.ERROR
    assert any(expected in error for error in preview.rows[0].errors), preview.rows[0].errors


def test_preview_link_without_scheme_follows_the_candidate_form(cm):
    preview = preview_of(
        [HEADER, ["Ann", "ann@example.org", "Community manager", "", "", "ann.example.org", ""]]
    )
    assert preview.rows[0].values["link"] == "https://ann.example.org"


def test_preview_text_past_the_header_is_an_error(cm):
    preview = importing.preview(parse(b"name,email,position\nAnn,ann@example.org,Community manager,extra\n"))
    assert preview.rows[0].action == Action.ERROR


def test_preview_without_position_column_only_updates(cm):
    CandidateFactory(email="ann@example.org", name="Ann", position=cm)
    preview = importing.preview(parse(b"name,email\nAnn B,ann@example.org\nBob,bob@example.org\n"))
    assert [row.action for row in preview.rows] == [Action.UPDATE, Action.ERROR]


def test_preview_update_same_email_any_case_empty_cell_leaves_field(cm):
    other = PositionFactory(title="Social media lead", location="")
    ann = CandidateFactory(
        email="Ann@Example.org", name="Ann", phone="0102", source="Referral", position=cm, notes="Kind"
    )
    preview = preview_of([HEADER, ["", "ann@EXAMPLE.ORG", "Social media lead", "", "Job board", "", "  "]])
    row = preview.rows[0]
    assert row.action == Action.UPDATE
    assert row.candidate == ann
    assert row.values == {"position": other, "source": "Job board"}
    assert [(c.field, c.old, c.new) for c in row.changes] == [
        ("source", "Referral", "Job board"),
        ("position", "Community manager — Paris", "Social media lead"),
    ]


def test_preview_row_equal_to_stored_candidate_is_unchanged(cm):
    CandidateFactory(email="ann@example.org", name="Ann", phone="0102", position=cm)
    preview = preview_of([HEADER, ["Ann", "ANN@example.org", "Community manager", "0102", "", "", ""]])
    assert preview.rows[0].action == Action.UNCHANGED
    assert preview.rows[0].changes == ()


def test_preview_queries_are_constant_in_the_number_of_rows(cm):
    def count(size: int) -> int:
        CandidateFactory.create_batch(size // 2, position=cm)
        existing = list(Candidate.objects.values_list("email", flat=True))
        rows = [[f"N{n}", email, "Community manager", "01", "", "", ""] for n, email in enumerate(existing)]
        rows += many_rows(size, domain=f"size{size}.org")
        rows.append(["Bad", "bad", "Nowhere", "", "", "", ""])
        parsed = parse(csv_bytes([HEADER, *rows]))
        with CaptureQueriesContext(connection) as captured:
            preview = importing.preview(parsed)
        assert {Action.CREATE, Action.UPDATE, Action.ERROR} <= {row.action for row in preview.rows}
        return len(captured)

    small, large = count(10), count(300)
    assert small == large == 2


def test_preview_digest_changes_when_the_stored_data_changes(cm):
    ann = CandidateFactory(email="ann@example.org", name="Ann", phone="0102", position=cm)
    parsed = parse(csv_bytes([HEADER, ["Ann", "ann@example.org", "", "0607", "", "", ""]]))
    before = importing.preview(parsed).digest
    assert importing.preview(parsed).digest == before
    Candidate.objects.filter(pk=ann.pk).update(phone="0999")
    assert importing.preview(parsed).digest != before


# --- between preview and confirm ------------------------------------------------------------------


def test_pending_upload_is_kept_on_the_server_for_its_user_and_token(recruiter, other_recruiter):
    parsed = parse(b"name,email\nAnn,ann@example.org\n")
    session = SessionStore()
    token = importing.pending_save(session, parsed=parsed, digest="d1", user_id=recruiter.pk)
    assert "ann@example.org" not in str(dict(session))  # the rows are not in the user's session
    loaded = importing.pending_load(session, token=token, user_id=recruiter.pk)
    assert loaded == importing.Pending(parsed=parsed, digest="d1")
    assert importing.pending_load(session, token="forged", user_id=recruiter.pk) is None
    assert importing.pending_load(session, token=token, user_id=other_recruiter.pk) is None
    importing.pending_set_digest(session, "d2")
    assert importing.pending_load(session, token=token, user_id=recruiter.pk).digest == "d2"
    store_key = session[importing.PENDING_KEY]["store"]
    importing.pending_clear(session)
    assert importing.pending_load(session, token=token, user_id=recruiter.pk) is None
    assert not SessionStore().exists(store_key)


def test_pending_upload_replaced_by_a_newer_one(recruiter):
    session = SessionStore()
    first = importing.pending_save(
        session, parsed=parse(b"name,email\nA,a@example.org\n"), digest="1", user_id=1
    )
    second = importing.pending_save(
        session, parsed=parse(b"name,email\nB,b@example.org\n"), digest="2", user_id=1
    )
    assert importing.pending_load(session, token=first, user_id=1) is None
    assert importing.pending_load(session, token=second, user_id=1).parsed.rows[0].cells["name"] == "B"


# --- the service that writes ----------------------------------------------------------------------


def test_import_writes_valid_rows_and_leaves_out_errors(cm):
    ann = CandidateFactory(email="ann@example.org", name="Ann", phone="0102", source="Referral", position=cm)
    formula = '=HYPERLINK("https://evil.example","x")'
    parsed = parse(
        csv_bytes(
            [
                HEADER,
                ["", "ANN@example.org", "", "", "Job board", "", ""],
                ["Zoé Durand", "zoe@example.org", "Community manager", "", "", "", formula],
                ["Bad", "bad", "Community manager", "", "", "", ""],
            ],
            delimiter=";",
            bom=True,
        )
    )
    result = services.candidate_import(parsed=parsed, expected_digest=importing.preview(parsed).digest)
    assert result == services.ImportResult(created=1, updated=1, unchanged=0, errors=1)
    ann.refresh_from_db()
    assert (ann.email, ann.name, ann.phone, ann.source) == ("ann@example.org", "Ann", "0102", "Job board")
    zoe = Candidate.objects.get(email="zoe@example.org")
    assert (zoe.name, zoe.notes, zoe.position, zoe.status) == ("Zoé Durand", formula, cm, "applied")
    assert Candidate.objects.count() == 2


def test_import_refuses_when_the_data_changed_since_the_preview(cm):
    parsed = parse(csv_bytes([HEADER, ["Ann", "ann@example.org", "Community manager"]]))
    digest = importing.preview(parsed).digest
    CandidateFactory(email="Ann@example.org", name="Ann (typed by hand)", position=cm)
    with pytest.raises(services.ImportChanged) as caught:
        services.candidate_import(parsed=parsed, expected_digest=digest)
    assert caught.value.preview.rows[0].action == Action.UPDATE
    assert Candidate.objects.get().name == "Ann (typed by hand)"


def test_import_is_one_transaction(cm, monkeypatch):
    ann = CandidateFactory(email="ann@example.org", name="Ann", position=cm)
    parsed = parse(
        csv_bytes([HEADER, ["Zoé", "zoe@example.org", "Community manager"], ["Ann B", "ann@example.org"]])
    )

    def failing_update(*args, **kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(Candidate.objects, "bulk_update", failing_update)
    with pytest.raises(RuntimeError):
        services.candidate_import(parsed=parsed)
    assert list(Candidate.objects.all()) == [ann]
    assert Candidate.objects.get().name == "Ann"


def test_import_an_email_taken_meanwhile_changes_nothing(cm, monkeypatch):
    parsed = parse(
        csv_bytes(
            [
                HEADER,
                ["Zoé", "zoe@example.org", "Community manager"],
                ["Bob", "bob@example.org", "Community manager"],
            ]
        )
    )
    real_preview = importing.preview

    def preview_then_someone_adds_zoe(parsed, **kwargs):
        result = real_preview(parsed, **kwargs)
        Candidate.objects.create(email="ZOE@example.org", name="Zoé", position=cm)
        return result

    monkeypatch.setattr(importing, "preview", preview_then_someone_adds_zoe)
    with pytest.raises(services.ImportChanged):
        services.candidate_import(parsed=parsed)
    assert not Candidate.objects.filter(email="bob@example.org").exists()


def test_import_update_sets_updated_at(cm):
    ann = CandidateFactory(email="ann@example.org", name="Ann", position=cm)
    before = ann.updated_at
    services.candidate_import(parsed=parse(b"name,email\nAnn B,ann@example.org\n"))
    ann.refresh_from_db()
    assert ann.name == "Ann B"
    assert ann.updated_at > before
