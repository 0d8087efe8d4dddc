"""What a decision's check found, in words: the page's presenter for ``scoring.decision_contradictions``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from evaluations import scoring
from evaluations.decisions.models import Decision
from evaluations.rubric.models import Quality


def contradiction_texts(
    contradictions: Iterable[str], result: scoring.CandidateResult | None, qualities: Sequence[Quality]
) -> list[str]:
    """One sentence per contradiction, naming the qualities and counting the recommendations."""
    names = {q.code: q.name for q in qualities}
    texts = []
    for code in contradictions:
        if code == scoring.CONTRADICTION_BELOW_BAR and result is not None:
            texts.append(
                _("Below the bar on %(qualities)s.")
                % {"qualities": ", ".join(names.get(c, c) for c in result.below_bar)}
            )
        elif code == scoring.CONTRADICTION_MORE_NO and result is not None:
            tally = result.recommendations
            no = tally.get("no", 0) + tally.get("strong_no", 0)
            yes = tally.get("yes", 0) + tally.get("strong_yes", 0)
            texts.append(
                ngettext(
                    "More no than yes: %(no)s interviewer said no or strong no, %(yes)s yes or strong yes.",
                    "More no than yes: %(no)s interviewers said no or strong no, %(yes)s yes or strong yes.",
                    no,
                )
                % {"no": no, "yes": yes}
            )
    return texts


def contradiction_label(code: str) -> str:
    """What a recorded decision went against, in a few words, from its stored code."""
    labels = {
        scoring.CONTRADICTION_BELOW_BAR: _("a quality below the bar"),
        scoring.CONTRADICTION_MORE_NO: _("more no than yes"),
    }
    return labels.get(code, code)


def conflict_label(code: str) -> str:
    """A conflict between the recommendations and the numbers (``scoring.CONFLICTS``), in words."""
    labels = {
        scoring.CONFLICT_BELOW_BAR_YET_YES: _("below a bar, yet a majority of yes"),
        scoring.CONFLICT_TOP_YET_NO: _("top score, yet a majority of no"),
        scoring.CONFLICT_STRONG_SPLIT: _("both a strong yes and a strong no"),
    }
    return labels.get(code, code)


@dataclass(frozen=True)
class DecisionRow:
    decision: Decision
    against: list[str]  # what a confirmed decision went against, in words; empty if nothing


def decision_rows(decisions: Iterable[Decision]) -> list[DecisionRow]:
    return [DecisionRow(d, [contradiction_label(code) for code in d.contradictions]) for d in decisions]
