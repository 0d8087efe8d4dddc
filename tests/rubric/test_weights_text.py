"""The rubric page's sentence about the weights, written from the stored weights (issue 11).

Every expected sentence is written by hand: the shares are computed in the comment beside it.
"""

from __future__ import annotations

import pytest
from django.utils import translation

from evaluations.rubric.presenters import weights_text
from evaluations.scoring import WeightGroup, weight_groups

OTHERS_EN = [
    "Adaptability",
    "Creativity",
    "Communication skills",
    "Technical knowledge",
    "Curiosity",
    "Organization",
    "Problem solving",
    "Analysis",
    "Teamwork",
    "Proactivity",
]
OTHERS_FR = [
    "Adaptabilité",
    "Créativité",
    "Compétences en communication",
    "Connaissances techniques",
    "Curiosité",
    "Organisation",
    "Résolution de problèmes",
    "Analyse",
    "Travail d'équipe",
    "Proactivité",
]
NBSP = "\u00a0"


def rubric(empathy: int, *, others: list[str] = OTHERS_EN, first: str = "Empathy", **weights: int):
    """Empathy first, then the ten others at 1 unless given (by their position: ``q9=2`` is Analysis)."""
    return [(first, empathy)] + [(name, weights.get(f"q{i}", 1)) for i, name in enumerate(others, start=2)]


def english(weights) -> str:
    with translation.override("en"):
        return weights_text(weights)


def french(weights) -> str:
    with translation.override("fr"):
        return weights_text(weights)


def test_weight_groups_heaviest_first_members_in_given_order():
    assert weight_groups([("a", 1), ("b", 3), ("c", 2), ("d", 1), ("e", 2)]) == (
        WeightGroup(3, ("b",)),
        WeightGroup(2, ("c", "e")),
        WeightGroup(1, ("a", "d")),
    )


def test_weight_groups_empty_gives_no_group():
    assert weight_groups([]) == ()


def test_weights_text_seeded_weights_say_three_times_the_ten_others():
    # 3 of 3 + 10 = 13: 23.08 % → 23.
    assert english(rubric(3)) == (
        "Empathy weighs 3, three times each of the other ten qualities (1 each). "
        "Empathy carries 23% of the total weight."
    )


def test_weights_text_analysis_raised_names_it_and_groups_the_nine_others():
    # 5 of 5 + 2 + 9 = 16: 31.25 % → 31.
    assert english(rubric(5, q9=2)) == (
        "Empathy weighs 5. Analysis weighs 2. The other nine qualities weigh 1 each. "
        "Empathy carries 31% of the total weight."
    )


def test_weights_text_three_qualities_of_equal_weight_listed_in_rubric_order():
    # Curiosity (6th), Analysis (9th), Teamwork (10th) at 2; 4 of 4 + 6 + 7 = 17: 23.53 % → 24.
    assert english(rubric(4, q6=2, q9=2, q10=2)) == (
        "Empathy weighs 4. Curiosity, Analysis and Teamwork weigh 2 each. "
        "The other seven qualities weigh 1 each. Empathy carries 24% of the total weight."
    )


def test_weights_text_two_qualities_share_the_second_weight():
    # 6 of 6 + 3 + 3 + 8 = 20: 30 %.
    assert english(rubric(6, q2=3, q11=3)) == (
        "Empathy weighs 6. Adaptability and Proactivity weigh 3 each. "
        "The other eight qualities weigh 1 each. Empathy carries 30% of the total weight."
    )


def test_weights_text_ratio_not_whole_written_with_one_decimal():
    # 5 / 2 = 2.5; 5 of 5 + 20 = 25: 20 %.
    weights = rubric(5, **{f"q{i}": 2 for i in range(2, 12)})
    assert english(weights) == (
        "Empathy weighs 5, 2.5 times each of the other ten qualities (2 each). "
        "Empathy carries 20% of the total weight."
    )


def test_weights_text_double_says_twice():
    # 2 of 12: 16.67 % → 17.
    assert english(rubric(2)) == (
        "Empathy weighs 2, twice each of the other ten qualities (1 each). "
        "Empathy carries 17% of the total weight."
    )


