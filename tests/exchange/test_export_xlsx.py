"""The dashboard as an Excel workbook (``/shortlists/<pk>/export.xlsx``), read back with openpyxl.

Same scenario as the CSV (tests/test_export.py): the CSV's rows and columns, numbers stored as
numbers with the same rounding, text word for word, never a formula.
"""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from evaluations.decisions import selectors
from evaluations.decisions import services as decision_services
from evaluations.interviews import services as interview_services
from evaluations.rubric.models import Quality
from evaluations.scoring import QUALITY_CODES
from evaluations.shortlists import services as shortlist_services
from tests.exchange.test_export import EXPECTED, HOSTILE_TEXTS, scenario  # noqa: F401 (the fixture)
from tests.factories import CandidateFactory, ManagerFactory, PositionFactory, ScorecardFactory
from tests.shortlists.test_dashboard import SUBMITTED_EVIDENCE

pytestmark = pytest.mark.django_db

CSV_COLUMNS = 7 + len(QUALITY_CODES) + 4 + 1
EXTRA = ["Latest decision", "Decided by", "Decided at", "Reason", "Thin evidence"]


def _workbook(client, user, shortlist, **headers):
    client.force_login(user)
    response = client.get(reverse("evaluations:shortlist-export-xlsx", args=[shortlist.pk]), **headers)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == f'attachment; filename="shortlist-{shortlist.pk}.xlsx"'
    return load_workbook(io.BytesIO(response.content))


def _rows(sheet):
    """The table: the rows down to the first empty one (the note under it is apart)."""
    rows = []
    for row in sheet.iter_rows(values_only=True):
        if all(value is None for value in row):
            break
        rows.append(list(row))
    return rows


def _as_csv_text(value) -> str:
    """A cell read back, written as the CSV writes it (the CSV's text is neutralised: compared apart)."""
    if value is None:
        return ""
    return str(value)


def test_xlsx_same_rows_and_columns_as_the_csv(client, scenario):  # noqa: F811
    book = _workbook(client, scenario["manager"], scenario["shortlist"])
    sheet = book["shortlist"]
    rows = _rows(sheet)
    expected = [line.split(",") for line in EXPECTED.decode().strip().split("\r\n")]
    # The CSV quotes Ana's position ("Social media lead, Lyon"): rejoin it.
    expected[3] = [*expected[3][:3], "Social media lead, Lyon", *expected[3][5:]]
    assert len(rows) == len(expected)
    for got, want in zip(rows[1:], expected[1:], strict=True):
        cells = got[:CSV_COLUMNS]
        # Numbers compare by value: 4.00 in the CSV is the number 4 with a 0.00 format here.
        for value, text in zip(cells, want, strict=True):
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                assert Decimal(str(value)) == Decimal(text), (got, want)
            else:
                assert _as_csv_text(value) == text, (got, want)


def test_xlsx_numbers_are_numbers_with_the_csv_rounding(client, scenario):  # noqa: F811
    sheet = _workbook(client, scenario["manager"], scenario["shortlist"])["shortlist"]
    ana = next(row for row in sheet.iter_rows(min_row=2) if row[1].value == "Ana Moreau")
    rank, _name, _email, _position, cards, weighted, coverage, empathy = (c for c in ana[:8])
    assert (rank.value, cards.value) == (3, 2) and rank.data_type == "n"
    # 56.25 → 56.3 half up, stored as the number 56.3 shown with one decimal.
    assert (weighted.value, weighted.data_type, weighted.number_format) == (56.3, "n", "0.0")
    assert (coverage.value, coverage.number_format) == (92, "0")
    assert (empathy.value, empathy.number_format) == (3, "0.00")
    analysis = ana[7 + QUALITY_CODES.index("analysis")]
    assert analysis.value is None  # not assessed: an empty cell, not 0


def test_xlsx_header_frozen_and_in_english(client, scenario):  # noqa: F811
    book = _workbook(client, scenario["manager"], scenario["shortlist"])
    sheet = book["shortlist"]
    header = _rows(sheet)[0]
    assert header[:8] == [
        "Rank",
        "Candidate",
        "Email",
        "Position",
        "Scorecards",
        "Weighted score",
        "Coverage (%)",
        "Empathy",
    ]
    assert header[CSV_COLUMNS - 5 : CSV_COLUMNS] == ["Strong no", "No", "Yes", "Strong yes", "Below the bar"]
    assert header[CSV_COLUMNS:] == EXTRA
    assert sheet.freeze_panes == "C2"
    assert book["debrief"].freeze_panes == "A2"
    assert sheet["A1"].font.b


