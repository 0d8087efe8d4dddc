"""``manage.py import_candidates FILE [--dry-run]``: prints the preview, writes unless --dry-run."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from evaluations.candidates.models import Candidate
from tests.factories import CandidateFactory, PositionFactory
from tests.helpers import HEADER, csv_bytes, many_rows, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def cm(db):
    return PositionFactory(title="Community manager", location="Paris")


@pytest.fixture
def sample(tmp_path, cm):
    CandidateFactory(email="ann@example.org", name="Ann", phone="0102", position=cm)
    path = tmp_path / "candidates.csv"
    path.write_bytes(
        csv_bytes(
            [
                HEADER,
                ["", "ANN@example.org", "", "0607", "", "", ""],
                ["Zoé Durand", "zoe@example.org", "Community manager", "", "", "", '=HYPERLINK("x")'],
                ["Carl", "carl@example.org", "Astronaut", "", "", "", ""],
            ],
            delimiter=";",
            bom=True,
        )
    )
    return path


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("import_candidates", *args, stdout=out)
    return out.getvalue()


def test_command_dry_run_prints_the_preview_and_writes_nothing(sample):
    output = run(str(sample), "--dry-run")
    assert "row     2  update     ann@example.org  (Ann)" in output
    assert "Phone: 0102 → 0607" in output
    assert "row     3  create     zoe@example.org  (Zoé Durand)" in output
    assert "row     4  error      carl@example.org" in output
    assert "There is no position titled “Astronaut”" in output
    assert "1 to create, 1 to update, 0 unchanged, 1 with errors" in output
    assert "Dry run: nothing was written." in output
    assert Candidate.objects.count() == 1
    assert Candidate.objects.get().phone == "0102"


def test_command_writes_every_valid_row(sample):
    output = run(str(sample))
    assert "Written: 1 created, 1 updated (0 unchanged, 1 row(s) with errors left out)." in output
    assert Candidate.objects.get(email="ann@example.org").phone == "0607"
    assert Candidate.objects.get(email="zoe@example.org").notes == '=HYPERLINK("x")'
    assert not Candidate.objects.filter(email="carl@example.org").exists()
    # Run again: everything is as the file says.
    assert "0 to create, 0 to update, 2 unchanged, 1 with errors" in run(str(sample))


def test_command_reads_xlsx(tmp_path, cm):
    path = tmp_path / "candidates.xlsx"
    path.write_bytes(xlsx_bytes([HEADER, ["Émile", "emile@example.org", "Community manager", "=1+1"]]))
    run(str(path))
    assert Candidate.objects.get().phone == "=1+1"


def test_command_refuses_file_over_the_row_limit(tmp_path, cm):
    path = tmp_path / "big.csv"
    path.write_bytes(csv_bytes([HEADER, *many_rows(5001)]))
    with pytest.raises(CommandError, match="more than 5,000 rows"):
        run(str(path))
    assert not Candidate.objects.exists()


def test_command_refuses_missing_file(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        run(str(tmp_path / "nowhere.csv"))


def test_command_refuses_binary_file_named_csv(tmp_path):
    path = tmp_path / "candidates.csv"
    path.write_bytes(b"\x00\x01\x02" * 100)
    with pytest.raises(CommandError, match="binary"):
        run(str(path))


def test_command_refuses_file_over_5_mb(tmp_path):
    path = tmp_path / "huge.csv"
    path.write_bytes(b"name,email\n" + b"x" * (6 * 1024 * 1024))
    with pytest.raises(CommandError, match="the limit is 5 MB"):
        run(str(path))


def test_command_nothing_to_write(tmp_path, cm):
    path = tmp_path / "bad.csv"
    path.write_bytes(b"name,email,position\nBob,bad,Community manager\n")
    assert "Nothing to write" in run(str(path))