def test_weights_text_large_ratio_in_figures():
    # 30 of 40: 75 %.
    assert english(rubric(30)) == (
        "Empathy weighs 30, 30 times each of the other ten qualities (1 each). "
        "Empathy carries 75% of the total weight."
    )


def test_weights_text_share_rounded_half_up():
    # 3 of 3 + 5 = 8: 37.5 % → 38 (half up, not to even).
    weights = [("Empathy", 3), *((name, 1) for name in OTHERS_EN[:5])]
    assert english(weights) == (
        "Empathy weighs 3, three times each of the other five qualities (1 each). "
        "Empathy carries 38% of the total weight."
    )


def test_weights_text_one_other_quality_in_the_singular():
    # 3 of 4: 75 %.
    assert english([("Empathy", 3), ("Analysis", 1)]) == (
        "Empathy weighs 3, three times the other quality (1). Empathy carries 75% of the total weight."
    )


def test_weights_text_every_weight_different_one_sentence_each():
    # 5 of 9: 55.56 % → 56.
    assert english([("Empathy", 5), ("Analysis", 3), ("Curiosity", 1)]) == (
        "Empathy weighs 5. Analysis weighs 3. Curiosity weighs 1. Empathy carries 56% of the total weight."
    )


def test_weights_text_heaviest_shared_says_no_share():
    assert english([("Empathy", 3), ("Analysis", 3), ("Curiosity", 1), ("Teamwork", 1)]) == (
        "Empathy and Analysis weigh 3 each. The other two qualities weigh 1 each."
    )


def test_weights_text_all_equal_and_empty():
    assert english([("Empathy", 2), ("Analysis", 2)]) == "All two qualities weigh 2 each."
    assert english([("Empathy", 2)]) == "Empathy weighs 2."
    assert english([]) == ""


def test_weights_text_french_seeded_weights():
    assert french(rubric(3, others=OTHERS_FR, first="Empathie")) == (
        "Empathie pèse 3, soit trois fois le poids de chacune des dix autres qualités (1 chacune). "
        f"Empathie porte 23{NBSP}% du poids total."
    )


def test_weights_text_french_analysis_raised():
    assert french(rubric(5, others=OTHERS_FR, first="Empathie", q9=2)) == (
        "Empathie pèse 5. Analyse pèse 2. Les neuf autres qualités pèsent 1 chacune. "
        f"Empathie porte 31{NBSP}% du poids total."
    )


def test_weights_text_french_groups_and_decimal_comma():
    assert french(rubric(4, others=OTHERS_FR, first="Empathie", q6=2, q9=2, q10=2)) == (
        "Empathie pèse 4. Curiosité, Analyse et Travail d'équipe pèsent 2 chacune. "
        f"Les sept autres qualités pèsent 1 chacune. Empathie porte 24{NBSP}% du poids total."
    )
    weights = rubric(5, others=OTHERS_FR, first="Empathie", **{f"q{i}": 2 for i in range(2, 12)})
    assert french(weights) == (
        "Empathie pèse 5, soit 2,5 fois le poids de chacune des dix autres qualités (2 chacune). "
        f"Empathie porte 20{NBSP}% du poids total."
    )


@pytest.mark.parametrize(
    ("weights", "expected"),
    [
        (
            [("Empathie", 2), ("Analyse", 1)],
            "Empathie pèse 2, soit deux fois le poids de l'autre qualité (1).",
        ),
        (
            [("Empathie", 3), ("Analyse", 3), ("Curiosité", 1)],
            "Empathie et Analyse pèsent 3 chacune. Curiosité pèse 1.",
        ),
        (
            [("Empathie", 3), ("Analyse", 1), ("Curiosité", 1)],
            "Empathie pèse 3, soit trois fois le poids de chacune des deux autres qualités (1 chacune).",
        ),
    ],
)
def test_weights_text_french_singular_and_shared_heaviest(weights, expected):
    assert french(weights).startswith(expected)
