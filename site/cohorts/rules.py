"""Checks on a council's milestone dates: plain functions, shared by the form and the CSV import."""

import datetime

from cohorts.choices import MilestoneStatus
from core.dates import govuk_date

MAX_YEARS_AHEAD = 5


def milestone_problems(
    *,
    target_date: datetime.date | None,
    actual_date: datetime.date | None,
    status: str,
    programme_start: datetime.date | None,
    today: datetime.date,
) -> dict[str, str]:
    """Field name -> what is wrong. Empty when the dates make sense."""
    problems = {}
    if actual_date is not None:
        if actual_date > today:
            problems["actual_date"] = "The actual date must be today or in the past"
        elif programme_start is not None and actual_date < programme_start:
            problems["actual_date"] = (
                f"The actual date must be on or after the programme started ({govuk_date(programme_start)})"
            )
        elif status != MilestoneStatus.DONE:
            problems["status"] = "Select done if the milestone has an actual date"
    elif status == MilestoneStatus.DONE:
        problems["actual_date"] = "Enter the date the milestone was done"
    if target_date is not None:
        latest = (
            today.replace(year=today.year + MAX_YEARS_AHEAD)
            if not (today.month == 2 and today.day == 29)
            else today.replace(year=today.year + MAX_YEARS_AHEAD, day=28)
        )
        if target_date > latest:
            problems["target_date"] = (
                f"The target date must be within {MAX_YEARS_AHEAD} years, by {govuk_date(latest)}"
            )
        elif programme_start is not None and target_date < programme_start:
            problems["target_date"] = (
                f"The target date must be on or after the programme started ({govuk_date(programme_start)})"
            )
    return problems


# Review comments, replies and a reopened decision's reason: long enough for a full paragraph.
REVIEW_TEXT_MAX_LENGTH = 5000


def review_text_problem(text: str, *, what: str) -> str | None:
    """What is wrong with a comment, reply or reason (``what`` names it), or None."""
    if not text.strip():
        return f"Enter your {what}"
    if len(text.strip()) > REVIEW_TEXT_MAX_LENGTH:
        return f"Your {what} must be {REVIEW_TEXT_MAX_LENGTH} characters or fewer"
    return None
