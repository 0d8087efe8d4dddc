"""Tests of evaluations/scoring.py: no database, expected values worked out by hand."""

from __future__ import annotations

from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evaluations.scoring import (
    CONFLICTS,
    DISAGREEMENT_SPREAD,
    QUALITY_CODES,
    RECOMMENDATIONS,
    STRENGTH_MEAN,
    THIN_EVIDENCE_BELOW,
    CandidateInput,
    CandidateResult,
    FragileLead,
    QualityRule,
    ScorecardInput,
    ScoreEntry,
    WeightChange,
    adjusted_means,
    below_bar,
    calibration,
    check_weights,
    conflict_flags,
    conflicts,
    coverage,
    decision_contradictions,
    disagreements,
    evaluate,
    evaluate_all,
    fragility_with_counts,
    quality_means,
    rank,
    ranking_fragility,
    recommendation_tally,
    rerank,
    rescore,
    round_half_up,
    spreads,
    thin_evidence,
    weighted_score,
    why_lines,
)

# DESIGN.md defaults: empathy weighs 3 with a bar at 3, the other ten weigh 1.
# Total weight 3 + 10 × 1 = 13.
RULES = tuple(
    QualityRule(code, 3, 3) if code == "empathy" else QualityRule(code, 1) for code in QUALITY_CODES
)
ZERO_TALLY = {"strong_no": 0, "no": 0, "yes": 0, "strong_yes": 0}


def card(scorecard_id: int, interviewer_id: int = 0, **values: int | None) -> tuple[ScoreEntry, ...]:
    """The scores of one scorecard; qualities not named are not assessed."""
    interviewer_id = interviewer_id or scorecard_id
    return tuple(ScoreEntry(scorecard_id, interviewer_id, code, values.get(code)) for code in QUALITY_CODES)


def candidate(
    candidate_id: int, name: str, *cards: tuple[ScoreEntry, ...], recommendations: tuple[str, ...] = ()
) -> CandidateInput:
    scores = tuple(entry for one_card in cards for entry in one_card)
    return CandidateInput(candidate_id, name, len(cards), scores, recommendations)


def every(value: int) -> dict[str, int]:
    return dict.fromkeys(QUALITY_CODES, value)


# --- quality_means -----------------------------------------------------------------------------


def test_quality_means_not_assessed_scores_are_excluded():
    scores = card(1, empathy=4, communication=None) + card(2, empathy=None) + card(3, empathy=5)

    means = quality_means(scores)

    # Empathy: (4 + 5) / 2, the None left out rather than counted as 0 or as a third value.
    assert means == {"empathy": Fraction(9, 2)}


def test_quality_means_single_scorecard_equals_its_values():
    means = quality_means(card(1, empathy=2, analysis=5))

    assert means == {"empathy": Fraction(2), "analysis": Fraction(5)}


def test_quality_means_no_scores_is_empty():
    assert quality_means([]) == {}


def test_quality_means_thirds_are_exact():
    means = quality_means(card(1, teamwork=1) + card(2, teamwork=1) + card(3, teamwork=2))

    assert means["teamwork"] == Fraction(4, 3)


# --- weighted_score ----------------------------------------------------------------------------


def test_weighted_score_all_fives_is_100():
    assert weighted_score(quality_means(card(1, **every(5))), RULES) == 100


def test_weighted_score_all_ones_is_0():
    assert weighted_score(quality_means(card(1, **every(1))), RULES) == 0


def test_weighted_score_all_threes_is_50():
    # 25 × (3 − 1) = 50.
    assert weighted_score(quality_means(card(1, **every(3))), RULES) == 50


def test_weighted_score_worked_example_is_625_over_8():
    scores = card(1, empathy=4, communication=3) + card(2, empathy=5)
    means = quality_means(scores)

    # empathy (4 + 5) / 2 = 9/2 with weight 3, communication 3 with weight 1, the rest unassessed:
    # Σw·mean / Σw = (3 × 9/2 + 1 × 3) / (3 + 1) = (27/2 + 6/2) / 4 = 33/8
    # 25 × (33/8 − 1) = 25 × 25/8 = 625/8 = 78.125
    assert weighted_score(means, RULES) == Fraction(625, 8)
    assert round_half_up(weighted_score(means, RULES), 1) == Decimal("78.1")


def test_weighted_score_no_mean_is_none():
    assert weighted_score({}, RULES) is None


def test_weighted_score_quality_outside_rules_is_ignored():
    means = {"empathy": Fraction(5), "charisma": Fraction(1)}

    assert weighted_score(means, RULES) == 100


def test_weighted_score_custom_weights_use_them():
    rules = [QualityRule("empathy", 5), QualityRule("analysis", 2)]
    means = {"empathy": Fraction(2), "analysis": Fraction(5)}

    # (5 × 2 + 2 × 5) / 7 = 20/7; 25 × (20/7 − 1) = 25 × 13/7 = 325/7
    assert weighted_score(means, rules) == Fraction(325, 7)


def test_weighted_score_different_scores_same_value_compare_equal():
    first = quality_means(card(1, empathy=4, communication=2))
    second = quality_means(card(2, empathy=3, communication=5))

    # (3 × 4 + 2) / 4 = 14/4 and (3 × 3 + 5) / 4 = 14/4: both 25 × (7/2 − 1) = 125/2, exactly.
    assert weighted_score(first, RULES) == weighted_score(second, RULES) == Fraction(125, 2)


