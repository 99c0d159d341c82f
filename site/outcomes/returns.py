"""The rules for councils' quarterly local returns, as plain functions (no database).

A return gives one figure per measure (outcomes.choices.LocalMeasure) for a quarter. Quarters
are financial quarters, as councils report them: the financial year runs from 1 April and is
written "2025-26"; Q1 is April to June, Q4 January to March. A quarter is stored as its first
day (1 April, 1 July, 1 October or 1 January), which names the same three months whatever they
are called. Quarters run from Q1 2014-15 and may not be in the future (a quarter that has not
started yet). Counts are whole numbers, 0 or more; school attendance is a percentage from 0 to
100 with one decimal place.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from outcomes.choices import LocalMeasure

EARLIEST_QUARTER = datetime.date(2014, 4, 1)
QUARTER_MONTHS = (1, 4, 7, 10)
FINANCIAL_YEAR_START_MONTH = 4
QUARTER_NAMES = {1: "April to June", 2: "July to September", 3: "October to December", 4: "January to March"}  # fmt: skip
PERCENT_MEASURES = frozenset({LocalMeasure.SCHOOL_ATTENDANCE})
# DecimalField(max_digits=12, decimal_places=1): eleven digits before the point.
MAX_VALUE = Decimal("99999999999.9")
FINANCIAL_YEAR = r"(\d{4})\s*[-/]\s*(\d{2}|\d{4})"
# "Q1 2025-26" (the label's order) or "2025-26 Q1"; a space or hyphen may sit between.
QUARTER_CODE = re.compile(
    rf"^Q([1-4])[\s-]*{FINANCIAL_YEAR}$|^{FINANCIAL_YEAR}[\s-]*Q([1-4])$", re.I
)
# "2025-Q1" was a calendar quarter before quarters became financial ones: it is refused as
# ambiguous rather than read either way.
CALENDAR_CODE = re.compile(r"^(\d{4})\s*-?\s*Q([1-4])$", re.IGNORECASE)


def is_quarter_start(day: datetime.date) -> bool:
    return day.day == 1 and day.month in QUARTER_MONTHS


def quarter_start(day: datetime.date) -> datetime.date:
    """The first day of the quarter that ``day`` falls in."""
    return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def quarter_end(quarter: datetime.date) -> datetime.date:
    """The last day of the quarter that starts on ``quarter``."""
    return next_quarter(quarter) - datetime.timedelta(days=1)


def next_quarter(quarter: datetime.date) -> datetime.date:
    month = quarter.month + 3
    return datetime.date(quarter.year + (month > 12), (month - 1) % 12 + 1, 1)


def financial_year(quarter: datetime.date) -> int:
    """The year the quarter's financial year starts in: 2025 for 2025-26."""
    return quarter.year if quarter.month >= FINANCIAL_YEAR_START_MONTH else quarter.year - 1


def financial_year_label(start_year: int) -> str:
    """'2025-26' for the financial year from 1 April 2025."""
    return f"{start_year}-{(start_year + 1) % 100:02d}"


def quarter_number(quarter: datetime.date) -> int:
    """The financial quarter, 1 (April to June) to 4 (January to March)."""
    return (quarter.month - FINANCIAL_YEAR_START_MONTH) % 12 // 3 + 1


def quarter_from(year: int, number: int) -> datetime.date:
    """The first day of financial quarter ``number`` of the financial year starting in ``year``."""
    month = FINANCIAL_YEAR_START_MONTH + 3 * (number - 1)
    return datetime.date(year + (month > 12), (month - 1) % 12 + 1, 1)


def quarter_code(quarter: datetime.date) -> str:
    """'Q1 2025-26', as a CSV file gives it."""
    return f"Q{quarter_number(quarter)} {financial_year_label(financial_year(quarter))}"


def quarter_label(quarter: datetime.date) -> str:
    """'Q1 2025-26 (April to June 2025)'."""
    return f"{quarter_code(quarter)} ({QUARTER_NAMES[quarter_number(quarter)]} {quarter.year})"


def parse_financial_year(text: str) -> int:
    """The year a financial year starts in, from '2025-26', '2025/26' or '2025-2026'.
    ValueError says what is wrong."""
    match = re.fullmatch(FINANCIAL_YEAR, (text or "").strip())
    if not match:
        raise ValueError("enter the financial year as 2 years, like 2025-26")
    start, end = int(match.group(1)), match.group(2)
    if int(end) != ((start + 1) % 100 if len(end) == 2 else start + 1):
        following = financial_year_label(start)
        raise ValueError(f"a financial year runs into the next year, like {following}")
    return start


def parse_quarter(text: str) -> datetime.date:
    """A quarter from its first day ('2025-04-01') or its code ('Q1 2025-26'). ValueError says
    what is wrong."""
    text = (text or "").strip()
    if not text:
        raise ValueError("enter the quarter, as Q1 2025-26 or as its first day (2025-04-01)")
    if match := QUARTER_CODE.match(text):
        number, start, end = (
            (match.group(1), match.group(2), match.group(3))
            if match.group(1)
            else (match.group(6), match.group(4), match.group(5))
        )
        year = parse_financial_year(f"{start}-{end}")
        return quarter_from(year, int(number))
    if match := CALENDAR_CODE.match(text):
        year, number = int(match.group(1)), int(match.group(2))
        calendar = datetime.date(year, 3 * (number - 1) + 1, 1)
        raise ValueError(
            f"'{text}' does not say which financial year: quarters are financial quarters "
            f"(Q1 is April to June), so write the code, like {quarter_code(calendar)} for "
            f"{QUARTER_NAMES[quarter_number(calendar)]} {year}, or the quarter's first day, "
            f"like {calendar.isoformat()}"
        )
    try:
        day = datetime.date.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"the quarter '{text}' is not a quarter: give it as Q1 2025-26 or as its first day "
            "(2025-04-01)"
        ) from None
    if not is_quarter_start(day):
        raise ValueError(
            f"{day.isoformat()} is not the start of a quarter: use 1 April, 1 July, "
            f"1 October or 1 January (the quarter it falls in starts {quarter_start(day).isoformat()})"
        )
    return day


def quarter_problem(quarter: datetime.date, *, today: datetime.date) -> str | None:
    """Why ``quarter`` cannot have a return, or None."""
    if not is_quarter_start(quarter):
        return (
            f"{quarter.isoformat()} is not the start of a quarter: use 1 April, 1 July, "
            "1 October or 1 January"
        )
    if quarter < EARLIEST_QUARTER:
        return (
            f"{quarter_label(quarter)} is before 2014-15: returns start with "
            f"{quarter_label(EARLIEST_QUARTER)}"
        )
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
            "%(day)s is not the start of a quarter: use 1 April, 1 July, 1 October or 1 January",
            params={"day": value.isoformat()},
            code="not_quarter_start",
        )
