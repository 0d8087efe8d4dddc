"""The scoring rules of DESIGN.md ("Scoring rules"), as pure functions.

Plain values in, plain values out: no ORM and no Django import, so that the rules
can be read and tested alone. Every number is a ``Fraction`` so that two equal
scores compare equal; rounding happens only for display, in ``round_half_up``.
"""

from __future__ import annotations

import math
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction

__all__ = [
    "CONFLICTS",
    "DISAGREEMENT_SPREAD",
    "EMPATHY",
    "LENIENCY_THRESHOLD",
    "MAX_SCORE",
    "MAX_WEIGHT",
    "MIN_SCORE",
    "POSITIVE_DECISIONS",
    "QUALITY_CODES",
    "RECOMMENDATIONS",
    "THIN_EVIDENCE_BELOW",
    "Calibration",
    "CandidateInput",
    "CandidateResult",
    "FragileLead",
    "InterviewerCalibration",
    "QualityRule",
    "ScoreEntry",
    "ScorecardInput",
    "WeightChange",
    "WeightGroup",
    "WhyLine",
    "adjusted_means",
    "allowed_weight_ranges",
    "below_bar",
    "best_values",
    "calibration",
    "check_weights",
    "conflict_flags",
    "conflicts",
    "coverage",
    "decision_contradictions",
    "disagreements",
    "evaluate",
    "evaluate_all",
    "fragility_with_counts",
    "quality_means",
    "rank",
    "ranking_fragility",
    "recommendation_tally",
    "rerank",
    "round_half_up",
    "rounded_contributions",
    "score_contributions",
    "spreads",
    "tendency",
    "thin_evidence",
    "weight_groups",
    "weighted_score",
    "why_lines",
]

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
# An interviewer whose scores sit this far (or more) above their colleagues' on the same
# candidates and qualities is called lenient; as far below, harsh (calibration page).
LENIENCY_THRESHOLD = Fraction(1, 2)


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
    scorecard_count: int
    scores: tuple[ScoreEntry, ...] = ()
    recommendations: tuple[str, ...] = ()


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


@dataclass(frozen=True)
class WeightChange:
    quality: str
    delta: int
    top_candidate_id: int


@dataclass(frozen=True)
class ScorecardInput:
    scorecard_id: int
    candidate_id: int
    interviewer_id: int
    interviewer_name: str
    recommendation: str
    values: Mapping[str, int | None]


@dataclass(frozen=True)
class InterviewerCalibration:
    interviewer_id: int
    name: str
    scorecard_count: int
    mean_score: Fraction | None
    own_mean: Fraction | None
    others_mean: Fraction | None
    offset: Fraction | None
    shared_cells: int
    recommendations: Mapping[str, int]

    @property
    def tendency(self) -> str | None:
        return tendency(self.offset)


@dataclass(frozen=True)
class Calibration:
    interviewers: tuple[InterviewerCalibration, ...]
    quality_spread: Mapping[str, Fraction]


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


def _means_of(grouped: Mapping[str, list[int]]) -> dict[str, Fraction]:
    return {code: Fraction(sum(values), len(values)) for code, values in _in_rubric_order(grouped)}


def _spreads_of(grouped: Mapping[str, list[int]]) -> dict[str, int]:
    return {code: max(values) - min(values) for code, values in _in_rubric_order(grouped)}