# --- coverage ----------------------------------------------------------------------------------


def test_coverage_empathy_and_two_others_is_5_over_13():
    means = quality_means(card(1, empathy=3, curiosity=4, teamwork=2))

    # (3 + 1 + 1) / 13
    assert coverage(means, RULES) == Fraction(5, 13)


def test_coverage_everything_assessed_is_1():
    assert coverage(quality_means(card(1, **every(2))), RULES) == 1


def test_coverage_only_one_light_quality_is_1_over_13():
    assert coverage({"analysis": Fraction(4)}, RULES) == Fraction(1, 13)


def test_coverage_no_mean_is_none():
    assert coverage({}, RULES) is None


def test_coverage_display_rounds_to_whole_percent():
    # 5/13 = 38.46…% → 38
    assert round_half_up(Fraction(5, 13) * 100, 0) == Decimal("38")


# --- below_bar ---------------------------------------------------------------------------------


def test_below_bar_empathy_mean_5_over_2_is_flagged():
    means = quality_means(card(1, empathy=2) + card(2, empathy=3))

    # (2 + 3) / 2 = 5/2 < 3
    assert below_bar(means, RULES) == ("empathy",)


def test_below_bar_empathy_mean_exactly_3_is_not_flagged():
    means = quality_means(card(1, empathy=2) + card(2, empathy=4))

    # (2 + 4) / 2 = 3, not strictly under the bar of 3
    assert below_bar(means, RULES) == ()


def test_below_bar_no_minimum_is_never_flagged():
    assert below_bar({"analysis": Fraction(1), "empathy": Fraction(5)}, RULES) == ()


def test_below_bar_no_mean_is_not_flagged():
    assert below_bar({"analysis": Fraction(4)}, RULES) == ()


def test_below_bar_several_flags_follow_rule_order():
    rules = [QualityRule("teamwork", 1, 2), QualityRule("empathy", 3, 3), QualityRule("analysis", 1, 4)]
    means = {"empathy": Fraction(1), "analysis": Fraction(7, 2), "teamwork": Fraction(3, 2)}

    assert below_bar(means, rules) == ("teamwork", "empathy", "analysis")


# --- spreads and disagreements -----------------------------------------------------------------


def test_spreads_not_assessed_values_are_ignored():
    scores = card(1, empathy=5, curiosity=3) + card(2, empathy=None, curiosity=3) + card(3, empathy=3)

    assert spreads(scores) == {"empathy": 2, "curiosity": 0}


def test_disagreements_spread_exactly_2_is_flagged_and_1_is_not():
    scores = card(1, empathy=3, analysis=4) + card(2, empathy=5, analysis=5)

    assert DISAGREEMENT_SPREAD == 2
    # empathy 5 − 3 = 2 → flagged; analysis 5 − 4 = 1 → not flagged
    assert disagreements(scores, RULES) == ("empathy",)


def test_disagreements_single_scorecard_has_none():
    assert disagreements(card(1, empathy=1, analysis=5), RULES) == ()


def test_disagreements_follow_rule_order():
    scores = card(1, empathy=1, analysis=1) + card(2, empathy=5, analysis=4)
    rules = [QualityRule("analysis", 1), QualityRule("empathy", 3)]

    assert disagreements(scores, rules) == ("analysis", "empathy")


# --- recommendation_tally ----------------------------------------------------------------------


def test_recommendation_tally_counts_every_key():
    tally = recommendation_tally(["yes", "strong_yes", "yes", "no"])

    assert tally == {"strong_no": 0, "no": 1, "yes": 2, "strong_yes": 1}
    assert tuple(tally) == RECOMMENDATIONS


def test_recommendation_tally_unknown_values_are_ignored():
    assert recommendation_tally(["maybe", "", "YES", "no"]) == {**ZERO_TALLY, "no": 1}


def test_recommendation_tally_nothing_is_all_zero():
    assert recommendation_tally([]) == ZERO_TALLY


# --- evaluate ----------------------------------------------------------------------------------


def test_evaluate_worked_example_fills_every_field():
    alice = candidate(
        7,
        "Alice",
        card(1, empathy=4, communication=3, analysis=1),
        card(2, empathy=5, communication=None, analysis=3),
        recommendations=("yes", "strong_yes"),
    )

    result = evaluate(alice, RULES)

    # means: empathy 9/2, communication 3, analysis (1 + 3)/2 = 2
    # (3 × 9/2 + 3 + 2) / 5 = (27/2 + 10/2) / 5 = 37/10; 25 × (37/10 − 1) = 25 × 27/10 = 135/2
    assert result == CandidateResult(
        candidate_id=7,
        name="Alice",
        scorecard_count=2,
        means={"empathy": Fraction(9, 2), "communication": Fraction(3), "analysis": Fraction(2)},
        weighted_score=Fraction(135, 2),
        coverage=Fraction(5, 13),
        below_bar=(),
        disagreements=("analysis",),
        spreads={"empathy": 1, "communication": 0, "analysis": 2},
        recommendations={**ZERO_TALLY, "yes": 1, "strong_yes": 1},
        rank=None,
        interviewer_count=2,  # one card each
    )


def test_evaluate_no_submitted_scorecard_has_no_score_and_no_coverage():
    result = evaluate(CandidateInput(3, "Nobody", 0), RULES)

    assert result.weighted_score is None
    assert result.coverage is None
    assert result.means == {}
    assert result.spreads == {}
    assert result.below_bar == ()
    assert result.disagreements == ()
    assert result.recommendations == ZERO_TALLY


