"""The comparison dashboard: ``selectors.dashboard`` and the page at ``/shortlists/<pk>/``.

One scenario, worked out by hand below, drives most tests. Default rubric: empathy weighs 3
with a bar at 3, the ten other qualities weigh 1; total weight 3 + 10 = 13.
Weighted score = 25 × (Σ w·mean / Σ w − 1) over the qualities that have a mean.
"""

from __future__ import annotations

import re
from fractions import Fraction
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from evaluations import scoring
from evaluations.rubric import selectors as rubric_selectors
from evaluations.scorecards.models import Scorecard
from evaluations.scoring import QUALITY_CODES, WeightChange
from evaluations.shortlists import selectors as shortlist_selectors
from evaluations.shortlists import services
from tests.factories import (
    CandidateFactory,
    ManagerFactory,
    PositionFactory,
    RecruiterFactory,
    ScorecardFactory,
)

pytestmark = pytest.mark.django_db

N = None  # not assessed
SUBMITTED_EVIDENCE = "Calmed a heated forum thread without taking sides"
DRAFT_EVIDENCE = "DRAFT-ONLY-NOTE never to be shown"

# Scores in rubric order: empathy, adaptability, creativity, communication, technical_knowledge,
# curiosity, organization, problem_solving, analysis, teamwork, proactivity.
#
# Ana Moreau — Rita and Paul.
#   means: empathy (4+2)/2 = 3, adaptability 4, creativity 3, communication (4+3)/2 = 3.5,
#   technical 3, curiosity (4+3)/2 = 3.5, organization 3, problem solving (2+4)/2 = 3,
#   analysis — (nobody), teamwork 4, proactivity 3.
#   Σ w·mean = 3×3 + (4+3+3.5+3+3.5+3+3+4+3) = 9 + 30 = 39 over Σ w = 13 − 1 = 12.
#   weighted = 25 × (39/12 − 1) = 25 × 2.25 = 56.25 → shown 56.3 (half up; a float's
#   banker's rounding would give 56.2). coverage 12/13 = 92.3 % → 92.
#   spreads: empathy 4−2 = 2 and problem solving 4−2 = 2 → two disagreements.
#   empathy mean 3 is not under the bar 3. recommendations: yes, no.
ANA = {
    "rita": ((4, 4, 3, 4, 3, 4, 3, 2, N, 4, 3), "yes"),
    "paul": ((2, 4, 3, 3, 3, 3, 3, 4, N, 4, 3), "no"),
}
# Bruno Petit — Rita, Paul and Sara; Paul did not assess communication.
#   means: empathy 4, adaptability (5+4+3)/3 = 4, creativity 4, communication (4+4)/2 = 4,
#   technical (3+3+4)/3 = 10/3 → 3.33, curiosity 5, organization 4, problem solving 4,
#   analysis 4, teamwork 4, proactivity (4+4+3)/3 = 11/3 → 3.67.
#   Σ w·mean = 3×4 + (4+4+4+10/3+5+4+4+4+4+11/3) = 12 + 40 = 52 over 13 → 4 → weighted 75.0.
#   coverage 13/13 = 100. spreads: adaptability 5−3 = 2 → disagreement.
#   recommendations: strong yes, yes, strong yes.
BRUNO = {
    "rita": ((4, 5, 4, 4, 3, 5, 4, 4, 4, 4, 4), "strong_yes"),
    "paul": ((4, 4, 4, N, 3, 5, 4, 4, 4, 4, 4), "yes"),
    "sara": ((4, 3, 4, 4, 4, 5, 4, 4, 4, 4, 3), "strong_yes"),
}
# Chloé Durand — Rita and Sara submitted; Dora's draft (all 1s, strong yes) must count nowhere.
#   means: empathy (3+2)/2 = 2.5 (under the bar 3), adaptability 4.5, creativity 5,
#   communication 4.5, technical 4, curiosity (5+3)/2 = 4, organization 4.5,
#   problem solving 4.5, analysis 4.5, teamwork 4.5, proactivity 4.5.
#   Σ w·mean = 3×2.5 + (4.5+5+4.5+4+4+4.5+4.5+4.5+4.5+4.5) = 7.5 + 44.5 = 52 → weighted 75.0,
#   a tie with Bruno, broken by the empathy mean: Bruno 4 > Chloé 2.5.
#   spreads: curiosity 5−3 = 2 → disagreement. recommendations: yes, strong no.
CHLOE = {
    "rita": ((3, 5, 5, 5, 4, 5, 4, 5, 4, 5, 5), "yes"),
    "sara": ((2, 4, 5, 4, 4, 3, 5, 4, 5, 4, 4), "strong_no"),
}
# Ranking: Bruno 75 (empathy 4), Chloé 75 (empathy 2.5), Ana 56.25.
RANKED = ["Bruno Petit", "Chloé Durand", "Ana Moreau"]


