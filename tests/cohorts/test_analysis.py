"""Cohort analytics: plain data in, DataFrames out; numbers rounded half up like scores."""

import pytest

from cohorts import analysis


def test_medians_are_exact_and_rounded_half_up():
    assert analysis.exact_median([72.5, 70.0]) == 71.3  # 71.25, not Python's banker's 71.2
    assert analysis.exact_median([1.0, None, 3.0, 2.0]) == 2.0
    assert analysis.exact_median([]) is None


def test_change_since_the_previous_round_is_exact():
    assert analysis.exact_difference(66.7, 33.35) == 33.4
    assert analysis.exact_difference(None, 50.0) is None


@pytest.mark.parametrize(("value", "expected"), [("", None), ("0", 0), ("6", 6)])
def test_round_filter_values(value, expected):
    assert analysis.parse_round(value) == expected


@pytest.mark.parametrize("value", ["7", "x", "-6", "6.0"])
def test_unknown_rounds_are_refused(value):
    with pytest.raises(ValueError):
        analysis.parse_round(value)