def test_evaluate_scorecards_assessing_nothing_have_no_score():
    result = evaluate(candidate(3, "Blank", card(1), recommendations=("no",)), RULES)

    assert result.scorecard_count == 1
    assert (result.weighted_score, result.coverage) == (None, None)
    assert result.recommendations == {**ZERO_TALLY, "no": 1}


def test_evaluate_weak_empathy_is_flagged_but_score_kept():
    result = evaluate(candidate(1, "Max", card(1, **{**every(5), "empathy": 2})), RULES)

    # (3 × 2 + 10 × 5) / 13 = 56/13; 25 × (56/13 − 1) = 25 × 43/13 = 1075/13
    assert result.weighted_score == Fraction(1075, 13)
    assert result.below_bar == ("empathy",)


# --- rank --------------------------------------------------------------------------------------


def names(results: list[CandidateResult]) -> list[str]:
    return [result.name for result in results]


def test_rank_higher_weighted_score_comes_first():
    low = evaluate(candidate(1, "Low", card(1, empathy=2)), RULES)
    high = evaluate(candidate(2, "High", card(2, empathy=4)), RULES)

    ranked = rank([low, high])

    assert names(ranked) == ["High", "Low"]
    assert [result.rank for result in ranked] == [1, 2]


def test_rank_weighted_tie_is_broken_by_empathy_mean():
    # Both 125/2 (see test_weighted_score_different_scores_same_value_compare_equal);
    # Zoé's empathy 4 beats Anna's 3, although Anna's name sorts first.
    anna = evaluate(candidate(1, "Anna", card(1, empathy=3, communication=5)), RULES)
    zoe = evaluate(candidate(2, "Zoé", card(2, empathy=4, communication=2)), RULES)

    assert names(rank([anna, zoe])) == ["Zoé", "Anna"]


def test_rank_weighted_tie_without_empathy_mean_sorts_after():
    # Both 25 × (3 − 1) = 50; Aaron has no empathy mean, so Zack goes first.
    aaron = evaluate(candidate(1, "Aaron", card(1, analysis=3)), RULES)
    zack = evaluate(candidate(2, "Zack", card(2, empathy=3)), RULES)

    assert names(rank([aaron, zack])) == ["Zack", "Aaron"]


def test_rank_full_tie_is_broken_by_name_ignoring_case():
    same = card(1, empathy=4, analysis=2)
    results = [evaluate(candidate(i, name, same), RULES) for i, name in enumerate(["carol", "Bob", "alice"])]

    # A plain string sort would put "Bob" before "alice".
    assert names(rank(results)) == ["alice", "Bob", "carol"]


def test_rank_same_name_is_broken_by_candidate_id():
    same = card(1, empathy=4)
    results = [evaluate(candidate(i, "Sam", same), RULES) for i in (9, 2, 5)]

    assert [result.candidate_id for result in rank(results)] == [2, 5, 9]


def test_rank_candidate_without_scorecard_comes_last():
    zero = evaluate(candidate(1, "Zero", card(1, **every(1))), RULES)
    nobody_b = evaluate(CandidateInput(2, "Bea", 0), RULES)
    nobody_a = evaluate(CandidateInput(3, "Abe", 0), RULES)

    ranked = rank([nobody_b, zero, nobody_a])

    # Even a weighted score of 0 beats no score; the unscored are then by name.
    assert zero.weighted_score == 0
    assert names(ranked) == ["Zero", "Abe", "Bea"]
    assert [result.rank for result in ranked] == [1, 2, 3]
    assert (ranked[2].weighted_score, ranked[2].coverage) == (None, None)


def test_rank_input_results_are_left_unchanged():
    result = evaluate(candidate(1, "Ana", card(1, empathy=4)), RULES)

    ranked = rank([result])

    assert result.rank is None
    assert ranked[0] == replace(result, rank=1)


def test_rank_nothing_is_empty():
    assert rank([]) == []


def test_evaluate_all_evaluates_and_ranks():
    ranked = evaluate_all(
        [
            CandidateInput(1, "Unscored", 0),
            candidate(2, "Good", card(1, empathy=5, analysis=5)),
            candidate(3, "Fair", card(2, empathy=3, analysis=3)),
        ],
        RULES,
    )

    assert names(ranked) == ["Good", "Fair", "Unscored"]
    assert [(r.rank, r.weighted_score) for r in ranked] == [(1, 100), (2, 50), (3, None)]


# --- rerank ------------------------------------------------------------------------------------


def test_rerank_new_weights_recompute_score_coverage_and_bar():
    result = evaluate(candidate(1, "Ana", card(1, empathy=3, analysis=5)), RULES)
    rules = [QualityRule("empathy", 2, 4), QualityRule("analysis", 1), QualityRule("teamwork", 1)]

    (reranked,) = rerank([result], rules)

    # (2 × 3 + 5) / 3 = 11/3; 25 × 8/3 = 200/3; coverage (2 + 1) / 4; empathy 3 < 4
    assert reranked.weighted_score == Fraction(200, 3)
    assert reranked.coverage == Fraction(3, 4)
    assert reranked.below_bar == ("empathy",)
    assert reranked.rank == 1


