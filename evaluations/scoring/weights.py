"""Weights: the rule a set of weights must follow, how far one may move before the leader
changes, and what each quality contributes to a score.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction

from evaluations.scoring.rules import EMPATHY, CandidateResult, QualityRule, _name_key, round_half_up


@dataclass(frozen=True)
class WeightChange:
    quality: str
    delta: int
    top_candidate_id: int


# The highest weight a quality may have: stored (Quality.weight) or tried (the what-if form).
MAX_WEIGHT = 100


def _is_positive_int(weight: object) -> bool:
    # bool is an int subclass, but True is not a weight anyone meant to type.
    return isinstance(weight, int) and not isinstance(weight, bool) and 0 < weight <= MAX_WEIGHT


def check_weights(weights: Mapping[str, int]) -> list[str]:
    """Codes of the qualities that break the weight rules; empty means valid.

    The rules: every weight is a whole number from 1 to ``MAX_WEIGHT``, and
    empathy's weight is strictly greater than every other. When another quality ties or beats
    empathy, that other quality is reported (it is the one to lower). Missing
    empathy, or an invalid empathy weight, reports ``"empathy"``.
    """
    problems = [code for code, weight in weights.items() if not _is_positive_int(weight)]
    empathy = weights.get(EMPATHY)
    if empathy is None:
        if EMPATHY not in problems:
            problems.append(EMPATHY)
        return problems
    if not _is_positive_int(empathy):
        return problems
    return [
        code
        for code, weight in weights.items()
        if code in problems or (code != EMPATHY and weight >= empathy)
    ]


def ranking_fragility(
    results: Sequence[CandidateResult], rules: Sequence[QualityRule]
) -> tuple[WeightChange, ...]:
    """The one-step weight changes (±1 on one quality) that change who is first.

    Only changes an administrator could actually make are tried: weights that
    pass ``check_weights``. A first place that survives every such change is
    robust; one that does not tells the debrief which weight the decision
    hinges on.
    """
    if sum(1 for result in results if result.weighted_score is not None) < 2:
        return ()
    sums = _weighted_sums(results, rules)
    current_top = _top_after_change(sums, "", 0)
    changes: list[WeightChange] = []
    for index, rule in enumerate(rules):
        for delta in (1, -1):
            changed = replace(rule, weight=rule.weight + delta)
            new_rules = [*rules[:index], changed, *rules[index + 1 :]]
            if check_weights({r.code: r.weight for r in new_rules}):
                continue
            top = _top_after_change(sums, rule.code, delta)
            if top != current_top:
                changes.append(WeightChange(quality=rule.code, delta=delta, top_candidate_id=top))
    return tuple(changes)


@dataclass(frozen=True)
class _WeightedSum:
    result: CandidateResult
    total: Fraction  # Σ w·mean over the qualities that have a mean
    weight: int  # Σ w over the same
    approx_total: float
    approx_means: Mapping[str, float]


def _weighted_sums(results: Iterable[CandidateResult], rules: Sequence[QualityRule]) -> list[_WeightedSum]:
    """The two sums of ``weighted_score`` per scored candidate, ready for one-weight changes."""
    sums = []
    for result in results:
        terms = [(rule.weight, result.means[rule.code]) for rule in rules if rule.code in result.means]
        weight = sum(w for w, _mean in terms)
        if weight:
            # Integers over one common denominator, as in weighted_score.
            denominator = math.lcm(*(mean.denominator for _w, mean in terms))
            numerator = sum(w * mean.numerator * (denominator // mean.denominator) for w, mean in terms)
            total = Fraction(numerator, denominator)
            approx = {code: float(mean) for code, mean in result.means.items()}
            sums.append(_WeightedSum(result, total, weight, float(total), approx))
    return sums


def _top_after_change(sums: Sequence[_WeightedSum], code: str, delta: int) -> int:
    """Who ranks first once ``code``'s weight moves by ``delta``, as ``rerank`` would say.

    A change of one weight moves one term of each candidate's sums, so re-evaluating every
    candidate (22 times per dashboard) is not needed. Floats single out the few candidates
    near the top; exact fractions then decide among them, so ties resolve exactly as in
    ``rank`` (the weighted score is 25 × (Σ w·mean / Σ w − 1), increasing in the ratio).
    """
    approx = []
    for entry in sums:
        approx_mean = entry.approx_means.get(code)
        if approx_mean is None:
            approx.append(entry.approx_total / entry.weight)
        else:
            approx.append((entry.approx_total + delta * approx_mean) / (entry.weight + delta))
    # Scores are at most 5 and float error is near 1e-15: 1e-9 keeps every exact tie.
    threshold = max(approx) - 1e-9
    best: tuple[object, ...] | None = None
    top = 0
    for entry, ratio in zip(sums, approx, strict=True):
        if ratio < threshold:
            continue
        mean = entry.result.means.get(code)
        exact = (
            entry.total / entry.weight
            if mean is None
            else (entry.total + delta * mean) / (entry.weight + delta)
        )
        empathy = entry.result.means.get(EMPATHY)
        empathy_key = (0, -empathy) if empathy is not None else (1, Fraction(0))
        key = (-exact, empathy_key, _name_key(entry.result))
        if best is None or key < best:
            best, top = key, entry.result.candidate_id
    return top


# --- the what-if form's allowed ranges --------------------------------------------------------


def allowed_weight_ranges(weights: Mapping[str, int]) -> dict[str, tuple[int, int]]:
    """For each quality, the lowest and highest weight it may take, the others staying as they are.

    Empathy must stay strictly highest (``check_weights``): it goes from one more than the highest
    other weight to ``MAX_WEIGHT``; every other quality from 1 to one less than empathy. Where the
    others leave no room (another quality at the cap, or empathy at 1), the range is reduced to its
    nearest end, so that it never reads "from 5 to 4": another weight must move first.
    """
    empathy = weights.get(EMPATHY, 1)
    others = [weight for code, weight in weights.items() if code != EMPATHY]
    low = min(max(others, default=0) + 1, MAX_WEIGHT)
    high = max(empathy - 1, 1)
    return {code: (low, MAX_WEIGHT) if code == EMPATHY else (1, high) for code in weights}


# --- what each weighted score is made of (issue 11, charts) -----------------------------------
# Display-only, like the section above: the parts add up to ``weighted_score`` and change nothing.


def score_contributions(means: Mapping[str, Fraction], rules: Sequence[QualityRule]) -> dict[str, Fraction]:
    """Each assessed quality's part, in points, of ``weighted_score``, in rule order.

    25 × (Σ w·mean / Σ w − 1) is Σ 25·w·(mean − 1) / Σ w, both sums over the qualities that have
    a mean (Σ w / Σ w is the 1 taken off): each term is one quality's part, so the parts add up
    exactly to the weighted score. A quality nobody assessed has no part, as it has no weight in
    the score; no assessed quality at all (no weighted score) gives no parts.
    """
    pairs = [(rule, means.get(rule.code)) for rule in rules]
    assessed = [(rule, mean) for rule, mean in pairs if mean is not None]
    total_weight = sum(rule.weight for rule, _mean in assessed)
    if not total_weight:
        return {}
    # 25·w·(p/q − 1) / Σw as one fraction, built once (a dashboard computes thousands of parts).
    return {
        rule.code: Fraction(
            25 * rule.weight * (mean.numerator - mean.denominator), mean.denominator * total_weight
        )
        for rule, mean in assessed
    }


def rounded_contributions(contributions: Mapping[str, Fraction], places: int = 1) -> dict[str, Decimal]:
    """The parts rounded to ``places`` decimals so that they add up to the score as shown.

    Each part rounded on its own could add up to a tenth or more away from the weighted score the
    table shows (``round_half_up`` of the exact sum). The largest remainder method rounds each
    part down, then gives the tenths still missing to the parts that lost the most (the first
    in rule order on a tie): every part stays within one unit of its exact value.
    """
    if places < 0:
        raise ValueError("places must be zero or more")
    if not contributions:
        return {}
    # In integers over one common denominator (a dashboard rounds the eleven parts of hundreds of
    # candidates): each part is n/common.
    common = math.lcm(*(value.denominator for value in contributions.values()))
    numerators = {
        code: value.numerator * (common // value.denominator) for code, value in contributions.items()
    }
    units = _largest_remainder(numerators, common, places)
    return {code: _units(value, places) for code, value in units.items()}


def rounded_part_units(
    means: Mapping[str, Fraction], rules: Sequence[QualityRule], places: int = 1
) -> dict[str, int]:
    """``rounded_contributions(score_contributions(means, rules), places)`` in units of
    10^-places (12 for 1.2), in rule order: the same parts, without a Fraction or a Decimal made
    per quality (the chart of a dashboard of 200 candidates rounds 2,200 of them).

    Each part is 25·w·(p − q) / (q·Σw) for a mean p/q: over the common denominator lcm(q)·Σw,
    its numerator is 25·w·(p − q)·(lcm(q) / q).
    """
    if places < 0:
        raise ValueError("places must be zero or more")
    assessed = []
    total_weight = 0
    for rule in rules:
        mean = means.get(rule.code)
        if mean is not None:
            assessed.append((rule.code, rule.weight, mean.numerator, mean.denominator))
            total_weight += rule.weight
    if not total_weight:
        return {}
    denominators = math.lcm(*(den for _code, _weight, _num, den in assessed))
    numerators = {
        code: 25 * weight * (num - den) * (denominators // den) for code, weight, num, den in assessed
    }
    return _largest_remainder(numerators, denominators * total_weight, places)


def _largest_remainder(numerators: Mapping[str, int], common: int, places: int) -> dict[str, int]:
    """Parts n/common rounded to units of 10^-places that add up to their sum rounded half up:
    each is floor(n·scale / common), with a remainder of (n·scale mod common), which compare as
    integers; the units still missing go to the largest remainders (the first in order on a tie)."""
    scale = 10**places
    total = round_half_up(Fraction(sum(numerators.values()), common), places)
    floors: dict[str, int] = {}
    remainders: dict[str, int] = {}
    for code, numerator in numerators.items():
        floors[code], remainders[code] = divmod(numerator * scale, common)
    missing = int(total * scale) - sum(floors.values())
    by_remainder = sorted(numerators, key=lambda code: -remainders[code])
    raised = set(by_remainder[:missing])
    return {code: floors[code] + (code in raised) for code in numerators}


def _units(units: int, places: int) -> Decimal:
    """``units`` × 10^-places as a Decimal with exactly ``places`` decimals (12 → 1.2)."""
    return Decimal((1 if units < 0 else 0, tuple(map(int, str(abs(units)))), -places))


# --- the weights in words (the rubric page, issue 11) ----------------------------------------


@dataclass(frozen=True)
class WeightGroup:
    """Qualities of equal weight, in the order they were given."""

    weight: int
    members: tuple[str, ...]


def weight_groups(weights: Sequence[tuple[str, int]]) -> tuple[WeightGroup, ...]:
    """``(quality, weight)`` pairs grouped by equal weight, heaviest group first.

    What the rubric page's sentence about the weights is written from, so that the sentence
    follows the stored weights whatever they are.
    """
    groups: dict[int, list[str]] = defaultdict(list)
    for member, weight in weights:
        groups[weight].append(member)
    return tuple(WeightGroup(weight, tuple(groups[weight])) for weight in sorted(groups, reverse=True))
