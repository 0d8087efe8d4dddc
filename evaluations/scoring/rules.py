"""The core rules of DESIGN.md ("Scoring rules"): means, the weighted score, coverage, the bar,
disagreements and the ranking. Plain values in, plain values out; every number a ``Fraction``.
"""

from __future__ import annotations

import math
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction

QUALITY_CODES: tuple[str, ...] = (
    "empathy",
    "adaptability",
    "creativity",
    "communication",
    "technical_knowledge",
    "curiosity",
    "organization",
    "problem_solving",
    "analysis",
    "teamwork",
    "proactivity",
)


RECOMMENDATIONS: tuple[str, ...] = ("strong_no", "no", "yes", "strong_yes")


DISAGREEMENT_SPREAD = 2


MIN_SCORE = 1


MAX_SCORE = 5


# The quality whose weight must stay strictly highest (DESIGN.md invariant) and
# whose mean breaks ties in the ranking.
EMPATHY = "empathy"


@dataclass(frozen=True)
class QualityRule:
    code: str
    weight: int
    minimum: int | None = None


@dataclass(frozen=True)
class ScoreEntry:
    """One score of one submitted scorecard; ``value`` None means not assessed."""

    scorecard_id: int
    interviewer_id: int
    quality: str
    value: int | None
    interviewer_name: str = ""


@dataclass(frozen=True)
class CandidateInput:
    candidate_id: int
    name: str
    scorecard_count: int  # submitted cards: what the score stands on
    scores: tuple[ScoreEntry, ...] = ()
    recommendations: tuple[str, ...] = ()  # one per submitted card
    # The distinct interviewers of those cards (the independent raters thin evidence counts);
    # None: as many as the cards (one card each).
    interviewer_count: int | None = None


@dataclass(frozen=True)
class CandidateResult:
    candidate_id: int
    name: str
    scorecard_count: int
    means: Mapping[str, Fraction]
    weighted_score: Fraction | None
    coverage: Fraction | None
    below_bar: tuple[str, ...]
    disagreements: tuple[str, ...]
    spreads: Mapping[str, int]
    recommendations: Mapping[str, int]
    rank: int | None = None
    interviewer_count: int = 0  # the distinct interviewers of the submitted cards


@dataclass(frozen=True)
class ScorecardInput:
    scorecard_id: int
    candidate_id: int
    interviewer_id: int
    interviewer_name: str
    recommendation: str
    values: Mapping[str, int | None]


def _mean(values: Iterable[Fraction | int]) -> Fraction | None:
    total = Fraction(0)
    count = 0
    for value in values:
        total += value
        count += 1
    return total / count if count else None


def _values_by_quality(scores: Iterable[ScoreEntry]) -> dict[str, list[int]]:
    grouped: dict[str, list[int]] = defaultdict(list)
    for entry in scores:
        if entry.value is not None:
            grouped[entry.quality].append(entry.value)
    return grouped


def _code_order(code: str) -> tuple[int, str]:
    # Known qualities in rubric order; anything else after them, alphabetically,
    # so that output never depends on the order rows came out of the database.
    if code in QUALITY_CODES:
        return (QUALITY_CODES.index(code), "")
    return (len(QUALITY_CODES), code)


def _in_rubric_order(grouped: Mapping[str, list[int]]) -> list[tuple[str, list[int]]]:
    return sorted(grouped.items(), key=lambda item: _code_order(item[0]))


def _voices_by_quality(scores: Iterable[ScoreEntry]) -> dict[str, dict[int, list[int]]]:
    """Each quality's assessed values, by interviewer: an interviewer who sat several interviews
    of the candidate has several values, and is one voice."""
    grouped: dict[str, dict[int, list[int]]] = defaultdict(dict)
    for entry in scores:
        if entry.value is not None:
            grouped[entry.quality].setdefault(entry.interviewer_id, []).append(entry.value)
    return grouped


def _voice_mean(by_interviewer: Mapping[int, list[int]]) -> Fraction:
    """The mean over interviewers of each one's own mean of their values."""
    voices = by_interviewer.values()
    if all(len(values) == 1 for values in voices):
        # One card each (the usual case, and a dashboard evaluates hundreds): the plain mean.
        return Fraction(sum(values[0] for values in voices), len(by_interviewer))
    return sum((Fraction(sum(values), len(values)) for values in voices), Fraction(0)) / len(by_interviewer)


