"""The assessment's context section: the facts that frame a council's answers (teams, adult
specialist posts, Motivational Interviewing training, the Workbook). Not scored.

Its fields, its form, when it is complete and how it reads back, in one place, each field named.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from fractions import Fraction
from typing import NamedTuple

from django import forms
from django.utils import timezone

from core.dates import govuk_date
from core.forms import DateInputField
from core.numbers import round_half_up
from fidelity.forms import SectionForm

KEY = "context"
TITLE = "Context: teams, posts and training"


class Post(NamedTuple):
    """A kind of adult specialist post, with a funded and a filled count."""

    key: str
    name: str  # as the questions name them
    summary: str  # as the check-answers page names the answer

    @property
    def funded(self) -> str:
        return f"{self.key}_posts_funded"

    @property
    def filled(self) -> str:
        return f"{self.key}_posts_filled"


POSTS = (
    Post("domestic_abuse", "Domestic abuse practitioners", "Domestic abuse practitioner posts"),
    Post(
        "substance_misuse",
        "Substance misuse (recovery) workers",
        "Substance misuse (recovery) worker posts",
    ),
    Post(
        "mental_health",
        "Adult mental health practitioners",
        "Adult mental health practitioner posts",
    ),
)
TEAMS = "teams"
MI_TRAINED = "mi_trained_percent"
WORKBOOK_LIVE = "workbook_live"
WORKBOOK_LIVE_ON = "workbook_live_on"
# Every field, in the page's order (Assessment has a column of the same name for each).
FIELDS = (
    TEAMS,
    *(name for post in POSTS for name in (post.funded, post.filled)),
    MI_TRAINED,
    WORKBOOK_LIVE,
    WORKBOOK_LIVE_ON,
)
# Answered in every complete section; the go-live date only when the Workbook is live.
REQUIRED = tuple(name for name in FIELDS if name != WORKBOOK_LIVE_ON)


def values_of(assessment) -> dict:
    """What the assessment holds for the section: field name -> value (None if unanswered)."""
    return {name: getattr(assessment, name) for name in FIELDS}


def is_complete(values: dict) -> bool:
    """Every question answered; a live Workbook needs its go-live date."""
    answered = all(values.get(name) is not None for name in REQUIRED)
    return answered and (
        values.get(WORKBOOK_LIVE) is not True or values.get(WORKBOOK_LIVE_ON) is not None
    )


def is_consistent(values: dict) -> bool:
    """No more posts filled than funded, and no go-live date for a Workbook not live: what the
    form refuses, so a section saved some other way is not completed with them."""
    posts_fit = all(
        values.get(post.filled) is None
        or values.get(post.funded) is None
        or values[post.filled] <= values[post.funded]
        for post in POSTS
    )
    return posts_fit and not (
        values.get(WORKBOOK_LIVE) is False and values.get(WORKBOOK_LIVE_ON) is not None
    )


class ContextForm(SectionForm):
    teams = forms.IntegerField(
        label="How many Family Safeguarding teams do you run?",
        min_value=1,
        max_value=500,
        error_messages={
            "required": "Enter the number of Family Safeguarding teams",
            "invalid": "The number of teams must be a whole number, like 6",
            "min_value": "The number of teams must be 1 or more",
            "max_value": "The number of teams must be 500 or fewer",
        },
    )
    mi_trained_percent = forms.IntegerField(
        label="What share of your staff have been trained in Motivational Interviewing?",
        help_text="As a percentage of practitioners and managers in the teams, from 0 to 100.",
        min_value=0,
        max_value=100,
        error_messages={
            "required": "Enter the share of staff trained in Motivational Interviewing",
            "invalid": "The share of staff trained must be a whole number, like 75",
            "min_value": "The share of staff trained must be between 0 and 100",
            "max_value": "The share of staff trained must be between 0 and 100",
        },
    )
    workbook_live = forms.TypedChoiceField(
        label="Is the Workbook live in your case recording system?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if the Workbook is live"},
    )
    workbook_live_on = DateInputField(
        label="When did the Workbook go live?",
        help_text="For example, 27 3 2019",
        label_for_errors="The date the Workbook went live",
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for post in POSTS:
            for kind, name in (("funded", post.funded), ("filled", post.filled)):
                self.fields[name] = forms.IntegerField(
                    label=f"{post.name}: posts {kind}",
                    min_value=0,
                    max_value=300,
                    error_messages={
                        "required": f"Enter the number of {post.name.lower()} posts {kind}",
                        "invalid": f"{post.name} posts {kind} must be a whole number, like 3",
                        "min_value": f"{post.name} posts {kind} must be 0 or more",
                        "max_value": f"{post.name} posts {kind} must be 300 or fewer",
                    },
                )
        # Errors are summarised in field order, which must be the page's order.
        self.order_fields(["revision", *FIELDS])
        if self.partial:
            for name, field in self.fields.items():
                field.required = name == "revision"

    def posts(self):
        """(name, funded field, filled field) per adult specialist post type, for the template."""
        return [(post.name, self[post.funded], self[post.filled]) for post in POSTS]

    def clean(self):
        data = super().clean()
        for post in POSTS:
            funded, filled = data.get(post.funded), data.get(post.filled)
            if funded is not None and filled is not None and filled > funded:
                self.add_error(
                    post.filled,
                    f"{post.name} posts filled cannot be more than the posts funded ({funded})",
                )
        live, live_on = data.get(WORKBOOK_LIVE), data.get(WORKBOOK_LIVE_ON)
        if (
            live is True
            and live_on is None
            and not self.partial
            and WORKBOOK_LIVE_ON not in self.errors
        ):
            self.add_error(WORKBOOK_LIVE_ON, "Enter the date the Workbook went live")
        if live is False and live_on is not None:
            self.add_error(WORKBOOK_LIVE_ON, "Leave the date empty if the Workbook is not live yet")
        if live_on is not None and live_on > timezone.localdate():
            self.add_error(WORKBOOK_LIVE_ON, "The date the Workbook went live must be in the past")
        return data

    def section_values(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in FIELDS}


def form_initial(values: dict) -> dict:
    """Stored values as the form's ``initial``."""
    initial = dict(values)
    if values.get(WORKBOOK_LIVE) is not None:
        initial[WORKBOOK_LIVE] = "yes" if values[WORKBOOK_LIVE] else "no"
    return initial