def test_dashboard_links_to_the_workbook(client, scenario):  # noqa: F811
    client.force_login(scenario["manager"])
    url = reverse("evaluations:shortlist-detail", args=[scenario["shortlist"].pk])
    workbook = reverse("evaluations:shortlist-export-xlsx", args=[scenario["shortlist"].pk])

    english = client.get(url).content.decode()
    french = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert f'<a class="btn btn-outline-primary" href="{workbook}" download>Export Excel</a>' in english
    assert f'href="{workbook}" download>Exporter en Excel</a>' in french


def test_xlsx_header_in_french(client, scenario):  # noqa: F811
    book = _workbook(client, scenario["manager"], scenario["shortlist"], HTTP_ACCEPT_LANGUAGE="fr")
    header = _rows(book["shortlist"])[0]
    assert header[:3] == ["Rang", "Candidat", "E-mail"]
    assert header[7] == Quality.objects.get(code="empathy").name_fr == "Empathie"
    assert header[CSV_COLUMNS - 5 : CSV_COLUMNS] == [
        "Non catégorique",
        "Non",
        "Oui",
        "Oui sans réserve",
        "Sous le seuil",
    ]
    assert "Dernière décision" in header
    assert _rows(book["debrief"])[0] == ["Candidat", "Qualité", "Évaluateur", "Note", "Éléments observés"]


def test_xlsx_extra_columns_latest_decision_and_thin_evidence(client, scenario):  # noqa: F811
    manager = scenario["manager"]
    bruno = scenario["people"]["Bruno Petit"]
    decision_services.candidate_decide(candidate=bruno, actor=manager, decision="shortlisted", reason="first")
    decision_services.candidate_decide(
        candidate=bruno, actor=manager, decision="offer", reason="=Best on empathy"
    )
    rows = {row[1]: row for row in _rows(_workbook(client, manager, scenario["shortlist"])["shortlist"])[1:]}
    decision, by, at, reason, thin = rows["Bruno Petit"][CSV_COLUMNS:]
    assert (decision, by, reason, thin) == ("Offer", "Maya Lead", "=Best on empathy", False)
    assert at is not None
    # Zoé has no submitted scorecard: thin evidence, and no decision.
    assert rows["Zoé Vide"][CSV_COLUMNS:] == [None, None, None, None, True]


def test_xlsx_debrief_sheet_one_row_per_score_in_disagreement(client, scenario):  # noqa: F811
    rows = _rows(_workbook(client, scenario["manager"], scenario["shortlist"])["debrief"])
    # Rank order; per candidate the disputed qualities in rubric order; highest score first.
    assert rows[1:] == [
        ["Bruno Petit", "Adaptability", "Rita Roux", 5, None],
        ["Bruno Petit", "Adaptability", "Paul Blanc", 4, None],
        ["Bruno Petit", "Adaptability", "Sara Noir", 3, None],
        ["Chloé Durand", "Curiosity", "Rita Roux", 5, None],
        ["Chloé Durand", "Curiosity", "Sara Noir", 3, None],
        ["Ana Moreau", "Empathy", "Rita Roux", 4, SUBMITTED_EVIDENCE],
        ["Ana Moreau", "Empathy", "Paul Blanc", 2, None],
        ["Ana Moreau", "Problem solving", "Paul Blanc", 4, None],
        ["Ana Moreau", "Problem solving", "Rita Roux", 2, None],
    ]


def test_xlsx_formula_looking_text_stays_text_word_for_word(client, manager):
    shortlist = shortlist_services.shortlist_create(name="Hostile", owner=manager)
    for index, text in enumerate(HOSTILE_TEXTS):
        person = CandidateFactory(
            name=text, email=f"h{index}@example.com", position=PositionFactory(title=text)
        )
        ScorecardFactory(
            candidate=person,
            values={"empathy": 5, "teamwork": 1} if index == 0 else {"empathy": 3},
            values__evidence={"empathy": "=1+1", "teamwork": "@SUM(A1)"},
        )
        ScorecardFactory(candidate=person, values={"empathy": 3, "teamwork": 4})
        shortlist_services.shortlist_add(shortlist=shortlist, candidates=[person])
    book = _workbook(client, manager, shortlist)
    table = book["shortlist"].iter_rows(min_row=2, max_row=len(HOSTILE_TEXTS) + 1)
    cells = [row[1] for row in table]
    # Word for word: no leading ', and typed as text, never as a formula. (XML reads a lone
    # carriage return back as a line feed: the one change any XLSX writer makes to "\rx".)
    assert sorted(cell.value for cell in cells) == sorted(t.replace("\r", "\n") for t in HOSTILE_TEXTS)
    assert all(cell.data_type == "s" for cell in cells)
    positions = [row[3] for row in book["shortlist"].iter_rows(min_row=2, max_row=len(HOSTILE_TEXTS) + 1)]
    assert all(
        cell.data_type == "s" and cell.value == name.value
        for cell, name in zip(positions, cells, strict=True)
    )
    evidence = {
        row[4].value: row[4].data_type for row in book["debrief"].iter_rows(min_row=2) if row[4].value
    }
    assert evidence == {"=1+1": "s", "@SUM(A1)": "s"}


