"""``scoring.allowed_weight_ranges``: the range stated next to each weight of the what-if form."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from evaluations.scoring import MAX_WEIGHT, QUALITY_CODES, allowed_weight_ranges, check_weights

STORED = {"empathy": 3, **dict.fromkeys(QUALITY_CODES[1:], 1)}


def test_allowed_weight_ranges_stored_weights_empathy_from_2_others_up_to_2() -> None:
    ranges = allowed_weight_ranges(STORED)

    # Highest other weight 1 → empathy from 2; empathy 3 → the others up to 2.
    assert ranges["empathy"] == (2, 100)
    assert {ranges[code] for code in QUALITY_CODES[1:]} == {(1, 2)}
    assert list(ranges) == list(QUALITY_CODES)


def test_allowed_weight_ranges_one_raised_quality_lifts_empathy_floor() -> None:
    ranges = allowed_weight_ranges({**STORED, "empathy": 5, "analysis": 4, "teamwork": 2})

    # Analysis at 4 is the highest other: empathy from 5; empathy at 5: every other from 1 to 4.
    assert ranges["empathy"] == (5, 100)
    assert ranges["analysis"] == (1, 4)
    assert ranges["adaptability"] == (1, 4)


def test_allowed_weight_ranges_breaking_weights_still_state_the_rule() -> None:
    # Communication 3 ties empathy 3 (refused by check_weights): empathy must go from 4, the
    # others (communication included) up to 2.
    ranges = allowed_weight_ranges({**STORED, "communication": 3})

    assert ranges["empathy"] == (4, 100)
    assert ranges["communication"] == (1, 2)


def test_allowed_weight_ranges_no_room_gives_nearest_end() -> None:
    # Empathy at 1 leaves no valid other weight: "from 1 to 1", never "from 1 to 0".
    assert allowed_weight_ranges({**STORED, "empathy": 1})["curiosity"] == (1, 1)
    # Another quality at the cap leaves empathy nowhere to go: "from 100 to 100".
    assert allowed_weight_ranges({**STORED, "analysis": 100})["empathy"] == (100, 100)


@st.composite
def valid_weights(draw: st.DrawFn) -> dict[str, int]:
    empathy = draw(st.integers(min_value=2, max_value=MAX_WEIGHT))
    others = {code: draw(st.integers(min_value=1, max_value=empathy - 1)) for code in QUALITY_CODES[1:]}
    return {"empathy": empathy, **others}


@given(weights=valid_weights(), data=st.data())
def test_allowed_weight_ranges_any_value_inside_passes_and_just_outside_fails(
    weights: dict[str, int], data: st.DataObject
) -> None:
    ranges = allowed_weight_ranges(weights)

    for code, (low, high) in ranges.items():
        assert low <= weights[code] <= high
        value = data.draw(st.integers(min_value=low, max_value=high), label=code)
        assert check_weights({**weights, code: value}) == []
        for outside in (low - 1, high + 1):
            if 1 <= outside <= MAX_WEIGHT:
                assert check_weights({**weights, code: outside}) != []