def form_data(values: dict) -> dict:
    """Stored values in the shape the form posts (unprefixed field names)."""
    data = {}
    for name, value in values.items():
        if value is None:
            continue
        if name == WORKBOOK_LIVE:
            data[name] = "yes" if value else "no"
        elif name == WORKBOOK_LIVE_ON:
            data |= {
                f"{name}-day": value.day,
                f"{name}-month": value.month,
                f"{name}-year": value.year,
            }
        else:
            data[name] = value
    return {name: str(value) for name, value in data.items()}


class ContextAnswer(NamedTuple):
    question: str
    answer: str
    field_id: str  # the first field of the answer on the section's page


def answers(values: dict) -> list[ContextAnswer]:
    """The section as the check-answers page reads it back."""

    def shown(number, suffix=""):
        return "Not answered" if number is None else f"{number}{suffix}"

    rows = [ContextAnswer("Family Safeguarding teams", shown(values[TEAMS]), _id(TEAMS))]
    for post in POSTS:
        funded, filled = values[post.funded], values[post.filled]
        answer = (
            "Not answered"
            if funded is None and filled is None
            else f"{shown(funded)} funded, {shown(filled)} filled"
        )
        rows.append(ContextAnswer(post.summary, answer, _id(post.funded)))
    rows.append(
        ContextAnswer(
            "Staff trained in Motivational Interviewing",
            shown(values[MI_TRAINED], "%"),
            _id(MI_TRAINED),
        )
    )
    rows.append(ContextAnswer("Workbook live", _workbook(values), _id(WORKBOOK_LIVE) + "_0"))
    return rows


