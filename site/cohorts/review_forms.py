import datetime

from django import forms

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
