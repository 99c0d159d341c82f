"""Dates and times as GOV.UK writes them, in the site's time zone (Europe/London)."""

import datetime
from zoneinfo import ZoneInfo

from django.template import Context, Template

import pytest

from core.dates import govuk_date, govuk_datetime, govuk_time

UTC = datetime.UTC


def at(hour: int, minute: int = 0) -> datetime.time:
    return datetime.time(hour, minute)


@pytest.mark.parametrize(
    ("time", "text"),
    [
        (at(16, 14), "4:14pm"),
        (at(9, 5), "9:05am"),
        (at(9), "9am"),
        (at(13), "1pm"),
        (at(12), "midday"),
        (at(0), "midnight"),
        (at(12, 30), "12:30pm"),
        (at(0, 1), "12:01am"),
        (at(23, 59), "11:59pm"),
    ],
)
def test_times_use_the_12_hour_clock_with_lowercase_am_and_pm(time, text):
    assert govuk_time(time) == text


def test_a_date_has_no_leading_zero_and_the_month_in_full():
    assert govuk_date(datetime.date(2026, 11, 5)) == "5 November 2026"
    assert govuk_date(None) == ""


def test_a_winter_time_is_shown_in_gmt():
    moment = datetime.datetime(2026, 11, 25, 16, 14, 59, tzinfo=UTC)
    assert govuk_datetime(moment) == "4:14pm, 25 November 2026"


def test_a_summer_time_is_shown_in_bst_an_hour_ahead_of_utc():
    moment = datetime.datetime(2026, 7, 1, 11, 0, tzinfo=UTC)
    assert govuk_datetime(moment) == "midday, 1 July 2026"


def test_the_day_is_the_local_one_late_on_a_summer_evening():
    moment = datetime.datetime(2026, 6, 30, 23, 30, tzinfo=UTC)  # 12:30am on 1 July in BST
    assert govuk_date(moment) == "1 July 2026"
    assert govuk_datetime(moment) == "12:30am, 1 July 2026"


def test_a_moment_from_another_zone_is_shown_in_london_time():
    moment = datetime.datetime(2026, 1, 15, 19, 0, tzinfo=ZoneInfo("America/New_York"))
    assert govuk_datetime(moment) == "midnight, 16 January 2026"


def test_the_filters_wrap_the_words_in_a_machine_readable_time_element():
    template = Template(
        "{% load govuk_dates %}{{ moment|govuk_datetime }} {{ day|govuk_date }} {{ late|govuk_date }} "
        '{{ missing|govuk_date|default:"Not set" }}'
    )
    html = template.render(
        Context(
            {
                "moment": datetime.datetime(2026, 7, 1, 15, 14, 30, 123456, tzinfo=UTC),
                "day": datetime.date(2026, 11, 25),
                "late": datetime.datetime(2026, 6, 30, 23, 30, tzinfo=UTC),
                "missing": None,
            }
        )
    )
    assert html == (
        '<time datetime="2026-07-01T16:14+01:00">4:14pm, 1 July 2026</time> '
        '<time datetime="2026-11-25">25 November 2026</time> '
        '<time datetime="2026-07-01">1 July 2026</time> Not set'
    )