def _values(scores: tuple[int | None, ...]) -> dict[str, int | None]:
    return dict(zip(QUALITY_CODES, scores, strict=True))


def build_scenario() -> dict:
    """The shortlist above, its entries added in an order that is neither rank nor name order."""
    position = PositionFactory(title="Community manager", location="Paris")
    users = {
        "rita": RecruiterFactory(username="rita", first_name="Rita", last_name="Roux"),
        "paul": RecruiterFactory(username="paul", first_name="Paul", last_name="Blanc"),
        "sara": RecruiterFactory(username="sara", first_name="Sara", last_name="Noir"),
        "dora": RecruiterFactory(username="dora", first_name="Dora", last_name="Draftwright"),
    }
    people = {}
    for name, email, cards in (
        ("Ana Moreau", "ana@example.com", ANA),
        ("Bruno Petit", "bruno@example.com", BRUNO),
        ("Chloé Durand", "chloe@example.com", CHLOE),
    ):
        person = CandidateFactory(name=name, email=email, position=position)
        for who, (scores, recommendation) in cards.items():
            evidence = {"empathy": SUBMITTED_EVIDENCE} if (name, who) == ("Ana Moreau", "rita") else {}
            ScorecardFactory(
                candidate=person,
                interviewer=users[who],
                recommendation=recommendation,
                values=_values(scores),
                values__evidence=evidence,
            )
        people[name] = person
    ScorecardFactory(
        candidate=people["Chloé Durand"],
        interviewer=users["dora"],
        status=Scorecard.Status.DRAFT,
        recommendation="strong_yes",
        values=dict.fromkeys(QUALITY_CODES, 1),
        values__evidence=dict.fromkeys(QUALITY_CODES, DRAFT_EVIDENCE),
    )
    manager = ManagerFactory(username="maya", first_name="Maya", last_name="Lead")
    shortlist = services.shortlist_create(name="Final round", owner=manager, position=position)
    services.shortlist_add(
        shortlist=shortlist,
        candidates=[people["Chloé Durand"], people["Ana Moreau"], people["Bruno Petit"]],
    )
    return {"shortlist": shortlist, "manager": manager, "people": people, "users": users}


class DashboardTable(HTMLParser):
    """The dashboard table as data: candidate ids in column order, and per body row its cells.

    Each cell records its class and the text of the marked parts inside it (mean-value: the own
    text of a cell with data-s,
    weighted-score, adjusted, below-bar-flag, rec-*).
    """

    MARKS = ("mean-value", "weighted-score", "adjusted", "below-bar-flag", "rec-")

    def __init__(self, html: str) -> None:
        super().__init__()
        self.candidate_ids: list[int] = []
        self.rows: list[tuple[str, list[dict[str, str]]]] = []
        self._in_table = False
        self._in_body = False
        self._cell: dict[str, str] | None = None
        self._mark: str | None = None
        self._mark_depth = 0
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        classes = attributes.get("class") or ""
        if tag == "table" and "dashboard-table" in classes:
            self._in_table = True
        if not self._in_table:
            return
        if tag == "th" and "data-candidate" in attributes:
            self.candidate_ids.append(int(attributes["data-candidate"]))
        elif tag == "tbody":
            self._in_body = True
        elif tag == "tr" and self._in_body:
            self.rows.append((classes, []))
        elif tag == "td" and self._in_body:
            self._cell = {"class": classes}
            self._nested = 0
            if "data-s" in attributes:
                # A quality's mean: the cell's own text, beside what its inner elements say.
                self._cell["mean-value"] = ""
            self.rows[-1][1].append(self._cell)
        elif self._cell is not None:
            self._nested += 1
            if self._mark is not None:
                self._mark_depth += 1
            else:
                mark = next((c for c in classes.split() for m in self.MARKS if c.startswith(m)), None)
                if mark is not None:
                    self._mark, self._mark_depth = mark, 1
                    self._cell[mark] = ""

    def handle_endtag(self, tag: str) -> None:
        if not self._in_table:
            return
        if tag == "table":
            self._in_table = self._in_body = False
        elif tag == "td":
            if self._cell is not None and "mean-value" in self._cell:
                self._cell["mean-value"] = self._cell["mean-value"].strip()
            self._cell, self._mark = None, None
        elif self._cell is not None:
            self._nested -= 1
        if self._mark is not None and tag != "td":
            self._mark_depth -= 1
            if self._mark_depth == 0:
                self._cell[self._mark] = " ".join(self._cell[self._mark].split())
                self._mark = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None and self._mark is not None:
            self._cell[self._mark] += data
        elif self._cell is not None and self._nested == 0 and "mean-value" in self._cell:
            self._cell["mean-value"] += data

    def row(self, css_class: str) -> list[dict[str, str]]:
        return next(cells for classes, cells in self.rows if css_class in classes.split())

    def quality_rows(self) -> dict[str, list[dict[str, str]]]:
        rows = [cells for classes, cells in self.rows if "quality-row" in classes.split()]
        return dict(zip(QUALITY_CODES, rows, strict=True))

    def means(self) -> dict[str, list[str]]:
        return {
            code: [c.get("mean-value", "—") for c in cells] for code, cells in self.quality_rows().items()
        }