def _workbook(values: dict) -> str:
    live, live_on = values[WORKBOOK_LIVE], values[WORKBOOK_LIVE_ON]
    if live is None:
        return "Not answered"
    if not live:
        return "Not yet"
    return f"Yes, since {govuk_date(live_on)}" if isinstance(live_on, datetime.date) else "Yes"


def _id(name: str) -> str:
    return f"id_{KEY}-{name}"


# Checks against the answers -------------------------------------------------------------------
# An indicator's ``context_checks`` (from the framework file) name a measure of this section and
# the figure its descriptor for a level states. Each measure: what it reads from the section
# (None when the section does not say), how a warning reports it, and the field to change it.


class Measure(NamedTuple):
    read: Callable[[dict], Fraction | int | bool | None]
    says: Callable[[dict], str]
    field: str
    is_yes_no: bool = False


def _filled_share(post: Post) -> Callable[[dict], Fraction | None]:
    def read(values: dict) -> Fraction | None:
        funded, filled = values.get(post.funded), values.get(post.filled)
        if not funded or filled is None:  # no share of no posts
            return None
        return Fraction(filled * 100, funded)

    return read


def _filled_says(post: Post) -> Callable[[dict], str]:
    def says(values: dict) -> str:
        share = round_half_up(_filled_share(post)(values), 0)
        return (
            f"{values[post.filled]} of {values[post.funded]} funded "
            f"{post.name.lower()} posts are filled ({share}%)"
        )

    return says


MEASURES: dict[str, Measure] = {
    "mi-trained-percent": Measure(
        read=lambda values: values.get(MI_TRAINED),
        says=lambda values: (
            f"{values[MI_TRAINED]}% of staff have been trained in Motivational Interviewing"
        ),
        field=MI_TRAINED,
    ),
    "workbook-live": Measure(
        read=lambda values: values.get(WORKBOOK_LIVE),
        says=lambda values: (
            "the Workbook is live in your case recording system"
            if values[WORKBOOK_LIVE]
            else "the Workbook is not live in your case recording system yet"
        ),
        field=WORKBOOK_LIVE,
        is_yes_no=True,
    ),
    **{
        f"{post.key.replace('_', '-')}-posts-funded": Measure(
            read=lambda values, post=post: values.get(post.funded),
            says=lambda values, post=post: (
                f"{values[post.funded]} {post.name.lower()} posts are funded"
            ),
            field=post.funded,
        )
        for post in POSTS
    },
    **{
        f"{post.key.replace('_', '-')}-posts-filled-percent": Measure(
            read=_filled_share(post), says=_filled_says(post), field=post.funded
        )
        for post in POSTS
    },
}
# The ways a check states its figure: the measure must be at least it, below it, or be it.
CHECK_TESTS = ("at_least", "below", "is")


class Contradiction(NamedTuple):
    """The context section says what the descriptor of the answered level rules out."""

    check: dict  # the indicator's check: level, measure and one of CHECK_TESTS
    context_says: str
    field_id: str  # the context page's field to change


def contradictions(values: dict, checks: list[dict], level: str) -> list[Contradiction]:
    """The checks of one indicator that the section's ``values`` break for the answer ``level``.

    A question of the section left blank breaks nothing: there is nothing to contradict.
    """
    found = []
    for check in checks:
        if check["level"] != level:
            continue
        measure = MEASURES[check["measure"]]
        value = measure.read(values)
        if value is None:
            continue
        if "at_least" in check:
            broken = value < check["at_least"]
        elif "below" in check:
            broken = value >= check["below"]
        else:
            broken = value is not check["is"]
        if broken:
            field_id = _id(measure.field) + ("_0" if measure.is_yes_no else "")
            found.append(Contradiction(check, measure.says(values), field_id))
    return found
