"""The rules for councils' quarterly local returns, as plain functions (no database).

A return gives one figure per measure (outcomes.choices.LocalMeasure) for a quarter, which is
stored as the quarter's first day: 1 January, 1 April, 1 July or 1 October. Quarters run from
2014 and may not be in the future (a quarter that has not started yet). Counts are whole
numbers, 0 or more; school attendance is a percentage from 0 to 100 with one decimal place.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from outcomes.choices import LocalMeasure

EARLIEST_QUARTER = datetime.date(2014, 1, 1)
QUARTER_MONTHS = (1, 4, 7, 10)
QUARTER_NAMES = {1: "January to March", 2: "April to June", 3: "July to September", 4: "October to December"}  # fmt: skip
PERCENT_MEASURES = frozenset({LocalMeasure.SCHOOL_ATTENDANCE})
# DecimalField(max_digits=12, decimal_places=1): eleven digits before the point.
MAX_VALUE = Decimal("99999999999.9")
QUARTER_CODE = re.compile(r"^(\d{4})-?Q([1-4])$", re.IGNORECASE)


def is_quarter_start(day: datetime.date) -> bool:
    return day.day == 1 and day.month in QUARTER_MONTHS


def quarter_start(day: datetime.date) -> datetime.date:
    """The first day of the quarter that ``day`` falls in."""
    return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def quarter_number(quarter: datetime.date) -> int:
    return (quarter.month - 1) // 3 + 1


def quarter_from(year: int, number: int) -> datetime.date:
    return datetime.date(year, 3 * (number - 1) + 1, 1)


def quarter_label(quarter: datetime.date) -> str:
    """'2025 Q1 (January to March)'."""
    number = quarter_number(quarter)
    return f"{quarter.year} Q{number} ({QUARTER_NAMES[number]})"


def quarter_code(quarter: datetime.date) -> str:
    """'2025-Q1', as a CSV file may give it."""
    return f"{quarter.year}-Q{quarter_number(quarter)}"


def parse_quarter(text: str) -> datetime.date:
    """A quarter from '2025-01-01' (its first day) or '2025-Q1'. ValueError says what is wrong."""
    text = (text or "").strip()
    if not text:
        raise ValueError("enter the quarter, as its first day (2025-01-01) or as 2025-Q1")
    match = QUARTER_CODE.match(text)
    if match:
        return quarter_from(int(match.group(1)), int(match.group(2)))
    try:
        day = datetime.date.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"the quarter '{text}' is not a date: give its first day (2025-01-01) or 2025-Q1"
        ) from None
    if not is_quarter_start(day):
        raise ValueError(
            f"{day.isoformat()} is not the start of a quarter: use 1 January, 1 April, "
            f"1 July or 1 October (the quarter it falls in starts {quarter_start(day).isoformat()})"
        )
    return day


def quarter_problem(quarter: datetime.date, *, today: datetime.date) -> str | None:
    """Why ``quarter`` cannot have a return, or None."""
    if not is_quarter_start(quarter):
        return (
            f"{quarter.isoformat()} is not the start of a quarter: use 1 January, 1 April, "
            "1 July or 1 October"
        )
    if quarter < EARLIEST_QUARTER:
        return f"{quarter_label(quarter)} is before 2014: returns start in 2014"
    if quarter > today:
        return f"{quarter_label(quarter)} has not started yet"
    return None


def parse_value(text: str) -> Decimal | None:
    """A figure as typed: None if blank. Commas between thousands are allowed; a % sign too."""
    text = (text or "").strip().replace(",", "").removesuffix("%").strip()
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError("must be a number") from None
    if not value.is_finite():
        raise ValueError("must be a number")
    return value


def value_problem(measure: str, value: Decimal) -> str | None:
    """Why ``value`` cannot be the figure for ``measure``, or None. Messages follow the label."""
    if measure in PERCENT_MEASURES:
        if value < 0 or value > 100:
            return "must be a percentage from 0 to 100"
        if value != value.quantize(Decimal("0.1")):
            return "must have no more than one decimal place"
        return None
    if value < 0:
        return "must be 0 or more"
    if value != value.to_integral_value():
        return "must be a whole number"
    if value > MAX_VALUE:
        return "is too large"
    return None


def is_count(measure: str) -> bool:
    return measure not in PERCENT_MEASURES


def validate_quarter_start(value: datetime.date) -> None:
    """Model field validator."""
    if value and not is_quarter_start(value):
        raise ValidationError(
            "%(day)s is not the start of a quarter: use 1 January, 1 April, 1 July or 1 October",
            params={"day": value.isoformat()},
            code="not_quarter_start",
        )
