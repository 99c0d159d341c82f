import datetime

from django import forms

from cohorts.rules import REVIEW_TEXT_MAX_LENGTH
from cohorts.selectors import SUBMISSION_THREAD
from fidelity.choices import ReviewOutcome
from fidelity.models import Assessment

STALE_PAGE = "Open the submission again and decide on what it shows"


class ReviewDecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Your decision",
        choices=ReviewOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether to validate or return the assessment"},
    )
    comment = forms.CharField(
        label="Comment for the council",
        help_text="Required if you return the assessment: say what the council should change.",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=5000,
        error_messages={"max_length": "The comment must be 5000 characters or fewer"},
    )
    # When the submission the page shows was made, to the microsecond and with its offset from
    # UTC (submission_time): the decision applies to that submission only.
    submitted_at = forms.CharField(
        widget=forms.HiddenInput,
        error_messages={"required": STALE_PAGE},
    )

    def clean_submitted_at(self) -> datetime.datetime:
        try:
            value = datetime.datetime.fromisoformat(self.cleaned_data["submitted_at"])
        except ValueError:
            raise forms.ValidationError(STALE_PAGE) from None
        if value.tzinfo is None:
            raise forms.ValidationError(STALE_PAGE)
        return value


def submission_time(assessment: Assessment) -> str:
    """The submission's time as the review form carries it."""
    return assessment.submitted_at.isoformat()


def _review_text_field(label: str, what: str, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=REVIEW_TEXT_MAX_LENGTH,
        error_messages={
            "required": f"Enter your {what}",
            "max_length": f"Your {what} must be {REVIEW_TEXT_MAX_LENGTH} characters or fewer",
        },
    )


class ReviewCommentForm(forms.Form):
    """A reviewer's comment on one indicator of the round, or on the whole submission."""

    thread = forms.ChoiceField(
        label="What is your comment about?",
        widget=forms.Select(attrs={"class": "govuk-select"}),
        error_messages={
            "required": "Select what your comment is about",
            "invalid_choice": "Select what your comment is about",
        },
    )
    body = _review_text_field("Your comment", "comment")

    def __init__(self, *args, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        groups: dict[str, list[tuple[str, str]]] = {}
        for indicator in indicators:
            groups.setdefault(indicator.domain.title, []).append((indicator.slug, indicator.title))
        self.fields["thread"].choices = [
            (SUBMISSION_THREAD, "The whole submission"),
            *groups.items(),
        ]


class ReplyForm(forms.Form):
    """A council's reply in one thread of its round's review."""

    thread = forms.CharField(widget=forms.HiddenInput)
    body = _review_text_field("Your reply", "reply")


class ReopenDecisionForm(forms.Form):
    reason = _review_text_field(
        "Why are you reopening your decision?",
        "reason for reopening the decision",
        help_text="The council is told, and the reason is kept with the round's review.",
    )
