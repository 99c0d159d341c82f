"""Dates and times as GOV.UK writes them: "25 November 2026" and "4:14pm, 25 November 2026".

Times are shown in the site's time zone (Europe/London), so GMT or BST as the day was. Data
files keep ISO dates for machines; these are for people.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

# Fixed English names: the service is written in English whatever the server's locale.
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def local(value: datetime.datetime) -> datetime.datetime:
    """An aware datetime in the site's time zone; a naive one is taken as local already."""
    return timezone.localtime(value) if timezone.is_aware(value) else value


def govuk_date(value: datetime.date | datetime.datetime | None) -> str:
    """'25 November 2026': no leading zero, the month in full. A datetime gives its local day."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = local(value).date()
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def govuk_time(value: datetime.time | datetime.datetime) -> str:
    """'4:14pm', '9am', 'midday', 'midnight': the 12-hour clock, no leading zero, and no
    minutes on the hour."""
    if isinstance(value, datetime.datetime):
        value = local(value).time()
    if value.minute == 0 and value.hour in (0, 12):
        return "midnight" if value.hour == 0 else "midday"
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}{suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d}{suffix}"


def govuk_datetime(value: datetime.datetime | None) -> str:
    """'4:14pm, 25 November 2026', in the site's time zone."""
    if value is None:
        return ""
    value = local(value)
    return f"{govuk_time(value)}, {govuk_date(value)}"


def machine_date(value: datetime.date | datetime.datetime) -> str:
    """The value of a <time datetime="..."> attribute: an ISO date, or a local time to the
    minute with its offset from UTC."""
    if isinstance(value, datetime.datetime):
        return local(value).isoformat(timespec="minutes")
    return value.isoformat()