# --- round_half_up -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (Fraction(625, 100), 1, "6.3"),
        (Fraction(2675, 1000), 2, "2.68"),
        (Decimal("2.675"), 2, "2.68"),
        (Fraction(625, 8), 1, "78.1"),
        (Fraction(625, 8), 2, "78.13"),
        (Fraction(5, 2), 0, "3"),
        (Fraction(1, 3), 2, "0.33"),
        (Fraction(2, 3), 2, "0.67"),
        (100, 1, "100.0"),
        (0, 2, "0.00"),
        (Fraction(-625, 100), 1, "-6.3"),
    ],
)
def test_round_half_up_exact_value_rounds_half_up(value, places, expected):
    rounded = round_half_up(value, places)

    assert rounded == Decimal(expected)
    assert str(rounded) == expected


def test_round_half_up_small_negative_is_not_negative_zero():
    assert str(round_half_up(Fraction(-1, 100), 1)) == "0.0"


def test_round_half_up_negative_places_is_refused():
    with pytest.raises(ValueError, match="places"):
        round_half_up(Fraction(1, 2), -1)


# --- check_weights -----------------------------------------------------------------------------


def test_check_weights_defaults_are_valid():
    assert check_weights({rule.code: rule.weight for rule in RULES}) == []


def test_check_weights_empathy_equal_to_another_returns_that_code():
    weights = {**dict.fromkeys(QUALITY_CODES, 1), "empathy": 3, "communication": 3}

    assert check_weights(weights) == ["communication"]


def test_check_weights_another_above_empathy_returns_that_code():
    weights = {**dict.fromkeys(QUALITY_CODES, 1), "empathy": 3, "analysis": 4, "teamwork": 2}

    assert check_weights(weights) == ["analysis"]


def test_check_weights_zero_and_negative_weights_are_returned():
    weights = {**dict.fromkeys(QUALITY_CODES, 1), "empathy": 3, "curiosity": 0, "teamwork": -2}

    assert check_weights(weights) == ["curiosity", "teamwork"]


def test_check_weights_empathy_zero_returns_empathy():
    weights = {**dict.fromkeys(QUALITY_CODES, 1), "empathy": 0}

    assert check_weights(weights) == ["empathy"]


def test_check_weights_missing_empathy_returns_empathy():
    assert check_weights({"analysis": 1}) == ["empathy"]


def test_check_weights_non_integer_weight_is_returned():
    weights = {**dict.fromkeys(QUALITY_CODES, 1), "empathy": 3, "analysis": 1.5, "teamwork": True}

    assert check_weights(weights) == ["analysis", "teamwork"]


# --- ranking_fragility -------------------------------------------------------------------------


def test_ranking_fragility_one_more_weight_flips_the_top():
    a = evaluate(candidate(1, "A", card(1, empathy=4, communication=5)), RULES)
    b = evaluate(candidate(2, "B", card(2, empathy=5, communication=3)), RULES)
    # Defaults: A (3 × 4 + 5) / 4 = 17/4, B (3 × 5 + 3) / 4 = 18/4 → B first.
    # communication +1 → 2: A (12 + 10) / 5 = 22/5, B (15 + 6) / 5 = 21/5 → A first.
    # communication −1 → 0: not a positive weight, skipped.
    # empathy +1 → 4: A (16 + 5) / 5 = 21/5, B (20 + 3) / 5 = 23/5 → B still.
    # empathy −1 → 2 (still above the others' 1): A 13/3, B 13/3, tie → B by empathy mean.
    # Any other quality: neither has a mean, nothing moves; −1 → 0 is skipped.
    assert rank([a, b])[0].candidate_id == 2

    assert ranking_fragility([a, b], RULES) == (WeightChange("communication", 1, 1),)


def test_ranking_fragility_dominant_candidate_nothing_flips():
    a = evaluate(candidate(1, "A", card(1, empathy=5, communication=5)), RULES)
    b = evaluate(candidate(2, "B", card(2, empathy=3, communication=3)), RULES)

    # A scores 100 under any positive weights, B 50.
    assert ranking_fragility([a, b], RULES) == ()


def test_ranking_fragility_change_breaking_empathy_rule_is_skipped():
    rules = [QualityRule("empathy", 3, 3), QualityRule("communication", 2)]
    a = evaluate(candidate(1, "A", card(1, empathy=3, communication=5)), rules)
    b = evaluate(
        candidate(2, "B", card(2, empathy=5, communication=2), card(3, empathy=5, communication=3)), rules
    )
    # Now: A (9 + 10) / 5 = 19/5, B (15 + 2 × 5/2) / 5 = 4 → B first.
    # communication → 3 would put A first (A (9 + 15) / 6 = 4, B (15 + 15/2) / 6 = 15/4) but ties empathy.
    # empathy → 2 would tie communication; empathy → 4: A 22/6, B 25/6; communication → 1: A 7/2, B 35/8.
    flipped = rerank([a, b], [QualityRule("empathy", 3), QualityRule("communication", 3)])
    assert flipped[0].candidate_id == 1

    assert ranking_fragility([a, b], rules) == ()


def test_ranking_fragility_fewer_than_two_scored_is_empty():
    a = evaluate(candidate(1, "A", card(1, empathy=4, communication=5)), RULES)
    unscored = evaluate(CandidateInput(2, "B", 0), RULES)

    assert ranking_fragility([a, unscored], RULES) == ()
    assert ranking_fragility([], RULES) == ()


