"""The one rounding rule for every figure the service shows (DESIGN.md section 3)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from math import floor


def round_half_up(
    value: Fraction | Decimal | int | float | None, places: int = 1
) -> Decimal | None:
    """``value`` to ``places`` decimals, halves away from zero (Decimal's ROUND_HALF_UP), never
    with Python's round(). Exact: a Fraction or Decimal never passes through a float, and a
    float counts as the decimal it prints as. The places are kept: 25 gives 25.0."""
    if value is None:
        return None
    if isinstance(value, float):
        value = Decimal(repr(value))
    if isinstance(value, Fraction):
        units = floor(abs(value) * 10**places + Fraction(1, 2))
        return Decimal(units if value >= 0 else -units).scaleb(-places)
    return Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