def test_xlsx_formula_text_is_not_a_formula_in_the_file(client, manager):
    shortlist = shortlist_services.shortlist_create(name="Hostile", owner=manager)
    person = CandidateFactory(name='=HYPERLINK("http://x","y")', email="x@example.com")
    shortlist_services.shortlist_add(shortlist=shortlist, candidates=[person])
    client.force_login(manager)
    response = client.get(reverse("evaluations:shortlist-export-xlsx", args=[shortlist.pk]))
    import zipfile

    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        xml = "".join(
            archive.read(name).decode() for name in archive.namelist() if name.startswith("xl/worksheets/")
        )
    assert "<f>" not in xml and "<f " not in xml


def test_xlsx_blind_panel_manager_gets_no_scores(client, scenario):  # noqa: F811
    panelist = ManagerFactory(username="pam", first_name="Pam", last_name="Panel")
    bruno = scenario["people"]["Bruno Petit"]
    interview_services.interview_schedule(
        candidate=bruno,
        actor=scenario["manager"],
        title="Final",
        starts_at=bruno.created_at,
        duration_minutes=45,
        location="",
        panel=[panelist],
    )
    book = _workbook(client, panelist, scenario["shortlist"])
    rows = {row[1]: row for row in _rows(book["shortlist"])[1:]}
    hidden = rows["Bruno Petit"]
    assert hidden[4] == 3  # the number of submitted scorecards stays visible
    assert hidden[5 : CSV_COLUMNS - 1] == [None, None, *[None] * len(QUALITY_CODES), 0, 0, 0, 0]
    assert hidden[CSV_COLUMNS - 1] is None  # no below-bar codes
    assert all(row[0] != "Bruno Petit" for row in _rows(book["debrief"])[1:])
    # Others stay as the CSV has them.
    assert rows["Ana Moreau"][5] == 56.3


def test_xlsx_recruiter_forbidden(client, scenario):  # noqa: F811
    client.force_login(scenario["users"]["rita"])
    response = client.get(reverse("evaluations:shortlist-export-xlsx", args=[scenario["shortlist"].pk]))
    assert response.status_code == 403


def test_xlsx_query_count_does_not_grow_with_candidates(client, manager, django_assert_max_num_queries):
    shortlist = shortlist_services.shortlist_create(name="Many", owner=manager)
    people = [CandidateFactory() for _ in range(6)]
    for person in people:
        ScorecardFactory(candidate=person, values={"empathy": 3})
        decision_services.candidate_decide(
            candidate=person, actor=manager, decision="shortlisted", reason="ok"
        )
    shortlist_services.shortlist_add(shortlist=shortlist, candidates=people)
    client.force_login(manager)
    url = reverse("evaluations:shortlist-export-xlsx", args=[shortlist.pk])
    with django_assert_max_num_queries(20) as small:
        client.get(url)
    more = [CandidateFactory() for _ in range(6)]
    for person in more:
        ScorecardFactory(candidate=person, values={"empathy": 4})
        decision_services.candidate_decide(candidate=person, actor=manager, decision="rejected", reason="no")
    shortlist_services.shortlist_add(shortlist=shortlist, candidates=more)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)
    assert selectors.latest_decisions([p.pk for p in people])


def test_xlsx_header_filters_the_table_and_a_note_says_which_weights_and_when(client, scenario):  # noqa: F811
    manager = scenario["manager"]
    manager.first_name, manager.last_name = "Maya", "Lenoir"
    manager.save()
    with time_machine.travel(datetime.datetime(2026, 12, 4, 8, 30, tzinfo=datetime.UTC), tick=False):
        sheet = _workbook(client, manager, scenario["shortlist"])["shortlist"]
    table = _rows(sheet)
    assert sheet.auto_filter.ref == f"A1:{get_column_letter(len(table[0]))}{len(table)}"
    note = sheet.cell(row=len(table) + 2, column=1).value
    assert note.startswith("Ranked with the weights Empathy 3, ")
    assert note.endswith("Exported on 4 Dec 2026, 09:30 by Maya Lenoir.")  # Paris time

    french = _workbook(client, manager, scenario["shortlist"], HTTP_ACCEPT_LANGUAGE="fr")["shortlist"]
    assert french.cell(row=len(table) + 2, column=1).value.startswith("Classés avec les poids Empathie 3, ")