@pytest.fixture
def scenario():
    return build_scenario()


def _page(client, scenario, query: str = "", **headers) -> str:
    client.force_login(scenario["manager"])
    url = reverse("evaluations:shortlist-detail", args=[scenario["shortlist"].pk]) + query
    response = client.get(url, **headers)
    assert response.status_code == 200
    return response.content.decode()


# --- the selector -----------------------------------------------------------------------------


def test_dashboard_scenario_ranks_scores_and_coverage_match_hand_computation(scenario):
    data = shortlist_selectors.dashboard(shortlist_id=scenario["shortlist"].pk)

    assert [c.candidate.name for c in data.columns] == RANKED
    assert [c.result.rank for c in data.columns] == [1, 2, 3]
    assert [c.result.weighted_score for c in data.columns] == [75, 75, Fraction(225, 4)]
    assert [c.result.coverage for c in data.columns] == [1, 1, Fraction(12, 13)]
    assert [c.result.scorecard_count for c in data.columns] == [3, 2, 2]


def test_dashboard_scenario_means_match_hand_computation(scenario):
    data = shortlist_selectors.dashboard(shortlist_id=scenario["shortlist"].pk)
    bruno, chloe, ana = (c.result.means for c in data.columns)

    half = Fraction(1, 2)
    assert bruno == {
        **dict.fromkeys(QUALITY_CODES, Fraction(4)),
        "technical_knowledge": Fraction(10, 3),
        "curiosity": Fraction(5),
        "proactivity": Fraction(11, 3),
    }
    assert chloe == {
        **dict.fromkeys(QUALITY_CODES, 4 + half),
        "empathy": 2 + half,
        "creativity": Fraction(5),
        "technical_knowledge": Fraction(4),
        "curiosity": Fraction(4),
    }
    # Analysis nobody assessed: absent, not zero.
    assert ana == {
        "empathy": 3,
        "adaptability": 4,
        "creativity": 3,
        "communication": 3 + half,
        "technical_knowledge": 3,
        "curiosity": 3 + half,
        "organization": 3,
        "problem_solving": 3,
        "teamwork": 4,
        "proactivity": 3,
    }


def test_dashboard_scenario_flags_and_tallies_match_hand_computation(scenario):
    data = shortlist_selectors.dashboard(shortlist_id=scenario["shortlist"].pk)
    bruno, chloe, ana = (c.result for c in data.columns)

    assert (bruno.disagreements, chloe.disagreements, ana.disagreements) == (
        ("adaptability",),
        ("curiosity",),
        ("empathy", "problem_solving"),
    )
    assert (bruno.below_bar, chloe.below_bar, ana.below_bar) == ((), ("empathy",), ())
    assert bruno.recommendations == {"strong_no": 0, "no": 0, "yes": 1, "strong_yes": 2}
    # Dora's draft says strong yes: it must not be counted.
    assert chloe.recommendations == {"strong_no": 1, "no": 0, "yes": 1, "strong_yes": 0}
    assert ana.recommendations == {"strong_no": 0, "no": 1, "yes": 1, "strong_yes": 0}


