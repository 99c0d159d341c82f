"""Lost updates: a save refused because someone else saved the same thing first, and what changed.

Each thing two people may edit at once (a section of an assessment, a milestone, an action of a
plan, a quarter's local return) keeps a revision. Its form carries the revision it was drawn
from; its save service compares and increments that revision inside one transaction, and raises
an ``EditConflict`` when the stored one has moved on, saving nothing. The page then says who
saved and when, shows each value that differs, theirs beside the person's own
(``differences``, drawn by core/includes/changes_table.html), keeps what the person typed, and
lets them save again on the new revision.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping
from typing import Any, NamedTuple

from django import forms
from django.http import QueryDict

from core.dates import govuk_date, govuk_datetime


class Change(NamedTuple):
    """One value that differs: what it is, the one saved by the other person, and yours."""

    label: str
    theirs: str
    yours: str


def display(value: Any, *, blank: str = "Not answered") -> str:
    """A stored or typed value as a person reads it."""
    if value is None or value == "":
        return blank
    if value is True:
        return "Yes"
    if value is False:
        return "No"
    if isinstance(value, datetime.date):
        return govuk_date(value)
    return str(value)


def differences(
    rows: Iterable[tuple[str, Any, Any]], *, show: Callable[[Any], str] = display
) -> list[Change]:
    """The rows (label, theirs, yours) whose values differ, each value shown by ``show``."""
    return [
        Change(str(label), show(theirs), show(yours))
        for label, theirs, yours in rows
        if theirs != yours
    ]


def form_differences(
    form, theirs: Mapping[str, Any], *, show: Callable[[str, Any], str] | None = None
) -> list[Change]:
    """Each field of a validated ``form`` named in ``theirs`` (the stored values) whose typed
    value differs, labelled as the form labels it. A choice shows its label; ``show(name,
    value)`` can say how other values read."""

    def shown(name: str, value: Any) -> str:
        choices = dict(getattr(form.fields[name], "choices", ()))
        if value in choices:
            return str(choices[value])
        return show(name, value) if show else display(value, blank="Not given")

    return [
        Change(str(form.fields[name].label), shown(name, stored), shown(name, typed))
        for name, stored in theirs.items()
        if stored != (typed := form.cleaned_data.get(name))
    ]


OUT_OF_DATE_PAGE = "This page is out of date: open it again, then make your changes"


class RevisionField(forms.IntegerField):
    """The revision a form was drawn from, posted back unseen."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "error_messages",
            {
                "required": OUT_OF_DATE_PAGE,
                "invalid": OUT_OF_DATE_PAGE,
                "min_value": OUT_OF_DATE_PAGE,
            },
        )
        super().__init__(min_value=0, **kwargs)


class EditConflict(Exception):
    """Someone saved the thing after the form was drawn from ``base_revision``; nothing was
    saved. ``theirs`` holds the stored values by form field name; ``revision`` is the one to
    save on if the person still wants theirs replaced."""

    def __init__(
        self,
        *,
        what: str,
        revision: int | str,
        saved_by: str | None,
        saved_at: datetime.datetime | None,
        theirs: Mapping[str, Any],
    ):
        self.what = what
        self.revision = revision
        self.saved_by = saved_by
        self.saved_at = saved_at
        self.theirs = dict(theirs)
        super().__init__(self.message)

    @property
    def message(self) -> str:
        if self.saved_by and self.saved_at:
            who = f"{self.saved_by} saved {self.what} at {govuk_datetime(self.saved_at)}"
        else:
            who = f"Someone changed {self.what}"
        return (
            f"{who}, after you opened this page. Your changes have not been saved: check what "
            "is different, then save again to replace their version with yours"
        )


def rebased(data: QueryDict, *, revision: int | str, field: str = "revision") -> QueryDict:
    """The posted ``data`` with the form's revision moved on to ``revision``: the person's typed
    values, ready to be saved again over what the other person saved."""
    data = data.copy()
    data[field] = str(revision)
    return data
