"""The dashboard's chart data (``presenters._chart`` via ``#chart-data``): each quality's part of the
weighted score, worked out by hand on the scenario of tests/test_dashboard.py, under stored and
what-if weights, and nothing for a candidate the viewer is blind for."""

from __future__ import annotations

import itertools
import json
import math
import re
from html import unescape
from pathlib import Path

import pytest
from django.urls import reverse

from evaluations.scoring import QUALITY_CODES
from tests.factories import CandidateFactory, ScorecardFactory
from tests.scorecards.test_blind import blind, panel_manager  # noqa: F401 -- fixtures
from tests.shortlists.test_dashboard import RANKED, build_scenario

pytestmark = pytest.mark.django_db


@pytest.fixture
def scenario():
    return build_scenario()


def chart_data(html: str) -> dict:
    """The chart data, each candidate named as the script names them: from the table's head, whose
    columns come in the same order (the data does not repeat the names)."""
    found = re.search(r'<script id="chart-data" type="application/json">(.*?)</script>', html, re.S)
    assert found, "no #chart-data on the page"
    data = json.loads(found[1])
    heads = re.findall(r'<th scope="col" data-candidate="\d+">.*?<a href="[^"]*">([^<]*)</a>', html, re.S)
    assert len(heads) == len(data["candidates"])
    assert all("name" not in candidate for candidate in data["candidates"])
    named = [{"name": unescape(n), **c} for n, c in zip(heads, data["candidates"], strict=True)]
    return {**data, "candidates": named}


def page(client, scenario, query: str = "", **headers) -> str:
    client.force_login(scenario["manager"])
    url = reverse("evaluations:shortlist-detail", args=[scenario["shortlist"].pk]) + query
    response = client.get(url, **headers)
    assert response.status_code == 200
    return response.content.decode()


def scores_shown(html: str) -> list[str]:
    return re.findall(r'<span class="weighted-score">([^<]+)</span>', html)


def test_chart_data_parts_by_hand_add_up_to_the_scores_shown(client, scenario):
    html = page(client, scenario)
    data = chart_data(html)

    assert data["codes"] == list(QUALITY_CODES)
    assert [c["name"] for c in data["candidates"]] == RANKED
    bruno, _chloe, ana = data["candidates"]
    # Bruno, Σ w = 13, a part is 25·w·(mean − 1)/13: empathy 25·3·3/13 = 17.31; the seven at 4:
    # 75/13 = 5.77; technical (10/3) 175/39 = 4.49; curiosity (5) 100/13 = 7.69; proactivity (11/3)
    # 200/39 = 5.13. In tenths, rounded down: 173 + 7 × 57 + 44 + 76 + 51 = 743 of the 750 shown
    # (75.0): the 7 tenths go to the largest remainders, curiosity (.92), technical (.87), then
    # five of the seven 5.77 (.69) in rubric order: analysis and teamwork stay at 5.7.
    assert bruno["parts"] == [17.3, 5.8, 5.8, 5.8, 4.5, 7.7, 5.8, 5.8, 5.7, 5.7, 5.1]
    # Ana, analysis not assessed (no part, no weight: Σ w = 12), see tests/test_scoring_contributions.py.
    assert ana["parts"] == [12.5, 6.2, 4.2, 5.2, 4.2, 5.2, 4.2, 4.2, None, 6.2, 4.2]
    assert ana["means"][0] == 3.0
    totals = [f"{sum(p for p in c['parts'] if p is not None):.1f}" for c in data["candidates"]]
    assert totals == scores_shown(html) == ["75.0", "75.0", "56.3"]
    # No chart repeats the table: the weighted score itself is not in the data.
    assert "weighted" not in bruno


def test_chart_data_what_if_weights_give_the_parts_of_the_trial_scores(client, scenario):
    # Empathy 2: Σ w = 12. Chloé (2 × 2.5 + 44.5) / 12 = 4.125 → 78.1 first; Bruno (8 + 40) / 12 = 4
    # → 75.0, his empathy part 25·2·3/12 = 12.5.
    html = page(client, scenario, "?w_empathy=2")
    data = chart_data(html)

    assert [c["name"] for c in data["candidates"]] == ["Chloé Durand", "Bruno Petit", "Ana Moreau"]
    assert data["candidates"][1]["parts"][0] == 12.5
    totals = [f"{sum(p for p in c['parts'] if p is not None):.1f}" for c in data["candidates"]]
    assert totals == scores_shown(html)
    assert totals[:2] == ["78.1", "75.0"]