def quality_means(scores: Iterable[ScoreEntry]) -> dict[str, Fraction]:
    """Mean of each quality's assessed values; unassessed qualities are absent."""
    return _means_of(_values_by_quality(scores))


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
    grouped = _values_by_quality(candidate.scores)
    means = _means_of(grouped)
    quality_spreads = _spreads_of(grouped)
    return CandidateResult(
        candidate_id=candidate.candidate_id,
        name=candidate.name,
        scorecard_count=candidate.scorecard_count,
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


def rerank(results: Sequence[CandidateResult], rules: Sequence[QualityRule]) -> list[CandidateResult]:
    """Rank again under other rules, from the means alone.

    Means and spreads do not depend on weights, so a what-if needs no access to
    the individual scores.
    """
    return rank(
        replace(
            result,
            weighted_score=weighted_score(result.means, rules),
            coverage=coverage(result.means, rules),
            below_bar=below_bar(result.means, rules),
            disagreements=_disagreements_from_spreads(result.spreads, rules),
        )
        for result in results
    )


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
        mean = entry.approx_means.get(code)
        if mean is None:
            approx.append(entry.approx_total / entry.weight)
        else:
            approx.append((entry.approx_total + delta * mean) / (entry.weight + delta))
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


def _interviewer_order(item: InterviewerCalibration) -> tuple[str, str, int]:
    return (_folded(item.name), item.name.casefold(), item.name, item.interviewer_id)


def tendency(offset: Fraction | None) -> str | None:
    """ "lenient", "harsh" or "in_line" for an interviewer's offset; None without shared cells."""
    if offset is None:
        return None
    if offset >= LENIENCY_THRESHOLD:
        return "lenient"
    if offset <= -LENIENCY_THRESHOLD:
        return "harsh"
    return "in_line"


def calibration(scorecards: Iterable[ScorecardInput]) -> Calibration:
    """How lenient or harsh each interviewer is compared with their colleagues.

    An interviewer is compared only on cells (candidate, quality) that someone
    else also scored: comparing raw means would blame an interviewer for having
    met weaker candidates.
    """
    names: dict[int, str] = {}
    scorecard_counts: dict[int, int] = defaultdict(int)
    recommendations: dict[int, list[str]] = defaultdict(list)
    all_values: dict[int, list[int]] = defaultdict(list)
    # cell -> interviewer -> values; normally one value, but a list keeps
    # duplicated input from silently overwriting a score.
    cells: dict[tuple[int, str], dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))

    for card in scorecards:
        names.setdefault(card.interviewer_id, card.interviewer_name)
        scorecard_counts[card.interviewer_id] += 1
        recommendations[card.interviewer_id].append(card.recommendation)
        for code, value in card.values.items():
            if value is None:
                continue
            all_values[card.interviewer_id].append(value)
            cells[(card.candidate_id, code)][card.interviewer_id].append(value)

    # Each interviewer counts once per cell, whatever the number of values.
    cell_means: dict[tuple[int, str], dict[int, Fraction]] = {
        cell: {who: Fraction(sum(vals), len(vals)) for who, vals in by_who.items()}
        for cell, by_who in cells.items()
    }

    own: dict[int, list[Fraction]] = defaultdict(list)
    others: dict[int, list[Fraction]] = defaultdict(list)
    for by_who in cell_means.values():
        if len(by_who) < 2:
            continue
        for who, mean in by_who.items():
            own[who].append(mean)
            rest = [m for other, m in by_who.items() if other != who]
            others[who].append(sum(rest, Fraction(0)) / len(rest))

    interviewers = []
    for who, name in names.items():
        own_mean = _mean(own[who])
        others_mean = _mean(others[who])
        interviewers.append(
            InterviewerCalibration(
                interviewer_id=who,
                name=name,
                scorecard_count=scorecard_counts[who],
                mean_score=_mean(all_values[who]),
                own_mean=own_mean,
                others_mean=others_mean,
                offset=(own_mean - others_mean if own_mean is not None and others_mean is not None else None),
                shared_cells=len(own[who]),
                recommendations=recommendation_tally(recommendations[who]),
            )
        )

    # Spread uses every value of a cell (not per-interviewer means), as the
    # dashboard's disagreement flag does.
    per_quality: dict[str, list[int]] = defaultdict(list)
    for (_candidate, code), by_who in cells.items():
        values = [value for vals in by_who.values() for value in vals]
        if len(values) >= 2:
            per_quality[code].append(max(values) - min(values))
    quality_spread = {
        code: Fraction(sum(values), len(values))
        for code, values in sorted(per_quality.items(), key=lambda item: _code_order(item[0]))
    }

    return Calibration(
        interviewers=tuple(sorted(interviewers, key=_interviewer_order)),
        quality_spread=quality_spread,
    )


def adjusted_means(
    scores: Iterable[ScoreEntry], offsets: Mapping[int, Fraction | None]
) -> dict[str, Fraction]:
    """Quality means after taking each interviewer's offset out of their scores.

    Each adjusted value is clamped to the 1–5 scale so that correcting a lenient
    interviewer's 1 cannot produce a score the rubric does not have.
    """
    grouped: dict[str, list[Fraction]] = defaultdict(list)
    for entry in scores:
        if entry.value is None:
            continue
        offset = offsets.get(entry.interviewer_id) or Fraction(0)
        adjusted = min(max(entry.value - offset, Fraction(MIN_SCORE)), Fraction(MAX_SCORE))
        grouped[entry.quality].append(adjusted)
    return {
        code: sum(values, Fraction(0)) / len(values)
        for code, values in sorted(grouped.items(), key=lambda item: _code_order(item[0]))
    }