def _means_of(voices: Mapping[str, Mapping[int, list[int]]]) -> dict[str, Fraction]:
    return {code: _voice_mean(voices[code]) for code in sorted(voices, key=_code_order) if voices[code]}


def _values_of(voices: Mapping[str, Mapping[int, list[int]]]) -> dict[str, list[int]]:
    return {code: [v for values in by_who.values() for v in values] for code, by_who in voices.items()}


def _spreads_of(grouped: Mapping[str, list[int]]) -> dict[str, int]:
    return {code: max(values) - min(values) for code, values in _in_rubric_order(grouped)}


def quality_means(scores: Iterable[ScoreEntry]) -> dict[str, Fraction]:
    """Each quality's mean: the mean, over the interviewers who assessed it, of each one's own
    mean of their assessed values (each interviewer is one voice, however many interviews they
    sat); unassessed qualities are absent. With one card per interviewer, the plain mean."""
    return _means_of(_voices_by_quality(scores))


def weighted_score(means: Mapping[str, Fraction], rules: Sequence[QualityRule]) -> Fraction | None:
    """25 × (Σ w·mean / Σ w − 1) over the rules whose quality has a mean.

    Maps a mean of 1 to 0 and a mean of 5 to 100. Qualities nobody assessed are
    left out of both sums rather than counted as zero: ``coverage`` tells how
    much of the rubric the score stands on.
    """
    # In integers over one common denominator: as exact as adding Fractions, and several times
    # faster for a dashboard that scores hundreds of candidates.
    terms = []
    total_weight = 0
    for rule in rules:
        mean = means.get(rule.code)
        if mean is not None:
            terms.append((rule.weight, mean.numerator, mean.denominator))
            total_weight += rule.weight
    if not total_weight:
        return None
    denominator = math.lcm(*(den for _weight, _num, den in terms))
    numerator = sum(weight * num * (denominator // den) for weight, num, den in terms)
    return 25 * (Fraction(numerator, denominator * total_weight) - 1)


def coverage(means: Mapping[str, Fraction], rules: Sequence[QualityRule]) -> Fraction | None:
    """Share of the total weight carried by qualities that have a mean."""
    covered = sum(rule.weight for rule in rules if rule.code in means)
    if not covered:
        return None
    return Fraction(covered, sum(rule.weight for rule in rules))


def below_bar(means: Mapping[str, Fraction], rules: Sequence[QualityRule]) -> tuple[str, ...]:
    """Codes whose mean is strictly under the rule's minimum, in rule order.

    A quality nobody assessed is not flagged: there is no evidence it is weak,
    and the coverage figure already shows it is missing.
    """
    return tuple(
        rule.code
        for rule in rules
        if rule.minimum is not None and rule.code in means and means[rule.code] < rule.minimum
    )


def spreads(scores: Iterable[ScoreEntry]) -> dict[str, int]:
    """max − min of each quality's assessed values."""
    return _spreads_of(_values_by_quality(scores))


def _disagreements_from_spreads(
    quality_spreads: Mapping[str, int], rules: Sequence[QualityRule]
) -> tuple[str, ...]:
    return tuple(rule.code for rule in rules if quality_spreads.get(rule.code, 0) >= DISAGREEMENT_SPREAD)


def disagreements(scores: Iterable[ScoreEntry], rules: Sequence[QualityRule]) -> tuple[str, ...]:
    """Codes, in rule order, whose scores differ by DISAGREEMENT_SPREAD or more."""
    return _disagreements_from_spreads(spreads(scores), rules)


def recommendation_tally(recommendations: Iterable[str]) -> dict[str, int]:
    """Count of each recommendation; every key is present, unknown values ignored."""
    tally = dict.fromkeys(RECOMMENDATIONS, 0)
    for recommendation in recommendations:
        if recommendation in tally:
            tally[recommendation] += 1
    return tally


def evaluate(candidate: CandidateInput, rules: Sequence[QualityRule]) -> CandidateResult:
    """Everything the dashboard shows for one candidate, before ranking.

    The score follows the scores given, not ``scorecard_count``: submitted
    scorecards that assess nothing leave the candidate without a score too.
    """
    # Grouped once for both ``quality_means`` and ``spreads`` (the same code underneath): a
    # dashboard evaluates hundreds of candidates.
    voices = _voices_by_quality(candidate.scores)
    means = _means_of(voices)
    quality_spreads = _spreads_of(_values_of(voices))
    return CandidateResult(
        candidate_id=candidate.candidate_id,
        name=candidate.name,
        scorecard_count=candidate.scorecard_count,
        interviewer_count=(
            candidate.scorecard_count if candidate.interviewer_count is None else candidate.interviewer_count
        ),
        means=means,
        weighted_score=weighted_score(means, rules),
        coverage=coverage(means, rules),
        below_bar=below_bar(means, rules),
        disagreements=_disagreements_from_spreads(quality_spreads, rules),
        spreads=quality_spreads,
        recommendations=recommendation_tally(candidate.recommendations),
    )


def _folded(name: str) -> str:
    """The name without accents or case, so that "Émile" sorts among the e's, as a French reader expects."""
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)).casefold()


