"""The one rounding rule, whatever kind of number it is given."""

from decimal import Decimal
from fractions import Fraction

import pytest

from core.numbers import round_half_up


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (Fraction(1333, 20), 1, "66.7"),
        (Decimal("66.65"), 1, "66.7"),
        (66.65, 1, "66.7"),  # the float prints as 66.65, so it rounds as 66.65 does
        (2.675, 2, "2.68"),  # round() gives 2.67: the binary float is just below 2.675
        (Decimal("-0.05"), 1, "-0.1"),
        (Fraction(-1, 20), 1, "-0.1"),
        (25, 1, "25.0"),
        (Decimal("0.345"), 2, "0.35"),
    ],
)
def test_every_kind_of_number_rounds_half_away_from_zero(value, places, expected):
    assert str(round_half_up(value, places)) == expected


def test_nothing_stays_nothing():
    assert round_half_up(None) is None
