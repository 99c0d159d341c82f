"""{{ value|govuk_date }} and {{ value|govuk_datetime }}: core.dates' wording in a <time>
element, so assistive technology and scripts can read the exact moment too."""

import datetime

from django import template
from django.utils.html import format_html

from core import dates

register = template.Library()


def _time_element(value, text: str) -> str:
    return format_html('<time datetime="{}">{}</time>', dates.machine_date(value), text)


@register.filter
def govuk_date(value) -> str:
    """'25 November 2026'; empty for no date, so '|default:"Not set"' can follow."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = dates.local(value).date()  # the day shown, not the moment
    return _time_element(value, dates.govuk_date(value))


@register.filter
def govuk_datetime(value) -> str:
    """'4:14pm, 25 November 2026' in the site's time zone; empty for no time."""
    if not value:
        return ""
    return _time_element(value, dates.govuk_datetime(value))
