from django import forms

from fidelity.choices import ReviewOutcome


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