def test_dashboard_best_in_row_is_the_highest_mean_of_each_row(scenario):
    data = shortlist_selectors.dashboard(shortlist_id=scenario["shortlist"].pk)

    # Row by row, max over Bruno / Chloé / Ana: the weighted score ties at 75 (both best);
    # empathy 4 / 2.5 / 3; curiosity 5 / 4 / 3.5; everything else Chloé's 4.5 or 5
    # (technical 10/3 / 4 / 3, analysis 4 / 4.5 / —).
    half = Fraction(9, 2)
    assert data.best == {
        "empathy": 4,
        "adaptability": half,
        "creativity": 5,
        "communication": half,
        "technical_knowledge": 4,
        "curiosity": 5,
        "organization": half,
        "problem_solving": half,
        "analysis": half,
        "teamwork": half,
        "proactivity": half,
        "weighted_score": 75,
    }


def test_dashboard_tied_top_fragility_lists_every_flipping_change(scenario):
    data = shortlist_selectors.dashboard(shortlist_id=scenario["shortlist"].pk)
    chloe = scenario["people"]["Chloé Durand"].pk

    # Bruno and Chloé both have Σ w·mean = 52 over 13. Empathy 3 → 2: Bruno (52 − 4)/12 = 4,
    # Chloé (52 − 2.5)/12 = 4.125: Chloé first. Empathy 3 → 4: Bruno 56/14 = 4 > Chloé 54.5/14.
    # Another quality 1 → 2 adds its mean over 14: Chloé wins wherever her mean beats Bruno's,
    # which is every quality but curiosity (4 < 5). 1 → 0 is not a valid weight, so not tried.
    assert data.fragility == (
        WeightChange("empathy", -1, chloe),
        *(WeightChange(code, 1, chloe) for code in QUALITY_CODES if code not in {"empathy", "curiosity"}),
    )


def test_dashboard_what_if_weights_rerank_without_touching_stored_weights(scenario):
    weights = {code: 2 if code == "empathy" else 1 for code in QUALITY_CODES}

    data = shortlist_selectors.dashboard(shortlist_id=scenario["shortlist"].pk, weights=weights)

    # Empathy at 2: Chloé (52 − 2.5)/12 = 4.125 → 25 × 3.125 = 78.125; Bruno (52 − 4)/12 = 4 → 75;
    # Ana (39 − 3)/11 = 36/11 → 25 × 25/11 = 625/11 ≈ 56.82.
    assert [c.candidate.name for c in data.columns] == ["Chloé Durand", "Bruno Petit", "Ana Moreau"]
    assert [c.result.weighted_score for c in data.columns] == [Fraction(625, 8), 75, Fraction(625, 11)]
    assert [q.weight for q in rubric_selectors.qualities() if q.code == "empathy"] == [3]


def test_dashboard_drafts_count_nowhere(scenario):
    data = shortlist_selectors.dashboard(shortlist_id=scenario["shortlist"].pk)
    chloe = data.columns[1]

    assert chloe.candidate.name == "Chloé Durand"
    assert [card["interviewer_name"] for card in chloe.scorecards] == ["Rita Roux", "Sara Noir"]
    assert DRAFT_EVIDENCE not in data.evidence.values()
    assert all(s.value != 1 for scores in chloe.scores_by_quality.values() for s in scores)


# --- the page ---------------------------------------------------------------------------------


def test_dashboard_page_columns_in_rank_order_with_rounded_values(client, scenario):
    html = _page(client, scenario)
    table = DashboardTable(html)
    people = scenario["people"]

    assert table.candidate_ids == [people[name].pk for name in RANKED]
    score_row = table.row("score-row")
    # 75 → "75.0"; 56.25 → "56.3" (half up); Ana's coverage 12/13 → 92.
    assert [c["weighted-score"] for c in score_row] == ["75.0", "75.0", "56.3"]
    assert "coverage 92 %" in html
    assert ["best" in c["class"].split() for c in score_row] == [True, True, False]
    assert "below-bar-flag" not in score_row[0]
    assert score_row[1]["below-bar-flag"] == "⚠ below the bar on Empathy"