# --- calibration -------------------------------------------------------------------------------


def scorecard(
    scorecard_id: int, candidate_id: int, who: tuple[int, str], recommendation: str, **values: int | None
) -> ScorecardInput:
    return ScorecardInput(scorecard_id, candidate_id, who[0], who[1], recommendation, values)


ALICE = (1, "Alice")
BOB = (2, "Bob")
CAROL = (3, "Carol")


def test_calibration_two_interviewers_lenient_positive_harsh_negative():
    cards = [
        scorecard(1, 10, BOB, "no", empathy=2, communication=3, creativity=4),
        scorecard(2, 10, ALICE, "yes", empathy=4, communication=5, creativity=None),
        scorecard(3, 20, ALICE, "strong_yes", empathy=3, communication=4),
        scorecard(4, 20, BOB, "yes", empathy=3, communication=None),
    ]

    result = calibration(cards)

    alice, bob = result.interviewers
    # Alice's values 4, 5, 3, 4 → 16/4 = 4. Shared cells (Bob scored them too):
    # (10, empathy) 4 vs 2, (10, communication) 5 vs 3, (20, empathy) 3 vs 3.
    # Not shared: (10, creativity) (Alice None), (20, communication) (Bob None).
    # own (4 + 5 + 3) / 3 = 4, others (2 + 3 + 3) / 3 = 8/3, offset 4 − 8/3 = 4/3 > 0: lenient.
    assert alice.interviewer_id == 1
    assert alice.name == "Alice"
    assert alice.scorecard_count == 2
    assert alice.mean_score == 4
    assert alice.shared_cells == 3
    assert (alice.own_mean, alice.others_mean, alice.offset) == (4, Fraction(8, 3), Fraction(4, 3))
    assert alice.recommendations == {**ZERO_TALLY, "yes": 1, "strong_yes": 1}
    # Bob's values 2, 3, 4, 3 → 12/4 = 3; the mirror image: offset −4/3 < 0, harsh.
    assert bob.mean_score == 3
    assert bob.shared_cells == 3
    assert (bob.own_mean, bob.others_mean, bob.offset) == (Fraction(8, 3), 4, Fraction(-4, 3))
    assert bob.recommendations == {**ZERO_TALLY, "no": 1, "yes": 1}
    # empathy: candidate 10 spread 4 − 2 = 2, candidate 20 spread 3 − 3 = 0 → (2 + 0) / 2 = 1
    # communication: only candidate 10 has two values: 5 − 3 = 2; creativity: never two values.
    assert result.quality_spread == {"empathy": 1, "communication": 2}


def test_calibration_others_mean_averages_the_other_interviewers_in_a_cell():
    cards = [
        scorecard(1, 10, CAROL, "yes", empathy=5),
        scorecard(2, 10, ALICE, "no", empathy=2),
        scorecard(3, 10, BOB, "no", empathy=3),
    ]

    carol = calibration(cards).interviewers[2]

    # One shared cell: Carol 5, the others (2 + 3) / 2 = 5/2 → offset 5/2.
    assert carol.name == "Carol"
    assert (carol.own_mean, carol.others_mean, carol.offset) == (5, Fraction(5, 2), Fraction(5, 2))
    assert calibration(cards).quality_spread == {"empathy": 3}


def test_calibration_no_shared_cell_has_no_offset():
    cards = [
        scorecard(1, 10, ALICE, "yes", empathy=4),
        scorecard(2, 20, BOB, "maybe", empathy=None),
    ]

    alice, bob = calibration(cards).interviewers

    assert (alice.mean_score, alice.shared_cells, alice.offset) == (4, 0, None)
    assert (alice.own_mean, alice.others_mean) == (None, None)
    assert (bob.mean_score, bob.scorecard_count, bob.recommendations) == (None, 1, ZERO_TALLY)
    assert calibration(cards).quality_spread == {}


def test_calibration_no_scorecard_is_empty():
    result = calibration([])

    assert result.interviewers == ()
    assert result.quality_spread == {}


# --- adjusted_means ----------------------------------------------------------------------------


def test_adjusted_means_offsets_are_removed_and_clamped():
    scores = [
        ScoreEntry(1, 1, "empathy", 4),  # lenient: 4 − 4/3 = 8/3
        ScoreEntry(2, 2, "empathy", 2),  # harsh: 2 + 4/3 = 10/3
        ScoreEntry(2, 2, "analysis", 5),  # 5 + 4/3 clamped to 5
        ScoreEntry(1, 1, "analysis", 1),  # 1 − 4/3 clamped to 1
        ScoreEntry(3, 3, "analysis", 3),  # no offset known: 3
        ScoreEntry(4, 4, "analysis", 2),  # offset None: 2
        ScoreEntry(4, 4, "teamwork", None),
    ]
    offsets = {1: Fraction(4, 3), 2: Fraction(-4, 3), 4: None}

    # empathy (8/3 + 10/3) / 2 = 3; analysis (5 + 1 + 3 + 2) / 4 = 11/4
    assert adjusted_means(scores, offsets) == {"empathy": 3, "analysis": Fraction(11, 4)}


# --- properties --------------------------------------------------------------------------------

score_values = st.one_of(st.none(), st.integers(min_value=1, max_value=5))
scorecard_values = st.fixed_dictionaries(dict.fromkeys(QUALITY_CODES, score_values))


