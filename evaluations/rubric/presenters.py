"""The rubric's weights and their history, in words and rows."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext, ngettext, pgettext

from evaluations import scoring
from evaluations.presenters import decimal, percent
from evaluations.rubric.models import Quality, Rubric


def _quality_count(count: int) -> str:
    """A number of qualities in words ("ten", "dix"), as the rubric's prose writes it."""
    words = {
        1: pgettext("number of qualities", "one"),
        2: pgettext("number of qualities", "two"),
        3: pgettext("number of qualities", "three"),
        4: pgettext("number of qualities", "four"),
        5: pgettext("number of qualities", "five"),
        6: pgettext("number of qualities", "six"),
        7: pgettext("number of qualities", "seven"),
        8: pgettext("number of qualities", "eight"),
        9: pgettext("number of qualities", "nine"),
        10: pgettext("number of qualities", "ten"),
        11: pgettext("number of qualities", "eleven"),
        12: pgettext("number of qualities", "twelve"),
    }
    return words.get(count, str(count))


def _times(ratio: Fraction) -> str:
    """How many times one weight is another: "twice", "three times", "2.5 times"."""
    words = {
        2: gettext("twice"),
        3: gettext("three times"),
        4: gettext("four times"),
        5: gettext("five times"),
        6: gettext("six times"),
        7: gettext("seven times"),
        8: gettext("eight times"),
        9: gettext("nine times"),
        10: gettext("ten times"),
    }
    if ratio.denominator == 1 and ratio.numerator in words:
        return words[ratio.numerator]
    places = 0 if ratio.denominator == 1 else 1
    return gettext("%(ratio)s times") % {"ratio": decimal(ratio, places)}


def _names(members: Sequence[str]) -> str:
    """ "Analysis", "Analysis and Curiosity", "Analysis, Curiosity and Teamwork"."""
    if len(members) == 1:
        return members[0]
    return gettext("%(items)s and %(last)s") % {"items": ", ".join(members[:-1]), "last": members[-1]}


def weights_text(weights: Sequence[tuple[str, int]]) -> str:
    """The weights stated in words, from ``(quality name, weight)`` pairs in the rubric's order.

    "Empathy weighs 3, three times each of the other ten qualities (1 each)." when the others
    are equal; otherwise a sentence per weight, heaviest first, the lightest group summed up as
    "the other nine qualities". The share of the total is said when one quality weighs most.
    Written from the stored weights, so that the page can never say what they are not.
    """
    groups = scoring.weight_groups(weights)
    if not groups:
        return ""
    total = sum(weight for _name, weight in weights)
    top = groups[0]
    if len(groups) == 1:
        if len(top.members) == 1:
            return gettext("%(name)s weighs %(weight)s.") % {"name": top.members[0], "weight": top.weight}
        return gettext("All %(count)s qualities weigh %(weight)s each.") % {
            "count": _quality_count(len(top.members)),
            "weight": top.weight,
        }
    sentences = []
    if len(groups) == 2 and len(top.members) == 1:
        rest = groups[1]
        values = {
            "name": top.members[0],
            "weight": top.weight,
            "times": _times(Fraction(top.weight, rest.weight)),
            "count": _quality_count(len(rest.members)),
            "other": rest.weight,
        }
        if len(rest.members) == 1:
            sentences.append(
                gettext("%(name)s weighs %(weight)s, %(times)s the other quality (%(other)s).") % values
            )
        else:
            sentences.append(
                ngettext(
                    "%(name)s weighs %(weight)s, %(times)s each of the other %(count)s quality "
                    "(%(other)s each).",
                    "%(name)s weighs %(weight)s, %(times)s each of the other %(count)s qualities "
                    "(%(other)s each).",
                    len(rest.members),
                )
                % values
            )
    else:
        for index, group in enumerate(groups):
            last = index == len(groups) - 1
            values = {"names": _names(group.members), "weight": group.weight}
            if len(group.members) == 1:
                sentences.append(
                    gettext("%(name)s weighs %(weight)s.") % {"name": group.members[0], **values}
                )
            elif last:
                count = len(group.members)
                sentences.append(
                    ngettext(
                        "The other %(count)s quality weighs %(weight)s.",
                        "The other %(count)s qualities weigh %(weight)s each.",
                        count,
                    )
                    % {"count": _quality_count(count), **values}
                )
            else:
                sentences.append(gettext("%(names)s weigh %(weight)s each.") % values)
    if len(top.members) == 1:
        sentences.append(
            gettext("%(name)s carries %(share)s%% of the total weight.")
            % {"name": top.members[0], "share": percent(Fraction(top.weight, total))}
        )
    return " ".join(sentences)


@dataclass(frozen=True)
class WeightChangeRow:
    """One change of a weight or a bar, as the dashboard lists it."""

    changed_at: datetime.datetime
    who: str
    quality: str
    field: str  # what changed, in words: "weight", "minimum bar"
    old: str
    new: str
    reason: str


@dataclass(frozen=True)
class WeightHistory:
    """The changes of weights and bars since a shortlist was created, newest first."""

    rows: tuple[WeightChangeRow, ...] = ()
    count: int = 0  # all of them; rows holds the newest WEIGHT_CHANGES_SHOWN

    @property
    def last(self) -> WeightChangeRow | None:
        return self.rows[0] if self.rows else None

    @property
    def more(self) -> int:
        return self.count - len(self.rows)


WEIGHT_CHANGES_SHOWN = 20


def change_field_label(field: str, *, on_quality: bool = True) -> str:
    """What a rubric change changed, in the reader's language: the weight, the bar, or the
    field's own label ("French description"), never its code."""
    named = {"weight": gettext("weight"), "minimum": gettext("minimum bar")}
    if field in named:
        return named[field]
    try:
        return str((Quality if on_quality else Rubric)._meta.get_field(field).verbose_name)
    except FieldDoesNotExist:
        return field


def weight_history(changes: Sequence[Mapping[str, Any]]) -> WeightHistory:
    """The history as shown, from the changes (``changed_at``, ``who``, ``quality``, ``field``,
    ``old``, ``new``, ``reason``), newest first; a bar removed or not yet set reads "none"."""
    none = gettext("none")
    return WeightHistory(
        rows=tuple(
            WeightChangeRow(
                changed_at=change["changed_at"],
                who=change["who"],
                quality=change["quality"],
                field=change_field_label(change["field"]),
                old=change["old"] or none,
                new=change["new"] or none,
                reason=change["reason"],
            )
            for change in changes[:WEIGHT_CHANGES_SHOWN]
        ),
        count=len(changes),
    )
