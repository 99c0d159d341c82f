"""The consensus maths against hand-worked cases (fidelity.consensus): spreads, disagreement
and the agreement shares, with 'not applicable' answers and members who did not finish."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fidelity.consensus import Rating, agreement, spread


def ratings(*levels):
    return spread(Rating(rater=f"member {n}", level=level) for n, level in enumerate(levels))


@pytest.mark.parametrize(
    ("levels", "unanimous", "majority", "disagreement"),
    [
        (("1", "1", "1"), True, "1", False),
        (("na", "na"), True, "na", False),
        (("1", "1", "2"), False, "1", False),  # one level apart, a majority: no mark
        (("0", "1", "1"), False, "1", False),
        (("0", "2", "2"), False, "2", True),  # 2 apart, whatever the majority
        (("0", "1", "2"), False, None, True),  # no majority
        (("1", "2"), False, None, True),  # two members split: no answer has more than half
        (("1", "1", "na"), False, "1", False),  # na beside a majority
        (("1", "na"), False, None, True),
        (("0", "na", "2"), False, None, True),
        (("2", "2", "na", "0"), False, None, True),  # 2 of 4 is not more than half
        (("2",), False, "2", False),  # one rating: nothing to compare
        ((), False, None, False),
    ],
)
def test_spreads_against_hand_worked_cases(levels, unanimous, majority, disagreement):
    result = ratings(*levels)
    assert result.unanimous is unanimous
    assert result.majority == majority
    assert result.disagreement is disagreement


def test_counts_are_listed_in_level_order_with_na_last():
    assert ratings("na", "2", "0", "2").counts == [("0", 1), ("2", 2), ("na", 1)]


DOMAINS = [
    ("team", "Team", ["a", "b", "c", "d"]),
    ("workbook", "Workbook", ["e", "f", "g"]),
    ("unrated", "Unrated", ["h"]),
]


def test_agreement_shares_against_a_hand_worked_round():
    # Three members; the third stopped after a, b and e (did not finish).
    given_answers = {
        "a": ["1", "1", "1"],  # agreed
        "b": ["2", "2", "1"],  # not agreed
        "c": ["na", "na"],  # agreed: both said not applicable
        "d": ["0", "1"],  # not agreed
        "e": ["2", "2", "2"],  # agreed
        "f": ["1"],  # one rating: not counted
        "g": ["1", "na"],  # not agreed
        # h: nobody rated it
    }
    result = agreement(DOMAINS, given_answers)
    team, workbook, unrated = result.domains
    assert (team.agreed, team.compared, team.share) == (2, 4, Decimal("50.0"))
    assert (workbook.agreed, workbook.compared, workbook.share) == (1, 2, Decimal("50.0"))
    assert (unrated.agreed, unrated.compared, unrated.share) == (0, 0, None)
    # Overall counts indicators (3 of 6), not the mean of the domains' shares.
    assert (result.agreed, result.compared, result.share) == (3, 6, Decimal("50.0"))


def test_agreement_rounds_half_up_to_one_decimal():
    # 1 of 3 = 33.333...; 2 of 3 = 66.666...; 1 of 8 = 12.5 exactly; 1 of 16 = 6.25 -> 6.3.
    assert agreement(
        [("d", "D", ["x", "y", "z"])], {"x": ["1", "1"], "y": ["1", "2"], "z": ["0", "2"]}
    ).share == Decimal("33.3")
    sixteen = [f"i{n}" for n in range(16)]
    answers = {slug: ["1", "2"] for slug in sixteen} | {"i0": ["1", "1"]}
    assert agreement([("d", "D", sixteen)], answers).share == Decimal("6.3")


@given(st.lists(st.sampled_from(["0", "1", "2", "na"]), min_size=2, max_size=6))
def test_unanimous_ratings_never_mark_disagreement(levels):
    result = ratings(*levels)
    if result.unanimous:
        assert not result.disagreement and result.majority == levels[0]
    if result.disagreement:
        assert not result.unanimous