def to_scores(cards: list[dict[str, int | None]]) -> tuple[ScoreEntry, ...]:
    return tuple(
        ScoreEntry(i + 1, i + 1, code, value)
        for i, values in enumerate(cards)
        for code, value in values.items()
    )


@st.composite
def valid_rules(draw: st.DrawFn) -> tuple[QualityRule, ...]:
    others = draw(st.lists(st.integers(1, 9), min_size=10, max_size=10))
    empathy = max(others) + draw(st.integers(1, 4))
    minimums = draw(st.lists(st.one_of(st.none(), st.integers(1, 5)), min_size=11, max_size=11))
    weights = [empathy, *others]
    return tuple(QualityRule(code, w, m) for code, w, m in zip(QUALITY_CODES, weights, minimums, strict=True))


@st.composite
def candidate_inputs(draw: st.DrawFn) -> list[CandidateInput]:
    count = draw(st.integers(0, 6))
    result = []
    for candidate_id in range(1, count + 1):
        cards = draw(st.lists(scorecard_values, max_size=3))
        name = draw(st.sampled_from(["ana", "Ana", "bob", "Émile", "zoé"]))
        result.append(CandidateInput(candidate_id, name, len(cards), to_scores(cards)))
    return result


@given(st.lists(scorecard_values, max_size=4), valid_rules())
def test_weighted_score_any_scores_within_0_and_100(cards, rules):
    score = weighted_score(quality_means(to_scores(cards)), rules)

    assert score is None or 0 <= score <= 100


@given(st.lists(scorecard_values, max_size=4), valid_rules())
def test_coverage_any_scores_within_0_exclusive_and_1_and_none_with_score(cards, rules):
    means = quality_means(to_scores(cards))
    share = coverage(means, rules)

    assert (share is None) == (weighted_score(means, rules) is None)
    assert share is None or 0 < share <= 1


@given(st.lists(scorecard_values, min_size=1, max_size=4), valid_rules(), st.data())
def test_weighted_score_raising_one_score_never_lowers_it(cards, rules, data):
    scores = to_scores(cards)
    raisable = [i for i, entry in enumerate(scores) if entry.value is not None and entry.value < 5]
    if not raisable:
        return
    index = data.draw(st.sampled_from(raisable))
    raised = list(scores)
    raised[index] = replace(scores[index], value=scores[index].value + 1)

    before = weighted_score(quality_means(scores), rules)
    after = weighted_score(quality_means(raised), rules)

    assert after >= before


@given(st.lists(scorecard_values, max_size=4), st.data())
def test_evaluate_score_order_does_not_matter(cards, data):
    scores = to_scores(cards)
    shuffled = data.draw(st.permutations(scores))
    first = CandidateInput(1, "A", len(cards), scores)

    assert evaluate(first, RULES) == evaluate(replace(first, scores=tuple(shuffled)), RULES)


@given(candidate_inputs(), valid_rules())
def test_rank_any_candidates_is_a_permutation_scored_first(candidates, rules):
    ranked = evaluate_all(candidates, rules)

    assert sorted(r.candidate_id for r in ranked) == [c.candidate_id for c in candidates]
    assert [r.rank for r in ranked] == list(range(1, len(candidates) + 1))
    scored = [r.weighted_score is not None for r in ranked]
    assert scored == sorted(scored, reverse=True)
    scores = [r.weighted_score for r in ranked if r.weighted_score is not None]
    assert scores == sorted(scores, reverse=True)


@given(candidate_inputs(), valid_rules())
def test_rerank_same_rules_gives_same_ranking(candidates, rules):
    ranked = evaluate_all(candidates, rules)

    assert rerank(ranked, rules) == ranked


@given(candidate_inputs(), valid_rules())
def test_ranking_fragility_reported_changes_are_valid_and_flip_the_top(candidates, rules):
    ranked = evaluate_all(candidates, rules)
    changes = ranking_fragility(ranked, rules)

    for change in changes:
        new_rules = [
            replace(r, weight=r.weight + change.delta) if r.code == change.quality else r for r in rules
        ]
        assert check_weights({r.code: r.weight for r in new_rules}) == []
        assert change.top_candidate_id != ranked[0].candidate_id
        assert rerank(ranked, new_rules)[0].candidate_id == change.top_candidate_id


@given(valid_rules())
def test_check_weights_generated_valid_weights_pass(rules):
    assert check_weights({r.code: r.weight for r in rules}) == []


@given(
    st.decimals(min_value=-(10**6), max_value=10**6, places=6, allow_nan=False, allow_infinity=False),
    st.integers(0, 5),
)
def test_round_half_up_any_decimal_matches_decimal_quantize(value, places):
    with localcontext() as context:
        context.prec = 50
        expected = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)

    assert round_half_up(value, places) == expected


@given(st.lists(scorecard_values, max_size=4))
def test_adjusted_means_no_offsets_equals_quality_means(cards):
    scores = to_scores(cards)

    assert adjusted_means(scores, {}) == quality_means(scores)


@given(st.lists(st.tuples(scorecard_values, scorecard_values), max_size=4))
def test_calibration_two_interviewers_offsets_are_opposite(pairs):
    cards = []
    for candidate_id, (first, second) in enumerate(pairs):
        cards.append(ScorecardInput(2 * candidate_id, candidate_id, 1, "Alice", "yes", first))
        cards.append(ScorecardInput(2 * candidate_id + 1, candidate_id, 2, "Bob", "no", second))

    interviewers = calibration(cards).interviewers

    if interviewers:
        alice, bob = interviewers
        assert alice.shared_cells == bob.shared_cells
        if alice.offset is None:
            assert bob.offset is None
        else:
            assert alice.offset == -bob.offset