def test_dashboard_page_means_rounded_half_up_with_flags(client, scenario):
    table = DashboardTable(_page(client, scenario))
    means = table.means()
    rows = table.quality_rows()

    assert means["empathy"] == ["4.00", "2.50", "3.00"]
    assert means["technical_knowledge"] == ["3.33", "4.00", "3.00"]  # 10/3
    assert means["proactivity"] == ["3.67", "4.50", "3.00"]  # 11/3
    assert means["analysis"] == ["4.00", "4.50", "—"]
    assert means["communication"] == ["4.00", "4.50", "3.50"]

    def flagged(code: str, flag: str) -> list[bool]:
        return [flag in cell["class"].split() for cell in rows[code]]

    assert flagged("empathy", "best") == [True, False, False]
    assert flagged("curiosity", "best") == [True, False, False]
    assert flagged("creativity", "best") == [False, True, False]
    assert flagged("empathy", "below-bar") == [False, True, False]
    assert flagged("empathy", "disagree") == [False, False, True]
    assert flagged("problem_solving", "disagree") == [False, False, True]
    assert flagged("adaptability", "disagree") == [True, False, False]
    assert flagged("curiosity", "disagree") == [False, True, False]
    assert flagged("teamwork", "disagree") == [False, False, False]


def test_dashboard_page_recommendation_tallies(client, scenario):
    table = DashboardTable(_page(client, scenario))
    cells = next(cells for _classes, cells in table.rows if any("rec-yes" in c for c in cells))

    def tally(cell: dict[str, str]) -> list[int]:
        # A recommendation nobody gave may be left out of the cell: it counts 0.
        return [int(re.search(r"\d+", cell.get(f"rec-{r}", "0"))[0]) for r in scoring.RECOMMENDATIONS]

    # strong no / no / yes / strong yes
    assert [tally(c) for c in cells] == [[0, 0, 1, 2], [1, 0, 1, 0], [0, 1, 1, 0]]


def test_dashboard_page_french_uses_comma_and_rounds_half_up(client, scenario):
    table = DashboardTable(_page(client, scenario, HTTP_ACCEPT_LANGUAGE="fr"))

    assert [c["weighted-score"] for c in table.row("score-row")] == ["75,0", "75,0", "56,3"]
    assert table.means()["technical_knowledge"] == ["3,33", "4,00", "3,00"]


def test_dashboard_page_what_if_reranks_as_computed(client, scenario):
    html = _page(client, scenario, "?w_empathy=2")
    table = DashboardTable(html)
    people = scenario["people"]

    # See test_dashboard_what_if_weights_rerank_without_touching_stored_weights:
    # 78.125 → 78.1, 75 → 75.0, 625/11 = 56.818… → 56.8.
    assert table.candidate_ids == [people[n].pk for n in ("Chloé Durand", "Bruno Petit", "Ana Moreau")]
    assert [c["weighted-score"] for c in table.row("score-row")] == ["78.1", "75.0", "56.8"]
    assert "What-if view" in html


def test_dashboard_page_invalid_what_if_shows_error_and_keeps_stored_weights(client, scenario):
    # Communication at 3 equals empathy's 3: refused.
    html = _page(client, scenario, "?w_communication=3")
    table = DashboardTable(html)

    assert "Empathy must weigh strictly more than every other quality" in html
    assert "(in conflict: Communication skills)" in html
    assert "What-if view" not in html
    assert table.candidate_ids == [scenario["people"][name].pk for name in RANKED]
    assert [c["weighted-score"] for c in table.row("score-row")] == ["75.0", "75.0", "56.3"]


def test_dashboard_page_fragile_top_shows_warning(client, scenario):
    html = _page(client, scenario)

    assert "Fragile ranking." in html
    # The first flipping change (see test_dashboard_tied_top_fragility_lists_every_flipping_change).
    assert "<li>Empathy −1 → Chloé Durand</li>" in html
    assert "<li>Curiosity +1" not in html


def test_dashboard_page_stable_top_shows_no_warning(client, manager):
    position = PositionFactory()
    strong = CandidateFactory(name="Steady Top", position=position)
    weak = CandidateFactory(name="Far Behind", position=position)
    ScorecardFactory(candidate=strong, values=dict.fromkeys(QUALITY_CODES, 5))
    ScorecardFactory(candidate=weak, values=dict.fromkeys(QUALITY_CODES, 2))
    shortlist = services.shortlist_create(name="Stable", owner=manager, candidates=[weak, strong])
    client.force_login(manager)

    html = client.get(reverse("evaluations:shortlist-detail", args=[shortlist.pk])).content.decode()

    # 5 on every quality is 100 and 2 on every quality is 25 under any weights: no change flips it.
    assert shortlist_selectors.dashboard(shortlist_id=shortlist.pk).fragility == ()
    assert DashboardTable(html).candidate_ids == [strong.pk, weak.pk]
    assert "Fragile ranking." not in html


