"""``scoring.score_contributions`` and ``scoring.rounded_contributions``: what each weighted score is made of.

No database. Default rubric: empathy weighs 3, the ten others 1. A quality's part, in points, is
25·w·(mean − 1) / Σ w, the sum running over the qualities that have a mean, as in ``weighted_score``.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evaluations.scoring import (
    QUALITY_CODES,
    QualityRule,
    quality_means,
    round_half_up,
    rounded_contributions,
    rounded_part_units,
    score_contributions,
    weighted_score,
)
from tests.scoring.test_scoring import scorecard_values, to_scores, valid_rules

DEFAULT_RULES = tuple(QualityRule(code, 3 if code == "empathy" else 1) for code in QUALITY_CODES)


def test_score_contributions_every_quality_assessed_parts_by_hand():
    # Empathy 5, adaptability 3, the nine others 1: Σ w = 13.
    # empathy 25 × 3 × (5 − 1) / 13 = 300/13; adaptability 25 × 1 × (3 − 1) / 13 = 50/13; the rest 0.
    # Weighted: 25 × ((15 + 3 + 9) / 13 − 1) = 25 × 14/13 = 350/13 = 300/13 + 50/13.
    means = {code: Fraction(1) for code in QUALITY_CODES} | {
        "empathy": Fraction(5),
        "adaptability": Fraction(3),
    }

    parts = score_contributions(means, DEFAULT_RULES)

    assert list(parts) == list(QUALITY_CODES)
    assert parts["empathy"] == Fraction(300, 13)
    assert parts["adaptability"] == Fraction(50, 13)
    assert all(parts[code] == 0 for code in QUALITY_CODES[2:])
    assert sum(parts.values()) == Fraction(350, 13) == weighted_score(means, DEFAULT_RULES)


def test_score_contributions_unassessed_quality_has_no_part_and_no_weight():
    # Ana Moreau of tests/test_dashboard.py: analysis not assessed, so Σ w = 12, not 13.
    # empathy 25 × 3 × 2 / 12 = 12.5; adaptability and teamwork 25 × 3 / 12 = 6.25;
    # communication and curiosity 25 × 2.5 / 12 = 125/24; the five at 3: 25 × 2 / 12 = 25/6.
    # 12.5 + 2 × 6.25 + 2 × 125/24 + 5 × 25/6 = 25 + 125/12 + 125/6 = 56.25, her weighted score.
    means = {
        "empathy": Fraction(3),
        "adaptability": Fraction(4),
        "creativity": Fraction(3),
        "communication": Fraction(7, 2),
        "technical_knowledge": Fraction(3),
        "curiosity": Fraction(7, 2),
        "organization": Fraction(3),
        "problem_solving": Fraction(3),
        "teamwork": Fraction(4),
        "proactivity": Fraction(3),
    }

    parts = score_contributions(means, DEFAULT_RULES)

    assert "analysis" not in parts
    assert parts["empathy"] == Fraction(25, 2)
    assert parts["adaptability"] == parts["teamwork"] == Fraction(25, 4)
    assert parts["communication"] == Fraction(125, 24)
    assert parts["creativity"] == Fraction(25, 6)
    assert sum(parts.values()) == Fraction(225, 4)


def test_score_contributions_trial_weights_change_the_parts():
    # Empathy 2 instead of 3, only empathy 4 and teamwork 2 assessed: Σ w = 3.
    # empathy 25 × 2 × 3 / 3 = 50; teamwork 25 × 1 × 1 / 3 = 25/3; weighted 25 × (10/3 − 1) = 175/3.
    rules = tuple(QualityRule(code, 2 if code == "empathy" else 1) for code in QUALITY_CODES)
    means = {"empathy": Fraction(4), "teamwork": Fraction(2)}

    parts = score_contributions(means, rules)

    assert parts == {"empathy": 50, "teamwork": Fraction(25, 3)}
    assert sum(parts.values()) == Fraction(175, 3) == weighted_score(means, rules)


def test_score_contributions_nothing_assessed_no_parts():
    assert score_contributions({}, DEFAULT_RULES) == {}
    assert score_contributions({"empathy": Fraction(4)}, ()) == {}


def test_rounded_contributions_add_up_to_the_score_as_shown():
    # Ana's parts (above). Rounded one by one, half up: 12.5 + 2 × 6.3 + 2 × 5.2 + 5 × 4.2 = 56.5,
    # not the 56.3 the table shows. In tenths, rounded down: 125 + 2 × 62 + 2 × 52 + 5 × 41 = 558;
    # 563 − 558 = 5 tenths go to the largest remainders: the five 25/6 (0.67 of a tenth each, ahead
    # of the 0.5 of 6.25 and the 0.08 of 125/24) → 4.2 each.
    parts = {
        "empathy": Fraction(25, 2),
        "adaptability": Fraction(25, 4),
        "creativity": Fraction(25, 6),
        "communication": Fraction(125, 24),
        "technical_knowledge": Fraction(25, 6),
        "curiosity": Fraction(125, 24),
        "organization": Fraction(25, 6),
        "problem_solving": Fraction(25, 6),
        "teamwork": Fraction(25, 4),
        "proactivity": Fraction(25, 6),
    }

    rounded = rounded_contributions(parts)

    assert rounded == {
        "empathy": Decimal("12.5"),
        "adaptability": Decimal("6.2"),
        "creativity": Decimal("4.2"),
        "communication": Decimal("5.2"),
        "technical_knowledge": Decimal("4.2"),
        "curiosity": Decimal("5.2"),
        "organization": Decimal("4.2"),
        "problem_solving": Decimal("4.2"),
        "teamwork": Decimal("6.2"),
        "proactivity": Decimal("4.2"),
    }
    assert sum(rounded.values()) == Decimal("56.3")


def test_rounded_contributions_tie_goes_to_the_first_in_order():
    # 1/3 + 1/3 + 1/3 = 1, shown 1.0; 3.33… each rounds down to 0.3 (9 tenths), the tenth missing
    # goes to the first of three equal remainders.
    parts = {"empathy": Fraction(1, 3), "teamwork": Fraction(1, 3), "analysis": Fraction(1, 3)}

    assert rounded_contributions(parts) == {
        "empathy": Decimal("0.4"),
        "teamwork": Decimal("0.3"),
        "analysis": Decimal("0.3"),
    }
    assert rounded_contributions(parts, 0) == {
        "empathy": Decimal(1),
        "teamwork": Decimal(0),
        "analysis": Decimal(0),
    }


def test_rounded_contributions_negative_places_refused():
    with pytest.raises(ValueError, match="places"):
        rounded_contributions({}, -1)


@given(st.lists(scorecard_values, max_size=4), valid_rules())
def test_score_contributions_any_scores_add_up_exactly_to_weighted_score(cards, rules):
    means = quality_means(to_scores(cards))

    parts = score_contributions(means, rules)
    score = weighted_score(means, rules)

    if score is None:
        assert parts == {}
    else:
        assert sum(parts.values()) == score
        assert set(parts) == set(means) & {rule.code for rule in rules}
        assert all(part >= 0 for part in parts.values())


@given(st.lists(scorecard_values, min_size=1, max_size=4), valid_rules(), st.integers(0, 3))
def test_rounded_contributions_any_scores_add_up_to_rounded_score_each_within_one_unit(cards, rules, places):
    means = quality_means(to_scores(cards))
    parts = score_contributions(means, rules)

    rounded = rounded_contributions(parts, places)

    score = weighted_score(means, rules)
    unit = Fraction(1, 10**places)
    assert sum(rounded.values(), Decimal(0)) == (round_half_up(score, places) if score is not None else 0)
    assert all(abs(Fraction(rounded[code]) - parts[code]) < unit for code in parts)


@given(st.lists(scorecard_values, max_size=4), valid_rules(), st.integers(0, 3))
def test_rounded_part_units_are_the_rounded_contributions_in_units(cards, rules, places):
    means = quality_means(to_scores(cards))

    units = rounded_part_units(means, rules, places)

    expected = rounded_contributions(score_contributions(means, rules), places)
    assert list(units) == list(expected)  # rule order
    assert {code: Decimal(value).scaleb(-places) for code, value in units.items()} == expected
    # What the chart draws: the same number as the Decimal the table would show.
    assert all(value / 10**places == float(expected[code]) for code, value in units.items())


def test_rounded_part_units_by_hand():
    # Empathy (weight 3) 4, teamwork (weight 1) 2: Σw = 4, score 25 × (14/4 − 1) = 62.5.
    # Parts 25·3·3/4 = 56.25 and 25·1·1/4 = 6.25; in tenths 562 and 62 (624), one short of 625:
    # the tie on remainders (0.5 each) goes to the first in rule order.
    rules = [QualityRule("empathy", 3), QualityRule("teamwork", 1)]
    means = {"empathy": Fraction(4), "teamwork": Fraction(2)}

    assert rounded_part_units(means, rules) == {"empathy": 563, "teamwork": 62}
    assert rounded_part_units({}, rules) == {}
    with pytest.raises(ValueError, match="places"):
        rounded_part_units(means, rules, -1)
