"""A rubric POST as the page's form sends it: every field of the contract, always."""

from __future__ import annotations

from collections.abc import Mapping

from evaluations.scoring import QUALITY_CODES


def rubric_data(
    values: Mapping[str, int | None] | None = None,
    *,
    evidence: Mapping[str, str] | None = None,
    recommendation: str = "",
    notes: str = "",
    version: int | str = 0,
    action: str = "save",
    **extra: str,
) -> dict[str, str]:
    """The eleven scores (empty for "not assessed"), evidence notes, recommendation, notes, version."""
    values = values or {}
    evidence = evidence or {}
    data = {"action": action, "recommendation": recommendation, "notes": notes, "version": str(version)}
    for code in QUALITY_CODES:
        value = values.get(code)
        data[code] = "" if value is None else str(value)
        data[f"{code}_evidence"] = evidence.get(code, "")
    data.update(extra)
    return data