def test_dashboard_page_drafts_never_shown(client, scenario):
    for query in ("", "?adjusted=1", "?w_empathy=2"):
        html = _page(client, scenario, query)

        assert DRAFT_EVIDENCE not in html
        assert "Draftwright" not in html
    assert SUBMITTED_EVIDENCE in html  # the debrief shows Ana's empathy disagreement


def test_dashboard_page_adjusted_shows_labelled_adjusted_means(client, manager):
    position = PositionFactory()
    lenient = RecruiterFactory(username="lena")
    harsh = RecruiterFactory(username="hugo")
    shared = CandidateFactory(name="Shared Candidate", position=position)
    solo = CandidateFactory(name="Solo Candidate", position=position)
    ScorecardFactory(candidate=shared, interviewer=lenient, values={"empathy": 5})
    ScorecardFactory(candidate=shared, interviewer=harsh, values={"empathy": 3})
    ScorecardFactory(candidate=solo, interviewer=lenient, values={"empathy": 4, "adaptability": 2})
    shortlist = services.shortlist_create(name="Adjusted", owner=manager, candidates=[solo, shared])
    client.force_login(manager)
    url = reverse("evaluations:shortlist-detail", args=[shortlist.pk])

    plain = DashboardTable(client.get(url).content.decode())
    html = client.get(url + "?adjusted=1").content.decode()
    table = DashboardTable(html)

    # Only (Shared, empathy) is scored by both: Lena 5 vs Hugo 3, so Lena's offset is +2, Hugo's −2.
    # Shared empathy: (5 − 2 + 3 + 2)/2 = 4. Solo: empathy 4 − 2 = 2, adaptability 2 − 2 = 0,
    # clamped to 1. Ranking stays unadjusted: Shared 25 × (4 − 1) = 75, Solo (3×4 + 2)/4 = 3.5 → 62.5.
    assert table.candidate_ids == [shared.pk, solo.pk]
    rows = table.quality_rows()
    assert [c.get("adjusted") for c in rows["empathy"]] == ["adj. 4.00", "adj. 2.00"]
    assert [c.get("adjusted") for c in rows["adaptability"]] == [None, "adj. 1.00"]
    assert table.means()["empathy"] == ["4.00", "4.00"]
    assert "leniency-adjusted means" in html
    assert [c["weighted-score"] for c in table.row("score-row")] == ["75.0", "62.5"]
    assert all("adjusted" not in cell for cells in plain.quality_rows().values() for cell in cells)


def test_dashboard_page_links_go_to_each_candidate_and_scorecard(client, scenario):
    html = _page(client, scenario)
    bruno = scenario["people"]["Bruno Petit"]
    cards = Scorecard.objects.filter(candidate=bruno).order_by("submitted_at", "pk")

    # Bruno's column links his page and his three submitted scorecards, in submission order.
    assert f'<a href="{reverse("evaluations:candidate-detail", args=[bruno.pk])}">Bruno Petit</a>' in html
    links = ", ".join(
        f'<a href="{reverse("evaluations:scorecard-detail", args=[card.pk])}">{name}</a>'
        for card, name in zip(cards, ["Rita Roux", "Paul Blanc", "Sara Noir"], strict=True)
    )
    assert links in html


def test_dashboard_page_names_and_evidence_are_escaped(client, manager):
    position = PositionFactory(title="Lead <i>community</i>")
    sneaky = RecruiterFactory(username="eve", first_name="<b>Eve</b>", last_name="O'Hara")
    other = RecruiterFactory(username="ned", first_name="Ned", last_name="Plain")
    person = CandidateFactory(name="Zed <script>alert(1)</script>", position=position)
    ScorecardFactory(
        candidate=person,
        interviewer=sneaky,
        values={"empathy": 5},
        values__evidence={"empathy": "<img src=x onerror=alert(2)>"},
    )
    ScorecardFactory(candidate=person, interviewer=other, values={"empathy": 2})
    shortlist = services.shortlist_create(name="Escapes", owner=manager, candidates=[person])
    client.force_login(manager)

    html = client.get(reverse("evaluations:shortlist-detail", args=[shortlist.pk])).content.decode()

    # Empathy 5 vs 2 is a disagreement, so the evidence reaches the debrief too.
    assert "<script>alert(1)" not in html
    assert "Zed &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>Eve</b>" not in html
    assert "&lt;b&gt;Eve&lt;/b&gt; O&#x27;Hara: 5" in html
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html
    assert "<i>community</i>" not in html