def test_rank_full_tie_accented_name_sorts_among_its_letter():
    # Equal scores and empathy: the name decides, ignoring accents and case — Émile between
    # Denise and Fanny, not after Zoé.
    rules = [QualityRule("empathy", 3, None)]
    names = ["Zoé", "Émile", "Fanny", "denise"]
    results = evaluate_all(
        [
            CandidateInput(
                candidate_id=index,
                name=name,
                scorecard_count=1,
                scores=(ScoreEntry(scorecard_id=index, interviewer_id=1, quality="empathy", value=3),),
            )
            for index, name in enumerate(names, start=1)
        ],
        rules,
    )
    assert [r.name for r in results] == ["denise", "Émile", "Fanny", "Zoé"]


# --- how sure and why (issue 11): thin evidence, conflicts, why-lines, fragility with counts -----


@pytest.mark.parametrize(
    ("count", "below", "thin"), [(0, 2, True), (1, 2, True), (2, 2, False), (2, 3, True)]
)
def test_thin_evidence_counts_scorecards_under_the_threshold(count, below, thin):
    assert thin_evidence(count, below) is thin


def test_thin_evidence_default_threshold_is_two():
    assert THIN_EVIDENCE_BELOW == 2
    assert thin_evidence(1) and not thin_evidence(2)


def test_conflict_flags_below_bar_with_majority_of_yes():
    # Empathy (2 + 2) / 2 = 2 < bar 3; yes and strong_yes are 2 of 3 recommendations: a majority.
    result = evaluate(
        candidate(
            1, "A", card(1, empathy=2), card(2, empathy=2), recommendations=("yes", "strong_yes", "no")
        ),
        RULES,
    )
    assert result.below_bar == ("empathy",)
    assert conflict_flags(result) == ("below_bar_yet_yes",)


def test_conflict_flags_half_yes_is_no_majority():
    result = evaluate(
        candidate(1, "A", card(1, empathy=2), card(2, empathy=2), recommendations=("yes", "no")), RULES
    )
    assert conflict_flags(result) == ()


def test_conflict_flags_strong_yes_and_strong_no_on_one_candidate():
    result = evaluate(
        candidate(
            1, "A", card(1, empathy=4), card(2, empathy=4), recommendations=("strong_yes", "strong_no")
        ),
        RULES,
    )
    assert conflict_flags(result) == ("strong_split",)


def test_conflicts_top_score_with_majority_of_no():
    # A: empathy 5 → 100, recommendations no, no, yes (2 of 3 no). B: empathy 3 → 50, all yes.
    a = evaluate(candidate(1, "A", card(1, empathy=5), recommendations=("no", "no", "yes")), RULES)
    b = evaluate(candidate(2, "B", card(2, empathy=3), recommendations=("no", "no", "no")), RULES)
    assert a.weighted_score == 100 and b.weighted_score == 50
    # B has a majority of no too, but not the top score.
    assert conflicts([a, b]) == {1: ("top_yet_no",), 2: ()}


def test_conflicts_all_three_in_order():
    # Empathy 2 under the bar; a lone candidate holds the top score; recommendations:
    # strong_yes, yes, yes, strong_no, no → 3 of 5 yes (majority) and a strong split. Not a no majority.
    a = evaluate(
        candidate(
            1, "A", card(1, empathy=2), recommendations=("strong_yes", "yes", "yes", "strong_no", "no")
        ),
        RULES,
    )
    assert conflicts([a]) == {1: ("below_bar_yet_yes", "strong_split")}
    assert set(conflicts([a])[1]) <= set(CONFLICTS)


def test_conflicts_unscored_candidate_is_never_top():
    unscored = evaluate(candidate(1, "A", recommendations=("no", "no")), RULES)
    assert conflicts([unscored]) == {1: ()}


@pytest.mark.parametrize(
    ("decision", "recommendations", "empathy", "expected"),
    [
        ("offer", ("yes",), 2, ("below_bar",)),
        ("hired", ("no", "strong_no", "yes"), 4, ("more_no",)),
        ("hired", ("no", "yes"), 2, ("below_bar",)),  # one no against one yes is not more no
        ("offer", ("strong_no",), 1, ("below_bar", "more_no")),
        ("rejected", ("strong_no",), 1, ()),
        ("shortlisted", ("strong_no",), 1, ()),
        ("offer", ("yes", "yes"), 3, ()),  # 3 is at the bar, not under it
    ],
)
def test_decision_contradictions_hand_cases(decision, recommendations, empathy, expected):
    cards = [card(i + 1, empathy=empathy) for i in range(len(recommendations))]
    result = evaluate(candidate(1, "A", *cards, recommendations=recommendations), RULES)
    assert decision_contradictions(decision, result) == expected


def test_decision_contradictions_without_evidence_is_empty():
    assert decision_contradictions("offer", None) == ()