# --- how sure, and why (issue 11) -------------------------------------------------------------
# Display-only rules: none of them changes a score or the ranking.

# Fewer submitted scorecards than this and a score stands on thin evidence. The setting of the
# same name passes another threshold in; this is its default.
THIN_EVIDENCE_BELOW = 2
# A quality mean at or above this is a strength whatever the rest of the shortlist scored.
STRENGTH_MEAN = 4

CONFLICT_BELOW_BAR_YET_YES = "below_bar_yet_yes"
CONFLICT_TOP_YET_NO = "top_yet_no"
CONFLICT_STRONG_SPLIT = "strong_split"
CONFLICTS: tuple[str, ...] = (CONFLICT_BELOW_BAR_YET_YES, CONFLICT_TOP_YET_NO, CONFLICT_STRONG_SPLIT)

# The decisions a hiring manager must confirm when the evidence says otherwise (DESIGN.md, "Decisions").
POSITIVE_DECISIONS: tuple[str, ...] = ("offer", "hired")
CONTRADICTION_BELOW_BAR = "below_bar"
CONTRADICTION_MORE_NO = "more_no"


def thin_evidence(scorecard_count: int, below: int = THIN_EVIDENCE_BELOW) -> bool:
    """Whether a score stands on fewer than ``below`` submitted scorecards (none at all included)."""
    return scorecard_count < below


def _yes_no(tally: Mapping[str, int]) -> tuple[int, int]:
    return tally.get("yes", 0) + tally.get("strong_yes", 0), tally.get("no", 0) + tally.get("strong_no", 0)


def _majority(count: int, tally: Mapping[str, int]) -> bool:
    """More than half of the recommendations given (a tie is no majority)."""
    return 2 * count > sum(tally.get(rec, 0) for rec in RECOMMENDATIONS)


def conflict_flags(result: CandidateResult, *, top: bool = False) -> tuple[str, ...]:
    """Where the recommendations and the numbers disagree, in ``CONFLICTS`` order.

    ``top``: the candidate holds the shortlist's best weighted score (``conflicts`` decides it).
    A yes or a no is a majority when it is more than half of the recommendations.
    """
    tally = result.recommendations
    yes, no = _yes_no(tally)
    flags = []
    if result.below_bar and _majority(yes, tally):
        flags.append(CONFLICT_BELOW_BAR_YET_YES)
    if top and result.weighted_score is not None and _majority(no, tally):
        flags.append(CONFLICT_TOP_YET_NO)
    if tally.get("strong_yes", 0) and tally.get("strong_no", 0):
        flags.append(CONFLICT_STRONG_SPLIT)
    return tuple(flags)


def conflicts(results: Sequence[CandidateResult]) -> dict[int, tuple[str, ...]]:
    """``conflict_flags`` of every candidate, by id; the top score is the shortlist's best (ties share it)."""
    scored = [r.weighted_score for r in results if r.weighted_score is not None]
    best = max(scored) if scored else None
    return {
        r.candidate_id: conflict_flags(r, top=best is not None and r.weighted_score == best) for r in results
    }


def decision_contradictions(decision: str, result: CandidateResult | None) -> tuple[str, ...]:
    """Why ``decision`` goes against the evidence, if it does: what a hiring manager must confirm.

    Only an offer or a hire is checked: for a candidate below a bar, or with more no and strong
    no than yes and strong yes. No submitted scorecard (``result`` None) contradicts nothing.
    """
    if decision not in POSITIVE_DECISIONS or result is None:
        return ()
    yes, no = _yes_no(result.recommendations)
    found = []
    if result.below_bar:
        found.append(CONTRADICTION_BELOW_BAR)
    if no > yes:
        found.append(CONTRADICTION_MORE_NO)
    return tuple(found)


@dataclass(frozen=True)
class WhyLine:
    """One candidate's strengths and concerns in a line, as quality codes in rubric order."""

    candidate_id: int
    strengths: tuple[str, ...]
    below_bar: tuple[str, ...]
    disputed: tuple[str, ...]
    thin_evidence: bool
    recommendations: Mapping[str, int]

    @property
    def has_concerns(self) -> bool:
        return bool(self.below_bar or self.disputed or self.thin_evidence)


