"""One scorecard per interview: each interviewer is one voice in a quality's mean, thin evidence
counts interviewers, recommendations count cards (DESIGN.md, "Scoring rules"). No database;
expected values worked out by hand."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from evaluations.scoring import (
    QUALITY_CODES,
    CandidateInput,
    QualityRule,
    ScoreEntry,
    adjusted_means,
    evaluate,
    fragility_with_counts,
    quality_means,
    rank,
    spreads,
    thin_evidence,
    why_lines,
)
from tests.scoring.test_scoring import scorecard_values, valid_rules

RULES = tuple(QualityRule(code, 3 if code == "empathy" else 1) for code in QUALITY_CODES)


def entry(card: int, interviewer: int, value: int | None, quality: str = "empathy") -> ScoreEntry:
    return ScoreEntry(scorecard_id=card, interviewer_id=interviewer, quality=quality, value=value)


def test_two_cards_by_one_interviewer_are_one_voice():
    # Iris scored empathy 4 at the phone screen and 5 at the case study: her voice is 4.5.
    # Omar scored 3 once. The mean is (4.5 + 3) / 2 = 3.75, not (4 + 5 + 3) / 3 = 4.00.
    scores = [entry(1, 10, 4), entry(2, 10, 5), entry(3, 20, 3)]

    assert quality_means(scores) == {"empathy": Fraction(15, 4)}


def test_an_interviewers_not_assessed_card_leaves_their_voice_to_the_others():
    # Iris: 4, then "not assessed" at the second interview: her voice is 4 (not 2, not absent).
    scores = [entry(1, 10, 4), entry(2, 10, None), entry(3, 20, 1)]

    assert quality_means(scores) == {"empathy": Fraction(5, 2)}


def test_weighted_score_follows_the_voices():
    # Empathy (weight 3): Iris 5 and 3 (voice 4), Omar 2: mean 3. Teamwork (weight 1): Iris 5 once:
    # mean 5. Score 25 × ((3·3 + 1·5) / 4 − 1) = 25 × 2.5 = 62.5.
    rules = (QualityRule("empathy", 3), QualityRule("teamwork", 1))
    scores = (entry(1, 10, 5), entry(2, 10, 3), entry(3, 20, 2), entry(1, 10, 5, "teamwork"))

    result = evaluate(CandidateInput(1, "Ana", scorecard_count=3, scores=scores, interviewer_count=2), rules)

    assert result.means == {"empathy": Fraction(3), "teamwork": Fraction(5)}
    assert result.weighted_score == Fraction(125, 2)
    # The spread is over the cards' scores (what the debrief discusses): 5 − 2 = 3.
    assert result.spreads["empathy"] == 3
    assert result.disagreements == ("empathy",)


def test_recommendations_count_cards_thin_evidence_counts_interviewers():
    # Three cards, two by the same interviewer: three verdicts, two voices.
    scores = (entry(1, 10, 4), entry(2, 10, 4), entry(3, 20, 4))

    result = evaluate(
        CandidateInput(
            1,
            "Ana",
            scorecard_count=3,
            scores=scores,
            recommendations=("yes", "yes", "no"),
            interviewer_count=2,
        ),
        RULES,
    )

    assert result.scorecard_count == 3
    assert result.interviewer_count == 2
    assert result.recommendations == {"strong_no": 0, "no": 1, "yes": 2, "strong_yes": 0}
    assert thin_evidence(result.interviewer_count, 3)
    assert not thin_evidence(result.scorecard_count, 3)
    [line] = why_lines([result], RULES, thin_below=3)
    assert line.thin_evidence


def test_fragile_lead_is_thin_by_its_interviewers():
    # Bruno leads by a hair on empathy; Ana would lead if teamwork weighed one more. Ana's score
    # stands on two cards by one interviewer: a lead on thin evidence, though two cards.
    rules = (QualityRule("empathy", 2), QualityRule("teamwork", 1))
    ana = evaluate(
        CandidateInput(
            1,
            "Ana",
            scorecard_count=2,
            scores=(
                entry(1, 10, 3),
                entry(2, 10, 3),
                entry(1, 10, 5, "teamwork"),
                entry(2, 10, 5, "teamwork"),
            ),
            interviewer_count=1,
        ),
        rules,
    )
    bruno = evaluate(
        CandidateInput(
            2,
            "Bruno",
            scorecard_count=2,
            scores=(
                entry(3, 20, 4),
                entry(4, 30, 4),
                entry(3, 20, 2, "teamwork"),
                entry(4, 30, 2, "teamwork"),
            ),
            interviewer_count=2,
        ),
        rules,
    )
    # Ana 25 × ((6 + 5) / 3 − 1) = 66.67; Bruno 25 × ((8 + 2) / 3 − 1) = 58.33.
    leads = fragility_with_counts(rank([ana, bruno]), rules, thin_below=2)

    assert all(lead.top_candidate_id == 2 for lead in leads)
    assert leads and all(not lead.thin_evidence for lead in leads)  # Bruno: two interviewers


def test_adjusted_means_each_interviewer_one_voice():
    # Iris is lenient by 1: her 5 and 3 become 4 and 2 (voice 3); Omar's 2 stays: (3 + 2) / 2.
    scores = [entry(1, 10, 5), entry(2, 10, 3), entry(3, 20, 2)]

    assert adjusted_means(scores, {10: Fraction(1), 20: None}) == {"empathy": Fraction(5, 2)}


def test_interviewer_count_defaults_to_the_cards():
    result = evaluate(
        CandidateInput(1, "Ana", scorecard_count=2, scores=(entry(1, 10, 4), entry(2, 20, 4))), RULES
    )

    assert result.interviewer_count == 2


# --- with one card each, the old rule and the new agree --------------------------------------


def _plain_means(scores: list[ScoreEntry]) -> dict[str, Fraction]:
    grouped: dict[str, list[int]] = {}
    for s in scores:
        if s.value is not None:
            grouped.setdefault(s.quality, []).append(s.value)
    return {code: Fraction(sum(v), len(v)) for code, v in grouped.items()}


def _cards(cards: list[dict[str, int | None]], interviewers: list[int]) -> list[ScoreEntry]:
    return [
        ScoreEntry(i + 1, interviewers[i], code, value)
        for i, values in enumerate(cards)
        for code, value in values.items()
    ]


@given(st.lists(scorecard_values, max_size=5), valid_rules())
def test_one_card_each_voices_are_the_plain_mean(cards, rules):
    scores = _cards(cards, list(range(100, 100 + len(cards))))

    assert quality_means(scores) == _plain_means(scores)
    result = evaluate(CandidateInput(1, "Ana", len(cards), tuple(scores)), rules)
    assert result.means == _plain_means(scores)


@given(st.lists(scorecard_values, min_size=1, max_size=6), st.data())
def test_voices_mean_is_the_mean_of_each_interviewers_mean(cards, data):
    interviewers = data.draw(st.lists(st.integers(1, 3), min_size=len(cards), max_size=len(cards)))
    scores = _cards(cards, interviewers)

    means = quality_means(scores)

    for code in QUALITY_CODES:
        own: dict[int, list[int]] = {}
        for s in scores:
            if s.quality == code and s.value is not None:
                own.setdefault(s.interviewer_id, []).append(s.value)
        if not own:
            assert code not in means
            continue
        voices = [Fraction(sum(v), len(v)) for v in own.values()]
        assert means[code] == sum(voices) / len(voices)
        # Within the range of the scores, and the spread still over every card's score.
        values = [v for vs in own.values() for v in vs]
        assert min(values) <= means[code] <= max(values)
        assert spreads(scores)[code] == max(values) - min(values)