def test_chart_data_french_page_same_numbers(client, scenario):
    english = chart_data(page(client, scenario))
    french = chart_data(page(client, scenario, HTTP_ACCEPT_LANGUAGE="fr"))

    assert [c["parts"] for c in french["candidates"]] == [c["parts"] for c in english["candidates"]]
    assert french["labels"][0] == "Empathie"


def test_chart_data_blind_viewer_gets_no_means_and_no_parts(panel_manager):  # noqa: F811
    other = CandidateFactory(name="Aaron Visible")
    ScorecardFactory(candidate=other, values=dict.fromkeys(QUALITY_CODES, 2))
    panel_manager["shortlist"].candidates.add(other)
    url = reverse("evaluations:shortlist-detail", args=[panel_manager["shortlist"].pk])

    data = chart_data(panel_manager["pam"].get(url).content.decode())

    visible, hidden = data["candidates"]
    assert visible["name"] == "Aaron Visible"
    # All 2s: each part 25·w·1/13, 75/13 = 5.77 for empathy and 25/13 = 1.92 for the others; 25 in all.
    assert sum(visible["parts"]) == pytest.approx(25.0)
    assert hidden["means"] == [None] * 11
    assert hidden["parts"] == [None] * 11


# --- colours told apart with every common colour-vision deficiency ------------------------------
# Machado, Oliveira and Fernandes (2009), full severity, on linear RGB; distances in CIELAB.
CVD = {
    "protanopia": (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
    "deuteranopia": (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
    "tritanopia": (
        (1.255528, -0.076749, -0.178779),
        (-0.078411, 0.930809, 0.147602),
        (0.004733, 0.691367, 0.303900),
    ),
}
# About the difference between two clearly different named colours (ΔE*ab); the former pastel
# parts fell to 3 for a deuteranope, the former candidate palette to 1.3 for a protanope.
DISTINCT = 9


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _lab(linear_rgb: list[float]) -> tuple[float, float, float]:
    r, g, b = (min(1.0, max(0.0, x)) for x in linear_rgb)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return (116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z)))


def _closest_pair(colours: list[str], matrix=None) -> float:
    labs = []
    for colour in colours:
        rgb = [_linear(int(colour[i : i + 2], 16)) for i in (1, 3, 5)]
        if matrix is not None:
            rgb = [sum(m * c for m, c in zip(row, rgb, strict=True)) for row in matrix]
        labs.append(_lab(rgb))
    return min(math.dist(a, b) for a, b in itertools.combinations(labs, 2))


def _js_colours(name: str) -> list[str]:
    source = (Path(__file__).resolve().parents[2] / "static/js/dashboard.js").read_text()
    array = re.search(rf"var {name} = \[([^\]]*)\]", source)[1]
    return re.findall(r'"(#[0-9a-fA-F]{6})"', array)


def test_closest_pair_tells_a_pastel_palette_from_a_safe_one():
    assert _closest_pair(["#8cc084", "#c9a27e"], CVD["deuteranopia"]) < DISTINCT  # green and tan
    assert _closest_pair(["#0072b2", "#e69f00"], CVD["deuteranopia"]) > DISTINCT  # blue and orange


@pytest.mark.parametrize("vision", [None, *CVD])
def test_chart_colours_stay_apart_for_every_colour_vision(vision):
    matrix = CVD[vision] if vision else None
    source = (Path(__file__).resolve().parents[2] / "static/js/dashboard.js").read_text()
    empathy = re.search(r'EMPATHY_COLOUR = "(#[0-9a-fA-F]{6})"', source)[1]
    parts = [empathy, *_js_colours("partColours")]
    assert len(parts) == 11
    assert _closest_pair(parts, matrix) >= DISTINCT
    assert _closest_pair(_js_colours("palette"), matrix) >= DISTINCT