def test_why_lines_strengths_concerns_and_tally():
    # A: empathy 4 (≥ 4: a strength, and leads B's 3), teamwork 3 vs B's 2 (leads: a strength),
    #    creativity 3 = B's 3 (a tie is no lead), two scorecards → not thin.
    # B: one scorecard → thin; empathy 2 under the bar 3; analysis 5 alone (≥ 4: a strength);
    #    curiosity 3 alone (no one to lead: not a strength); teamwork 2 and creativity 3 lead nothing.
    a = evaluate(
        candidate(
            1,
            "A",
            card(1, empathy=4, teamwork=3, creativity=3),
            card(2, empathy=4, teamwork=3, creativity=3),
            recommendations=("yes", "strong_yes"),
        ),
        RULES,
    )
    b = evaluate(
        candidate(
            3,
            "B",
            card(3, empathy=2, teamwork=2, creativity=3, analysis=5, curiosity=3),
            recommendations=("no",),
        ),
        RULES,
    )
    line_a, line_b = why_lines([a, b], RULES)
    assert line_a.strengths == ("empathy", "teamwork")
    assert (line_a.below_bar, line_a.disputed, line_a.thin_evidence, line_a.has_concerns) == (
        (),
        (),
        False,
        False,
    )
    assert line_a.recommendations == {"strong_no": 0, "no": 0, "yes": 1, "strong_yes": 1}
    assert line_b.strengths == ("analysis",)
    assert (line_b.below_bar, line_b.thin_evidence, line_b.has_concerns) == (("empathy",), True, True)


def test_why_lines_disputed_quality_is_a_concern():
    # Empathy 5 and 3: spread 2 → disputed; mean 4 → also a strength.
    a = evaluate(candidate(1, "A", card(1, empathy=5), card(2, empathy=3)), RULES)
    (line,) = why_lines([a], RULES)
    assert (line.strengths, line.disputed) == (("empathy",), ("empathy",))
    assert line.has_concerns


def test_why_lines_thin_threshold_is_passed_in():
    a = evaluate(candidate(1, "A", card(1, empathy=3), card(2, empathy=3)), RULES)
    assert not why_lines([a], RULES)[0].thin_evidence
    assert why_lines([a], RULES, thin_below=3)[0].thin_evidence


def test_fragility_with_counts_names_a_leader_on_one_scorecard():
    # As in test_ranking_fragility_one_more_weight_flips_the_top: communication +1 puts A first.
    # A stands on one scorecard: thin. B on two.
    a = evaluate(candidate(1, "A", card(1, empathy=4, communication=5)), RULES)
    b = evaluate(
        candidate(2, "B", card(2, empathy=5, communication=3), card(3, empathy=5, communication=3)), RULES
    )
    assert fragility_with_counts([a, b], RULES) == (FragileLead("communication", 1, 1, 1, True),)
    # With a threshold of one scorecard, A's single card is enough.
    assert fragility_with_counts([a, b], RULES, thin_below=1) == (
        FragileLead("communication", 1, 1, 1, False),
    )


@given(st.lists(scorecard_values, max_size=4), valid_rules())
def test_why_lines_strengths_are_assessed_qualities_property(cards, rules):
    entries = tuple(
        ScoreEntry(i, i, code, value) for i, values in enumerate(cards, 1) for code, value in values.items()
    )
    result = evaluate(CandidateInput(1, "A", len(cards), entries), rules)
    (line,) = why_lines([result], rules)
    # Alone on a shortlist, a strength is exactly a mean of STRENGTH_MEAN or more.
    assert line.strengths == tuple(r.code for r in rules if result.means.get(r.code, 0) >= STRENGTH_MEAN)
    assert line.thin_evidence == (len(cards) < THIN_EVIDENCE_BELOW)


@given(st.lists(st.lists(scorecard_values, min_size=1, max_size=2), max_size=5), valid_rules())
def test_why_lines_leader_is_strictly_above_every_other_candidate_property(people, rules):
    results = [
        evaluate(
            CandidateInput(
                n,
                f"C{n}",
                len(cards),
                tuple(
                    ScoreEntry(10 * n + i, 10 * n + i, code, value)
                    for i, values in enumerate(cards)
                    for code, value in values.items()
                ),
            ),
            rules,
        )
        for n, cards in enumerate(people, 1)
    ]
    lines = {line.candidate_id: line for line in why_lines(results, rules)}
    for rule in rules:
        means = {r.candidate_id: r.means[rule.code] for r in results if rule.code in r.means}
        for candidate_id, mean in means.items():
            # A lead, by its definition: assessed by someone else too, and strictly above them all.
            others = [m for other, m in means.items() if other != candidate_id]
            leads = bool(others) and all(mean > m for m in others)
            strong = leads or mean >= STRENGTH_MEAN
            assert (rule.code in lines[candidate_id].strengths) == strong


@given(st.lists(st.sampled_from(RECOMMENDATIONS), max_size=6), st.sampled_from(["offer", "hired"]))
def test_decision_contradictions_more_no_iff_no_outnumbers_yes_property(recs, decision):
    result = evaluate(CandidateInput(1, "A", len(recs), (), tuple(recs)), RULES)
    no = sum(r in ("no", "strong_no") for r in recs)
    assert ("more_no" in decision_contradictions(decision, result)) == (no > len(recs) - no)


@given(st.lists(scorecard_values, max_size=4), valid_rules(), valid_rules())
def test_rescore_under_other_rules_equals_evaluating_under_them(cards, before, after):
    entry = CandidateInput(candidate_id=1, name="Ana", scorecard_count=len(cards), scores=to_scores(cards))

    assert rescore(evaluate(entry, before), after) == evaluate(entry, after)