def _leaders(results: Sequence[CandidateResult], rules: Sequence[QualityRule]) -> dict[str, int]:
    """Per quality, the one candidate whose mean is strictly above every other candidate's.

    One pass per quality (a dashboard may hold hundreds of candidates): the best mean so far, who
    holds it, and whether anyone else reached it too.
    """
    leaders = {}
    for rule in rules:
        best: Fraction | None = None
        holder, shared, rivals = 0, False, 0
        for result in results:
            mean = result.means.get(rule.code)
            if mean is None:
                continue
            rivals += 1
            if best is None or mean > best:
                best, holder, shared = mean, result.candidate_id, False
            elif mean == best:
                shared = True
        if rivals >= 2 and not shared:
            leaders[rule.code] = holder
    return leaders


def why_lines(
    results: Sequence[CandidateResult],
    rules: Sequence[QualityRule],
    *,
    thin_below: int = THIN_EVIDENCE_BELOW,
) -> list[WhyLine]:
    """Strengths (leads the shortlist on a quality, or a mean of ``STRENGTH_MEAN`` or more) and
    concerns (below a bar, disputed qualities, thin evidence) of each candidate, in input order.

    Leading needs someone to lead: alone on a quality, or level with another, is not a lead.
    """
    leaders = _leaders(results, rules)
    return [
        WhyLine(
            candidate_id=r.candidate_id,
            strengths=tuple(
                rule.code
                for rule in rules
                if rule.code in r.means
                and (leaders.get(rule.code) == r.candidate_id or r.means[rule.code] >= STRENGTH_MEAN)
            ),
            below_bar=r.below_bar,
            disputed=r.disagreements,
            thin_evidence=thin_evidence(r.scorecard_count, thin_below),
            recommendations=r.recommendations,
        )
        for r in results
    ]


@dataclass(frozen=True)
class FragileLead:
    """A one-step weight change that puts someone else first, and how many scorecards they stand on."""

    quality: str
    delta: int
    top_candidate_id: int
    scorecard_count: int
    thin_evidence: bool


def fragility_with_counts(
    results: Sequence[CandidateResult],
    rules: Sequence[QualityRule],
    *,
    thin_below: int = THIN_EVIDENCE_BELOW,
) -> tuple[FragileLead, ...]:
    """``ranking_fragility``, each change carrying the would-be leader's scorecard count.

    A candidate who could take the lead on a single scorecard is named as such, not as an
    equal contender: the warning says how little the lead would stand on.
    """
    counts = {r.candidate_id: r.scorecard_count for r in results}
    return tuple(
        FragileLead(
            quality=change.quality,
            delta=change.delta,
            top_candidate_id=change.top_candidate_id,
            scorecard_count=counts[change.top_candidate_id],
            thin_evidence=thin_evidence(counts[change.top_candidate_id], thin_below),
        )
        for change in ranking_fragility(results, rules)
    )


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
    assessed = [(rule, means.get(rule.code)) for rule in rules]
    assessed = [(rule, mean) for rule, mean in assessed if mean is not None]
    total_weight = sum(rule.weight for rule, _mean in assessed)
    if not total_weight:
        return {}
    return {rule.code: Fraction(25 * rule.weight) * (mean - 1) / total_weight for rule, mean in assessed}


def rounded_contributions(contributions: Mapping[str, Fraction], places: int = 1) -> dict[str, Decimal]:
    """The parts rounded to ``places`` decimals so that they add up to the score as shown.

    Each part rounded on its own could add up to a tenth or more away from the weighted score the
    table shows (``round_half_up`` of the exact sum). The largest remainder method rounds each
    part down, then gives the tenths still missing to the parts that lost the most (the first
    in rule order on a tie): every part stays within one unit of its exact value.
    """
    if places < 0:
        raise ValueError("places must be zero or more")
    scale = 10**places
    total = round_half_up(sum(contributions.values(), Fraction(0)), places)
    floors = {code: math.floor(value * scale) for code, value in contributions.items()}
    missing = int(total * scale) - sum(floors.values())
    by_remainder = sorted(contributions, key=lambda code: -(contributions[code] * scale - floors[code]))
    raised = set(by_remainder[:missing])
    return {
        code: Decimal(floors[code] + (code in raised)).scaleb(-places).quantize(Decimal(1).scaleb(-places))
        for code in contributions
    }


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