def _name_key(result: CandidateResult) -> tuple[str, str, str, int]:
    # The casefolded name, the raw name and then the id only make the order total, so the
    # same input always ranks the same.
    return (_folded(result.name), result.name.casefold(), result.name, result.candidate_id)


def _rank_key(result: CandidateResult) -> tuple[object, ...]:
    if result.weighted_score is None:
        return (1, _name_key(result))
    empathy = result.means.get(EMPATHY)
    empathy_key = (0, -empathy) if empathy is not None else (1, Fraction(0))
    return (0, -result.weighted_score, empathy_key, _name_key(result))


def rank(results: Iterable[CandidateResult]) -> list[CandidateResult]:
    """Results in ranking order, each a copy carrying its position (1..n).

    Ties get consecutive positions rather than a shared one: the tie-breaks
    (empathy mean, then name) already decide who comes first.
    """
    ordered = sorted(results, key=_rank_key)
    return [replace(result, rank=position) for position, result in enumerate(ordered, 1)]


def evaluate_all(candidates: Iterable[CandidateInput], rules: Sequence[QualityRule]) -> list[CandidateResult]:
    return rank(evaluate(candidate, rules) for candidate in candidates)


def rescore(result: CandidateResult, rules: Sequence[QualityRule]) -> CandidateResult:
    """The result under other rules, from its means and spreads alone.

    Means and spreads do not depend on weights or bars, so neither a what-if nor a change of
    weight needs the individual scores again: ``evaluate(c, b) == rescore(evaluate(c, a), b)``.
    """
    return replace(
        result,
        weighted_score=weighted_score(result.means, rules),
        coverage=coverage(result.means, rules),
        below_bar=below_bar(result.means, rules),
        disagreements=_disagreements_from_spreads(result.spreads, rules),
    )


def rerank(results: Sequence[CandidateResult], rules: Sequence[QualityRule]) -> list[CandidateResult]:
    """Rank again under other rules, from the means alone (``rescore``)."""
    return rank(rescore(result, rules) for result in results)


def best_values(results: Iterable[CandidateResult], codes: Iterable[str]) -> dict[str, Fraction]:
    """The best mean of each quality, and the best ``weighted_score``, where two or more compare.

    "Best in row" on the dashboard: a lone value is best of nothing, so it is not marked.
    """
    results = list(results)
    best: dict[str, Fraction] = {}
    for code in codes:
        values = [r.means[code] for r in results if code in r.means]
        if len(values) > 1:
            best[code] = max(values)
    scored = [r.weighted_score for r in results if r.weighted_score is not None]
    if len(scored) > 1:
        best["weighted_score"] = max(scored)
    return best


def round_half_up(value: Fraction | Decimal | int, places: int) -> Decimal:
    """Round exactly to ``places`` decimals, halves away from zero.

    Going through ``float`` or ``round()`` would turn 2.675 into 2.67 and 6.25
    into 6.2 (binary floats, banker's rounding); the CSV promises half up.
    """
    if places < 0:
        raise ValueError("places must be zero or more")
    exact = value if isinstance(value, Fraction) else Fraction(value)
    numerator, denominator = exact.numerator, exact.denominator
    # floor(|n/d|·10^p + 1/2) in integers, as floor((2·|n|·10^p + d) / 2d): a dashboard
    # rounds thousands of values, and Fraction arithmetic cost five times as much.
    magnitude = (2 * abs(numerator) * 10**places + denominator) // (2 * denominator)
    # A value that rounds to zero is shown as 0.0, never -0.0.
    sign = 1 if numerator < 0 and magnitude else 0
    return Decimal((sign, tuple(map(int, str(magnitude))), -places))
